"""Per-sheet acceptance (issue #14, item 6): in a workbook of several returns each sheet is
judged alone; the county's export warns before it writes a draft into such a workbook.
Refused files name the county they state (item 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import SMALL, county_profile, fill_and_finalise
from siwu_desktop.services.export import draft_warning, export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage

CATALOG = default_catalog()
CITY, COUNTY, YEAR = "长治市", "潞州区", 2025
COUNTIES = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))


def _mixed(root: Path) -> tuple[Path, Path, str]:
    """潞州区 2025: 表一 finalised, 表二 a draft, exported together; and its key file."""
    with open_storage(root / "county", daily_backup=False) as storage:
        storage.profile.save(county_profile(CATALOG, CITY, COUNTY))
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))
        t1 = service.load(fill_and_finalise(service, COUNTY, YEAR, SMALL).info)
        t2 = service.load(service.open(COUNTY, "t2", YEAR))
        sample = sample_return(t2.form, COUNTY, YEAR)
        service.enter_values(t2, {f: e.text for f, e in sample.values.items()})
        warning = draft_warning([t1, t2])
        path = export_returns(service, [t1, t2], root / "全部.xlsx").path
        key = keys.export_public_key(storage, root / "k.siwukey")
    return path, key, warning


def test_a_draft_sheet_is_refused_alone_and_the_finalised_one_accepted(tmp_path: Path) -> None:
    path, key, warning = _mixed(tmp_path)
    assert "表二（2025年度）" in warning and "草稿" in warning and "表一" not in warning
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        storage.profile.save(Profile(mode="city", city=CITY, counties=COUNTIES))
        keys.import_key(storage, key)
        lines = ci.import_paths(ReturnService(storage, CATALOG), [path]).lines
        assert [(x.form, x.outcome) for x in lines] == [
            ("表一", ci.ACCEPTED),
            ("表二", ci.REJECTED),
        ]
        assert lines[1].reason == ci.R_NOT_FINAL and "表二" in lines[1].detail
        assert lines[1].county == COUNTY
        assert [r.form for r in storage.returns.list_returns()] == ["t1"]


def test_a_refused_file_names_the_county_it_states(tmp_path: Path) -> None:
    path, _key, _ = _mixed(tmp_path)
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        storage.profile.save(Profile(mode="city", city=CITY, counties=COUNTIES))
        [line] = ci.import_paths(ReturnService(storage, CATALOG), [path]).lines
    assert line.rejected and line.reason == keys.R_NOT_REGISTERED and line.county == COUNTY


def test_the_board_shows_a_refused_file_and_a_returned_revision(tmp_path: Path) -> None:
    """Item 8: 潞州区's file refused (尚未备案) shows as 已拒绝 with the reason and date; once
    its key is registered the 表一 is filed; a receipt sending it back shows 已拒绝 again."""
    from siwu_desktop.services import city_board as cb
    from siwu_desktop.services.receipts import make_receipt

    path, key, _ = _mixed(tmp_path)
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        storage.profile.save(Profile(mode="city", city=CITY, counties=COUNTIES))
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))
        ci.import_paths(service, [path])
        row = next(r for r in cb.build_board(service, YEAR).rows if r.county == COUNTY)
        t1 = next(c for c in row.cells if c.form == "t1" and c.period == "Y")
        assert t1.state == cb.REFUSED and "尚未备案" in t1.reason and "全部.xlsx" in t1.reason
        assert "尚未备案" in row.last_refusal
        keys.import_key(storage, key)
        ci.import_paths(service, [path])
        row = next(r for r in cb.build_board(service, YEAR).rows if r.county == COUNTY)
        cells = {(c.form, c.period): c for c in row.cells}
        assert cells["t1", "Y"].state == cb.FILED
        assert cells["t2", "Y"].state == cb.REFUSED and "草稿" in cells["t2", "Y"].reason
        make_receipt(service, COUNTY, YEAR, tmp_path / "back", form="t1", reject="用水总量有误")
        row = next(r for r in cb.build_board(service, YEAR).rows if r.county == COUNTY)
        t1 = next(c for c in row.cells if c.form == "t1" and c.period == "Y")
        assert t1.state == cb.REFUSED and "第1版退回修改：用水总量有误" in t1.reason
