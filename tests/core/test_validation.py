"""Data-quality rules: each rule fires on a hand-made fault and stays quiet on clean data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.returns import ReturnData, add_row, enter, enter_cell, new_return
from siwu_desktop.core.rules import RULE_INDEX, RULES, Severity
from siwu_desktop.core.sample import sample_return, sample_uscc
from siwu_desktop.core.validation import Finding, ValidationContext, tolerance, validate, values_of


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


@pytest.fixture
def ctx(catalog: TargetCatalog) -> ValidationContext:
    return ValidationContext(catalog)


def t1(catalog: TargetCatalog, city: str = "阳泉市", year: int = 2025) -> ReturnData:
    return sample_return(build_form(catalog, city, "t1"), "盂县", year)


def test_every_rule_is_declared_once_with_chinese_title() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.title and not r.title.isascii()


def test_clean_sample_has_no_data_errors(catalog: TargetCatalog, ctx: ValidationContext) -> None:
    for city, county in (
        ("太原市", "小店区"),
        ("阳泉市", "盂县"),
        ("长治市", "潞城区"),
        ("聊城市", "临清市"),
    ):
        for form_id in ("t1", "t2", "t4"):
            ret = sample_return(build_form(catalog, city, form_id), county, 2025)
            errors = [f for f in validate(ret, ctx) if f.severity is Severity.ERROR]
            assert errors == [], (city, form_id, errors)


def test_required_and_refused(catalog: TargetCatalog, ctx: ValidationContext) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = t1(catalog)
    del ret.values["gdp_index_b2020"]
    entry = enter(ret, form, "supply_total", "约3000")
    assert entry.refusal is not None and entry.value is None
    findings = validate(ret, ctx)
    d01 = next(f for f in findings if f.rule == "D01")
    assert d01.field == "gdp_index_b2020"
    assert d01.message == "“地区生产总值指数（2020年=100，可比价）”为必填项，尚未填写。"
    d02 = next(f for f in findings if f.rule == "D02")
    assert d02.field == "supply_total" and "约" in d02.message
    # the derived values are simply not computed; no invented zero
    assert values_of(ret, ctx).get("gdp_intensity_decline_b2020") is None
    assert values_of(ret, ctx).get("leakage_rate") is None


def test_not_applicable_satisfies_required(catalog: TargetCatalog, ctx: ValidationContext) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = t1(catalog)
    enter(ret, form, "fixtures_saving", "—")
    assert "D01" not in rules_of(validate(ret, ctx))


def test_negative_and_ranges(catalog: TargetCatalog, ctx: ValidationContext) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = t1(catalog)
    enter(ret, form, "industrial_use", "-3")
    enter(ret, form, "household_metered_share", "140%")
    enter(ret, form, "outlet_pressure", "1.6")
    findings = {f.field: f for f in validate(ret, ctx)}
    assert findings["industrial_use"].rule == "D03"
    assert findings["household_metered_share"].rule == "D04"
    assert findings["outlet_pressure"].rule == "D05"
    assert findings["outlet_pressure"].severity is Severity.WARNING


def test_part_exceeds_whole(catalog: TargetCatalog, ctx: ValidationContext) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = t1(catalog)
    enter(ret, form, "billed_use", "3100")  # > 供水总量 3000
    findings = [f for f in validate(ret, ctx) if f.rule == "D06"]
    assert [f.field for f in findings] == ["billed_use"]
    assert "“注册用户用水量 Qa”（3100.00 万立方米）大于“公共供水总量 Qs”" in findings[0].message


def test_t1_and_t2_agree_within_entered_precision(catalog: TargetCatalog) -> None:
    t1_form, t2_form = build_form(catalog, "阳泉市", "t1"), build_form(catalog, "阳泉市", "t2")
    r1, r2 = sample_return(t1_form, "盂县", 2025), sample_return(t2_form, "盂县", 2025)
    ctx = ValidationContext(catalog, companions={"t2": r2})
    assert "D07" not in rules_of(validate(r1, ctx))
    # 表一 typed as 0.8 亿m³ = 8000 万m³ exactly, precise to ±0.05 亿 = ±500 万: still agrees
    enter(r1, t1_form, "total_use", "0.8亿立方米")
    assert tolerance(t1_form, r1, "total_use") == D(500)
    assert "D07" not in rules_of(validate(r1, ctx))
    # typed 8003 万m³ (±0.5) against 表二's 8000 from 16 integer cells (±8): 3 ≤ 8.5 → agrees
    enter(r1, t1_form, "total_use", "8003")
    assert tolerance(t1_form, r1, "total_use") + tolerance(t2_form, r2, "total_use") == D("8.5")
    assert "D07" not in rules_of(validate(r1, ctx))
    enter(r1, t1_form, "total_use", "8010")
    d07 = [f for f in validate(r1, ctx) if f.rule == "D07"]
    assert [f.field for f in d07] == ["total_use"]
    assert "相差 10" in d07[0].message


def test_year_on_year(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    last, now = t1(catalog, year=2024), t1(catalog, year=2025)
    enter(now, form, "total_use", "11000")  # +37.5% against 8000
    findings = [
        f
        for f in validate(now, ValidationContext(catalog, last_year={"t1": last}))
        if f.rule == "D10"
    ]
    assert [f.field for f in findings] == ["total_use"]
    assert "变化 37.5%" in findings[0].message
    enter(now, form, "total_use", "10400")  # +30% exactly: not beyond ±30%
    assert "D10" not in rules_of(validate(now, ValidationContext(catalog, last_year={"t1": last})))


def test_period_must_match_the_form(catalog: TargetCatalog, ctx: ValidationContext) -> None:
    ret = sample_return(build_form(catalog, "阳泉市", "t1"), "盂县", 2025, period="Q2")
    assert "D13" in rules_of(validate(ret, ctx))


def test_ledger_rules(catalog: TargetCatalog, ctx: ValidationContext) -> None:
    form = build_form(catalog, "阳泉市", "t4")
    ret = sample_return(form, "盂县", 2025, ledger_rows=0)
    rows = [
        # name, uscc, plan, q1..q4, annual
        ("甲厂", sample_uscc(1), "40", "10", "10", "10", "10", "40"),  # clean
        (
            "乙厂",
            sample_uscc(1),
            "40",
            "12",
            "12",
            "11",
            "11",
            "46",
        ),  # dup code, quarters 46 = annual, 15% over
        (
            "丙厂",
            "91440300708461137T",
            "40",
            "10",
            "10",
            "",
            "",
            "15",
        ),  # bad check digit; Q1+Q2 > annual
        # quarters 40 ≠ 44: beyond the rounding of five integer entries (5 × 0.5 = 2.5)
        ("丁厂", sample_uscc(3), "40", "10", "10", "10", "10", "44"),
    ]
    for name, code, plan, *quarters, annual in rows:
        i = add_row(ret)
        for column, text in zip(
            ("name", "uscc", "industry", "source", "plan", "q1", "q2", "q3", "q4", "annual"),
            (name, code, "工业", "公共供水", plan, *quarters, annual),
            strict=True,
        ):
            enter_cell(ret, form, i, column, text)
    add_row(ret)  # an empty row at the bottom is ignored
    findings = validate(ret, ctx)
    got = {(f.rule, f.row) for f in findings}
    assert ("D12", 2) in got
    assert ("D11", 3) in got
    assert ("D08", 3) in got
    assert ("D08", 4) in got
    assert ("L01", 2) in got
    over = next(f for f in findings if f.rule == "L01" and f.row == 2)
    # 46 − 40 = 6 万m³; 6/40 = 15% → (10%, 20%] → 2倍
    assert over.message == "第2行“乙厂”超计划用水 6 万立方米（超计划 15.00%），应按2倍加价。"
    assert not any(f.row == 5 for f in findings)
    bad = next(f for f in findings if f.rule == "D11")
    assert "校验位应为" in bad.message


def test_ledger_exceeding_the_return(catalog: TargetCatalog) -> None:
    t4_form = build_form(catalog, "阳泉市", "t4")
    t2 = sample_return(build_form(catalog, "阳泉市", "t2"), "盂县", 2025)
    ledger = sample_return(t4_form, "盂县", 2025, ledger_rows=0)
    i = add_row(ledger)
    for column, text in (
        ("name", "甲厂"),
        ("uscc", sample_uscc(1)),
        ("industry", "工业"),
        ("source", "公共供水"),
    ):
        enter_cell(ledger, t4_form, i, column, text)
    enter_cell(ledger, t4_form, i, "plan", "3000")
    enter_cell(ledger, t4_form, i, "annual", "2400")  # > 工业 1500 + 城镇公共 800 = 2300
    findings = validate(ledger, ValidationContext(catalog, companions={"t2": t2}))
    assert "D09" in rules_of(findings)


def test_tasks(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "长治市", "t3", year=2026, county="潞城区")
    ret = sample_return(form, "潞城区", 2026, period="Q3")
    from siwu_desktop.core.returns import enter_cell as cell

    cell(ret, form, 0, "status", "已完成")  # task 1, due 2026-06-30
    cell(ret, form, 0, "done_date", "2026年7月15日")
    cell(ret, form, 1, "problems", "")  # task 2 due 2026-09-30, 推进中, report date 2026-09-30
    findings = validate(ret, ValidationContext(catalog))
    got = {(f.rule, f.row) for f in findings}
    assert ("T03", 1) in got  # done without evidence
    assert ("T04", 1) in got  # done late (7-15 > 6-30)
    assert not any(f.rule == "T01" for f in findings)  # task 2 is due on the report date itself
    late = ValidationContext(catalog, reporting_date=dt.date(2026, 10, 10))
    got = {(f.rule, f.row) for f in validate(ret, late)}
    assert ("T01", 2) in got and ("T05", 2) in got
    cell(ret, form, 1, "status", "搁置")
    assert ("D02", 2) in {(f.rule, f.row) for f in validate(ret, late)}


def test_row_overdue_is_the_one_rule_for_a_rows_overdue_mark(catalog: TargetCatalog) -> None:
    """The window, the workbook and the printed sheet all mark a 表三 row with this."""
    from siwu_desktop.core.returns import enter_cell as cell
    from siwu_desktop.core.terms import Overdue, TaskState
    from siwu_desktop.core.validation import row_overdue, task_state

    form = build_form(catalog, "长治市", "t3", year=2026, county="潞城区")
    ret = sample_return(form, "潞城区", 2026, period="Q3")
    task1, task2 = (r.task for r in form.table.fixed_rows[:2])  # type: ignore[union-attr]
    on_time, later = dt.date(2026, 9, 30), dt.date(2026, 10, 10)
    cell(ret, form, 0, "status", "已完成")  # task 1, due 2026-06-30
    cell(ret, form, 0, "done_date", "2026年7月15日")
    assert task_state(ret.rows[0].cells) == (TaskState.DONE, dt.date(2026, 7, 15))
    assert row_overdue(task1, ret.rows[0].cells, on_time) is Overdue.LATE
    assert row_overdue(task2, ret.rows[1].cells, on_time) is None  # due on the report date
    assert row_overdue(task2, ret.rows[1].cells, later) is Overdue.OPEN
    cell(ret, form, 1, "status", "搁置")  # refused: counts as no status, still overdue
    assert task_state(ret.rows[1].cells)[0] is None
    assert row_overdue(task2, ret.rows[1].cells, later) is Overdue.OPEN


def test_findings_name_rule_field_and_values(
    catalog: TargetCatalog, ctx: ValidationContext
) -> None:
    form = build_form(catalog, "阳泉市", "t1")
    ret = t1(catalog)
    enter(ret, form, "billed_use", "3100")
    f = next(f for f in validate(ret, ctx) if f.rule == "D06")
    assert f.severity is RULE_INDEX["D06"].severity
    assert f.key == "D06:billed_use"
    assert dict(f.values) == {"注册用户用水量 Qa": "3100.00", "公共供水总量 Qs": "3000.00"}


def test_t2_reports_its_mismatch_with_t1_too(catalog: TargetCatalog) -> None:
    """Issue #17 item 6: 表二 合计 3480 against 表一 用水总量 3580 is reported on both returns."""
    t1_form, t2_form = build_form(catalog, "阳泉市", "t1"), build_form(catalog, "阳泉市", "t2")
    r1 = sample_return(t1_form, "盂县", 2025)
    r2 = new_return(t2_form, "盂县", 2025, "Y")
    enter(r2, t2_form, "industry_surface", "3000")
    enter(r2, t2_form, "urban_public_surface", "480")  # 合计 3000 + 480 = 3480 (±0.5 ±0.5)
    enter(r1, t1_form, "total_use", "3580")  # ±0.5: allowed 1.5, difference 100
    on_t2 = [f for f in validate(r2, ValidationContext(catalog, companions={"t1": r1}))]
    d07 = [f for f in on_t2 if f.rule == "D07" and f.field == "total_use"]
    assert [f.message for f in d07] == [
        "表二“用水总量（合计）”为 3480 万立方米，表一“用水总量”为 3580 万立方米，"
        "相差 100，超出填报精度允许的 1.5，请核对。"
    ]
    assert d07[0].values == (("表二", "3480"), ("表一", "3580"))
    on_t1 = validate(r1, ValidationContext(catalog, companions={"t2": r2}))
    mirrored = [f for f in on_t1 if f.rule == "D07" and f.field == "total_use"]
    assert "表一“用水总量”为 3580 万立方米，表二“用水总量（合计）”为 3480" in mirrored[0].message
    # equal within the rounding: quiet on 表二 as on 表一
    enter(r1, t1_form, "total_use", "3481")  # 1 ≤ 1.5
    assert not [
        f
        for f in validate(r2, ValidationContext(catalog, companions={"t1": r1}))
        if f.rule == "D07" and f.field == "total_use"
    ]


