"""The decisions DOMAIN.md records where the five documents are silent or ambiguous (#18).

Each test quotes the document's words beside the expectation; the figures are the
documents', worked out by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.compliance import Judgement, judge_city, targets_by_field
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.terms import Verdict


@pytest.fixture(scope="module")
def catalog() -> TargetCatalog:
    return default_catalog()


def city_judgements(
    catalog: TargetCatalog, city: str, year: int, values: dict[str, D]
) -> dict[str, list[Judgement]]:
    form = build_form(catalog, city, "t1", year=year)
    targets = targets_by_field(catalog.reportable_targets(city))
    out: dict[str, list[Judgement]] = {}
    for j in judge_city(form, values, year, targets):
        out.setdefault(j.field, []).append(j)
    return out


# --- 6. "每年" caps with a start year hold from that year on ---------------------------------


def test_changzhi_agricultural_cap_holds_from_2025_every_year(catalog: TargetCatalog) -> None:
    # 长治 正文 二、（二）5.: "到2025年年底，农业用水总量控制在每年2亿立方米以内"
    # 2028: 1.9亿 = 19,000 万m³ against 2亿 = 20,000 万m³ → 达标 (before: 无本年目标)
    (j,) = city_judgements(catalog, "长治市", 2028, {"agricultural_use": D(19000)})[
        "agricultural_use"
    ]
    assert (j.status, j.target_value, j.year_label) == (Verdict.MET, D(20000), "自2025年起每年")
    # 2.1亿 = 21,000 万m³ > 20,000 → 未达标 in 2030 too
    (j,) = city_judgements(catalog, "长治市", 2030, {"agricultural_use": D(21000)})[
        "agricultural_use"
    ]
    assert j.status == Verdict.UNMET


def test_taiyuan_agricultural_cap_starts_in_2027_not_before(catalog: TargetCatalog) -> None:
    # 太原 正文 二、(三)9.: "到2027年底,全市农业用水总量控制在每年1.4亿立方米以内"
    later = city_judgements(catalog, "太原市", 2029, {"agricultural_use": D(13000)})
    (j,) = later["agricultural_use"]
    # 1.3亿 = 13,000 万m³ ≤ 1.4亿 = 14,000 万m³
    assert (j.status, j.target_value, j.year_label) == (Verdict.MET, D(14000), "自2027年起每年")
    (early,) = city_judgements(catalog, "太原市", 2026, {"agricultural_use": D(13000)})[
        "agricultural_use"
    ]
    assert early.status == Verdict.NO_TARGET


def test_start_year_is_shown_with_the_target(catalog: TargetCatalog) -> None:
    (t,) = [t for t in catalog.targets_for("长治市") if t.key == "agricultural_use"]
    assert t.year is None and t.from_year == 2025 and t.year_label == "自2025年起每年"
    assert t.applies_in(2025) and t.applies_in(2031) and not t.applies_in(2024)


# --- 12. one judgement for one figure stated twice ----------------------------------------


def test_taiyuan_groundwater_judged_once_naming_both_sources(catalog: TargetCatalog) -> None:
    # 太原 附件1 第2行: "2 地下水用水量 亿立方米 约束性 1.5 1.5 市水务局" (2027 and 2030) and
    # 正文 二、(三)12.: "全市地下水开采总量严格控制在1.5亿立方米内" (every year): one figure.
    for year in (2027, 2030):
        (j,) = city_judgements(catalog, "太原市", year, {"groundwater_use": D(14000)})[
            "groundwater_use"
        ]
        # 1.4亿 = 14,000 万m³ ≤ 1.5亿 = 15,000 万m³
        assert (j.status, j.target_value, j.year) == (Verdict.MET, D(15000), year)
        assert "附件1 第2行" in j.citation and "正文 二、(三)12." in j.citation


def test_taiyuan_groundwater_every_year_cap_alone_in_other_years(catalog: TargetCatalog) -> None:
    (j,) = city_judgements(catalog, "太原市", 2028, {"groundwater_use": D(16000)})[
        "groundwater_use"
    ]
    # 1.6亿 = 16,000 万m³ > 15,000 → 未达标, on the body's every-year cap alone
    assert (j.status, j.year, j.citation.count("；")) == (Verdict.UNMET, None, 0)


def test_not_allocated_message_has_one_space_before_the_unit(catalog: TargetCatalog) -> None:
    # 长治 正文 二、（一）1.: "地表水取水量（海河流域）…3.19亿立方米": printed "3.19  亿立方米" before
    from siwu_desktop.core.sample import sample_return
    from siwu_desktop.core.validation import ValidationContext, validate

    form = build_form(catalog, "长治市", "t1", year=2025)
    findings = validate(sample_return(form, "潞城区", 2025), ValidationContext(catalog))
    texts = [f.message for f in findings if f.rule == "C03"]
    assert any("3.19 亿立方米" in t for t in texts), texts
    assert not any("  " in t for t in texts)


# --- 7. 长治 黄河 is a consumption cap ------------------------------------------------------


def test_changzhi_yellow_river_row_is_consumption_never_tied_to_withdrawal(
    catalog: TargetCatalog,
) -> None:
    # 长治 正文 二、（一）1.: "黄河干支流耗水指标严格控制在每年0.21亿立方米以内": 耗水量, not 取水量
    from siwu_desktop.core.returns import enter, new_return
    from siwu_desktop.core.rules import CROSS_FORM
    from siwu_desktop.core.validation import ValidationContext, validate

    form = build_form(catalog, "长治市", "t1", year=2026)
    (field,) = [f for f in form.fields if f.indicator == "yellow_river_use"]
    assert field.label == "黄河干支流耗水量"
    assert "耗水量" in field.help and "不是取水量" in field.help
    assert field.id not in {t1 for t1, _ in CROSS_FORM}
    # 表一 consumption 1,500 万m³ and 表二 黄河水 withdrawal 2,100 万m³: no D07 mismatch on it
    t2 = build_form(catalog, "长治市", "t2")
    ret1 = new_return(form, "潞城区", 2026)
    enter(ret1, form, field.id, "1500")
    ret2 = new_return(t2, "潞城区", 2026)
    enter(ret2, t2, "industry_yellow_river", "2100")
    ctx = ValidationContext(catalog, companions={"t2": ret2})
    assert not [f for f in validate(ret1, ctx) if f.rule == "D07" and f.field == field.id]
