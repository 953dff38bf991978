"""Reading a workbook within a budget: every part streamed once, refused the moment it is over.

A return workbook is small (the largest we write has about 1,500 cells in 6 sheets and
150 KB unzipped); a crafted one can be small on disk and still ask for gigabytes once
parsed (a dozen sheets of empty cells, 180 MB of unused shared strings). So before
openpyxl sees a file, each XML part is streamed through expat with counters (sheets,
cells, rows, shared strings, unzipped bytes), and reading stops at the first counter over
its budget: a hostile file is refused after reading at most the budget, never the file.
The scan also collects what the reader needs and openpyxl's read-only mode does not
give: each sheet's merged ranges and the extent of its non-empty cells.

The zip's declared sizes are trustworthy upper bounds: Python's zipfile never returns
more bytes than a member declares (and checks its CRC at the end).
"""

from __future__ import annotations

import codecs
import posixpath
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from msgspec import Struct, field

from siwu_desktop.excel import messages as msg

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024  # all parts together, as declared by the zip
MAX_PART_BYTES = 30 * 1024 * 1024  # any one part
MAX_STRINGS_BYTES = 10 * 1024 * 1024  # the shared strings part
MAX_STYLES_BYTES = 5 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_SHEETS = 40
MAX_CELLS = 100_000  # every <c> element of every sheet, empty or not
MAX_ROWS = 60_000  # every <row> element
MAX_STRINGS = 100_000  # shared string entries
MAX_ROW_INDEX = 25_000  # a non-empty cell below this row is outside any return
MAX_COLUMN_INDEX = 200
CHUNK = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$")


class StatedReturn(Struct, frozen=True):
    """What a sheet says it is (its metadata), whether or not the rest of it can be read."""

    city: str
    county: str
    form: str
    year: int
    period: str
    revision: int | None


class WorkbookRejected(Exception):
    """A file that cannot be read as a return; the message (Chinese) says why and where.
    `stated`: the returns the file says it holds, when its metadata could be read (an
    export edited after it left: the city's board shows that county's file as refused)."""

    def __init__(self, message: str, stated: tuple[StatedReturn, ...] = ()) -> None:
        self.message = message
        self.stated = stated
        super().__init__(message)


class _Over(Exception):
    """A counter went over its budget inside an expat handler; carries the refusal."""

    def __init__(self, message: str) -> None:
        self.message = message


class SheetScan(Struct):
    title: str
    part: str
    merges: list[str] = field(default_factory=list)
    max_row: int = 0  # of cells with content
    max_column: int = 0
    chart: bool = False  # a chartsheet, not a worksheet


class Scan(Struct):
    """What the scan found: the sheets in order, and what is worth a note to the person."""

    sheets: list[SheetScan]
    notes: list[str] = field(default_factory=list)


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


SNIFF_BYTES = 512  # enough to tell a web page or a CSV from a workbook


class _Budget:
    def __init__(self, file: str) -> None:
        self.file = file
        self.cells = self.rows = self.strings = 0

    def over(self, what: str) -> _Over:
        return _Over(msg.OVER_BUDGET.format(file=self.file, what=what))


