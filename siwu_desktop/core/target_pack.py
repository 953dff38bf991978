"""The target pack: what the city bureau issues down to its counties (DOMAIN.md, "Targets").

A pack carries the county allocations (县级分解指标) the documents do not, the
surcharge bands and extra tasks, under an issuer, a version and a date, sealed by
a content digest (core.digest over the canonical content without the digest).

The file (`.siwupack`) is UTF-8 JSON, indented, keys sorted, so a person can read
it and a diff of two versions is legible. Reading is strict: a wrong schema tag,
a digest that does not match ("modified after issue"), another city, an unknown
county or indicator, a value that is not a decimal string (floats included) are
all refused with a Chinese message — a pack applied to validation must be exactly
what the city issued.

Decision on over-allocation: `make_pack` refuses while `check_allocations` finds a
county sum beyond the city's cap (or short of its minimum); `allow_over=True` (CLI
`--allow-over`) issues it anyway — for a city whose own cap is being revised —
and the caller shows the violations as warnings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from msgspec import Struct

from siwu_desktop.core import messages as msg
from siwu_desktop.core import units
from siwu_desktop.core.catalog import BOUNDS, Document, Target, TargetCatalog, Task
from siwu_desktop.core.compliance import CountyAllocation
from siwu_desktop.core.digest import digest
from siwu_desktop.core.forms import field_scope, indicator_groups, indicator_id
from siwu_desktop.core.formulas import DEFAULT_SURCHARGE_BANDS, SurchargeBand
from siwu_desktop.core.indicators import INDICATORS, Kind
from siwu_desktop.core.terms import Attribute, Bound, attribute_of

SCHEMA = "siwu-target-pack/1"
EXTENSION = ".siwupack"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class PackError(ValueError):
    """A pack that must not be made or applied; the message says why, in Chinese."""


class PackAllocation(Struct, frozen=True):
    county: str
    key: str
    year: int | None  # None: every year
    value: Decimal
    unit: str
    bound: str = ""  # "" = the indicator's usual bound
    base_year: int | None = None
    scope: str = "全市"
    attribute: Attribute = Attribute.BINDING
    note: str = ""

    @property
    def field_id(self) -> str:
        return indicator_id(self.key, self.scope, self.base_year)

    @property
    def effective_bound(self) -> Bound:
        if self.bound:
            return Bound(self.bound)
        spec = INDICATORS.get(self.key)
        return spec.bound if spec else Bound.MAX


class ExtraTask(Struct, frozen=True):
    id: str
    text: str
    deadline: str = ""
    due_date: str | None = None
    assignee: str = ""


class TargetPack(Struct, frozen=True):
    issuer: str
    city: str
    version: str
    date: str
    based_on: tuple[str, ...] = ()
    allocations: tuple[PackAllocation, ...] = ()
    surcharge_bands: tuple[SurchargeBand, ...] = DEFAULT_SURCHARGE_BANDS
    extra_tasks: tuple[ExtraTask, ...] = ()

    def content(self) -> dict[str, Any]:
        """The canonical content: what the digest covers and the file holds (less the digest)."""
        return {
            "schema": SCHEMA,
            "issuer": self.issuer,
            "city": self.city,
            "version": self.version,
            "date": self.date,
            "based_on": list(self.based_on),
            "allocations": [_allocation_dict(a) for a in self.allocations],
            "surcharge_bands": [_band_dict(b) for b in self.surcharge_bands],
            "extra_tasks": [
                {
                    "id": t.id,
                    "text": t.text,
                    "deadline": t.deadline,
                    "due_date": t.due_date,
                    "assignee": t.assignee,
                }
                for t in self.extra_tasks
            ],
        }

    @property
    def digest(self) -> str:
        return digest(self.content())

    @property
    def label(self) -> str:
        return msg.PACK_LABEL.format(issuer=self.issuer, version=self.version, date=self.date)

    def county_allocations(self) -> list[CountyAllocation]:
        """The allocations as validation uses them, each citing this pack and its line."""
        return [
            CountyAllocation(
                county=a.county,
                key=a.key,
                year=a.year,
                value=a.value,
                unit=a.unit,
                source=msg.PACK_SOURCE.format(label=self.label, number=n),
                scope=a.scope,
                base_year=a.base_year,
                attribute=a.attribute,
                bound=a.bound,
                id=f"pack:{self.version}:{n}",
            )
            for n, a in enumerate(self.allocations, start=1)
        ]


def _allocation_dict(a: PackAllocation) -> dict[str, Any]:
    return {
        "county": a.county,
        "key": a.key,
        "scope": a.scope,
        "year": a.year,
        "value": units.plain(a.value),
        "unit": a.unit,
        "bound": a.bound,
        "base_year": a.base_year,
        "attribute": a.attribute.label,  # the word the file holds: the digest's bytes
        "note": a.note,
    }


def _band_dict(b: SurchargeBand) -> dict[str, Any]:
    return {
        "from_pct": units.plain(units.fraction_to_percent(b.above)),
        "to_pct": None if b.up_to is None else units.plain(units.fraction_to_percent(b.up_to)),
        "multiplier": b.multiplier,
    }


def pack_to_json(pack: TargetPack) -> str:
    """The file's text: the content plus its digest, indented, keys sorted, UTF-8 as is."""
    data = pack.content() | {"digest": pack.digest}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


