"""From a return (core's ReturnData) to what its sheet shows: values, derived values,
targets, 完成情况, last year's figures and explanations. Shared by export and template.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from siwu_desktop.core.compliance import status_text
from siwu_desktop.core.forms import DATE, INPUT, NUMBER, Field, FormSpec, catalog_cell
from siwu_desktop.core.returns import Entry, ReturnData, Row
from siwu_desktop.core.rules import RULE_INDEX
from siwu_desktop.core.terms import Period, Verdict
from siwu_desktop.core.validation import (
    ValidationContext,
    judgements,
    ledger_rows,
    period_end,
    row_overdue,
    values_of,
)
from siwu_desktop.excel.layout import SheetFill


def entry_value(spec: Field, entry: Entry | None) -> Any:
    """What a cell shows for an entry: a number as a number, never as text."""
    if entry is None:
        return None
    if entry.refusal is not None:
        return entry.text
    if spec.value_type == NUMBER:
        if entry.value is not None:
            return entry.value
        return entry.text.strip() or None  # “—”/不适用
    if spec.value_type == DATE and entry.date is not None:
        return entry.date
    return entry.text.strip() or None


def _nfc(key: str) -> str:
    return unicodedata.normalize("NFC", key)


def explanation_items(ret: ReturnData) -> list[tuple[str, str]]:
    """(key, text) in the order the digest's canonical form sorts them."""
    items = [(k, v.strip()) for k, v in ret.explanations.items() if v.strip()]
    return sorted(items, key=lambda kv: _nfc(kv[0]))


def note_label(form: FormSpec, key: str) -> str:
    """A readable label of an explanation key (`rule:field[:row]` or a field id)."""
    parts = key.split(":")
    if len(parts) == 1:
        spec = form.index.get(key)
        return spec.label if spec else key
    rule, field_id = parts[0], parts[1]
    label = ""
    if field_id in form.index:
        label = form.index[field_id].label
    elif form.table is not None and field_id in form.table.column_index:
        label = form.table.column_index[field_id].label
    if len(parts) > 2 and parts[2]:
        label += f"（第{parts[2]}行）"
    rule_title = RULE_INDEX[rule].title if rule in RULE_INDEX else ""
    return f"{label or '全表'}：{rule_title}（{rule}）" if rule_title else f"{label}（{rule}）"


def build_fill(
    form: FormSpec, ret: ReturnData, ctx: ValidationContext, *, template: bool = False
) -> SheetFill:
    fill = SheetFill()
    refused: set[str] = set()
    if form.table is None:
        values = values_of(ret, ctx)
        shown: dict[str, Any] = {}
        for spec in form.fields:
            if spec.kind == INPUT:
                entry = ret.values.get(spec.id)
                shown[spec.id] = entry_value(spec, entry)
                if entry is not None and entry.refusal is not None:
                    refused.add(spec.id)
            else:
                shown[spec.id] = values.get(spec.id)
        fill.values = shown
        if form.id == "t1":
            _t1_extras(form, ret, ctx, values, fill, template)
    else:
        fill.rows, fill.row_keys = _rows(form, ret, ctx, refused)
    items = explanation_items(ret)
    fill.notes = [(note_label(form, k), v) for k, v in items]
    by_field: dict[str, list[str]] = {}
    for key, text in items:
        parts = key.split(":")
        field_id = parts[0] if len(parts) == 1 else parts[1]
        by_field.setdefault(field_id, []).append(text)
    fill.field_notes = {k: "；".join(v) for k, v in by_field.items()}
    fill.refused = frozenset(refused)
    return fill


def _t1_extras(
    form: FormSpec,
    ret: ReturnData,
    ctx: ValidationContext,
    values: dict[str, Decimal | None],
    fill: SheetFill,
    template: bool,
) -> None:
    targets: dict[str, Decimal | str] = {}
    attributes: dict[str, str] = {}
    status: dict[str, str] = {}
    if ret.period == Period.YEAR:
        for j in judgements(ret, ctx, values):
            if j.status == Verdict.NOT_ALLOCATED:
                # a city total is no county's target: the county sees it is not yet given
                targets[j.field] = Verdict.NOT_ALLOCATED.label
            elif j.target_value is not None:
                targets[j.field] = j.target_value
            attributes[j.field] = j.attribute_label
            if not template:
                status[j.field] = status_text(j)
    fill.targets, fill.attributes, fill.status = targets, attributes, status
    last = ctx.last_year.get(form.id)
    if last is not None:
        fill.last_year = values_of(last, ctx)


def _row_cells(
    columns: Sequence[Field],
    row: Row,
    index: int,
    refused: set[str],
    derived: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One table row as the sheet shows it: what was entered in each input column (a refused
    entry is added to `refused` as "index:column") and, given them, the derived numbers."""
    cells: dict[str, Any] = {}
    for spec in columns:
        if spec.kind == INPUT:
            entry = row.cells.get(spec.id)
            cells[spec.id] = entry_value(spec, entry)
            if entry is not None and entry.refusal is not None:
                refused.add(f"{index}:{spec.id}")
        elif derived is not None and spec.value_type == NUMBER:
            cells[spec.id] = derived.get(spec.id)
    return cells


def _rows(
    form: FormSpec, ret: ReturnData, ctx: ValidationContext, refused: set[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    assert form.table is not None
    columns = form.table.columns
    rows: list[dict[str, Any]] = []
    keys: list[str] = []
    if form.id == "t3":
        tasks = {r.key: r.task for r in form.table.fixed_rows}
        report_date = ctx.reporting_date or period_end(ret.year, ret.period)
        for i, row in enumerate(ret.rows):
            task = tasks.get(row.key)
            cells = _row_cells(columns, row, i, refused)
            if task is not None:
                for column in ("number", "task", "measures", "deadline", "lead"):
                    cells[column] = catalog_cell(task, column)
                overdue = row_overdue(task, row.cells, report_date)
                cells["overdue"] = overdue.label if overdue is not None else None
            rows.append(cells)
            keys.append(row.key)
        return rows, keys
    derived = ledger_rows(ret, form, ctx.surcharge_bands)
    for i, row in enumerate(ret.rows):
        cells = _row_cells(columns, row, i, refused, derived[i])
        cells["number"] = str(i + 1)
        rows.append(cells)
    return rows, keys
