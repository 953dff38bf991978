"""The whole city picture from storage (issue #16): 表二 summed cell by cell, 表三 matrix,
the merged 表四 ledger with a shared code, the ×10 county flagged, and all of it in the
summary workbook. 阳泉市 (5 counties); 郊区 silent; figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return, sample_uscc
from siwu_desktop.excel.summary import write_summary
from siwu_desktop.services.city import CityPicture, city_picture, summary_parts
from siwu_desktop.services.city_demo import SMALL
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage

CITY, SILENT, TENFOLD = "阳泉市", "郊区", "盂县"


@pytest.fixture(scope="module")
def picture(tmp_path_factory: pytest.TempPathFactory) -> CityPicture:
    root = tmp_path_factory.mktemp("yq")
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    with open_storage(root / "data", daily_backup=False) as storage:
        storage.profile.save(
            Profile(
                mode="city",
                city=CITY,
                unit_name="阳泉市水利局",
                preparer="赵六",
                counties=tuple((c.name, c.code) for c in counties),
            )
        )
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        for year in (2024, 2025):
            for county in (c.name for c in counties):
                if county == SILENT and year == 2025:
                    continue
                loaded = svc.load(svc.open(county, "t1", year))
                texts = {
                    f: e.text for f, e in sample_return(loaded.form, county, year).values.items()
                }
                texts.update(SMALL)
                if county == TENFOLD and year == 2025:
                    texts["total_use"] = "10000"  # 1000 last year
                svc.enter_values(loaded, texts)
                if year == 2024:
                    continue
                t2 = svc.load(svc.open(county, "t2", year))
                sample = sample_return(t2.form, county, year)
                svc.enter_values(t2, {f: e.text for f, e in sample.values.items()})
                t4 = svc.load(svc.open(county, "t4", year))
                rows = [{"name": f"{county}甲厂", "uscc": sample_uscc(0), "industry": "工业"}]
                for row in rows:
                    row |= {"source": "公共供水", "plan": "100", "annual": "125"}
                svc.insert_ledger_rows(t4, 0, rows)
        return city_picture(svc, 2025)


def test_all_four_returns_are_in_the_picture(picture: CityPicture) -> None:
    result = picture.consolidation
    assert result.missing == (SILENT,) and result.t2_missing == (SILENT,)
    # 表二: the sample's grand total is 8000 per county → 4 × 8000 = 32000
    assert result.t2_figures["total_use"].value == Decimal(32000)
    # 表四: four counties × one user, plan 100, used 125 → 25 over, 25 % → 3× (20–30 %)
    ledger = picture.ledger
    assert ledger is not None and ledger.total.plan == Decimal(400)
    assert [x.surcharge for x in ledger.over_plan] == [3, 3, 3, 3]
    assert ledger.shared[0].counties == ("城区", "矿区", "平定县", "盂县")
    # 表三 not filed by anyone: every applicable cell 未报
    assert picture.tasks is not None and picture.tasks.reported == ()
    # 盂县 1000 → 10000 万m³: +900 %
    flagged = [(f.county, f.field) for f in picture.flags if f.field == "total_use"]
    assert flagged == [(TENFOLD, "total_use")]
    # the city 同比 of 用水总量: 2025 lacks 郊区 → 部分县区
    assert picture.changes["total_use"].note == "部分县区"


def test_the_workbook_shows_every_view(picture: CityPicture, tmp_path: Path) -> None:
    path = write_summary(
        picture.consolidation,
        picture.used,
        tmp_path / "s.xlsx",
        summary_parts(picture, date=dt.date(2026, 2, 1)),
    )
    wb = openpyxl.load_workbook(path)
    assert wb["图表数据"].sheet_state == "hidden"
    flags = [c for r in wb["异常核实"].iter_rows(values_only=True) for c in r if c]
    assert TENFOLD in flags and any("+900.0%" in str(c) for c in flags)
    t2 = {r[0]: r for r in wb["用水结构"].iter_rows(values_only=True) if r[0]}
    assert t2["合计"][-1] == 32000
    t4 = [r for r in wb["计划用水户"].iter_rows(values_only=True)]
    shared = [r for r in t4 if r[12] and "同一代码另见于" in str(r[12])]
    assert shared and "矿区" in str(shared[0][12])
    summary = [c for r in wb["汇总"].iter_rows(values_only=True) for c in r if c]
    assert "填报单位（盖章）：阳泉市水利局" in summary and "报出日期：2026-02-01" in summary
