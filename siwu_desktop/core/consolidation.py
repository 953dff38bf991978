"""City figures from county returns, with the right arithmetic (issue #8, DOMAIN.md).

The rules (also shown to the user: `messages.CONSOLIDATION_RULES`, the workbook's 说明):

- **Quantities are summed** over the counties that reported: every 表一 field marked
  `quantity` (volumes, areas, fixture counts, GDP and value added at current
  prices, base-year volumes and base-year GDP). A county that did not report is
  *missing* (未报), never a zero; a sum without it is labelled as partial.
- **Rates are recomputed, never averaged.** A derived field of 表一 is computed with
  the same formula (`derive.compute`, i.e. core/formulas.py) from the consolidated
  inputs: coefficient = Σnet/Σgross, reclaimed rate = Σreclaimed/Σsewage, GDP
  intensity = ΣW/ΣGDP, leakage from ΣQs and ΣQa …
- Inputs of those formulas that are not quantities are consolidated as what they are:
  * r (share of the supply metered household by household) and A (km of mains per
    万m³ supplied) are weighted by Qs: Σ(r_i·Qs_i)/ΣQs is exactly the summed metered
    volume over the summed supply, Σ(A_i·Qs_i)/ΣQs exactly the summed length over
    the summed supply;
  * the average outlet pressure is Qs-weighted too, as a reference figure only;
  * a comparable-price index I_i (base year = 100) is weighted by the base year's
    value at its own current prices: I_city = Σ(GDP_0,i·I_i)/ΣGDP_0,i, which is the
    city's real GDP at base-year prices over its base-year GDP. Without every
    county's base-year GDP (`gdp_b2020` …) the city index, hence the city decline
    1 − (ΣW_t/ΣW_0)/I_city, is *not computed* and the reason is given; an average of
    county declines is never offered instead.
- **Leakage** is not recomputed from city averages (CJJ 92's corrections, R3 by a
  pressure threshold and R2 clipped, belong to one supply system): each county's
  reported R_BL,i is weighted by its supply, R_city = Σ(R_BL,i·Qs_i)/ΣQs.
- **Official city statistics** (`CityStatistics`: GDP, value added, real indices from
  the statistics bureau, with their source) replace the county-derived figure of the
  same field; a current-price value is used only when every county is in the figure.
- A rate a county types with no base quantities behind it cannot be consolidated
  and is reported as such.
- For a derived figure, the counties used are those that filled every input of its
  formula; a reporting county that left one blank is named as left out.
- The city figures are judged against the city's own targets (`compliance.judge_city`),
  honestly (`_honest`): a quantity total with a county missing (未报, or the field
  blank) is 不完整（未报：…），不作判定; a rate over fewer counties says over which;
  a figure not computed says why (which county lacks which value).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from msgspec import Struct, field
from msgspec.structs import replace

from siwu_desktop.core import messages as msg
from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.compliance import Judgement, judge_city, targets_by_field
from siwu_desktop.core.derive import Values, compute, derive_all
from siwu_desktop.core.forms import (
    DERIVED,
    INPUT,
    NUMBER,
    SECTION_BASE,
    Field,
    FormSpec,
    build_form,
    index_weight,
)
from siwu_desktop.core.returns import ReturnData
from siwu_desktop.core.terms import Verdict

#: Leakage inputs that are shares or densities of the volume supplied: weighted by Qs.
SUPPLY_WEIGHTED = {
    "household_metered_share": "supply_total",
    "main_density": "supply_total",
    "outlet_pressure": "supply_total",
}
#: The formula whose corrections belong to each county's own supply system (CJJ 92).
LEAKAGE_FORMULA = "leakage_percent"
#: Fields the city may take from its statistics bureau instead of its counties:
#: current-price values and comparable-price indices (with their base-year weights).
OFFICIAL_PREFIXES = ("gdp", "industrial_va")
#: Key indicators of the county-by-county table (those the form has), in this order.
KEY_INDICATORS = (
    "total_use",
    "groundwater_use",
    "agricultural_use",
    "gdp_intensity",
    "gdp_intensity_decline",
    "industrial_intensity_decline",
    "irrigation_coefficient",
    "reclaimed_rate",
    "leakage_rate",
    "nonconventional_use",
    "industrial_reuse_rate",
    "fixture_rate",
)


class CityFigure(Struct, frozen=True):
    """One consolidated 表一 (or 表二) figure, with how it was obtained."""

    field: Field
    value: Decimal | None
    method: str
    counties: tuple[str, ...] = ()  # the counties whose figures went in
    excluded: tuple[str, ...] = ()  # reporting counties left out: the field was blank
    reason: str = ""  # why there is no value
    official: bool = False  # taken from the city's statistics bureau (CityStatistics)

    @property
    def id(self) -> str:
        return self.field.id

    def note(self, missing: Sequence[str]) -> str:
        """What the figure leaves out, in words: 未报 counties, blank fields, no value."""
        parts = []
        if self.reason:
            parts.append(self.reason)
        if self.official:
            return "".join(parts)
        if self.value is not None and missing:
            parts.append(msg.PARTIAL_LABEL)
        if self.value is not None and self.excluded:
            parts.append(msg.PARTIAL_FIELD.format(counties="、".join(self.excluded)))
        return "".join(parts)


class CityStatistics(Struct, frozen=True):
    """The city's own figures from its statistics bureau (field id → value in the field's
    unit), which replace the county-derived ones; `source` names the publication."""

    values: Mapping[str, Decimal]
    source: str


def official_fields(form: FormSpec) -> list[Field]:
    """The 表一 inputs a city may take from its statistics bureau."""
    return [
        f
        for f in form.fields
        if f.kind == INPUT and f.section == SECTION_BASE and f.id.startswith(OFFICIAL_PREFIXES)
    ]


class Consolidation(Struct, frozen=True):
    city: str
    year: int
    form: FormSpec  # the city's 表一 of the year
    counties: tuple[str, ...]  # every county of the city, in the catalog's order
    reported: tuple[str, ...]  # those with a 表一 of the year
    figures: dict[str, CityFigure]  # 表一 field id → figure, in the form's order
    county_values: dict[str, Values]  # county → its own entered and derived 表一 values
    judgements: tuple[Judgement, ...]
    t2_form: FormSpec | None = None
    t2_reported: tuple[str, ...] = ()
    t2_figures: dict[str, CityFigure] = field(default_factory=dict)
    statistics: CityStatistics | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in self.counties if c not in self.reported)

    @property
    def t2_missing(self) -> tuple[str, ...]:
        return tuple(c for c in self.counties if c not in self.t2_reported)

    @property
    def complete(self) -> bool:
        return not self.missing

    def value(self, field_id: str) -> Decimal | None:
        return self.figures[field_id].value

    def values(self) -> Values:
        return {k: f.value for k, f in self.figures.items()}

    def lacking(self, field_id: str) -> tuple[str, ...]:
        """The counties not in a figure: 未报, or reported with the figure's inputs blank."""
        figure = self.figures[field_id]
        if figure.official:
            return ()
        return (*self.missing, *figure.excluded)

    def statistics_notes(self) -> list[str]:
        """Which base figures came from the statistics bureau, which from the counties."""
        out = []
        for f in official_fields(self.form):
            figure = self.figures.get(f.id)
            if figure is None:
                continue
            if figure.official and self.statistics is not None:
                out.append(msg.OFFICIAL_USED.format(label=f.label, source=self.statistics.source))
            elif index_weight(f.id) is not None:
                out.append(msg.COUNTY_WEIGHTED_USED.format(label=f.label))
        return out

    def key_fields(self) -> list[Field]:
        """Indicator fields for the county-by-county table: key ones first, then the rest."""
        indicators = [f for f in self.form.fields if f.indicator is not None]
        order = {k: i for i, k in enumerate(KEY_INDICATORS)}
        return sorted(indicators, key=lambda f: order.get(f.indicator or "", len(order)))


