"""Fonts, borders, fills and number formats of the standard workbooks, and safe cell writes.

Government statistical forms print in a Song face with Hei headings; LibreOffice and
Excel substitute a CJK face of the same kind where 宋体/黑体 are not installed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from siwu_desktop.core.text import FORMULA_STARTS

BODY_FONT = "宋体"
HEAD_FONT = "黑体"

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()
# a workbook's own default: empty sides (a NamedStyle's default Border() has no sides at all)
PLAIN = Border(left=Side(), right=Side(), top=Side(), bottom=Side(), diagonal=Side())

TITLE = Font(name=HEAD_FONT, size=16, bold=True)
HEAD = Font(name=HEAD_FONT, size=10, bold=True)
BODY = Font(name=BODY_FONT, size=10)
SMALL = Font(name=BODY_FONT, size=8, color="555555")
DRAFT = Font(name=HEAD_FONT, size=12, bold=True, color="C00000")
REFUSED = Font(name=BODY_FONT, size=10, color="C00000")

HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")  # templates: where to type
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
NO_FILL = PatternFill(fill_type=None)

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LEFT_NOWRAP = Alignment(horizontal="left", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="center")
RIGHT_NOWRAP = Alignment(horizontal="right", vertical="center")

UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

DATE_FORMAT = "yyyy-mm-dd"
FORMULA_CHARS = FORMULA_STARTS  # one rule for every report (core/text.py)


def number_format(precision: int) -> str:
    """Thousands separator and exactly the field's decimals, as on the printed form."""
    return "#,##0" + ("." + "0" * precision if precision > 0 else "")


def width(text: str) -> int:
    """Display width in Excel character units: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


GUARD_DIGITS = 4  # decimals a computed cell keeps beyond the ones it shows
SPREADSHEET_DIGITS = 15  # significant digits LibreOffice, Excel and WPS write a number with


def computed(value: Decimal, precision: int) -> Decimal:
    """A computed figure as the workbook holds it: its shown decimals plus guard digits, and
    never more than a spreadsheet program writes back on saving (15 significant digits), so
    a file opened and saved unchanged in LibreOffice, Excel or WPS still holds the same."""
    if not value.is_finite() or value.is_zero():
        return value
    places = min(precision + GUARD_DIGITS, SPREADSHEET_DIGITS - 1 - value.adjusted())
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)


def excel_number(value: Decimal) -> int | float:
    """A Decimal as the spreadsheet holds it: an IEEE double (exact for integers), so what
    a reader gets back is exactly what the export's snapshot recorded."""
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    return float(value)


def put(cell: Cell, value: Any) -> Cell:
    """Write a value; text is always text: a string starting with =, +, - or @ gets the
    string type and a quote prefix so no spreadsheet ever runs it as a formula."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_CHARS):
            cell.quotePrefix = True
    elif isinstance(value, Decimal):
        cell.value = excel_number(value)
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    return cell
