"""Consolidation: 长治市's 12 counties × 3 years against hand-computed city figures.

The generated city: eleven small counties alike and one large one (沁源县) unlike
them, so that an average of county rates differs from the rate of the city.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siwu_desktop.core import messages as msg
from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.consolidation import CityStatistics, consolidate
from siwu_desktop.core.derive import derive_all
from siwu_desktop.core.forms import INPUT, NUMBER, build_form, index_weight
from siwu_desktop.core.returns import ReturnData, enter, new_return
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.terms import Basis, Verdict

CITY = "长治市"
COUNTIES = (
    "潞州区",
    "上党区",
    "屯留区",
    "潞城区",
    "襄垣县",
    "平顺县",
    "黎城县",
    "壶关县",
    "长子县",
    "武乡县",
    "沁县",
    "沁源县",
)
BIG = "沁源县"
YEARS = (2023, 2024, 2025)

# Eleven small counties (万m³, 亿元, %, 指数 with 2020 = 100):
SMALL = {
    "total_use": "1000",
    "total_use_b2020": "1000",
    "gdp_index_b2020": "125",
    "gdp_b2020": "100",
    "supply_total": "1000",
    "billed_use": "900",
    "household_metered_share": "40",
    "main_density": "0.08",
    "outlet_pressure": "0.30",
    "irrigation_net": "600",
    "irrigation_gross": "1000",
    "reclaimed_use": "300",
    "sewage_treated": "1000",
}
# ... and one large county.
LARGE = {
    "total_use": "12000",
    "total_use_b2020": "10000",
    "gdp_index_b2020": "110",
    "gdp_b2020": "900",
    "supply_total": "10000",
    "billed_use": "8000",
    "household_metered_share": "60",
    "main_density": "0.08",
    "outlet_pressure": "0.30",
    "irrigation_net": "2000",
    "irrigation_gross": "5000",
    "reclaimed_use": "1000",
    "sewage_treated": "10000",
}


@pytest.fixture(scope="module")
def catalog() -> TargetCatalog:
    return default_catalog()


def county_t1(catalog: TargetCatalog, county: str, year: int, **override: str) -> ReturnData:
    """A sample 表一 with the test's figures; `total_use` grows by 100 a year before 2025."""
    form = build_form(catalog, CITY, "t1", year=year)
    ret = sample_return(form, county, year)
    figures = dict(LARGE if county == BIG else SMALL)
    figures["total_use"] = str(int(figures["total_use"]) - 100 * (2025 - year))
    figures.update(override)
    for field_id, text in figures.items():
        if text == "":
            ret.values.pop(field_id, None)
        else:
            enter(ret, form, field_id, text)
    return ret


def city_returns(
    catalog: TargetCatalog, year: int, leave_out: tuple[str, ...] = ()
) -> dict[str, ReturnData]:
    return {c: county_t1(catalog, c, year) for c in COUNTIES if c not in leave_out}


def mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def test_quantities_are_summed(catalog: TargetCatalog) -> None:
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025))
    assert result.reported == COUNTIES and result.missing == ()
    # 11 × 1000 + 12000 = 23000 万m³
    assert result.value("total_use") == Decimal(23000)
    # 11 × 1000 + 10000 = 21000 (Qs); 11 × 900 + 8000 = 17900 (Qa)
    assert result.value("supply_total") == Decimal(21000)
    assert result.value("billed_use") == Decimal(17900)
    # 2020 base: 11 × 1000 + 10000 = 21000; base-year GDP 11 × 100 + 900 = 2000 亿元
    assert result.value("total_use_b2020") == Decimal(21000)
    assert result.value("gdp_b2020") == Decimal(2000)
    # earlier years: total_use − 100 a year: 2023 → 11 × 800 + 11800 = 20600
    assert consolidate(catalog, CITY, 2023, city_returns(catalog, 2023)).value(
        "total_use"
    ) == Decimal(20600)


