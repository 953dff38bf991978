"""Does the county meet the year's target? (DOMAIN.md, "Validation: two different questions", 2.)

For each indicator field of 表一, in this order:
1. a county allocation (from the city's target pack) or a catalog target naming
   the county → judged against it (县级分解指标 / 县级目标);
2. otherwise the city's target for the year (or an every-year cap):
   - a quantity (volumes in 亿立方米, areas: they add up across counties) is
     未下达县级指标 and not judged;
   - a rate (coefficient, percentage, intensity, decline) is judged against the
     city's figure, labelled 参照市级目标;
3. no target for the year → 无本年目标, with the next milestone shown as a
   reference, labelled as such (never interpolated).
The value judged is the one shown: rounded half-up to the field's precision.
Where a target records a conflicting number, the annex value (Target.value) is
used and the conflict is mentioned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct

from siwu_desktop.core import messages as msg
from siwu_desktop.core import units
from siwu_desktop.core.catalog import Target, every_year_label
from siwu_desktop.core.forms import (
    Field,
    FormSpec,
    concerned,
    group_field_id,
    indicator_groups,
    indicator_id,
)
from siwu_desktop.core.indicators import INDICATORS
from siwu_desktop.core.terms import Attribute, Basis, Bound, Verdict
from siwu_desktop.core.terms import bound_text as _bound_text


class CountyAllocation(Struct, frozen=True):
    """A county's share of a city target (县级分解指标), as a target pack carries it."""

    county: str
    key: str
    year: int | None  # None: holds every year
    value: Decimal
    unit: str
    source: str  # e.g. "长治市水利局 2026年目标包 第3行"
    scope: str = "全市"
    base_year: int | None = None
    attribute: Attribute = Attribute.BINDING
    bound: str = ""  # a Bound; "" for the indicator's usual bound
    id: str = ""

    @property
    def effective_bound(self) -> Bound:
        if self.bound:
            return Bound(self.bound)
        spec = INDICATORS.get(self.key)
        return Bound(spec.bound) if spec else Bound.MAX

    @property
    def field_id(self) -> str:
        return indicator_id(self.key, self.scope, self.base_year)


class Judgement(Struct, frozen=True):
    """How one reported value compares with one target (达标/未达标/… and why)."""

    field: str
    label: str
    status: Verdict
    basis: Basis | None  # None where nothing was judged
    value: Decimal | None  # as judged: rounded to the field's precision
    unit: str
    target_value: Decimal | None = None  # in the field's unit
    target_unit: str = ""
    target_text: str = ""  # the target as the source writes it, in target_unit
    bound: Bound | None = None
    base_year: int | None = None
    attribute: Attribute | None = None  # None: nothing was judged against a target
    year: int | None = None  # None: an every-year cap
    from_year: int | None = None  # an every-year cap in force from this year on
    citation: str = ""
    target_id: str = ""
    reference: str = ""  # the next milestone, shown when there is no target this year
    notes: tuple[str, ...] = ()

    @property
    def unmet(self) -> bool:
        return self.status is Verdict.UNMET

    @property
    def binding(self) -> bool:
        return self.attribute is Attribute.BINDING

    @property
    def attribute_label(self) -> str:
        """约束性 / 预期性 / 未注明 as shown, "" where nothing was judged against a target."""
        return self.attribute.label if self.attribute is not None else ""

    @property
    def year_label(self) -> str:
        """2027, 每年, or 自2025年起每年."""
        return str(self.year) if self.year is not None else every_year_label(self.from_year)


def in_force(targets: Iterable[Target], year: int) -> list[Target]:
    """The targets that hold in `year`: its own milestones and the every-year caps in force.

    An every-year cap with a start year holds until a later one of the same bound
    replaces it (DOMAIN.md: "到YYYY年…控制在每年X以内").
    """
    applicable = [t for t in targets if t.applies_in(year)]
    latest: dict[tuple[str, str], int] = {}
    for t in applicable:
        if t.year is None and t.from_year is not None:
            key = (t.bound, t.county)
            latest[key] = max(latest.get(key, t.from_year), t.from_year)
    return [
        t
        for t in applicable
        if t.year is not None or t.from_year is None or t.from_year == latest[(t.bound, t.county)]
    ]