class _Aggregator:
    """Consolidates input fields over a chosen set of counties."""

    def __init__(
        self,
        form: FormSpec,
        entered: Mapping[str, Mapping[str, Decimal | None]],
        official: Mapping[str, Decimal] | None = None,
        source: str = "",
        complete: bool = True,
    ):
        self.form = form
        self.entered = entered
        self.official = dict(official or {})
        self.source = source
        self.complete = complete  # every expected county reported

    def official_for(self, field_id: str, everyone: bool) -> bool:
        """Whether the statistics bureau's value stands for these counties: an index
        always; a current-price value only for the whole city."""
        if field_id not in self.official:
            return False
        return everyone or not self.form.index[field_id].quantity

    def has(self, county: str, field_id: str) -> bool:
        return self.entered[county].get(field_id) is not None

    def input_value(
        self, f: Field, counties: Sequence[str]
    ) -> tuple[Decimal | None, str, tuple[str, ...], str]:
        """(value, method, counties used, reason) of one input field."""
        having = tuple(c for c in counties if self.has(c, f.id))
        if f.quantity:
            if not having:
                return None, msg.METHOD_SUM, (), msg.NOT_COMPUTED
            total = sum((self._v(c, f.id) for c in having), Decimal(0))
            return total, msg.METHOD_SUM, having, ""
        weight_id = index_weight(f.id) or SUPPLY_WEIGHTED.get(f.id)
        if weight_id is None:
            return None, "", having, msg.NOT_ADDITIVE
        weight_label = self._label(weight_id)
        method = msg.METHOD_WEIGHTED.format(weight=weight_label)
        lacking = [c for c in having if not self.has(c, weight_id)]
        if lacking:
            reason = msg.NO_WEIGHT.format(counties="、".join(lacking), weight=weight_label)
            return None, method, having, reason
        weights = sum((self._v(c, weight_id) for c in having), Decimal(0))
        if not having or weights.is_zero():
            return None, method, having, msg.NOT_COMPUTED
        weighted = sum((self._v(c, f.id) * self._v(c, weight_id) for c in having), Decimal(0))
        return weighted / weights, method, having, ""

    def _v(self, county: str, field_id: str) -> Decimal:
        value = self.entered[county].get(field_id)
        assert value is not None
        return value

    def _label(self, field_id: str) -> str:
        spec = self.form.index.get(field_id)
        return spec.label if spec else field_id