def _stream(zf: zipfile.ZipFile, part: str, start: Callable[[str, dict[str, str]], None]) -> None:
    """Parse one part with expat, calling `start` for each element; DTDs refused."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start

    def refuse(*_: Any) -> None:
        raise _Over(msg.UNSAFE_XML.format(file="{file}", reason="DTD/实体声明"))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with zf.open(part) as fh:
        _feed(parser, fh)


def _feed(parser: Any, fh: IO[bytes]) -> None:
    while chunk := fh.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_file_kind(path: Path) -> None:
    """Refusals that need only the first bytes: missing, unreadable, lock file, .xls, encrypted."""
    name = path.name
    if name.startswith("~$"):
        raise WorkbookRejected(msg.LOCK_FILE.format(file=name))
    try:
        if path.is_dir():
            raise WorkbookRejected(msg.IS_FOLDER.format(file=name))
        if not path.is_file():
            raise WorkbookRejected(msg.NOT_FOUND.format(file=name))
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
            ole = head[:8] == OLE_MAGIC
            body = fh.read() if ole and size <= MAX_FILE_BYTES else b""
    except PermissionError:
        raise WorkbookRejected(msg.NO_PERMISSION.format(file=name)) from None
    except OSError as exc:
        raise WorkbookRejected(msg.UNREADABLE.format(file=name, reason=exc.strerror)) from None
    if size > MAX_FILE_BYTES:
        raise WorkbookRejected(
            msg.TOO_LARGE.format(
                file=name, size=f"{size / 1048576:.1f}", limit=MAX_FILE_BYTES // 1048576
            )
        )
    if ole:
        encrypted = ENCRYPTED_STREAM in body
        raise WorkbookRejected((msg.ENCRYPTED if encrypted else msg.OLD_XLS).format(file=name))
    if size == 0:
        raise WorkbookRejected(msg.EMPTY_FILE.format(file=name))
    if not head.startswith(b"PK"):
        raise WorkbookRejected(_not_xlsx(head).format(file=name))


def _not_xlsx(head: bytes) -> str:
    """What a file that is no zip most likely is, by its first bytes: a web page saved as a
    spreadsheet (many reporting systems export their "Excel" so), a CSV or other text, or
    something else."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
        return msg.NOT_XLSX_HTML
    if b"\x00" not in head:
        for encoding in ("utf-8", "gb18030"):  # a character cut at SNIFF_BYTES is no error
            try:
                codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            except UnicodeDecodeError:
                continue
            return msg.NOT_XLSX_TEXT
    return msg.NOT_XLSX


def scan(path: Path) -> Scan:
    """Check the file within the budget; raises WorkbookRejected naming what was over."""
    check_file_kind(path)
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            return _scan_zip(zf, name)
    except _Over as over:
        raise WorkbookRejected(over.message.replace("{file}", name)) from None
    except zipfile.BadZipFile:  # it starts as a zip does (check_file_kind): cut short
        why = msg.REASON_TRUNCATED
        raise WorkbookRejected(msg.DAMAGED.format(file=name, reason=why)) from None
    except expat.ExpatError as exc:
        why = msg.XML_ERROR.format(error=expat.ErrorString(exc.code), line=exc.lineno)
        raise WorkbookRejected(msg.DAMAGED.format(file=name, reason=why)) from None
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise WorkbookRejected(msg.DAMAGED.format(file=name, reason=reason(exc))) from None


def reason(exc: BaseException) -> str:
    """A short Chinese reason for a broken zip member (CRC, compression method, password)."""
    text = str(exc)
    if "CRC" in text:
        return msg.REASON_CRC
    if "compression" in text.lower() or isinstance(exc, NotImplementedError):
        return msg.REASON_COMPRESSION
    if "password" in text.lower() or "encrypted" in text.lower():
        return msg.REASON_PASSWORD
    return msg.REASON_TRUNCATED


