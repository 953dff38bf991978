"""The city's flags: ±30 % against a county's own last year, median ± 3 × MAD across
counties, and the city's 同比 (issue #16 item 4). Figures worked out by hand below."""

from __future__ import annotations

from decimal import Decimal

import pytest

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.city_checks import CheckRule, city_changes, county_flags
from siwu_desktop.core.consolidation import consolidate
from tests.core.test_consolidation import CITY, COUNTIES, city_returns, county_t1

TENFOLD = "潞城区"


@pytest.fixture(scope="module")
def catalog() -> TargetCatalog:
    return default_catalog()


def test_a_county_ten_times_its_last_year_is_flagged(catalog: TargetCatalog) -> None:
    last = consolidate(catalog, CITY, 2024, city_returns(catalog, 2024))
    returns = city_returns(catalog, 2025)
    returns[TENFOLD] = county_t1(catalog, TENFOLD, 2025, total_use="10000")
    now = consolidate(catalog, CITY, 2025, returns)
    flags = [f for f in county_flags(now, last) if f.field == "total_use"]
    # 潞城区: 900 → 10000 万m³ = +9100/900 = +1011.1 %; the others 900 → 1000 = +11.1 %
    # and 沁源县 11900 → 12000 = +0.8 %: within ±30 %
    assert [(f.county, f.rule) for f in flags] == [(TENFOLD, CheckRule.YEAR_ON_YEAR)]
    assert flags[0].reference == Decimal(900) and "+1011.1%" in flags[0].text
    assert flags[0].shown.startswith("异常，需核实")


def test_a_county_far_outside_its_peers_is_flagged(catalog: TargetCatalog) -> None:
    returns = {}
    for n, county in enumerate(COUNTIES[:-1]):
        returns[county] = county_t1(catalog, county, 2025, irrigation_net=str(560 + 10 * n))
    returns["沁源县"] = county_t1(catalog, "沁源县", 2025)
    result = consolidate(catalog, CITY, 2025, returns)
    # coefficients 0.56, 0.57 … 0.66 and 沁源县 2000/5000 = 0.40:
    #   median (0.60 + 0.61)/2 = 0.605; |deviations| sorted 0.005 0.005 0.015 0.015 0.025
    #   0.025 0.035 0.035 0.045 0.045 0.055 0.205 → MAD (0.025 + 0.035)/2 = 0.03;
    #   0.605 ± 0.09 = 0.515 … 0.695: only 0.40 is outside.
    # (leakage, decline, reclaimed rate: eleven equal counties → MAD 0 → no flag)
    flags = [f for f in county_flags(result) if f.rule is CheckRule.PEERS]
    assert [(f.county, f.field) for f in flags] == [("沁源县", "irrigation_coefficient")]
    assert flags[0].reference == Decimal("0.605")
    assert "中位数0.6050±3×MAD（0.5150～0.6950）" in flags[0].text


def test_city_year_on_year_only_compares_like_with_like(catalog: TargetCatalog) -> None:
    now = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025))
    last = consolidate(catalog, CITY, 2024, city_returns(catalog, 2024))
    changes = city_changes(now, last)
    # 2024: 11 × 900 + 11900 = 21800; 2025: 23000 → +1200/21800 = +5.5046 %
    total = changes["total_use"]
    assert total.last == Decimal(21800)
    assert total.percent is not None and round(total.percent, 4) == Decimal("5.5046")
    partial = consolidate(catalog, CITY, 2024, city_returns(catalog, 2024, leave_out=("沁县",)))
    total = city_changes(now, partial)["total_use"]
    assert total.percent is None and total.note == "部分县区"
    # no last year at all
    assert city_changes(now, None)["total_use"].note == "上年无数据"
    # no county has filed this year yet: not "部分县区" (none of twelve is no part)
    nothing = consolidate(catalog, CITY, 2026, {})
    for field_id in ("total_use", "leakage_rate"):
        change = city_changes(nothing, now)[field_id]
        assert change.note == "本年无数据" and change.percent is None, field_id
