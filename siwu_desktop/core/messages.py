"""Every user-facing Chinese message of the core, in one place so it can be reviewed.

Templates use `str.format` fields; the names of the fields say what is filled in.
Field labels, rule titles and task texts are data (forms.py, rules.py, the catalog).
"""

from __future__ import annotations

# --- parsing (parsing.py) -----------------------------------------------------------------
PARSE_NOT_TEXT = "无法读取该内容（不是文字或数字）。"
PARSE_TOO_LONG = "内容过长，不像一个数值，请只填写数值。"
PARSE_HEDGE = "“{word}”表示估计值，填报数必须是确切数值，请删去“{word}”并填写核实后的数值。"
PARSE_NONE_WORD = "“无”含义不明：数量为零请填 0，不适用请填“—”。"
PARSE_CHINESE_NUMERAL = "请用阿拉伯数字填写数值（如 1.5），不要用汉字数字。"
PARSE_NOT_NUMBER = "“{text}”不是数值。"
PARSE_TWO_POINTS = "“{text}”中有不止一个小数点，无法确定数值。"
PARSE_BAD_GROUPING = (
    "“{text}”中的逗号位置不对（千位分隔符应每三位一个，如 12,345.6），无法确定数值。"
)
PARSE_TWO_NUMBERS = "“{text}”中含有不止一个数值，请只填写一个数值。"
PARSE_EXPONENT = "“{text}”是科学计数法，请填写完整数值（如 120000）。"
PARSE_TOO_MANY_DIGITS = "“{text}”的有效数字位数过多，请核对。"
PARSE_UNKNOWN_UNIT = "无法识别单位“{unit}”，本栏单位为{field_unit}。"
PARSE_WRONG_UNIT = "单位“{unit}”与本栏单位{field_unit}不符，无法换算。"
PARSE_CONVERTED = "已按 1 {typed} = {factor} {field_unit} 换算为 {value} {field_unit}。"
PARSE_NOT_APPLICABLE = "不适用"

# --- values shown --------------------------------------------------------------------------
BLANK = "（未填）"
NOT_APPLICABLE_SHOWN = "—"

# --- data quality (validation.py) ----------------------------------------------------------
REQUIRED = "“{label}”为必填项，尚未填写。"
REQUIRED_ROW = "第{row}行“{label}”为必填项，尚未填写。"
REFUSED = "“{label}”填写的“{text}”无法识别：{reason}"
REFUSED_ROW = "第{row}行“{label}”填写的“{text}”无法识别：{reason}"
NEGATIVE = "“{label}”为 {value}{unit}，数量不能为负数。"
NEGATIVE_ROW = "第{row}行“{label}”为 {value}，数量不能为负数。"
OUT_OF_HARD_RANGE = "“{label}”为 {value}{unit}，超出可能的范围（{low}～{high}），请核对。"
OUT_OF_PLAUSIBLE_RANGE = (
    "“{label}”为 {value}{unit}，超出常见范围（{low}～{high}），请核对，如属实请说明原因。"
)
PART_EXCEEDS_WHOLE = "“{part}”（{part_value}{unit}）大于“{whole}”（{whole_value}{unit}），请核对。"
CROSS_FORM_MISMATCH = (
    "表一“{label}”为 {value}{unit}，表二相应合计为 {other_value}{unit}，"
    "相差 {difference}，超出填报精度允许的 {tolerance}，请核对。"
)
QUARTERS_EXCEED_ANNUAL = (
    "第{row}行已填季度实际用水量合计 {quarters} 万立方米，大于全年实际用水量 {annual} 万立方米。"
)
QUARTERS_SUM_MISMATCH = (
    "第{row}行四个季度实际用水量合计 {quarters} 万立方米，与全年实际用水量 {annual} 万立方米不一致"
    "（相差 {difference}，允许 {tolerance}）。"
)
LEDGER_EXCEEDS_RETURN = (
    "计划用水户台账实际用水量合计 {ledger} 万立方米，大于用水结构表工业与城镇公共用水合计 {sectors} 万立方米，"
    "请核对台账或用水结构表。"
)
LEDGER_EXCEEDS_TOTAL = (
    "计划用水户台账实际用水量合计 {ledger} 万立方米，大于表一用水总量 {total} 万立方米，请核对。"
)
USCC_BAD_LENGTH = "第{row}行统一社会信用代码“{code}”应为18位，实为{length}位。"
USCC_BAD_CHAR = (
    "第{row}行统一社会信用代码“{code}”含有不允许的字符“{char}”（不使用 I、O、Z、S、V）。"
)
USCC_BAD_CHECK = (
    "第{row}行统一社会信用代码“{code}”校验位应为“{expected}”，实为“{actual}”，请核对是否抄错。"
)
USCC_DUPLICATE = "第{row}行统一社会信用代码“{code}”与第{other}行重复。"
YEAR_ON_YEAR = (
    "“{label}”为 {value}{unit}，较上年 {last}{unit} 变化 {change}%，超过±{limit}%，请说明原因。"
)
OVER_PLAN = "第{row}行“{name}”超计划用水 {over} 万立方米（超计划 {rate}%），应按{band}加价。"
OVER_PLAN_TOLERATED = (
    "第{row}行“{name}”超计划用水 {over} 万立方米（超计划 {rate}%），在不加价范围内。"
)
CHOICE_INVALID = "“{label}”只能填写：{choices}；实际填写“{text}”。"
CHOICE_INVALID_ROW = "第{row}行“{label}”只能填写：{choices}；实际填写“{text}”。"
DATE_INVALID = "“{label}”填写的“{text}”不是有效日期，请写成 2026-06-30 的形式。"
DATE_INVALID_ROW = "第{row}行“{label}”“{text}”不是有效日期，请写成 2026-06-30 的形式。"
TASK_OVERDUE = "第{row}项任务“{task}”完成时限为 {due}，截至 {date} 尚未完成，已逾期。"
TASK_DONE_NO_DATE = "第{row}项任务已标为“已完成”，请填写完成日期。"
TASK_DONE_NO_EVIDENCE = "第{row}项任务已标为“已完成”，请填写佐证材料。"
TASK_DONE_LATE = "第{row}项任务完成日期 {done} 晚于完成时限 {due}（逾期完成）。"
TASK_DONE_AFTER_REPORT = "第{row}项任务完成日期 {done} 晚于报告期末 {date}，请核对。"
TASK_PROBLEMS_MISSING = "第{row}项任务已逾期，请在“存在问题”中说明原因及下一步安排。"
NOT_ANNUAL = "{form}为年报，报告期应为“全年”，实为“{period}”。"
NOT_A_PERIOD = "报告期“{period}”无效，应为全年或第一至第四季度。"

