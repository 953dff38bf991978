"""excel.cells reads a sheet's cells as openpyxl's read-only reader did (issue #16: the city
import reads 2,000 files without building openpyxl worksheets): the same value, type and
number format for every kind of cell a person or another program can leave in a file."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from siwu_desktop.excel import grid


def _book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "表一"
    ws["A1"] = "用水总量"  # a shared string
    ws["B1"] = 12000  # an int
    ws["C1"] = 0.45  # a float, shown as a percentage
    ws["C1"].number_format = "0.00%"
    ws["D1"] = dt.datetime(2026, 1, 20)  # a date by its format
    ws["E1"] = True
    ws["F1"] = "=B1*2"  # a formula stays text, never evaluated
    ws["G1"] = CellRichText("甲", TextBlock(InlineFont(b=True), "乙"))  # runs joined
    ws["B3"] = "1e3"  # text that looks like a number stays text
    ws["C3"] = 1e-7  # written as 1E-07
    ws["D3"] = ""  # empty: no cell
    other = wb.create_sheet("说明")
    other["A2"] = "第二张"
    wb.defined_names["T1_total_use"] = openpyxl.workbook.defined_name.DefinedName(
        "T1_total_use", attr_text="'表一'!$B$1"
    )
    ws.defined_names["SIWU_unit"] = openpyxl.workbook.defined_name.DefinedName(
        "SIWU_unit", attr_text="'表一'!$A$1"
    )
    wb.save(path)
    return path


def _openpyxl_cells(path: Path) -> dict[str, dict[tuple[int, int], tuple[object, str, str]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    out = {}
    for ws in wb.worksheets:
        found = {}
        for row in ws.iter_rows(max_row=20, max_col=20):  # past its stated dimension too
            for c in row:
                if getattr(c, "value", None) not in (None, ""):
                    found[c.row, c.column] = (c.value, c.data_type, c.number_format)
        out[ws.title] = found
    wb.close()
    return out


def test_cells_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    path = _book(tmp_path / "cells.xlsx")
    book = grid.load(path)
    ours = {
        g.title: {k: (c.value, c.data_type, c.number_format) for k, c in g.cells.items()}
        for g in book.worksheets
    }
    assert ours == _openpyxl_cells(path)
    sheet = ours["表一"]
    # by hand: what each cell holds as the reader sees it
    assert sheet[1, 1] == ("用水总量", "s", "General")
    assert sheet[1, 2] == (12000, "n", "General")
    assert sheet[1, 3] == (0.45, "n", "0.00%")
    assert sheet[1, 4][:2] == (dt.datetime(2026, 1, 20), "d")
    assert sheet[1, 5] == (True, "b", "General")
    assert sheet[1, 6] == ("=B1*2", "f", "General")
    assert sheet[1, 7][:2] == ("甲乙", "s")
    assert sheet[3, 2] == ("1e3", "s", "General")
    assert sheet[3, 3][:2] == (1e-7, "n")
    assert (3, 4) not in sheet


def test_defined_names_are_found_on_the_workbook_and_the_sheet(tmp_path: Path) -> None:
    book = grid.load(_book(tmp_path / "names.xlsx"))
    table = book["表一"]
    assert list(book.defined_names["T1_total_use"].destinations) == [("表一", "$B$1")]
    assert list(table.defined_names["SIWU_unit"].destinations) == [("表一", "$A$1")]
    assert "SIWU_unit" not in book["说明"].defined_names


def test_a_shared_formula_is_translated_to_each_cell(tmp_path: Path) -> None:
    """Excel writes a filled-down formula once (t="shared") and refers to it after: each
    cell reads as its own formula, as openpyxl's reader translated it."""
    path = _book(tmp_path / "shared.xlsx")
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    rows = (
        '<row r="5"><c r="A5"><f t="shared" ref="A5:A6" si="0">B5+1</f><v>1</v></c></row>'
        '<row r="6"><c r="A6"><f t="shared" si="0"/><v>1</v></c></row>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", rows + "</sheetData>"
    ).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    cells = grid.load(path)["表一"].cells
    # A5 = B5+1; filled down one row: A6 = B6+1
    assert (cells[5, 1].value, cells[6, 1].value) == ("=B5+1", "=B6+1")
    assert {k: v for k, v in _openpyxl_cells(path)["表一"].items() if k[0] >= 5} == {
        (5, 1): ("=B5+1", "f", "General"),
        (6, 1): ("=B6+1", "f", "General"),
    }