PACK_TASK_PREFIX = "pack:"


def pack_tasks(pack: TargetPack | None, city_code: str = "") -> tuple[Task, ...]:
    """The pack's extra tasks as 表三 tasks, after the catalog's (core.forms.county_tasks).

    Their ids are "pack:" + the pack's task id, stable across versions, so a county's
    progress on a task survives a new pack; the source names the pack that set it.
    """
    if pack is None or not pack.extra_tasks:
        return ()
    source = msg.PACK_TASK_SOURCE.format(issuer=pack.issuer, version=pack.version)
    document = Document(
        id=f"pack:{pack.version}",
        city=pack.city,
        city_code=city_code,
        title=msg.PACK_TASK_DOCUMENT.format(issuer=pack.issuer),
        number=pack.version,
        issuer=pack.issuer,
        date=pack.date,
        status="issued",
        source_file="",
    )
    return tuple(
        Task(
            id=PACK_TASK_PREFIX + t.id,
            document=document,
            number=msg.PACK_TASK_NUMBER.format(number=n),
            group="",
            main_task="",
            text=t.text,
            measures="",
            deadline=t.deadline,
            due_date=t.due_date,
            year=None,
            lead=(pack.issuer,),
            participants=(),
            assignee=t.assignee,
            source=source,
            quote="",
            note="",
        )
        for n, t in enumerate(pack.extra_tasks, start=1)
    )


# --- reading ---------------------------------------------------------------------------------

_TOP = {
    "schema",
    "issuer",
    "city",
    "version",
    "date",
    "based_on",
    "allocations",
    "surcharge_bands",
    "extra_tasks",
    "digest",
    "signature",  # the city's signature over the digest and identity (core.signing, #14)
    "signer_key",  # the city's public key, pinned by a county at its first pack
}
_ALLOCATION_KEYS = {
    "county",
    "key",
    "scope",
    "year",
    "value",
    "unit",
    "bound",
    "base_year",
    "attribute",
    "note",
}


def _refuse_float(text: str) -> Any:
    raise PackError(msg.PACK_FLOAT.format(text=text))


def _get(item: Mapping[str, Any], name: str, kind: type, where: str, default: Any = ...) -> Any:
    if name not in item:
        if default is ...:
            raise PackError(msg.PACK_FIELD_MISSING.format(where=where, name=name))
        return default
    value = item[name]
    if value is None and default is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PackError(msg.PACK_FIELD_TYPE.format(where=where, name=name, value=value))
    return value


def inherited_attribute(targets: Iterable[Target]) -> Attribute:
    """The attribute (约束性/预期性/未注明) an allocation takes from the city targets it
    divides: the one they state, 未注明 when they state none or disagree (DOMAIN.md)."""
    found = {t.attribute for t in targets}
    return found.pop() if len(found) == 1 else Attribute.UNSTATED


def decimal_value(text: Any, where: str) -> Decimal:
    if not isinstance(text, str):
        raise PackError(msg.PACK_NOT_DECIMAL.format(where=where, text=text))
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise PackError(msg.PACK_NOT_DECIMAL.format(where=where, text=text)) from None
    if not value.is_finite() or value < 0 or "e" in text.lower():
        raise PackError(msg.PACK_NOT_DECIMAL.format(where=where, text=text))
    return value


