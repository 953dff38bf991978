"""City mode takes in the counties' exported returns (issue #8, part 2).

Twelve 长治市 counties fill, finalise and export 表一 2025 in their own data directories
(services.city_demo, the real export code); 潞州区 also files a correction (revision 2).
The city imports them: edited, draft, template, wrong-city and unreadable files are
refused with reasons; revisions are kept verbatim; a duplicate is stored once; the
consolidated figures from a folder of twelve exports are the hand-computed ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from siwu_desktop.cli import main
from siwu_desktop.core.digest import content_digest
from siwu_desktop.core.target_pack import ExtraTask, TargetPack
from siwu_desktop.core.validation import needs_explanation
from siwu_desktop.excel.template import write_template
from siwu_desktop.services import city_board as cb
from siwu_desktop.services import city_import as ci
from siwu_desktop.services.city import city_picture
from siwu_desktop.services.city_demo import (
    SMALL,
    correct_and_finalise,
    county_profile,
    export_county_returns,
    fill_and_finalise,
    key_folder,
    register_county_keys,
)
from siwu_desktop.services.export import export_filename, export_returns
from siwu_desktop.services.keys import KEY_FILE_SUFFIX, export_public_key
from siwu_desktop.services.packs import store_pack
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, ReturnKey, open_storage
from tests.older_schema import database_without, revision_columns

from .conftest import CATALOG, CITY, CITY_PROFILE, COUNTIES

YEAR = 2025


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("exports")
    folder = root / "十二县"
    exports = export_county_returns(CATALOG, CITY, YEAR, folder, root / "work", large="沁源县")
    out = {"folder": folder, "keys": key_folder(root / "work")}
    out |= {p.name.split("_")[0]: p for p in exports}
    # 潞州区 corrects its return: revision 2 with another total
    with open_storage(root / "work" / "潞州区", daily_backup=False) as storage:
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 2, 1))
        loaded = service.load(service.storage.returns.list_returns(form="t1")[0])
        correct_and_finalise(service, loaded, {"total_use": "1100"}, "更正用水总量")
        out["rev2"] = export_returns(
            service, [loaded], root / "rev2" / export_filename(loaded)
        ).path
        # a draft export: a correction opened and not finalised
        service.correct(loaded, "再次核对")
        out["draft"] = export_returns(service, [loaded], root / "draft.xlsx").path
    # an edited file: a county changed a figure after exporting
    edited = root / "edited.xlsx"
    shutil.copy(out["上党区"], edited)
    wb = load_workbook(edited)
    ws = wb.worksheets[0]
    cell = next(
        c for row in ws.iter_rows() for c in row if isinstance(c.value, int | float) and c.value
    )
    cell.value = cell.value + 1
    wb.save(edited)
    out["edited"] = edited
    # a return of another city
    with open_storage(root / "work" / "盂县", daily_backup=False) as storage:
        storage.profile.save(county_profile(CATALOG, "阳泉市", "盂县"))
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))
        loaded = service.load(fill_and_finalise(service, "盂县", YEAR, SMALL).info)
        out["yangquan"] = export_returns(service, [loaded], root / "盂县.xlsx").path
    out["template"] = write_template(CATALOG, CITY, "沁县", "t1", YEAR, "Y", root / "模板.xlsx")
    junk = root / "junk.xlsx"
    junk.write_bytes(b"not a workbook at all")
    out["junk"] = junk
    return out


@pytest.fixture
def city(tmp_path: Path, files: dict[str, Path]) -> Iterator[ReturnService]:
    """The city, with every county's key registered (as from their 密钥备案表)."""
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        storage.profile.save(CITY_PROFILE)
        register_county_keys(storage, files["keys"])
        yield ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))


def take(service: ReturnService, *paths: Path) -> list[ci.ReportLine]:
    return ci.import_paths(service, list(paths)).lines


