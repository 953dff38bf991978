"""The city's allocation editor, without Qt: columns, typed entries, the draft file, the pack.

What the editor shows is a `PackDraft`: for each year (None = 每年) the text typed per
county and quantity indicator, in 万立方米 (parsed by core.parsing.parse_quantity, so
full-width digits and "1.2亿立方米" are fine), the surcharge bands, the extra tasks and
the issuer, version and date. `build_pack` turns it into a core TargetPack.

Decision on where a draft lives: a JSON file `pack_draft.json` in the data directory
beside the database (`storage.paths.root`), written atomically. A draft is work in
progress of one person on one machine, not a record: it needs no audit trail nor a
schema migration, and deleting it loses nothing that was issued (issued packs are
stored in `target_packs`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from siwu_desktop.core import units
from siwu_desktop.core.catalog import Target, TargetCatalog
from siwu_desktop.core.forms import field_scope, indicator_groups, indicator_id
from siwu_desktop.core.formulas import DEFAULT_SURCHARGE_BANDS, SurchargeBand
from siwu_desktop.core.indicators import INDICATORS, Kind
from siwu_desktop.core.parsing import Parsed, parse_quantity
from siwu_desktop.core.target_pack import (
    ExtraTask,
    PackAllocation,
    TargetPack,
    check_allocations,
    inherited_attribute,
)
from siwu_desktop.core.terms import Bound

DRAFT_FILE = "pack_draft.json"
DRAFT_SCHEMA = "siwu-pack-draft/1"
UNIT = units.WAN_M3
ALL_COUNTIES = "各县区"
EVERY_YEAR_KEY = "每年"

# This module's Chinese words.
NOT_A_NUMBER = "“{text}”不是数值"
BAND_ORDER = "上限应大于下限"
BAND_MULTIPLIER = "加价倍数应为正整数"
UNKNOWN_ASSIGNEE = "落实主体“{text}”不是本市县区（可写“各县区”）"
BAD_DUE = "完成日期“{text}”应为 2026-06-30 的形式"


class Column(Struct, frozen=True):
    """One quantity indicator the city has a target for, allocated to counties."""

    field_id: str
    key: str
    scope: str
    base_year: int | None
    label: str
    targets: tuple[Target, ...]

    def caps(self, year: int | None) -> list[Target]:
        """The city's targets binding in `year` (an every-year cap binds every year)."""
        if year is None:
            return [t for t in self.targets if t.year is None]
        return [t for t in self.targets if t.applies_in(year)]


def columns_for(catalog: TargetCatalog, city: str) -> list[Column]:
    """The reportable, judged quantity (volume) targets of the whole city, one column each."""
    out = []
    for group in indicator_groups(catalog.targets_for(city)):
        first = group[0]
        spec = INDICATORS.get(first.key)
        if spec is None or spec.kind is not Kind.QUANTITY:
            continue
        judged = tuple(
            t
            for t in group
            if t.judged
            and not t.county
            and t.level in ("county", "city")
            and t.bound in (Bound.MAX, Bound.MIN)
            and units.convertible(t.unit, UNIT)
        )
        if not judged:
            continue
        scope = field_scope(first)
        label = spec.label + (f"（{scope}）" if scope != "全市" else "")
        field_id = indicator_id(first.key, scope, first.base_year)
        out.append(Column(field_id, first.key, scope, first.base_year, label, judged))
    return out


def years_for(columns: Sequence[Column]) -> list[int | None]:
    """每年 first, then every year a column has a target for."""
    years = sorted({t.year for c in columns for t in c.targets if t.year is not None})
    return [None, *years]


class RowError(Struct, frozen=True):
    """A row of the bands or tasks table that cannot go into the pack, and why."""

    row: int  # 1-based, as the table numbers it
    reason: str


class BandRow(Struct, frozen=True):
    above: str  # percent, as typed
    up_to: str  # percent, "" = no upper limit
    multiplier: str


class TaskRow(Struct, frozen=True):
    text: str
    due_date: str  # YYYY-MM-DD or ""
    assignee: str = ALL_COUNTIES
    id: str = ""


def default_bands() -> list[BandRow]:
    return [bands_row(b) for b in DEFAULT_SURCHARGE_BANDS]


def bands_row(b: SurchargeBand) -> BandRow:
    up = "" if b.up_to is None else units.plain(units.fraction_to_percent(b.up_to))
    return BandRow(units.plain(units.fraction_to_percent(b.above)), up, str(b.multiplier))


