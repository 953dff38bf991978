"""Compliance: 达标 / 未达标 / 未下达县级指标 / 无本年目标, against the right target."""

from __future__ import annotations

from decimal import Decimal as D

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.compliance import CountyAllocation, Judgement
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.returns import enter, new_return
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.terms import Basis, Verdict
from siwu_desktop.core.validation import ValidationContext, finalise_blockers, judgements, validate


def by_field(items: list[Judgement]) -> dict[str, list[Judgement]]:
    out: dict[str, list[Judgement]] = {}
    for j in items:
        out.setdefault(j.field, []).append(j)
    return out


def test_quantity_without_allocation_is_not_judged(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = sample_return(form, "盂县", 2025)
    j = by_field(judgements(ret, ValidationContext(catalog)))
    total = j["total_use"][0]
    assert total.status == Verdict.NOT_ALLOCATED and total.basis is None
    assert total.target_value == D(22700)  # 2.27 亿m³ in the field's 万m³
    # the every-year cap on groundwater applies in 2025 (and in any year)
    assert j["groundwater_use"][0].status == Verdict.NOT_ALLOCATED
    assert j["groundwater_use"][0].year is None


def test_every_year_cap_holds_in_any_year(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = sample_return(form, "盂县", 2028)
    allocation = CountyAllocation(
        "盂县", "groundwater_use", None, D("0.02"), "亿立方米", "目标包 第2行"
    )
    j = by_field(judgements(ret, ValidationContext(catalog, allocations=[allocation])))
    # 2500 万m³ > 0.02 亿m³ = 200 万m³ → 未达标, judged against the allocation
    g = j["groundwater_use"][0]
    assert (g.status, g.basis, g.target_value, g.citation) == (
        Verdict.UNMET,
        Basis.ALLOCATION,
        D(200),
        "目标包 第2行",
    )


def test_rate_judged_against_city_figure_as_reference(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = sample_return(form, "盂县", 2025)
    j = by_field(judgements(ret, ValidationContext(catalog)))
    # sample: (8200 → 8000 万m³, index 125): 1 − (8000/8200)/1.25 = 21.95% ≥ 9.5% → 达标
    decline = j["gdp_intensity_decline_b2020"][0]
    assert (decline.status, decline.basis, decline.value) == (
        Verdict.MET,
        Basis.CITY_REFERENCE,
        D("21.95"),
    )
    assert decline.citation == "《阳泉市测试方案》（阳政办发〔2025〕56号） 附件1 第2行"


def test_no_target_this_year_shows_next_milestone_as_reference(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = sample_return(form, "盂县", 2026)
    j = by_field(judgements(ret, ValidationContext(catalog)))
    leak = j["leakage_rate"][0]
    assert leak.status == Verdict.NO_TARGET and leak.target_value is None
    assert leak.reference.startswith("参考：下一目标年2030年目标值 不高于8%")
    assert "非本年目标" in leak.reference  # never interpolated between 9 (2025) and 8 (2030)


def test_unmet_binding_target_blocks_until_explained(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "聊城市", "t1")
    ret = sample_return(form, "临清市", 2025)
    ctx = ValidationContext(catalog)
    findings = validate(ret, ctx)
    c01 = [f for f in findings if f.rule == "C01"]
    # coefficient 1800/3000 = 0.6000 < 0.6386 (约束性) → 未达标
    assert [f.field for f in c01] == ["irrigation_coefficient"]
    assert c01[0].blocking and c01[0].citation.endswith("附件 第4行")
    assert "须填写情况说明" in c01[0].message and "征求意见稿" in c01[0].message
    assert finalise_blockers(findings, ret.explanations) == [c01[0].message]
    ret.explanations[c01[0].key] = "受干旱影响，灌区渠系改造尚未完工。"
    assert finalise_blockers(findings, ret.explanations) == []
    # an unmet 预期性 target asks for a note but does not block
    c02 = [f for f in findings if f.rule == "C02"]
    assert {f.field for f in c02} == {"reclaimed_rate", "industrial_reuse_rate"}
    assert not any(f.blocking for f in c02)


def test_conflict_is_mentioned_and_annex_value_used(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "太原市", "t1")
    ret = sample_return(form, "小店区", 2027)
    enter(ret, form, "irrigation_net", "1725")  # 1725/3000 = 0.575: below 0.58, above 0.57
    findings = validate(ret, ValidationContext(catalog))
    coef = next(f for f in findings if f.field == "irrigation_coefficient")
    assert coef.rule == "C01"
    assert "0.5750" in coef.message and "不低于0.58" in coef.message
    assert "文件另处写作 0.57" in coef.message and "按附件值 0.58 校验" in coef.message


def test_judged_at_the_shown_precision(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "太原市", "t1")
    ret = sample_return(form, "小店区", 2027)
    # leakage: Qs 3000, Qa 2700 → R_WL 10%; R1 3.2%, R2 0.99×(0.08−0.0693)=1.0593%, R3 0 → 5.7407%
    j = by_field(judgements(ret, ValidationContext(catalog)))
    assert j["leakage_rate"][0].value == D("5.74")


def test_allocation_overrides_city_reference(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "太原市", "t1")
    ret = sample_return(form, "小店区", 2027)
    allocation = CountyAllocation(
        "小店区", "total_use", 2027, D("7500"), "万立方米", "太原市水务局目标包"
    )
    j = by_field(judgements(ret, ValidationContext(catalog, allocations=[allocation])))
    assert (j["total_use"][0].status, j["total_use"][0].basis) == (Verdict.UNMET, Basis.ALLOCATION)
    # another county has no allocation yet: the city total is not judged for it
    ctx = ValidationContext(catalog, allocations=[allocation])
    other = by_field(judgements(new_return(form, "迎泽区", 2027), ctx))
    assert other["total_use"][0].status == Verdict.NOT_ALLOCATED


def test_county_specific_target_applies_to_its_county_only() -> None:
    """太原 正文二、(四)17.: "确保清徐县再生水利用率稳定达到35%以上" (every year, 清徐县 only)."""
    catalog = default_catalog()
    form = build_form(catalog, "太原市", "t1")
    assert not [f for f in form.fields if "清徐" in f.label]  # no separate field for it
    qingxu = by_field(judgements(sample_return(form, "清徐县", 2026), ValidationContext(catalog)))
    own = qingxu["reclaimed_rate"]
    assert [(j.basis, j.target_value) for j in own] == [(Basis.COUNTY_TARGET, D("35"))]
    xiaodian = by_field(judgements(sample_return(form, "小店区", 2026), ValidationContext(catalog)))
    # 2026 has no milestone of the city's own (annex: 2027 and 2030), so 小店区 gets the next
    # milestone as a reference, never 清徐县's 35%
    assert [j.status for j in xiaodian["reclaimed_rate"]] == [Verdict.NO_TARGET]
    assert "2027" in xiaodian["reclaimed_rate"][0].reference


def test_reference_only_figures_get_no_field() -> None:
    """太原's undated project figures and movable 2030 allocations are shown, never judged."""
    catalog = default_catalog()
    labels = [f.label for f in build_form(catalog, "太原市", "t1").fields]
    assert not [x for x in labels if "新建地表水厂" in x or "晋祠" in x or "太原供水集团" in x]
