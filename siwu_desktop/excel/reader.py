"""Reading a return workbook (a filled template or an exported return), with no storage.

Defence first: the file is streamed once within a budget (size, cells, rows, strings,
sheets; see scan.py) before openpyxl parses it, in read-only mode, through defusedxml
(entity expansion is refused); no formula is ever evaluated. Cells are found only through defined names. An exported
workbook must agree cell for cell with the snapshot taken at export, its input cells
with the hidden canonical content, and that content with the digest on the sheet.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from siwu_desktop.core import units
from siwu_desktop.core.catalog import TargetCatalog, Task
from siwu_desktop.core.digest import canonical_bytes, digest, return_content
from siwu_desktop.core.forms import (
    FORM_IDS,
    GROUP_ROW_KEY,
    INPUT,
    NUMBER,
    Field,
    FormSpec,
    build_form,
)
from siwu_desktop.core.parsing import is_header_row
from siwu_desktop.core.returns import (
    Entry,
    ReturnData,
    ReturnMetadata,
    Row,
    new_return,
    parse_entry,
)
from siwu_desktop.core.revision_log import BadLog, LoggedRevision, from_wire
from siwu_desktop.core.signing import Signature, signature_from
from siwu_desktop.core.terms import METADATA_KEYS, MetaField
from siwu_desktop.excel import book, metadata
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel.grid import Book, load
from siwu_desktop.excel.layout import (
    LEDGER_END,
    NAME_DIGEST,
    NAME_NOTES_END,
    NAME_NOTES_FIRST,
    NAME_UNIT,
    SIGNATURE_NAMES,
    signature_label,
)
from siwu_desktop.excel.scan import StatedReturn
from siwu_desktop.excel.scan import WorkbookRejected as WorkbookRejected  # its public home

MAX_LEDGER_ROWS = 20000


class ParsedReturn(Struct):
    sheet: str
    form: FormSpec
    data: ReturnData
    city: str
    county: str
    code: str
    year: int
    period: str
    status: str  # template | draft | finalised
    revision: int | None = None
    digest: str | None = None  # the digest the file states (exports only)
    verified: bool = False  # the file's content matches its digest and every shown cell
    computed_digest: str = ""
    pack_version: str | None = None  # the target pack version the exported workbook states
    signature: Signature | None = None  # the exporting installation's signature (#14)
    # each revision's reason and changes up to this one (#14 item 5); None: the file
    # carries none (0.1.0, and 0.2 exports before the log travelled)
    log: tuple[LoggedRevision, ...] | None = None

    @property
    def form_id(self) -> str:
        return self.form.id

    @property
    def stated(self) -> StatedReturn:
        return StatedReturn(
            self.city, self.county, self.form.id, self.year, self.period, self.revision
        )


class ParsedWorkbook(Struct):
    path: Path
    kind: str  # template | export
    returns: list[ParsedReturn] = field(default_factory=list)
    app_version: str = ""
    exported_at: str = ""
    notes: list[str] = field(default_factory=list)  # what was dropped unread (links, macros)
    warnings: list[str] = field(default_factory=list)  # read as written, but ask (0.45 in %)


# --- the reader ------------------------------------------------------------------------------


def read_workbook(
    path: Path,
    catalog: TargetCatalog,
    extra_tasks: Sequence[Task] = (),
    packs: Mapping[str, Sequence[Task]] | None = None,
) -> ParsedWorkbook:
    """Every return in the workbook, parsed and (for an export) verified; raises
    WorkbookRejected with a Chinese message naming the file, sheet and cell.
    `extra_tasks`: the target pack's tasks, which 表三 lists after the catalog's.
    `packs`: the tasks of each known target pack by version. With it, an exported sheet
    is read with the tasks of the pack it states it was made under (none when it states
    none), so a county's return made under an earlier pack still reads (city mode)."""
    path = Path(path)
    try:
        wb = load(path)
        return _Reader(path, wb, catalog, extra_tasks, packs).read()
    except MemoryError:
        raise WorkbookRejected(msg.OUT_OF_MEMORY.format(file=path.name)) from None