def _scan_zip(zf: zipfile.ZipFile, name: str) -> Scan:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise WorkbookRejected(msg.TOO_MANY_PARTS.format(file=name, count=len(infos)))
    sizes = {i.filename: i.file_size for i in infos}
    total = sum(sizes.values())
    if total > MAX_UNZIPPED_BYTES:
        what = msg.WHAT_UNZIPPED.format(size=total // 1048576, limit=MAX_UNZIPPED_BYTES // 1048576)
        raise WorkbookRejected(msg.ZIP_BOMB.format(file=name, what=what))
    for part, size in sizes.items():
        limit = {"xl/sharedStrings.xml": MAX_STRINGS_BYTES, "xl/styles.xml": MAX_STYLES_BYTES}
        if size > limit.get(part, MAX_PART_BYTES):
            what = msg.WHAT_PART.format(part=part[:60], size=f"{size / 1048576:.1f}")
            raise WorkbookRejected(msg.ZIP_BOMB.format(file=name, what=what))
    if "[Content_Types].xml" not in sizes or "xl/workbook.xml" not in sizes:
        raise WorkbookRejected(msg.NOT_XLSX.format(file=name))
    budget = _Budget(name)
    sheets = _sheets(zf, budget)
    if "xl/sharedStrings.xml" in sizes:
        _strings(zf, budget)
    for sheet in sheets:
        if sheet.part not in sizes:
            raise WorkbookRejected(msg.SHEET_PART_MISSING.format(file=name, sheet=sheet.title))
        _sheet(zf, sheet, budget)
    notes = []
    if any(p.startswith("xl/externalLinks/") for p in sizes):
        notes.append(msg.NOTE_EXTERNAL_LINKS)
    if any(p.lower().endswith("vbaproject.bin") for p in sizes):
        notes.append(msg.NOTE_MACROS)
    return Scan(sheets, notes)


def _sheets(zf: zipfile.ZipFile, budget: _Budget) -> list[SheetScan]:
    """The sheets of xl/workbook.xml in order, with their parts (from the relationships)."""
    found: list[tuple[str, str]] = []

    def sheet(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "sheet":
            found.append((attrs.get("name", ""), attrs.get(f"{REL_NS}}}id", "")))
            if len(found) > MAX_SHEETS:
                raise budget.over(msg.WHAT_SHEETS.format(limit=MAX_SHEETS))

    _stream(zf, "xl/workbook.xml", sheet)
    targets: dict[str, str] = {}
    charts: set[str] = set()

    def rel(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and len(targets) <= MAX_MEMBERS:
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attrs.get("Id", "")] = posixpath.normpath(part)
            if "chartsheet" in attrs.get("Type", ""):
                charts.add(attrs.get("Id", ""))

    if "xl/_rels/workbook.xml.rels" in zf.namelist():
        _stream(zf, "xl/_rels/workbook.xml.rels", rel)
    return [SheetScan(title, targets.get(rid, ""), chart=rid in charts) for title, rid in found]


def _strings(zf: zipfile.ZipFile, budget: _Budget) -> None:
    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "si":
            budget.strings += 1
            if budget.strings > MAX_STRINGS:
                raise budget.over(msg.WHAT_STRINGS.format(limit=MAX_STRINGS))

    _stream(zf, "xl/sharedStrings.xml", start)


def _sheet(zf: zipfile.ZipFile, sheet: SheetScan, budget: _Budget) -> None:
    """Count rows and cells, collect merges and the extent of non-empty cells."""
    current = [0, 0]  # row and column of the open <c>
    row_no = [0]  # the open <row>: cells without a reference count on from it, as openpyxl does

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "c":
            budget.cells += 1
            if budget.cells > MAX_CELLS:
                raise budget.over(msg.WHAT_CELLS.format(limit=MAX_CELLS))
            match = _CELL_REF.match(attrs.get("r", ""))
            if match:
                current[:] = [int(match.group(2)), column_index(match.group(1))]
            else:
                current[:] = [row_no[0], current[1] + 1]
            if attrs.get("t") == "inlineStr":
                _content()
        elif local in ("v", "f", "is"):
            _content()
        elif local == "row":
            budget.rows += 1
            if budget.rows > MAX_ROWS:
                raise budget.over(msg.WHAT_ROWS.format(limit=MAX_ROWS))
            given = attrs.get("r", "")
            row_no[0] = int(given) if given.isdigit() else row_no[0] + 1
            current[:] = [row_no[0], 0]
        elif local == "mergeCell":
            sheet.merges.append(attrs.get("ref", ""))
            if len(sheet.merges) > MAX_CELLS:
                raise budget.over(msg.WHAT_CELLS.format(limit=MAX_CELLS))

    def _content() -> None:
        row, col = current
        if row > MAX_ROW_INDEX or col > MAX_COLUMN_INDEX:
            raise budget.over(msg.WHAT_EXTENT.format(sheet=sheet.title, row=row, col=col))
        sheet.max_row = max(sheet.max_row, row)
        sheet.max_column = max(sheet.max_column, col)

    _stream(zf, sheet.part, start)
