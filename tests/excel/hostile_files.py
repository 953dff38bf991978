"""Builders of hostile workbooks, shared by tests/excel/test_budget.py and the benchmark.

Each starts from a real template (or any small xlsx) and adds crafted parts at the zip
level, as an attacker would: no spreadsheet program writes such files.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
WS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def empty_cells_sheet(megabytes: float) -> bytes:
    """About `megabytes` of empty styled cells, 26 to a row, without references (allowed:
    each counts on from the last), so that the part compresses to almost nothing."""
    row = b"<row>" + b'<c s="0"/>' * 26 + b"</row>"
    return SHEET_HEAD + row * int(megabytes * 1024 * 1024 / len(row)) + SHEET_TAIL


def with_parts(
    source: Path,
    out: Path,
    sheets: Iterable[bytes] = (),
    shared_strings: bytes | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """`source` with extra sheets (named X1, X2…), a shared strings part and other parts."""
    with zipfile.ZipFile(source) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    workbook = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    new_sheets, new_rels, new_types = [], [], []
    for i, sheet in enumerate(sheets, start=1):
        part = f"xl/worksheets/x{i}.xml"
        parts[part] = sheet
        new_sheets.append(f'<sheet name="X{i}" sheetId="{1000 + i}" r:id="rX{i}"/>')
        new_rels.append(f'<Relationship Type="{WS_REL}" Target="/{part}" Id="rX{i}"/>')
        new_types.append(f'<Override PartName="/{part}" ContentType="{WS_TYPE}"/>')
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
        new_rels.append(f'<Relationship Type="{SST_REL}" Target="sharedStrings.xml" Id="rSST"/>')
        new_types.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>')
    parts["xl/workbook.xml"] = workbook.replace(
        "</sheets>", "".join(new_sheets) + "</sheets>"
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", "".join(new_rels) + "</Relationships>"
    ).encode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", "".join(new_types) + "</Types>"
    ).encode()
    parts.update(extra or {})
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def empty_cell_bomb(template: Path, out: Path, sheets: int = 12, megabytes: float = 1.0) -> Path:
    """A small file whose extra sheets hold ~1 MB of empty cells each (issue #15 item 2)."""
    sheet = empty_cells_sheet(megabytes)
    return with_parts(template, out, sheets=[sheet] * sheets)


def many_sheets(template: Path, out: Path, count: int) -> Path:
    tiny = (
        SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_TAIL
    )
    return with_parts(template, out, sheets=[tiny] * count)


def unused_shared_strings(template: Path, out: Path, megabytes: int) -> Path:
    """`megabytes` of shared strings no cell uses (compresses to about 1 %)."""
    entry = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    count = megabytes * 1024 * 1024 // len(entry)
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d"'
        b' uniqueCount="%d">' % (count, count)
    )
    return with_parts(template, out, shared_strings=head + entry * count + b"</sst>")


def many_tiny_strings(template: Path, out: Path, count: int) -> Path:
    """Many tiny shared strings: a small part, but each one an object in memory."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return with_parts(template, out, shared_strings=head + b"<si><t>a</t></si>" * count + b"</sst>")
