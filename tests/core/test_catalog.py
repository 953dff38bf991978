"""The embedded catalog: facts checked by hand against the source documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from siwu_desktop.core.catalog import Target, TargetCatalog, default_catalog
from siwu_desktop.core.indicators import INDICATORS, Kind
from siwu_desktop.core.terms import Attribute


@pytest.fixture(scope="module")
def catalog() -> TargetCatalog:
    return default_catalog()


def find(
    catalog: TargetCatalog, city: str, key: str, year: int | None, scope: str = "全市"
) -> Target:
    matches = [
        t
        for t in catalog.targets_for(city)
        if t.key == key and t.year == year and t.scope == scope and not t.county
    ]
    assert len(matches) == 1, (city, key, year, scope, matches)
    return matches[0]


def test_four_cities_five_documents(catalog: TargetCatalog) -> None:
    assert set(catalog.cities) == {"太原市", "阳泉市", "长治市", "聊城市"}
    assert sorted(d.source_file for d in catalog.documents) == [
        "000_2884364bc21733c1.txt",
        "001_a2f15fbdd31b2110.txt",
        "002_34df427a2118e664.txt",
        "003_6a7b9213a3320b5e.txt",
        "004_57549126a3d3da5b.txt",
    ]


def test_counties_and_codes_match_the_domain_table(catalog: TargetCatalog) -> None:
    assert len(catalog.counties_for("太原市")) == 10
    assert len(catalog.counties_for("阳泉市")) == 5
    assert len(catalog.counties_for("长治市")) == 12
    assert len(catalog.counties_for("聊城市")) == 8
    assert catalog.county("长治市", "沁源县").code == "140431"
    assert catalog.county("聊城市", "临清市").code == "371581"
    assert catalog.city("140300").name == "阳泉市"


def test_every_item_has_a_source_and_quote(catalog: TargetCatalog) -> None:
    for item in [*catalog.targets, *catalog.actuals, *catalog.tasks]:
        assert item.source.strip(), item.id
        assert item.quote.strip(), item.id
        assert item.document.source_file


# Values below were read off the source documents by hand (file and place in the comment).


def test_changzhi_body_text_targets(catalog: TargetCatalog) -> None:
    # 000 一、（二）: 全市年用水总量控制在6.17亿立方米以内 (2025)
    total = find(catalog, "长治市", "total_use", 2025)
    assert (total.value, total.unit, total.bound) == (Decimal("6.17"), "亿立方米", "max")
    # 000 一、（二）: 万元GDP用水量…比2020年分别下降10%和9.5%
    gdp = find(catalog, "长治市", "gdp_intensity_decline", 2025)
    assert (gdp.value, gdp.base_year) == (Decimal("10"), 2020)
    ind = find(catalog, "长治市", "industrial_intensity_decline", 2025)
    assert (ind.value, ind.base_year) == (Decimal("9.5"), 2020)
    # 000 一、（二）: 农田灌溉水有效利用系数提高到0.58
    assert find(catalog, "长治市", "irrigation_coefficient", 2025).value == Decimal("0.58")
    # 000 二、（一）1.: 海河流域地表水取水指标严格控制在每年3.19亿立方米以内 — a cap with no year
    haihe = [t for t in catalog.targets_for("长治市") if t.value == Decimal("3.19")]
    assert len(haihe) == 1 and haihe[0].year is None and haihe[0].bound == "max"
    # 000 二、（一）2.: 到2030年…城镇开发边界总规模控制在415.57平方千米以内
    assert find(catalog, "长治市", "urban_boundary", 2030).value == Decimal("415.57")
    # 000 二、（一）4.: 到2025年年底，城镇公共供水管网漏损率控制在9%以内
    assert find(catalog, "长治市", "leakage_rate", 2025).value == Decimal("9")


def test_yangquan_annex_and_its_conflicts(catalog: TargetCatalog) -> None:
    # 002 附件1 row 1: 用水总量 亿立方米 约束性 2.27 2.35
    assert find(catalog, "阳泉市", "total_use", 2025).value == Decimal("2.27")
    assert find(catalog, "阳泉市", "total_use", 2030).value == Decimal("2.35")
    # 附件1 note 2: the 2025 decline is against 2020, the 2030 decline against 2025
    assert find(catalog, "阳泉市", "gdp_intensity_decline", 2025).base_year == 2020
    assert find(catalog, "阳泉市", "gdp_intensity_decline", 2030).base_year == 2025
    # 附件1 row 4 says 0.624; 正文 二、（三）9. says 提高到 0.63 → validate 0.624, record 0.63
    coeff = find(catalog, "阳泉市", "irrigation_coefficient", 2025)
    assert coeff.value == Decimal("0.624")
    assert [c.value for c in coeff.conflicts] == [Decimal("0.63")]
    # 附件1 row 8 says 13.02; 正文 二、（二）4. says 力争达到 13.03 万亩
    area = find(catalog, "阳泉市", "irrigated_area", 2030)
    assert area.value == Decimal("13.02")
    assert [c.value for c in area.conflicts] == [Decimal("13.03")]


def test_taiyuan_annex(catalog: TargetCatalog) -> None:
    # 003 附件1 row 1: 用水总量 亿立方米 约束性 9.94 10.47 市水务局
    total = find(catalog, "太原市", "total_use", 2027)
    assert (total.value, total.attribute, total.departments) == (
        Decimal("9.94"),
        Attribute.BINDING,
        ("市水务局",),
    )
    assert find(catalog, "太原市", "total_use", 2030).value == Decimal("10.47")
    # row 2: 地下水用水量 1.5 1.5
    assert find(catalog, "太原市", "groundwater_use", 2027).value == Decimal("1.5")
    # row 3 and note 2: 万元地区生产总值用水量下降幅度 3 / 7, both against 2025
    decline = find(catalog, "太原市", "gdp_intensity_decline", 2030)
    assert (decline.value, decline.base_year) == (Decimal("7"), 2025)
    # row 11: 农田灌溉水有效利用系数 1 约束性 0.59 0.6
    assert find(catalog, "太原市", "irrigation_coefficient", 2027).value == Decimal("0.59")
    # row 7: 节水器具普及率 97 / "97 以上" → lower bound 97
    fixture = find(catalog, "太原市", "fixture_rate", 2030)
    assert (fixture.value, fixture.bound) == (Decimal("97"), "min")


def test_liaocheng_is_a_draft_with_levels_not_declines(catalog: TargetCatalog) -> None:
    targets = catalog.targets_for("聊城市")
    assert targets and all(t.draft for t in targets)
    assert not any(t.draft for t in catalog.targets if t.city != "聊城市")
    # 001 附件 row 2: 万元GDP用水量 立方米 约束性 59.4 54.3 52.1 49.9 47.5 41.3
    level = find(catalog, "聊城市", "gdp_intensity", 2027)
    assert (level.value, level.unit, level.bound) == (Decimal("47.5"), "立方米", "max")
    # row 4 keeps its written precision: 0.6393 for 2026
    assert find(catalog, "聊城市", "irrigation_coefficient", 2026).value_text == "0.6393"
    # 2023 and 2024 columns are actuals, kept apart from targets
    assert not [t for t in targets if t.year in (2023, 2024)]
    actual = [a for a in catalog.actuals_for("聊城市") if a.key == "total_use" and a.year == 2023]
    assert [a.value for a in actual] == [Decimal("18.02")]


def test_units_and_bounds_fit_the_indicator(catalog: TargetCatalog) -> None:
    for t in catalog.targets:
        spec = INDICATORS.get(t.key)
        if spec is None:
            continue
        assert t.bound == spec.bound, t.id
        assert t.unit in spec.units, t.id
        if spec.kind is Kind.COEFFICIENT:
            assert Decimal(0) < t.value <= Decimal(1), t.id
        if spec.kind is Kind.DECLINE:
            assert t.base_year is not None and t.year is not None and t.base_year < t.year, t.id


def test_tasks_of_each_city(catalog: TargetCatalog) -> None:
    # 004 附件: the 12-item 2026 county list (item 8 split per named county)
    cz26 = [t for t in catalog.tasks if t.document.source_file.startswith("004")]
    assert {t.number for t in cz26} >= {str(n) for n in range(1, 13)}
    first = next(t for t in cz26 if t.number == "1")
    assert first.due_date == "2026-12-31" and first.year == 2026
    # 002 附件2: 60 specific tasks
    assert len([t for t in catalog.tasks if t.document.source_file.startswith("002")]) == 60
    assert catalog.tasks_for("太原市") and catalog.tasks_for("聊城市")


def test_taiyuan_reference_figures_are_not_judged(catalog: TargetCatalog) -> None:
    # 003 正文二、(一)5.: the 2030 split by source "可根据河道丰枯情况动态调整" → reference only
    allocation = next(t for t in catalog.targets_for("太原市") if t.value == Decimal("4.83"))
    assert allocation.year == 2030 and not allocation.judged
    # 正文二、(五)18.: 补充替代地下水水源3200万立方米, a project with no year → reference only
    project = next(t for t in catalog.targets_for("太原市") if t.value == Decimal("3200"))
    assert project.year is None and not project.judged and project.year_label == "未定年份"
    # the utility's share of the groundwater cap is reported by the city only
    share = next(t for t in catalog.targets_for("太原市") if t.value == Decimal("7602"))
    assert share.level == "city"


def test_taiyuan_county_specific_tasks_name_their_counties(catalog: TargetCatalog) -> None:
    tasks = {t.number: t for t in catalog.tasks_for("太原市")}
    # 附件2 第62项: "在清徐县高标准完成再生水利用配置试点项目…"
    assert tasks["62"].assignee == "清徐县"
    # 正文二、(五)18.: 清徐县、古交市、阳曲县在2026年6月底前编制完成自评估报告,2027年6月底前批复退出
    assert tasks["70-1（1）"].due_date == "2026-06-30"
    assert tasks["70-1（2）"].due_date == "2027-06-30"
    assert "迎泽区" not in tasks["70"].assignee
