"""Checking the hidden metadata of a workbook field by field, before anything uses it.

The hidden sheet is text anyone can edit: a period "Q9", a revision "x" or -5, a year
1e400, `sheets` as a string or a list of numbers. Each is refused here with a message
naming the field and what it should be, so that no later int() or lookup can fail.
(What the fields mean and how exports sign them is book.py's and signing's business;
this module only says whether each has a usable shape.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from siwu_desktop.core.forms import FORM_IDS
from siwu_desktop.core.terms import PERIODS, ReturnStatus
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel.scan import MAX_SHEETS, WorkbookRejected

STATUSES = (ReturnStatus.DRAFT, ReturnStatus.VALIDATED, ReturnStatus.FINALISED)
YEARS = range(2000, 2101)
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _refuse(file: str, field: str, value: Any, expected: str) -> WorkbookRejected:
    if isinstance(value, Decimal):
        shown = str(value)
    else:
        shown = json.dumps(value, ensure_ascii=False, default=str)
    shown = shown if len(shown) <= 40 else shown[:37] + "…"
    return WorkbookRejected(
        msg.BAD_FIELD.format(file=file, field=field, value=shown, expected=expected)
    )


def parse(text: str, file: str) -> dict[str, Any]:
    """The metadata JSON; numbers stay exact (1e400 is not infinity), NaN/Infinity refused."""

    def constant(name: str) -> Any:
        raise _refuse(file, "meta", name, msg.EXPECT_NUMBER)

    try:
        meta = json.loads(text, parse_float=Decimal, parse_constant=constant)
    except ValueError as exc:
        raise WorkbookRejected(msg.BAD_MARKER.format(file=file, reason="JSON")) from exc
    if not isinstance(meta, dict):
        raise _refuse(file, "meta", type(meta).__name__, msg.EXPECT_OBJECT)
    return meta


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_SHEET_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "sheet": (lambda v: isinstance(v, str) and 0 < len(v) <= 31, msg.EXPECT_SHEET),
    "form": (lambda v: v in FORM_IDS, msg.EXPECT_FORM),
    "city": (lambda v: isinstance(v, str) and 0 < len(v) <= 40, msg.EXPECT_NAME),
    "county": (lambda v: isinstance(v, str) and 0 < len(v) <= 40, msg.EXPECT_NAME),
    "year": (lambda v: _is_int(v) and v in YEARS, msg.EXPECT_YEAR),
    "period": (lambda v: v in PERIODS, msg.EXPECT_PERIOD),
}
_EXPORT_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "status": (lambda v: v in STATUSES, msg.EXPECT_STATUS),
    "revision": (lambda v: v is None or (_is_int(v) and 0 <= v <= 100_000), msg.EXPECT_REVISION),
    "digest": (lambda v: isinstance(v, str) and _HEX64.fullmatch(v) is not None, msg.EXPECT_DIGEST),
}
_OPTIONAL_TEXT = ("form_version", "pack_version", "app_version", "exported_at")


def check(meta: dict[str, Any], kind: str, file: str) -> list[dict[str, Any]]:
    """The sheets' metadata, each field of a usable shape; raises WorkbookRejected."""
    for key in _OPTIONAL_TEXT:
        if key in meta and not (meta[key] is None or isinstance(meta[key], str)):
            raise _refuse(file, key, meta[key], msg.EXPECT_TEXT)
    sheets = meta.get("sheets")
    if not isinstance(sheets, list) or not 0 < len(sheets) <= MAX_SHEETS:
        raise _refuse(file, "sheets", sheets, msg.EXPECT_SHEETS)
    for entry in sheets:
        if not isinstance(entry, dict):
            raise _refuse(file, "sheets", entry, msg.EXPECT_SHEETS)
        checks = _SHEET_CHECKS | (_EXPORT_CHECKS if kind == "export" else {})
        for key, (ok, expected) in checks.items():
            if key not in entry and key in _EXPORT_CHECKS and key != "status":
                continue  # revision and digest may be absent (a draft export)
            if not ok(entry.get(key)):
                raise _refuse(file, key, entry.get(key), expected)
        for key in _OPTIONAL_TEXT:
            value = entry.get(key)
            if value is not None and not isinstance(value, str):
                raise _refuse(file, key, value, msg.EXPECT_TEXT)
    return sheets
