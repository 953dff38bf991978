"""Every Chinese message of the Excel layer, in one place so it can be reviewed."""

from __future__ import annotations

from siwu_desktop.core.terms import period_text as period_text  # 2025年度 / 2026年第一季度

# --- refusals of a file (each names the file; sheet and cell where there is one) -----------
NOT_FOUND = "文件“{file}”不存在"
NOT_XLSX = "文件“{file}”不是 Excel 工作簿（.xlsx），无法读取"
NOT_XLSX_TEXT = (
    "文件“{file}”是文本文件（如 CSV），不是 Excel 工作簿（.xlsx）。"
    "请用本程序生成的空白报表填写，或在 Excel、WPS 中打开后另存为“Excel 工作簿（*.xlsx）”再导入"
)
NOT_XLSX_HTML = (
    "文件“{file}”是网页（HTML）格式的表格，不是 Excel 工作簿（.xlsx）。"
    "请在 Excel 或 WPS 中打开后另存为“Excel 工作簿（*.xlsx）”再导入"
)
EMPTY_FILE = (
    "文件“{file}”是空的（0 字节），没有任何内容：可能保存或复制时中断了。"
    "请找到原文件，或在 Excel 中重新保存后再导入"
)
IS_FOLDER = "“{file}”是一个文件夹，不是工作簿。请选择文件夹中的 .xlsx 文件"
TOO_LARGE = "文件“{file}”过大（{size} MB，上限 {limit} MB），已拒绝读取"
ZIP_BOMB = "文件“{file}”解压后过大或压缩比异常（{what}），疑似恶意文件，已拒绝读取"
TOO_MANY_PARTS = "文件“{file}”包含的部件过多（{count} 个），已拒绝读取"
UNSAFE_XML = "文件“{file}”含有不安全的 XML 内容（{reason}），已拒绝读取"
DAMAGED = (
    "文件“{file}”已损坏或不完整，无法读取（{reason}）：可能在复制或邮件传送中损坏，"
    "请向报送方重新索取原文件"
)
LOCK_FILE = "“{file}”是 Excel 或 WPS 打开工作簿时生成的临时锁定文件（以 ~$ 开头），不是报表，已跳过"
NO_PERMISSION = "无法读取：没有权限（“{file}”）。请检查文件权限，或把文件复制到自己的文件夹后再导入"
UNREADABLE = "无法读取文件“{file}”（{reason}）"
ENCRYPTED = "文件“{file}”已加密，请在 Excel 中取消密码后另存再导入"
OLD_XLS = "“{file}”是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
OVER_BUDGET = "文件“{file}”超出报表工作簿的合理范围（{what}），疑似恶意或损坏的文件，已拒绝读取"
OUT_OF_MEMORY = "文件“{file}”需要的内存超出本机可用内存，已拒绝读取"
SHEET_PART_MISSING = "文件“{file}”缺少工作表“{sheet}”的内容部件，文件已损坏"
XML_ERROR = "XML 格式错误：{error}，第 {line} 行"
REASON_CRC = "压缩数据校验失败"
REASON_COMPRESSION = "使用了不支持的压缩方式"
REASON_PASSWORD = "部件有密码保护"
REASON_TRUNCATED = "数据不完整"
WHAT_UNZIPPED = "解压后共 {size} MB，上限 {limit} MB"
WHAT_PART = "部件 {part} 解压后 {size} MB"
WHAT_SHEETS = "工作表超过 {limit} 个"
WHAT_CELLS = "单元格超过 {limit} 个"
WHAT_ROWS = "行超过 {limit} 行"
WHAT_STRINGS = "共享字符串超过 {limit} 个"
WHAT_EXTENT = "工作表“{sheet}”第 {row} 行第 {col} 列有内容，超出报表范围"
PERCENT_UNCLEAR = (
    "工作表“{sheet}”单元格 {cell}（{label}）填的是 {value}，本栏单位为 %，已按 {value}% 读入；"
    "如果是指 {percent}%，请改填 {percent}"
)
NOTE_EXTERNAL_LINKS = "文件中的外部链接已忽略（本程序只读取单元格中的数值，不读取链接的其他文件）"
NOTE_MACROS = "文件中的宏没有运行，也不会保存（本程序只读取单元格中的数值）"
NOT_OURS = "文件“{file}”不是本程序生成的报表（缺少报表标识）；请用 siwu template 生成模板后填写"
BAD_FIELD = "文件“{file}”的报表标识中“{field}”的值 {value} 无效（{expected}），未导入"
EXPECT_NUMBER = "应为有限的数"
EXPECT_OBJECT = "应为键值对象"
EXPECT_SHEETS = "应为 1～40 个工作表的说明"
EXPECT_SHEET = "应为工作表名称"
EXPECT_FORM = "应为 t1～t4"
EXPECT_NAME = "应为地名"
EXPECT_YEAR = "应为 2000～2100 的整数年份"
EXPECT_PERIOD = "应为 Y（全年）或 Q1～Q4（季度）"
EXPECT_STATUS = "应为 draft（草稿）或 finalised（已定稿）"
EXPECT_REVISION = "应为不小于 0 的整数版本号"
EXPECT_DIGEST = "应为 64 位十六进制摘要"
EXPECT_TEXT = "应为文字"
BAD_MARKER = "文件“{file}”的报表标识无法识别（{reason}）"
TEMPLATE_VERSION = "文件“{file}”的模板版本为 {found}，本程序读取 {expected}；请用本机重新生成模板"
FORM_VERSION = (
    "文件“{file}”工作表“{sheet}”的报表格式（{form} 版本 {found}）与本机目标数据"
    "（版本 {expected}）不一致：可能是其他年份、县区或旧版目标生成的模板，请用本机重新生成"
)
TASK_UNKNOWN = (
    "文件“{file}”工作表“{sheet}”列有本机目标数据中没有的任务（{key}）："
    "可能是其他县区或更新版目标生成的报表，请用本机重新生成模板"
)
UNKNOWN_CITY = "文件“{file}”所属城市“{city}”或县区“{county}”不在本程序的目录中"
UNKNOWN_FORM = "文件“{file}”工作表“{sheet}”的报表“{form}”无法识别"
SHEET_MISSING = "文件“{file}”缺少工作表“{sheet}”（工作表是否被改名或删除？）"
NAME_MISSING = "文件“{file}”工作表“{sheet}”缺少定义名称“{name}”（模板中的名称不可删除）"
NAME_BROKEN = "文件“{file}”的定义名称“{name}”指向 {target}，无法使用（工作表是否被改名？）"
NAME_WRONG_SHEET = "文件“{file}”的定义名称“{name}”指向工作表“{found}”，应在工作表“{sheet}”中"
CELL_MERGED = "文件“{file}”工作表“{sheet}”单元格 {cell}（{label}）被合并到 {merged}，请取消合并"
CELL_FORMULA = (
    "文件“{file}”工作表“{sheet}”单元格 {cell}（{label}）是公式“{formula}”；"
    "本程序不计算公式，请填写数值"
)
CELL_KEPT = (
    "工作表“{sheet}”单元格 {cell}（{label}）填写的“{text}”无法识别，已按原文导入并标为错误，"
    "请在程序中改正：{reason}"
)
HEADER_ROW_SKIPPED = "工作表“{sheet}”第{row}行是表头行（{texts}），不是数据，已跳过"
CELL_TYPE = "文件“{file}”工作表“{sheet}”单元格 {cell}（{label}）的内容类型（{kind}）无法识别"
MODIFIED = (
    "文件在导出后被修改：“{file}”{detail}。导出的报表在 Excel、WPS 中改动后不能接收："
    "如需修改，请填报单位在本程序中更正后重新导出报送"
)
MODIFIED_CELL = "，工作表“{sheet}”单元格 {cell}{row} 导出时为“{old}”，现为“{new}”"
MODIFIED_ROW = "（“{label}”一行）"
MODIFIED_MERGE = "，工作表“{sheet}”的合并单元格被改动"
MODIFIED_SHEETS = "，工作表被增加、删除或改名（导出时：{old}；现在：{new}）"
MODIFIED_DIGEST = "，内容摘要不符（文件中记载 {stated}，按内容计算为 {computed}）"
BAD_LOG = "文件“{file}”工作表“{sheet}”的修订记录无法识别（“{part}”格式不对），未导入"
MODIFIED_CONTENT = "，工作表“{sheet}”中“{label}”与文件内保存的数据不一致"
COUNTY_MISMATCH = "文件“{file}”是{found}的报表，本机填报单位为{expected}，不能导入"
CITY_MISMATCH = "文件“{file}”是{found}的报表，本机为{expected}（市级），只能导入本市县区的报表"
LOCKED = (
    "文件“{file}”：本机{county}{year}年{form}已定稿（第{revision}版），内容与文件不同；"
    "如需导入，请先“更正”打开新版本"
)
EMPTY_TEMPLATE = "文件“{file}”工作表“{sheet}”是空白模板，没有填写任何数据，未导入"
STORAGE = "文件“{file}”导入失败：{reason}"