def test_an_edited_workbook_is_rejected(city: ReturnService, files: dict[str, Path]) -> None:
    [line] = take(city, files["edited"])
    assert line.rejected and line.reason == ci.R_EDITED
    assert line.detail.startswith("文件在导出后被修改") and "单元格" in line.detail
    # names the figure, not only the cell (the first number of 表一 is 本年实际 用水总量),
    # and says what to do
    assert "（“用水总量”一行） 导出时为“1000”，现为“1001”" in line.detail, line.detail
    assert line.detail.endswith("请填报单位在本程序中更正后重新导出报送")
    assert city.storage.returns.list_returns() == []
    # its metadata still says whose it is: the report and the board name 上党区
    assert line.county == "上党区"
    refusal = city.storage.refusals.latest()[("上党区", YEAR, "t1", "Y")]
    assert refusal.reason == ci.R_EDITED and refusal.file == "edited.xlsx"


def test_draft_export_and_template_are_not_returns(
    city: ReturnService, files: dict[str, Path]
) -> None:
    draft, template = take(city, files["draft"], files["template"])
    assert draft.rejected and draft.reason == ci.R_NOT_FINAL
    assert "草稿不能作为正式报表报送" in draft.detail and "未定稿" in draft.detail
    assert template.rejected and template.reason == ci.R_NOT_FINAL and "模板" in template.detail
    assert city.storage.returns.list_returns() == []


def test_wrong_city_and_unreadable_files_are_rejected(
    city: ReturnService, files: dict[str, Path]
) -> None:
    wrong, junk = take(city, files["yangquan"], files["junk"])
    assert wrong.rejected and wrong.reason == ci.R_CITY
    assert "阳泉市盂县" in wrong.detail and "长治市" in wrong.detail
    assert wrong.detail.endswith("请告知报送单位改报阳泉市水利（水务）局")
    assert junk.rejected and junk.reason == ci.R_UNREADABLE and "不是 Excel" in junk.detail


def test_wrong_county_is_rejected(tmp_path: Path, files: dict[str, Path]) -> None:
    with open_storage(tmp_path / "few", daily_backup=False) as storage:
        storage.profile.save(
            Profile(mode="city", city=CITY, unit_name="长治市水利局", counties=COUNTIES[:2])
        )
        [line] = take(ReturnService(storage, CATALOG), files["沁源县"])
    assert line.rejected and line.reason == ci.R_COUNTY and "沁源县" in line.detail


def test_newer_revision_replaces_older_which_is_kept(
    city: ReturnService, files: dict[str, Path]
) -> None:
    repo = city.storage.returns
    [first] = take(city, files["潞州区"])
    assert first.outcome == ci.ACCEPTED and first.revision == 1
    [second] = take(city, files["rev2"])
    assert second.outcome == ci.ACCEPTED and second.revision == 2
    info = repo.find(ReturnKey("潞州区", "t1", YEAR))
    assert info is not None and info.revision == 2 and info.locked
    revisions = repo.revisions(info.id)
    assert [(r.revision, r.origin, r.status) for r in revisions] == [
        (1, "imported", "finalised"),
        (2, "imported", "finalised"),
    ]
    assert revisions[1].source_file == files["rev2"].name
    # both stay readable, each with the figures and digest it was filed with
    old, new = city.load(info, 1), city.load(info, 2)
    assert old.data.value("total_use") == Decimal("1000")
    assert new.data.value("total_use") == Decimal("1100")
    assert content_digest(old.data) == first.digest and content_digest(new.data) == second.digest
    # consolidation uses the newest
    assert city_picture(city, YEAR).consolidation.value("total_use") == Decimal("1100")


def test_an_older_revision_after_a_newer_is_kept_but_does_not_replace_it(
    city: ReturnService, files: dict[str, Path]
) -> None:
    [newer] = take(city, files["rev2"])
    [older] = take(city, files["潞州区"])
    assert newer.outcome == ci.ACCEPTED
    assert older.outcome == ci.ACCEPTED_OLDER and "仍以第2版为准" in older.detail
    info = city.storage.returns.find(ReturnKey("潞州区", "t1", YEAR))
    assert info is not None and info.revision == 2
    assert [r.revision for r in city.storage.returns.revisions(info.id)] == [1, 2]
    assert city.load(info, 1).data.value("total_use") == Decimal("1000")


