"""A workbook as the reader sees it: each sheet's non-empty cells, merges and defined names.

Read by `cells` (expat, one pass per part) after `scan` has checked the file within its
budget and collected the merged ranges and the extent of the cells with content; the
cells get the values and types openpyxl's reader gives them, the defined names are
openpyxl's own objects. The sheets offer the part
of openpyxl's Worksheet interface the reader uses (`cell`, `iter_rows`, `merged_cells`,
`defined_names`, `title`), so the reader reads either the same way.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgspec import Struct

from siwu_desktop.excel import cells, scan
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel.scan import WorkbookRejected

_UNSAFE = ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden")


class GridCell(Struct, frozen=True):
    row: int
    column: int
    value: Any = None
    data_type: str = "n"
    number_format: str = "General"
    merged: bool = False  # inside a merged range, not its top-left cell

    @property
    def coordinate(self) -> str:
        from openpyxl.utils.cell import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


class Grid:
    """One sheet: the cells with content (merged-away cells dropped, as openpyxl does)."""

    def __init__(
        self,
        title: str,
        cells: dict[tuple[int, int], GridCell],
        merges: list[str],
        defined_names: Any,
    ) -> None:
        from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

        self.title = title
        self.defined_names = defined_names
        ranges = []
        self._away: set[tuple[int, int]] = set()
        for ref in merges:
            try:
                cr = CellRange(ref)
            except (ValueError, TypeError):
                continue
            ranges.append(cr)
            if cr.size["rows"] * cr.size["columns"] > scan.MAX_CELLS:
                continue  # nothing of ours is merged that wide; its cells stay readable
            cells_in = iter(cr.cells)
            next(cells_in)  # the top-left cell keeps its value
            self._away.update(cells_in)
        self.merged_cells = MultiCellRange(ranges)
        self.cells = {k: c for k, c in cells.items() if k not in self._away}

    def cell(self, row: int, column: int) -> GridCell:
        found = self.cells.get((row, column))
        if found is not None:
            return found
        return GridCell(row, column, merged=(row, column) in self._away)

    def iter_rows(self, min_row: int = 1, values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        """Rows from `min_row` that hold anything, as tuples of values from column A."""
        by_row: dict[int, dict[int, Any]] = {}
        for (row, col), cell in self.cells.items():
            if row >= min_row:
                by_row.setdefault(row, {})[col] = cell.value
        for row in sorted(by_row):
            values = by_row[row]
            yield tuple(values.get(c) for c in range(1, max(values) + 1))


class Book:
    """The sheets in workbook order, the workbook-level defined names, notes of the scan."""

    def __init__(self, sheets: list[Grid], defined_names: Any, notes: list[str]) -> None:
        self.worksheets = sheets
        self.defined_names = defined_names
        self.notes = notes
        self._by_title = {g.title: g for g in sheets}

    @property
    def sheetnames(self) -> list[str]:
        return [g.title for g in self.worksheets]

    def __getitem__(self, title: str) -> Grid:
        return self._by_title[title]


def load(path: Path) -> Book:
    """The workbook within its budget; every failure a WorkbookRejected with a Chinese reason."""
    try:
        return _load(path, scan.scan(path))
    except WorkbookRejected:
        raise
    except MemoryError:
        raise WorkbookRejected(msg.OUT_OF_MEMORY.format(file=path.name)) from None
    except Exception as exc:  # openpyxl raises many types for a bad part, and wraps some
        raise _refusal(path, exc) from None


def _load(path: Path, found: scan.Scan) -> Book:
    """The scanned workbook's sheets, read by `cells` (no openpyxl Worksheet built)."""
    from openpyxl.workbook.defined_name import DefinedNameDict

    with zipfile.ZipFile(path) as zf:
        part = cells.read_part(zf)
        by_sheet = part.names.by_sheet() if part.names is not None else {}
        sheets = []
        for index, extent in enumerate(found.sheets):
            if extent.chart:
                continue  # a chartsheet is no worksheet (openpyxl left it out too)
            names = DefinedNameDict()
            for name, defn in by_sheet.get(index, {}).items():
                if defn.is_reserved is None:  # print titles and areas are no cells of ours
                    names[name] = defn
            found_cells = cells.read_sheet(zf, extent, part)
            grid_cells = {
                k: GridCell(c.row, c.column, c.value, c.data_type, c.number_format)
                for k, c in found_cells.items()
            }
            sheets.append(Grid(extent.title, grid_cells, extent.merges, names))
        return Book(sheets, by_sheet.get("global", DefinedNameDict()), found.notes)


def _refusal(path: Path, exc: BaseException) -> WorkbookRejected:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        kind = type(item).__name__
        if kind in _UNSAFE:
            return WorkbookRejected(msg.UNSAFE_XML.format(file=path.name, reason=kind))
    if any(isinstance(item, MemoryError) for item in chain):
        return WorkbookRejected(msg.OUT_OF_MEMORY.format(file=path.name))
    return WorkbookRejected(msg.DAMAGED.format(file=path.name, reason=scan.reason(chain[-1])))