def test_leakage_is_recomputed_from_summed_volumes_not_averaged(catalog: TargetCatalog) -> None:
    returns = city_returns(catalog, 2025)
    result = consolidate(catalog, CITY, 2025, returns)
    # A county: R_WL = (Qs − Qa)/Qs; R1 = 0.08 r; R2 = 0.99 (A − 0.0693) = 0.010593; R3 = 0
    #   small: 0.1 − 0.032 − 0.010593 = 0.057407 → 5.7407 %
    #   沁源县: 0.2 − 0.048 − 0.010593 = 0.141407 → 14.1407 %
    county = result.county_values
    assert county["潞州区"]["leakage_rate"] == Decimal("5.740700")
    assert county[BIG]["leakage_rate"] == Decimal("14.140700")
    # The city: R_WL = (21000 − 17900)/21000 = 3100/21000;
    #   r = Σ(r·Qs)/ΣQs = (11 × 1000 × 40 + 10000 × 60)/21000 = 1040000/21000 %,
    #   R1 = 0.08 × 1040000/2100000 = 832/21000; R_WL − R1 = 2268/21000 = 0.108;
    #   A = 0.08 (Qs-weighted, all equal) → R2 = 0.010593; pressure 0.30 → R3 = 0
    #   R_BL = 0.108 − 0.010593 = 0.097407 → 9.7407 %
    city = result.value("leakage_rate")
    assert city is not None and abs(city - Decimal("9.7407")) < Decimal("1e-20")
    # the mean of the county rates: (11 × 5.7407 + 14.1407)/12 = 6.4407 %: wrong
    averaged = mean([county[c]["leakage_rate"] for c in COUNTIES])  # type: ignore[misc]
    assert averaged == Decimal("6.4407")
    assert abs(averaged - city) > 3
    weighted_r = result.value("household_metered_share")
    assert weighted_r is not None
    assert abs(weighted_r - Decimal(1040000) / Decimal(21000)) < Decimal("1e-20")


def test_decline_is_recomputed_at_comparable_prices_not_averaged(catalog: TargetCatalog) -> None:
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025))
    field = "gdp_intensity_decline_b2020"
    # A county: decline = 1 − (W_t/W_0)/I_t
    #   small: 1 − (1000/1000)/1.25 = 0.2 → 20 %
    #   沁源县: 1 − (12000/10000)/1.10 = −0.0909… → −9.09 %
    assert result.county_values["潞州区"][field] == Decimal(20)
    # The city index: I = Σ(GDP_0 × I)/ΣGDP_0 = (11 × 100 × 125 + 900 × 110)/2000
    #   = (137500 + 99000)/2000 = 118.25
    assert result.value("gdp_index_b2020") == Decimal("118.25")
    # The city decline: 1 − (23000/21000)/1.1825 = 1 − 23000/24832.5 = 0.0737944… → 7.38 %
    city = result.value(field)
    assert city is not None
    assert abs(city - Decimal("7.37944226316319339575153531")) < Decimal("1e-20")
    # the mean of county declines: (11 × 20 − 9.0909…)/12 = 17.58 %: wrong (and it would
    # even pass the 10 % target the city misses)
    averaged = mean([result.county_values[c][field] for c in COUNTIES])  # type: ignore[misc]
    assert round(averaged, 2) == Decimal("17.58")
    judged = [j for j in result.judgements if j.field == field]
    assert [j.status for j in judged] == [Verdict.UNMET]
    assert judged[0].basis == Basis.CITY_TARGET and judged[0].value == Decimal("7.38")


def test_ratios_are_recomputed_from_summed_parts(catalog: TargetCatalog) -> None:
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025))
    # irrigation: Σnet/Σgross = (11 × 600 + 2000)/(11 × 1000 + 5000) = 8600/16000 = 0.5375
    assert result.value("irrigation_coefficient") == Decimal("0.5375")
    # (the mean (11 × 0.6 + 0.4)/12 = 0.5833 would pass the 0.58 target: it is not used)
    # reclaimed: Σreclaimed/Σsewage = (3300 + 1000)/21000 = 20.476… %
    reclaimed = result.value("reclaimed_rate")
    assert reclaimed is not None and round(reclaimed, 3) == Decimal("20.476")
    status = {j.field: j.status for j in result.judgements if j.year == 2025}
    assert status["irrigation_coefficient"] == Verdict.UNMET  # 0.5375 < 0.58
    assert status["reclaimed_rate"] == Verdict.UNMET  # 20.48 % < 25 %
    assert status["leakage_rate"] == Verdict.UNMET  # 9.74 % > 9 %
    # quantities are judged at city level: 23000 万m³ ≤ 6.17 亿m³ = 61700 万m³
    total = next(j for j in result.judgements if j.field == "total_use")
    assert total.status == Verdict.MET and total.target_value == Decimal("61700.00")


