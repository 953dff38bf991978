"""The decisions DOMAIN.md records where the five documents are silent or ambiguous (#18).

Each test quotes the document's words beside the expectation; the figures are the
documents', worked out by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.compliance import Judgement, judge_city, targets_by_field
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.terms import Basis, Verdict


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


# --- 3. tasks with several dated steps: one deadline per step ---------------------------------


def _source_text(catalog: TargetCatalog, city: str) -> str:
    from siwu_desktop.paths import resource_path

    doc = next(d for d in catalog.documents_for(city) if d.id.startswith("taiyuan"))
    return " ".join(resource_path("sources", doc.source_file).read_text("utf-8").split())


def test_taiyuan_steps_are_quoted_as_written(catalog: TargetCatalog) -> None:
    # 正文 二、(五)18.: "其中,清徐县、古交市、阳曲县在2026年6月底前编制完成自评估报告,2027年6月底前批复退出;
    # 晋源区、尖草坪区、杏花岭区、万柏林区在2028年1月底前编制完成自评估报告,2028年底前批复退出"
    text = _source_text(catalog, "太原市")
    steps = {t.number: t for t in catalog.tasks_for("太原市") if t.number.startswith("70-")}
    expected = {
        "70-1（1）": "2026-06-30",
        "70-1（2）": "2027-06-30",
        "70-2（1）": "2028-01-31",
        "70-2（2）": "2028-12-31",
    }
    assert {n: t.due_date for n, t in steps.items()} == expected
    for t in steps.values():
        assert t.text in text, t.text  # as written: nothing appended
        assert "（黄河流域地下水超载地区名单）" not in t.text


def test_a_missed_intermediate_step_is_overdue_in_2026(catalog: TargetCatalog) -> None:
    # 清徐县 2026 第三季度 (report date 2026-09-30): the 自评估报告 was due 2026-06-30, so the
    # step 70-1（1） is 逾期未完成 while 70-1（2） (due 2027-06-30) is not yet due.
    from siwu_desktop.core.returns import enter_cell, new_return
    from siwu_desktop.core.validation import ValidationContext, validate

    form = build_form(catalog, "太原市", "t3", year=2026, county="清徐县")
    ret = new_return(form, "清徐县", 2026, "Q3")
    keys = [r.key for r in form.table.fixed_rows]  # type: ignore[union-attr]
    for i in range(len(keys)):
        enter_cell(ret, form, i, "status", "推进中")
    overdue = [f for f in validate(ret, ValidationContext(catalog)) if f.rule == "T01"]
    numbers = {f.message.split("的任务")[0] for f in overdue}
    assert "序号70-1（1）" in numbers and "序号70-1（2）" not in numbers
    # the message names the 序号 shown in the row, not the row's position (#17 item 9)
    row = keys.index("ty-t-70a-report") + 1
    (f,) = [f for f in overdue if f.row == row]
    assert f.message.startswith("序号70-1（1）的任务")


def test_taiyuan_task_40_belongs_to_qingxu(catalog: TargetCatalog) -> None:
    # 附件2 第40项: "…2026年开展清徐县地下水置换晋祠泉保护治理工程…"
    from siwu_desktop.core.forms import county_tasks

    assert any(t.number == "40" for t in county_tasks(catalog, "太原市", "清徐县", 2026))
    assert not any(t.number == "40" for t in county_tasks(catalog, "太原市", "迎泽区", 2026))


# --- 10. 太原 牵头单位 where the annex layout is ambiguous ------------------------------------


def test_taiyuan_ambiguous_leads_follow_yangquan_template(catalog: TargetCatalog) -> None:
    # 阳泉 附件2 第30项 "严格取水许可审批。 市行政审批局 牵头"; 第58—59项 (农业水价综合改革,
    # 水资源税) 市水利局 牵头; 第60项 "落实农业水价精准补贴和节水奖励" 市财政局 牵头.
    tasks = {t.number: t for t in catalog.tasks_for("太原市")}
    assert tasks["58"].lead == ("市审批服务管理局",)  # 严格取水许可审批
    assert tasks["59"].lead == ("市水务局", "市城乡管理局")
    assert tasks["75"].lead == ("市水务局",) and tasks["76"].lead == ("市水务局",)
    assert tasks["80"].lead == ("市财政局",)  # 落实农业水价精准补贴和节水奖励机制
    assert tasks["73"].lead == ("市城乡管理局",)  # 晋泉地表水厂
    for n in ("58", "64", "70", "73", "75", "80"):
        assert tasks[n].lead_inferred and tasks[n].lead_text.endswith("（按版式推定）"), n
    assert not tasks["40"].lead_inferred and tasks["40"].lead_text == "市水务局"


# --- 11. body-text measures that name counties ------------------------------------------------


@pytest.mark.parametrize(
    ("city", "number", "named", "other"),
    [
        # 太原 正文 二、(二)8.: "小店区、迎泽区、清徐县、阳曲县、娄烦县、古交市…因地制宜开展小型供水工程规范化改造"
        ("太原市", "正文8", ("小店区", "迎泽区", "清徐县", "阳曲县", "娄烦县", "古交市"), "晋源区"),
        # 太原 正文 二、(三)9.: "在古交市、阳曲县和娄烦县等丘陵山区建设…“五小”水利工程"
        ("太原市", "正文9", ("古交市", "阳曲县", "娄烦县"), "小店区"),
        # 聊城 四（一）: "推动冠县大沙河水库及其配套工程尽快建成发挥效益，推进莘县马村水库前期工作，
        # 论证东阿县胶城水库、阳谷县景阳冈水库建设的必要性"
        ("聊城市", "四、（一）-1", ("冠县",), "莘县"),
        ("聊城市", "四、（一）-2", ("莘县",), "冠县"),
        ("聊城市", "四、（一）-3", ("东阿县", "阳谷县"), "临清市"),
    ],
)
def test_body_measures_naming_counties_reach_those_counties(
    catalog: TargetCatalog, city: str, number: str, named: tuple[str, ...], other: str
) -> None:
    from siwu_desktop.core.forms import county_tasks
    from siwu_desktop.paths import resource_path

    (task,) = [t for t in catalog.tasks_for(city) if t.number == number]
    source = " ".join(resource_path("sources", task.document.source_file).read_text().split())
    assert task.text.rstrip("。") in source  # quoted as written
    for county in named:
        assert task in county_tasks(catalog, city, county, 2026)
    assert task not in county_tasks(catalog, city, other, 2026)


# --- 1. 表三 has a 落实措施 column where the document has one ------------------------------------


def test_changzhi_2026_t3_has_the_measures_column(catalog: TargetCatalog) -> None:
    # 长水资源〔2026〕29号 附件1: "序号 主要工作要点 落实措施 完成时限"; item 8:
    # "潞城区 要做好非常规水开发利用项目、 沁源县 要做好省级水预算提升项目。"
    from siwu_desktop.core.forms import catalog_cell

    form = build_form(catalog, "长治市", "t3", year=2026, county="潞城区")
    assert form.table is not None
    ids = [c.id for c in form.table.columns]
    assert ids[:3] == ["number", "task", "measures"]
    assert form.table.column_index["measures"].label == "落实措施"
    rows = {r.task.id: r.task for r in form.table.fixed_rows}
    assert catalog_cell(rows["cz26-t-07"], "measures").endswith(
        "各县区至少签订一项以上合同节水项目。"
    )
    # a city whose documents have no such column keeps its 表三 as it was
    yq = build_form(catalog, "阳泉市", "t3", year=2026, county="盂县")
    assert "measures" not in [c.id for c in yq.table.columns]  # type: ignore[union-attr]


# --- 4. 长治 2026 county indicators have a row, 未下达县级指标 until a pack gives them -------------


def test_changzhi_2026_county_indicators_are_rows_not_yet_allocated(
    catalog: TargetCatalog,
) -> None:
    # 长水资源〔2026〕29号 二（一）: "明确各县区用水总量、非常规水利用量、万元地区生产总值用水量降幅、
    # 万元工业增加值用水量降幅等重点指标的年度目标" — no values in the document.
    from siwu_desktop.core.sample import sample_return
    from siwu_desktop.core.validation import ValidationContext, judgements

    form = build_form(catalog, "长治市", "t1", year=2026)
    ids = {f.id for f in form.fields}
    assert {"total_use", "nonconventional_use"} <= ids
    assert {"gdp_intensity_decline_b2025", "industrial_intensity_decline_b2025"} <= ids
    assert {"total_use_b2025", "gdp_index_b2025"} <= ids  # the base inputs of 较上年
    ret = sample_return(form, "潞城区", 2026)
    by = {j.field: j for j in judgements(ret, ValidationContext(catalog))}
    for field_id in ("total_use", "nonconventional_use", "gdp_intensity_decline_b2025"):
        assert by[field_id].status is Verdict.NOT_ALLOCATED, field_id
        assert "二、（一）" in by[field_id].citation


def test_a_pack_allocation_for_the_2026_decline_is_judged(catalog: TargetCatalog) -> None:
    # 潞城区's pack allocation: 万元GDP用水量 较2025年下降不少于 3 %. Sample: W0 = 8,200, W = 8,000
    # 万m³, index 125 → 1 − (8000/8200)/1.25 = 21.95 % ≥ 3 % → 达标 (before: never judged)
    from siwu_desktop.core.compliance import CountyAllocation
    from siwu_desktop.core.sample import sample_return
    from siwu_desktop.core.validation import ValidationContext, judgements

    form = build_form(catalog, "长治市", "t1", year=2026)
    ret = sample_return(form, "潞城区", 2026)
    allocation = CountyAllocation(
        "潞城区",
        "gdp_intensity_decline",
        2026,
        D(3),
        "%",
        "长治市水利局 2026年目标包 第3行",
        base_year=2025,
    )
    ctx = ValidationContext(catalog, allocations=[allocation])
    (j,) = [j for j in judgements(ret, ctx) if j.field == "gdp_intensity_decline_b2025"]
    assert (j.status, j.basis, j.target_value) == (Verdict.MET, Basis.ALLOCATION, D(3))


# --- 8. rates typed by hand become derived from their parts -----------------------------------


@pytest.mark.parametrize(
    ("city", "year", "field_id", "inputs", "expected"),
    [
        # 聊城 附件 第9行 "化工园区非常规水源配置率 %": 300 of 1,200 万m³ allocated = 25.00 %
        (
            "聊城市",
            2025,
            "chem_park_nonconventional_rate",
            {"chem_park_nonconventional": "300", "chem_park_allocated": "1200"},
            D("25.00"),
        ),
        # 聊城 附件 第10行 "城市污水处理厂提标改造完成率 %": 13 of 16 万m³/日 = 81.25 %
        (
            "聊城市",
            2025,
            "wwtp_upgrade_rate",
            {"wwtp_upgraded_capacity": "13", "wwtp_capacity": "16"},
            D("81.25"),
        ),
        # 太原 "建成区绿化覆盖率": 15.2 of 38 km² = 40.00 %
        (
            "太原市",
            2027,
            "green_coverage",
            {"green_covered_area": "15.2", "built_up_area": "38"},
            D("40.00"),
        ),
    ],
)
def test_rates_are_derived_from_their_parts(
    catalog: TargetCatalog,
    city: str,
    year: int,
    field_id: str,
    inputs: dict[str, str],
    expected: D,
) -> None:
    from siwu_desktop.core.compliance import rounded
    from siwu_desktop.core.derive import derive_all
    from siwu_desktop.core.returns import enter, new_return

    form = build_form(catalog, city, "t1", year=year)
    field = form.field(field_id)
    assert field.kind == "derived" and set(field.inputs) == set(inputs)
    ret = new_return(form, "东昌府区" if city == "聊城市" else "小店区", year)
    for input_id, text in inputs.items():
        assert enter(ret, form, input_id, text).refusal is None
    value = derive_all(form, ret.entered())[field_id]
    assert value is not None and rounded(value, field.precision) == expected


# --- 9. 聊城 化工园区 rate: required where the county has a park, 不涉及 elsewhere ----------------


def test_chem_park_rate_concerns_the_counties_with_a_park(catalog: TargetCatalog) -> None:
    # 聊城 正文: "聊城化工产业园、莘县化工产业园、茌平化工产业园等化工园区稳步推进循环水系统改造工程，
    # 到2027年，化工园区非常规水源配置率力争达到35%以上" — 莘县 and 茌平区 have a named park.
    from siwu_desktop.core.compliance import CountyAllocation
    from siwu_desktop.core.returns import new_return
    from siwu_desktop.core.validation import ValidationContext, judgements, validate

    form = build_form(catalog, "聊城市", "t1", year=2027)
    parts = {"chem_park_nonconventional", "chem_park_allocated"}

    def missing(county: str, ctx: ValidationContext) -> set[str]:
        ret = new_return(form, county, 2027)
        return {f.field for f in validate(ret, ctx) if f.rule == "D01"} & parts

    def verdict(county: str, ctx: ValidationContext) -> Verdict:
        ret = new_return(form, county, 2027)
        (j,) = [j for j in judgements(ret, ctx) if j.field == "chem_park_nonconventional_rate"]
        return j.status

    plain = ValidationContext(catalog)
    assert missing("莘县", plain) == parts and missing("茌平区", plain) == parts
    assert missing("高唐县", plain) == set()  # no park named there: 不涉及 by default
    assert verdict("高唐县", plain) is Verdict.NOT_APPLICABLE
    assert verdict("莘县", plain) is Verdict.NO_VALUE
    # a target pack that gives 东昌府区 an allocation makes it required there
    pack = CountyAllocation(
        "东昌府区", "chem_park_nonconventional_rate", 2027, D(35), "%", "目标包 第9行"
    )
    assert missing("东昌府区", ValidationContext(catalog, allocations=[pack])) == parts


def test_the_command_line_shows_the_decisions(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from siwu_desktop.cli import main

    assert main(["targets", "--city", "长治市", "--json"]) == 0
    targets = {t["id"]: t for t in json.loads(capsys.readouterr().out)}
    cap = targets["cz-agricultural_use-from-2025"]
    assert (cap["year"], cap["from_year"], cap["year_label"]) == (None, 2025, "自2025年起每年")
    assert main(["tasks", "--city", "太原市", "--json"]) == 0
    tasks = {t["number"]: t for t in json.loads(capsys.readouterr().out)}
    assert tasks["80"]["lead"] == ["市财政局"] and tasks["80"]["lead_inferred"] is True


# --- 2. 长治 2026 表三 groups its rows by document --------------------------------------------


def test_changzhi_2026_t3_is_grouped_by_document(catalog: TargetCatalog) -> None:
    # 长治 2025 行动方案 二、（二）8. and 长水资源〔2026〕29号 附件 "8 …非常规水…" are both numbered
    # "8": 表三 lists each document under its own heading, each numbered as its document does.
    form = build_form(catalog, "长治市", "t3", year=2026, county="潞城区")
    table = form.table
    assert table is not None
    (plan, points) = table.groups
    assert plan.heading == "一、《长治市严格落实“四水四定”行动方案》"
    assert points.heading == "二、《2026年长治市水利系统节约用水工作要点》（长水资源〔2026〕29号）"
    assert all(k.startswith("cz-t-") for k in plan.keys)
    assert all(k.startswith("cz26-t-") for k in points.keys)
    numbers = [r.task.number for r in table.fixed_rows]
    # each list starts from 1 again: 1…18 of the plan (17 reach 潞城区), then 1…12 of the points
    assert numbers[0] == "1" and numbers[len(plan.keys)] == "1"
    # a heading row before the first row of each document
    assert table.headings([r.key for r in table.fixed_rows]) == {0: plan, len(plan.keys): points}
    # one document alone (长治 2025): no headings, as before
    assert build_form(catalog, "长治市", "t3", year=2025, county="潞城区").table.groups == ()  # type: ignore[union-attr]


def test_findings_cite_the_number_with_its_document(catalog: TargetCatalog) -> None:
    # 序号 8 of the plan and 序号 8 of 长水资源〔2026〕29号 were two identical "序号8的任务…" findings
    from siwu_desktop.core.returns import new_return
    from siwu_desktop.core.validation import ValidationContext, validate

    form = build_form(catalog, "长治市", "t3", year=2026, county="潞城区")
    findings = validate(new_return(form, "潞城区", 2026, "Q1"), ValidationContext(catalog))
    required = {f.message for f in findings if f.rule == "D01"}
    assert "序号8（长水资源〔2026〕29号）的任务“进展情况”为必填项，尚未填写。" in required
    assert (
        "序号8（《长治市严格落实“四水四定”行动方案》）的任务“进展情况”为必填项，尚未填写。"
        in required
    )


def test_workbook_has_heading_rows_the_reader_skips(catalog: TargetCatalog, tmp_path: Path) -> None:
    # a heading row per document in the sheet; its key cell "group:…" is no task, so the
    # filled-in template reads back with the progress of both 序号8 rows, each its own
    import openpyxl

    from siwu_desktop.excel.reader import read_workbook
    from siwu_desktop.excel.template import write_template

    form = build_form(catalog, "长治市", "t3", year=2026, county="潞城区")
    assert form.table is not None
    path = write_template(catalog, "长治市", "潞城区", "t3", 2026, "Q1", tmp_path / "t3.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    key_col = len(form.table.columns) + 1
    status_col = [c.id for c in form.table.columns].index("status") + 1
    rows = {ws.cell(r, key_col).value: r for r in range(1, ws.max_row + 1)}
    heading = rows["group:changzhi_2026_water_saving_points"]
    assert ws.cell(heading, 1).value == (
        "二、《2026年长治市水利系统节约用水工作要点》（长水资源〔2026〕29号）"
    )
    assert ws.cell(rows["group:changzhi_2025_action_plan"], 1).value == (
        "一、《长治市严格落实“四水四定”行动方案》"
    )
    assert heading == rows["cz26-t-01"] - 1  # right above the points' 序号1
    ws.cell(rows["cz-t-08"], status_col).value = "推进中"
    ws.cell(rows["cz26-t-08a"], status_col).value = "已完成"
    wb.save(path)
    (read,) = read_workbook(path, catalog).returns
    status = {r.key: r.cells["status"].text for r in read.data.rows if "status" in r.cells}
    assert status == {"cz-t-08": "推进中", "cz26-t-08a": "已完成"}


def test_forms_json_lists_the_groups(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from siwu_desktop.cli import main

    assert main(["forms", "--city", "长治市", "--form", "t3", "--year", "2026", "--json"]) == 0
    (form,) = json.loads(capsys.readouterr().out)
    headings = [g["heading"] for g in form["table"]["groups"]]
    assert headings == [
        "一、《长治市严格落实“四水四定”行动方案》",
        "二、《2026年长治市水利系统节约用水工作要点》（长水资源〔2026〕29号）",
    ]
    assert "cz26-t-08a" in form["table"]["groups"][1]["keys"]


# --- 5. measurable commitments recorded as 参考事项, never judged ------------------------------


def test_every_reference_quote_is_in_its_document(catalog: TargetCatalog) -> None:
    from siwu_desktop.paths import resource_path

    assert catalog.references
    for r in catalog.references:
        text = " ".join(resource_path("sources", r.document.source_file).read_text().split())
        assert " ".join(r.quote.split()) in text, r.id
        assert r.judged is False


@pytest.mark.parametrize(
    ("city", "year", "field_id", "words"),
    [
        # 长治 2025 正文 二、（一）3.: "…非居民用水户，全部实行计划用水管理"
        ("长治市", 2025, "planned_use_coverage", "全部实行计划用水管理"),
        # 长治 2026 附件1 第3项: "落实万方以上的工业和服务业计划用水管理全覆盖"
        ("长治市", 2026, "planned_use_coverage", "万方以上的工业和服务业计划用水管理全覆盖"),
        # 太原 附件2 第16项 (56.): "将年取水量在5000立方米以上的高耗水服务业用水单位全部纳入计划用水管理"
        ("太原市", 2026, "planned_use_coverage", "5000立方米以上的高耗水服务业用水单位"),
        # 太原 正文 二、(一)4.: "地表水年许可水量 50 万立方米以上、地下水年许可水量 5 万立方米以上的非农取水单位"
        ("太原市", 2027, "online_monitoring_coverage", "完善取用水在线监测计量"),
        # 长治 2026 附件1 第7项: "各县区至少签订一项以上合同节水项目"
        ("长治市", 2026, "water_saving_contracts", "至少签订一项以上合同节水项目"),
        # 长治 2026 附件1 第10项: "每季度提供至少1篇以上新闻稿件和宣传素材"
        ("长治市", 2026, "press_release_quarters", "每季度提供至少1篇以上新闻稿件"),
        # 长治 2026 正文 一、（六）: "…至少推送1-2家参与省、市级节水型企业评选"
        ("长治市", 2026, "water_saving_enterprises", "至少推送1-2家"),
        # 阳泉 正文 二、（二）: "泉域出流量稳定 上升" (a line break in the document)
        ("阳泉市", 2026, "spring_outflow", "泉域出流量稳定"),
        # 太原 正文 一、: "晋祠泉稳定复流,力争兰村泉实现初步出流"
        ("太原市", 2030, "spring_outflow", "晋祠泉稳定复流,力争兰村泉实现初步出流"),
    ],
)
def test_commitments_have_a_reference_row_in_t1(
    catalog: TargetCatalog, city: str, year: int, field_id: str, words: str
) -> None:
    from siwu_desktop.core.forms import SECTION_REFERENCE

    field = build_form(catalog, city, "t1", year=year).field(field_id)
    assert field.section == SECTION_REFERENCE and not field.required and field.indicator is None
    assert words in field.help and field.help.endswith("不作判定（仅供参考）")
    assert all(not r.judged for r in field.references)


def test_reference_rows_are_never_judged_and_coverage_is_derived(catalog: TargetCatalog) -> None:
    # 潞城区 2026: 60 units over 万方 should be under 计划用水管理, 45 are (its 表四 ledger):
    # 45 / 60 = 75.00 % — below "全覆盖" (100 %), yet no 未达标: 不作判定（仅供参考）
    from siwu_desktop.core.derive import derive_all
    from siwu_desktop.core.returns import enter, new_return
    from siwu_desktop.core.validation import ValidationContext, judgements

    form = build_form(catalog, "长治市", "t1", year=2026)
    ret = new_return(form, "潞城区", 2026)
    enter(ret, form, "planned_use_coverage_due", "60")
    enter(ret, form, "planned_use_coverage_done", "45")
    enter(ret, form, "water_saving_contracts", "0")  # "至少1项": 0 is still not judged
    assert derive_all(form, ret.entered())["planned_use_coverage"] == D("75")
    judged = {j.field for j in judgements(ret, ValidationContext(catalog))}
    assert not judged & {"planned_use_coverage", "water_saving_contracts"}


def test_reference_rows_start_with_their_document(catalog: TargetCatalog) -> None:
    # 长治 2025 行动方案 (2025): its commitment is no row of a 2024 return; 长治 2026's counts
    # (附件1 第7、10项) belong to 2026 only
    ids_2024 = {f.id for f in build_form(catalog, "长治市", "t1", year=2024).fields}
    ids_2027 = {f.id for f in build_form(catalog, "长治市", "t1", year=2027).fields}
    assert "planned_use_coverage" not in ids_2024 and "planned_use_coverage" in ids_2027
    assert "water_saving_contracts" not in ids_2027


def test_forms_json_shows_the_references_unjudged(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from siwu_desktop.cli import main

    assert main(["forms", "--city", "太原市", "--form", "t1", "--year", "2026", "--json"]) == 0
    (form,) = json.loads(capsys.readouterr().out)
    (spring,) = [f for f in form["fields"] if f["id"] == "spring_outflow"]
    (ref,) = spring["references"]
    assert ref["judged"] is False and ref["quote"] == "晋祠泉稳定复流,力争兰村泉实现初步出流。"


def test_units_under_planned_use_are_checked_against_the_ledger(catalog: TargetCatalog) -> None:
    # the units under 计划用水管理 are 表四's: a ledger of 3 units beside "45" is a notice (D15),
    # never a verdict; "3" beside the same ledger raises nothing
    from siwu_desktop.core.returns import enter, new_return
    from siwu_desktop.core.sample import sample_return
    from siwu_desktop.core.terms import Severity
    from siwu_desktop.core.validation import ValidationContext, validate

    form = build_form(catalog, "长治市", "t1", year=2026)
    t4 = sample_return(build_form(catalog, "长治市", "t4"), "潞城区", 2026, ledger_rows=3)
    ctx = ValidationContext(catalog, companions={"t4": t4})
    ret = new_return(form, "潞城区", 2026)
    enter(ret, form, "planned_use_coverage_done", "45")
    (f,) = [f for f in validate(ret, ctx) if f.rule == "D15"]
    assert f.severity is Severity.NOTICE and "为 45，表四计划用水户台账列有 3 户" in f.message
    enter(ret, form, "planned_use_coverage_done", "3")
    assert not [f for f in validate(ret, ctx) if f.rule == "D15"]