def test_a_duplicate_is_reported_and_stored_once(
    city: ReturnService, files: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "又发了一次.xlsx"
    shutil.copy(files["潞州区"], copy)
    first, again = take(city, files["潞州区"], copy)
    assert first.outcome == ci.ACCEPTED
    assert again.outcome == ci.DUPLICATE and not again.rejected and "未重复保存" in again.detail
    info = city.storage.returns.find(ReturnKey("潞州区", "t1", YEAR))
    assert info is not None and len(city.storage.returns.revisions(info.id)) == 1


def test_a_folder_of_twelve_counties_consolidates_to_the_hand_computed_figures(
    city: ReturnService, files: dict[str, Path]
) -> None:
    report = ci.import_paths(city, [files["folder"]])
    assert report.count(ci.ACCEPTED) == 12 and report.rejected_files == 0
    result = city_picture(city, YEAR).consolidation
    assert result.missing == ()
    # 11 small counties × 1000 + 沁源县 12000
    assert result.value("total_use") == Decimal("23000")
    # (11 × 600 + 2000) / (11 × 1000 + 5000) = 8600 / 16000
    assert result.value("irrigation_coefficient") == Decimal("0.5375")
    # ΣQs 21000, ΣQa 17900 → 3100/21000; r = (11 × 1000 × 40 + 10000 × 60)/21000 %
    # → R1 = 0.08 r; R2 = 0.99 × (0.08 − 0.0693) = 0.010593
    qs, qa = Decimal(21000), Decimal(17900)
    r1 = Decimal("0.08") * (Decimal(11 * 1000 * 40 + 10000 * 60) / qs) / 100
    leak = ((qs - qa) / qs - r1 - Decimal("0.010593")) * 100
    assert abs(result.value("leakage_rate") - leak) < Decimal("1e-20")
    assert round(leak, 2) == Decimal("9.74")
    # I = (1100 × 125 + 900 × 110)/2000 = 118.25; 1 − (23000/21000)/1.1825 = 7.38 %
    assert result.value("gdp_index_b2020") == Decimal("118.25")
    decline = result.value("gdp_intensity_decline_b2020")
    assert decline is not None and round(decline, 2) == Decimal("7.38")
    used = city_picture(city, YEAR).used
    assert {u.status for u in used} == {"已定稿"} and all(len(u.digest) == 64 for u in used)


def test_board_shows_missing_county_as_not_filed_then_overdue(
    city: ReturnService, files: dict[str, Path]
) -> None:
    take(city, *(files[c] for c, _ in COUNTIES if c != "沁县"))
    board = cb.build_board(city, YEAR, today=dt.date(2026, 1, 20))
    rows = {r.county: r for r in board.rows}
    t1 = cb.COLUMNS.index(("t1", "Y"))
    assert rows["沁县"].cells[t1].state == cb.NOT_FILED
    assert rows["潞州区"].cells[t1].state == cb.FILED and rows["潞州区"].cells[t1].revision == 1
    # after 次年1月31日 (the default) a missing annual return is overdue
    late = cb.build_board(city, YEAR, today=dt.date(2026, 2, 1))
    assert {r.county: r for r in late.rows}["沁县"].cells[t1].state == cb.OVERDUE
    # a deadline the city set itself
    later = cb.build_board(city, YEAR, today=dt.date(2026, 2, 1), annual_deadline=(3, 31))
    assert {r.county: r for r in later.rows}["沁县"].cells[t1].state == cb.NOT_FILED
    take(city, files["rev2"])
    again = cb.build_board(city, YEAR, today=dt.date(2026, 1, 20))
    assert {r.county: r for r in again.rows}["潞州区"].cells[t1].state == cb.CORRECTED


def test_deadlines() -> None:
    assert cb.deadline(2025, "Y") == dt.date(2026, 1, 31)
    assert cb.deadline(2026, "Q1") == dt.date(2026, 4, 15)
    assert cb.deadline(2026, "Q3") == dt.date(2026, 10, 15)
    assert cb.deadline(2026, "Q4") == dt.date(2027, 1, 15)


def test_cli_imports_a_folder_reports_and_exits_1_on_a_rejected_file(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "city"
    assert main(["--data-dir", str(data), "init", "--city", CITY, "--city-mode"]) == 0
    with open_storage(data, daily_backup=False) as storage:
        register_county_keys(storage, files["keys"])
    capsys.readouterr()
    report = tmp_path / "结果.csv"
    args = ["--data-dir", str(data), "import", str(files["folder"]), str(files["edited"])]
    assert main([*args, "--report", str(report)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if line.startswith("已拒绝：")]) == 1
    assert len([line for line in out if "已接收" in line]) == 12
    assert "拒绝 1 个文件" in out[-2] and out[-1].startswith("导入结果清单：")
    with report.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(ci.REPORT_HEAD)
    rejected = [r for r in rows[1:] if r[1] == ci.REJECTED.label]  # the report shows the label
    assert len(rejected) == 1 and rejected[0][2] == ci.R_EDITED
    # again: every file is a duplicate, nothing rejected → exit 0; xlsx list
    xlsx = tmp_path / "结果.xlsx"
    assert (
        main(["--data-dir", str(data), "import", str(files["folder"]), "--report", str(xlsx)]) == 0
    )
    ws = load_workbook(xlsx).active
    outcomes = [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert outcomes == [ci.DUPLICATE.label] * 12


def test_m0003_upgrades_an_older_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database_without(data, "m0003_imported_revisions", CITY_PROFILE, ReturnKey("沁县", "t1", 2025))
    assert "origin" not in revision_columns(data)
    with open_storage(data, daily_backup=False) as storage:
        info = storage.returns.list_returns()[0]
        [revision] = storage.returns.revisions(info.id)
        assert (revision.origin, revision.source_file) == ("local", None)
        with pytest.raises(sqlite3.IntegrityError):  # only 'local' or 'imported'
            storage.session.db.execute(
                "INSERT INTO revisions (return_id, revision, created_at, origin)"
                " VALUES (?, 9, 'x', 'elsewhere')",
                [info.id],
            )


# --- 表三 made under a target pack that is no longer the one in force -------------------------


def _pack(version: str, task: str, date: str) -> TargetPack:
    return TargetPack(
        issuer="长治市水利局",
        city=CITY,
        version=version,
        date=date,
        extra_tasks=(ExtraTask("T1", task, assignee="各县区"),),
    )


PACK_1 = _pack("2025-1", "建立取水口在线计量台账", "2025-03-01")
PACK_2 = _pack("2025-2", "完成地下水超采区治理评估", "2025-06-01")


def _t3_export(root: Path, county: str, packs: tuple[TargetPack, ...]) -> Path:
    """A county's finalised 表三 2025, filled under the last of `packs` (or none)."""
    with open_storage(root / county, daily_backup=False) as storage:
        storage.profile.save(county_profile(CATALOG, CITY, county))
        for pack in packs:
            store_pack(storage, pack)
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))
        loaded = service.load(service.open(county, "t3", YEAR))
        for row in range(len(loaded.data.rows)):
            service.enter_task(loaded, row, "status", "推进中")
        for finding in service.validate(loaded):
            if needs_explanation(finding):
                service.set_explanation(loaded, finding.key, "已核实。")
        service.finalise(loaded)
        loaded = service.load(loaded.info)
        export_public_key(storage, root / "keys" / f"{county}{KEY_FILE_SUFFIX}")
        return export_returns(service, [loaded], root / "out" / export_filename(loaded)).path


def test_t3_made_under_an_earlier_pack_is_read_with_that_packs_tasks(tmp_path: Path) -> None:
    """The city issued pack 2025-1 (one extra task), then 2025-2 (another): a county that
    finalised 表三 under 2025-1 lists 2025-1's task, and the city still takes it in; a
    county that had no pack lists none, and is taken in too."""
    under_first = _t3_export(tmp_path, "潞州区", (PACK_1,))
    without = _t3_export(tmp_path, "上党区", ())
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        storage.profile.save(CITY_PROFILE)
        store_pack(storage, PACK_1)
        store_pack(storage, PACK_2)  # now in force
        register_county_keys(storage, tmp_path / "keys")
        service = ReturnService(storage, CATALOG)
        assert [t.text for t in service.pack_in_force().tasks] == [PACK_2.extra_tasks[0].text]
        report = ci.import_paths(service, [under_first, without])
        assert [line.outcome for line in report.lines] == [ci.ACCEPTED, ci.ACCEPTED]
        stored = service.load(service.open("潞州区", "t3", YEAR))
        assert stored.info.locked
        assert [r.key for r in stored.data.rows][-1] == "pack:T1"
        assert stored.data.rows[-1].cells["status"].text == "推进中"
        other = service.load(service.open("上党区", "t3", YEAR))
        assert not any(r.key.startswith("pack:") for r in other.data.rows)


def test_finalised_t3_keeps_its_packs_tasks_after_a_newer_pack(tmp_path: Path) -> None:
    """At the county: 表三 finalised under 2025-1, then 2025-2 arrives. The signed revision
    still shows 2025-1's task and its content still matches its digest; a correction (a
    draft again) lists the tasks of the pack now in force."""
    _t3_export(tmp_path, "潞州区", (PACK_1,))
    with open_storage(tmp_path / "潞州区", daily_backup=False) as storage:
        store_pack(storage, PACK_2)
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 2, 1))
        loaded = service.load(service.open("潞州区", "t3", YEAR))
        assert loaded.locked
        tasks = [t.task.text for t in loaded.form.table.fixed_rows]  # type: ignore[union-attr]
        assert tasks[-1] == PACK_1.extra_tasks[0].text
        assert content_digest(loaded.data) == loaded.info.digest
        service.correct(loaded, "按新目标包补充")
        draft = service.load(service.open("潞州区", "t3", YEAR))
        tasks = [t.task.text for t in draft.form.table.fixed_rows]  # type: ignore[union-attr]
        assert tasks[-1] == PACK_2.extra_tasks[0].text


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(args)
    return code, capsys.readouterr().out.splitlines()


