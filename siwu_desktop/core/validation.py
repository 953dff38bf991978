"""validate(return, context) → findings: the checks of the rules declared in rules.py.

Data quality and compliance are two questions (DOMAIN.md); both come back as
`Finding`s naming the rule, the field, the values, the target and its source, in
plain Chinese. The same function serves the county's entry screen, `siwu
validate`, and the city's import, so a rule is never implemented twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct, field

from siwu_desktop.core import messages as msg
from siwu_desktop.core import units
from siwu_desktop.core.catalog import Target, TargetCatalog, Task
from siwu_desktop.core.compliance import CountyAllocation, Judgement, judge, targets_by_field
from siwu_desktop.core.derive import derive_all, derive_row
from siwu_desktop.core.forms import (
    DERIVED,
    INPUT,
    NUMBER,
    Field,
    FormCache,
    FormSpec,
    concerned,
    index_weight,
)
from siwu_desktop.core.formulas import (
    DEFAULT_SURCHARGE_BANDS,
    USCC_CHARSET,
    SurchargeBand,
    uscc_check_char,
)
from siwu_desktop.core.returns import Entry, ReturnData
from siwu_desktop.core.rules import (
    CROSS_FORM,
    LEDGER_SECTORS,
    PART_OF,
    RULE_INDEX,
    YEAR_ON_YEAR_LIMIT,
)
from siwu_desktop.core.terms import (
    Overdue,
    Severity,
    TaskState,
    Verdict,
    period_label,
    task_state_of,
)

ZERO = Decimal(0)


class Finding(Struct, frozen=True):
    """One finding in a return: the rule, the cell, the message, whether it blocks finalising."""

    rule: str
    severity: Severity
    form: str
    field: str  # field or column id; "" for the whole return
    message: str
    row: int | None = None  # 1-based row of a table
    values: tuple[tuple[str, str], ...] = ()  # (what, value as shown)
    target: str = ""  # target or allocation id
    citation: str = ""  # where the target comes from
    blocking: bool = False  # blocks finalising until explained (errors block regardless)

    @property
    def key(self) -> str:
        """Stable key an explanation (说明) is filed under."""
        return f"{self.rule}:{self.field}" + (f":{self.row}" if self.row else "")


class ValidationContext(Struct, dict=True):
    """What validation needs beyond the return itself.

    Its per-city lookups (`_targets`, `_placeholders`) are caches, not fields: they live in
    the instance dict (`dict=True`), set in `__post_init__`, and cannot be passed in."""

    catalog: TargetCatalog
    allocations: Sequence[CountyAllocation] = ()
    last_year: Mapping[str, ReturnData] = field(default_factory=dict)  # form id → return
    companions: Mapping[str, ReturnData] = field(default_factory=dict)  # same county/year
    reporting_date: dt.date | None = None  # default: the end of the return's period
    surcharge_bands: Sequence[SurchargeBand] = DEFAULT_SURCHARGE_BANDS
    extra_tasks: Sequence[Task] = ()  # the target pack's tasks (表三, after the catalog's)
    forms: FormCache | None = None  # built forms to share (the service's); None: a new cache

    def __post_init__(self) -> None:
        self._targets: dict[str, dict[str, list[Target]]] = {}
        self._placeholders: dict[str, dict[str, list[Target]]] = {}
        if self.forms is None or self.forms.catalog is not self.catalog:
            self.forms = FormCache(self.catalog)

    def form_for(self, ret: ReturnData) -> FormSpec:
        assert self.forms is not None
        return self.forms.get(ret.city, ret.form, ret.year, ret.county, self.extra_tasks)

    def targets(self, city: str) -> dict[str, list[Target]]:
        if city not in self._targets:
            self._targets[city] = targets_by_field(self.catalog.reportable_targets(city))
        return self._targets[city]

    def placeholders(self, city: str) -> dict[str, list[Target]]:
        if city not in self._placeholders:
            self._placeholders[city] = targets_by_field(self.catalog.placeholders_for(city))
        return self._placeholders[city]


def _f(rule: str, form: str, field_id: str, message: str, **kw: object) -> Finding:
    return Finding(rule, RULE_INDEX[rule].severity, form, field_id, message, **kw)  # type: ignore[arg-type]


def show(value: Decimal | None, places: int) -> str:
    return msg.BLANK if value is None else units.fixed(value, places)


def period_end(year: int, period: str) -> dt.date:
    month = {"Q1": 3, "Q2": 6, "Q3": 9}.get(period)
    if month is None:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def half_ulp(value: Decimal) -> Decimal:
    """Half a unit of the last digit entered: how far a rounded entry may be from the truth."""
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(int(exponent) - 1)


def tolerance(form: FormSpec, ret: ReturnData, field_id: str) -> Decimal:
    """Largest difference rounding alone can explain for a field: the half-ulps of its entries."""
    spec = form.index.get(field_id)
    if spec is None:
        return ZERO
    if spec.kind == INPUT:
        v = ret.value(field_id)
        return half_ulp(v) if v is not None else ZERO
    return sum((tolerance(form, ret, i) for i in spec.inputs), ZERO)


# --- the entry point -----------------------------------------------------------------------

# The county's other forms of the same year that each form's checks read (ctx.companions:
# 表一 ↔ 表二 and 表四's count, 表四 against 表二 or 表一); the service loads only these.
COMPANIONS: Mapping[str, tuple[str, ...]] = {"t1": ("t2", "t4"), "t2": ("t1",), "t4": ("t2", "t1")}


def validate(ret: ReturnData, ctx: ValidationContext) -> list[Finding]:
    form = ctx.form_for(ret)
    out: list[Finding] = []
    if ret.period not in form.periods:
        out.append(
            _f(
                "D13",
                ret.form,
                "",
                msg.NOT_ANNUAL.format(form=form.short, period=period_label(ret.period)),
            )
        )
    if form.id == "t3":
        out += _validate_tasks(ret, form, ctx)
    elif form.id == "t4":
        out += _validate_ledger(ret, form, ctx)
    else:
        values = derive_all(form, ret.entered())
        # a pack allocation for an indicator makes the county report it and its inputs
        allocated = {a.field_id for a in ctx.allocations if a.county == ret.county}
        allocated |= {i for f in form.fields if f.id in allocated for i in f.inputs}
        out += _validate_cells(ret, form, values, sorted(allocated))
        if form.id == "t1":
            out += _city_weights(ret, form)
            out += _parts(ret, form, values)
            t2 = ctx.companions.get("t2")
            if t2 is not None:
                out += _cross_form(ret, form, values, t2, ctx.form_for(t2))
            t4 = ctx.companions.get("t4")
            if t4 is not None:
                out += _ledger_count(form, values, t4)
        if form.id == "t2":
            t1 = ctx.companions.get("t1")
            if t1 is not None:
                out += _cross_form(ret, form, values, t1, ctx.form_for(t1))
        out += _year_on_year(ret, form, values, ctx)
        if form.id == "t1" and ret.period == "Y":
            out += compliance_findings(judgements(ret, ctx, values), ret.form, ret.year)
    return out


def values_of(ret: ReturnData, ctx: ValidationContext) -> dict[str, Decimal | None]:
    """Entered and derived values of a single-cell return (表一, 表二)."""
    return derive_all(ctx.form_for(ret), ret.entered())


def judgements(
    ret: ReturnData, ctx: ValidationContext, values: Mapping[str, Decimal | None] | None = None
) -> list[Judgement]:
    form = ctx.form_for(ret)
    if values is None:
        values = derive_all(form, ret.entered())
    na = {k: e.not_applicable for k, e in ret.values.items()}
    return judge(
        form,
        values,
        na,
        ret.county,
        ret.year,
        ctx.targets(ret.city),
        ctx.allocations,
        ctx.placeholders(ret.city),
    )


# --- single cells --------------------------------------------------------------------------


def _validate_cells(
    ret: ReturnData,
    form: FormSpec,
    values: Mapping[str, Decimal | None],
    allocated: Sequence[str] = (),
) -> list[Finding]:
    out: list[Finding] = []
    for f in form.fields:
        entry = ret.values.get(f.id)
        if f.kind == INPUT:
            if entry is not None and entry.refusal is not None:
                message = msg.REFUSED.format(label=f.label, text=entry.text, reason=entry.refusal)
                out.append(_f("D02", form.id, f.id, message))
                continue
            if entry is None or (entry.value is None and not entry.not_applicable):
                if f.required and concerned(f, ret.county, allocated):
                    out.append(_f("D01", form.id, f.id, msg.REQUIRED.format(label=f.label)))
                continue
        elif values.get(f.id) is None:
            if f.required and f.formula == "sum":
                out += _sum_required(ret, form, f)
            continue
        value = values.get(f.id)
        if value is not None:
            out += _range(form.id, f, value)
    return out


def _sum_required(ret: ReturnData, form: FormSpec, total: Field) -> list[Finding]:
    """D01 for a required computed total (表二's grey 合计) left empty: it names the input
    cells that are empty, and sits on the first of them, since the total cannot be typed.
    (Inputs refused are D02 already; inputs all "—" make the total not applicable.)"""
    leaves = _leaf_inputs(form, total)
    missing = [i for i in leaves if (e := ret.values.get(i)) is None or e.blank]
    if not missing:
        return []
    labels = [form.field(i).label for i in missing]
    text = msg.REQUIRED_SUM.format(label=total.label, inputs=brief_labels(labels))
    return [_f("D01", form.id, missing[0], text)]


def _leaf_inputs(form: FormSpec, f: Field) -> list[str]:
    """The input fields a derived field is computed from, through derived ones, in order."""
    out: list[str] = []
    for i in f.inputs:
        spec = form.index[i]
        for leaf in [i] if spec.kind == INPUT else _leaf_inputs(form, spec):
            if leaf not in out:
                out.append(leaf)
    return out


def brief_labels(labels: Sequence[str]) -> str:
    """Labels for a message: 表二's "行·列" labels that fill a whole grid of rows × columns
    as "城镇居民、工业……各行的地表水、地下水……各栏"; otherwise listed."""
    pairs = [label.split("·", 1) for label in labels]
    if len(labels) > 1 and all(len(p) == 2 for p in pairs):
        rows = list(dict.fromkeys(p[0] for p in pairs))
        columns = list(dict.fromkeys(p[1] for p in pairs))
        if len(rows) * len(columns) == len(labels) > max(len(rows), len(columns)):
            return msg.GRID_LABELS.format(rows="、".join(rows), columns="、".join(columns))
    return "、".join(f"“{label}”" for label in labels)


def _city_weights(ret: ReturnData, form: FormSpec) -> list[Finding]:
    """A blank base-year value (optional for the county) that the city needs to weight the
    county's comparable-price index: a notice, so the county knows before it reports."""
    out = []
    for f in form.fields:
        weight = index_weight(f.id)
        if weight is None or weight not in form.index or ret.value(f.id) is None:
            continue
        if ret.value(weight) is None:
            label = form.index[weight].label
            out.append(_f("D14", form.id, weight, msg.CITY_WEIGHT_MISSING.format(label=label)))
    return out


def _range(form_id: str, f: Field, value: Decimal, row: int | None = None) -> list[Finding]:
    shown = show(value, f.precision)
    vals = (("value", shown),)
    if f.hard is not None and not f.hard.contains(value):
        if value < 0 and f.hard.low == 0:
            text = (
                msg.NEGATIVE_ROW.format(row=row, label=f.label, value=shown)
                if row
                else msg.NEGATIVE.format(label=f.label, value=shown, unit=units.shown_unit(f.unit))
            )
            return [_f("D03", form_id, f.id, text, row=row, values=vals)]
        low = units.plain(f.hard.low) if f.hard.low is not None else "−∞"
        high = units.plain(f.hard.high) if f.hard.high is not None else "+∞"
        text = msg.OUT_OF_HARD_RANGE.format(
            label=f.label, value=shown, unit=units.shown_unit(f.unit), low=low, high=high
        )
        return [_f("D04", form_id, f.id, text, row=row, values=vals)]
    if f.plausible is not None and not f.plausible.contains(value):
        low = units.plain(f.plausible.low) if f.plausible.low is not None else "−∞"
        high = units.plain(f.plausible.high) if f.plausible.high is not None else "+∞"
        text = msg.OUT_OF_PLAUSIBLE_RANGE.format(
            label=f.label, value=shown, unit=units.shown_unit(f.unit), low=low, high=high
        )
        return [_f("D05", form_id, f.id, text, row=row, values=vals)]
    return []


def _parts(ret: ReturnData, form: FormSpec, values: Mapping[str, Decimal | None]) -> list[Finding]:
    out = []
    for part_id, whole_id in PART_OF:
        part, whole = values.get(part_id), values.get(whole_id)
        if part is None or whole is None or part_id not in form.index or whole_id not in form.index:
            continue
        if part > whole + tolerance(form, ret, part_id) + tolerance(form, ret, whole_id):
            p, w = form.field(part_id), form.field(whole_id)
            text = msg.PART_EXCEEDS_WHOLE.format(
                part=p.label,
                part_value=show(part, p.precision),
                whole=w.label,
                whole_value=show(whole, w.precision),
                unit=units.shown_unit(p.unit),
            )
            vals = ((p.label, show(part, p.precision)), (w.label, show(whole, w.precision)))
            out.append(_f("D06", form.id, part_id, text, values=vals))
    return out


def _cross_form(
    ret: ReturnData,
    form: FormSpec,
    values: Mapping[str, Decimal | None],
    other: ReturnData,
    other_form: FormSpec,
) -> list[Finding]:
    """D07 from either side: 表一 checked against 表二, or 表二 against 表一. Each finding
    names both returns' figures, so the clerk sees the mismatch on whichever return is open."""
    other_values = derive_all(other_form, other.entered())
    pairs = CROSS_FORM if form.id == "t1" else tuple((b, a) for a, b in CROSS_FORM)
    out = []
    for mine_id, theirs_id in pairs:
        mine, theirs = values.get(mine_id), other_values.get(theirs_id)
        if mine is None or theirs is None or mine_id not in form.index:
            continue
        if theirs_id not in other_form.index:
            continue
        allowed = tolerance(form, ret, mine_id) + tolerance(other_form, other, theirs_id)
        difference = abs(mine - theirs)
        if difference > allowed:
            f, g = form.field(mine_id), other_form.field(theirs_id)
            text = msg.CROSS_FORM_MISMATCH.format(
                form=form.short,
                label=f.label,
                value=units.plain(mine),
                other_form=other_form.short,
                other_label=g.label,
                other_value=units.plain(theirs),
                unit=units.shown_unit(f.unit),
                difference=units.plain(difference),
                tolerance=units.plain(allowed),
            )
            vals = ((form.short, units.plain(mine)), (other_form.short, units.plain(theirs)))
            out.append(_f("D07", form.id, mine_id, text, values=vals))
    return out


PLANNED_USERS = "planned_use_coverage_done"  # 表一 参考事项: units under 计划用水管理 (#18)


def ledger_count(t4: ReturnData) -> int:
    """The planned water users 表四 lists (rows with a 单位名称)."""
    return sum(1 for r in t4.rows if not _blank(r.cells.get("name")))


def _ledger_count(
    form: FormSpec, values: Mapping[str, Decimal | None], t4: ReturnData
) -> list[Finding]:
    """D15: 已纳入计划用水管理的用水单位数 is 表四's count of units; a notice where they differ."""
    entered = values.get(PLANNED_USERS)
    if PLANNED_USERS not in form.index or entered is None:
        return []
    count = ledger_count(t4)
    if entered == count:
        return []
    text = msg.LEDGER_COUNT_MISMATCH.format(
        label=form.field(PLANNED_USERS).label, value=units.plain(entered), count=count
    )
    return [_f("D15", form.id, PLANNED_USERS, text)]


def _year_on_year(
    ret: ReturnData, form: FormSpec, values: Mapping[str, Decimal | None], ctx: ValidationContext
) -> list[Finding]:
    last = ctx.last_year.get(form.id)
    if last is None:
        return []
    last_values = derive_all(ctx.form_for(last), last.entered())
    out = []
    for f in form.fields:
        if not f.year_on_year:
            continue
        now, before = values.get(f.id), last_values.get(f.id)
        if now is None or before is None or before.is_zero():
            continue
        change = (now - before) / before * 100
        if abs(change) > YEAR_ON_YEAR_LIMIT:
            text = msg.YEAR_ON_YEAR.format(
                label=f.label,
                value=show(now, f.precision),
                unit=units.shown_unit(f.unit),
                last=show(before, f.precision),
                change=units.fixed(change, 1),
                limit=units.plain(YEAR_ON_YEAR_LIMIT),
            )
            vals = (("本年", show(now, f.precision)), ("上年", show(before, f.precision)))
            out.append(_f("D10", form.id, f.id, text, values=vals))
    return out


# --- compliance ------------------------------------------------------------------------------


def compliance_findings(items: Sequence[Judgement], form_id: str, ret_year: int) -> list[Finding]:
    from siwu_desktop.core.compliance import bound_text

    out = []
    for j in items:
        extra = "".join(j.notes)
        vals = (("实际", show(j.value, 2) if j.value is not None else msg.BLANK),)
        if j.status is Verdict.UNMET:
            target = units.plain(j.target_value) if j.target_value is not None else ""
            fields = {
                "label": j.label,
                "year": j.year if j.year is not None else ret_year,
                "value": format(j.value, "f") if j.value is not None else "",
                "unit": units.shown_unit(j.unit),
                "basis": j.basis.label if j.basis is not None else "",
                "bound": bound_text(j),
                "target": target,
                "citation": j.citation,
                "attribute": j.attribute_label,
                "extra": extra,
            }
            if j.binding:
                text = msg.UNMET_BINDING.format(**fields)
                rule = "C01"
            else:
                text = msg.UNMET_EXPECTED.format(**fields)
                rule = "C02"
            out.append(
                _f(
                    rule,
                    form_id,
                    j.field,
                    text,
                    values=(*vals, ("目标", target)),
                    target=j.target_id,
                    citation=j.citation,
                    blocking=j.binding,
                )
            )
        elif j.status is Verdict.NOT_ALLOCATED:
            if j.target_value is None:  # a county indicator the city sets by target pack
                text = msg.NOT_ALLOCATED_PENDING.format(
                    label=j.label, year=j.year, citation=j.citation
                )
            else:
                text = msg.NOT_ALLOCATED.format(
                    label=j.label,
                    bound=bound_text(j),
                    target=j.target_text,
                    target_unit=units.shown_unit(j.target_unit),
                    citation=j.citation,
                )
            out.append(
                _f(
                    "C03",
                    form_id,
                    j.field,
                    text,
                    values=vals,
                    target=j.target_id,
                    citation=j.citation,
                )
            )
    return out


# --- 表三 tasks --------------------------------------------------------------------------------


def task_overdue(
    task: Task, status: TaskState | None, done: dt.date | None, report_date: dt.date
) -> Overdue | None:
    """Late (done after the deadline), open (past it, not done) or None, at a reporting date."""
    if not task.due_date or status is TaskState.NOT_CONCERNED:
        return None
    due = dt.date.fromisoformat(task.due_date)
    if status is TaskState.DONE:
        return Overdue.LATE if done is not None and done > due else None
    return Overdue.OPEN if due < report_date else None


def task_state(cells: Mapping[str, Entry]) -> tuple[TaskState | None, dt.date | None]:
    """A 表三 row's state (None when blank or refused) and its completion date."""
    status = cells.get("status")
    done = cells.get("done_date")
    return (
        task_state_of(status.text) if status is not None and not status.refusal else None,
        done.date if done is not None else None,
    )


def row_overdue(task: Task, cells: Mapping[str, Entry], report_date: dt.date) -> Overdue | None:
    """`task_overdue` for a 表三 row as entered (the window, the workbook, the sheet)."""
    return task_overdue(task, *task_state(cells), report_date)


def _validate_tasks(ret: ReturnData, form: FormSpec, ctx: ValidationContext) -> list[Finding]:
    assert form.table is not None
    report_date = ctx.reporting_date or period_end(ret.year, ret.period)
    rows = {r.key: r for r in ret.rows}
    columns = form.table.column_index
    out: list[Finding] = []
    for number, task_row in enumerate(form.table.fixed_rows, start=1):
        task = task_row.task
        shown = form.table.shown_number(task, number)  # the 序号 the clerk sees, not the position
        cells = rows[task.id].cells if task.id in rows else {}
        for column in form.table.columns:
            if column.kind != INPUT:
                continue
            entry = cells.get(column.id)
            if entry is not None and entry.refusal is not None:
                text = msg.TASK_REFUSED.format(
                    number=shown, label=column.label, text=entry.text, reason=entry.refusal
                )
                out.append(_f("D02", form.id, column.id, text, row=number))
            elif column.required and (entry is None or entry.blank):
                out.append(
                    _f(
                        "D01",
                        form.id,
                        column.id,
                        msg.TASK_REQUIRED.format(number=shown, label=column.label),
                        row=number,
                    )
                )
        status, done = task_state(cells)
        done_entry = cells.get("done_date")
        if status is TaskState.DONE:
            if done is None and not (done_entry and done_entry.refusal):
                out.append(
                    _f(
                        "T02",
                        form.id,
                        "done_date",
                        msg.TASK_DONE_NO_DATE.format(number=shown),
                        row=number,
                    )
                )
            if _blank(cells.get("evidence")):
                out.append(
                    _f(
                        "T03",
                        form.id,
                        "evidence",
                        msg.TASK_DONE_NO_EVIDENCE.format(number=shown),
                        row=number,
                    )
                )
            if done is not None and done > report_date:
                text = msg.TASK_DONE_AFTER_REPORT.format(
                    number=shown, done=done.isoformat(), date=report_date.isoformat()
                )
                out.append(_f("T06", form.id, "done_date", text, row=number))
        flag = task_overdue(task, status, done, report_date)
        if flag is Overdue.LATE and done is not None:
            text = msg.TASK_DONE_LATE.format(number=shown, done=done.isoformat(), due=task.due_date)
            out.append(_f("T04", form.id, "done_date", text, row=number))
        elif flag is Overdue.OPEN:
            short = task.text[:30] + ("…" if len(task.text) > 30 else "")
            text = msg.TASK_OVERDUE.format(
                number=shown, task=short, due=task.due_date, date=report_date.isoformat()
            )
            out.append(_f("T01", form.id, "status", text, row=number))
            if _blank(cells.get("problems")):
                out.append(
                    _f(
                        "T05",
                        form.id,
                        "problems",
                        msg.TASK_PROBLEMS_MISSING.format(number=shown),
                        row=number,
                    )
                )
    del columns
    return out


def _blank(entry: Entry | None) -> bool:
    return entry is None or entry.blank


# --- 表四 ledger -------------------------------------------------------------------------------

_QUARTERS = ("q1", "q2", "q3", "q4")


def _validate_ledger(ret: ReturnData, form: FormSpec, ctx: ValidationContext) -> list[Finding]:
    assert form.table is not None
    columns = form.table.columns
    inputs = [c for c in columns if c.kind == INPUT]
    numbers = [c for c in inputs if c.value_type == NUMBER]
    derived = [c for c in columns if c.kind == DERIVED and c.value_type == NUMBER]
    bands = ctx.surcharge_bands
    out: list[Finding] = []
    seen_codes: dict[str, int] = {}
    ledger_total = ZERO
    for number, row in enumerate(ret.rows, start=1):
        cells = row.cells
        if all(e.blank for e in cells.values()):
            continue  # an empty row (e.g. left at the bottom of the sheet) is not a user
        for c in inputs:
            entry = cells.get(c.id)
            if entry is None or entry.blank:
                if c.required:
                    out.append(
                        _f(
                            "D01",
                            form.id,
                            c.id,
                            msg.REQUIRED_ROW.format(row=number, label=c.label),
                            row=number,
                        )
                    )
            elif entry.refusal is not None:
                text = msg.REFUSED_ROW.format(
                    row=number, label=c.label, text=entry.text, reason=entry.refusal
                )
                out.append(_f("D02", form.id, c.id, text, row=number))
        values: dict[str, Decimal | None] = {}
        for c in numbers:
            entry = cells.get(c.id)
            v = entry.value if entry is not None else None
            values[c.id] = v
            if v is not None and v < 0:
                text = msg.NEGATIVE_ROW.format(row=number, label=c.label, value=units.plain(v))
                out.append(_f("D03", form.id, c.id, text, row=number))
        code_entry = cells.get("uscc")
        if code_entry is not None and not code_entry.blank:
            finding = _uscc(form.id, number, code_entry.text)
            if finding is not None:
                out.append(finding)
            code = code_entry.text.strip().upper()
            if code in seen_codes:
                text = msg.USCC_DUPLICATE.format(row=number, code=code, other=seen_codes[code])
                out.append(_f("D12", form.id, "uscc", text, row=number))
            else:
                seen_codes[code] = number
        annual = values.get("annual")
        quarters = [v for q in _QUARTERS if (v := values.get(q)) is not None]
        if annual is not None and quarters:
            out += _quarters_vs_year(form.id, number, quarters, annual)
        if annual is not None:
            ledger_total += annual
        if derived and annual is not None and values.get("plan"):
            derive_row(columns, values, bands)
            over = values.get("over")
            if over is not None and over > 0:
                multiplier = values.get("surcharge") or ZERO
                name_entry = cells.get("name")
                template = msg.OVER_PLAN if multiplier else msg.OVER_PLAN_TOLERATED
                text = template.format(
                    row=number,
                    name=name_entry.text if name_entry else "",
                    over=units.plain(over),
                    rate=show(values.get("over_rate"), 2),
                    band=msg.BAND_TIMES.format(multiplier=multiplier),
                )
                out.append(_f("L01", form.id, "over", text, row=number))
    out += _ledger_vs_return(form.id, ledger_total, ctx)
    return out


def rounded_once(entries: Sequence[Decimal], *totals: Decimal) -> tuple[Decimal, ...]:
    """`totals` rounded (四舍五入) once to the coarsest precision among `entries`.

    Two totals of rounded entries agree when they are equal at that precision: one
    rounding is allowed, not the sum of every entry's rounding (issue #17 item 14: 2+2+2+2
    against 8.5 would pass a tolerance of 4 × 0.5 + 0.05)."""
    step = Decimal(1).scaleb(max(int(v.as_tuple().exponent) for v in entries))
    return tuple(t.quantize(step, rounding=ROUND_HALF_UP) for t in totals)


def _quarters_vs_year(
    form_id: str, row: int, quarters: Sequence[Decimal], annual: Decimal
) -> list[Finding]:
    """D08: the four quarters add up to the year; fewer quarters do not exceed it."""
    q_sum = sum(quarters, ZERO)
    q_shown, a_shown = rounded_once([*quarters, annual], q_sum, annual)
    if len(quarters) == 4 and q_shown != a_shown:
        text = msg.QUARTERS_SUM_MISMATCH.format(
            row=row,
            quarters=units.plain(q_sum),
            annual=units.plain(annual),
            difference=units.plain(abs(q_sum - annual)),
            quarters_rounded=units.plain(q_shown),
            annual_rounded=units.plain(a_shown),
        )
        return [_f("D08", form_id, "annual", text, row=row)]
    if len(quarters) < 4 and q_shown > a_shown:
        text = msg.QUARTERS_EXCEED_ANNUAL.format(
            row=row, quarters=units.plain(q_sum), annual=units.plain(annual)
        )
        return [_f("D08", form_id, "annual", text, row=row)]
    return []


def ledger_rows(
    ret: ReturnData, form: FormSpec, bands: Sequence[SurchargeBand]
) -> list[dict[str, Decimal | None]]:
    """Numbers of each ledger row with its derived columns (超计划量, 超计划率, 加价倍数)."""
    assert form.table is not None
    out = []
    for row in ret.rows:
        values = {k: e.value for k, e in row.cells.items()}
        derive_row(form.table.columns, values, bands)
        out.append(values)
    return out


def _uscc(form_id: str, row: int, text: str) -> Finding | None:
    code = text.strip().upper()
    if len(code) != 18:
        return _f(
            "D11",
            form_id,
            "uscc",
            msg.USCC_BAD_LENGTH.format(row=row, code=code, length=len(code)),
            row=row,
        )
    for ch in code:
        if ch not in USCC_CHARSET:
            return _f(
                "D11",
                form_id,
                "uscc",
                msg.USCC_BAD_CHAR.format(row=row, code=code, char=ch),
                row=row,
            )
    expected = uscc_check_char(code[:17])
    if expected != code[17]:
        text = msg.USCC_BAD_CHECK.format(row=row, code=code, expected=expected, actual=code[17])
        return _f("D11", form_id, "uscc", text, row=row)
    return None


def _ledger_vs_return(form_id: str, ledger_total: Decimal, ctx: ValidationContext) -> list[Finding]:
    t2 = ctx.companions.get("t2")
    if t2 is not None:
        values = values_of(t2, ctx)
        parts = [values.get(s) for s in LEDGER_SECTORS]
        if all(p is not None for p in parts):
            sectors = sum((p for p in parts if p is not None), ZERO)
            if ledger_total > sectors:
                text = msg.LEDGER_EXCEEDS_RETURN.format(
                    ledger=units.plain(ledger_total), sectors=units.plain(sectors)
                )
                return [_f("D09", form_id, "annual", text)]
        return []
    t1 = ctx.companions.get("t1")
    total = t1.value("total_use") if t1 is not None else None
    if total is not None and ledger_total > total:
        text = msg.LEDGER_EXCEEDS_TOTAL.format(
            ledger=units.plain(ledger_total), total=units.plain(total)
        )
        return [_f("D09", form_id, "annual", text)]
    return []


# --- finalising ---------------------------------------------------------------------------------


def finalise_blockers(findings: Sequence[Finding], explanations: Mapping[str, str]) -> list[str]:
    """Why the return cannot be finalised yet (empty list: it can)."""
    reasons = []
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        reasons.append(msg.FINALISE_ERRORS.format(count=len(errors)))
    reasons += [f.message for f in unexplained(findings, explanations) if f.blocking]
    return reasons


# --- notes (说明, 情况说明): the one rule the window, the CLI, the sheet and the demo apply ------


def needs_explanation(finding: Finding) -> bool:
    """Whether a finding asks for a written note (DOMAIN.md): an error is corrected, never
    explained; a warning needs a note; a missed 约束性 target (C01, a blocking warning)
    needs a 情况说明 before the return can be finalised; a missed 预期性 one (C02) asks
    for a note but does not block; a notice asks for nothing."""
    if finding.severity is Severity.ERROR:
        return False
    return finding.severity is Severity.WARNING or finding.blocking


def explanation(finding: Finding, explanations: Mapping[str, str]) -> str:
    """The note that explains `finding`: the one filed under its key, else the note of
    its field (表一's 说明 column); "" when neither has text."""
    for key in (finding.key, finding.field):
        text = explanations.get(key, "").strip() if key else ""
        if text:
            return text
    return ""


def explained(finding: Finding, explanations: Mapping[str, str]) -> bool:
    return bool(explanation(finding, explanations))


def unexplained(findings: Sequence[Finding], explanations: Mapping[str, str]) -> list[Finding]:
    """The findings that still need a note, in their order."""
    return [f for f in findings if needs_explanation(f) and not explained(f, explanations)]