def _consolidate_form(
    form: FormSpec,
    entered: Mapping[str, Mapping[str, Decimal | None]],
    statistics: CityStatistics | None = None,
    complete: bool = True,
) -> dict[str, CityFigure]:
    reported = tuple(entered)
    official = statistics.values if statistics else None
    agg = _Aggregator(form, entered, official, statistics.source if statistics else "", complete)
    figures: dict[str, CityFigure] = {}
    for f in form.fields:
        if f.value_type != NUMBER or f.kind != INPUT:
            continue
        if f.id in agg.official:
            method = msg.METHOD_OFFICIAL.format(source=agg.source)
            figures[f.id] = CityFigure(f, agg.official[f.id], method, reported, official=True)
            continue
        if not reported:
            figures[f.id] = CityFigure(f, None, "", reason=msg.NO_REPORTS)
            continue
        value, method, used, reason = agg.input_value(f, reported)
        excluded = tuple(c for c in reported if c not in used)
        figures[f.id] = CityFigure(f, value, method, used, excluded, reason)
    city_inputs: Values = {k: fig.value for k, fig in figures.items()}
    for f in form.fields:
        if f.value_type != NUMBER or f.kind != DERIVED:
            continue
        if f.formula == "sum":
            # 表二's subtotals: the sum of summed cells is the summed subtotal.
            city_inputs[f.id] = compute(f, city_inputs)
            figures[f.id] = CityFigure(f, city_inputs[f.id], msg.METHOD_SUM, reported)
            continue
        if f.formula == LEAKAGE_FORMULA:
            figures[f.id] = _leakage(form, f, agg, reported)
        else:
            figures[f.id] = _derived(form, f, agg, reported)
        city_inputs[f.id] = figures[f.id].value
    return {f.id: figures[f.id] for f in form.fields if f.id in figures}


def _derived(form: FormSpec, f: Field, agg: _Aggregator, reported: Sequence[str]) -> CityFigure:
    """A formula's value from its inputs consolidated over the counties that gave all of them."""
    labels = "、".join(form.index[i].label for i in f.inputs if i in form.index)
    method = msg.METHOD_RECOMPUTED.format(inputs=labels)
    if not reported:
        return CityFigure(f, None, method, reason=msg.NO_REPORTS)
    from_counties = [i for i in f.inputs if i not in agg.official]
    used = tuple(c for c in reported if all(agg.has(c, i) for i in from_counties))
    excluded = tuple(c for c in reported if c not in used)
    if not used:
        return CityFigure(f, None, method, (), excluded, msg.NOT_COMPUTED)
    everyone = agg.complete and not excluded
    inputs: Values = {}
    notes = []
    for input_id in f.inputs:
        spec = form.index[input_id]
        if agg.official_for(input_id, everyone):
            inputs[input_id] = agg.official[input_id]
            continue
        if input_id in agg.official:
            notes.append(msg.OFFICIAL_NOT_FOR_PARTIAL.format(label=spec.label))
            if not all(agg.has(c, input_id) for c in used):
                return CityFigure(f, None, method, used, excluded, "".join(notes))
        value, _, _, reason = agg.input_value(spec, used)
        if reason:
            return CityFigure(f, None, method, used, excluded, reason)
        inputs[input_id] = value
    value = compute(f, inputs)
    reason = "".join(notes) if value is not None else msg.NOT_COMPUTED
    return CityFigure(f, value, method, used, excluded, reason)


