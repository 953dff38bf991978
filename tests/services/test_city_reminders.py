"""The board's 逾期 (annual and quarterly apart, only past deadlines), its 异常 marks and
the 催报清单 with contacts, and the board workbook (issue #16 items 7, 9).

阳泉市, five counties: 城区 filed 表一 2025; 盂县 filed 表一 2024 and 2025 with ten
times its 2024 用水总量; the others filed nothing. Deadlines: annual 2026-01-31,
quarterly 2025-04-15, 07-15, 10-15 and 2026-01-15."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.excel.board import write_board
from siwu_desktop.services import city_board as cb
from siwu_desktop.services.city_demo import SMALL, fill_and_finalise
from siwu_desktop.services.city_reminders import BoardView, board_json, board_view
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage

CITY = "阳泉市"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("board") / "data"
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    with open_storage(root, daily_backup=False) as storage:
        storage.profile.save(
            Profile(
                mode="city",
                city=CITY,
                preparer="赵六",
                phone="0353-1234567",
                counties=tuple((c.name, c.code) for c in counties),
            )
        )
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        fill_and_finalise(svc, "城区", 2025, SMALL)
        fill_and_finalise(svc, "盂县", 2024, SMALL)
        fill_and_finalise(svc, "盂县", 2025, {**SMALL, "total_use": "10000"})
    return root


def _view(data_dir: Path, today: dt.date) -> BoardView:
    with open_storage(data_dir, daily_backup=False) as storage:
        svc = ReturnService(storage, default_catalog(), today=today)
        board = cb.build_board(svc, 2025, today)
        return board_view(svc, board)


def test_overdue_counts_only_passed_deadlines_annual_and_quarterly_apart(data_dir: Path) -> None:
    before = _view(data_dir, dt.date(2026, 1, 20))
    # 20 January: every quarterly 表三 is past due (Q4 on 15 January): 5 counties × 4 = 20;
    # no annual deadline has passed yet: 5 × 4 annual cells − 2 filed = 18 未报, 0 逾期
    assert (before.overdue_annual, before.overdue_quarterly) == (0, 20)
    assert dict(before.counts)["未报"] == 18
    after = _view(data_dir, dt.date(2026, 2, 10))
    # 10 February: the 18 missing annual returns are 逾期 too
    assert (after.overdue_annual, after.overdue_quarterly) == (18, 20)


def test_the_tenfold_county_is_marked_on_the_board(data_dir: Path) -> None:
    view = _view(data_dir, dt.date(2026, 1, 20))
    states = dict(view.rows)
    # 盂县 1000 → 10000 万m³ = +900 %: 异常 on its 表一; 城区 has no last year: no mark
    assert states["盂县"][0] == "已报，异常" and states["城区"][0] == "已报"
    assert [c for c, _ in view.flags] == ["盂县"]
    assert "+900.0%" in view.flags[0][1]


def test_reminders_list_what_to_chase_with_the_contact(data_dir: Path, tmp_path: Path) -> None:
    view = _view(data_dir, dt.date(2026, 2, 10))
    by_county = {r.county: r for r in view.reminders}
    assert list(by_county) == ["城区", "矿区", "郊区", "平定县", "盂县"]
    chengqu = by_county["城区"]
    # 城区 filed 表一 only: 表二, 表三 (4 quarters and the year) and 表四 to chase
    assert len(chengqu.items) == 7 and chengqu.items[0] == (
        "表二（全年）：逾期，应于2026-01-31前报送"
    )
    assert chengqu.contact == "赵六　0353-1234567"  # from its finalised 表一
    assert by_county["矿区"].contact == "无报送记录，请按通讯录联系"
    data = board_json(view)
    assert json.loads(json.dumps(data, ensure_ascii=False))["overdue"] == {
        "annual": 18,
        "quarterly": 20,
    }
    path = write_board(view, tmp_path / "board.xlsx")
    wb = openpyxl.load_workbook(path)
    reminders = [r for r in wb["催报清单"].iter_rows(values_only=True) if r[1] == "城区"]
    assert "表四（全年）：逾期" in str(reminders[0][2]) and "0353-1234567" in str(reminders[0][3])
    board = [c for r in wb["报送情况"].iter_rows(values_only=True) for c in r if c]
    assert "逾期：年报 18 份，季报 20 份（只计已过报送期限的报表）" in board


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All five counties filed 表一 2024 and 2025 (SMALL); in 2025 城区 used 1300 万m³
    (1000 in 2024) and its net irrigation use was 900 (600 in 2024)."""
    root = tmp_path_factory.mktemp("board_yoy") / "data"
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    with open_storage(root, daily_backup=False) as storage:
        storage.profile.save(
            Profile(mode="city", city=CITY, counties=tuple((c.name, c.code) for c in counties))
        )
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        for county in (c.name for c in counties):
            fill_and_finalise(svc, county, 2024, SMALL)
            later = {"total_use": "1300", "irrigation_net": "900"} if county == "城区" else {}
            fill_and_finalise(svc, county, 2025, {**SMALL, **later})
    return root


def test_the_board_shows_last_year_and_the_change_of_every_indicator(
    two_years: Path, tmp_path: Path
) -> None:
    view = _view(two_years, dt.date(2026, 1, 20))
    lines = {i.label: i for i in view.indicators}
    # 用水总量: 2025 4 × 1000 + 1300 = 5300, 2024 5 × 1000 = 5000 → (5300 − 5000) / 5000 = +6.0 %
    total = lines["用水总量"]
    assert (total.unit, total.now, total.last, total.change) == (
        "万立方米",
        "5300.00",
        "5000.00",
        "+6.0%",
    )
    # 农田灌溉水有效利用系数 = Σ净 / Σ毛: 2025 (4 × 600 + 900) / (5 × 1000) = 0.66,
    # 2024 3000 / 5000 = 0.6 → +10.0 %; a coefficient has no unit shown
    coefficient = lines["农田灌溉水有效利用系数"]
    assert (coefficient.unit, coefficient.now, coefficient.last, coefficient.change) == (
        "",
        "0.6600",
        "0.6000",
        "+10.0%",
    )
    # every indicator of the summary's 主要指标 is on the board
    assert "城镇公共供水管网漏损率" in lines and "再生水利用率" in lines
    data = board_json(view)
    by_label = {i["label"]: i for i in data["indicators"]}  # type: ignore[attr-defined]
    assert by_label["用水总量"]["change"] == "+6.0%"
    wb = openpyxl.load_workbook(write_board(view, tmp_path / "board.xlsx"))
    rows = [list(r) for r in wb["全市主要指标"].iter_rows(values_only=True)]
    assert ["用水总量", "万立方米", "5300.00", "5000.00", "+6.0%"] in rows


def test_a_partial_total_gets_no_change_on_the_board(data_dir: Path) -> None:
    view = _view(data_dir, dt.date(2026, 1, 20))
    total = next(i for i in view.indicators if i.label == "用水总量")
    # 2025: 城区 1000 + 盂县 10000 = 11000; 2024: 盂县 alone 1000; 3 counties missing in
    # both years and not the same counties → 部分县区, no percentage; this year's figure
    # is the reporting counties' sum and says so
    assert (total.now, total.last, total.change) == ("11000.00（部分县区）", "1000.00", "部分县区")