class PackDraft(Struct):
    issuer: str
    version: str = ""
    date: str = field(default_factory=lambda: dt.date.today().isoformat())
    texts: dict[tuple[int | None, str, str], str] = field(default_factory=dict)
    bands: list[BandRow] = field(default_factory=default_bands)
    tasks: list[TaskRow] = field(default_factory=list)

    # --- entries ------------------------------------------------------------------------

    def text(self, year: int | None, county: str, field_id: str) -> str:
        return self.texts.get((year, county, field_id), "")

    def parsed(self, year: int | None, county: str, field_id: str) -> Parsed | str:
        """The entry's value (a Parsed) or the reason it is refused (a str)."""
        result = parse_quantity(self.text(year, county, field_id), UNIT)
        return result if isinstance(result, Parsed) else result.reason

    def set_text(self, year: int | None, county: str, field_id: str, text: str) -> Parsed | str:
        """Keep what was typed; an accepted entry with a unit is kept as its value in 万立方米."""
        result = parse_quantity(text, UNIT)
        if isinstance(result, Parsed) and result.value is not None and result.typed_unit:
            text = units.plain(result.value)
        key = (year, county, field_id)
        if text.strip():
            self.texts[key] = text
        else:
            self.texts.pop(key, None)
        return result if isinstance(result, Parsed) else result.reason

    def effective(self, year: int | None, county: str, field_id: str) -> Decimal | None:
        """The county's allocation in `year`: that year's entry, else its every-year one."""
        for y in (year, None) if year is not None else (None,):
            p = self.parsed(y, county, field_id)
            if isinstance(p, Parsed) and p.value is not None:
                return p.value
        return None

    def total(self, year: int | None, counties: Sequence[str], field_id: str) -> Decimal | None:
        values = [self.effective(year, c, field_id) for c in counties]
        present = [v for v in values if v is not None]
        return sum(present, Decimal(0)) if present else None

    def refusals(self) -> list[tuple[int | None, str, str, str, str]]:
        """(year, county, field id, text, reason) of every refused entry."""
        out = []
        for (year, county, fid), text in sorted(
            self.texts.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1], kv[0][2])
        ):
            p = self.parsed(year, county, fid)
            if isinstance(p, str):
                out.append((year, county, fid, text, p))
        return out

    # --- the pack ------------------------------------------------------------------------

    def allocations(
        self, columns: Sequence[Column], only: str | None = None
    ) -> list[PackAllocation]:
        by_id = {c.field_id: c for c in columns}
        out = []
        for (year, county, fid), _text in sorted(
            self.texts.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0] or 0)
        ):
            column = by_id.get(fid)
            if column is None or (only is not None and fid != only):
                continue
            p = self.parsed(year, county, fid)
            if not isinstance(p, Parsed) or p.value is None:
                continue
            out.append(
                PackAllocation(
                    county=county,
                    key=column.key,
                    year=year,
                    value=p.value,
                    unit=UNIT,
                    base_year=column.base_year,
                    scope=column.scope,
                    attribute=inherited_attribute(column.targets),
                )
            )
        return out

    def surcharge_bands(self) -> tuple[list[SurchargeBand], list[RowError]]:
        bands: list[SurchargeBand] = []
        errors: list[RowError] = []
        for n, row in enumerate(self.bands, start=1):
            try:
                above = _percent(row.above)
                up_to = _percent(row.up_to) if row.up_to.strip() else None
                if up_to is not None and up_to <= above:
                    raise ValueError(BAND_ORDER)
                if not row.multiplier.strip().isdigit() or int(row.multiplier) < 1:
                    raise ValueError(BAND_MULTIPLIER)
            except ValueError as exc:
                errors.append(RowError(n, str(exc)))
                continue
            bands.append(
                SurchargeBand(
                    units.percent_to_fraction(above),
                    None if up_to is None else units.percent_to_fraction(up_to),
                    int(row.multiplier),
                )
            )
        return bands, errors

    def extra_tasks(self, counties: Sequence[str]) -> tuple[list[ExtraTask], list[RowError]]:
        tasks: list[ExtraTask] = []
        errors: list[RowError] = []
        used = {t.id for t in self.tasks if t.id}
        for n, row in enumerate(self.tasks, start=1):
            if not row.text.strip():
                continue
            assignee = row.assignee.strip() or ALL_COUNTIES
            if assignee != ALL_COUNTIES and assignee not in counties:
                errors.append(RowError(n, UNKNOWN_ASSIGNEE.format(text=assignee)))
                continue
            due = row.due_date.strip()
            deadline = ""
            if due:
                try:
                    d = dt.date.fromisoformat(due)
                except ValueError:
                    errors.append(RowError(n, BAD_DUE.format(text=due)))
                    continue
                deadline = f"{d.year}年{d.month}月{d.day}日前"
            tid = row.id
            if not tid:
                k = n
                while f"T{k}" in used:
                    k += 1
                tid = f"T{k}"
                used.add(tid)
            tasks.append(ExtraTask(tid, row.text.strip(), deadline, due or None, assignee))
        return tasks, errors

    def pack(self, catalog: TargetCatalog, city: str, columns: Sequence[Column]) -> TargetPack:
        """The pack as drafted (entries, bands or tasks with errors are left out)."""
        c = catalog.city(city)
        counties = [k.name for k in catalog.counties_for(c.name)]
        bands, _ = self.surcharge_bands()
        tasks, _ = self.extra_tasks(counties)
        return TargetPack(
            issuer=self.issuer.strip() or c.water_bureau,
            city=c.name,
            version=self.version.strip(),
            date=self.date,
            based_on=tuple(d.citation for d in catalog.documents_for(c.name)),
            allocations=tuple(self.allocations(columns)),
            surcharge_bands=tuple(bands) if bands else DEFAULT_SURCHARGE_BANDS,
            extra_tasks=tuple(tasks),
        )

    def column_violations(
        self,
        catalog: TargetCatalog,
        city: str,
        columns: Sequence[Column],
        field_id: str,
        year: int | None,
    ) -> list[str]:
        """check_allocations for one column and the shown year (and its every-year entries)."""
        allocs = [a for a in self.allocations(columns, only=field_id) if a.year in (year, None)]
        if not allocs:
            return []
        pack = TargetPack(
            issuer="",
            city=catalog.city(city).name,
            version="",
            date=self.date,
            allocations=tuple(allocs),
        )
        return check_allocations(pack, catalog)

    # --- the file ------------------------------------------------------------------------

    def to_json(self) -> str:
        texts: dict[str, dict[str, dict[str, str]]] = {}
        for (year, county, fid), text in self.texts.items():
            y = EVERY_YEAR_KEY if year is None else str(year)
            texts.setdefault(y, {}).setdefault(county, {})[fid] = text
        data = {
            "schema": DRAFT_SCHEMA,
            "issuer": self.issuer,
            "version": self.version,
            "date": self.date,
            "allocations": texts,
            "bands": [[b.above, b.up_to, b.multiplier] for b in self.bands],
            "tasks": [
                {"id": t.id, "text": t.text, "due_date": t.due_date, "assignee": t.assignee}
                for t in self.tasks
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PackDraft:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("schema") != DRAFT_SCHEMA:
            raise ValueError("not a draft")
        draft = cls(str(data.get("issuer", "")), str(data.get("version", "")))
        draft.date = str(data.get("date", draft.date))
        allocations: Mapping[str, Any] = data.get("allocations", {})
        for y, per_county in allocations.items():
            year = None if y == EVERY_YEAR_KEY else int(y)
            for county, per_field in per_county.items():
                for fid, t in per_field.items():
                    draft.texts[(year, str(county), str(fid))] = str(t)
        draft.bands = [BandRow(*(str(x) for x in b)) for b in data.get("bands", [])]
        draft.tasks = [
            TaskRow(
                str(t["text"]),
                str(t.get("due_date", "")),
                str(t.get("assignee", "")),
                str(t.get("id", "")),
            )
            for t in data.get("tasks", [])
        ]
        return draft

    @classmethod
    def from_pack(cls, pack: TargetPack, columns: Sequence[Column]) -> PackDraft:
        """Start from an issued pack: its allocations (in 万立方米), bands, tasks, issuer."""
        draft = cls(pack.issuer, pack.version, pack.date)
        ids = {c.field_id for c in columns}
        for a in pack.allocations:
            if a.field_id in ids and units.convertible(a.unit, UNIT):
                value = units.convert(a.value, a.unit, UNIT)
                draft.texts[(a.year, a.county, a.field_id)] = units.plain(value)
        draft.bands = [bands_row(b) for b in pack.surcharge_bands]
        draft.tasks = [
            TaskRow(t.text, t.due_date or "", t.assignee or ALL_COUNTIES, t.id)
            for t in pack.extra_tasks
        ]
        return draft


def _percent(text: str) -> Decimal:
    cleaned = text.strip().removesuffix("%").removesuffix("％").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER.format(text=text)) from None
    if not value.is_finite() or value < 0:
        raise ValueError(NOT_A_NUMBER.format(text=text))
    return value


def draft_path(root: Path) -> Path:
    return root / DRAFT_FILE


def save_draft(draft: PackDraft, root: Path) -> Path:
    path = draft_path(root)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(draft.to_json(), encoding="utf-8", newline="\n")
    os.replace(tmp, path)
    return path


def load_draft(root: Path) -> PackDraft | None:
    path = draft_path(root)
    try:
        return PackDraft.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
