"""The city trend (issue #16 item 6): a year in which counties are missing is marked
部分县区, and a quantity of such a year is never joined into the line as a city total.
阳泉市 (5 counties), each county's 表一 core's sample with city_demo.SMALL; figures by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.city_board import CityTrend, city_trend
from siwu_desktop.services.city_demo import SMALL
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage

CITY = "阳泉市"
#: who reports which year: 2023 城区 alone, 2024 all five, 2025 all but 郊区
REPORTING = {
    2023: ("城区",),
    2024: ("城区", "矿区", "郊区", "平定县", "盂县"),
    2025: ("城区", "矿区", "平定县", "盂县"),
}


def _trends(root: Path) -> tuple[CityTrend, CityTrend]:
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    assert sorted(c.name for c in counties) == sorted(REPORTING[2024])
    with open_storage(root / "data", daily_backup=False) as storage:
        storage.profile.save(
            Profile(mode="city", city=CITY, counties=tuple((c.name, c.code) for c in counties))
        )
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        for year, names in REPORTING.items():
            for county in names:
                loaded = svc.load(svc.open(county, "t1", year))
                texts = {
                    f: e.text for f, e in sample_return(loaded.form, county, year).values.items()
                }
                svc.enter_values(loaded, texts | SMALL)
        years = sorted(REPORTING)
        return city_trend(svc, "total_use", years), city_trend(svc, "irrigation_coefficient", years)


@pytest.fixture(scope="module")
def trends(tmp_path_factory: pytest.TempPathFactory) -> tuple[CityTrend, CityTrend]:
    return _trends(tmp_path_factory.mktemp("trend"))


def test_years_with_missing_counties_are_marked_partial(
    trends: tuple[CityTrend, CityTrend],
) -> None:
    total, coefficient = trends
    # 2023: 4 of 5 counties missing; 2025: 郊区 missing; 2024 complete
    assert total.partial == (2023, 2025)
    assert coefficient.partial == (2023, 2025)


def test_a_partial_quantity_is_never_drawn_as_the_city_total(
    trends: tuple[CityTrend, CityTrend],
) -> None:
    total, _ = trends
    # SMALL's 用水总量 is 1000 万m³ a county: the sums of the reporting counties are
    # 2023 1 × 1000 = 1000, 2024 5 × 1000 = 5000, 2025 4 × 1000 = 4000
    assert total.quantity
    assert total.points == ((2023, Decimal(1000)), (2024, Decimal(5000)), (2025, Decimal(4000)))
    # only the complete year is a city total on the line; 1000 → 5000 is no "rise"
    assert total.drawn() == ((2023, None), (2024, Decimal(5000)), (2025, None))


def test_a_rate_of_a_partial_year_is_drawn_over_the_reporting_counties(
    trends: tuple[CityTrend, CityTrend],
) -> None:
    _, coefficient = trends
    # 农田灌溉水有效利用系数 = Σ净灌溉 / Σ毛灌溉 = (n × 600) / (n × 1000) = 0.6 in every year;
    # a rate over the reporting counties stays on the line (its year marked 部分县区)
    assert not coefficient.quantity
    assert [v for _, v in coefficient.drawn()] == [Decimal("0.6")] * 3