def read_pack(text: str, catalog: TargetCatalog, city: str | None = None) -> TargetPack:
    """Parse and check a pack's text; `city`: the profile's city it must be for."""
    try:
        data = json.loads(text, parse_float=_refuse_float)
    except PackError:
        raise
    except ValueError as exc:
        raise PackError(msg.PACK_BAD_JSON.format(reason=exc)) from None
    if not isinstance(data, dict):
        raise PackError(msg.PACK_BAD_JSON.format(reason="not an object"))
    if data.get("schema") != SCHEMA:
        raise PackError(msg.PACK_SCHEMA.format(found=data.get("schema"), expected=SCHEMA))
    extra = sorted(set(data) - _TOP)
    if extra:
        raise PackError(msg.PACK_UNKNOWN_FIELDS.format(where="目标包", names="、".join(extra)))
    pack = pack_from_dict(data, catalog)
    stated = _get(data, "digest", str, "目标包")
    if stated != pack.digest:
        raise PackError(msg.PACK_TAMPERED)
    if city is not None and catalog.city(city).name != pack.city:
        raise PackError(msg.PACK_OTHER_CITY.format(pack_city=pack.city, city=city))
    return pack


def pack_from_dict(data: Mapping[str, Any], catalog: TargetCatalog) -> TargetPack:
    where = "目标包"
    city_name = _get(data, "city", str, where)
    try:
        city = catalog.city(city_name).name
    except KeyError:
        raise PackError(msg.PACK_UNKNOWN_CITY.format(city=city_name)) from None
    date = _get(data, "date", str, where)
    if not _DATE.fullmatch(date):
        raise PackError(msg.PACK_BAD_DATE.format(date=date))
    based_on = _get(data, "based_on", list, where, [])
    if not all(isinstance(b, str) for b in based_on):
        raise PackError(msg.PACK_FIELD_TYPE.format(where=where, name="based_on", value=based_on))
    allocations = []
    for n, item in enumerate(_get(data, "allocations", list, where, []), start=1):
        allocations.append(_read_allocation(item, n, city, catalog))
    bands = []
    for n, item in enumerate(_get(data, "surcharge_bands", list, where, []), start=1):
        here = msg.PACK_WHERE_BAND.format(number=n)
        if not isinstance(item, dict):
            raise PackError(msg.PACK_FIELD_TYPE.format(where=here, name="", value=item))
        to_pct = _get(item, "to_pct", str, here, None)
        bands.append(
            SurchargeBand(
                units.percent_to_fraction(decimal_value(_get(item, "from_pct", str, here), here)),
                None if to_pct is None else units.percent_to_fraction(decimal_value(to_pct, here)),
                _get(item, "multiplier", int, here),
            )
        )
    tasks = []
    for n, item in enumerate(_get(data, "extra_tasks", list, where, []), start=1):
        here = msg.PACK_WHERE_TASK.format(number=n)
        if not isinstance(item, dict):
            raise PackError(msg.PACK_FIELD_TYPE.format(where=here, name="", value=item))
        due = _get(item, "due_date", str, here, None)
        if due is not None and not _DATE.fullmatch(due):
            raise PackError(msg.PACK_BAD_DATE.format(date=due))
        tasks.append(
            ExtraTask(
                _get(item, "id", str, here),
                _get(item, "text", str, here),
                _get(item, "deadline", str, here, ""),
                due,
                _get(item, "assignee", str, here, ""),
            )
        )
    return TargetPack(
        issuer=_get(data, "issuer", str, where),
        city=city,
        version=_get(data, "version", str, where),
        date=date,
        based_on=tuple(based_on),
        allocations=tuple(allocations),
        surcharge_bands=tuple(bands) if bands else DEFAULT_SURCHARGE_BANDS,
        extra_tasks=tuple(tasks),
    )


def _known_fields(catalog: TargetCatalog, city: str) -> dict[str, tuple[str, str, int | None]]:
    """Field id → (key, scope, base year) of every indicator the city has targets for."""
    known: dict[str, tuple[str, str, int | None]] = {}
    for group in indicator_groups(catalog.targets_for(city)):
        t = group[0]
        scope = field_scope(t)
        known[indicator_id(t.key, scope, t.base_year)] = (t.key, scope, t.base_year)
    return known


