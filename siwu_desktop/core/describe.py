"""Forms and rules as plain data (JSON-ready dicts, table rows) for `siwu forms` / `siwu rules`
and for whoever builds templates from them. Values are strings or ints, never floats.
"""

from __future__ import annotations

from typing import Any

from siwu_desktop.core import units
from siwu_desktop.core.forms import DERIVED, Field, FormSpec, Range
from siwu_desktop.core.rules import CROSS_FORM, PART_OF, Rule

KIND_LABELS = {"input": "填报", "derived": "计算"}


def _range(r: Range | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "low": units.plain(r.low) if r.low is not None else None,
        "high": units.plain(r.high) if r.high is not None else None,
        "high_open": r.high_open,
    }


def field_to_dict(f: Field, with_cell: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f.id,
        "label": f.label,
        "unit": f.unit,
        "kind": f.kind,
        "required": f.required,
    }
    if with_cell:
        data["cell"] = f.cell
    data |= {
        "type": f.value_type,
        "precision": f.precision,
        "section": f.section,
        "indicator": f.indicator,
        "scope": f.scope if f.indicator else None,
        "base_year": f.base_year,
        "formula": f.formula if f.kind == DERIVED else None,
        "inputs": list(f.inputs),
        "choices": list(f.choices),
        "range": _range(f.hard),
        "plausible": _range(f.plausible),
        "help": f.help,
    }
    if f.references:  # a 参考事项 row (#18 item 5): never judged, with its sources
        data["references"] = [
            {
                "id": r.id,
                "commitment": r.commitment,
                "value": r.value_text,
                "unit": r.unit,
                "source": r.citation,
                "quote": r.quote,
                "judged": False,
            }
            for r in f.references
        ]
    return data


def form_to_dict(form: FormSpec) -> dict[str, Any]:
    table = None
    if form.table is not None:
        table = {
            "id": form.table.id,
            "label": form.table.label,
            "first_row_cell": form.table.first_row_cell,
            "columns": [field_to_dict(c, with_cell=False) for c in form.table.columns],
            "rows": [
                {
                    "key": r.key,
                    "number": r.task.number,
                    "text": r.task.text,
                    "due_date": r.task.due_date,
                }
                for r in form.table.fixed_rows
            ],
        }
        if form.table.groups:  # 表三 of tasks from several documents, under a heading each
            table["groups"] = [
                {"heading": g.heading, "document": g.document.id, "keys": list(g.keys)}
                for g in form.table.groups
            ]
    return {
        "city": form.city,
        "form": form.id,
        "short": form.short,
        "title": form.title,
        "periods": list(form.periods),
        "year": form.year,
        "fields": [field_to_dict(f) for f in form.fields],
        "table": table,
    }


def field_rows(form: FormSpec) -> list[list[str]]:
    """One line per field (or column) for a terminal table."""
    rows = [
        [f.id, f.label, f.unit or "—", KIND_LABELS[f.kind], "是" if f.required else "", f.cell]
        for f in form.fields
    ]
    if form.table is not None:
        for i, c in enumerate(form.table.columns):
            cell = form.table.first_row_cell if i == 0 else ""
            rows.append(
                [
                    c.id,
                    c.label,
                    c.unit or "—",
                    KIND_LABELS[c.kind],
                    "是" if c.required else "",
                    cell,
                ]
            )
    return rows


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "forms": list(rule.forms),
        "severity": rule.severity.value,
        "title": rule.title,
        "checks": rule.checks,
    }


def rule_rows(rules: list[Rule]) -> list[list[str]]:
    return [[r.id, r.severity.label, r.title, r.checks] for r in rules]


def field_checks(form: FormSpec, counterpart: FormSpec | None = None) -> list[list[str]]:
    """The concrete checks a city's form gets: ranges per field, parts and wholes, and the
    表一↔表二 pairs (D07) when `counterpart`, the other of the two forms, is given. Fields are
    named by their Chinese labels, never by their ids."""
    rows: list[list[str]] = []
    fields = list(form.fields) + (list(form.table.columns) if form.table else [])
    for f in fields:
        if f.hard is not None:
            rule = "D03" if f.hard.low == 0 and f.hard.high is None else "D04"
            rows.append([rule, f.label, f"{f.hard.text()} {f.unit}".strip()])
        if f.plausible is not None:
            rows.append(["D05", f.label, f"{f.plausible.text()} {f.unit}".strip()])
    if form.id == "t1":
        for part, whole in PART_OF:
            if part in form.index and whole in form.index:
                rows.append(["D06", form.field(part).label, f"不大于“{form.field(whole).label}”"])
    if counterpart is not None and {form.id, counterpart.id} == {"t1", "t2"}:
        rows += _cross_form_checks(form, counterpart)
    return rows


def _cross_form_checks(form: FormSpec, counterpart: FormSpec) -> list[list[str]]:
    """D07 rows: this form's field and the counterpart's field it must equal, both present."""
    pairs = CROSS_FORM if form.id == "t1" else tuple((b, a) for a, b in CROSS_FORM)
    return [
        [
            "D07",
            form.field(mine).label,
            f"等于{counterpart.short}“{counterpart.field(theirs).label}”",
        ]
        for mine, theirs in pairs
        if mine in form.index and theirs in counterpart.index
    ]
