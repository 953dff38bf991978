"""Revisions travel (issue #14 item 5): an export carries each revision's 更正原因 and the
values it changed (field, old → new, who, when), in a 修订记录 sheet a person reads and in
the signed hidden part the city stores; `return_history` shows them at the city too.

The county here: 长治市潞州区 2025 表一 from the city demo's small county (用水总量 1000),
finalised as 第1版, corrected as 第2版 with 用水总量 1100 by its 填报人 张三.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from openpyxl import load_workbook

from siwu_desktop.core.revision_log import LoggedRevision, ValueChange
from siwu_desktop.excel import book
from siwu_desktop.excel.export import build_workbook as lay_out
from siwu_desktop.excel.export import save_atomically
from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import (
    SMALL,
    correct_and_finalise,
    county_profile,
    fill_and_finalise,
)
from siwu_desktop.services.export import export_returns, export_sheet
from siwu_desktop.services.history import return_history
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import ReturnKey, Storage, open_storage

from .conftest import CATALOG, CITY, take

COUNTY, YEAR = "潞州区", 2025
REASON = "统计局修订用水总量"
OLD_0_2 = Path(__file__).parent.parent / "fixtures" / "exported_0_2_signed"


@dataclasses.dataclass
class County:
    storage: Storage
    service: ReturnService
    loaded: LoadedReturn
    first: Path  # 第1版 as exported before the correction
    second: Path  # 第2版
    key_file: Path


@pytest.fixture
def county(tmp_path: Path) -> Iterator[County]:
    storage = open_storage(tmp_path / "county", daily_backup=False)
    storage.profile.save(county_profile(CATALOG, CITY, COUNTY))
    service = ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))
    loaded = service.load(fill_and_finalise(service, COUNTY, YEAR, SMALL).info)
    first = export_returns(service, [loaded], tmp_path / "v1.xlsx").path
    correct_and_finalise(service, loaded, {"total_use": "1100"}, REASON)
    loaded = service.load(loaded.info)
    second = export_returns(service, [loaded], tmp_path / "v2.xlsx").path
    key_file = keys.export_public_key(storage, tmp_path / f"county{keys.KEY_FILE_SUFFIX}")
    yield County(storage, service, loaded, first, second, key_file)
    storage.close()


def _total_use_change(county: County) -> ValueChange:
    """The change the county's own audit recorded: 用水总量 1000 → 1100 by 张三, at the
    time of its audit row (to the minute, as shown)."""
    [row] = [
        e
        for e in county.storage.returns.audit_trail(county.loaded.info.id)
        if e.kind == "value" and e.key == "total_use" and e.revision == 2
    ]
    assert (row.old, row.new, row.who) == ("1000", "1100", "张三")
    at = row.at[:16].replace("T", " ")
    return ValueChange("total_use", "用水总量（万立方米）", "1000", "1100", "张三", at)


def test_the_export_of_a_correction_carries_its_reason_and_changes(county: County) -> None:
    [p] = read_workbook(county.second, CATALOG).returns
    assert p.log is not None
    first, second = p.log
    # 第1版: the first filing, no reason, nothing changed; its digest the one finalised
    [rev1] = [r for r in county.storage.returns.revisions(county.loaded.info.id) if r.revision == 1]
    assert (first.revision, first.reason, first.changes, first.digest) == (1, "", (), rev1.digest)
    assert first.finalised_by == second.finalised_by == "张三"  # the 填报人 who finalised
    # 第2版: the reason typed at 更正 and the one value changed (the 情况说明 were written
    # again with the same text, so they are no change)
    assert (second.revision, second.reason, second.digest) == (2, REASON, p.digest)
    assert second.changes == (_total_use_change(county),)


def test_the_workbook_shows_the_log_in_words_on_a_revision_sheet(county: County) -> None:
    wb = load_workbook(county.second)
    assert "修订记录" in wb.sheetnames
    rows = [[c.value for c in r] for r in wb["修订记录"].iter_rows()]
    assert rows[0] == ["报表", "版本", "定稿时间", "更正原因", "更改栏目", "原值", "新值", "修改人", "修改时间"]  # fmt: skip
    change = _total_use_change(county)
    assert rows[1][:4] == ["表一", "第1版", rows[1][2], "首次定稿"]
    assert rows[2][:2] == ["表一", "第2版"] and rows[2][3] == REASON
    assert rows[2][4:] == ["用水总量（万立方米）", "1000", "1100", "张三", change.at]
    assert not any("total_use" in str(v) for r in rows for v in r)  # labels, never ids
    # a first filing has nothing to tell on paper: no sheet, but the log still travels
    assert "修订记录" not in load_workbook(county.first).sheetnames
    [p1] = read_workbook(county.first, CATALOG).returns
    assert p1.log == (LoggedRevision(1, "", p1.log[0].finalised_at, p1.digest or "", (), "张三"),)


def test_the_city_stores_the_reason_and_changes_of_a_revision_it_takes_in(
    county: County, city: Storage
) -> None:
    keys.import_key(city, county.key_file)
    line = take(city, county.second)  # only 第2版: the city never saw 第1版
    assert line.outcome == ci.ACCEPTED, line.detail
    history = return_history(ReturnService(city, CATALOG), ReturnKey(COUNTY, "t1", YEAR))
    assert history is not None
    [rev] = history.revisions
    assert (rev.revision, rev.origin, rev.reason, rev.who) == (2, "imported", REASON, "张三")
    assert rev.changes == (_total_use_change(county),)
    stored = city.session.conn.execute("SELECT reason, log_json FROM revisions").fetchone()
    assert stored[0] == REASON and json.loads(stored[1])[1]["changes"][0]["new"] == "1100"


def test_the_city_then_taking_in_the_first_revision_shows_both(
    county: County, city: Storage
) -> None:
    keys.import_key(city, county.key_file)
    assert take(city, county.second).outcome == ci.ACCEPTED
    assert take(city, county.first).outcome == ci.ACCEPTED_OLDER
    history = return_history(ReturnService(city, CATALOG), ReturnKey(COUNTY, "t1", YEAR))
    assert history is not None
    first, second = history.revisions
    assert (first.reason, first.changes) == ("", ())
    assert second.changes == (_total_use_change(county),)


def _relaid(county: County, out: Path, log: tuple[LoggedRevision, ...] | None) -> Path:
    """第2版 laid out again with another log and the genuine signature copied in."""
    parsed = read_workbook(county.second, CATALOG)
    signature = parsed.returns[0].signature
    at = dt.datetime.fromisoformat(parsed.exported_at)
    sheet = msgspec.structs.replace(export_sheet(county.service, county.loaded), log=log)
    return save_atomically(lay_out(CATALOG, [sheet], at, sign=lambda facts: signature), out)


def test_an_edited_reason_or_a_dropped_log_is_refused(
    tmp_path: Path, county: County, city: Storage
) -> None:
    keys.import_key(city, county.key_file)
    [p] = read_workbook(county.second, CATALOG).returns
    assert p.log is not None
    edited = (p.log[0], msgspec.structs.replace(p.log[1], reason="按市局要求"))
    cases = (("edited.xlsx", edited), ("dropped.xlsx", None), ("short.xlsx", p.log[:1]))
    for name, log in cases:
        line = take(city, _relaid(county, tmp_path / name, log))
        assert line.rejected and line.reason == keys.R_BAD_SIGNATURE, name
        assert "签名无效" in line.detail and name in line.detail
    assert city.returns.list_returns() == []


def test_a_log_of_another_shape_is_refused_by_name(tmp_path: Path, county: County) -> None:
    bad = tmp_path / "bad.xlsx"
    wb = load_workbook(county.second)
    hidden = wb[book.HIDDEN_SHEET]
    [row] = [r for r in hidden.iter_rows() if r[0].value == "log:表一"]
    row[1].value = '[{"revision": "二"}]'
    wb.save(bad)
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(bad, CATALOG)
    assert caught.value.message == "文件“bad.xlsx”工作表“表一”的修订记录无法识别（“revision”格式不对），未导入"  # fmt: skip


def test_a_signed_export_from_before_the_log_still_reads_and_is_accepted(city: Storage) -> None:
    """0.2 at 87936c7 signed 第2版 with the /1 schema and carried no reason (README there)."""
    [path] = OLD_0_2.glob("*.xlsx")
    [p] = read_workbook(path, CATALOG).returns
    assert p.verified and p.log is None
    assert p.digest == "06e8855fee87033b321fa7ce40cde8f2073c54a3c89781a359d452789db0a02d"
    print(keys.import_key(city, OLD_0_2 / "潞城区.siwukey"))
    line = take(city, path)
    assert line.outcome == ci.ACCEPTED, line.detail
    history = return_history(ReturnService(city, CATALOG), ReturnKey("潞城区", "t2", 2024))
    assert history is not None
    [rev] = history.revisions
    assert (rev.revision, rev.reason, rev.changes) == (2, "", ())