def _read_allocation(item: Any, n: int, city: str, catalog: TargetCatalog) -> PackAllocation:
    where = msg.PACK_WHERE_ALLOCATION.format(number=n)
    if not isinstance(item, dict):
        raise PackError(msg.PACK_FIELD_TYPE.format(where=where, name="", value=item))
    extra = sorted(set(item) - _ALLOCATION_KEYS)
    if extra:
        raise PackError(msg.PACK_UNKNOWN_FIELDS.format(where=where, names="、".join(extra)))
    county = _get(item, "county", str, where)
    if county not in {c.name for c in catalog.counties_for(city)}:
        raise PackError(msg.PACK_UNKNOWN_COUNTY.format(where=where, city=city, county=county))
    key = _get(item, "key", str, where)
    scope = _get(item, "scope", str, where, "全市")
    base_year = _get(item, "base_year", int, where, None)
    known = _known_fields(catalog, city)
    if key in known and key not in INDICATORS:  # a field id such as surface_use_haihe
        key, scope, base_year = known[key]
    if key not in INDICATORS and key not in {k for k, _, _ in known.values()}:
        raise PackError(msg.PACK_UNKNOWN_KEY.format(where=where, key=key))
    unit = _get(item, "unit", str, where)
    spec = INDICATORS.get(key)
    allowed: tuple[str, ...] = ()
    if spec is not None:
        form_unit = units.form_unit_for_target(spec.units[0], spec.kind is Kind.INTENSITY)
        allowed = (*spec.units, form_unit)
    fits = unit in allowed or any(units.convertible(unit, a) for a in allowed)
    if not fits and (spec is not None or unit not in units.UNITS):
        raise PackError(msg.PACK_BAD_UNIT.format(where=where, unit=unit, key=key))
    bound = _get(item, "bound", str, where, "")
    if bound and bound not in BOUNDS:
        raise PackError(msg.PACK_FIELD_TYPE.format(where=where, name="bound", value=bound))
    text = _get(item, "attribute", str, where, Attribute.BINDING.label)
    attribute = attribute_of(text)
    if attribute is None:
        raise PackError(msg.PACK_FIELD_TYPE.format(where=where, name="attribute", value=text))
    return PackAllocation(
        county=county,
        key=key,
        year=_get(item, "year", int, where, None),
        value=decimal_value(item.get("value"), where),
        unit=unit,
        bound=bound,
        base_year=base_year,
        scope=scope,
        attribute=attribute,
        note=_get(item, "note", str, where, ""),
    )


# --- what changed ----------------------------------------------------------------------------


class Change(Struct, frozen=True):
    kind: str  # added | removed | changed
    text: str


def _alloc_key(a: PackAllocation) -> tuple[str, str, str, int | None, int | None, str]:
    return (a.county, a.key, a.scope, a.base_year, a.year, a.effective_bound)


def _name(a: PackAllocation) -> str:
    spec = INDICATORS.get(a.key)
    label = spec.label if spec else a.key
    if a.scope != "全市":
        label += f"（{a.scope}）"
    if a.base_year is not None:
        label += f"（较{a.base_year}年）"
    year = msg.EVERY_YEAR if a.year is None else f"{a.year}年"
    return f"{a.county} {year} {label}"


def _amount(a: PackAllocation) -> str:
    return f"{units.plain(a.value)}{units.shown_unit(a.unit)}"


def diff_packs(old: TargetPack | None, new: TargetPack) -> list[Change]:
    """What a county sees on import: every allocation, band and task that differs."""
    out: list[Change] = []
    before = {_alloc_key(a): a for a in (old.allocations if old else ())}
    after = {_alloc_key(a): a for a in new.allocations}
    for k, a in after.items():
        b = before.get(k)
        if b is None:
            out.append(Change("added", msg.DIFF_ADDED.format(name=_name(a), value=_amount(a))))
        elif (b.value, b.unit) != (a.value, a.unit) and not (
            units.convertible(b.unit, a.unit) and units.convert(b.value, b.unit, a.unit) == a.value
        ):
            if b.unit == a.unit:
                text = msg.DIFF_CHANGED.format(
                    name=_name(a),
                    old=units.plain(b.value),
                    new=units.plain(a.value),
                    unit=units.shown_unit(a.unit),
                )
            else:
                text = msg.DIFF_CHANGED_UNITS.format(name=_name(a), old=_amount(b), new=_amount(a))
            out.append(Change("changed", text))
        elif b.attribute != a.attribute or b.note != a.note:
            out.append(Change("changed", msg.DIFF_DETAILS.format(name=_name(a))))
    for k, b in before.items():
        if k not in after:
            out.append(Change("removed", msg.DIFF_REMOVED.format(name=_name(b), value=_amount(b))))
    old_bands = old.surcharge_bands if old else DEFAULT_SURCHARGE_BANDS
    if tuple(old_bands) != tuple(new.surcharge_bands):
        out.append(
            Change(
                "changed",
                msg.DIFF_BANDS.format(
                    old=bands_text(old_bands), new=bands_text(new.surcharge_bands)
                ),
            )
        )
    old_tasks = {t.id: t for t in (old.extra_tasks if old else ())}
    new_tasks = {t.id: t for t in new.extra_tasks}
    for tid, t in new_tasks.items():
        if tid not in old_tasks:
            out.append(
                Change("added", msg.DIFF_TASK_ADDED.format(text=t.text, deadline=t.deadline))
            )
        elif old_tasks[tid] != t:
            out.append(
                Change("changed", msg.DIFF_TASK_CHANGED.format(text=t.text, deadline=t.deadline))
            )
    for tid, t in old_tasks.items():
        if tid not in new_tasks:
            out.append(Change("removed", msg.DIFF_TASK_REMOVED.format(text=t.text)))
    return out