def _leakage(form: FormSpec, f: Field, agg: _Aggregator, reported: Sequence[str]) -> CityFigure:
    """CJJ 92 per county, then Σ(R_BL,i × Qs_i)/ΣQs: the pressure (R3) and mains (R2)
    corrections are thresholds and clips of one system, never of a city average."""
    if not reported:
        return CityFigure(f, None, msg.METHOD_LEAKAGE, reason=msg.NO_REPORTS)
    supply_id = f.inputs[0]
    rates = {c: compute(f, agg.entered[c]) for c in reported}
    used = tuple(c for c in reported if rates[c] is not None and agg.has(c, supply_id))
    excluded = tuple(c for c in reported if c not in used)
    supplied = sum((agg._v(c, supply_id) for c in used), Decimal(0))
    if not used or supplied.is_zero():
        return CityFigure(f, None, msg.METHOD_LEAKAGE, used, excluded, msg.NOT_COMPUTED)
    lost = sum((rates[c] * agg._v(c, supply_id) for c in used), Decimal(0))  # type: ignore[operator]
    return CityFigure(f, lost / supplied, msg.METHOD_LEAKAGE, used, excluded)


def _honest(
    judgements: Sequence[Judgement], figures: Mapping[str, CityFigure], missing: Sequence[str]
) -> tuple[Judgement, ...]:
    """Judgements that say what the figure rests on: an incomplete quantity total is not
    judged; a rate over fewer counties is labelled; a figure not computed says why."""
    out = []
    for j in judgements:
        figure = figures.get(j.field)
        if figure is None or figure.official:
            out.append(j)
            continue
        lacking = (*missing, *figure.excluded)
        names = "、".join(lacking)
        if figure.field.quantity and lacking:
            note = msg.INCOMPLETE.format(counties=names)
            status = Verdict.INCOMPLETE if j.target_value is not None else j.status
            out.append(replace(j, status=status, notes=(note, *j.notes)))
        elif figure.value is None and figure.reason:
            status = Verdict.NOT_COMPUTED if j.target_value is not None else j.status
            out.append(replace(j, status=status, notes=(figure.reason, *j.notes)))
        elif lacking:
            note = msg.OVER_REPORTING.format(n=len(figure.counties), counties=names)
            out.append(replace(j, notes=(note, *j.notes)))
        else:
            out.append(j)
    return tuple(out)


def consolidate(
    catalog: TargetCatalog,
    city: str,
    year: int,
    t1: Mapping[str, ReturnData],
    t2: Mapping[str, ReturnData] | None = None,
    counties: Sequence[str] | None = None,
    statistics: CityStatistics | None = None,
) -> Consolidation:
    """The city's figures for `year` from its counties' annual 表一 (and 表二).

    `t1` / `t2` map a county name to its return of the year; `counties` (default:
    the catalog's counties of the city) are the units expected to report;
    `statistics` the city's own statistics-bureau figures, if entered.
    """
    city_name = catalog.city(city).name
    expected = tuple(counties or (c.name for c in catalog.counties_for(city_name)))
    unknown = [c for c in [*t1, *(t2 or {})] if c not in expected]
    if unknown:
        raise ValueError(f"not a county of {city_name}: {', '.join(unknown)}")
    for county, ret in [*t1.items(), *(t2 or {}).items()]:
        if ret.year != year or ret.county != county or ret.period != "Y":
            raise ValueError(f"{county}: return is {ret.county} {ret.year} {ret.period}")
    form = build_form(catalog, city_name, "t1", year=year)
    reported = tuple(c for c in expected if c in t1)
    entered = {c: t1[c].entered() for c in reported}
    missing = tuple(c for c in expected if c not in t1)
    if statistics is not None:
        known = {f.id for f in official_fields(form)}
        statistics = CityStatistics(
            {k: v for k, v in statistics.values.items() if k in known}, statistics.source
        )
    figures = _consolidate_form(form, entered, statistics, complete=not missing)
    county_values = {c: derive_all(form, entered[c]) for c in reported}
    targets = targets_by_field(t for t in catalog.targets_for(city_name) if t.judged)
    city_values = {k: fig.value for k, fig in figures.items()}
    judgements = _honest(judge_city(form, city_values, year, targets), figures, missing)
    t2_form = None
    t2_reported: tuple[str, ...] = ()
    t2_figures: dict[str, CityFigure] = {}
    if t2:
        t2_form = build_form(catalog, city_name, "t2")
        t2_reported = tuple(c for c in expected if c in t2)
        t2_figures = _consolidate_form(t2_form, {c: t2[c].entered() for c in t2_reported})
    return Consolidation(
        city_name,
        year,
        form,
        expected,
        reported,
        figures,
        county_values,
        judgements,
        t2_form,
        t2_reported,
        t2_figures,
        statistics,
    )


def summary_status(j: Judgement) -> str:
    """完成情况 of a city figure as the summary shows it (window, workbook, print): an
    incomplete total says which counties are missing."""
    if j.status is Verdict.INCOMPLETE and j.notes:
        return j.notes[0]
    return j.status.label


def other_notes(j: Judgement) -> list[str]:
    """The judgement's notes besides the one `summary_status` shows."""
    return list(j.notes[1:] if j.status is Verdict.INCOMPLETE else j.notes)
