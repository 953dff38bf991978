"""Every formula against a hand-worked example (the working is in the comments)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from siwu_desktop.core import formulas as fx
from siwu_desktop.core import units


def test_total_skips_blanks() -> None:
    assert fx.total([D("1.5"), None, D("2")]) == D("3.5")
    assert fx.total([None, None]) is None


def test_gdp_intensity_and_comparable_decline_domain_example() -> None:
    # DOMAIN.md: W0 = 10000 万m³, GDP0 = 200 亿元 → 10000 / 200 = 50 m³/万元
    #   (10000 万m³ = 10^8 m³; 200 亿元 = 2×10^6 万元; 10^8 / 2×10^6 = 50)
    assert fx.intensity_m3_per_wan_yuan(D(10000), D(200)) == D(50)
    # Wt = 10200 万m³, It = 1.25 (real GDP index from the base year):
    #   comparable intensity = 10200 / (200 × 1.25) = 10200 / 250 = 40.8 m³/万元
    assert fx.comparable_intensity(D(10200), D(200), D("1.25")) == D("40.8")
    #   decline = 1 − (10200 / 10000) / 1.25 = 1 − 1.02 / 1.25 = 1 − 0.816 = 0.184 = 18.4%
    decline = fx.intensity_decline(D(10000), D(10200), D("1.25"))
    assert decline == D("0.184")
    assert units.fraction_to_percent(decline) == D("18.4")
    # same as 1 − 40.8 / 50 = 1 − 0.816: the decline compares comparable-price intensities
    assert 1 - D("40.8") / D(50) == decline


def test_industrial_intensity_decline() -> None:
    # 工业用水量 1700 → 1500 万m³, 工业增加值指数 1.20:
    #   decline = 1 − (1500/1700)/1.20 = 1 − 0.882352…/1.2 = 1 − 0.735294… = 0.264705…
    decline = fx.intensity_decline(D(1700), D(1500), D("1.20"))
    assert units.fixed(units.fraction_to_percent(decline), 2) == "26.47"
    # 万元工业增加值用水量 = 1500 万m³ / 100 亿元 = 15 m³/万元
    assert fx.intensity_m3_per_wan_yuan(D(1500), D(100)) == D(15)


def test_zero_denominator_is_undefined() -> None:
    with pytest.raises(fx.FormulaUndefined):
        fx.intensity_m3_per_wan_yuan(D(1), D(0))
    with pytest.raises(fx.FormulaUndefined):
        fx.reuse_rate(D(0), D(0))


def test_shares() -> None:
    # 灌溉水有效利用系数 = 1800 / 3000 = 0.6
    assert fx.share(D(1800), D(3000)) == D("0.6")
    # 再生水利用率 = 600 / 2000 = 0.3 → 30%
    assert units.fraction_to_percent(fx.share(D(600), D(2000))) == D(30)
    # 重复利用率 = 9000 / (9000 + 1000) = 0.9 → 90%, strictly below 100% while fresh > 0
    assert fx.reuse_rate(D(9000), D(1000)) == D("0.9")


def test_leakage_cjj_92_2016_hand_worked() -> None:
    # Qs = 1000 万m³ supplied, Qa = 850 万m³ billed:
    #   R_WL = (1000 − 850) / 1000 = 0.15
    # r = 0.40 (40% metered household by household): R1 = 0.08 × 0.40 = 0.032
    # A = 0.09 km/万m³: R2 = 0.99 × (0.09 − 0.0693) = 0.99 × 0.0207 = 0.020493 (within ±0.03)
    # outlet pressure 0.40 MPa (> 0.35, ≤ 0.55): R3 = 0.005
    # frost not deeper than 1.4 m: R4 = 0
    # R_BL = 0.15 − (0.032 + 0.020493 + 0.005 + 0) = 0.15 − 0.057493 = 0.092507 → 9.2507%
    result = fx.leakage(D(1000), D(850), D("0.40"), D("0.09"), D("0.40"))
    assert result.comprehensive == D("0.15")
    assert result.r1 == D("0.032")
    assert result.r2 == D("0.020493")
    assert result.r3 == D("0.005")
    assert result.r4 == 0
    assert result.reported == D("0.092507")
    assert units.fraction_to_percent(result.reported) == D("9.2507")


def test_leakage_corrections_clip_and_step() -> None:
    # A = 0.2: 0.99 × (0.2 − 0.0693) = 0.129393 → clipped to +0.03
    assert fx.leakage(D(100), D(80), D(0), D("0.2"), D("0.3")).r2 == D("0.03")
    # A = 0.02: 0.99 × (0.02 − 0.0693) = −0.048807 → clipped to −0.03
    assert fx.leakage(D(100), D(80), D(0), D("0.02"), D("0.3")).r2 == D("-0.03")
    # pressure steps: ≤0.35 → 0; (0.35, 0.55] → 0.5%; (0.55, 0.75] → 1%; >0.75 → 2%
    steps = {
        "0.35": "0",
        "0.36": "0.005",
        "0.55": "0.005",
        "0.56": "0.01",
        "0.75": "0.01",
        "0.80": "0.02",
    }
    for pressure, r3 in steps.items():
        assert fx.leakage(D(100), D(80), D(0), D("0.0693"), D(pressure)).r3 == D(r3), pressure
    # frost deeper than 1.4 m: R4 = 1%; with A = 0.0693 R2 = 0: R_BL = 0.2 − 0.01 = 0.19
    assert fx.leakage(D(100), D(80), D(0), D("0.0693"), D("0.3"), True).reported == D("0.19")


def test_over_plan() -> None:
    # plan 40, actual 46: over = 6, rate = 6/40 = 0.15 → band (10%, 20%] → 2×
    assert fx.over_plan(D(46), D(40)) == D(6)
    assert fx.over_plan_rate(D(46), D(40)) == D("0.15")
    assert fx.surcharge_multiplier(D("0.15")) == 2
    # within plan: max(0, 38 − 40) = 0
    assert fx.over_plan(D(38), D(40)) == 0
    assert fx.over_plan_rate(D(38), D(40)) == 0


@pytest.mark.parametrize(
    ("rate", "multiplier"),
    [
        ("0", 0),
        ("0.05", 0),  # exactly 5%: within the tolerated 5% ("5%以下（含5%）")
        ("0.0501", 1),
        ("0.10", 1),  # upper bound inclusive: exactly 10% is still the first band
        ("0.1001", 2),
        ("0.20", 2),
        ("0.25", 3),
        ("0.30", 3),
        ("0.3001", 5),
        ("2", 5),
    ],
)
def test_default_surcharge_bands_boundaries(rate: str, multiplier: int) -> None:
    assert fx.surcharge_multiplier(D(rate)) == multiplier


def test_configured_bands() -> None:
    bands = (fx.SurchargeBand(D(0), D("0.2"), 2), fx.SurchargeBand(D("0.2"), None, 3))
    assert fx.surcharge_multiplier(D("0.01"), bands) == 2
    assert fx.surcharge_multiplier(D("0.21"), bands) == 3


def test_uscc_check_digit_by_hand() -> None:
    # 华为技术有限公司 914403001922038216 (published on its business licence):
    #   chars   9  1  4   4  0  3  0  0  1   9  2  2  0  3  8  2  1
    #   weights 1  3  9  27 19 26 16 17 20  29 25 13  8 24 10 30 28
    #   products 9 3 36 108  0 78  0  0 20 261 50 26  0 72 80 60 28 → sum 831
    #   831 mod 31 = 831 − 26×31 = 25; 31 − 25 = 6 → check character "6"
    assert fx.uscc_check_char("91440300192203821") == "6"
    # 深圳市腾讯计算机系统有限公司 91440300708461136T:
    #   chars 9 1 4 4 0 3 0 0 7 0 8 4 6 1 1 3 6 → products 9 3 36 108 0 78 0 0 140 0 200 52 48 24 10 90 168
    #   sum 966; 966 mod 31 = 966 − 31×31 = 5; 31 − 5 = 26 → charset[26] = "T"
    #   (0-9 are 0..9, then A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26)
    assert fx.uscc_check_char("91440300708461136") == "T"
    for code in (
        "914403001922038216",
        "91440300708461136T",
        "91110108551385082Q",
        "91330100716105852F",
    ):
        assert fx.uscc_valid(code), code


def test_uscc_invalid() -> None:
    assert not fx.uscc_valid("914403001922038217")  # wrong check digit
    assert not fx.uscc_valid("91440300192203821")  # 17 characters
    assert not fx.uscc_valid("9144030019220382I6")  # I is not in the charset
    # a sum divisible by 31 gives 31 − 0 = 31, written as "0"
    body = next(
        b for b in (f"9114040000000{n:04d}" for n in range(10000)) if fx.uscc_check_char(b) == "0"
    )
    weighted = sum(fx.USCC_CHARSET.index(c) * w for c, w in zip(body, fx.USCC_WEIGHTS, strict=True))
    assert weighted % 31 == 0
    assert fx.uscc_valid(body + "0")