def bands_text(bands: Iterable[SurchargeBand]) -> str:
    parts = []
    for b in bands:
        low = units.plain(units.fraction_to_percent(b.above))
        high = "" if b.up_to is None else units.plain(units.fraction_to_percent(b.up_to))
        span = f"{low}%～{high}%" if high else f"{low}%以上"
        parts.append(f"{span} {b.multiplier}倍")
    return "；".join(parts)


# --- the city's sum ------------------------------------------------------------------------


def _effective(
    allocations: Sequence[PackAllocation], year: int | None
) -> dict[str, PackAllocation]:
    """Per county: the allocation of `year`, else its every-year allocation."""
    out: dict[str, PackAllocation] = {}
    for a in allocations:
        if a.year is None:
            out.setdefault(a.county, a)
    for a in allocations:
        if year is not None and a.year == year:
            out[a.county] = a
    return out


def check_allocations(pack: TargetPack, catalog: TargetCatalog) -> list[str]:
    """The county sums against the city's quantity targets, one Chinese message per violation.

    For every quantity (volume or area) indicator with allocations: for each city
    target of it (judged, for the whole city, level county or city) and each year
    it holds (its own year; for an every-year cap, every year the pack allocates),
    the sum of the counties' allocations, converted exactly into the target's unit,
    must not exceed a max (nor, once every county has an allocation, fall short of
    a min).
    """
    counties = [c.name for c in catalog.counties_for(pack.city)]
    groups: dict[tuple[str, str, int | None], list[PackAllocation]] = {}
    for a in pack.allocations:
        spec = INDICATORS.get(a.key)
        if spec is not None and spec.kind in (Kind.QUANTITY, Kind.AREA):
            groups.setdefault((a.key, a.scope, a.base_year), []).append(a)
    out: list[str] = []
    for (key, scope, _base), allocs in groups.items():
        targets = [
            t
            for t in catalog.targets_for(pack.city)
            if t.key == key
            and field_scope(t) == scope
            and t.judged
            and not t.county
            and t.level in ("county", "city")
            and t.bound in (Bound.MAX, Bound.MIN)
        ]
        years = sorted({a.year for a in allocs if a.year is not None})
        for t in targets:
            check_years: list[int | None] = (
                [t.year] if t.year is not None else [y for y in years if t.applies_in(y)]
            )
            if t.year is None and any(a.year is None for a in allocs):
                check_years.append(None)
            for year in check_years:
                chosen = _effective(allocs, year)
                if not chosen:
                    continue
                try:
                    total = sum(
                        (units.convert(a.value, a.unit, t.unit) for a in chosen.values()),
                        Decimal(0),
                    )
                except ValueError:
                    continue
                label = t.display_name
                year_text = msg.EVERY_YEAR if year is None else f"{year}年"
                if t.bound == Bound.MAX and total > t.value:
                    out.append(
                        msg.ALLOCATION_OVER.format(
                            city=pack.city,
                            year=year_text,
                            label=label,
                            total=units.plain(total),
                            unit=units.shown_unit(t.unit),
                            target=t.value_text,
                            excess=units.plain(total - t.value),
                            citation=t.citation,
                        )
                    )
                elif t.bound == Bound.MIN and total < t.value and set(chosen) >= set(counties):
                    out.append(
                        msg.ALLOCATION_SHORT.format(
                            city=pack.city,
                            year=year_text,
                            label=label,
                            total=units.plain(total),
                            unit=units.shown_unit(t.unit),
                            target=t.value_text,
                            shortfall=units.plain(t.value - total),
                            citation=t.citation,
                        )
                    )
    return out


def make_pack(pack: TargetPack, catalog: TargetCatalog, *, allow_over: bool = False) -> list[str]:
    """Check a pack before it is issued: the violations (empty = fine).

    Raises PackError while a county sum breaks the city's target, unless
    `allow_over` (then the caller shows the returned violations as warnings).
    The pack also goes through the reader's checks, so what is issued can be read.
    """
    read_pack(pack_to_json(pack), catalog, pack.city)
    violations = check_allocations(pack, catalog)
    if violations and not allow_over:
        raise PackError(msg.PACK_OVER_ALLOCATED.format(violations="\n".join(violations)))
    return violations
