"""Unit conversion: exact powers of ten, never across dimensions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from siwu_desktop.core import units


def test_yi_to_wan_cubic_metres_is_exact() -> None:
    # 1 亿m³ = 10^8 m³ = 10^4 × 10^4 m³ = 10000 万m³
    assert units.convert(Decimal("6.17"), units.YI_M3, units.WAN_M3) == Decimal("61700")
    assert units.plain(units.convert(Decimal("6.17"), units.YI_M3, units.WAN_M3)) == "61700"
    assert units.convert(Decimal("0.1"), units.YI_M3, units.M3) == Decimal("10000000")
    # a value float cannot hold exactly stays exact
    assert units.convert(Decimal("0.3"), units.WAN_M3, units.YI_M3) == Decimal("0.00003")


def test_percent_and_fraction() -> None:
    assert units.convert(Decimal("58"), units.PERCENT, units.RATIO) == Decimal("0.58")
    assert units.fraction_to_percent(Decimal("0.184")) == Decimal("18.4")
    assert units.percent_to_fraction(Decimal("9")) == Decimal("0.09")


def test_no_conversion_across_dimensions() -> None:
    assert not units.convertible(units.MU, units.WAN_M3)
    with pytest.raises(ValueError):
        units.convert(Decimal(1), units.KM2, units.WAN_MU)


def test_aliases_and_display() -> None:
    assert units.canonical_unit("亿m3") == units.YI_M3
    assert units.canonical_unit("万方") == units.WAN_M3
    assert units.canonical_unit("KM2") == units.KM2
    assert units.canonical_unit("斤") is None
    assert units.fixed(Decimal("40.8"), 2) == "40.80"
    assert units.fixed(Decimal("0.125"), 2) == "0.13"  # half-up, as on paper
    assert units.fixed(Decimal("-0.001"), 2) == "0.00"
    assert units.plain(Decimal("1.50")) == "1.5"
    assert units.form_unit_for_target("亿立方米", False) == units.WAN_M3
    assert units.form_unit_for_target("立方米", True) == units.M3_PER_WAN_YUAN