class _Reader:
    def __init__(
        self,
        path: Path,
        wb: Book,
        catalog: TargetCatalog,
        extra_tasks: Sequence[Task] = (),
        packs: Mapping[str, Sequence[Task]] | None = None,
    ) -> None:
        self.path, self.wb, self.catalog = path, wb, catalog
        self.extra_tasks = tuple(extra_tasks)
        self.packs = packs
        self.file = path.name
        self.warnings: list[str] = []  # read, but worth a question (0.45 in a % field)

    def fail(self, template: str, **kw: Any) -> WorkbookRejected:
        return WorkbookRejected(template.format(file=self.file, **kw))

    def read(self) -> ParsedWorkbook:
        if book.HIDDEN_SHEET not in self.wb.sheetnames:
            raise self.fail(msg.NOT_OURS)
        hidden_ws = self.wb[book.HIDDEN_SHEET]
        marker = hidden_ws.cell(1, 1).value
        if marker != book.LAYOUT_VERSION:
            raise self.fail(msg.TEMPLATE_VERSION, found=marker, expected=book.LAYOUT_VERSION)
        hidden = book.read_hidden(hidden_ws)
        if "meta" not in hidden:
            raise self.fail(msg.BAD_MARKER, reason="meta")
        meta = metadata.parse(hidden["meta"], self.file)
        kind = meta.get("kind")
        if kind not in (book.KIND_TEMPLATE, book.KIND_EXPORT):
            raise self.fail(msg.BAD_MARKER, reason=str(kind)[:40])
        sheets = metadata.check(meta, kind, self.file)
        try:
            return self._read_checked(hidden, kind, meta, sheets)
        except WorkbookRejected as exc:
            exc.stated = exc.stated or _stated(sheets)
            raise

    def _read_checked(
        self, hidden: dict[str, str], kind: str, meta: dict[str, Any], sheets: list[dict[str, Any]]
    ) -> ParsedWorkbook:
        if kind == book.KIND_EXPORT:
            self.check_snapshot(hidden.get("snapshot", ""))
        parsed = ParsedWorkbook(
            self.path,
            kind,
            app_version=str(meta.get("app_version", "")),
            exported_at=str(meta.get("exported_at", "")),
            notes=list(self.wb.notes),
        )
        parsed.warnings = self.warnings
        for sheet_meta in sheets:
            content = hidden.get(f"content:{sheet_meta.get('sheet')}")
            parsed.returns.append(self.read_sheet(sheet_meta, kind, content))
            if kind == book.KIND_EXPORT:
                log = hidden.get(f"{book.LOG_PREFIX}{sheet_meta.get('sheet')}")
                parsed.returns[-1].log = self.read_log(parsed.returns[-1], log)
        return parsed

    def read_log(self, p: ParsedReturn, text: str | None) -> tuple[LoggedRevision, ...] | None:
        """The sheet's revision log, of the written shape; None when the file carries none.
        Whether it is the county's own, and agrees with the sheet, is for the signature
        over both to say (services.keys)."""
        if text is None:
            return None
        try:
            log = from_wire(json.loads(text))
        except BadLog as exc:
            raise self.fail(msg.BAD_LOG, sheet=p.sheet, part=exc.part) from None
        except ValueError:
            raise self.fail(msg.BAD_LOG, sheet=p.sheet, part="JSON") from None
        return log

    # --- an export must be exactly as it left -----------------------------------------------

    def check_snapshot(self, text: str) -> None:
        try:
            expected = json.loads(text)
        except ValueError:
            raise self.fail(msg.MODIFIED, detail="，缺少导出时的单元格记录") from None
        visible = [ws for ws in self.wb.worksheets if ws.title != book.HIDDEN_SHEET]
        if sorted(ws.title for ws in visible) != sorted(expected):
            detail = msg.MODIFIED_SHEETS.format(
                old="、".join(expected), new="、".join(ws.title for ws in visible)
            )
            raise self.fail(msg.MODIFIED, detail=detail)
        found = book.grid_snapshot(visible)
        for ws in visible:
            old, new = expected[ws.title], found[ws.title]
            if old["cells"] != new["cells"]:
                for key in sorted(
                    set(old["cells"]) | set(new["cells"]),
                    key=lambda k: tuple(int(x) for x in k.split(",")),
                ):
                    a, b = old["cells"].get(key), new["cells"].get(key)
                    if not book.same_shown(a, b):
                        row, col = (int(x) for x in key.split(","))
                        coord = ws.cell(row, col).coordinate
                        detail = msg.MODIFIED_CELL.format(
                            sheet=ws.title,
                            cell=coord,
                            row=_row_label(old["cells"], row, col),
                            old=_plain(a),
                            new=_plain(b),
                        )
                        raise self.fail(msg.MODIFIED, detail=detail)
            if old["merges"] != new["merges"]:
                raise self.fail(msg.MODIFIED, detail=msg.MODIFIED_MERGE.format(sheet=ws.title))

    # --- one return sheet -----------------------------------------------------------------

    def tasks_for(self, meta: dict[str, Any], kind: str) -> tuple[Task, ...]:
        """The pack tasks the sheet's 表三 lists: its stated pack's, when the packs are known."""
        if kind != book.KIND_EXPORT or self.packs is None:
            return self.extra_tasks
        stated = meta.get("pack_version")
        if not isinstance(stated, str) or not stated:
            return ()  # exported with no pack in force: no pack tasks
        return tuple(self.packs.get(stated, self.extra_tasks))

    def read_sheet(self, meta: dict[str, Any], kind: str, content: str | None) -> ParsedReturn:
        sheet = str(meta.get("sheet", ""))
        if sheet not in self.wb.sheetnames:
            raise self.fail(msg.SHEET_MISSING, sheet=sheet)
        ws = self.wb[sheet]
        form_id = str(meta.get("form", ""))
        if form_id not in FORM_IDS:
            raise self.fail(msg.UNKNOWN_FORM, sheet=sheet, form=form_id)
        city, county = str(meta.get("city", "")), str(meta.get("county", ""))
        tasks = self.tasks_for(meta, kind)
        try:
            year, period = int(meta["year"]), str(meta["period"])
            code = self.catalog.county(city, county).code
            form = build_form(
                self.catalog, city, form_id, year=year, county=county, extra_tasks=tasks
            )
        except (KeyError, ValueError, TypeError):
            raise self.fail(msg.UNKNOWN_CITY, city=city, county=county) from None
        version = book.form_version(form)
        same = meta.get("form_version") == version
        columns = _columns_read_with(ws, form, meta, content) if not same else None
        if not same and columns is None:
            raise self.fail(
                msg.FORM_VERSION,
                sheet=sheet,
                form=form.short,
                found=meta.get("form_version"),
                expected=version,
            )
        hint = _content_values(content) if kind == book.KIND_EXPORT else None
        sheet_reader = _SheetReader(
            self, ws, form, template=kind == book.KIND_TEMPLATE, hint=hint, older=columns
        )
        data = sheet_reader.read(county, year, period)
        computed = digest(return_content(data))
        out = ParsedReturn(
            sheet,
            form,
            data,
            city,
            county,
            code,
            year,
            period,
            status="template" if kind == book.KIND_TEMPLATE else str(meta.get("status")),
        )
        out.computed_digest = computed
        if kind == book.KIND_EXPORT:
            out.revision = int(meta.get("revision") or 0) or None
            out.digest = str(meta.get("digest", ""))
            stated_pack = meta.get("pack_version")
            out.pack_version = stated_pack if isinstance(stated_pack, str) and stated_pack else None
            self.verify(sheet_reader, out, content)
            out.verified = True
            out.signature = stated_signature(meta)
        return out

    def verify(self, reader: _SheetReader, out: ParsedReturn, content: str | None) -> None:
        stated = reader.stated_digest()
        mine = canonical_bytes(return_content(out.data)).decode("utf-8")
        if content is None or content != mine:
            label = _first_difference(out.form, content, mine)
            detail = msg.MODIFIED_CONTENT.format(sheet=out.sheet, label=label)
            raise self.fail(msg.MODIFIED, detail=detail)
        if not (stated == out.digest == out.computed_digest):
            detail = msg.MODIFIED_DIGEST.format(stated=stated, computed=out.computed_digest)
            raise self.fail(msg.MODIFIED, detail=detail)


