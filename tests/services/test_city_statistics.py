"""The city's own statistics-bureau figures, stored (issue #16 item 5): entered once per year
through `services.city.set_city_statistics`, used by every consolidation of the year
instead of the county-weighted figure; a table given to one run still wins for that run.
聊城市 with two counties (东昌府区, 茌平区), only 用水总量 and GDP entered; figures by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.consolidation import CityStatistics
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.city import (
    StatisticsError,
    city_picture,
    city_statistics,
    set_city_statistics,
    statistics_from_texts,
)
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage
from tests.profiles import YU_COUNTY

CITY, PAIR = "聊城市", ("东昌府区", "茌平区")
SOURCE = "聊城市统计局《2025年聊城市国民经济和社会发展统计公报》"


@pytest.fixture
def city(tmp_path: Path) -> Iterator[ReturnService]:
    catalog = default_catalog()
    codes = {c.name: c.code for c in catalog.counties_for(CITY)}
    with open_storage(tmp_path / "data", daily_backup=False) as storage:
        storage.profile.save(
            Profile(mode="city", city=CITY, counties=tuple((n, codes[n]) for n in PAIR))
        )
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        for county, water, gdp in (("东昌府区", "1000", "100"), ("茌平区", "3000", "200")):
            svc.enter_values(
                svc.load(svc.open(county, "t1", 2025)), {"total_use": water, "gdp": gdp}
            )
        yield svc


def _intensity(svc: ReturnService, statistics: CityStatistics | None = None) -> Decimal | None:
    return city_picture(svc, 2025, statistics=statistics).consolidation.value("gdp_intensity")


def test_a_stored_city_gdp_replaces_the_county_sum(city: ReturnService) -> None:
    # county-weighted: (1000 + 3000) 万m³ / (100 + 200) 亿元 = 4e7 m³ / 3e6 万元 = 13.33 m³/万元
    before = _intensity(city)
    assert before is not None and round(before, 2) == Decimal("13.33")
    changes = set_city_statistics(city, 2025, {"gdp": Decimal(500)}, SOURCE)
    assert changes == Changes(statistics=frozenset({2025}))
    assert city_statistics(city, 2025) == CityStatistics({"gdp": Decimal(500)}, SOURCE)
    # the city's own GDP: 4e7 m³ / 500 亿元 (5e6 万元) = 8 m³/万元
    assert _intensity(city) == Decimal(8)
    result = city_picture(city, 2025).consolidation
    assert result.figures["gdp"].official
    assert any(SOURCE in n and "地区生产总值" in n for n in result.statistics_notes())
    # another year has none: still county-weighted there
    assert city_statistics(city, 2024) is None


def test_a_table_given_to_one_run_wins_and_is_not_stored(city: ReturnService) -> None:
    set_city_statistics(city, 2025, {"gdp": Decimal(500)}, SOURCE)
    # the run's own table: 4e7 m³ / 400 亿元 (4e6 万元) = 10 m³/万元
    assert _intensity(city, CityStatistics({"gdp": Decimal(400)}, "临时表")) == Decimal(10)
    assert city_statistics(city, 2025) == CityStatistics({"gdp": Decimal(500)}, SOURCE)


def test_the_same_again_changes_nothing_and_blank_removes(city: ReturnService) -> None:
    set_city_statistics(city, 2025, {"gdp": Decimal(500)}, SOURCE)
    assert set_city_statistics(city, 2025, {"gdp": Decimal("500")}, SOURCE) == NONE
    assert set_city_statistics(city, 2025, {}, "") == Changes(statistics=frozenset({2025}))
    assert city_statistics(city, 2025) is None
    # back to the counties: 13.33 m³/万元 as above
    value = _intensity(city)
    assert value is not None and round(value, 2) == Decimal("13.33")
    kinds = [
        r[0]
        for r in city.storage.session.db.execute(
            "SELECT kind FROM audit WHERE kind = 'city_statistics'"
        ).fetchall()
    ]
    assert len(kinds) == 2  # set, removed (the unchanged save wrote nothing)


def test_bad_figures_are_refused_in_chinese(city: ReturnService) -> None:
    with pytest.raises(StatisticsError, match="“population”不是可采用市统计数据的项目"):
        set_city_statistics(city, 2025, {"population": Decimal(1)}, SOURCE)
    with pytest.raises(StatisticsError, match="没有写来源"):
        set_city_statistics(city, 2025, {"gdp": Decimal(500)}, " ")
    with pytest.raises(
        StatisticsError, match="地区生产总值（当年价）“五百”无法识别：请用阿拉伯数字"
    ):
        statistics_from_texts(city, 2025, {"gdp": "五百"}, SOURCE)
    # typed like any entry: a thousands separator; a blank item is not given
    read = statistics_from_texts(city, 2025, {"gdp": "1,500", "gdp_index_b2020": " "}, SOURCE)
    assert read == CityStatistics({"gdp": Decimal(1500)}, SOURCE)
    assert city_statistics(city, 2025) is None


def test_county_mode_is_refused(tmp_path: Path) -> None:
    with open_storage(tmp_path / "county", daily_backup=False) as storage:
        storage.profile.save(YU_COUNTY)
        svc = ReturnService(storage, default_catalog())
        with pytest.raises(StatisticsError, match="只能在市级模式下录入"):
            set_city_statistics(svc, 2025, {"gdp": Decimal(500)}, SOURCE)