# --- success ---------------------------------------------------------------------------------
IMPORTED = "已导入：{file} → {items}"
IMPORTED_ITEM = "{county}{period}{form}（{kind}）"
UNCHANGED_ITEM = "{county}{period}{form}（与本机第{revision}版相同，未改动）"
KIND_EXPORT_VERIFIED = "导出文件，摘要已核验 {short}"
KIND_DRAFT_EXPORT = "草稿导出文件，按草稿导入"
KIND_TEMPLATE = "填报模板，按草稿导入"
VALUE_CHANGE = "{form} {label}：{old} → {new}"
EMPTY = "（空）"
CHANGES = "。改动 {count} 项：{items}{more}"
CHANGES_SHOWN = 20
CHANGES_MORE = "……"
ROW_LABEL = "第{row}行{label}"
ROW_ADDED = "新增第{row}行"
NOTE = "。注意：{note}"

# --- sheet text ------------------------------------------------------------------------------
FORM_NUMBER = "表号：四水四定{short}"
ISSUER = "制定机关：{city}{bureau}"
UNIT = "填报单位：{unit}"
REPORT_DATE = "报出日期"  # the signature line of 填报日期
CODE = "区划代码：{code}"
PERIOD = "报告期：{period}"
UNITS_NOTE = "计量单位：见各栏“单位”"
UNITS_WAN_M3 = "计量单位：万立方米"
SIGNATURES = ("单位负责人：", "审核人：", "填报人：", "联系电话：", "报出日期：")
STAMP = "单位（盖章）："
PAGE_FOOTER = "第 &P 页，共 &N 页"  # &P, &N: the spreadsheet's page number and count
DRAFT_MARK = "草稿（未定稿，内容可能变化）"
FINAL_MARK = "第{revision}版　已定稿"
DIGEST_LINE = "内容摘要（SHA-256）：{digest}"
DIGEST_SHORT = "摘要：{short}"
DIGEST_DRAFT = "内容摘要（草稿，定稿后会变化）：{digest}"
TEMPLATE_MARK = "填报模板：请在浅黄色单元格中填写；灰色为计算栏，目标值仅供参考"
EXPORT_META = "{county}（{code}）　报告期 {period}　{status}　格式版本 {form_version}　目标数据版本 {catalog_version}　程序版本 {app_version}　导出时间 {at}"
SECTION_INDICATORS = "一、主要指标"
SECTION_BASE = "二、基础数据"
SECTION_REFERENCE = "三、参考事项（不作判定）"
NOTES_TITLE = "情况说明"
NOTES_HEAD = ("编号", "栏目", "说明")
FINDINGS_SHEET = "校验结果"
FINDINGS_HEAD = ("报表", "级别", "规则", "栏目", "行", "说明")
NO_FINDINGS = "没有发现问题"
LEDGER_TOTAL = "合计"
T1_HEAD = (
    "序号",
    "指标名称",
    "单位",
    "指标属性",
    "目标值",
    "本年实际",
    "上年实际",
    "完成情况",
    "说明",
)
T2_ROW_HEAD = ("序号", "用水行业")
T2_TOTAL = "合计"
T2_TOTAL_COLUMN = "合计"
SUBTOTAL = "{label}小计"
REFERENCE = "参考"
NUMBER_PROMPT = "请填写数字（可填“—”表示不适用）"
NUMBER_ERROR = "此栏应为数字"
CHOICE_PROMPT = "请从下拉列表中选择"
CHOICE_ERROR = "请从下拉列表中选择：{choices}"
LOG_SHEET = "修订记录"
LOG_HEAD = (
    "报表",
    "版本",
    "定稿时间",
    "更正原因",
    "更改栏目",
    "原值",
    "新值",
    "修改人",
    "修改时间",
)
LOG_FIRST = "首次定稿"
LOG_NO_CHANGES = "（数值无变化）"
ALL_FORMS_NAME = "{county}_{year}_全部报表_{when}.xlsx"