def test_missing_county_is_missing_not_zero(catalog: TargetCatalog) -> None:
    result = consolidate(catalog, CITY, 2024, city_returns(catalog, 2024, leave_out=("沁县",)))
    assert result.missing == ("沁县",) and not result.complete
    assert "沁县" not in result.county_values
    # 10 small counties × 900 + 沁源县 11900 = 20900: the sum without 沁县, not with a zero
    figure = result.figures["total_use"]
    assert figure.value == Decimal(20900)
    assert figure.counties == tuple(c for c in COUNTIES if c != "沁县")
    assert msg.PARTIAL_LABEL in figure.note(result.missing)
    # rates over the ten + 沁源县 only: Σnet/Σgross = (6000 + 2000)/(10000 + 5000)
    assert result.value("irrigation_coefficient") == Decimal(8000) / Decimal(15000)


def test_no_target_this_year_shows_the_next_milestone(catalog: TargetCatalog) -> None:
    result = consolidate(catalog, CITY, 2024, city_returns(catalog, 2024))
    leakage = [j for j in result.judgements if j.field == "leakage_rate"]
    assert [j.status for j in leakage] == [Verdict.NO_TARGET]
    assert "2025" in leakage[0].reference and "不作判定" in leakage[0].reference


def test_decline_needs_every_countys_base_year_gdp(catalog: TargetCatalog) -> None:
    returns = city_returns(catalog, 2025)
    returns["黎城县"] = county_t1(catalog, "黎城县", 2025, gdp_b2020="")
    result = consolidate(catalog, CITY, 2025, returns)
    figure = result.figures["gdp_intensity_decline_b2020"]
    assert figure.value is None
    assert "黎城县" in figure.reason and "不以县区下降幅度平均代替" in figure.reason
    # the county's own decline is still there, and so are the summed quantities
    assert result.county_values["黎城县"]["gdp_intensity_decline_b2020"] == Decimal(20)
    assert result.value("total_use") == Decimal(23000)
    # the judgement is not "未填报" (the county did fill its decline): 未计算, saying who
    # lacks what
    judged = next(j for j in result.judgements if j.field == figure.id)
    assert judged.status is Verdict.NOT_COMPUTED
    assert "黎城县" in judged.notes[0] and "2020年地区生产总值" in judged.notes[0]


def test_blank_input_leaves_the_county_out_of_that_rate_only(catalog: TargetCatalog) -> None:
    returns = city_returns(catalog, 2025)
    returns["壶关县"] = county_t1(catalog, "壶关县", 2025, billed_use="")
    result = consolidate(catalog, CITY, 2025, returns)
    leakage = result.figures["leakage_rate"]
    assert leakage.excluded == ("壶关县",) and "壶关县" in leakage.note(result.missing)
    # without 壶关县: Qs 20000, Qa 17000; r = (10 × 40000 + 600000)/20000 = 50 %
    # → 0.15 − 0.04 − 0.010593 = 0.099407 → 9.9407 %
    assert result.value("leakage_rate") == Decimal("9.940700")
    assert result.value("supply_total") == Decimal(21000)  # Qs itself was filled in


def test_table_two_is_summed(catalog: TargetCatalog) -> None:
    form = build_form(catalog, CITY, "t2")
    t2 = {c: sample_return(form, c, 2025) for c in COUNTIES[:5]}
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025), t2)
    assert result.t2_reported == COUNTIES[:5] and "沁源县" in result.t2_missing
    assert result.t2_figures["total_use"].value == 5 * Decimal(8000)  # sample: 8000 each


def test_a_return_of_another_year_is_refused(catalog: TargetCatalog) -> None:
    with pytest.raises(ValueError):
        consolidate(catalog, CITY, 2025, {"潞州区": county_t1(catalog, "潞州区", 2024)})
    with pytest.raises(ValueError):
        consolidate(catalog, CITY, 2025, {"小店区": county_t1(catalog, "潞州区", 2025)})


# --- any split of a county adds back up to the county ---------------------------------------

_SHARE = st.integers(min_value=1, max_value=99).map(lambda n: Decimal(n) / 100)
_AMOUNT = st.integers(min_value=1, max_value=10**7).map(lambda n: Decimal(n) / 100)