def _city_dir(tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "city"
    assert main(["--data-dir", str(data), "init", "--city", CITY, "--city-mode"]) == 0
    with open_storage(data, daily_backup=False) as storage:
        register_county_keys(storage, files["keys"])
    capsys.readouterr()
    return data


def test_a_batch_goes_past_a_crafted_file_and_always_writes_its_report(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """#15 items 3 and 8: a_good, b_crash (period Q9 in its hidden metadata), c_good and an
    Excel lock file. Before: the batch stopped at b_crash with a traceback, c_good was never
    read and no report was written; the lock file was skipped without a word."""
    from tests.excel.test_metadata import _edit_meta

    data = _city_dir(tmp_path, files, capsys)
    folder = tmp_path / "批次"
    folder.mkdir()
    shutil.copy(files["上党区"], folder / "a_good.xlsx")
    shutil.copy(files["屯留区"], folder / "b_crash.xlsx")
    _edit_meta(folder / "b_crash.xlsx", 'sheets.0.period="Q9"')
    shutil.copy(files["潞城区"], folder / "c_good.xlsx")
    (folder / "~$a_good.xlsx").write_bytes(b"\x06zhangsan" + b" " * 100)
    report = tmp_path / "结果.csv"
    code, out = _run_cli(
        ["--data-dir", str(data), "import", str(folder), "--report", str(report)], capsys
    )
    assert code == 1
    with report.open(encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r[0]).name: r for r in list(csv.reader(fh))[1:]}
    assert (
        rows["a_good.xlsx"][1] == ci.ACCEPTED.label and rows["c_good.xlsx"][1] == ci.ACCEPTED.label
    )
    assert (
        rows["b_crash.xlsx"][1] == ci.REJECTED.label and "“period”的值" in rows["b_crash.xlsx"][8]
    )
    assert (
        rows["~$a_good.xlsx"][1] == ci.SKIPPED.label and "临时锁定文件" in rows["~$a_good.xlsx"][8]
    )
    assert any(line.startswith("已跳过：") and "~$a_good.xlsx" in line for line in out)
    with open_storage(data, daily_backup=False) as storage:
        assert {r.county for r in storage.returns.list_returns()} == {"上党区", "潞城区"}


def test_names_that_look_like_formulas_stay_text_in_every_report(
    tmp_path: Path,
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """#15 item 7. Before: "=1+1.xlsx" became a formula cell in the xlsx report (LibreOffice
    shows 2 or an error) and raw =1+1 in the CSV; a newline in a name forged a line."""
    from tests.libreoffice import CSV_FILTER, soffice_convert

    data = _city_dir(tmp_path, files, capsys)
    folder = tmp_path / "名字"
    folder.mkdir()
    shutil.copy(files["上党区"], folder / "=1+1.xlsx")
    forged = "x\n已接收 伪造.xlsx"
    shutil.copy(files["潞城区"], folder / forged)
    monkeypatch.chdir(folder)
    xlsx, csv_out = tmp_path / "r.xlsx", tmp_path / "r.csv"
    code, out = _run_cli(
        ["--data-dir", str(data), "import", "=1+1.xlsx", forged, "--report", str(xlsx)], capsys
    )
    assert code == 0
    assert not any(line.startswith("已接收") for line in out), out  # no forged line
    assert any("x\\n已接收 伪造.xlsx" in line for line in out)
    ws = load_workbook(xlsx).active
    assert ws["A2"].value == "=1+1.xlsx" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "x\\n已接收 伪造.xlsx"
    shown = soffice_convert(xlsx, tmp_path / "lo", CSV_FILTER, tmp_path / "home")
    assert shown.read_text(encoding="utf-8").splitlines()[1].startswith("=1+1.xlsx,")
    code, _ = _run_cli(
        ["--data-dir", str(data), "import", "=1+1.xlsx", forged, "--report", str(csv_out)], capsys
    )
    with csv_out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 3 and rows[1][0] == "'=1+1.xlsx" and rows[2][0] == "x\\n已接收 伪造.xlsx"


def test_a_batch_of_files_is_one_commit_and_each_file_stays_whole(
    city: ReturnService, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #16 speed: the files of a batch are stored under one commit (one sync to disk,
    not one per file); a file that fails half way leaves nothing, the others stay."""
    real = city.storage.returns.import_revision

    def half_then_fail(key: ReturnKey, incoming: object) -> object:
        outcome = real(key, incoming)  # type: ignore[arg-type]
        if key.county == "上党区":
            raise RuntimeError("磁盘出错")  # after its revision was written
        return outcome

    monkeypatch.setattr(city.storage.returns, "import_revision", half_then_fail)
    commits: list[str] = []
    city.storage.session.conn.set_trace_callback(
        lambda sql: commits.append(sql) if sql.strip().upper().startswith("COMMIT") else None
    )
    try:
        lines = take(city, files["潞州区"], files["上党区"], files["沁源县"])
    finally:
        city.storage.session.conn.set_trace_callback(None)
    outcomes = [(line.file.split("/")[-1].split("_")[0], line.outcome) for line in lines]
    assert outcomes == [
        ("潞州区", ci.ACCEPTED),
        ("上党区", ci.REJECTED),
        ("沁源县", ci.ACCEPTED),
    ]
    assert "意外错误（RuntimeError）" in lines[1].detail
    # three files, one batch: one commit (one per file before)
    assert len(commits) == 1
    # 上党区's written revision was undone with its file; the other two are stored
    stored = sorted(r.county for r in city.storage.returns.list_returns())
    assert stored == ["沁源县", "潞州区"]
