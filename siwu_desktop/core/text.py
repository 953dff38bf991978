"""Text from outside (file names, cells) made safe to print and to put in a report.

A file name may hold a newline (forging an extra line in the CLI output or a CSV) or
start with "=" (a formula in a spreadsheet). Both rules live here, for every report.
"""

from __future__ import annotations

import unicodedata

#: A text cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Control and direction-override characters shown as escapes (\\n, \\x1b, \\u202e)."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def csv_cell(text: str) -> str:
    """A report's CSV cell: printable, and a leading ' where a spreadsheet would see a formula."""
    safe = printable(text)
    return "'" + safe if text.startswith(FORMULA_STARTS) else safe