def _return(catalog: TargetCatalog, county: str, values: Mapping[str, Decimal]) -> ReturnData:
    form = build_form(catalog, CITY, "t1", year=2025)
    ret = new_return(form, county, 2025)
    for field_id, value in values.items():
        enter(ret, form, field_id, format(value, "f"))
    return ret


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_split_of_a_county_adds_up_to_the_county(data: st.DataObject) -> None:
    catalog = default_catalog()
    form = build_form(catalog, CITY, "t1", year=2025)
    whole: dict[str, Decimal] = {}
    part_a: dict[str, Decimal] = {}
    part_b: dict[str, Decimal] = {}
    for f in form.fields:
        if f.kind != INPUT or f.value_type != NUMBER:
            continue
        if f.quantity:
            value = data.draw(_AMOUNT, label=f.id)
            a = (value * data.draw(_SHARE, label=f"{f.id} share")).quantize(Decimal("0.0001"))
            whole[f.id], part_a[f.id], part_b[f.id] = value, a, value - a
        else:  # shares, densities, pressure, indices: the same in both parts
            value = data.draw(st.integers(min_value=1, max_value=99).map(Decimal), label=f.id)
            if f.id == "main_density" or f.id == "outlet_pressure":
                value = value / 100
            whole[f.id] = part_a[f.id] = part_b[f.id] = value
    # billed ≤ supplied, net ≤ gross keep the formulas in their domain (not required)
    assert all(index_weight(i) in whole for i in whole if i.startswith("gdp_index"))
    split = consolidate(
        catalog,
        CITY,
        2025,
        {
            "潞州区": _return(catalog, "潞州区", part_a),
            "上党区": _return(catalog, "上党区", part_b),
        },
        counties=("潞州区", "上党区"),
    )
    expected = derive_all(form, _return(catalog, "潞州区", whole).entered())
    for field_id, figure in split.figures.items():
        want = expected.get(field_id)
        if want is None:
            assert figure.value is None, field_id
        else:
            assert figure.value is not None, field_id
            assert abs(figure.value - want) < Decimal("1e-18"), field_id


# --- honest totals (issue #16 item 2) ------------------------------------------------------


def test_a_total_with_a_county_missing_is_not_judged(catalog: TargetCatalog) -> None:
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025, leave_out=("沁县",)))
    # 10 × 1000 + 12000 = 22000 万m³ ≤ 61700 would read 达标: with 沁县 missing it is not judged
    assert result.value("total_use") == Decimal(22000)
    total = next(j for j in result.judgements if j.field == "total_use")
    assert total.status == Verdict.INCOMPLETE and not total.unmet
    assert total.notes[0] == "不完整（未报：沁县），不作判定"
    # a rate is judged over the eleven that reported, and says so:
    # (10 × 600 + 2000)/(10 × 1000 + 5000) = 8000/15000 = 0.5333 < 0.58
    coefficient = next(
        j for j in result.judgements if j.field == "irrigation_coefficient" and j.year == 2025
    )
    assert coefficient.status == Verdict.UNMET and coefficient.value == Decimal("0.5333")
    assert coefficient.notes[0] == "按报送的11个县区计算（不含：沁县）"


def test_a_county_value_missing_makes_the_total_incomplete_too(catalog: TargetCatalog) -> None:
    returns = city_returns(catalog, 2025)
    returns["壶关县"] = county_t1(catalog, "壶关县", 2025, total_use="")
    result = consolidate(catalog, CITY, 2025, returns)
    assert result.lacking("total_use") == ("壶关县",)
    total = next(j for j in result.judgements if j.field == "total_use")
    assert total.status == Verdict.INCOMPLETE
    assert "壶关县" in total.notes[0] and "不作判定" in total.notes[0]


# --- leakage per CJJ 92 (issue #16 item 3) -------------------------------------------------


