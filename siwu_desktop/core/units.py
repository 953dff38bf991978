"""Units: their names, the spellings people type, and the one place where values are converted.

Every conversion here is a power of ten, applied with `Decimal.scaleb`, so it is
exact whatever the precision context: 6.17 亿立方米 is 61700 万立方米, never
61699.99999. Units of different dimensions never convert (亩 into 万立方米 is a
refusal, not a guess).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct

# Canonical unit names (as the forms and the catalog write them).
YI_M3 = "亿立方米"
WAN_M3 = "万立方米"
M3 = "立方米"
PERCENT = "%"
RATIO = "无量纲"
WAN_MU = "万亩"
MU = "亩"
KM2 = "平方千米"
M3_PER_WAN_YUAN = "立方米/万元"
YI_YUAN = "亿元"
WAN_YUAN = "万元"
MPA = "兆帕"
KM_PER_WAN_M3 = "千米/万立方米"
WAN_M3_PER_DAY = "万立方米/日"  # treatment capacity
COUNT = "个"
INDEX = "指数"  # a statistics index with the base year = 100
TEXT = ""  # text columns carry no unit


class Unit(Struct, frozen=True):
    """A unit of measure: its dimension and its power of ten against the dimension's base unit."""

    name: str
    dimension: str
    exponent: int  # value in the dimension's base unit = value × 10**exponent


_UNITS = (
    Unit(YI_M3, "volume", 8),
    Unit(WAN_M3, "volume", 4),
    Unit(M3, "volume", 0),
    Unit(PERCENT, "ratio", -2),
    Unit(RATIO, "ratio", 0),
    Unit(WAN_MU, "farm_area", 4),
    Unit(MU, "farm_area", 0),
    Unit(KM2, "area", 0),
    Unit(M3_PER_WAN_YUAN, "intensity", 0),
    Unit(YI_YUAN, "money", 4),
    Unit(WAN_YUAN, "money", 0),
    Unit(MPA, "pressure", 0),
    Unit(KM_PER_WAN_M3, "pipe_density", 0),
    Unit(WAN_M3_PER_DAY, "daily_capacity", 4),
    Unit(COUNT, "count", 0),
    Unit(INDEX, "index", 0),
)
UNITS: dict[str, Unit] = {u.name: u for u in _UNITS}

# What people type after a number (after NFKC folding, so "m³" arrives as "m3"),
# mapped to the canonical name. Lower-cased before lookup.
ALIASES: dict[str, str] = {
    "亿立方米": YI_M3,
    "亿m3": YI_M3,
    "亿方": YI_M3,
    "万立方米": WAN_M3,
    "万m3": WAN_M3,
    "万方": WAN_M3,
    "立方米": M3,
    "m3": M3,
    "方": M3,
    "%": PERCENT,
    "万亩": WAN_MU,
    "亩": MU,
    "平方千米": KM2,
    "平方公里": KM2,
    "km2": KM2,
    "立方米/万元": M3_PER_WAN_YUAN,
    "m3/万元": M3_PER_WAN_YUAN,
    "亿元": YI_YUAN,
    "万元": WAN_YUAN,
    "兆帕": MPA,
    "mpa": MPA,
    "千米/万立方米": KM_PER_WAN_M3,
    "km/万m3": KM_PER_WAN_M3,
    "万立方米/日": WAN_M3_PER_DAY,
    "万m3/日": WAN_M3_PER_DAY,
    "万m3/d": WAN_M3_PER_DAY,
    "万吨/日": WAN_M3_PER_DAY,
    "个": COUNT,
    "套": COUNT,
    "件": COUNT,
}

# The catalog writes intensities as "立方米" (per 万元 implied by the indicator) and
# dimensionless values as "无量纲"; this maps a target's unit to the form's unit.
_CATALOG_UNITS = {"立方米": M3_PER_WAN_YUAN, "1": RATIO, "/": RATIO}

# How many decimals a value of each unit is entered and shown with, by default.
DEFAULT_PRECISION: dict[str, int] = {
    YI_M3: 4,
    WAN_M3: 2,
    M3: 0,
    PERCENT: 2,
    RATIO: 4,
    WAN_MU: 2,
    MU: 0,
    KM2: 2,
    M3_PER_WAN_YUAN: 2,
    YI_YUAN: 2,
    WAN_YUAN: 2,
    MPA: 3,
    KM_PER_WAN_M3: 4,
    WAN_M3_PER_DAY: 2,
    COUNT: 0,
    INDEX: 1,
    TEXT: 0,
}


def shown_unit(unit: str) -> str:
    """The unit as written after a number in a message: " 万立方米", "%", "" for 无量纲."""
    if unit in (RATIO, TEXT):
        return ""
    return unit if unit == PERCENT else f" {unit}"


def canonical_unit(typed: str) -> str | None:
    """The canonical name of a typed unit, or None when it is not one we know."""
    return ALIASES.get(typed.strip().lower())


def form_unit_for_target(target_unit: str, is_intensity: bool) -> str:
    """The unit a form uses for an indicator whose target is written in `target_unit`.

    County returns hold volumes in 万立方米 whatever the city document uses.
    """
    if target_unit == YI_M3:
        return WAN_M3
    if is_intensity and target_unit == M3:
        return M3_PER_WAN_YUAN
    return _CATALOG_UNITS.get(target_unit, target_unit)


def convertible(from_unit: str, to_unit: str) -> bool:
    a, b = UNITS.get(from_unit), UNITS.get(to_unit)
    return a is not None and b is not None and a.dimension == b.dimension


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between units of one dimension; ValueError otherwise."""
    if from_unit == to_unit:
        return value
    a, b = UNITS.get(from_unit), UNITS.get(to_unit)
    if a is None or b is None or a.dimension != b.dimension:
        raise ValueError(f"cannot convert {from_unit!r} to {to_unit!r}")
    return value.scaleb(a.exponent - b.exponent)


def fraction_to_percent(value: Decimal) -> Decimal:
    return value.scaleb(2)


def percent_to_fraction(value: Decimal) -> Decimal:
    return value.scaleb(-2)


def plain(value: Decimal) -> str:
    """A Decimal as plain positional text, without exponent and without trailing zeros."""
    if value.is_zero():
        return "0"
    text = format(value.normalize(), "f")
    return text


def fixed(value: Decimal, places: int) -> str:
    """A Decimal shown with exactly `places` decimals (half-up), as on the printed form."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return format(rounded, "f") if not rounded.is_zero() else format(abs(rounded), "f")
