"""Year on year and across counties: the city's plausibility flags (DOMAIN.md "Outliers at
the city"). A flag asks the city to check (异常，需核实); it never refuses a return.

The rules, stated once (also in `RULES`, shown in the summary's 说明):

- **Year on year:** a county quantity of 表一 that is compared year on year (用水总量,
  工业用水量 and the quantity indicators) changing by more than ±30 % against the
  county's own value of last year is flagged.
- **Across counties:** a county's derived rate or intensity (万元GDP用水量, coefficients,
  rates, declines) outside the reporting counties' median ± 3 × MAD is flagged, MAD being
  the median of the absolute deviations from the median. It needs at least
  `MIN_PEERS` counties with a value; when MAD is 0 (most counties share one value)
  nothing is flagged by this rule, since any difference at all would be "outside".
- **The city's 同比:** each city figure against last year's; a quantity total is compared
  only when both years hold the same counties, otherwise it says 部分县区 and gives no change;
  a figure no county has this year says 本年无数据.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from msgspec import Struct

from siwu_desktop.core.consolidation import Consolidation
from siwu_desktop.core.forms import DERIVED, NUMBER, Field

YOY_LIMIT = Decimal(30)  # percent
MAD_FACTOR = Decimal(3)
MIN_PEERS = 4
HUNDRED = Decimal(100)

FLAG = "异常，需核实"
YOY_TEXT = "{label}{now}较上年{last}变化{change}%，超过±30%"
PEER_TEXT = "{label}{value}在各县区中位数{median}±3×MAD（{low}～{high}）之外"
PARTIAL_YEAR = "部分县区"
NO_LAST = "上年无数据"
NO_NOW = "本年无数据"
RULES = (
    "同比：县区用水总量等数量指标较本县区上年变化超过±30%，标记“异常，需核实”。",
    "县区间：县区的比率、强度、下降幅度在各报送县区的中位数±3×MAD（MAD为各县区值与中位数之差"
    "的绝对值的中位数）之外，标记“异常，需核实”；少于4个县区有值或MAD为0时不按此项标记。",
    "全市同比：数量合计只在两年报送县区相同时比较，否则标“部分县区”，不计算同比。",
)


class CheckRule(StrEnum):
    YEAR_ON_YEAR = "year_on_year"
    PEERS = "peers"


class Flag(Struct, frozen=True):
    """One 异常，需核实 mark on one county's figure."""

    county: str
    field: str
    label: str
    rule: CheckRule
    value: Decimal
    reference: Decimal  # last year's value, or the peers' median
    text: str

    @property
    def shown(self) -> str:
        return f"{FLAG}：{self.text}"


class Change(Struct, frozen=True):
    """A city figure against last year's (同比)."""

    field: str
    last: Decimal | None
    percent: Decimal | None  # None: not compared (see note)
    note: str = ""


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _show(value: Decimal, places: int) -> str:
    return format(round(value, places), "f")


def change_percent(now: Decimal, last: Decimal) -> Decimal | None:
    if last.is_zero():
        return None
    return (now - last) / last * HUNDRED


def _yoy_fields(result: Consolidation) -> list[Field]:
    return [f for f in result.form.fields if f.quantity and f.year_on_year]


def _peer_fields(result: Consolidation) -> list[Field]:
    return [
        f
        for f in result.form.fields
        if f.kind == DERIVED and f.value_type == NUMBER and not f.quantity and f.indicator
    ]


def county_flags(result: Consolidation, last: Consolidation | None = None) -> list[Flag]:
    """Every flag of the year, county by county in the city's order."""
    flags: list[Flag] = []
    if last is not None:
        for f in _yoy_fields(result):
            for county, values in result.county_values.items():
                now = values.get(f.id)
                before = last.county_values.get(county, {}).get(f.id)
                if now is None or before is None:
                    continue
                change = change_percent(now, before)
                if change is None or abs(change) <= YOY_LIMIT:
                    continue
                text = YOY_TEXT.format(
                    label=f.label,
                    now=_show(now, f.precision),
                    last=_show(before, f.precision),
                    change=f"{change:+.1f}",
                )
                flags.append(Flag(county, f.id, f.label, CheckRule.YEAR_ON_YEAR, now, before, text))
    for f in _peer_fields(result):
        values = {c: v[f.id] for c, v in result.county_values.items() if v.get(f.id) is not None}
        if len(values) < MIN_PEERS:
            continue
        numbers = [v for v in values.values() if v is not None]
        median = _median(numbers)
        mad = _median([abs(v - median) for v in numbers])
        if mad.is_zero():
            continue
        low, high = median - MAD_FACTOR * mad, median + MAD_FACTOR * mad
        for county, value in values.items():
            assert value is not None
            if low <= value <= high:
                continue
            text = PEER_TEXT.format(
                label=f.label,
                value=_show(value, f.precision),
                median=_show(median, f.precision),
                low=_show(low, f.precision),
                high=_show(high, f.precision),
            )
            flags.append(Flag(county, f.id, f.label, CheckRule.PEERS, value, median, text))
    order = {c: i for i, c in enumerate(result.counties)}
    return sorted(flags, key=lambda g: order.get(g.county, len(order)))


def city_changes(result: Consolidation, last: Consolidation | None) -> dict[str, Change]:
    """上年 and 同比 of every city figure of 表一."""
    out: dict[str, Change] = {}
    for field_id, figure in result.figures.items():
        before = last.figures.get(field_id) if last is not None else None
        if before is None or before.value is None:
            out[field_id] = Change(field_id, None, None, NO_LAST)
            continue
        if figure.value is None:  # no county has it this year: nothing is partial
            out[field_id] = Change(field_id, before.value, None, NO_NOW)
            continue
        if figure.field.quantity and (
            result.lacking(field_id)
            or last is None
            or last.lacking(field_id)
            or set(figure.counties) != set(before.counties)
        ):
            out[field_id] = Change(field_id, before.value, None, PARTIAL_YEAR)
            continue
        out[field_id] = Change(field_id, before.value, change_percent(figure.value, before.value))
    return out


def flags_by_county(flags: list[Flag]) -> dict[str, list[Flag]]:
    out: dict[str, list[Flag]] = {}
    for f in flags:
        out.setdefault(f.county, []).append(f)
    return out