def test_leakage_corrections_belong_to_each_county_not_to_the_city_average(
    catalog: TargetCatalog,
) -> None:
    pair = ("潞州区", "上党区")
    low = county_t1(catalog, "潞州区", 2025, supply_total="1000", billed_use="900")
    high = county_t1(
        catalog, "上党区", 2025, supply_total="3000", billed_use="2400", outlet_pressure="0.60"
    )
    result = consolidate(catalog, CITY, 2025, {"潞州区": low, "上党区": high}, counties=pair)
    # 潞州区: R_WL 0.1 − R1 0.032 − R2 0.010593 − R3 0 = 5.7407 %
    # 上党区: R_WL 0.2 − 0.032 − 0.010593 − R3 0.01 (0.60 MPa > 0.55) = 14.7407 %
    assert result.county_values["上党区"]["leakage_rate"] == Decimal("14.740700")
    # city: (5.7407 × 1000 + 14.7407 × 3000)/4000 = 49962.8/4000 = 12.4907 %
    assert result.value("leakage_rate") == Decimal("12.4907")
    # (the city average pressure 0.525 MPa would earn R3 = 0.5 % for the whole city and
    # give 0.175 − 0.032 − 0.010593 − 0.005 = 12.7407 %: not what CJJ 92 says)
    assert "Σ(R_BL,i×Q_s,i)/ΣQ_s" in result.figures["leakage_rate"].method


# --- the city's own statistics (issue #16 item 5) ------------------------------------------


def test_the_statistics_bureau_index_replaces_the_county_weighted_one(
    catalog: TargetCatalog,
) -> None:
    returns = city_returns(catalog, 2025)
    returns["黎城县"] = county_t1(catalog, "黎城县", 2025, gdp_b2020="")
    source = "长治市统计局《2025年国民经济和社会发展统计公报》"
    stats = CityStatistics({"gdp_index_b2020": Decimal(120)}, source)
    result = consolidate(catalog, CITY, 2025, returns, statistics=stats)
    # 1 − (23000/21000)/1.20 = 1 − 23000/25200 = 2200/25200 = 8.7301587… %
    decline = result.value("gdp_intensity_decline_b2020")
    assert decline is not None and round(decline, 6) == Decimal("8.730159")
    assert result.figures["gdp_index_b2020"].official
    notes = result.statistics_notes()
    assert any(source in n and "地区生产总值指数" in n for n in notes)
    # the industrial index was not entered: said to be county-weighted
    assert any("工业增加值指数" in n and "县区数据加权" in n for n in notes)


def test_official_gdp_is_used_only_for_the_whole_city(catalog: TargetCatalog) -> None:
    pair = ("东昌府区", "茌平区")
    form = build_form(catalog, "聊城市", "t1", year=2025)

    def t1(county: str, water: str, gdp: str) -> ReturnData:
        ret = new_return(form, county, 2025)
        enter(ret, form, "total_use", water)
        enter(ret, form, "gdp", gdp)
        return ret

    both = {"东昌府区": t1("东昌府区", "1000", "100"), "茌平区": t1("茌平区", "3000", "200")}
    stats = CityStatistics({"gdp": Decimal(500)}, "聊城市统计局")
    whole = consolidate(catalog, "聊城市", 2025, both, counties=pair, statistics=stats)
    # (1000 + 3000) 万m³ / 500 亿元 = 4e7 m³ / 5e6 万元 = 8 m³/万元 (not 4000/300 = 13.33)
    assert whole.value("gdp_intensity") == Decimal(8)
    one = {"东昌府区": both["东昌府区"]}
    partial = consolidate(catalog, "聊城市", 2025, one, counties=pair, statistics=stats)
    # 茌平区 missing: its water is not in the sum, so the city's GDP is not used:
    # 1000 万m³ / 100 亿元 = 10 m³/万元 (not 1000/500 = 2)
    figure = partial.figures["gdp_intensity"]
    assert figure.value == Decimal(10) and "未采用全市统计数据" in figure.reason


def test_a_county_without_the_base_year_gdp_is_told(catalog: TargetCatalog) -> None:
    from siwu_desktop.core.validation import ValidationContext, validate

    ret = county_t1(catalog, "黎城县", 2025, gdp_b2020="")
    findings = validate(ret, ValidationContext(catalog))
    told = [f for f in findings if f.rule == "D14"]
    # the county's own decline needs no base-year GDP; the city's does: a notice, naming it
    assert [f.field for f in told] == ["gdp_b2020"]
    assert told[0].severity.value == "notice" and "2020年地区生产总值" in told[0].message
    filled = validate(county_t1(catalog, "黎城县", 2025), ValidationContext(catalog))
    assert not [f for f in filled if f.rule == "D14"]