def targets_by_field(targets: Iterable[Target]) -> dict[str, list[Target]]:
    """The city's targets keyed by the 表一 field id they are judged on."""
    return {group_field_id(g): g for g in indicator_groups(targets)}


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def in_field_unit(value: Decimal, unit: str, field_unit: str) -> Decimal:
    """A target's value in its field's unit (unchanged where the units do not convert)."""
    return units.convert(value, unit, field_unit) if units.convertible(unit, field_unit) else value


def meets(value: Decimal, bound: str, target: Decimal) -> bool:
    """max: not above; min and decline_min: not below. Equality meets the target."""
    return value <= target if bound == Bound.MAX else value >= target


def _notes(target: Target) -> tuple[str, ...]:
    notes = [
        msg.CONFLICT_NOTE.format(
            value=c.value_text,
            source=f"{target.document.citation} {c.source}",
            target=target.value_text,
        )
        for c in target.conflicts
    ]
    if target.draft:
        notes.append(msg.DRAFT_NOTE)
    return tuple(notes)


def judge_field(
    field: Field,
    value: Decimal | None,
    not_applicable: bool,
    county: str,
    year: int,
    targets: Sequence[Target],
    allocations: Sequence[CountyAllocation],
    placeholders: Sequence[Target] = (),
) -> list[Judgement]:
    """Every judgement of one indicator field for one county and year; `placeholders`: the
    county indicators a document says the city sets (no value: 未下达县级指标 until a pack)."""
    shown = rounded(value, field.precision) if value is not None else None

    allocated = [a.field_id for a in allocations if a.county == county]
    not_applicable = not_applicable or (shown is None and not concerned(field, county, allocated))

    def verdict(target_value: Decimal, bound: str) -> Verdict:
        if shown is None:
            return Verdict.NOT_APPLICABLE if not_applicable else Verdict.NO_VALUE
        return Verdict.MET if meets(shown, bound, target_value) else Verdict.UNMET

    own = [
        a
        for a in allocations
        if a.county == county and a.field_id == field.id and a.year in (year, None)
    ]
    if own:
        out = []
        for a in own:
            tv = in_field_unit(a.value, a.unit, field.unit)
            bound = a.effective_bound
            out.append(
                Judgement(
                    field=field.id,
                    label=field.label,
                    unit=field.unit,
                    status=verdict(tv, bound),
                    basis=Basis.ALLOCATION,
                    value=shown,
                    target_value=tv,
                    target_unit=a.unit,
                    target_text=units.plain(a.value),
                    bound=bound,
                    base_year=a.base_year,
                    attribute=a.attribute,
                    year=a.year,
                    citation=a.source,
                    target_id=a.id,
                )
            )
        return out
    applicable = [t for t in in_force(targets, year) if t.county in ("", county)]
    county_level = [t for t in applicable if t.county == county]
    if county_level:
        applicable, basis = county_level, Basis.COUNTY_TARGET
    else:
        applicable, basis = [t for t in applicable if not t.county], Basis.CITY_REFERENCE
    pending = [p for p in placeholders if p.applies_in(year)]
    if not applicable and pending:
        p = pending[0]
        return [
            Judgement(
                field=field.id,
                label=field.label,
                unit=field.unit,
                status=Verdict.NOT_ALLOCATED,
                basis=None,
                value=shown,
                bound=Bound(p.bound) if p.bound else None,
                base_year=p.base_year,
                attribute=p.attribute,
                year=p.year,
                citation=p.citation,
                target_id=p.id,
            )
        ]
    if not applicable:
        return [
            Judgement(
                field=field.id,
                label=field.label,
                unit=field.unit,
                status=Verdict.NO_TARGET,
                basis=None,
                value=shown,
                reference=_next_milestone(field, year, targets, county),
            )
        ]
    out = []
    for t, same in _one_per_figure(applicable, field.unit):
        tv = in_field_unit(t.value, t.unit, field.unit)
        used_basis: Basis | None = basis
        if basis is Basis.CITY_REFERENCE and field.quantity:
            status, used_basis = Verdict.NOT_ALLOCATED, None
        else:
            status = verdict(tv, t.bound)
        out.append(_against_target(field, t, status, used_basis, shown, tv, same))
    return out


def _one_per_figure(
    targets: Sequence[Target], field_unit: str
) -> list[tuple[Target, tuple[Target, ...]]]:
    """One judgement per figure: a year's milestone and an every-year cap of the same value
    and bound (太原 地下水 1.5 in 附件1 and in 正文) are judged once, naming both sources.
    The dated milestone leads; the others are listed as the same figure."""
    groups: dict[tuple[Decimal, str, int | None], list[Target]] = {}
    for t in sorted(targets, key=lambda t: t.year is None):
        key = (in_field_unit(t.value, t.unit, field_unit).normalize(), t.bound, t.base_year)
        groups.setdefault(key, []).append(t)
    return [(g[0], tuple(g[1:])) for g in groups.values()]


