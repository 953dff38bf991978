"""What the printed report sheet says, as plain data: no Qt here.

`build_report` reads a loaded return through the same service the window and the
CLI use (values, derived values, judgements, findings, signatures) and turns it
into texts: every number already formatted with its field's precision, so the
drawing code only places strings. Keeping this Qt-free means the content of the
paper is tested without a display, and the painter cannot compute anything twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from msgspec import Struct

from siwu_desktop.core import units
from siwu_desktop.core.catalog import Target
from siwu_desktop.core.compliance import Judgement, next_milestone
from siwu_desktop.core.digest import content_digest, short_digest
from siwu_desktop.core.forms import (
    NONCONVENTIONAL_PARTS,
    NOT_JUDGED,
    SECTION_BASE,
    SECTION_INDICATORS,
    SECTION_REFERENCE,
    SECTOR_GROUPS,
    SECTORS,
    Field,
    FormSpec,
    catalog_cell,
    reference_commitment,
    reference_sources,
    t2_sources,
)
from siwu_desktop.core.returns import Entry
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.terms import Attribute, Bound, Verdict, bound_text
from siwu_desktop.core.terms import period_text as period_text  # 2025年度 / 2026年第一季度
from siwu_desktop.core.validation import (
    Finding,
    ValidationContext,
    explanation,
    judgements,
    ledger_rows,
    needs_explanation,
    period_end,
    row_overdue,
    values_of,
)
from siwu_desktop.printing import strings as s
from siwu_desktop.services.returns import LoadedReturn, ReturnService

LEFT, CENTER, RIGHT = "left", "center", "right"
DATA, SECTION, TOTAL = "data", "section", "total"
PORTRAIT, LANDSCAPE = "portrait", "landscape"


class DigestMismatch(Exception):
    """A finalised revision whose content no longer hashes to its recorded digest."""


class Column(Struct, frozen=True):
    label: str
    weight: float  # share of the table width
    align: str = LEFT


class ColumnGroup(Struct, frozen=True):
    """A head over `span` columns; an empty label lets the columns' own heads fill both rows."""

    label: str
    span: int


class SheetRow(Struct, frozen=True):
    cells: tuple[str, ...]
    kind: str = DATA  # data | section (one cell across the table) | total


class AppendixItem(Struct, frozen=True):
    number: int
    kind: str
    message: str
    explanation: str  # "" when none was written

    @property
    def text(self) -> str:
        return s.APPENDIX_ITEM.format(number=self.number, kind=self.kind, message=self.message)

    @property
    def explanation_text(self) -> str:
        if self.explanation:
            return s.APPENDIX_EXPLANATION.format(text=self.explanation)
        return s.APPENDIX_NO_EXPLANATION


class Signature(Struct, frozen=True):
    label: str
    name: str


class ReportSheet(Struct, frozen=True):
    """Everything printed for one revision of one return, as text."""

    return_id: int
    form_id: str
    form_short: str
    title: str
    city: str
    county: str
    county_code: str
    unit_name: str
    year: int
    period: str
    period_text: str
    measure: str
    revision: int
    finalised: bool
    columns: tuple[Column, ...]
    groups: tuple[ColumnGroup, ...]
    rows: tuple[SheetRow, ...]
    appendix: tuple[AppendixItem, ...]
    signatures: tuple[Signature, ...]
    phone: str
    report_date: str  # "2025年01月20日", or "" for a draft
    content_digest: str  # always computed; printed only when finalised
    finalised_at: str  # local time, "" for a draft
    printed_at: str
    signer: str = ""  # fingerprint of the key that signs (signed) the exported return
    orientation: str = LANDSCAPE
    font_size: float = 9.5  # points, table body
    issuer: str = ""  # 制定机关: the city's water bureau that set the form
    signed: bool = True  # the signature block after the table (a summary's annex: False)
    # a working list of the city (the status board, its 催报清单): neither a draft nor a
    # revision, so it carries no version, no digest and no 草稿 stamp
    listing: bool = False

    @property
    def digest(self) -> str | None:
        """The digest printed on the paper: only a finalised revision has one."""
        return self.content_digest if self.finalised else None

    @property
    def short_digest(self) -> str:
        return short_digest(self.content_digest) if self.finalised else ""

    @property
    def revision_text(self) -> str:
        """第1版（已定稿） / 第2版（草稿); a working list has none."""
        if self.listing:
            return ""
        status = s.STATUS_FINAL if self.finalised else s.STATUS_DRAFT
        return f"{s.REVISION_TEXT.format(revision=self.revision)}（{status}）"

    @property
    def file_stem(self) -> str:
        """A file name people recognise: 潞城区_2024年度_表一_第1版."""
        draft = "" if self.finalised else "_草稿"
        return f"{self.county}_{self.period_text}_{self.form_short}_第{self.revision}版{draft}"


