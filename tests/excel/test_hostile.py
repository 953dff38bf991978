"""Bad and hostile files: each refused with a Chinese message naming the file (and sheet
and cell where there is one), before anything in the database changes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.digest import content_digest
from siwu_desktop.excel import book
from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
from siwu_desktop.excel.template import write_template
from siwu_desktop.services.county_import import import_workbook
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService


def ref(ws, name: str) -> str:  # type: ignore[no-untyped-def]
    return ws.defined_names[name].attr_text.split("!")[1].replace("$", "").split(":")[0]


@pytest.fixture
def template(catalog: TargetCatalog, tmp_path: Path) -> Path:
    return write_template(catalog, "长治市", "潞城区", "t1", 2025, "Y", tmp_path / "模板.xlsx")


def rejected(path: Path, catalog: TargetCatalog, *words: str) -> str:
    with pytest.raises(WorkbookRejected) as err:
        read_workbook(path, catalog)
    message = err.value.message
    assert path.name in message
    for word in words:
        assert word in message, message
    return message


def test_not_an_xlsx(tmp_path: Path, catalog: TargetCatalog) -> None:
    path = tmp_path / "报表.xlsx"
    path.write_text("单位,用水总量\n潞城区,8000\n", encoding="utf-8")
    rejected(path, catalog, "不是 Excel 工作簿")
    rejected(tmp_path / "没有.xlsx", catalog, "不存在")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        # a CSV renamed to .xlsx, in the GBK that Chinese Excel writes CSVs in
        ("单位,用水总量\n潞城区,8000\n".encode("gb18030"), ("文本文件（如 CSV）", "另存为")),
        # UTF-8 longer than the 512 bytes looked at, a 3-byte 水 cut at byte 512
        (("单位,用水总量\n" + "潞城区,8000\n" * 60).encode(), ("文本文件（如 CSV）",)),
        # the "Excel" many web reporting systems export: an HTML table
        (b"\xef\xbb\xbf<html><body><table><tr><td>1</td></tr></table>", ("网页（HTML）", "另存为")),
        (b"", ("是空的（0 字节）", "重新保存")),
    ],
    ids=["gbk-csv", "long-utf8-csv", "html-table", "zero-bytes"],
)
def test_what_a_file_that_is_no_workbook_is_said(
    tmp_path: Path, catalog: TargetCatalog, content: bytes, words: tuple[str, ...]
) -> None:
    path = tmp_path / "报表.xlsx"
    path.write_bytes(content)
    rejected(path, catalog, *words)


def test_a_folder_named_like_a_workbook_is_not_said_missing(
    tmp_path: Path, catalog: TargetCatalog
) -> None:
    folder = tmp_path / "报表.xlsx"
    folder.mkdir()
    assert "不存在" not in rejected(folder, catalog, "是一个文件夹")


def test_truncated_file(template: Path, catalog: TargetCatalog, tmp_path: Path) -> None:
    data = template.read_bytes()
    path = tmp_path / "截断.xlsx"
    path.write_bytes(data[: len(data) // 2])
    message = rejected(path, catalog)
    # a workbook cut short in transfer is no "not an Excel file": damaged, and what to do
    assert "已损坏或不完整" in message and "数据不完整" in message, message
    assert "不是 Excel 工作簿" not in message
    assert message.endswith("请向报送方重新索取原文件")


def test_workbook_from_another_program(tmp_path: Path, catalog: TargetCatalog) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "用水总量"
    wb.active["B1"] = 8000
    wb.save(tmp_path / "别的.xlsx")
    rejected(tmp_path / "别的.xlsx", catalog, "不是本程序生成的报表")


def test_template_of_another_city_is_refused_on_import(
    service: ReturnService, catalog: TargetCatalog, tmp_path: Path
) -> None:
    path = write_template(catalog, "阳泉市", "盂县", "t1", 2025, "Y", tmp_path / "盂县.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws[ref(ws, "T1_total_use")] = 5000
    wb.save(path)
    result = import_workbook(service, path)
    assert not result.ok and "盂县" in result.message and "不能导入" in result.message


def test_template_claiming_another_form(template: Path, catalog: TargetCatalog) -> None:
    wb = openpyxl.load_workbook(template)
    hidden = wb[book.HIDDEN_SHEET]
    meta = json.loads(hidden["B2"].value)
    meta["sheets"][0]["form"] = "t2"
    hidden["B2"].value = json.dumps(meta, ensure_ascii=False)
    wb.save(template)
    rejected(template, catalog, "报表格式", "表二")


def test_renamed_sheet(template: Path, catalog: TargetCatalog) -> None:
    wb = openpyxl.load_workbook(template)
    wb.worksheets[0].title = "Sheet1"
    wb.save(template)
    rejected(template, catalog, "缺少工作表", "表一")


def test_deleted_defined_name(template: Path, catalog: TargetCatalog) -> None:
    wb = openpyxl.load_workbook(template)
    del wb.worksheets[0].defined_names["T1_supply_total"]
    wb.save(template)
    rejected(template, catalog, "表一", "T1_supply_total")


def test_text_in_a_numeric_cell_is_kept_and_flagged_as_typing_does(
    template: Path, catalog: TargetCatalog, service: ReturnService
) -> None:
    """Issue #17 item 17: one 约450 cell refused the whole file, while typed 约3000 is kept
    as text and flagged. Now the file imports: the cell keeps its text (no value), D02
    flags it, the other cells are read, and the import note names the cell."""
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    cell = ref(ws, "T1_supply_total")
    ws[cell] = "约450"
    ws[ref(ws, "T1_total_use")] = 3000
    ws[ref(ws, "T1_billed_use")] = "约400"  # a second note after the first
    wb.save(template)
    parsed = read_workbook(template, catalog)
    kept = parsed.returns[0].data.values["supply_total"]
    assert kept.text == "约450" and kept.value is None and "约" in (kept.refusal or "")
    (note,) = [w for w in parsed.warnings if cell in w]
    assert note.startswith(f"工作表“表一”单元格 {cell}（公共供水总量")
    assert "“约450”无法识别，已按原文导入并标为错误" in note
    result = import_workbook(service, template)
    assert result.ok, result.message
    assert "约450" in result.message and "约400" in result.message
    # each note after one full stop: the notes ended in 。 and were joined with 。注意 (#17)
    assert "。。" not in result.message and result.message.count("。注意：") == 2
    info = next(r for r in service.returns_of("潞城区", 2025) if r.form == "t1")
    loaded = service.load(info)
    assert loaded.data.values["supply_total"].text == "约450"
    assert str(loaded.data.values["total_use"].value) == "3000"
    d02 = [f for f in service.validate(loaded) if f.rule == "D02" and f.field == "supply_total"]
    assert d02 and "约450" in d02[0].message


def test_typed_text_that_is_unambiguous_is_accepted(template: Path, catalog: TargetCatalog) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    ws[ref(ws, "T1_supply_total")] = "３,０００万立方米"
    wb.save(template)
    parsed = read_workbook(template, catalog).returns[0]
    assert str(parsed.data.values["supply_total"].value) == "3000"


def test_formula_in_a_numeric_cell_is_refused_not_evaluated(
    template: Path, catalog: TargetCatalog
) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    cell = ref(ws, "T1_total_use")
    ws[cell] = '=WEBSERVICE("http://x")+1'
    wb.save(template)
    rejected(template, catalog, "公式", cell, "表一")


def test_merged_input_cell(template: Path, catalog: TargetCatalog) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    cell = ws[ref(ws, "T1_supply_total")]
    ws.merge_cells(
        start_row=cell.row, start_column=cell.column - 1, end_row=cell.row, end_column=cell.column
    )
    wb.save(template)
    rejected(template, catalog, "合并", cell.coordinate)


def test_broken_merge_in_an_export(service: ReturnService, tmp_path: Path) -> None:
    info = next(r for r in service.returns_of("潞城区", 2024) if r.form == "t2")
    path = export_returns(service, [service.load(info)], tmp_path / "t2.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb["表二"]
    ws.unmerge_cells(str(next(iter(ws.merged_cells.ranges))))
    wb.save(path)
    rejected(path, service.catalog, "导出后被修改", "合并单元格")


def test_enormous_file_is_refused_before_parsing(tmp_path: Path, catalog: TargetCatalog) -> None:
    path = tmp_path / "巨大.xlsx"
    with path.open("wb") as fh:
        fh.truncate(25 * 1024 * 1024)  # sparse: nothing is parsed, the size alone refuses it
    rejected(path, catalog, "过大")


def test_zip_bomb_is_refused_before_parsing(
    template: Path, catalog: TargetCatalog, tmp_path: Path
) -> None:
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    rejected(bomb, catalog, "压缩比")


def test_xml_entity_expansion_is_refused(
    template: Path, catalog: TargetCatalog, tmp_path: Path
) -> None:
    evil = tmp_path / "实体.xlsx"
    entities = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text = entities + text.replace("填报模板", "&c;", 1)
                data = text.encode("utf-8")
            dst.writestr(item, data)
    rejected(evil, catalog, "不安全的 XML")


def test_a_rejected_file_changes_nothing(service: ReturnService, tmp_path: Path) -> None:
    info = next(r for r in service.returns_of("潞城区", 2025) if r.form == "t1")
    before = content_digest(service.load(info).data)
    audit_before = len(service.storage.returns.audit_trail(info.id))
    bad = tmp_path / "bad.xlsx"
    wb = openpyxl.load_workbook(
        write_template(service.catalog, "长治市", "潞城区", "t1", 2025, "Y", bad)
    )
    ws = wb.worksheets[0]
    ws[ref(ws, "T1_total_use")] = 9999
    ws[ref(ws, "T1_supply_total")] = "=1+1"
    wb.save(bad)
    result = import_workbook(service, bad)
    assert not result.ok and "公式" in result.message
    assert content_digest(service.load(info).data) == before
    assert len(service.storage.returns.audit_trail(info.id)) == audit_before


def test_ledger_template_skips_a_header_row_and_keeps_an_unclear_cell(
    catalog: TargetCatalog, tmp_path: Path
) -> None:
    """Issue #17 items 16 and 17: a header row pasted into 表四's data area is skipped with a
    note (not 'use Arabic digits' for 第一季度实际用水量), and 约450 is kept and flagged."""
    from siwu_desktop.core.forms import build_form
    from siwu_desktop.core.sample import sample_uscc

    path = write_template(catalog, "长治市", "潞城区", "t4", 2025, "Y", tmp_path / "台账.xlsx")
    form = build_form(catalog, "长治市", "t4")
    assert form.table is not None
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    first = ws[ref(ws, "T4_ledger_first_row")]
    row, col = first.row, first.column
    data = {"name": "甲厂", "uscc": sample_uscc(1), "plan": "约450", "annual": "400"}
    for offset, column in enumerate(form.table.columns):
        if column.kind == "input":
            ws.cell(row, col + offset).value = column.label  # the header row, as copied
            ws.cell(row + 1, col + offset).value = data.get(column.id)
    wb.save(path)
    parsed = read_workbook(path, catalog)
    rows = parsed.returns[0].data.rows
    assert [r.cells["name"].text for r in rows] == ["甲厂"]
    assert rows[0].cells["plan"].text == "约450" and rows[0].cells["plan"].value is None
    header_notes = [w for w in parsed.warnings if "表头行" in w]
    assert (
        len(header_notes) == 1
        and f"第{row}行是表头行（单位名称、统一社会信用代码" in header_notes[0]
    )
    assert not any("阿拉伯数字" in w for w in parsed.warnings)
    assert any("“约450”无法识别，已按原文导入" in w for w in parsed.warnings)
