"""The machine-readable part of a workbook: a veryHidden sheet with the identity of every
return sheet, the canonical content (what the digest covers) and a snapshot of every
shown cell, so a reader can tell exactly which cell was changed after export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from siwu_desktop.core import units
from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.describe import form_to_dict
from siwu_desktop.core.digest import digest
from siwu_desktop.core.forms import T3_LAYOUTS, Field, FormSpec
from siwu_desktop.excel import style as st

if TYPE_CHECKING:
    from siwu_desktop.excel.grid import Grid

LAYOUT_VERSION = "siwu-xlsx/1"
HIDDEN_SHEET = "siwu_data"
CHUNK = 32000  # Excel holds at most 32767 characters in a cell
KIND_TEMPLATE, KIND_EXPORT = "template", "export"
LOG_PREFIX = "log:"  # hidden entry "log:<sheet>": that sheet's revision log (#14 item 5)


def form_version(form: FormSpec) -> str:
    """Short digest of a form's declaration: fields, cells, units, columns and task rows.
    Two templates with the same version are read the same way."""
    data = form_to_dict(form)
    return hashlib.sha256(
        json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()[:12]


def columns_version(form: FormSpec) -> str | None:
    """Short digest of how a table's cells are read (its first row and its columns, by id,
    unit, kind and type), or None for a form without a table. Labels and 表三's task rows
    are left out: rows are matched by their key column."""
    if form.table is None:
        return None
    return columns_signature(form.table.first_row_cell, form.table.columns)


def columns_signature(first_row_cell: str, columns: Sequence[Field]) -> str:
    data = [first_row_cell, [[c.id, c.unit, c.kind, c.value_type] for c in columns]]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


def known_layouts(form: FormSpec) -> dict[str, tuple[Field, ...]]:
    """The column layouts a sheet of `form` may have been made with, by signature: its own
    and, for 表三, every layout that form has (with or without 落实措施)."""
    if form.table is None:
        return {}
    layouts = [form.table.columns, *(T3_LAYOUTS if form.id == "t3" else ())]
    return {columns_signature(form.table.first_row_cell, c): tuple(c) for c in layouts}


# Files written before `columns_version` was recorded (0.1.0) were laid out with these columns.
LEGACY_COLUMNS = {"t3": "64f772c3893e", "t4": "f3bb8fd32048"}


_CATALOG_VERSIONS: dict[int, tuple[TargetCatalog, str]] = {}


def _catalog_version(catalog: TargetCatalog) -> str:
    items: list[list[str]] = []
    for city in catalog.cities:
        for t in catalog.targets_for(city):
            items.append([t.id, t.value_text, t.unit, str(t.year), t.bound])
        for task in catalog.tasks_for(city):
            items.append([task.id, task.text, task.deadline])
    return digest(items)[:12]


def catalog_version(catalog: TargetCatalog) -> str:
    """Short digest of the embedded targets and tasks the workbook was made from."""
    cached = _CATALOG_VERSIONS.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        cached = (catalog, _catalog_version(catalog))
        _CATALOG_VERSIONS[id(catalog)] = cached
    return cached[1]


# --- shown values ------------------------------------------------------------------------------


def shown(value: Any) -> str | None:
    """A cell value as a reader will see it again (numbers through float, as in the file)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return f"b:{value}"
    if isinstance(value, int | float | Decimal):
        return "n:" + units.plain(Decimal(repr(as_written(value))))
    if isinstance(value, dt.datetime):
        return "d:" + (value.date().isoformat() if value.time() == dt.time() else value.isoformat())
    if isinstance(value, dt.date):
        return "d:" + value.isoformat()
    text = str(value)
    return f"s:{text}" if text != "" else None


def as_written(value: float | Decimal) -> float:
    """A number as openpyxl writes it into the XML (16 significant digits) and reads it back."""
    return float(f"{float(value):.16g}")


def same_number(a: float | Decimal, b: float | Decimal) -> bool:
    """Two numbers that agree to the 15 significant digits a spreadsheet program writes back
    (LibreOffice, Excel and WPS save 15; openpyxl wrote 16–17 before 0.2)."""
    return f"{float(a):.{st.SPREADSHEET_DIGITS}g}" == f"{float(b):.{st.SPREADSHEET_DIGITS}g}"


def same_shown(old: str | None, new: str | None) -> bool:
    """A shown cell unchanged since export: equal, or both numbers that `same_number`."""
    if old == new:
        return True
    if old is None or new is None or not (old.startswith("n:") and new.startswith("n:")):
        return False
    try:
        return same_number(Decimal(old[2:]), Decimal(new[2:]))
    except (ArithmeticError, ValueError):
        return False


def snapshot(sheets: Iterable[Worksheet]) -> dict[str, Any]:
    """Every non-empty cell and every merge of the shown sheets (as written)."""
    return {ws.title: _sheet_snapshot(_written(ws), ws.merged_cells.ranges) for ws in sheets}


def _written(ws: Worksheet) -> Iterator[tuple[tuple[int, int], Any]]:
    """(row, column) → value of every cell of the sheet's used area, row by row."""
    for row, values in enumerate(ws.iter_rows(values_only=True), start=1):
        for col, value in enumerate(values, start=1):
            yield (row, col), value


def grid_snapshot(sheets: Iterable[Grid]) -> dict[str, Any]:
    """The same record of sheets as read (grid.Grid), to compare with the one written."""
    return {
        g.title: _sheet_snapshot(
            ((key, cell.value) for key, cell in g.cells.items()), g.merged_cells.ranges
        )
        for g in sheets
    }


def _sheet_snapshot(cells: Iterable[tuple[tuple[int, int], Any]], merges: Iterable[Any]) -> Any:
    found = {}
    for (row, col), value in cells:
        text = shown(value)
        if text is not None:
            found[f"{row},{col}"] = text
    return {"cells": found, "merges": sorted(str(r) for r in merges)}


# --- the hidden sheet ------------------------------------------------------------------------


def _chunks(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def write_hidden(wb: Workbook, entries: dict[str, str]) -> Worksheet:
    """key → long text, one row each: the key in column A, chunks from column B on."""
    ws = wb.create_sheet(HIDDEN_SHEET)
    ws.sheet_state = "veryHidden"
    ws.cell(1, 1).value = LAYOUT_VERSION
    for row, (key, text) in enumerate(entries.items(), start=2):
        st.put(ws.cell(row, 1), key)
        for col, chunk in enumerate(_chunks(text), start=2):
            st.put(ws.cell(row, col), chunk)
    ws.protection.sheet = True
    return ws


def read_hidden(ws: Worksheet | Grid) -> dict[str, str]:
    """The entries written by `write_hidden` (values_only: no formula is ever evaluated)."""
    out: dict[str, str] = {}
    for values in ws.iter_rows(min_row=2, values_only=True):
        if not values or not isinstance(values[0], str):
            continue
        out[values[0]] = "".join(v for v in values[1:] if isinstance(v, str))
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