@pytest.mark.parametrize(
    ("quarters", "annual", "mismatch"),
    [
        # issue #17 item 14: integers 2+2+2+2 = 8; 8.5 rounds (四舍五入, once) to 9 ≠ 8.
        # The old tolerance (4 × 0.5 + 0.05 = 2.05 ≥ 0.5) let it pass.
        (("2", "2", "2", "2"), "8.5", True),
        # 2.4 × 4 = 9.6 → 10 at the integer precision of 9: the year cannot be 9.6
        (("2.4", "2.4", "2.4", "2.4"), "9", True),
        # 2.3 × 4 = 9.2 → 9 = 9: one rounding explains it
        (("2.3", "2.3", "2.3", "2.3"), "9", False),
        # 8 against 7.6 → 8: the year rounded to the quarters' precision agrees
        (("2", "2", "2", "2"), "7.6", False),
        (("12", "12", "11", "11"), "46", False),
        # three quarters 3 + 3 + 2.6 = 8.6 → 9 > 8.4 → 8: they exceed the year
        (("3", "3", "2.6", ""), "8.4", True),
        # 3 + 3 + 2.4 = 8.4 → 8 ≤ 8: not beyond the year at its precision
        (("3", "3", "2.4", ""), "8", False),
    ],
)
def test_quarters_against_the_year_allow_one_rounding(
    catalog: TargetCatalog, quarters: tuple[str, ...], annual: str, mismatch: bool
) -> None:
    form = build_form(catalog, "阳泉市", "t4")
    ret = sample_return(form, "盂县", 2025, ledger_rows=0)
    i = add_row(ret)
    for column, text in zip(
        ("name", "uscc", "industry", "source", "plan", "q1", "q2", "q3", "q4", "annual"),
        ("甲厂", sample_uscc(1), "工业", "公共供水", "100", *quarters, annual),
        strict=True,
    ):
        enter_cell(ret, form, i, column, text)
    d08 = [f for f in validate(ret, ValidationContext(catalog)) if f.rule == "D08"]
    assert bool(d08) is mismatch, d08


