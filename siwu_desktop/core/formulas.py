"""The formulas of DOMAIN.md, on Decimals, each in one function with its units in its name.

Rates are returned as fractions (0.184, not 18.4): the caller converts to a percent
field with `units.fraction_to_percent`, so percent and fraction never mix inside a
formula. A zero or missing denominator raises `FormulaUndefined`; the derivation
layer turns that into "not computed" rather than a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from msgspec import Struct


class FormulaUndefined(ValueError):
    """The formula has no value for these inputs (e.g. a zero denominator)."""


def _div(numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator.is_zero():
        raise FormulaUndefined("zero denominator")
    return numerator / denominator


def total(parts: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the parts that are filled in; None when none is."""
    result: Decimal | None = None
    for part in parts:
        if part is not None:
            result = part if result is None else result + part
    return result


# --- water use per value produced -----------------------------------------------------------


def intensity_m3_per_wan_yuan(water_wan_m3: Decimal, value_yi_yuan: Decimal) -> Decimal:
    """万元GDP用水量 (or 万元工业增加值用水量) in m³/万元.

    water [万m³] × 10⁴ m³ / (value [亿元] × 10⁴ 万元) = water / value: the powers cancel.
    """
    return _div(water_wan_m3, value_yi_yuan)


def comparable_intensity(
    water_t: Decimal, value_base_yi_yuan: Decimal, index_t: Decimal
) -> Decimal:
    """This year's intensity at the base year's prices: W_t / (GDP_0 × I_t), I_t a ratio (1.25)."""
    return _div(water_t, value_base_yi_yuan * index_t)


def intensity_decline(water_base: Decimal, water_t: Decimal, index_t: Decimal) -> Decimal:
    """Decline of the intensity at comparable prices, as a fraction: 1 − (W_t / W_0) / I_t.

    I_t is the real (comparable-price) index of GDP or industrial value added from
    the base year, as a ratio (base year = 1). Current-price value never enters.
    """
    return 1 - _div(_div(water_t, water_base), index_t)


# --- shares ----------------------------------------------------------------------------------


def share(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole as a fraction (再生水利用率, 节水器具普及率, 灌溉水有效利用系数)."""
    return _div(part, whole)


def reuse_rate(reused: Decimal, fresh: Decimal) -> Decimal:
    """规模以上工业用水重复利用率 = reused / (reused + fresh intake), a fraction below 1."""
    return _div(reused, reused + fresh)


# --- CJJ 92-2016 (2018 revision): 城镇供水管网漏损率 -----------------------------------------------

R2_LIMIT = Decimal("0.03")
FROST_CORRECTION = Decimal("0.01")
# (average outlet pressure above, MPa; correction as a fraction), highest first.
PRESSURE_CORRECTIONS = (
    (Decimal("0.75"), Decimal("0.02")),
    (Decimal("0.55"), Decimal("0.01")),
    (Decimal("0.35"), Decimal("0.005")),
)


class Leakage(Struct, frozen=True):
    """All parts as fractions of the volume supplied (0.0925, shown as 9.25%)."""

    comprehensive: Decimal  # R_WL 综合漏损率
    r1: Decimal  # household metering
    r2: Decimal  # length of mains per volume supplied
    r3: Decimal  # outlet pressure
    r4: Decimal  # frost depth
    reported: Decimal  # R_BL 漏损率 = R_WL − (R1 + R2 + R3 + R4)


def leakage(
    supplied: Decimal,
    billed: Decimal,
    household_metered_share: Decimal,
    main_km_per_wan_m3: Decimal,
    outlet_pressure_mpa: Decimal,
    frost_deeper_than_1_4_m: bool = False,
) -> Leakage:
    """漏损率 per CJJ 92-2016 §5.

    supplied Q_s and billed (注册用户用水量) Q_a in one volume unit;
    household_metered_share r as a fraction (居民抄表到户水量占总供水量比例);
    main_km_per_wan_m3 A = km of DN75+ mains per 万m³ supplied.
    R1 = 0.08·r; R2 = 0.99·(A − 0.0693) clipped to ±3%; R3 = 0.5%/1%/2% for an
    average outlet pressure above 0.35/0.55/0.75 MPa; R4 = 1% where frost goes
    deeper than 1.4 m (not so in the four cities).
    """
    comprehensive = _div(supplied - billed, supplied)
    r1 = Decimal("0.08") * household_metered_share
    r2 = Decimal("0.99") * (main_km_per_wan_m3 - Decimal("0.0693"))
    r2 = max(-R2_LIMIT, min(R2_LIMIT, r2))
    r3 = Decimal(0)
    for above, correction in PRESSURE_CORRECTIONS:
        if outlet_pressure_mpa > above:
            r3 = correction
            break
    r4 = FROST_CORRECTION if frost_deeper_than_1_4_m else Decimal(0)
    reported = comprehensive - (r1 + r2 + r3 + r4)
    return Leakage(comprehensive, r1, r2, r3, r4, reported)


# --- planned water users (表四) ---------------------------------------------------------------


def over_plan(actual: Decimal, plan: Decimal) -> Decimal:
    """超计划量 = max(0, actual − plan)."""
    return max(Decimal(0), actual - plan)


def over_plan_rate(actual: Decimal, plan: Decimal) -> Decimal:
    """超计划率 as a fraction of the plan (0 when within plan)."""
    return _div(over_plan(actual, plan), plan)


class SurchargeBand(Struct, frozen=True):
    """Over-plan rate in (above, up_to] → multiplier. up_to None: no upper limit.

    Lower bound exclusive, upper bound inclusive: local rules write the bands as
    "超计划 10%（含10%）以下", and in Chinese legal usage "以下/以内" include the
    stated number while "超过" excludes it (民法典 第一千二百五十九条). So an
    over-plan rate of exactly 10% falls in the 5–10% band, and exactly 5% is not
    surcharged.
    """

    above: Decimal  # fraction, exclusive
    up_to: Decimal | None  # fraction, inclusive
    multiplier: int

    def contains(self, rate: Decimal) -> bool:
        return rate > self.above and (self.up_to is None or rate <= self.up_to)


# The documented default (one local rule quoted in DOMAIN.md): 5–10% → 1×, 10–20% → 2×,
# 20–30% → 3×, over 30% → 5×; up to 5% is tolerated. Cities may configure their own.
DEFAULT_SURCHARGE_BANDS: tuple[SurchargeBand, ...] = (
    SurchargeBand(Decimal("0.05"), Decimal("0.10"), 1),
    SurchargeBand(Decimal("0.10"), Decimal("0.20"), 2),
    SurchargeBand(Decimal("0.20"), Decimal("0.30"), 3),
    SurchargeBand(Decimal("0.30"), None, 5),
)


def surcharge_multiplier(
    rate: Decimal, bands: Sequence[SurchargeBand] = DEFAULT_SURCHARGE_BANDS
) -> int:
    """The 累进加价 multiplier for an over-plan rate (fraction); 0 = no surcharge."""
    for band in bands:
        if band.contains(rate):
            return band.multiplier
    return 0


# --- 统一社会信用代码 (GB 32100-2015) ----------------------------------------------------------------

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}


def uscc_check_char(first17: str) -> str:
    """The 18th character: C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0."""
    if len(first17) != 17:
        raise ValueError("need the first 17 characters")
    total_ = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    check = 31 - total_ % 31
    return USCC_CHARSET[0 if check == 31 else check]


def uscc_valid(code: str) -> bool:
    return (
        len(code) == 18
        and all(ch in _USCC_VALUE for ch in code)
        and uscc_check_char(code[:17]) == code[17]
    )
