"""The cells of a scanned workbook, read with expat in one pass per part (issue #16: 2,000
county files ≤ 60 s).

openpyxl's read-only mode built a Worksheet, a stylesheet of objects and a Cell per
cell through ElementTree for every file, only for the reader to keep the non-empty
cells' values and number formats: two thirds of a city import's time. Here each part
the reader needs (the sheets within the extent `scan` found, the shared strings, the
number formats of the cell styles, the defined names) is streamed once, after `scan`
has checked it within its budget, and a cell gets the value and type openpyxl's reader
gives it (numbers int or float, dates by their format, booleans, shared and inline
strings, formulas as text with shared ones translated), so the reader reads as before.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from msgspec import Struct, field

from siwu_desktop.excel import scan

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class Cell(Struct):
    row: int
    column: int
    value: Any
    data_type: str
    number_format: str


class Part(Struct):
    """What the reader needs of the workbook besides the cells."""

    formats: list[str] = field(default_factory=list)  # number format by cell style id
    strings: list[str] = field(default_factory=list)
    names: Any = None  # openpyxl DefinedNameList of xl/workbook.xml
    epoch: Any = None


def _parse(zf: zipfile.ZipFile, part: str, handlers: dict[str, Callable[..., None]]) -> None:
    parser = expat.ParserCreate(namespace_separator="}")
    for name, handler in handlers.items():
        setattr(parser, name, handler)

    def refuse(*_: Any) -> None:  # scan refused these already; a part is read once more here
        raise ValueError("DTD")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with zf.open(part) as fh:
        scan._feed(parser, fh)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def number_formats(zf: zipfile.ZipFile) -> list[str]:
    """The number format of each cell style (cellXfs), as openpyxl names it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    if "xl/styles.xml" not in zf.namelist():
        return []
    custom: dict[int, str] = {}
    ids: list[int] = []
    inside = [False]

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            inside[0] = True
        elif local == "xf" and inside[0]:
            ids.append(int(attrs.get("numFmtId", "0")))

    def end(tag: str) -> None:
        if _local(tag) == "cellXfs":
            inside[0] = False

    _parse(zf, "xl/styles.xml", {"StartElementHandler": start, "EndElementHandler": end})
    return [custom.get(i) or BUILTIN_FORMATS.get(i, "General") for i in ids]


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared strings as plain text (runs joined, phonetic runs left out), as openpyxl."""
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    strings: list[str] = []
    text: list[str] = []
    depth = {"rPh": 0, "t": 0}

    def start(tag: str, _attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "si":
            text.clear()
        elif local in depth:
            depth[local] += 1

    def end(tag: str) -> None:
        local = _local(tag)
        if local == "si":
            strings.append("".join(text).replace("x005F_", ""))
        elif local in depth:
            depth[local] -= 1

    def chars(data: str) -> None:
        if depth["t"] and not depth["rPh"]:
            text.append(data)

    handlers: dict[str, Callable[..., None]] = {
        "StartElementHandler": start,
        "EndElementHandler": end,
        "CharacterDataHandler": chars,
    }
    _parse(zf, "xl/sharedStrings.xml", handlers)
    return strings


def workbook_part(zf: zipfile.ZipFile) -> tuple[Any, Any]:
    """(defined names, date epoch) of xl/workbook.xml, parsed by openpyxl's own classes."""
    from openpyxl.packaging.workbook import WorkbookPackage
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    root = ElementTree.fromstring(zf.read("xl/workbook.xml"))  # scan refused DTDs in it
    package = WorkbookPackage.from_tree(root)
    date1904 = package.workbookPr is not None and package.workbookPr.date1904
    return package.definedNames, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900