# --- compliance (compliance.py) ------------------------------------------------------------
STATUS_MET = "达标"
STATUS_UNMET = "未达标"
STATUS_NOT_ALLOCATED = "未下达县级指标"
STATUS_NO_TARGET = "无本年目标"
STATUS_NO_VALUE = "未填报"
STATUS_NOT_APPLICABLE = "不适用"
BASIS_ALLOCATION = "县级分解指标"
BASIS_COUNTY_TARGET = "县级目标"
BASIS_CITY_REFERENCE = "参照市级目标"
BOUND_TEXT = {"max": "不高于", "min": "不低于", "decline_min": "较{base_year}年下降不少于"}
REFERENCE_NEXT = (
    "参考：下一目标年{year}年目标值 {bound}{value}{unit}（{citation}），非本年目标，不作判定。"
)
CONFLICT_NOTE = "文件另处写作 {value}（{source}），按附件值 {target} 校验。"
DRAFT_NOTE = "（征求意见稿）"
EVERY_YEAR = "每年"
UNMET_BINDING = (
    "“{label}”{year}年实际 {value}{unit}，{basis}{bound}{target}{unit}，未达标。"
    "约束性指标未完成，须填写情况说明后方可定稿。来源：{citation}。{extra}"
)
UNMET_EXPECTED = (
    "“{label}”{year}年实际 {value}{unit}，{basis}{bound}{target}{unit}，未达标（{attribute}指标），"
    "请填写说明。来源：{citation}。{extra}"
)
NOT_ALLOCATED = "“{label}”市级目标为{bound}{target} {target_unit}（{citation}），尚未下达县级分解指标，本项不作判定。"

# --- finalising ----------------------------------------------------------------------------
FINALISE_ERRORS = "还有 {count} 个错误未改正，不能定稿。"

# --- surcharge bands (formulas.py) ---------------------------------------------------------
BAND_NONE = "不加价"
BAND_TIMES = "{multiplier}倍"

# --- form titles and periods (forms.py) ----------------------------------------------------
PERIOD_LABELS = {
    "Y": "全年",
    "Q1": "第一季度",
    "Q2": "第二季度",
    "Q3": "第三季度",
    "Q4": "第四季度",
}
UNKNOWN_FORM = "未知报表：{form}。可选：表一、表二、表三、表四（或 t1～t4）。"
