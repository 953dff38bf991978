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
PARSE_LOOKALIKE = (
    "“{char}”是{kind}（{code}），不是普通数字，读成数字可能变成另一个数；请用普通数字 0～9 填写。"
)
PARSE_TWO_POINTS = "“{text}”中有不止一个小数点，无法确定数值。"
PARSE_BAD_GROUPING = (
    "“{text}”中的逗号位置不对（千位分隔符应每三位一个，如 12,345.6），无法确定数值。"
)
PARSE_HEADER = "“{text}”是表头文字（列名），不是数值；粘贴或导入时请不要带上表头行。"
PARSE_MAGNITUDE = "已按 {text} = {value} 读取。"
PARSE_MAGNITUDE_MIXED = "“{text}”混用了阿拉伯数字和汉字数位，请直接填写完整数值（如 3500）。"
PARSE_MAGNITUDE_AMBIGUOUS = (
    "“{text}”中的“{word}”含义不明：可能是单位的一部分（{example}），也可能只表示数量级；"
    "请写明单位（如“{example}”）或填写完整数值。"
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
REQUIRED_SUM = (
    "“{label}”为必填项，它是计算值（灰色，不能直接填写），尚无数值：{inputs}都未填写；"
    "请在这些栏中填写（不适用的填“—”）。"
)
GRID_LABELS = "{rows}各行的{columns}各栏"
REQUIRED_ROW = "第{row}行“{label}”为必填项，尚未填写。"
REFUSED = "“{label}”填写的“{text}”无法识别：{reason}"
# 表三 of tasks from several documents: a 序号 names its document (DOMAIN.md, #18)
GROUPED_NUMBER = "{number}（{document}）"
CHINESE_ORDINALS = "一二三四五六七八九十"
TASK_REQUIRED = "序号{number}的任务“{label}”为必填项，尚未填写。"
TASK_REFUSED = "序号{number}的任务“{label}”填写的“{text}”无法识别：{reason}"
REFUSED_ROW = "第{row}行“{label}”填写的“{text}”无法识别：{reason}"
NEGATIVE = "“{label}”为 {value}{unit}，数量不能为负数。"
NEGATIVE_ROW = "第{row}行“{label}”为 {value}，数量不能为负数。"
OUT_OF_HARD_RANGE = "“{label}”为 {value}{unit}，超出可能的范围（{low}～{high}），请核对。"
OUT_OF_PLAUSIBLE_RANGE = (
    "“{label}”为 {value}{unit}，超出常见范围（{low}～{high}），请核对，如属实请说明原因。"
)
PART_EXCEEDS_WHOLE = "“{part}”（{part_value}{unit}）大于“{whole}”（{whole_value}{unit}），请核对。"
LEDGER_COUNT_MISMATCH = (
    "表一参考事项“{label}”为 {value}，表四计划用水户台账列有 {count} 户，请核对（不作判定）。"
)
CROSS_FORM_MISMATCH = (
    "{form}“{label}”为 {value}{unit}，{other_form}“{other_label}”为 {other_value}{unit}，"
    "相差 {difference}，超出填报精度允许的 {tolerance}，请核对。"
)
QUARTERS_EXCEED_ANNUAL = (
    "第{row}行已填季度实际用水量合计 {quarters} 万立方米，大于全年实际用水量 {annual} 万立方米。"
)
QUARTERS_SUM_MISMATCH = (
    "第{row}行四个季度实际用水量合计 {quarters} 万立方米，与全年实际用水量 {annual} 万立方米不一致"
    "（相差 {difference}；按所填精度四舍五入后分别为 {quarters_rounded} 和 {annual_rounded}）。"
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
TASK_OVERDUE = "序号{number}的任务“{task}”完成时限为 {due}，截至 {date} 尚未完成，已逾期。"
TASK_DONE_NO_DATE = "序号{number}的任务已标为“已完成”，请填写完成日期。"
TASK_DONE_NO_EVIDENCE = "序号{number}的任务已标为“已完成”，请填写佐证材料。"
TASK_DONE_LATE = "序号{number}的任务完成日期 {done} 晚于完成时限 {due}（逾期完成）。"
TASK_DONE_AFTER_REPORT = "序号{number}的任务完成日期 {done} 晚于报告期末 {date}，请核对。"
TASK_PROBLEMS_MISSING = "序号{number}的任务已逾期，请在“存在问题”中说明原因及下一步安排。"
NOT_ANNUAL = "{form}为年报，报告期应为“全年”，实为“{period}”。"
NOT_A_PERIOD = "报告期“{period}”无效，应为全年或第一至第四季度。"

# --- compliance (compliance.py) ------------------------------------------------------------
# verdicts, bases and bounds are domain words: their labels are in core/terms.py
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
NOT_ALLOCATED_PENDING = (
    "“{label}”{year}年的县级指标由市局下达（{citation}），尚未通过目标包下达，本项不作判定。"
)
NOT_ALLOCATED = "“{label}”市级目标为{bound}{target}{target_unit}（{citation}），尚未下达县级分解指标，本项不作判定。"

# --- finalising ----------------------------------------------------------------------------
FINALISE_ERRORS = "还有 {count} 个错误未改正，不能定稿。"

# --- surcharge bands (formulas.py) ---------------------------------------------------------
BAND_NONE = "不加价"
BAND_TIMES = "{multiplier}倍"

# --- forms (forms.py; period labels are in core/terms.py) ----------------------------------------------------
UNKNOWN_FORM = "未知报表：{form}。可选：表一、表二、表三、表四（或 t1～t4）。"

# --- consolidation (consolidation.py) ------------------------------------------------------
MISSING_COUNTY = "未报"
PARTIAL_LABEL = "（不含未报县区）"
PARTIAL_FIELD = "（不含未填县区：{counties}）"
METHOD_SUM = "各县区合计"
METHOD_WEIGHTED = "按{weight}加权：Σ(县区值×{weight})/Σ{weight}"
METHOD_RECOMPUTED = "由汇总后的{inputs}按同一公式重新计算"
NOT_ADDITIVE = "县区直接填报的比率，缺少可汇总的基础数据，不能汇总（不作平均）"
NO_REPORTS = "没有县区报送本年表一"
NO_WEIGHT = (
    "{counties}未填“{weight}”，无法按可比价计算全市指数，本项不计算（不以县区下降幅度平均代替）"
)
NOT_COMPUTED = "汇总的基础数据不足或分母为零，无法计算"
METHOD_LEAKAGE = (
    "各县区漏损率按本县区供水系统修正（CJJ 92，含压力修正 R3）后按供水总量加权："
    "Σ(R_BL,i×Q_s,i)/ΣQ_s"
)
METHOD_OFFICIAL = "市统计局数据（{source}）"
CITY_WEIGHT_MISSING = (
    "“{label}”未填：本县区可不填，但市级汇总按可比价计算全市下降幅度时需要它；"
    "未填则全市下降幅度无法计算（将注明本县区缺此项）。"
)
INCOMPLETE = "不完整（未报：{counties}），不作判定"
OVER_REPORTING = "按报送的{n}个县区计算（不含：{counties}）"
OFFICIAL_USED = "{label}采用市统计局数据（{source}），不用县区加权值"
COUNTY_WEIGHTED_USED = "{label}按县区数据加权计算（未录入市统计局数据）"
OFFICIAL_NOT_FOR_PARTIAL = "县区数据不全，{label}未采用全市统计数据（口径不一致），按报送县区计算"
CONSOLIDATION_RULES = (
    "数量（用水量、面积、器具数、当年价地区生产总值和工业增加值、基准年用水量等）：各报送县区直接相加。",
    "比率和系数一律由汇总后的基础数据按县区表一的同一公式重新计算，不对县区比率求平均："
    "灌溉水有效利用系数 = Σ净灌溉用水量 / Σ毛灌溉用水量；再生水利用率 = Σ再生水利用量 / Σ污水处理总量；"
    "重复利用率 = Σ重复利用水量 / (Σ重复利用水量 + Σ取用新水量)；节水器具普及率 = Σ节水器具 / Σ器具总数；"
    "万元GDP用水量 = Σ用水总量 / Σ地区生产总值（当年价）。",
    "漏损率（CJJ 92-2016）：各县区先按本县区供水系统求修正值 R1～R4 和漏损率 R_BL,i，"
    "全市漏损率 = Σ(R_BL,i × Q_s,i) / ΣQ_s；修正值（特别是按压力阈值的 R3）绝不对全市平均值计算。"
    "表中的全市 r、A、出厂压力为按 Qs 加权的参考值。",
    "下降幅度按可比价计算：全市下降幅度 = 1 − (ΣW_t / ΣW_0) / I_全市，"
    "I_全市 = Σ(基准年当年价地区生产总值_i × I_i) / Σ基准年当年价地区生产总值_i；"
    "任一县区缺少基准年地区生产总值（或工业增加值）时不计算，并说明原因，绝不以县区下降幅度平均代替。",
    "未报送的县区列为“未报”，不按零计入；有县区未报（或某项未填）时，数量合计标注"
    "“不完整（未报：…），不作判定”，不与全市上限或下限比较；比率按报送县区计算并注明。"
    "已报送但某项未填的县区，不计入该项，并在该项注明。",
    "县区直接填报、没有基础数据的比率（如建成区绿化覆盖率）不汇总，不作平均。",
    "全市数值与市级目标比较（数量指标同样判定）：用本年目标和“每年”适用的上限；"
    "本年没有目标的，列出下一目标年的数值作为参考，不作判定，不插值。",
)

# --- target packs (target_pack.py) ---------------------------------------------------------
PACK_LABEL = "{issuer}目标包（{version}版，{date}）"
PACK_SOURCE = "{label}第{number}条"
PACK_BAD_JSON = "目标包文件不是有效的 JSON：{reason}"
PACK_SCHEMA = "不是本程序的目标包，或版本不兼容（格式标记为“{found}”，应为“{expected}”）。"
PACK_TAMPERED = "目标包在签发后被修改（内容摘要不符），不能使用。请向市局重新索取目标包。"
PACK_OTHER_CITY = "该目标包是{pack_city}的，本机填报单位属于{city}，不能导入。"
PACK_UNKNOWN_CITY = "目标包中的城市“{city}”不在内置目标库中。"
PACK_UNKNOWN_COUNTY = "{where}：{city}没有县级单位“{county}”。"
PACK_UNKNOWN_KEY = "{where}：未知指标“{key}”。"
PACK_BAD_UNIT = "{where}：单位“{unit}”不适用于指标“{key}”。"
PACK_NOT_DECIMAL = '{where}：目标值“{text}”不是写成文字的非负精确数值（如 "3200"）。'
PACK_FLOAT = '目标包中的数值 {text} 写成了浮点数，目标值必须写成带引号的文字（如 "0.58"）。'
PACK_FIELD_MISSING = "{where}缺少“{name}”。"
PACK_FIELD_TYPE = "{where}的“{name}”取值不对：{value!r}"
PACK_UNKNOWN_FIELDS = "{where}含有不认识的项：{names}"
PACK_BAD_DATE = "日期“{date}”应写成 2026-03-01 的形式。"
PACK_WHERE_ALLOCATION = "第{number}条分解指标"
PACK_WHERE_BAND = "第{number}档累进加价"
PACK_WHERE_TASK = "第{number}项任务"
PACK_OVER_ALLOCATED = "分解指标与市级目标不符，未生成目标包：\n{violations}"
ALLOCATION_OVER = (
    "{city} {year} {label}：各县区分解指标合计 {total}{unit}，超过市级目标 {target}{unit}"
    "（{citation}），超出 {excess}{unit}。"
)
ALLOCATION_SHORT = (
    "{city} {year} {label}：各县区分解指标合计 {total}{unit}，低于市级目标 {target}{unit}"
    "（{citation}），差 {shortfall}{unit}。"
)
DIFF_ADDED = "新增 {name}：{value}"
DIFF_REMOVED = "取消 {name}（原为 {value}）"
DIFF_CHANGED = "{name}：{old} → {new}{unit}"
DIFF_CHANGED_UNITS = "{name}：{old} → {new}"
DIFF_DETAILS = "{name}：属性或备注有变化"
DIFF_BANDS = "累进加价档次：{old} → {new}"
PACK_TASK_SOURCE = "目标包 {issuer} {version}"
PACK_TASK_DOCUMENT = "{issuer}目标包"
PACK_TASK_NUMBER = "包{number}"
DIFF_TASK_ADDED = "新增任务：{text}（时限：{deadline}）"
DIFF_TASK_CHANGED = "任务有变化：{text}（时限：{deadline}）"
DIFF_TASK_REMOVED = "取消任务：{text}"

# --- writing an output file (files.py) ----------------------------------------------------
WRITE_FAILED = "无法写入文件“{path}”：{reason}"
WRITE_DISK_FULL = (
    "磁盘空间不足。文件没有写出，同名的旧文件（如有）未被改动，已录入的数据都在数据库中。"
    "请清理磁盘空间，或换一个磁盘（如U盘）保存后重试。"
)
WRITE_TOO_BIG = (
    "超出了本系统允许的文件大小。文件没有写出，同名的旧文件（如有）未被改动。"
    "请换一个磁盘或文件夹保存后重试。"
)
WRITE_READ_ONLY = (
    "该位置是只读的（如写保护的U盘或光盘）。文件没有写出。请取消写保护，或换一个文件夹保存后重试。"
)
WRITE_NO_PERMISSION = (
    "没有写入权限，或同名文件正被 Excel、WPS 等程序打开。文件没有写出，同名的旧文件未被改动。"
    "请先关闭打开该文件的程序，或换一个文件夹保存后重试。"
)
WRITE_NO_FOLDER = "要保存到的文件夹不存在（U盘可能已拔出）。请重新选择保存位置。"
WRITE_IS_FOLDER = "这是一个文件夹的名称，不是文件。请另起一个文件名。"
WRITE_NAME_TOO_LONG = "文件名或路径过长。请换一个较短的文件名或文件夹。"
WRITE_IO = "磁盘读写出错（U盘可能已拔出或损坏）。文件没有写出。请检查磁盘，或换一个磁盘保存后重试。"
WRITE_OTHER = "系统拒绝写入（{detail}）。文件没有写出。请换一个文件夹保存后重试。"