def stated_signature(meta: Mapping[str, Any]) -> Signature | None:
    """The signature a sheet's hidden metadata carries (None: unsigned, as before 0.2).
    Only read here; whether it is valid is for services.keys to judge."""
    return signature_from(meta.get("signature"))


def is_percent_format(number_format: str) -> bool:
    """A number format that shows the value times 100 with a % sign (not a quoted or
    escaped literal %, which shows the value as it is)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format)
    return "%" in bare


def _stated(sheets: Sequence[Mapping[str, Any]]) -> tuple[StatedReturn, ...]:
    """The returns the checked metadata names (metadata.check has typed each field)."""
    out = []
    for m in sheets:
        revision = m.get("revision")
        out.append(
            StatedReturn(
                str(m.get("city", "")),
                str(m.get("county", "")),
                str(m.get("form", "")),
                int(m.get("year") or 0),
                str(m.get("period", "")),
                revision if isinstance(revision, int) and revision > 0 else None,
            )
        )
    return tuple(out)


def _plain(value: str | None) -> str:
    return "" if value is None else value.split(":", 1)[1]


def _row_label(cells: Mapping[str, str], row: int, col: int) -> str:
    """（“灌溉面积”一行）: the exported text in the second column of an edited cell's row
    (every form's name column: 指标名称, 用水行业, 任务内容, 单位名称), so the city
    reads which figure changed, not only the cell."""
    label = _plain(cells.get(f"{row},2")) if col != 2 else ""
    if not label.strip() or not cells.get(f"{row},2", "").startswith("s:"):
        return ""
    return msg.MODIFIED_ROW.format(label=label.strip())


def _content_values(content: str | None) -> dict[str, Any]:
    """The hidden content's numbers, to read back a float cell as its exact decimal."""
    if not content:
        return {}
    try:
        data = json.loads(content)
        return data if isinstance(data, dict) else {}
    except ValueError:
        return {}


def _first_difference(form: FormSpec, hidden: str | None, shown: str) -> str:
    if hidden is None:
        return "全部内容"
    try:
        a, b = json.loads(hidden), json.loads(shown)
    except ValueError:
        return "全部内容"
    for part in ("values", "rows", "explanations", "metadata", "county", "year", "period"):
        if a.get(part) != b.get(part):
            if part == "values":
                for key in sorted(set(a[part]) | set(b[part])):
                    if a[part].get(key) != b[part].get(key):
                        spec = form.index.get(key)
                        return spec.label if spec else key
            if part == "rows":
                for i, (x, y) in enumerate(zip(a[part], b[part], strict=False), start=1):
                    if x != y:
                        return f"第{i}行"
                return "行数"
            return {"explanations": "情况说明", "metadata": "签字栏"}.get(part, part)
    return "全部内容"


def _columns_read_with(
    ws: Any, form: FormSpec, meta: dict[str, Any], content: str | None
) -> tuple[Field, ...] | None:
    """How to read a sheet made from another declaration of `form` (a label, a help text or a
    task changed since), or None when it cannot be read as one: every field cell it names must
    be a cell of `form`, every value its hidden content holds a field of `form`, and its table
    one of the column layouts `form` has had (returned: the columns to read with; () for a
    form without a table). An export read so must still match its own content and digest."""
    named = {n for n in ws.defined_names if re.match(r"T[1-4]_", n)}
    if form.table is None:
        if not named or not named <= {f.cell for f in form.fields}:
            return None
    elif form.table.first_row_cell not in named:
        return None
    held = _content_values(content).get("values", {}) if content is not None else {}
    if not set(held) <= {f.id for f in form.fields}:
        return None
    if form.table is None:
        return ()
    stated = meta.get("columns_version", book.LEGACY_COLUMNS.get(form.id))
    return book.known_layouts(form).get(str(stated))


class _SheetReader:
    def __init__(
        self,
        reader: _Reader,
        ws: Any,
        form: FormSpec,
        *,
        template: bool,
        hint: dict[str, Any] | None,
        older: tuple[Field, ...] | None = None,
    ) -> None:
        self.r, self.ws, self.form, self.template = reader, ws, form, template
        self.hint = hint or {}
        # A sheet of an older declaration (`older`: its table's columns) may lack the cells of
        # fields added since, lists the tasks of its day, and may have other columns.
        self.all_cells = older is None
        table = form.table
        self.columns = (older or table.columns) if table is not None else ()

    # --- names ----------------------------------------------------------------------------

    def locate(self, name: str, required: bool = True) -> tuple[int, int] | None:
        """(row, column) of a defined name, sheet-scoped first; refusals name the problem."""
        ws, wb = self.ws, self.r.wb
        dn = ws.defined_names.get(name) or wb.defined_names.get(name)
        if dn is None:
            if not required:
                return None
            raise self.r.fail(msg.NAME_MISSING, sheet=ws.title, name=name)
        try:
            destinations = list(dn.destinations)
        except Exception:
            destinations = []
        if not destinations:
            raise self.r.fail(msg.NAME_BROKEN, name=name, target=dn.attr_text)
        sheet, ref = destinations[0]
        if sheet not in wb.sheetnames:
            raise self.r.fail(msg.NAME_BROKEN, name=name, target=dn.attr_text)
        if sheet != ws.title:
            raise self.r.fail(msg.NAME_WRONG_SHEET, name=name, found=sheet, sheet=ws.title)
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        first = ref.replace("$", "").split(":")[0]
        try:
            letters, row = coordinate_from_string(first)
        except ValueError:
            raise self.r.fail(msg.NAME_BROKEN, name=name, target=dn.attr_text) from None
        return row, column_index_from_string(letters)

    def raw(self, row: int, col: int, label: str) -> Any:
        """A cell's stored value; a merged-away cell or a formula is refused, never evaluated."""
        cell = self.ws.cell(row, col)
        if cell.merged:
            merged = next(
                (str(r) for r in self.ws.merged_cells.ranges if cell.coordinate in r), "?"
            )
            raise self.r.fail(
                msg.CELL_MERGED,
                sheet=self.ws.title,
                cell=cell.coordinate,
                label=label,
                merged=merged,
            )
        value = cell.value
        if cell.data_type == "f" or not isinstance(value, str | int | float | dt.date | type(None)):
            if cell.data_type == "f" or hasattr(value, "text") or hasattr(value, "ref"):
                formula = getattr(value, "text", None) or str(value)
                raise self.r.fail(
                    msg.CELL_FORMULA,
                    sheet=self.ws.title,
                    cell=cell.coordinate,
                    label=label,
                    formula=formula[:60],
                )
            raise self.r.fail(
                msg.CELL_TYPE,
                sheet=self.ws.title,
                cell=cell.coordinate,
                label=label,
                kind=type(value).__name__,
            )
        return value

    def text_of(self, spec: Field, value: Any, row: int, col: int, hint: Any) -> str:
        """What the person entered, as text for core's parser (numbers exact, dates ISO)."""
        if value is None:
            return ""
        if isinstance(value, bool):
            raise self._type(row, col, spec, "bool")
        if isinstance(value, int | float):
            if spec.value_type != NUMBER:
                return units.plain(Decimal(repr(value))) if isinstance(value, float) else str(value)
            if isinstance(hint, dict) and "$d" in hint:
                try:
                    exact = Decimal(str(hint["$d"]))
                    if book.same_number(exact, value):
                        return units.plain(exact)
                except (InvalidOperation, ValueError, OverflowError):
                    pass
            return units.plain(Decimal(repr(value)))
        if isinstance(value, dt.datetime | dt.date):
            if spec.value_type == NUMBER:
                raise self._type(row, col, spec, "日期")
            day = value.date() if isinstance(value, dt.datetime) else value
            return day.isoformat()
        return str(value)

    def _type(self, row: int, col: int, spec: Field, kind: str) -> WorkbookRejected:
        coord = self.ws.cell(row, col).coordinate
        return self.r.fail(
            msg.CELL_TYPE, sheet=self.ws.title, cell=coord, label=spec.label, kind=kind
        )

    def entry(self, spec: Field, row: int, col: int, hint: Any, label: str = "") -> Entry | None:
        value = self.raw(row, col, label or spec.label)
        text = self.text_of(spec, value, row, col, hint)
        if text.strip() == "":
            return None
        if spec.value_type == NUMBER and isinstance(value, int | float) and text:
            text = self.as_shown(spec, value, text, self.ws.cell(row, col), label)
        entry = parse_entry(spec, text, signed=not self.template)
        if entry.refusal is not None and self.template:
            # kept as typed and flagged, as in the window (issue #17 item 17): one unclear
            # cell does not refuse the file; the note says which cell and why
            self.r.warnings.append(
                msg.CELL_KEPT.format(
                    sheet=self.ws.title,
                    cell=self.ws.cell(row, col).coordinate,
                    label=label or spec.label,
                    text=entry.text,
                    reason=entry.refusal,
                )
            )
        return entry

    def as_shown(self, spec: Field, value: float, text: str, cell: Any, label: str) -> str:
        """A number as the spreadsheet shows it: typed 45% is stored 0.45 with a % format.

        A value between 0 and 1 in a % field without that format is read as written, with
        a warning asking which was meant (0.45 % or 45 %)."""
        if is_percent_format(str(getattr(cell, "number_format", "") or "")):
            return units.plain(Decimal(text) * 100) + "%"
        if spec.unit == units.PERCENT and 0 < abs(value) < 1:
            self.r.warnings.append(
                msg.PERCENT_UNCLEAR.format(
                    sheet=self.ws.title,
                    cell=cell.coordinate,
                    label=label or spec.label,
                    value=text,
                    percent=units.plain(Decimal(text) * 100),
                )
            )
        return text

    # --- the return -----------------------------------------------------------------------

    def read(self, county: str, year: int, period: str) -> ReturnData:
        ret = new_return(self.form, county, year, period)
        values_hint = self.hint.get("values", {}) if isinstance(self.hint, dict) else {}
        for spec in self.form.fields:
            # A file of an older declaration (same layout, _same_layout) lacks the cells of
            # fields added since: they are simply not filled in it.
            where = self.locate(spec.cell, required=self.all_cells)
            if where is None or spec.kind != INPUT:
                continue
            entry = self.entry(spec, *where, values_hint.get(spec.id))
            if entry is not None:
                ret.values[spec.id] = entry
        if self.form.table is not None:
            ret.rows = self.read_rows(ret)
        ret.explanations = self.read_notes()
        ret.metadata = self.read_metadata()
        return ret

    def read_rows(self, ret: ReturnData) -> list[Row]:
        table = self.form.table
        assert table is not None
        where = self.locate(table.first_row_cell)
        assert where is not None
        first_row, first_col = where
        columns = self.columns
        hint_rows = self.hint.get("rows", []) if isinstance(self.hint, dict) else []
        if self.form.id == "t3":
            key_col = first_col + len(columns)
            by_key = {r.key: r for r in ret.rows}
            listed: set[str] = set()
            row = first_row
            while row < first_row + MAX_LEDGER_ROWS:
                key = self.ws.cell(row, key_col).value
                if key is None:
                    break
                if str(key).startswith(GROUP_ROW_KEY):  # a heading row naming a document
                    row += 1
                    continue
                target = by_key.get(str(key))
                if target is not None:
                    target.cells = self.read_cells(row, first_col, len(ret.rows), hint_rows)
                    listed.add(target.key)
                elif not self.all_cells:
                    raise self.r.fail(msg.TASK_UNKNOWN, sheet=self.ws.title, key=key)
                row += 1
            if self.all_cells:
                return ret.rows
            # an older declaration lists the tasks of its day: tasks added since are not in it
            return [r for r in ret.rows if r.key in listed]
        end = self.locate(LEDGER_END)
        assert end is not None
        rows: list[Row] = []
        for row in range(first_row, min(end[0], first_row + MAX_LEDGER_ROWS)):
            noted = len(self.r.warnings)
            cells = self.read_cells(row, first_col, len(rows), hint_rows)
            texts = [e.text for e in cells.values()]
            if self.template and is_header_row(texts, [c.label for c in self.columns]):
                del self.r.warnings[noted:]  # its cells are headings, not values to correct
                shown = "、".join(t for t in texts if t.strip())
                self.r.warnings.append(
                    msg.HEADER_ROW_SKIPPED.format(sheet=self.ws.title, row=row, texts=shown)
                )
                continue
            if cells:
                rows.append(Row(cells=cells))
        return rows

    def read_cells(
        self, row: int, first_col: int, index: int, hint_rows: list[Any]
    ) -> dict[str, Entry]:
        assert self.form.table is not None
        hint: dict[str, Any] = {}
        if index < len(hint_rows) and isinstance(hint_rows[index], dict):
            hint = hint_rows[index].get("cells", {})
        cells: dict[str, Entry] = {}
        for offset, spec in enumerate(self.columns):
            if spec.kind != INPUT:
                continue
            label = f"{spec.label}（第{index + 1}行）"
            entry = self.entry(spec, row, first_col + offset, hint.get(spec.id), label)
            if entry is not None:
                cells[spec.id] = entry
        return cells

    def read_notes(self) -> dict[str, str]:
        """Explanations of an export: texts in the notes block, keys from the hidden content
        (their order is the canonical one, so the n-th row is the n-th key)."""
        first = self.locate(NAME_NOTES_FIRST, required=False)
        end = self.locate(NAME_NOTES_END, required=False)
        keys = list(self.hint.get("explanations", {})) if isinstance(self.hint, dict) else []
        if first is None or end is None:
            return {}
        text_col = None
        out: dict[str, str] = {}
        for i, row in enumerate(range(first[0], end[0])):
            if text_col is None:
                text_col = self._notes_text_col(row)
            value = self.raw(row, text_col, msg.NOTES_TITLE)
            text = "" if value is None else str(value)
            key = keys[i] if i < len(keys) else f"note:{i + 1}"
            if text.strip():
                out[key] = text
        return out

    def _notes_text_col(self, row: int) -> int:
        """The text cell of a notes row: the top-left cell of its last merged range."""
        ranges = sorted(
            (r for r in self.ws.merged_cells.ranges if r.min_row == row), key=lambda r: r.min_col
        )
        return ranges[-1].min_col if ranges else 3

    def read_metadata(self) -> ReturnMetadata:
        out: dict[str, str] = {}
        for key, name in SIGNATURE_NAMES:
            where = self.locate(name, required=False)
            if where is None:
                continue
            value = self.raw(*where, key.label)
            text = "" if value is None else str(value).strip()
            label = signature_label(key)
            for prefix in (f"{label}：", f"{label}:", f"{key.label}："):
                text = text.removeprefix(prefix)
            if text.strip():
                out[key.value] = text.strip()
        where = self.locate(NAME_UNIT, required=False)
        if where is not None:
            unit = MetaField.UNIT
            value = self.raw(*where, unit.label)
            text = "" if value is None else str(value).strip().removeprefix(f"{unit.label}：")
            # the unit line is part of the signed content only where the hidden part has it
            if text.strip() and METADATA_KEYS[unit] in self.hint.get("metadata", {}):
                out[unit.value] = text.strip()
        return ReturnMetadata(**out)

    def stated_digest(self) -> str:
        where = self.locate(NAME_DIGEST, required=False)
        if where is None:
            return ""
        value = self.raw(*where, "内容摘要")
        text = "" if value is None else str(value)
        return text.rsplit("：", 1)[-1].strip()
