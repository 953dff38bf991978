"""Export: numbers as numbers, digest = stored revision digest, hidden content, protection,
草稿 marking, file names, export records; and the import of the same file back."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.core.digest import canonical_bytes, content_digest, return_content
from siwu_desktop.excel import book
from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
from siwu_desktop.services.county_import import import_workbook
from siwu_desktop.services.export import export_filename, export_returns
from siwu_desktop.services.returns import ReturnService


def loaded_of(service: ReturnService, year: int, form: str, period: str = "Y"):  # type: ignore[no-untyped-def]
    info = next(
        r for r in service.returns_of("潞城区", year) if r.form == form and r.period == period
    )
    return service.load(info)


def test_finalised_export_carries_the_stored_digest_and_numbers(
    service: ReturnService, tmp_path: Path
) -> None:
    loaded = loaded_of(service, 2024, "t1")
    stored = service.storage.returns.revisions(loaded.info.id)[0].digest
    assert export_filename(loaded) == "潞城区_2024年度_表一_第1版.xlsx"
    result = export_returns(service, [loaded], tmp_path / export_filename(loaded))
    assert result.returns == [(loaded.info.id, 1, stored)]
    wb = openpyxl.load_workbook(result.path)
    ws = wb["表一"]
    total = ws.defined_names["T1_total_use"].attr_text.split("!")[1].replace("$", "")
    assert ws[total].data_type == "n" and ws[total].value == 8000
    assert ws[total].number_format == "#,##0.00"
    digest_ref = ws.defined_names["SIWU_digest"].attr_text.split("!")[1].replace("$", "")
    assert stored in ws[digest_ref].value and "草稿" not in ws[digest_ref].value
    hidden = wb[book.HIDDEN_SHEET]
    assert hidden.sheet_state == "veryHidden"
    entries = book.read_hidden(hidden)
    assert entries["content:表一"] == canonical_bytes(return_content(loaded.data)).decode()
    meta = json.loads(entries["meta"])
    sheet = meta["sheets"][0]
    assert (sheet["county"], sheet["code"], sheet["revision"], sheet["status"]) == (
        "潞城区",
        "140406",
        1,
        "finalised",
    )
    assert meta["app_version"] and meta["catalog_version"] and sheet["form_version"]
    assert ws.protection.sheet and wb.security.lockStructure
    assert int(ws.page_setup.paperSize) == 9 and int(ws.page_setup.fitToWidth) == 1
    assert ws.print_title_rows and ws.freeze_panes
    records = service.storage.outputs.for_return(loaded.info.id)
    assert [(r.kind, r.digest, r.file) for r in records] == [("export", stored, str(result.path))]


def test_draft_export_is_marked_and_lossless(service: ReturnService, tmp_path: Path) -> None:
    loaded = loaded_of(service, 2025, "t1")
    assert export_filename(loaded) == "潞城区_2025年度_表一_第1版_草稿.xlsx"
    path = export_returns(service, [loaded], tmp_path / "d.xlsx").path
    ws = openpyxl.load_workbook(path)["表一"]
    texts = [c.value for row in ws.iter_rows(max_row=4) for c in row if isinstance(c.value, str)]
    assert any("草稿" in t for t in texts)
    # the refused entry (约3000) is shown as typed, and the file still verifies
    parsed = read_workbook(path, service.catalog).returns[0]
    assert parsed.verified and parsed.status == "draft"
    assert parsed.computed_digest == content_digest(loaded.data)
    assert parsed.data.values["irrigation_gross"].text == "约3000"


def test_all_forms_round_trip_unchanged(service: ReturnService, tmp_path: Path) -> None:
    infos = service.returns_of("潞城区", 2024)
    loaded = [service.load(i) for i in infos]
    path = export_returns(service, loaded, tmp_path / "all.xlsx").path
    wb = openpyxl.load_workbook(path)
    assert [ws.title for ws in wb.worksheets] == [
        "表一",
        "表二",
        "表三",
        "表四",
        "校验结果",
        book.HIDDEN_SHEET,
    ]
    result = import_workbook(service, path)
    assert result.ok, result.message
    assert all(r.verified and not r.changed for r in result.returns)
    assert "未改动" in result.message


def test_export_imports_into_another_database_losslessly(
    service: ReturnService, tmp_path: Path
) -> None:
    """A draft exported, then imported after the local values were cleared: all comes back."""
    loaded = [loaded_of(service, 2025, f) for f in ("t1", "t2", "t3", "t4")]
    before = {x.form.id: content_digest(x.data) for x in loaded}
    path = export_returns(service, loaded, tmp_path / "all.xlsx").path
    t1, t4 = loaded[0], loaded[3]
    service.enter_values(t1, {"total_use": "1", "supply_total": ""})
    service.delete_ledger_row(t4, 0)
    result = import_workbook(service, path)
    assert result.ok, result.message
    for info in service.returns_of("潞城区", 2025):
        if info.period == "Y":
            assert content_digest(service.load(info).data) == before[info.form]
    assert list(service.storage.paths.backups.glob("*import*"))


def test_a_single_changed_cell_is_caught(service: ReturnService, tmp_path: Path) -> None:
    loaded = loaded_of(service, 2024, "t2")
    path = export_returns(service, [loaded], tmp_path / "t2.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb["表二"]
    ref = ws.defined_names["T2_industry_surface"].attr_text.split("!")[1].replace("$", "")
    ws[ref].value = ws[ref].value + 1
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(WorkbookRejected, match="文件在导出后被修改") as err:
        read_workbook(tmp_path / "edited.xlsx", service.catalog)
    assert "edited.xlsx" in err.value.message and ref in err.value.message
    before = content_digest(service.load(loaded.info).data)
    result = import_workbook(service, tmp_path / "edited.xlsx")
    assert not result.ok and "导出后被修改" in result.message
    assert content_digest(service.load(loaded.info).data) == before


def test_changed_hidden_content_and_visible_cell_together_is_caught(
    service: ReturnService, tmp_path: Path
) -> None:
    """Someone edits a figure and the snapshot, but cannot make the digest agree."""
    loaded = loaded_of(service, 2024, "t1")
    path = export_returns(service, [loaded], tmp_path / "t1.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws, hidden = wb["表一"], wb[book.HIDDEN_SHEET]
    ref = ws.defined_names["T1_supply_total"].attr_text.split("!")[1].replace("$", "")
    ws[ref].value = 999
    entries = book.read_hidden(hidden)
    snap = json.loads(entries["snapshot"])
    row, col = ws[ref].row, ws[ref].column
    snap["表一"]["cells"][f"{row},{col}"] = "n:999"
    for r in hidden.iter_rows(min_row=2):
        if r[0].value == "snapshot":
            for c in r[1:]:
                c.value = None
            r[1].value = book.dumps(snap)
    wb.save(tmp_path / "forged.xlsx")
    with pytest.raises(WorkbookRejected, match="导出后被修改"):
        read_workbook(tmp_path / "forged.xlsx", service.catalog)


def test_formula_like_text_is_written_as_plain_text(service: ReturnService, tmp_path: Path) -> None:
    loaded = loaded_of(service, 2025, "t3")
    for i, text in enumerate(["=1+1", "+CMD|' /C calc'!A0", "-2+3", "@SUM(A1)"]):
        service.enter_task(loaded, i, "problems", text)
    path = export_returns(service, [loaded], tmp_path / "t3.xlsx").path
    ws = openpyxl.load_workbook(path)["表三"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    hostile = [c for c in cells if c.value in ("=1+1", "+CMD|' /C calc'!A0", "-2+3", "@SUM(A1)")]
    assert len(hostile) == 4
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    parsed = read_workbook(path, service.catalog).returns[0]
    assert parsed.verified
    assert parsed.data.rows[0].cells["problems"].text == "=1+1"


def _with_form_version(path: Path, out: Path, version: str, edit: str | None = None) -> Path:
    """`path` as if exported under another declaration of its form (another version of
    the program or of the target data); `edit`: also change that defined cell."""
    wb = openpyxl.load_workbook(path)
    hidden = wb[book.HIDDEN_SHEET]
    for r in hidden.iter_rows(min_row=2):
        if r[0].value == "meta":
            meta = json.loads("".join(c.value or "" for c in r[1:]))
            meta["sheets"][0]["form_version"] = version
            for c in r[1:]:
                c.value = None
            r[1].value = json.dumps(meta, ensure_ascii=False)
    if edit is not None:
        ws = wb[wb.sheetnames[0]]
        ref = ws.defined_names[edit].attr_text.split("!")[1].replace("$", "")
        ws[ref].value = ws[ref].value + 1
    wb.save(out)
    return out


def test_an_export_of_another_form_version_is_read_when_it_verifies(
    service: ReturnService, tmp_path: Path
) -> None:
    """A county still on an earlier version files a return: its content and digest are its
    own, so the city reads it (tests/fixtures/exported_0_1_0 are such files)."""
    loaded = loaded_of(service, 2024, "t1")
    path = export_returns(service, [loaded], tmp_path / "t1.xlsx").path
    older = _with_form_version(path, tmp_path / "older.xlsx", "0123456789ab")
    (parsed,) = read_workbook(older, service.catalog).returns
    assert parsed.verified and parsed.digest == content_digest(loaded.data)


def test_an_edited_export_of_another_form_version_is_still_refused(
    service: ReturnService, tmp_path: Path
) -> None:
    loaded = loaded_of(service, 2024, "t1")
    path = export_returns(service, [loaded], tmp_path / "t1.xlsx").path
    edited = _with_form_version(path, tmp_path / "e.xlsx", "0123456789ab", "T1_supply_total")
    with pytest.raises(WorkbookRejected, match="导出后被修改"):
        read_workbook(edited, service.catalog)


def test_period_is_written_out_in_file_names_and_warnings(service: ReturnService) -> None:
    """Issue #17 item 18: 2025年度 / 2026年第三季度 wherever a period is composed (it read
    2026第三季度 in file names and the draft warning)."""
    from siwu_desktop.services.export import draft_warning

    t3 = service.load(service.open("潞城区", "t3", 2026, "Q3"))
    assert export_filename(t3) == "潞城区_2026年第三季度_表三_第1版_草稿.xlsx"
    t1 = loaded_of(service, 2025, "t1")
    warning = draft_warning([t1, t3])
    assert "表一（2025年度）、表三（2026年第三季度）" in warning


def test_a_workbook_of_drafts_only_is_not_told_the_others_are_accepted(
    service: ReturnService,
) -> None:
    """2026 表一 and 2026 第三季度 表三, both just made: the warning said 其余已定稿的报表照常
    接收 where there were none (#17, the clerk's day)."""
    from siwu_desktop.services.export import draft_warning

    t1 = service.load(service.open("潞城区", "t1", 2026))
    t3 = service.load(service.open("潞城区", "t3", 2026, "Q3"))
    assert draft_warning([t1, t3]) == (
        "警告：本工作簿的 2 张报表（表一（2026年度）、表三（2026年第三季度））都是草稿，"
        "市局一张也不会接收；如需报送，请先定稿后重新导出"
    )


def test_demo_lines_write_the_period_out(tmp_path: Path) -> None:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.demo import build_demo
    from siwu_desktop.storage import open_storage

    with open_storage(tmp_path / "demo", daily_backup=False) as storage:
        lines = build_demo(storage, default_catalog())
    assert lines[0].startswith("2023年度 ")
    assert lines[-1].startswith("2026年第一季度 ")  # was 2026第1季度
