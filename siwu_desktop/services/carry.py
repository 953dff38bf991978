"""Carrying a county's own figures into a new year (issue #17).

Two things a clerk should not type twice: the 表四 ledger of planned water users (who
they are, not what they used: names, credit codes, industry, source and plan), and the
base-year inputs of a decline target that the county's earlier returns already hold
(2025年用水总量 as the 2026 return's base). Both only fill what is empty: a value or a
unit the clerk already has stays as it is, and is named in the summary instead.

A carried value keeps where it came from (storage's `origin`, cleared by any later
write; a carried 表四 row keeps its cells as carried), so the window marks it
取自2025年年报… until the clerk changes it. The source
is the newest finalised revision of that return, else its draft (said so).
`siwu new` and the window's 新建年度报表 both come here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from siwu_desktop.core import units
from siwu_desktop.core.forms import FORM_IDS, Field
from siwu_desktop.core.returns import parse_entry
from siwu_desktop.core.terms import ANNUAL, Period, ReturnStatus
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.storage.returns import ReturnKey

if TYPE_CHECKING:
    from siwu_desktop.services.returns import LoadedReturn, ReturnService

#: 表四 columns a new year starts from; the actual use (季度、全年) and 水平衡测试 are
#: the year's own.
LEDGER_COLUMNS = ("name", "uscc", "industry", "source", "plan")
#: Base-year fields that are facts of the base year itself, so the same in every return
#: that names them (the comparable-price indices are not: they run to each report year).
BASE_LEVELS = ("total_use", "industrial_use", "gdp", "industrial_va")

# --- what the clerk reads (CLI and window) -----------------------------------------------
ORIGIN_TEXT = "取自{year}年年报（第{revision}版，{state}）的“{label}”"
STATE_FINAL = "已定稿"
STATE_DRAFT = "草稿，未定稿"
VALUE_LINE = "表一“{label}”：{text}，{origin}"
KEPT_LINE = "表一“{label}”已填写“{held}”，未改动（{origin}为 {text}）"
LEDGER_LINE = (
    "表四：从{year}年台账（第{revision}版，{state}）带入 {count} 户"
    "（单位名称、统一社会信用代码、行业、水源、年计划量；实际用水量不带入，年计划量请按本年下达的计划核对）"
)
LEDGER_SKIPPED = "表四：已有的 {count} 户未重复带入：{names}"
NAMES_SHOWN = 5  # a summary line names this many units, then 等
LEDGER_NONE = "{year}年没有表四台账，未带入"
LEDGER_LOCKED = "{year}年表四已定稿，未带入（如需修改请先更正）"
NOTHING = "没有可从往年报表带入的内容"
LEDGER_LABEL = "计划用水户台账"
PLAN_VALUE = "{label}：{text}"
PLAN_VALUES = "表一基准年数据：{values}（取自{years}年年报）"
PLAN_LEDGER = "表四：{year}年台账的 {count} 户（单位名称、统一社会信用代码、行业、水源、年计划量）"


class Origin(Struct, frozen=True):
    """The earlier return (and field) a carried value was taken from."""

    year: int
    form: str
    revision: int
    finalised: bool
    field: str
    label: str

    def text(self) -> str:
        state = STATE_FINAL if self.finalised else STATE_DRAFT
        return ORIGIN_TEXT.format(
            year=self.year, revision=self.revision, state=state, label=self.label
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "form": self.form,
            "revision": self.revision,
            "finalised": self.finalised,
            "field": self.field,
            "label": self.label,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> Origin | None:
        """None for anything this version does not understand (shown unmarked)."""
        try:
            return Origin.from_dict(json.loads(text))
        except ValueError:
            return None

    @staticmethod
    def from_dict(d: object) -> Origin | None:
        try:
            assert isinstance(d, dict)
            return Origin(
                int(d["year"]),
                str(d["form"]),
                int(d["revision"]),
                bool(d["finalised"]),
                str(d["field"]),
                str(d["label"]),
            )
        except (AssertionError, ValueError, TypeError, KeyError):
            return None


class CarriedRow(Struct, frozen=True):
    """A 表四 row started from an earlier ledger: where from, and its cells as carried. A
    cell counts as carried while it still holds that text (storage's ledger `origin`)."""

    origin: Origin
    cells: dict[str, str]

    def origin_of(self, column: str, text: str) -> Origin | None:
        held = self.cells.get(column)
        return self.origin if held is not None and held != "" and held == text else None

    def to_json(self) -> str:
        return json.dumps(
            {"from": self.origin.as_dict(), "cells": self.cells}, ensure_ascii=False, sort_keys=True
        )

    @staticmethod
    def from_json(text: str) -> CarriedRow | None:
        """None for anything this version does not understand (shown unmarked)."""
        try:
            d = json.loads(text)
            origin = Origin.from_dict(d["from"])
            cells = {str(c): str(t) for c, t in dict(d["cells"]).items()}
        except (ValueError, TypeError, KeyError):
            return None
        return None if origin is None else CarriedRow(origin, cells)


class CarriedValue(Struct, frozen=True):
    field_id: str
    label: str
    text: str
    origin: Origin


class Carried(Struct, frozen=True):
    """What carrying forward wrote, what it left as the clerk had it, and what changed."""

    values: tuple[CarriedValue, ...] = ()
    kept: tuple[tuple[CarriedValue, str], ...] = ()  # (what the source holds, what stays)
    ledger_rows: int = 0
    ledger_skipped: tuple[str, ...] = ()
    ledger_note: str = ""  # why no row was carried, when rows were asked for
    ledger_source: Origin | None = None
    created: tuple[int, ...] = ()  # returns created by `create_year`
    changes: Changes = NONE

    def lines(self) -> list[str]:
        out = [
            VALUE_LINE.format(label=v.label, text=v.text, origin=v.origin.text())
            for v in self.values
        ]
        out += [
            KEPT_LINE.format(label=v.label, held=held, origin=v.origin.text(), text=v.text)
            for v, held in self.kept
        ]
        if self.ledger_rows and self.ledger_source is not None:
            src = self.ledger_source
            state = STATE_FINAL if src.finalised else STATE_DRAFT
            out.append(
                LEDGER_LINE.format(
                    year=src.year, revision=src.revision, state=state, count=self.ledger_rows
                )
            )
        if self.ledger_skipped:
            names = "、".join(self.ledger_skipped[:NAMES_SHOWN])
            if len(self.ledger_skipped) > NAMES_SHOWN:
                names += "等"
            out.append(LEDGER_SKIPPED.format(count=len(self.ledger_skipped), names=names))
        if self.ledger_note:
            out.append(self.ledger_note)
        return out


def create_year(
    service: ReturnService,
    county: str,
    year: int,
    *,
    from_last_year: bool = False,
    base_inputs: bool = True,
) -> Carried:
    """新建年度报表: the year's four annual returns (those missing), then `carry_forward`
    (base-year inputs unless `base_inputs` is False, as the window's 从上一年结转 left
    unticked asks; last year's 表四 ledger when `from_last_year`)."""
    created: list[int] = []
    for form_id in FORM_IDS:
        if service.storage.returns.find(ReturnKey(county, form_id, year, ANNUAL)) is None:
            created.append(service.open(county, form_id, year).id)
    carried = carry_forward(service, county, year, ledger=from_last_year, base=base_inputs)
    listing = Changes(listing=True) if created else NONE
    return replace(carried, created=tuple(created), changes=carried.changes | listing)


def create_quarter(service: ReturnService, county: str, year: int, quarter: Period) -> Carried:
    """新建季度报表: the quarter's 表三 (nothing is carried into a quarter's tasks)."""
    key = ReturnKey(county, "t3", year, quarter)
    if service.storage.returns.find(key) is not None:
        return Carried()
    info = service.open(county, "t3", year, quarter)
    return Carried(created=(info.id,), changes=Changes(listing=True))


def carry_forward(
    service: ReturnService, county: str, year: int, *, ledger: bool = False, base: bool = True
) -> Carried:
    """Fill the year's empty base-year inputs (unless not `base`) from the county's earlier
    returns and, with `ledger`, start its 表四 from last year's ledger (units already
    listed are skipped). Only an editable revision is filled; nothing the clerk entered
    is replaced."""
    values, kept, changes = _carry_base_inputs(service, county, year) if base else ((), (), NONE)
    carried = Carried(values, kept, changes=changes)
    if not ledger:
        return carried
    rows, skipped, note, source, ledger_changes = _carry_ledger(service, county, year)
    return replace(
        carried,
        ledger_rows=rows,
        ledger_skipped=skipped,
        ledger_note=note,
        ledger_source=source,
        changes=changes | ledger_changes,
    )


class CarryPlan(Struct, frozen=True):
    """What `create_year(..., from_last_year=True)` would carry into `year` now (the window's
    新建报表 says it before anything is written): base-year inputs still empty, and the
    units of last year's 表四 not yet in this year's."""

    year: int
    values: tuple[CarriedValue, ...] = ()
    ledger_rows: int = 0
    ledger_source: Origin | None = None
    exists: bool = False  # the year's annual returns are all there already

    def __bool__(self) -> bool:
        return bool(self.values or self.ledger_rows)

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.values:
            shown = "、".join(PLAN_VALUE.format(label=v.label, text=v.text) for v in self.values)
            years = sorted({v.origin.year for v in self.values})
            out.append(PLAN_VALUES.format(values=shown, years="、".join(map(str, years))))
        if self.ledger_rows and self.ledger_source is not None:
            out.append(PLAN_LEDGER.format(year=self.ledger_source.year, count=self.ledger_rows))
        return out


def plan(service: ReturnService, county: str, year: int) -> CarryPlan:
    """What carrying into `year` would write now; nothing is written."""
    keys = [ReturnKey(county, f, year, ANNUAL) for f in FORM_IDS]
    exists = all(service.storage.returns.find(k) is not None for k in keys)
    t1 = service.storage.returns.find(keys[FORM_IDS.index("t1")])
    values: tuple[CarriedValue, ...] = ()
    if t1 is None or not t1.locked:
        form = service.form("t1", year, county)
        held = {} if t1 is None else service.load(t1).data.values
        found = _base_values(service, county, year, form.fields)
        values = tuple(v for f, v in found.items() if f not in held or held[f].text == "")
    rows, source = _ledger_plan(service, county, year)
    return CarryPlan(year, values, rows, source, exists)


def _ledger_plan(service: ReturnService, county: str, year: int) -> tuple[int, Origin | None]:
    source = _source(service, county, "t4", year - 1)
    if source is None or not source.loaded.data.rows:
        return 0, None
    info = service.storage.returns.find(ReturnKey(county, "t4", year, ANNUAL))
    have: set[str] = set()
    if info is not None:
        if info.locked:
            return 0, None
        target = service.load(info)
        have = {_unit_key(service.ledger_texts(target, r)) for r in range(len(target.data.rows))}
    keys = {
        _unit_key(t) for r in range(len(source.loaded.data.rows)) if (t := source.ledger_texts(r))
    }
    return len(keys - have), source.origin("ledger", LEDGER_LABEL)


# --- base-year inputs -----------------------------------------------------------------------


def base_of(field_id: str) -> tuple[str, int] | None:
    """`total_use_b2025` → ("total_use", 2025) for the fields `BASE_LEVELS` names."""
    base, sep, year = field_id.rpartition("_b")
    if not sep or base not in BASE_LEVELS or len(year) != 4 or not year.isdigit():
        return None
    return base, int(year)


def sources_for(field_id: str, year: int) -> list[tuple[int, str]]:
    """Where a base-year input of a `year` return may be found, best first: the base
    year's own return (its `total_use`), then the same base field of later returns
    before `year`, newest first (a county that began with this program after its base
    year typed it there)."""
    parsed = base_of(field_id)
    if parsed is None:
        return []
    level, base_year = parsed
    if base_year >= year:
        return []
    return [(base_year, level)] + [(y, field_id) for y in range(year - 1, base_year, -1)]


def _carry_base_inputs(
    service: ReturnService, county: str, year: int
) -> tuple[tuple[CarriedValue, ...], tuple[tuple[CarriedValue, str], ...], Changes]:
    info = service.storage.returns.find(ReturnKey(county, "t1", year, ANNUAL))
    if info is None or info.locked:
        return (), (), NONE
    target = service.load(info)
    found = _base_values(service, county, year, target.form.fields)
    held = {f: e.text for f, e in target.data.values.items() if e.text != ""}
    kept = tuple((v, held[f]) for f, v in found.items() if f in held and held[f] != v.text)
    wanted = {f: v for f, v in found.items() if f not in held}
    if not wanted:
        return (), kept, NONE
    entries = {
        f: (v.text, parse_entry(target.form.field(f), v.text).value, v.origin.to_json())
        for f, v in wanted.items()
    }
    written = service.storage.returns.carry_values(info.id, entries)
    values = tuple(wanted[f] for f in written)
    return values, kept, Changes.content(info.id) if written else NONE


def _base_values(
    service: ReturnService, county: str, year: int, fields: Sequence[Field]
) -> dict[str, CarriedValue]:
    """What the county's earlier returns hold for the base-year inputs among `fields`."""
    sources: dict[int, _Source | None] = {}
    found: dict[str, CarriedValue] = {}
    for f in fields:
        for source_year, source_field in sources_for(f.id, year):
            if source_year not in sources:
                sources[source_year] = _source(service, county, "t1", source_year)
            carried = _value_in(sources[source_year], source_field, f)
            if carried is not None:
                found[f.id] = carried
                break
    return found


def _value_in(source: _Source | None, source_field: str, into: Field) -> CarriedValue | None:
    """The number `source` holds in `source_field`, as `into` would carry it (none for a
    blank, a 不适用 or a refused entry)."""
    if source is None:
        return None
    entry = source.loaded.data.values.get(source_field)
    if entry is None or entry.value is None:
        return None
    label = source.loaded.form.field(source_field).label
    return CarriedValue(
        into.id, into.label, units.plain(entry.value), source.origin(source_field, label)
    )


# --- the 表四 ledger ----------------------------------------------------------------------


def _unit_key(cells: dict[str, str]) -> str:
    """A unit of the ledger: its credit code, else its name (spaces and case ignored)."""
    code = "".join(cells.get("uscc", "").split()).upper()
    return code or "name:" + "".join(cells.get("name", "").split())


def _carry_ledger(
    service: ReturnService, county: str, year: int
) -> tuple[int, tuple[str, ...], str, Origin | None, Changes]:
    source = _source(service, county, "t4", year - 1)
    if source is None or not source.loaded.data.rows:
        return 0, (), LEDGER_NONE.format(year=year - 1), None, NONE
    info = service.open(county, "t4", year)
    if info.locked:
        return 0, (), LEDGER_LOCKED.format(year=year), None, NONE
    target = service.load(info)
    have = {_unit_key(service.ledger_texts(target, r)) for r in range(len(target.data.rows))}
    rows: list[dict[str, str]] = []
    skipped: list[str] = []
    for r in range(len(source.loaded.data.rows)):
        texts = source.ledger_texts(r)
        if not texts:
            continue
        key = _unit_key(texts)
        if key in have:
            skipped.append(texts.get("name") or texts.get("uscc", ""))
            continue
        have.add(key)
        rows.append(texts)
    origin = source.origin("ledger", LEDGER_LABEL)
    if not rows:
        return 0, tuple(skipped), "", origin, NONE
    carried = [CarriedRow(origin, texts) for texts in rows]
    changes = service.insert_ledger_rows(target, len(target.data.rows), rows, carried)
    return len(rows), tuple(skipped), "", origin, changes


# --- the earlier return read ---------------------------------------------------------------


class _Source(Struct, frozen=True):
    """An earlier return as carrying reads it: its newest finalised revision, else its draft."""

    loaded: LoadedReturn
    finalised: bool

    def origin(self, field_id: str, label: str) -> Origin:
        info = self.loaded.info
        return Origin(info.year, info.form, self.loaded.revision, self.finalised, field_id, label)

    def ledger_texts(self, row: int) -> dict[str, str]:
        cells = self.loaded.data.rows[row].cells
        return {c: e.text for c, e in cells.items() if c in LEDGER_COLUMNS and e.text != ""}


def _source(service: ReturnService, county: str, form: str, year: int) -> _Source | None:
    info = service.storage.returns.find(ReturnKey(county, form, year, ANNUAL))
    if info is None:
        return None
    final = [
        r.revision
        for r in service.storage.returns.revisions(info.id)
        if r.status == ReturnStatus.FINALISED
    ]
    revision = max(final) if final else info.revision
    return _Source(service.load(info, revision), bool(final))
