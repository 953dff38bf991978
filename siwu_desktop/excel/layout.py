"""The sheet of one return, laid out like the annex tables: title, 表号, 填报单位, 报告期,
column heads, the table, signature lines, digest — for a blank template or an export.

Every cell the reader needs gets a sheet-scoped defined name (the `cell` of the form
declaration, plus `SIWU_*` names for identity, signatures and the notes block), so a
city may restyle a template freely as long as the names stay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from msgspec import Struct, field
from openpyxl.styles import NamedStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from siwu_desktop.core import units
from siwu_desktop.core.forms import (
    CHOICE,
    DATE,
    INPUT,
    NONCONVENTIONAL_PARTS,
    NOT_JUDGED,
    NUMBER,
    SECTION_BASE,
    SECTION_REFERENCE,
    SECTOR_GROUPS,
    SECTORS,
    Field,
    FormSpec,
    group_row_key,
    reference_commitment,
    reference_sources,
)
from siwu_desktop.core.returns import ReturnMetadata
from siwu_desktop.core.terms import MetaField
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel import style as st

# Sheet-scoped names beyond the form's own cells.
SIGNATURE_NAMES = (
    (MetaField.HEAD, "SIWU_head"),
    (MetaField.REVIEWER, "SIWU_reviewer"),
    (MetaField.PREPARER, "SIWU_preparer"),
    (MetaField.PHONE, "SIWU_phone"),
    (MetaField.DATE, "SIWU_date"),
)
NAME_DIGEST = "SIWU_digest"
NAME_UNIT = "SIWU_unit"
NAME_NOTES_FIRST = "SIWU_notes_first_row"
NAME_NOTES_END = "SIWU_notes_end"
LEDGER_END = "T4_ledger_end"
TEMPLATE_LEDGER_ROWS = 30
VALIDATION_ROWS = 500  # data validation reaches past the template's blank rows

HEADER_ROWS = 4  # title, 表号, 填报单位/报告期, status line


class SheetHeader(Struct):
    form: FormSpec
    issuer: str  # 市水利局 / 市水务局
    unit_name: str
    county: str
    code: str
    year: int
    period: str
    template: bool
    status_line: str
    draft: bool = False
    digest: str | None = None
    meta_line: str = ""
    signatures: ReturnMetadata = field(default_factory=ReturnMetadata)


class SheetFill(Struct):
    """What goes into the cells; empty for a blank template except the reference targets."""

    values: Mapping[str, Any] = field(default_factory=dict)  # field id → cell value
    targets: Mapping[str, Decimal | str] = field(default_factory=dict)  # str: 未下达县级指标
    attributes: Mapping[str, str] = field(default_factory=dict)
    last_year: Mapping[str, Decimal | None] = field(default_factory=dict)
    status: Mapping[str, str] = field(default_factory=dict)
    field_notes: Mapping[str, str] = field(default_factory=dict)
    rows: Sequence[Mapping[str, Any]] = ()  # table rows: column id → cell value
    row_keys: Sequence[str] = ()
    notes: Sequence[tuple[str, str]] = ()  # (label, text) in explanation-key order
    refused: frozenset[str] = frozenset()  # field ids (or "row:col") shown in red


class Layout(Struct):
    """Where things landed, for names, validation and the reader's expectations."""

    columns: int = 0
    widths: dict[int, float] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name → "$F$7" / "$A$9:$A$12"
    number_cells: list[tuple[str, Field]] = field(default_factory=list)
    choice_cells: list[tuple[str, Field]] = field(default_factory=list)
    head_rows: tuple[int, int] = (5, 5)
    freeze: str = "A6"
    row: int = 1


def _abs(col: int, row: int) -> str:
    return f"${get_column_letter(col)}${row}"


# (ids of the style objects, …) → (name, the objects): kept alive so an id is never reused
_NAMES: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}


