"""Writing helpers shared by the city summary's sheets (excel/summary.py and
excel/summary_returns.py): page setup, titles, headings, boxed cells, row heights, the
signature block."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl.styles import NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from siwu_desktop.core.compliance import rounded
from siwu_desktop.excel.style import (
    BODY,
    BOX,
    CENTER,
    HEAD,
    HEAD_FILL,
    LEFT,
    RIGHT,
    TITLE,
    number_format,
    put,
    width,
)

NOT_SHOWN = "—"
UNIT_LINE = "填报单位（盖章）：{unit}"
SIGNATURES = "填报人：{preparer}　　　审核人：{reviewer}　　　单位负责人：{head}"
SIGN_DATE = "报出日期：{date}"
BLANK_NAME = "　　　　　　"
FOOTER = "&C第 &P 页，共 &N 页"


def col(i: int) -> str:
    return str(get_column_letter(i))


def setup(ws: Worksheet, widths: Sequence[int], landscape: bool = True) -> None:
    """A4, fitted to the page width, centred, page numbers in the footer."""
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[col(i)].width = w
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def fit_rows(ws: Worksheet, first: int) -> None:
    """Row heights for wrapped text (spreadsheets do not grow rows written by a library)."""
    widths: dict[tuple[int, int], float] = {}
    for r in ws.merged_cells.ranges:
        total = sum(
            ws.column_dimensions[col(c)].width or 9 for c in range(r.min_col, r.max_col + 1)
        )
        widths[(r.min_row, r.min_col)] = total
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            w = (
                widths.get((cell.row, cell.column))
                or ws.column_dimensions[col(cell.column)].width
                or 9
            )
            lines = max(lines, -(-width(cell.value) // max(1, int(w) - 1)))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 13 * lines + 2


def title(ws: Worksheet, text: str, columns: int, lines: Sequence[str] = ()) -> int:
    """Title and status lines; returns the next free row."""
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    cell = put(ws.cell(1, 1), text)
    cell.font, cell.alignment = TITLE, CENTER
    ws.row_dimensions[1].height = 30
    row = 2
    for line in lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        c = put(ws.cell(row, 1), line)
        c.font, c.alignment = BODY, LEFT
        row += 1
    return row


def head(ws: Worksheet, row: int, headers: Sequence[str], first: int = 1) -> None:
    for i, h in enumerate(headers, start=first):
        c = put(ws.cell(row, i), h)
        c.font, c.fill, c.border, c.alignment = HEAD, HEAD_FILL, BOX, CENTER


def _named(ws: Worksheet, name: str, align: Any, number_format: str = "General") -> str:
    """A named style of the workbook (registered once): assigning a name is much cheaper
    than setting font, border and alignment cell by cell (issue #16: ≤ 1 s)."""
    book = ws.parent
    if name not in book.named_styles:
        style = NamedStyle(name=name, font=BODY, border=BOX, alignment=align)
        style.number_format = number_format
        book.add_named_style(style)
    return name


def text(ws: Worksheet, row: int, column: int, value: str, align: Any = LEFT) -> None:
    c = put(ws.cell(row, column), value)
    c.style = _named(ws, "汇总-居中" if align is CENTER else "汇总-文字", align)


def number(ws: Worksheet, row: int, column: int, value: Decimal | None, places: int) -> None:
    c = ws.cell(row, column)
    if value is None:
        put(c, NOT_SHOWN)
        c.style = _named(ws, "汇总-居中", CENTER)
    else:
        put(c, rounded(value, places))
        c.style = _named(ws, f"汇总-数值{places}", RIGHT, number_format(places))


def signature(
    ws: Worksheet,
    row: int,
    columns: int,
    unit: str,
    people: tuple[str, str, str],
    date: str,
) -> int:
    """填报单位（盖章）, 填报人/审核人/单位负责人 and 报出日期 under a table; kept on one page."""
    names = [p or BLANK_NAME for p in people]
    lines = (
        UNIT_LINE.format(unit=unit or BLANK_NAME),
        SIGNATURES.format(preparer=names[0], reviewer=names[1], head=names[2]),
        SIGN_DATE.format(date=date),
    )
    row += 1
    for line in lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        c = put(ws.cell(row, 1), line)
        c.font, c.alignment = BODY, LEFT
        ws.row_dimensions[row].height = 22
        row += 1
    return row
