"""Every rule of validation, declared in one place and readable as a list.

`RULES` names each rule once (id, forms, severity, title, what it checks); the
checks in validation.py and compliance.py refer to these ids and nothing else
defines a rule. The tables below (parts and wholes, cross-form pairs, the
year-on-year limit) are the data the checks run on. `siwu rules` prints them.

Severity: error blocks finalising; warning needs a note (说明) but does not block;
notice is information. A 约束性 target missed (C01) is not a data error but blocks
finalising until a 情况说明 is written.
"""

from __future__ import annotations

from decimal import Decimal

from msgspec import Struct

from siwu_desktop.core.terms import Severity as Severity  # re-exported: many callers import it here


class Rule(Struct, frozen=True):
    """A declared check (`siwu rules`): the forms it applies to, its severity, what it checks."""

    id: str
    forms: tuple[str, ...]
    severity: Severity
    title: str
    checks: str  # what the rule checks, for a reviewer


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE
ALL = ("t1", "t2", "t3", "t4")

RULES: tuple[Rule, ...] = (
    # data quality: single values
    Rule("D01", ALL, E, "必填项未填", "必填栏为空（“—”表示不适用，视为已填）"),
    Rule(
        "D02",
        ALL,
        E,
        "无法识别的填写内容",
        "数值栏中有文字、估计值（约/左右）、含糊的数字或不相符的单位",
    ),
    Rule("D03", ("t1", "t2", "t4"), E, "数量为负", "水量、面积、金额、器具数等数量不能为负"),
    Rule("D04", ("t1",), E, "超出可能范围", "百分数在0～100%之外、系数在0～1之外等不可能的数值"),
    Rule(
        "D05",
        ("t1",),
        W,
        "超出常见范围",
        "如万元GDP用水量5～150、漏损率3～25%、灌溉水有效利用系数0.45～0.80",
    ),
    # data quality: relations
    Rule(
        "D06",
        ("t1",),
        E,
        "分项大于总量",
        "如注册用户用水量大于供水总量、高效节水灌溉面积大于灌溉面积",
    ),
    Rule(
        "D07",
        ("t1", "t2"),
        E,
        "表一与表二不一致",
        "表一用水总量等与表二相应合计在填报精度内相等",
    ),
    Rule(
        "D08",
        ("t4",),
        E,
        "季度与全年不符",
        "四个季度实际用水量之和与全年实际用水量按所填精度四舍五入一次后相等，已填季度之和不大于全年",
    ),
    Rule(
        "D09",
        ("t4",),
        W,
        "台账与报表不符",
        "计划用水户实际用水量合计不大于表二工业与城镇公共用水合计（无表二时不大于表一用水总量）",
    ),
    Rule("D10", ("t1", "t2"), W, "较上年变化过大", "与上年报表相比变化超过±30%，请说明原因"),
    Rule(
        "D11",
        ("t4",),
        E,
        "统一社会信用代码有误",
        "18位，字符集 0-9A-HJ-NPQRTUWXY，校验位符合 GB 32100-2015",
    ),
    Rule("D12", ("t4",), W, "统一社会信用代码重复", "同一单位在台账中出现两次"),
    Rule("D13", ALL, E, "报告期不对", "表一、表二、表四为年报；表三为季报和年报"),
    Rule(
        "D14",
        ("t1",),
        N,
        "市级汇总所需的基础数据未填",
        "基准年当年价地区生产总值（工业增加值）可不填，但缺少时市级无法按可比价计算全市下降幅度",
    ),
    Rule(
        "D15",
        ("t1",),
        N,
        "参考事项与表四台账不一致",
        "表一“已纳入计划用水管理的用水单位数”应等于表四计划用水户台账的户数（仅提示，不作判定）",
    ),
    # 表三 tasks
    Rule("T01", ("t3",), W, "任务逾期未完成", "完成时限早于报告期末且尚未完成"),
    Rule("T02", ("t3",), E, "已完成但无完成日期", "进展为“已完成”须填完成日期"),
    Rule("T03", ("t3",), W, "已完成但无佐证材料", "进展为“已完成”须列佐证材料"),
    Rule("T04", ("t3",), N, "逾期完成", "完成日期晚于完成时限"),
    Rule("T05", ("t3",), W, "逾期未说明原因", "逾期任务须在“存在问题及下步措施”中说明"),
    Rule("T06", ("t3",), E, "完成日期晚于报告期", "完成日期不能晚于报告期末"),
    # 表四 ledger
    Rule(
        "L01",
        ("t4",),
        N,
        "超计划用水",
        "超计划量 = 实际 − 计划（不超计划时为 0），按本市累进加价档次确定加价倍数",
    ),
    # compliance
    Rule("C01", ("t1",), W, "约束性指标未达标", "须填写情况说明后方可定稿"),
    Rule(
        "C02",
        ("t1",),
        W,
        "预期性指标未达标",
        "请填写说明，不影响定稿（文件未注明属性的按预期性对待）",
    ),
    Rule("C03", ("t1",), N, "未下达县级指标", "总量类目标尚无县级分解，不作判定"),
)
RULE_INDEX: dict[str, Rule] = {r.id: r for r in RULES}


def rules_for(form: str | None = None) -> list[Rule]:
    return [r for r in RULES if form is None or form in r.forms]


# --- data of the relation rules --------------------------------------------------------------

# D06: (part, whole) within 表一; both must be fields of the form for the check to run.
PART_OF: tuple[tuple[str, str], ...] = (
    ("billed_use", "supply_total"),
    ("irrigation_net", "irrigation_gross"),
    ("industrial_use", "total_use"),
    ("groundwater_use", "total_use"),
    ("agricultural_use", "total_use"),
    ("nonconventional_use", "total_use"),
    ("reclaimed_use", "nonconventional_use"),
    ("reclaimed_use", "sewage_treated"),
    ("efficient_irrigation_area", "irrigated_area"),
    ("fixtures_saving", "fixtures_total"),
    ("chem_park_nonconventional", "chem_park_allocated"),
    ("wwtp_upgraded_capacity", "wwtp_capacity"),
    ("green_covered_area", "built_up_area"),
)

# D07: 表一 field → 表二 field that must agree with it.
CROSS_FORM: tuple[tuple[str, str], ...] = (
    ("total_use", "total_use"),
    ("groundwater_use", "total_groundwater"),
    ("nonconventional_use", "total_nonconventional"),
    ("reclaimed_use", "total_reclaimed"),
    ("agricultural_use", "agriculture_total"),
    ("industrial_use", "industry_total"),
    ("yellow_river_use", "total_yellow_river"),
    ("transferred_use", "total_transferred"),
)

# D09: the sectors of 表二 that planned water users belong to.
LEDGER_SECTORS: tuple[str, ...] = ("industry_total", "urban_public_total")

# D10: beyond this change against last year's return, a note is asked for.
YEAR_ON_YEAR_LIMIT = Decimal(30)