# --- building --------------------------------------------------------------------------------


def build_report(
    service: ReturnService, loaded: LoadedReturn, *, now: dt.datetime | None = None
) -> ReportSheet:
    """The sheet of the loaded revision (finalised → with its digest; otherwise a draft)."""
    info, data, form = loaded.info, loaded.data, loaded.form
    revision = service.storage.returns.revisions(info.id)[loaded.revision - 1]
    finalised = revision.status == "finalised"
    digest = content_digest(data)
    if finalised and revision.digest != digest:
        raise DigestMismatch(
            s.DIGEST_MISMATCH.format(
                revision=loaded.revision, stored=revision.digest, actual=digest
            )
        )
    ctx = service.context(loaded)
    findings = service.validate(loaded)
    appendix = _appendix(in_row_order(findings, form), data.explanations)
    if form.id == "t1":
        table = _t1_table(form, loaded, ctx, appendix_refs(findings, appendix))
    elif form.id == "t2":
        table = _t2_table(form, loaded, ctx)
    elif form.id == "t3":
        table = _t3_table(form, loaded, ctx)
    else:
        table = _t4_table(form, loaded, ctx)
    meta = data.metadata
    printed = (now or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    return ReportSheet(
        return_id=info.id,
        form_id=form.id,
        form_short=form.short,
        title=form.title,
        city=data.city,
        county=data.county,
        county_code=_county_code(service, data.city, data.county),
        unit_name=meta.unit or f"{data.county}水利局",
        year=data.year,
        period=data.period,
        period_text=period_text(data.year, data.period),
        measure=table.measure,
        revision=loaded.revision,
        finalised=finalised,
        columns=table.columns,
        groups=table.groups,
        rows=table.rows,
        appendix=tuple(appendix),
        signatures=(
            Signature(s.HEAD, meta.head),
            Signature(s.REVIEWER, meta.reviewer),
            Signature(s.PREPARER, meta.preparer),
        ),
        phone=meta.phone,
        report_date=_date_text(meta.date) if finalised else "",
        content_digest=digest,
        finalised_at=_local_time(revision.finalised_at) if finalised else "",
        printed_at=printed,
        signer=_signer(service, info.id, loaded.revision) if finalised else "",
        orientation=table.orientation,
        font_size=table.font_size,
        issuer=service.catalog.city(data.city).water_bureau,
    )


def _signer(service: ReturnService, return_id: int, revision: int) -> str:
    """Who signs the exported return (#14): the county's key on an imported revision,
    this installation's own key on one made here."""
    keys = service.storage.keys
    return keys.signer_of(return_id, revision) or keys.ensure_own().fingerprint


def _county_code(service: ReturnService, city: str, county: str) -> str:
    try:
        return service.catalog.county(city, county).code
    except KeyError:
        codes = dict(service.profile().counties)
        return codes.get(county, "")


def _date_text(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _local_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


class _Table(Struct, frozen=True):
    columns: tuple[Column, ...]
    rows: tuple[SheetRow, ...]
    groups: tuple[ColumnGroup, ...] = ()
    measure: str = s.MEASURE_NONE
    orientation: str = LANDSCAPE
    font_size: float = 9.5


# --- values as printed -------------------------------------------------------------------------


def number_text(value: Decimal | None, places: int) -> str:
    """A number as the form shows it: fixed decimals, half-up, never float noise."""
    return "" if value is None else units.fixed(value, places)


def entry_text(entry: Entry | None, value: Decimal | None, places: int) -> str:
    """An entered or derived cell: the number, "—" for not applicable, or refused text marked."""
    if entry is not None:
        if entry.refusal is not None:
            return s.REFUSED_VALUE.format(text=entry.text.strip())
        if entry.not_applicable:
            return s.NOT_APPLICABLE
    return number_text(value, places)


def unit_text(unit: str) -> str:
    return s.NO_UNIT if unit in (units.RATIO, units.TEXT) else unit


# --- 情况说明 ----------------------------------------------------------------------------------


def in_row_order(findings: Sequence[Finding], form: FormSpec) -> list[Finding]:
    """The findings in the order of the rows (and columns) they name, those of the whole
    return last: the 情况说明 is numbered down the sheet. In the order the rules run, 表一's
    row 4 (农业用水量 above 用水总量) was 见情况说明23 between rows 3 and 8 with 1 and 2."""
    columns = form.table.columns if form.table is not None else form.fields
    place = {c.id: i for i, c in enumerate(columns)}

    def key(f: Finding) -> tuple[bool, int, int]:
        whole = f.row is None and f.field not in place
        return (whole, f.row or 0, place.get(f.field, len(place)))

    return sorted(findings, key=key)


def _appendix(findings: Sequence[Finding], explanations: Mapping[str, str]) -> list[AppendixItem]:
    """Unmet targets, warnings that need a note, and (on a draft) errors still open."""
    items: list[AppendixItem] = []
    for f in findings:
        if f.severity is Severity.ERROR:
            kind = s.KIND_ERROR
        elif f.rule == "C01":
            kind = s.KIND_UNMET_BINDING
        elif f.rule == "C02":
            kind = s.KIND_UNMET
        elif needs_explanation(f):
            kind = s.KIND_WARNING
        else:
            continue
        items.append(AppendixItem(len(items) + 1, kind, f.message, explanation(f, explanations)))
    return items


def appendix_refs(findings: Sequence[Finding], items: Sequence[AppendixItem]) -> dict[str, str]:
    """Field id → "见情况说明1、3" for the 说明 column of 表一."""
    by_message = {item.message: item.number for item in items}
    numbers: dict[str, list[int]] = {}
    for f in findings:
        number = by_message.get(f.message)
        if number is not None and f.field:
            numbers.setdefault(f.field, []).append(number)
    return {
        field: s.T1_NOTE_SEE.format(numbers="、".join(str(n) for n in sorted(set(ns))))
        for field, ns in numbers.items()
    }


# --- 表一 ----------------------------------------------------------------------------------------


def _bound(bound: str | None, base_year: int | None) -> str:
    return bound_text(bound or "", base_year)


def _short_bound(bound: str | None, base_year: int | None) -> str:
    """The sheet's bound: the decline without its base year (the label already names it)."""
    return Bound.DECLINE_MIN.label if bound == Bound.DECLINE_MIN else _bound(bound, base_year)


def _target_cells(
    j: Judgement, field: Field, later: Sequence[Target], year: int, county: str
) -> tuple[str, str]:
    """(本年目标值, 目标依据) of one judgement."""
    if j.status is Verdict.NOT_ALLOCATED and j.target_value is None:
        return s.NO_TARGET_CELL, j.status.label  # set by the city's target pack, not yet given
    if j.status is Verdict.NOT_ALLOCATED:
        city = s.T1_CITY_FIGURE.format(
            bound=_bound(j.bound, j.base_year),
            value=j.target_text,
            unit=units.shown_unit(j.target_unit).strip(),
        )
        return s.NO_TARGET_CELL, city
    if j.status is Verdict.NO_TARGET:
        t = next_milestone(later, year, county)
        if t is None:
            return s.NO_TARGET_CELL, ""
        reference = s.T1_REFERENCE.format(
            year=t.year,
            bound=_short_bound(t.bound, t.base_year),
            value=t.value_text,
            unit=units.shown_unit(t.unit).strip(),
        )
        return s.NO_TARGET_CELL, reference
    target = ""
    if j.target_value is not None:
        bound = _short_bound(j.bound, j.base_year)
        target = bound + units.plain(j.target_value)
        target += "%" if field.unit == units.PERCENT else ""
    basis = j.basis.label if j.basis is not None else ""
    stated = j.attribute in (Attribute.BINDING, Attribute.EXPECTED)
    basis += f"（{j.attribute_label}）" if stated else ""
    if j.year is None:
        basis += f"（{j.year_label}）"
    return target, basis


def _t1_table(
    form: FormSpec, loaded: LoadedReturn, ctx: ValidationContext, refs: Mapping[str, str]
) -> _Table:
    data = loaded.data
    values = values_of(data, ctx)
    last = ctx.last_year.get("t1")
    last_values = values_of(last, ctx) if last is not None else {}
    by_field: dict[str, list[Judgement]] = {}
    for j in judgements(data, ctx, values):
        by_field.setdefault(j.field, []).append(j)
    city_targets = ctx.targets(data.city)
    columns = (
        Column(s.T1_NUMBER, 8, CENTER),
        Column(s.T1_NAME, 58),
        Column(s.T1_UNIT, 22, CENTER),
        Column(s.T1_TARGET, 30, CENTER),
        Column(s.T1_BASIS, 51),
        Column(s.T1_ACTUAL, 27, RIGHT),
        Column(s.T1_LAST, 22, RIGHT),
        Column(s.T1_STATUS, 26, CENTER),
        Column(s.T1_NOTE, 23),
    )
    rows: list[SheetRow] = []
    number = 0
    for section, heading in (
        (SECTION_INDICATORS, s.SECTION_INDICATORS),
        (SECTION_BASE, s.SECTION_BASE),
        (SECTION_REFERENCE, s.SECTION_REFERENCE),
    ):
        fields = [f for f in form.fields if f.section == section]
        if not fields:
            continue
        rows.append(SheetRow((heading,), SECTION))
        for f in fields:
            number += 1
            actual = entry_text(data.values.get(f.id), values.get(f.id), f.precision)
            previous = ""
            if last is not None:
                previous = entry_text(last.values.get(f.id), last_values.get(f.id), f.precision)
            targets, bases, statuses = [], [], []
            for j in by_field.get(f.id, []):
                target, basis = _target_cells(
                    j, f, city_targets.get(f.id, ()), data.year, data.county
                )
                targets.append(target)
                bases.append(basis)
                statuses.append(j.status.label)
            if f.references:  # 参考事项 (#18 item 5): the commitment, never judged, in the
                # wide 目标依据 column (in the narrow 本年目标值 it ran to seven lines)
                targets, statuses = [s.NO_TARGET_CELL], [NOT_JUDGED]
                bases = [reference_commitment(f.references)]
            note = data.explanations.get(f.id, "").strip()
            ref = refs.get(f.id, "") or reference_sources(f.references)
            note = "；".join(t for t in (note, ref) if t)
            rows.append(
                SheetRow(
                    (
                        str(number),
                        f.label,
                        unit_text(f.unit),
                        "\n".join(targets),
                        "\n".join(bases),
                        actual,
                        previous,
                        "\n".join(statuses),
                        note,
                    )
                )
            )
    return _Table(tuple(columns), tuple(rows), measure=s.MEASURE_PER_ROW, font_size=9)


# --- 表二 ----------------------------------------------------------------------------------------


def _t2_table(form: FormSpec, loaded: LoadedReturn, ctx: ValidationContext) -> _Table:
    data = loaded.data
    values = values_of(data, ctx)
    conventional = t2_sources(ctx.catalog, form.city)
    column_ids = [c for c, _ in conventional] + [p for p, _ in NONCONVENTIONAL_PARTS]
    column_ids += ["nonconventional", "total"]
    columns = [Column(s.T2_SECTOR, 16)]
    columns += [Column(label, 8, RIGHT) for _, label in conventional]
    columns += [Column(label, 8, RIGHT) for _, label in NONCONVENTIONAL_PARTS]
    columns += [Column(s.T2_NONCONVENTIONAL_SUBTOTAL, 8, RIGHT), Column(s.T2_TOTAL, 9, RIGHT)]
    groups = (
        ColumnGroup("", 1),
        ColumnGroup(s.T2_CONVENTIONAL, len(conventional)),
        ColumnGroup(s.T2_NONCONVENTIONAL, len(NONCONVENTIONAL_PARTS) + 1),
        ColumnGroup("", 1),
    )

    def row(label: str, prefix: str, kind: str = DATA) -> SheetRow:
        cells = [label]
        for c in column_ids:
            field_id = f"{prefix}_{c}"
            if prefix == "total" and c == "total":
                field_id = "total_use"
            spec = form.index.get(field_id)
            places = spec.precision if spec else 2
            cells.append(entry_text(data.values.get(field_id), values.get(field_id), places))
        return SheetRow(tuple(cells), kind)

    rows: list[SheetRow] = []
    groups_done: set[str] = set()
    group_labels = dict(SECTOR_GROUPS)
    for sector, label, group in SECTORS:
        if group and group not in groups_done:
            groups_done.add(group)
            rows.append(
                row(s.T2_SUBTOTAL.format(group=group_labels[group]), group, TOTAL),
            )
        rows.append(row(("　" if group else "") + label, sector))
    rows.append(row(s.T2_TOTAL, "total", TOTAL))
    return _Table(tuple(columns), tuple(rows), groups, units.WAN_M3, LANDSCAPE, 9.5)


# --- 表三 ----------------------------------------------------------------------------------------


def _t3_table(form: FormSpec, loaded: LoadedReturn, ctx: ValidationContext) -> _Table:
    assert form.table is not None
    data = loaded.data
    report_date = ctx.reporting_date or period_end(data.year, data.period)
    weights = {
        "number": 4,
        "task": 34,
        "measures": 30,
        "deadline": 10,
        "lead": 12,
        "status": 7,
        "done_date": 9,
        "evidence": 15,
        "problems": 17,
        "overdue": 7,
    }
    aligns = {"number": CENTER, "status": CENTER, "done_date": CENTER, "overdue": CENTER}
    columns = tuple(
        Column(c.label, weights.get(c.id, 10), aligns.get(c.id, LEFT)) for c in form.table.columns
    )
    rows_by_key = {r.key: r for r in data.rows}
    rows = []
    headings = form.table.headings([r.key for r in form.table.fixed_rows])
    for number, task_row in enumerate(form.table.fixed_rows, start=1):
        if number - 1 in headings:  # 表三 of several documents: a heading names each (#18)
            rows.append(SheetRow((headings[number - 1].heading,), SECTION))
        task = task_row.task
        cells = rows_by_key[task.id].cells if task.id in rows_by_key else {}

        def text(column: str, cells: Mapping[str, Entry] = cells) -> str:
            entry = cells.get(column)
            if entry is None:
                return ""
            if entry.refusal is not None:
                return s.REFUSED_VALUE.format(text=entry.text.strip())
            if entry.date is not None:
                return entry.date.isoformat()
            return entry.text.strip()

        overdue = row_overdue(task, cells, report_date)
        by_column = {
            **{c: catalog_cell(task, c) for c in ("task", "measures", "deadline", "lead")},
            "number": task.number or str(number),
            "overdue": overdue.label if overdue is not None else "",
        }
        rows.append(SheetRow(tuple(by_column.get(c.id, text(c.id)) for c in form.table.columns)))
    return _Table(columns, tuple(rows), measure=s.MEASURE_NONE, font_size=8.5)


# --- 表四 ----------------------------------------------------------------------------------------

_T4_WEIGHTS = {
    "number": 4,
    "name": 19,
    "uscc": 15,
    "industry": 8,
    "source": 8,
    "balance_test": 7,
    "surcharge": 6.5,
    "over_rate": 8.5,
}
_T4_SUMMED = ("plan", "q1", "q2", "q3", "q4", "annual", "over")


def _t4_table(form: FormSpec, loaded: LoadedReturn, ctx: ValidationContext) -> _Table:
    assert form.table is not None
    data = loaded.data
    columns_spec = form.table.columns
    numbers = ledger_rows(data, form, ctx.surcharge_bands)
    columns = []
    for c in columns_spec:
        label = c.label
        if c.unit == units.PERCENT:
            label += f"（{c.unit}）"
        numeric = c.value_type == "number"
        align = RIGHT if numeric else (CENTER if c.id in ("number", "source") else LEFT)
        columns.append(Column(label, _T4_WEIGHTS.get(c.id, 7.5), align))
    rows = []
    totals = dict.fromkeys(_T4_SUMMED, Decimal(0))
    shown = 0
    for row, values in zip(data.rows, numbers, strict=True):
        if all(e.blank for e in row.cells.values()):
            continue
        shown += 1
        cells = []
        for c in columns_spec:
            entry = row.cells.get(c.id)
            if c.id == "number":
                cells.append(str(shown))
            elif c.value_type == "number":
                cells.append(entry_text(entry, values.get(c.id), c.precision))
                value = values.get(c.id)
                if c.id in totals and value is not None:
                    totals[c.id] += value
            elif entry is None:
                cells.append("")
            elif entry.refusal is not None:
                cells.append(s.REFUSED_VALUE.format(text=entry.text.strip()))
            else:
                cells.append(entry.text.strip())
        rows.append(SheetRow(tuple(cells)))
    total_cells = []
    for c in columns_spec:
        if c.id == "name":
            total_cells.append(s.TOTAL_ROW)
        elif c.id in totals:
            total_cells.append(number_text(totals[c.id], c.precision))
        else:
            total_cells.append("")
    rows.append(SheetRow(tuple(total_cells), TOTAL))
    return _Table(tuple(columns), tuple(rows), measure=units.WAN_M3, font_size=8)