def _style_name(*parts: Any) -> str:
    """A name drawn from the combination itself (its repr, worked out once per process)."""
    key = tuple(p if isinstance(p, bool | str | None) else id(p) for p in parts)
    known = _NAMES.get(key)
    if known is None:
        name = "表格-" + hashlib.blake2b(repr(parts).encode(), digest_size=4).hexdigest()
        known = _NAMES[key] = (name, parts)
    return known[0]


def _named_style(
    ws: Worksheet, font: Any, align: Any, border: bool, fill: Any, fmt: str | None, unlocked: bool
) -> str:
    """The workbook's hidden named style for one combination, registered on first use. Its
    name is drawn from the combination itself, so every sheet of a workbook shares it."""
    name = _style_name(font, align, border, fill, fmt, unlocked)
    book = ws.parent
    if name not in book.named_styles:
        style = NamedStyle(
            name=name,
            font=font,
            fill=st.NO_FILL if fill is None else fill,
            border=st.BOX if border else st.PLAIN,
            alignment=align,
            number_format=fmt,
            protection=st.UNLOCKED if unlocked else st.LOCKED,
            hidden=True,
        )
        book.add_named_style(style)
    return name


class _Writer:
    def __init__(self, ws: Worksheet, header: SheetHeader, fill: SheetFill) -> None:
        self.ws = ws
        self.h = header
        self.f = fill
        self.lay = Layout()
        self.styles: dict[tuple[Any, ...], str] = {}

    # --- cells -------------------------------------------------------------------------------

    def cell(
        self,
        row: int,
        col: int,
        value: Any = None,
        *,
        font: Any = st.BODY,
        align: Any = st.CENTER,
        border: bool = True,
        fill: Any = None,
        fmt: str | None = None,
        editable: bool = False,
    ) -> Any:
        c = self.ws.cell(row=row, column=col)
        unlocked = editable and self.h.template
        if unlocked:
            fill = st.INPUT_FILL
        if fmt is None and isinstance(value, dt.date):
            fmt = st.DATE_FORMAT
        # one hidden named style per combination: assigning a name is much cheaper than
        # setting font, alignment, border, fill, format and protection cell by cell
        # (openpyxl hashes every style object on each assignment)
        key = (id(font), id(align), border, id(fill), fmt, unlocked)
        name = self.styles.get(key)
        if name is None:
            name = _named_style(self.ws, font, align, border, fill, fmt, unlocked)
            self.styles[key] = name
        c.style = name
        if value is not None:
            st.put(c, value)
        return c

    def merge(self, row: int, first: int, last: int, value: Any, **kw: Any) -> None:
        self.cell(row, first, value, **kw)
        if last > first:
            # merged before the other cells exist: MergedCellRange would otherwise set the
            # first cell's border again from the last one's (the same border, hashed anew)
            self.span(row, first, row, last)
        for col in range(first + 1, last + 1):
            self.cell(row, col, None, **kw)

    def span(self, first_row: int, first: int, last_row: int, last: int) -> None:
        """A merged range whose cells this writer has already styled (openpyxl's
        merge_cells would restyle every edge cell again, slowly)."""
        ref = f"{get_column_letter(first)}{first_row}:{get_column_letter(last)}{last_row}"
        self.ws.merged_cells.add(MergedCellRange(self.ws, ref))

    def name(self, name: str, col: int, row: int, last_col: int | None = None) -> None:
        ref = _abs(col, row) + (f":{_abs(last_col, row)}" if last_col else "")
        self.lay.names[name] = ref

    def value_cell(
        self, row: int, col: int, spec: Field, value: Any, *, refused: bool = False
    ) -> None:
        editable = spec.kind == INPUT
        fmt = None
        align = st.CENTER
        if spec.value_type == NUMBER:
            fmt = st.number_format(spec.precision)
            align = st.RIGHT if isinstance(value, Decimal) or value is None else st.CENTER
            if not editable and isinstance(value, Decimal):
                value = st.computed(value, spec.precision)
        elif spec.value_type == DATE:
            fmt = st.DATE_FORMAT
        elif spec.value_type != CHOICE and spec.id != "number":
            align = st.LEFT
        font = st.REFUSED if refused else st.BODY
        fill = st.SECTION_FILL if (self.h.template and not editable) else None
        self.cell(row, col, value, fmt=fmt, align=align, editable=editable, font=font, fill=fill)
        coord = f"{get_column_letter(col)}{row}"
        if editable and spec.value_type == NUMBER:
            self.lay.number_cells.append((coord, spec))
        elif editable and spec.value_type == CHOICE:
            self.lay.choice_cells.append((coord, spec))

    # --- the frame ---------------------------------------------------------------------------

    def header(self, columns: int) -> None:
        h, ws = self.h, self.ws
        self.lay.columns = columns
        title = h.form.title
        ws.row_dimensions[1].height = 30
        self.merge(1, 1, columns, title, font=st.TITLE, border=False)
        mid = max(2, columns // 2)
        self.merge(
            2,
            1,
            mid,
            msg.FORM_NUMBER.format(short=h.form.short),
            align=st.LEFT_NOWRAP,
            border=False,
        )
        self.merge(
            2,
            mid + 1,
            columns,
            msg.ISSUER.format(city=h.form.city, bureau=h.issuer.removeprefix(h.form.city)),
            align=st.RIGHT_NOWRAP,
            border=False,
        )
        third = max(1, columns // 3)
        self.merge(
            3,
            1,
            third,
            msg.UNIT.format(unit=h.unit_name or f"{h.county}水利局"),
            align=st.LEFT_NOWRAP,
            border=False,
        )
        self.name(NAME_UNIT, 1, 3)
        self.merge(
            3,
            third + 1,
            2 * third,
            f"{msg.CODE.format(code=h.code)}　{msg.PERIOD.format(period=msg.period_text(h.year, h.period))}",
            align=st.CENTER,
            border=False,
        )
        note = msg.UNITS_WAN_M3 if h.form.id == "t2" else msg.UNITS_NOTE
        self.merge(3, 2 * third + 1, columns, note, align=st.RIGHT_NOWRAP, border=False)
        font = st.DRAFT if h.draft else st.BODY
        line = h.status_line
        self.merge(4, 1, columns, line, font=font, align=st.LEFT_NOWRAP, border=False)

    def heads(self, row: int, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels, start=1):
            self.cell(row, col, label, font=st.HEAD, fill=st.HEAD_FILL)
        self.ws.row_dimensions[row].height = 30

    def footer(self, row: int) -> int:
        """Signature lines, digest and metadata; returns the next free row."""
        h, cols = self.h, self.lay.columns
        row += 1
        spans = _spans(cols, len(SIGNATURE_NAMES))
        for (key, name), (first, last) in zip(SIGNATURE_NAMES, spans, strict=True):
            text = f"{signature_label(key)}：{h.signatures.get(key)}"
            self.merge(row, first, last, text, align=st.LEFT_NOWRAP, border=False, editable=True)
            self.name(name, first, row)
        self.ws.row_dimensions[row].height = 24
        row += 1
        # the unit's seal goes beside the signatures, at the right, with room to stamp
        first, last = spans[-2][0], cols
        self.merge(row, first, last, msg.STAMP, align=st.RIGHT_NOWRAP, border=False)
        self.ws.row_dimensions[row].height = 24
        row += 1
        if h.digest is not None:
            text = (msg.DIGEST_DRAFT if h.draft else msg.DIGEST_LINE).format(digest=h.digest)
            self.merge(row, 1, cols, text, font=st.SMALL, align=st.LEFT_NOWRAP, border=False)
            self.name(NAME_DIGEST, 1, row)
            row += 1
        if h.meta_line:
            self.merge(row, 1, cols, h.meta_line, font=st.SMALL, align=st.LEFT, border=False)
            self.ws.row_dimensions[row].height = 24
            row += 1
        return row

    def notes(self, row: int) -> int:
        """情况说明 (explanations) of an exported return, one per row, in key order."""
        if self.h.template or not self.f.notes:
            return row
        cols = self.lay.columns
        row += 1
        self.merge(row, 1, cols, msg.NOTES_TITLE, font=st.HEAD, align=st.LEFT_NOWRAP, border=False)
        row += 1
        label_last = max(2, cols // 3)
        self.cell(row, 1, msg.NOTES_HEAD[0], font=st.HEAD, fill=st.HEAD_FILL)
        self.merge(row, 2, label_last, msg.NOTES_HEAD[1], font=st.HEAD, fill=st.HEAD_FILL)
        self.merge(row, label_last + 1, cols, msg.NOTES_HEAD[2], font=st.HEAD, fill=st.HEAD_FILL)
        row += 1
        self.name(NAME_NOTES_FIRST, 1, row)
        text_width = sum(self.lay.widths.get(c, 10) for c in range(label_last + 1, cols + 1))
        for i, (label, text) in enumerate(self.f.notes, start=1):
            self.cell(row, 1, str(i))
            self.merge(row, 2, label_last, label, align=st.LEFT)
            self.merge(row, label_last + 1, cols, text, align=st.LEFT)
            self.ws.row_dimensions[row].height = _height(text, text_width)
            row += 1
        self.name(NAME_NOTES_END, 1, row)
        return row

    def widths(self, widths: Sequence[float]) -> None:
        for col, w in enumerate(widths, start=1):
            self.lay.widths[col] = w
            self.ws.column_dimensions[get_column_letter(col)].width = w


def signature_label(name: MetaField) -> str:
    """The label of a signature line: the date is 报出日期 on the sheet."""
    return msg.REPORT_DATE if name is MetaField.DATE else name.label


def _spans(columns: int, parts: int) -> list[tuple[int, int]]:
    """`parts` runs of adjacent columns covering 1..columns as evenly as possible."""
    if columns < parts:
        columns = parts
    base, extra = divmod(columns, parts)
    out, first = [], 1
    for i in range(parts):
        size = base + (1 if i < extra else 0)
        out.append((first, first + size - 1))
        first += size
    return out


def _height(text: str, col_width: float, line: float = 14.0) -> float:
    """Row height for wrapped text: Excel never grows a row by itself when a file opens."""
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, math.ceil(st.width(part) / max(col_width - 1, 1)))
    return max(20.0, lines * line + 4)


# --- 表一 ------------------------------------------------------------------------------------


def _t1(w: _Writer) -> int:
    form, f = w.h.form, w.f
    w.widths([5, 36, 13, 9, 13, 14, 14, 18, 30])
    w.header(9)
    row = HEADER_ROWS + 1
    w.heads(row, msg.T1_HEAD)
    w.lay.head_rows = (row, row)
    w.lay.freeze = f"C{row + 1}"
    row += 1
    own = (SECTION_BASE, SECTION_REFERENCE)
    sections = [
        (msg.SECTION_INDICATORS, [x for x in form.fields if x.section not in own]),
        (msg.SECTION_BASE, [x for x in form.fields if x.section == SECTION_BASE]),
        (msg.SECTION_REFERENCE, [x for x in form.fields if x.section == SECTION_REFERENCE]),
    ]
    for title, fields in sections:
        if not fields:
            continue
        w.merge(row, 1, 9, title, font=st.HEAD, align=st.LEFT_NOWRAP, fill=st.SECTION_FILL)
        row += 1
        for n, spec in enumerate(fields, start=1):
            w.cell(row, 1, str(n))
            w.cell(row, 2, spec.label, align=st.LEFT)
            w.cell(row, 3, spec.unit or "—")
            w.cell(row, 4, f.attributes.get(spec.id, ""))
            fmt = st.number_format(spec.precision)
            target = f.targets.get(spec.id)
            if isinstance(target, str):  # a county quantity without its allocation
                w.cell(row, 5, target, align=st.CENTER)
            else:
                w.cell(row, 5, _computed(target, spec), fmt=fmt, align=st.RIGHT)
            w.value_cell(row, 6, spec, f.values.get(spec.id), refused=spec.id in f.refused)
            w.name(spec.cell, 6, row)
            last = f.last_year.get(spec.id)
            w.cell(row, 7, _computed(last, spec), fmt=fmt, align=st.RIGHT)
            w.cell(row, 8, f.status.get(spec.id, ""))
            note = f.field_notes.get(spec.id, "")
            if spec.references:  # 参考事项 (#18 item 5): the commitment and its source
                w.cell(row, 5, reference_commitment(spec.references), align=st.LEFT)
                w.cell(row, 8, NOT_JUDGED)
                note = "；".join(t for t in (note, reference_sources(spec.references)) if t)
            w.cell(row, 9, note, align=st.LEFT)
            if note or st.width(spec.label) > 44:
                w.ws.row_dimensions[row].height = max(_height(spec.label, 38), _height(note, 31))
            row += 1
    return row


# --- 表二 ------------------------------------------------------------------------------------


def _t2(w: _Writer) -> int:
    form, f = w.h.form, w.f
    conventional = [
        (c, label)
        for c, label in (
            ("surface", "地表水"),
            ("yellow_river", "黄河水"),
            ("transferred", "引江水"),
        )
        if f"industry_{c}" in form.index
    ] + [("groundwater", "地下水")]
    columns = [
        *conventional,
        *NONCONVENTIONAL_PARTS,
        ("nonconventional", "小计"),
        ("total", msg.T2_TOTAL_COLUMN),
    ]
    ncols = 2 + len(columns)
    w.widths([5, 18, *([11.5] * len(columns))])
    w.header(ncols)
    top = HEADER_ROWS + 1
    sub = top + 1
    for col, label in ((1, "序号"), (2, "用水行业")):
        w.cell(top, col, label, font=st.HEAD, fill=st.HEAD_FILL)
        w.cell(sub, col, None, font=st.HEAD, fill=st.HEAD_FILL)
        w.span(top, col, sub, col)
    first_conv, last_conv = 3, 2 + len(conventional)
    w.merge(top, first_conv, last_conv, "常规水源", font=st.HEAD, fill=st.HEAD_FILL)
    first_nc = last_conv + 1
    last_nc = first_nc + len(NONCONVENTIONAL_PARTS)
    w.merge(top, first_nc, last_nc, "非常规水源", font=st.HEAD, fill=st.HEAD_FILL)
    w.cell(top, ncols, msg.T2_TOTAL_COLUMN, font=st.HEAD, fill=st.HEAD_FILL)
    w.cell(sub, ncols, None, font=st.HEAD, fill=st.HEAD_FILL)
    w.span(top, ncols, sub, ncols)
    for col, (_cid, label) in enumerate(columns[:-1], start=3):
        w.cell(sub, col, label, font=st.HEAD, fill=st.HEAD_FILL)
    w.ws.row_dimensions[top].height = 20
    w.ws.row_dimensions[sub].height = 30
    w.lay.head_rows = (top, sub)
    w.lay.freeze = f"C{sub + 1}"
    lines: list[tuple[str, str, str]] = []  # (row id, number, label)
    # statistical-form order: 生活小计, its sectors, 工业, 农业小计, its sectors, 生态, 合计
    seen_groups: set[str] = set()
    for n, (sector, label, group) in enumerate(SECTORS, start=1):
        if group and group not in seen_groups:
            seen_groups.add(group)
            lines.append((group, "", msg.SUBTOTAL.format(label=dict(SECTOR_GROUPS)[group])))
        lines.append((sector, str(n), ("　　" if group else "") + label))
    lines.append(("total", "", msg.T2_TOTAL))
    row = sub + 1
    for row_id, number, label in lines:
        bold = st.HEAD if not number else st.BODY
        w.cell(row, 1, number)
        w.cell(row, 2, label, align=st.LEFT, font=bold)
        for col, (cid, _l) in enumerate(columns, start=3):
            field_id = "total_use" if (row_id, cid) == ("total", "total") else f"{row_id}_{cid}"
            spec = form.index.get(field_id)
            if spec is None:
                w.cell(row, col, None)
                continue
            w.value_cell(row, col, spec, f.values.get(field_id), refused=field_id in f.refused)
            w.name(spec.cell, col, row)
        row += 1
    return row


# --- 表三 / 表四 -------------------------------------------------------------------------------

T3_WIDTHS = {
    "number": 6,
    "task": 46,
    "measures": 40,
    "deadline": 12,
    "lead": 16,
    "status": 10,
    "done_date": 12,
    "evidence": 18,
    "problems": 22,
    "overdue": 11,
}
T4_WIDTHS = {
    "number": 5,
    "name": 22,
    "q1": 11,
    "q2": 11,
    "q3": 11,
    "q4": 11,
    "uscc": 21,
    "industry": 10,
    "source": 11,
    "plan": 11,
    "annual": 11,
    "over": 10,
    "over_rate": 9,
    "surcharge": 9,
    "balance_test": 10,
}


def _table(w: _Writer) -> int:
    form, f = w.h.form, w.f
    assert form.table is not None
    table = form.table
    cols = table.columns
    widths_by_id = T3_WIDTHS if form.id == "t3" else T4_WIDTHS
    widths = [widths_by_id.get(c.id, 10) for c in cols]
    w.widths(widths)
    w.header(len(cols))
    head = HEADER_ROWS + 1
    labels = [c.label + (f"\n（{c.unit}）" if c.unit else "") for c in cols]
    w.heads(head, labels)
    lines = max(
        sum(max(1, math.ceil(st.width(p) / (widths[i] - 1))) for p in label.split("\n"))
        for i, label in enumerate(labels)
    )
    w.ws.row_dimensions[head].height = max(30, 13 * lines + 6)
    w.lay.head_rows = (head, head)
    w.lay.freeze = f"C{head + 1}"
    row = head + 1
    w.name(table.first_row_cell, 1, row)
    key_col = len(cols) + 1
    if form.id == "t3":
        rows: Sequence[Mapping[str, Any]] = f.rows or [{} for _ in table.fixed_rows]
        keys = list(f.row_keys) or [r.key for r in table.fixed_rows]
        w.ws.column_dimensions[get_column_letter(key_col)].hidden = True
    else:
        rows = f.rows if not w.h.template else [{} for _ in range(TEMPLATE_LEDGER_ROWS)]
        keys = []
    headings = table.headings(keys)
    for i, cells in enumerate(rows):
        if i in headings:  # 表三 of several documents: a heading row names each (#18)
            group = headings[i]
            w.merge(row, 1, len(cols), group.heading, font=st.HEAD, align=st.LEFT_NOWRAP)
            w.cell(row, key_col, group_row_key(group), border=False)
            w.ws.row_dimensions[row].height = 20.0
            row += 1
            if i == 0:  # the name stays on the first task's row
                w.name(table.first_row_cell, 1, row)
        height = 20.0
        for col, spec in enumerate(cols, start=1):
            value = cells.get(spec.id)
            if spec.id == "number" and value is None and form.id == "t4" and not w.h.template:
                value = str(i + 1)
            w.value_cell(row, col, spec, value, refused=f"{i}:{spec.id}" in f.refused)
            if isinstance(value, str) and spec.value_type != NUMBER:
                height = max(height, _height(value, widths[col - 1]))
        if keys:
            w.cell(row, key_col, keys[i], border=False)
        w.ws.row_dimensions[row].height = height
        row += 1
    if form.id == "t4":
        w.merge(row, 1, 5, msg.LEDGER_TOTAL, font=st.HEAD)
        totals = {"plan", "q1", "q2", "q3", "q4", "annual", "over"}
        for col, spec in enumerate(cols, start=1):
            if col <= 5:
                continue
            value = None
            if spec.id in totals and not w.h.template:
                value = sum(
                    (r[spec.id] for r in rows if isinstance(r.get(spec.id), Decimal)), Decimal(0)
                )
            fmt = st.number_format(spec.precision) if spec.value_type == NUMBER else None
            w.cell(row, col, _computed(value, spec), fmt=fmt, align=st.RIGHT, font=st.HEAD)
        w.name(LEDGER_END, 1, row)
        row += 1
    return row


def _computed(value: Decimal | None, spec: Field) -> Decimal | None:
    return None if value is None else st.computed(value, spec.precision)


BUILDERS = {"t1": _t1, "t2": _t2, "t3": _table, "t4": _table}


def write_sheet(ws: Worksheet, header: SheetHeader, fill: SheetFill) -> Layout:
    """Lay out one return on `ws`: cells, names (sheet-scoped), validation, protection, print."""
    w = _Writer(ws, header, fill)
    row = BUILDERS[header.form.id](w)
    table_end = row - 1
    row = w.footer(row)
    row = w.notes(row)
    lay = w.lay
    lay.row = row
    for name, ref in lay.names.items():
        ws.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(ws.title)}!{ref}")
    if header.template:
        _validations(ws, header.form, lay, table_end)
    ws.freeze_panes = lay.freeze
    _print_setup(ws, lay)
    _protect(ws, header)
    return lay


def _validations(ws: Worksheet, form: FormSpec, lay: Layout, table_end: int) -> None:
    """Numbers only in numeric cells, drop-downs for status columns (warnings, not stops:
    a clerk may still type “—” for 不适用)."""
    extend = form.id == "t4"
    by_rule: dict[tuple[str, str], DataValidation] = {}
    for coord, spec in lay.number_cells:
        low = spec.hard.low if spec.hard is not None else None
        key = ("n", units.plain(low) if low is not None else "")
        dv = by_rule.get(key)
        if dv is None:
            if low is not None:
                dv = DataValidation(
                    type="decimal", operator="greaterThanOrEqual", formula1=units.plain(low)
                )
            else:
                dv = DataValidation(type="decimal", operator="between", formula1="-1E+15")
                dv.formula2 = "1E+15"
            dv.errorStyle = "warning"
            dv.error = msg.NUMBER_ERROR
            dv.prompt = msg.NUMBER_PROMPT
            dv.showErrorMessage = True
            by_rule[key] = dv
        dv.add(_extended(coord, extend))
    for coord, spec in lay.choice_cells:
        key = ("c", spec.id)
        dv = by_rule.get(key)
        if dv is None:
            dv = DataValidation(type="list", formula1='"' + ",".join(spec.choices) + '"')
            dv.errorStyle = "warning"
            dv.error = msg.CHOICE_ERROR.format(choices="、".join(spec.choices))
            dv.prompt = msg.CHOICE_PROMPT
            dv.showErrorMessage = True
            by_rule[key] = dv
        dv.add(_extended(coord, extend))
    for dv in by_rule.values():
        ws.add_data_validation(dv)
    del table_end


def _extended(coord: str, extend: bool) -> str:
    """A ledger column's validation reaches VALIDATION_ROWS rows below its first data row."""
    if not extend:
        return coord
    letters = coord.rstrip("0123456789")
    first = int(coord[len(letters) :])
    return f"{letters}{first}:{letters}{first + VALIDATION_ROWS}"


def _print_setup(ws: Worksheet, lay: Layout) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    page_numbers(ws)
    first, last = lay.head_rows
    ws.print_title_rows = f"{first}:{last}"
    ws.print_area = f"A1:{get_column_letter(lay.columns)}{lay.row - 1}"


def page_numbers(ws: Worksheet) -> None:
    """Margins (inches) and the footer 第 1 页，共 3 页, whole in LibreOffice too: it draws
    the footer inside the bottom margin above the footer distance (0.6/0.5 before left it
    0.1 inch and cut the line in half)."""
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.4, 0.7
    ws.page_margins.header, ws.page_margins.footer = 0.2, 0.3
    ws.oddFooter.center.text = msg.PAGE_FOOTER


def _protect(ws: Worksheet, header: SheetHeader) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column is harmless
    ws.protection.formatRows = False
    if header.template and header.form.id == "t4":
        ws.protection.insertRows = False
        ws.protection.deleteRows = False