def read_part(zf: zipfile.ZipFile) -> Part:
    names, epoch = workbook_part(zf)
    return Part(number_formats(zf), shared_strings(zf), names, epoch)


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class _SheetReader:
    """One sheet's cells within (max_row, max_column), typed as openpyxl types them."""

    def __init__(self, book: Part, max_row: int, max_column: int) -> None:
        from openpyxl.styles.numbers import is_date_format, is_timedelta_format

        self.book, self.max_row, self.max_column = book, max_row, max_column
        self.dates = {i for i, f in enumerate(book.formats) if is_date_format(f)}
        self.durations = {i for i, f in enumerate(book.formats) if is_timedelta_format(f)}
        self.cells: dict[tuple[int, int], Cell] = {}
        self.row = self.column = 0
        self.shared_formulae: dict[str, Any] = {}
        self.c: dict[str, str] | None = None  # the open <c>'s attributes
        self.f: dict[str, str] | None = None  # its <f>'s attributes
        self.text: dict[str, list[str]] = {}  # v / f / is text of the open <c>
        self.into: list[str] = []  # where character data goes (a stack)
        self.inline = {"rPh": 0, "t": 0}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if self.c is not None:
            if local in ("v", "f") and not self.into:
                self.into.append(local)
                self.text[local] = []
                if local == "f":
                    self.f = attrs
            elif local == "is" and not self.into:
                self.into.append("is")
                self.text["is"] = []
            elif local in self.inline and self.into == ["is"]:
                self.inline[local] += 1
            return
        if local == "c":
            self.c, self.f, self.text = attrs, None, {}
        elif local == "row":
            given = attrs.get("r")
            if given is not None:
                value = float(given) if not given.isdigit() else int(given)
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError(f"row {given}")
                self.row = int(value)
            else:
                self.row += 1
            self.column = 0

    def chars(self, data: str) -> None:
        if not self.into:
            return
        where = self.into[-1]
        if where == "is":
            if self.inline["t"] and not self.inline["rPh"]:
                self.text["is"].append(data)
        else:
            self.text[where].append(data)

    def end(self, tag: str) -> None:
        local = _local(tag)
        if self.c is None:
            return
        if local == "c":
            self.close_cell()
            self.c = None
        elif self.into and local == self.into[-1]:
            self.into.pop()
        elif local in self.inline and self.into == ["is"]:
            self.inline[local] -= 1

    def close_cell(self) -> None:
        from openpyxl.utils.cell import coordinate_to_tuple

        attrs = self.c
        assert attrs is not None
        coordinate = attrs.get("r")
        if coordinate:
            self.row, self.column = coordinate_to_tuple(coordinate)
        else:
            self.column += 1
        row, column = self.row, self.column
        if row < 1 or column < 1 or row > self.max_row or column > self.max_column:
            return
        style = int(attrs.get("s") or 0)
        value, data_type = self.value(attrs.get("t", "n"), style, coordinate)
        if value is None or value == "":
            return
        fmt = self.book.formats[style] if style < len(self.book.formats) else "General"
        self.cells[row, column] = Cell(row, column, value, data_type, fmt)

    def value(self, data_type: str, style: int, coordinate: str | None) -> tuple[Any, str]:
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        value: Any = None
        if data_type != "inlineStr":
            value = "".join(self.text["v"]) if "v" in self.text else None
            value = value or None
        if self.f is not None:
            return self.formula(coordinate), "f"
        if value is not None:
            if data_type == "n":
                value = _number(value)
                if style in self.dates:
                    try:
                        value = from_excel(
                            value, self.book.epoch, timedelta=style in self.durations
                        )
                    except (OverflowError, ValueError):
                        return "#VALUE!", "e"
                    return value, "d"
            elif data_type == "s":
                value = self.book.strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "str":
                data_type = "s"
            elif data_type == "d":
                value = from_ISO8601(value)
        elif data_type == "inlineStr" and "is" in self.text:
            return "".join(self.text["is"]), "s"
        return value, data_type

    def formula(self, coordinate: str | None) -> Any:
        from openpyxl.formula.translate import Translator
        from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

        attrs = self.f or {}
        text = "".join(self.text.get("f", []))
        value: Any = "=" + text
        kind = attrs.get("t")
        if kind == "array":
            return ArrayFormula(ref=attrs.get("ref"), text=value)
        if kind == "shared":
            index = attrs.get("si", "")
            if index in self.shared_formulae:
                return self.shared_formulae[index].translate_formula(coordinate)
            if value != "=":
                self.shared_formulae[index] = Translator(value, coordinate)
        elif kind == "dataTable":
            return DataTableFormula(**attrs)
        return value


def read_sheet(
    zf: zipfile.ZipFile, sheet: scan.SheetScan, book: Part
) -> dict[tuple[int, int], Cell]:
    """The non-empty cells of one sheet within the extent the scan found."""
    if not sheet.max_row:
        return {}
    reader = _SheetReader(book, sheet.max_row, sheet.max_column)
    handlers: dict[str, Callable[..., None]] = {
        "StartElementHandler": reader.start,
        "EndElementHandler": reader.end,
        "CharacterDataHandler": reader.chars,
    }
    _parse(zf, sheet.part, handlers)
    return reader.cells