def _against_target(
    field: Field,
    t: Target,
    status: Verdict,
    basis: Basis | None,
    shown: Decimal | None,
    tv: Decimal,
    same: Sequence[Target] = (),
) -> Judgement:
    """A judgement of `field` against catalog target `t` (county or city level); `same`:
    other targets of the same figure, whose sources the citation names too."""
    citation = "；".join([t.citation, *(o.citation for o in same)])
    return Judgement(
        field=field.id,
        label=field.label,
        unit=field.unit,
        status=status,
        basis=basis,
        value=shown,
        target_value=tv,
        target_unit=t.unit,
        target_text=t.value_text,
        bound=Bound(t.bound),
        base_year=t.base_year,
        attribute=t.attribute,
        year=t.year,
        from_year=t.from_year,
        citation=citation,
        target_id=t.id,
        notes=_notes(t),
    )


def next_milestone(targets: Sequence[Target], year: int, county: str) -> Target | None:
    """The first target after `year` that applies to `county`: a reference, never interpolated."""
    later = [
        t for t in targets if t.year is not None and t.year > year and t.county in ("", county)
    ]
    if not later:
        return None
    first = min(t.year for t in later if t.year is not None)
    return next(t for t in later if t.year == first)


def _next_milestone(field: Field, year: int, targets: Sequence[Target], county: str) -> str:
    t = next_milestone(targets, year, county)
    if t is None:
        return ""
    return msg.REFERENCE_NEXT.format(
        year=t.year,
        bound=_bound_text(t.bound, t.base_year),
        value=t.value_text,
        unit=units.shown_unit(t.unit),
        citation=t.citation,
    )


def judge(
    form: FormSpec,
    values: Mapping[str, Decimal | None],
    not_applicable: Mapping[str, bool],
    county: str,
    year: int,
    targets: Mapping[str, Sequence[Target]],
    allocations: Sequence[CountyAllocation] = (),
    placeholders: Mapping[str, Sequence[Target]] | None = None,
) -> list[Judgement]:
    """Judgements of every indicator field of a 表一 (`targets`, `placeholders` from
    `targets_by_field`)."""
    out: list[Judgement] = []
    for f in form.fields:
        if f.indicator is None:
            continue
        out += judge_field(
            f,
            values.get(f.id),
            not_applicable.get(f.id, False),
            county,
            year,
            targets.get(f.id, ()),
            allocations,
            (placeholders or {}).get(f.id, ()),
        )
    return out


def bound_text(j: Judgement) -> str:
    return _bound_text(j.bound, j.base_year) if j.bound else ""


def status_text(j: Judgement) -> str:
    """完成情况 as the workbook and the window show it: 达标（参照市级目标） …"""
    return j.status.label + (f"（{j.basis.label}）" if j.basis is not None else "")


def judge_city(
    form: FormSpec,
    values: Mapping[str, Decimal | None],
    year: int,
    targets: Mapping[str, Sequence[Target]],
) -> list[Judgement]:
    """The consolidated city figures against the city's own targets (市级目标).

    Unlike a county, the city is judged on quantities too: its cap is its own.
    Targets naming one county are that county's business and left out. A year
    without a milestone is 无本年目标 with the next milestone as a reference.
    """
    out: list[Judgement] = []
    for f in form.fields:
        if f.indicator is None:
            continue
        city_targets = [t for t in targets.get(f.id, ()) if not t.county]
        value = values.get(f.id)
        shown = rounded(value, f.precision) if value is not None else None
        applicable = in_force(city_targets, year)
        if not applicable:
            out.append(
                Judgement(
                    field=f.id,
                    label=f.label,
                    unit=f.unit,
                    status=Verdict.NO_TARGET,
                    basis=None,
                    value=shown,
                    reference=_next_milestone(f, year, city_targets, ""),
                )
            )
            continue
        for t, same in _one_per_figure(applicable, f.unit):
            tv = in_field_unit(t.value, t.unit, f.unit)
            if shown is None:
                status = Verdict.NO_VALUE
            else:
                status = Verdict.MET if meets(shown, t.bound, tv) else Verdict.UNMET
            out.append(_against_target(f, t, status, Basis.CITY_TARGET, shown, tv, same))
    return out