def test_quarter_mismatch_message_names_the_rounded_figures(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "阳泉市", "t4")
    ret = sample_return(form, "盂县", 2025, ledger_rows=0)
    i = add_row(ret)
    for column, text in zip(
        ("name", "uscc", "industry", "source", "plan", "q1", "q2", "q3", "q4", "annual"),
        ("甲厂", sample_uscc(1), "工业", "公共供水", "100", "2", "2", "2", "2", "8.5"),
        strict=True,
    ):
        enter_cell(ret, form, i, column, text)
    (d08,) = [f for f in validate(ret, ValidationContext(catalog)) if f.rule == "D08"]
    assert d08.message == (
        "第1行四个季度实际用水量合计 8 万立方米，与全年实际用水量 8.5 万立方米不一致"
        "（相差 0.5；按所填精度四舍五入后分别为 8 和 9）。"
    )


def test_empty_computed_total_names_the_inputs_not_the_grey_cell(catalog: TargetCatalog) -> None:
    """Issue #17 item 15: an empty 表二 flags the inputs of 用水总量（合计）, on an input cell."""
    form = build_form(catalog, "阳泉市", "t2")
    ret = new_return(form, "盂县", 2025, "Y")
    (d01,) = [f for f in validate(ret, ValidationContext(catalog)) if f.rule == "D01"]
    assert d01.field == "urban_residential_surface"  # the first input, not total_use
    assert form.field(d01.field).kind == "input"
    # 7 sectors × 7 sources = 49 empty inputs, named as rows × columns
    assert d01.message == (
        "“用水总量（合计）”为必填项，它是计算值（灰色，不能直接填写），尚无数值："
        "城镇居民、农村居民、城镇公共、工业、农田灌溉、林牧渔畜、人工生态环境补水各行的"
        "地表水、地下水、再生水、矿井水/疏干水、集蓄雨水、微咸水、淡化海水各栏都未填写；"
        "请在这些栏中填写（不适用的填“—”）。"
    )
    enter(ret, form, "industry_surface", "—")
    (d01,) = [f for f in validate(ret, ValidationContext(catalog)) if f.rule == "D01"]
    assert "“工业·地表水”" not in d01.message and "“城镇居民·地表水”、" in d01.message
    enter(ret, form, "industry_groundwater", "120")  # one filled input: the total is 120
    assert "D01" not in rules_of(validate(ret, ValidationContext(catalog)))
