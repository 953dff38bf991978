"""Every piece of interface text of the window layer, in one place for review.

The labels of domain words (statuses, severities, periods, bounds …) are in core/terms.py.
"""

from siwu_desktop.core.terms import MetaField

APP_NAME = "四水四定填报系统"
WINDOW_TITLE = "四水四定填报系统"

TAB_TARGETS = "目标与任务"
TAB_KEYS = "密钥与备案"
CITY_LABEL = "城市："
TARGETS_TITLE = "主要指标目标"
TASKS_TITLE = "重点任务"
SOURCE_TITLE = "目标来源"
SOURCE_HINT = "选中表中的目标值，这里显示它出自哪份文件、哪一条，以及原文。"
DRAFT_BANNER = "注意：{city}的目标出自《征求意见稿》，尚未正式印发，仅供参考。"
CONFLICT_LEGEND = "黄色底色：文件正文与附件数值不一致，按附件数值校验。"

COL_INDICATOR = "指标名称"
COL_UNIT = "单位"
COL_ATTRIBUTE = "属性"
COL_BOUND = "约束"
COL_NO_YEAR = "每年/未定年份"
COL_TASK_NUMBER = "序号"
COL_TASK_TEXT = "任务"
COL_TASK_LEAD = "牵头单位"
COL_TASK_DEADLINE = "完成时限"
COL_TASK_ASSIGNEE = "落实主体"

BOUND_REFERENCE = "参考值"

SOURCE_DOCUMENT = "文件"
SOURCE_SECTION = "位置"
SOURCE_QUOTE = "原文"
SOURCE_NOTE = "说明"
SOURCE_REFERENCE_ONLY = "仅供参考：文件未给出年份或明确约束，本程序不据此判定达标与否。"
SOURCE_DRAFT = "征求意见稿（草案），目标未正式印发"
SOURCE_CONFLICT = "同一文件另有不同数值"
SOURCE_VALIDATED_AGAINST = "校验采用"
SOURCE_DEPARTMENTS = "责任单位"
SOURCE_BASE_YEAR = "基准年"
TASK_SOURCE = "任务来源"

MENU_FILE = "文件(&F)"
MENU_HELP = "帮助(&H)"
ACTION_QUIT = "退出(&X)"
ACTION_ABOUT = "关于(&A)"
ACTION_MANUAL = "使用说明(&M)"
HELP_TITLE = "使用说明"
ABOUT_TITLE = "关于四水四定填报系统"
ABOUT_TEXT = (
    "<h3>四水四定填报系统 {version}</h3>"
    "<p>县区“四水四定”指标填报、校验、导出与打印；市级汇总。全程离线运行。</p>"
    "<p>Qt {qt} · PySide6 {pyside} · Python {python}</p>"
    "<p><b>内置目标来源：</b></p><ul>{documents}</ul>"
)
CATALOG_ERROR_TITLE = "目标库有误"

# --- start-up, profile ---------------------------------------------------------------------
TAB_RETURNS = "填报"
DATA_IN_USE_TITLE = "数据正在使用"
STORAGE_ERROR_TITLE = "无法打开数据"
RESTORE_TITLE = "需要从备份恢复数据"
RESTORE_INTRO = "<p><b>本机数据文件无法照常打开（损坏或找不到），程序没有修改或删除任何文件。</b></p><p>{message}</p>"
RESTORE_OFFER = "可以用最近一份完好的备份（{created}，{reason}）恢复。原有的文件会移到 damaged 文件夹保存，不会删除。"
RESTORE_NONE = "没有找到完好的备份。请联系技术人员，并保留数据目录：{path}"
RESTORE_BUTTON = "用该备份恢复"
RESTORE_DONE = "已恢复。原有的文件已保存在：{kept}"
BACKUP_REASONS = {
    "daily": "每日备份",
    "migration": "升级前备份",
    "import": "导入前备份",
    "manual": "手动备份",
    "restore": "恢复前备份",
}
FIRST_RUN_TITLE = "首次使用：设置填报单位"
SETTINGS_TITLE = "填报单位设置"
FIRST_RUN_INTRO = "请选择本单位所在的城市和县区（市水利（水务）局请选“市级模式”），并填写签字栏人员。以后可在“设置”中修改。"
MODE_COUNTY = "县区模式（填报本县区报表）"
MODE_CITY = "市级模式（汇总本市各县区报表）"
LABEL_CITY = "城市"
LABEL_COUNTY = "县区"
LABEL_MODE = "模式"
LABEL_UNIT = MetaField.UNIT.label
LABEL_PREPARER = MetaField.PREPARER.label
LABEL_REVIEWER = MetaField.REVIEWER.label
LABEL_HEAD = MetaField.HEAD.label
LABEL_PHONE = MetaField.PHONE.label
UNIT_DEFAULT_COUNTY = "{county}水利局"
OPEN_DEMO = "打开示例数据"
DEMO_HINT = "示例数据（长治市潞城区）保存在单独的文件夹中，不影响本单位数据。"
BUTTON_OK = "确定"
BUTTON_CANCEL = "取消"
BUTTON_SAVE = "保存"
BUTTON_CLOSE = "关闭"
PROFILE_REQUIRED = "请填写：{what}"
PROFILE_LOCKED_HINT = "已有报表，城市和县区不能再更改。"

# --- navigator -------------------------------------------------------------------------------
NAV_TITLE = "报表"
NAV_NEW_YEAR = "新建年度报表…"
NAV_NEW_QUARTER = "新建季度报表（表三）…"
NAV_YEAR = "{year}年"
NAV_RETURN = "{short} {title}"
STATUS_REVISION = "{status}（第{revision}版）"
NAV_RECEIPT_ACCEPTED = "市局已接收（第{revision}版）"
NAV_RECEIPT_RETURNED = "市局退回（{reason}）"
NAV_RECEIPT_ACCEPTED_TIP = "市局回执（{at}）：第{revision}版已接收"
NAV_RECEIPT_RETURNED_TIP = (
    "市局回执（{at}）：退回修改\n原因：{reason}\n请更正后重新定稿、导出，再次报送。"
)
NAV_RECEIPT_FINDING = "\n· {finding}"
NEW_RETURN_TITLE = "新建报表"
NEW_COUNTY_PROMPT = "县区："
NEW_YEAR_PROMPT = "年份："
NEW_PERIOD_PROMPT = "报告期："
NEW_PERIOD_YEAR = "年度（表一至表四）"
NEW_PERIOD_QUARTER = "{quarter}（表三）"
NEW_FUTURE_NOTE = "注意：{year}年尚未开始（今年是{today}年）。"
NEW_YEAR_WHAT = "{year}年度的报表"
NEW_QUARTER_WHAT = "{period}的表三"
FUTURE_YEAR_TITLE = "未来年份"
FUTURE_YEAR_TEXT = "{year}年尚未开始（今年是{today}年）。确定要新建 {what} 吗？"
FUTURE_YEAR_CREATE = "仍然新建"
# carrying last year forward (services.carry, issue #17)
NEW_CARRY = "从上一年结转（表四台账和表一基准年数据）"
NEW_CARRY_TIP = (
    "表四带入上年的单位名称、统一社会信用代码、行业、水源、年计划量，不带入实际用水量和"
    "水平衡测试，本年已有的单位不重复带入；表一的基准年数据取自本县往年报表。"
    "带入的内容标明出处，仍可修改；已填写的不改动。"
)
NEW_CARRY_WILL = "将结转："
NEW_CARRY_OFF = "不结转：表四台账和表一基准年数据留空，由您填写。"
NEW_CARRY_NONE = "本县往年报表中没有可结转到{year}年的内容（表四台账、表一基准年数据）。"
NEW_CARRY_QUARTER = "季度报表（表三）只填本季度的任务进展，没有需要结转的内容。"
NEW_EXISTS = "{year}年度的报表已建立，不会重复建立；已填写的内容不会改动。"
CARRIED_TITLE = "从往年报表带入"
CARRIED_DONE = "已建立{year}年度的报表。"
CARRIED_MARK = "↩"
CARRIED_FROM = "取自{year}年年报"  # 表一's 识别为: the column's width holds it whole
CARRIED_TAG = CARRIED_MARK + " " + CARRIED_FROM
CARRIED_TIP = "{origin}；可以修改，修改后不再标注。"
CARRIED_LEDGER_LEGEND = (
    CARRIED_TAG
    + "：蓝色字为从{year}年表四台账带入、尚未修改的内容（序号前标 "
    + CARRIED_MARK
    + "），可以修改，修改后不再标注。"
)
CITY_MODE_HINT = "市级模式：各县区报表由“导入”汇入后在此查看。"

# --- entry ------------------------------------------------------------------------------------
NO_RETURN = "请在左侧选择一张报表。"
RETURN_HEADER = "{title}　{unit}　{period}　{status}"
LOCKED_BANNER = "本表已定稿（第{revision}版），不能修改。如需修改，请使用“更正”开一个新版本。"
OLD_REVISION_BANNER = "正在查看第{revision}版（历史版本，只读）。"
COL_FIELD = "栏目"
COL_FIELD_UNIT = "单位"
COL_VALUE = "本年填报"
COL_PARSED = "识别为"
COL_TARGET = "目标"
COL_LAST_YEAR = "上年"
COL_JUDGEMENT = "完成情况"
COL_SOURCE = "目标来源"
COL_SECTOR = "用水行业 \\ 水源"
T2_UNIT_NOTE = "单位：万立方米"
DERIVED_TIP = "计算值（由{inputs}计算），不能直接填写。"
PARSED_CONVERTED = "{value}（{note}）"
NOT_APPLICABLE_SHOWN = "不适用"
REFUSED_SHOWN = "无法识别"
FILTER_PLACEHOLDER = "筛选（单位名称、行业、任务内容…）"
ADD_ROW = "添加行"
REMOVE_ROWS = "删除行"
MOVE_UP = "上移"
MOVE_DOWN = "下移"
RESET_SORT = "恢复原顺序"
OVERDUE_MARK = "⚠ {flag}"
TASK_GROUP_TIP = "以下任务出自{document}，序号按该文件编排。"
LEDGER_HINT = "可从 Excel 复制多行后在表格中粘贴（Ctrl+V）；全角数字、千分位、单位均可识别。"
PASTE_TOO_WIDE = "粘贴的内容有 {columns} 列，超出表格右侧的 {extra} 个单元格未粘贴。"
PASTE_TOO_LONG = "超出表格最后一行的 {extra} 个单元格未粘贴。"
PASTE_COMPUTED = "{count} 个单元格落在自动计算或不能填写的栏目（{columns}），未粘贴。"
PASTE_DONE = "已粘贴 {rows} 行 {cells} 个单元格。"
PASTE_HEADER_SKIPPED = "已跳过 {count} 行表头（{first}），表头不是数据。"
EDIT_LOCKED = "本表已定稿，不能修改。如需修改，请先“更正”。"
EDIT_DERIVED = "“{label}”是计算值，不能直接填写。"
SAVED_AT = "已保存 {time}"
SAVE_FAILED = "保存失败：{error}"
SAVE_FAILED_TITLE = "没有保存"
NOT_SAVED_YET = "自动保存：每次修改即时保存"

# --- findings ---------------------------------------------------------------------------------
FINDINGS_TITLE = "检查结果"
FINDINGS_NONE = "没有发现问题。"
FINDINGS_SUMMARY = "错误 {errors} 项，警告 {warnings} 项，提示 {notices} 项"
FINDING_ROW = "第{row}行"
EXPLANATION_TITLE = "情况说明"
EXPLANATION_REQUIRED = "约束性指标未达标：定稿前必须写明情况说明。"
EXPLANATION_ASKED = "请写明原因（说明）。"
EXPLANATION_PLACEHOLDER = "写明未达标（或数值异常）的原因、已采取和将采取的措施……"
EXPLANATION_SAVE = "保存说明"
EXPLANATION_SAVED = "已说明"
FINDING_SOURCE = "目标来源：{citation}"

# --- actions ------------------------------------------------------------------------------------
MENU_EDIT = "编辑(&E)"
MENU_RETURN = "报表(&R)"
MENU_VIEW = "视图(&V)"
MENU_SETTINGS = "设置(&S)"
ACTION_UNDO = "撤销"
ACTION_REDO = "重做"
ACTION_VALIDATE = "校验(&V)"
ACTION_FINALISE = "定稿(&L)…"
ACTION_CORRECT = "更正(&C)…"
ACTION_EXPORT = "导出报表(&E)…"
ACTION_EXPORT_ALL = "导出全部报表…"
ACTION_IMPORT = "导入已填模板或回执(&I)…"
ACTION_PRINT = "打印(&P)…"
ACTION_PREVIEW = "打印预览…"
ACTION_PDF = "另存为 PDF…"
ACTION_PROFILE = "填报单位设置…"
ACTION_PREFERENCES = "偏好设置…"
PREFERENCES_TITLE = "偏好设置"
PREFERENCES_FOLDER = "默认导出文件夹："
PREFERENCES_FOLDER_NONE = "未设置：使用上次导出的文件夹"
PREFERENCES_CHOOSE = "选择…"
PREFERENCES_WARN_FUTURE = "新建未来年份的报表前提醒"
PREFERENCES_FOLDER_MISSING = "文件夹“{folder}”不存在，请重新选择。"
ACTION_NEXT_FINDING = "下一个问题"
ACTION_ADD_ROW = "添加行"
ACTION_REMOVE_ROWS = "删除所选行"
ACTION_SHOW_FINDINGS = "检查结果面板"
ACTION_SHOW_NAVIGATOR = "报表列表"
VALIDATED_OK = "校验通过：没有错误。"
VALIDATED_ERRORS = "校验发现 {errors} 项错误，请按右侧“检查结果”修改。"
FINALISE_TITLE = "定稿"
FINALISE_INTRO = "定稿后，本表第{revision}版将被锁定，不能再修改（如需修改须“更正”并写明原因）。"
FINALISE_SUMMARY = (
    "<p><b>{title}</b><br>{unit}　{period}</p>"
    "<ul><li>已填写 {values} 项</li><li>情况说明 {explanations} 条</li>"
    "<li>警告 {warnings} 项（已说明 {explained} 项）</li>"
    "<li>签字：填报人 {preparer}，审核人 {reviewer}，单位负责人 {head}</li></ul>"
)
FINALISE_BUTTON = "定稿并锁定"
FINALISE_REFUSED_TITLE = "还不能定稿"
FINALISE_DONE = "已定稿：第{revision}版，内容摘要 {digest}"
CORRECT_TITLE = "更正"
CORRECT_PROMPT = (
    "更正将以第{revision}版为底稿开一个新版本（第{new}版）。原版本保留可查。请写明更正原因："
)
CORRECT_REQUIRED = "请写明更正原因。"
CORRECT_DONE = "已开启第{revision}版，可以修改。"
EXPORT_TITLE = "导出报表"
EXPORT_FILTER = "Excel 工作簿 (*.xlsx)"
IMPORT_FILTER = (
    "报表或市局回执 (*.xlsx *.siwureceipt);;Excel 工作簿 (*.xlsx);;市局回执 (*.siwureceipt)"
)
EXPORT_DONE = "已导出：{path}"
# a draft: the city refuses it; the clerk learned it only from the file name (…_草稿.xlsx)
EXPORT_DONE_DRAFT = "已导出：{path}（草稿：市局不会接收，定稿后重新导出再报送）"
EXPORT_ALL_TITLE = "导出全部报表"
EXPORT_ALL_DONE = "已导出 {count} 张报表到 {folder}"
EXPORT_ALL_HOW = "导出为一个工作簿（每张报表一个工作表），还是每张报表一个文件？"
EXPORT_ALL_ONE = "{year}年全部报表合成一个工作簿"
EXPORT_ALL_EACH = "每张报表一个文件（全部年度）"
EXPORT_YEAR_DONE = "已导出 {year}年 {count} 张报表到一个工作簿：{path}"
EXPORT_YEAR_NONE = "{year}年没有可导出的报表"
IMPORT_TITLE = "导入已填模板或回执"
IMPORT_DONE = "导入完成：{ok} 个文件成功，{rejected} 个被拒绝。"
IMPORT_HOW = (
    "填报模板中空着的栏目如何处理？\n只改文件中填了的栏目：草稿中其他已填的数值保持不变（推荐）。\n"
    "用文件替换整张草稿：草稿变成与文件完全相同，文件中空着的栏目在草稿中也会清空。"
)
IMPORT_MERGE = "只改填了的栏目"
IMPORT_REPLACE = "用文件替换整张草稿"
IMPORT_CHANGED = "改动 {count} 项（旧值 → 新值）："
PDF_TITLE = "另存为 PDF"
PRINT_TITLE = "打印"
PDF_FILTER = "PDF 文件 (*.pdf)"
PDF_DONE = "已保存 PDF：{path}"
PRINT_DONE = "已送打印：{pages} 页"
MODULE_MISSING = "该功能尚未安装：{module}"
JOB_CANCEL = "取消"
JOB_CANCELLED = "已取消：已完成 {done} / {total}"
JOB_EXPORTING = "正在导出 {done} / {total}：{name}"
JOB_IMPORTING = "正在读取 {done} / {total}：{name}"
JOB_FAILED = "{name}：{error}"
NO_CURRENT_RETURN = "请先选择一张报表。"
QUIT_CONFIRM = ""
CLEAR_CELLS = "清除"
PASTE = "粘贴"
NAV_FORMS = ("表一 主要指标", "表二 用水结构", "表三 重点任务", "表四 用水户台账")
# a quarterly return names its quarter where the form's short name would be: "表三 第三季度"
# ("表三 重点任务（第三季度）" is cut to "表三 重点任务…" in the navigator's width)
NAV_QUARTERLY = "{number} {quarter}"
NAV_NUMBERS = ("表一", "表二", "表三", "表四")

# --- city mode: taking in returns, the status board, charts (issue #8) -----------------------
TAB_BOARD = "报送情况"
TAB_CHARTS = "图表"
TAB_SUMMARY = "汇总"
SUMMARY_VIEWS = ("主要指标", "用水结构", "任务进展", "计划用水户", "异常核实")
SUMMARY_YEAR = "汇总年度："
SUMMARY_STATISTICS = "采用市统计数据…"
CSV_FILTER = "CSV 文件 (*.csv)"
SUMMARY_EXPORT = "导出汇总工作簿…"
SUMMARY_PREVIEW = "打印预览…"
SUMMARY_PRINT = "打印…"
SUMMARY_PDF = "另存 PDF…"
SUMMARY_EXPORTED = "已导出 {path}（及汇总数据文件 {data}）"
SUMMARY_SAVED = "已保存 {path}（共 {pages} 页）"
TASKS_PERIOD = "表三报告期："
TASKS_EXPORT = "导出本期表三…"
TASKS_PREVIEW = "预览本期表三…"
TASKS_PRINT = "打印本期表三…"
TASKS_PDF = "本期表三另存 PDF…"
TASKS_STATUS = "{period}表三：报送县区 {n}/{total} 个"
TASKS_MISSING = "；未报：{names}"
TASKS_CHASE = "；需催报 {n} 个县区（见催报清单，随本期表三打印和导出）"
TASKS_EXPORTED = "已导出 {path}（本期表三及催报清单）"
BOARD_EXPORT = "导出报送情况和催报清单…"
BOARD_REMINDERS = "；催报清单：{n} 个县区需催报"
BOARD_OVERDUE_SPLIT = "；其中逾期年报 {annual} 份、季报 {quarterly} 份"
TAB_RETURNS_CITY = "县区报表（只读）"
CITY_IMPORT_TITLE = "接收县区报表"
CITY_IMPORT_FILES = "接收报表文件…"
CITY_IMPORT_FOLDER = "接收文件夹…"
CITY_IMPORT_FILTER = "Excel 工作簿 (*.xlsx)"
CITY_IMPORT_DROP = "可将县区报表文件或文件夹拖放到窗口中接收"
CITY_IMPORT_REPORT = "导入结果"
CITY_IMPORT_EXPORT = "导出清单…"
CITY_IMPORT_EXPORT_FILTER = "CSV 文件 (*.csv);;Excel 工作簿 (*.xlsx)"
CITY_IMPORT_SAVED = "已保存导入结果清单：{path}"
CITY_IMPORT_NONE = "没有找到报表文件（.xlsx）。"
CITY_READ_ONLY = "市级模式：县区报表只读，如有问题请通知县区更正后重新报送。"
CITY_LOCKED_BANNER = (
    "县区报送的报表（第{revision}版），市级只读：可查看各版本、出具回执；"
    "如需修改，请退回县区，由县区更正后重新报送。"
)
COUNTY_UNIT = "{county}水利局"
BOARD_YEAR = "报告年度："
BOARD_TAB_DETAIL = "所选报表的问题"
BOARD_TAB_INDICATORS = "全市主要指标（本年、上年、同比）"
BOARD_INDICATOR_HEAD = ("指标", "单位", "本年", "上年", "同比")
BOARD_DEADLINE = "年度报表截止：次年"
BOARD_DEADLINE_MONTH = "月"
BOARD_DEADLINE_DAY = "日"
BOARD_DEADLINE_NOTE = "（默认次年1月31日，可修改；季度表三为季度结束后次月15日）"
BOARD_COUNTY = "县区"
BOARD_COLUMNS = (
    "表一 主要指标",
    "表二 用水结构",
    "表三 一季度",
    "表三 二季度",
    "表三 三季度",
    "表三 四季度",
    "表三 年度",
    "表四 台账",
)
BOARD_SUMMARY = "{year}年：已报 {filed}，已更正 {corrected}，有错误 {errors}，需说明 {notes}，未报 {missing}，逾期 {overdue}（截至 {today}）"
BOARD_CELL_FILED = "{state}（第{revision}版）"
BOARD_CELL_COUNTS = "错误{errors} 警告{warnings}"
BOARD_CELL_DUE = "截止 {due}"
BOARD_TIP = "{county} {form}：{state}\n截止日期：{due}{detail}\n双击打开该报表（只读）"
BOARD_DETAIL_TITLE = "{county} {form}：{state}"
BOARD_NO_FINDINGS = "没有发现问题。"
BOARD_EXPLAINED = "（县区已说明：{text}）"
BOARD_NOT_FILED = "尚未收到该报表。截止日期：{due}"
BOARD_REFUSED = "已拒绝：{reason}"
BOARD_OPEN = "打开报表（只读）"
CHART_INDICATOR = "指标："
CHART_YEAR = "年度："
CHART_SAVE = "导出图片（PNG）…"
CHART_SAVE_FILTER = "PNG 图片 (*.png)"
CHART_SAVED = "已保存图片：{path}"
CHART_BARS_TITLE = "{year}年各县区{label}{unit}"
CHART_TREND_TITLE = "全市{label}历年变化与目标{unit}"
CHART_UNIT = "（{unit}）"
CHART_TARGET = "市级目标 {value}"
CHART_CITY_TOTAL_TARGET = (
    "全市合计 {value}{partial}，市级目标 {target}（总量目标未分解到县区，不画目标线）"
)
CHART_MISSING = "未报"
CHART_PARTIAL = "（不含未报县区）"
CHART_MILESTONE = "{year}年目标 {value}"
CHART_PARTIAL_YEAR = "部分县区"
CHART_NO_DATA = "暂无数据：请先接收县区报表"
CHART_CITY_VALUE = "全市"
CHART_NOTE = "图表可导出为 PNG；“汇总”页“导出汇总工作簿…”生成的工作簿中为 Excel 原生图表。"

# --- target packs (issue #8): import on the county side, the city's allocation editor ---
MENU_PACK = "目标包(&P)"
ACTION_IMPORT_PACK = "导入目标包…"
PACK_IMPORT_TITLE = "导入目标包"
PACK_IMPORT_FILTER = "目标包 (*.siwupack)"
PACK_IMPORT_FIRST = "本机此前没有目标包。{label} 的内容如下："
PACK_IMPORT_CHANGES = "{label} 与本机正在使用的 {old} 相比，有以下变化："
PACK_IMPORT_SAME = "{label} 与本机正在使用的目标包相比，没有变化。"
PACK_IMPORT_ALREADY = "该目标包此前已导入：{label}。"
PACK_IMPORT_NOTE = (
    "内容摘要 {digest}。点“应用”后，此后的校验按该目标包执行（已打开的报表立即重新校验）。"
)
PACK_IMPORT_APPLY = "应用"
PACK_IMPORT_DONE = "已导入目标包：{label}。现行目标包：{in_force}。"
PACK_IMPORT_PIN = (
    "这是本机的第一个目标包：签发密钥指纹为 {fingerprint}。请与市局书面通知（盖章）上的指纹"
    "逐位核对，相同再点“应用”；此后只接收该密钥签名的目标包和回执。"
)

ACTION_EDIT_PACK = "编辑分解指标…"
EDITOR_TITLE = "目标包：县级分解指标"
EDITOR_YEAR = "年份："
EDITOR_EVERY_YEAR = "每年"
EDITOR_ISSUER = "签发单位："
EDITOR_VERSION = "版本："
EDITOR_DATE = "签发日期："
EDITOR_UNIT_NOTE = "单位：万立方米（可直接输入“1.2亿立方米”等，自动换算）"
EDITOR_TOTAL = "合计"
EDITOR_CITY_TARGET = "市级目标"
EDITOR_NO_TARGET = "—"
EDITOR_OVER = "{total} ✗ 超出"
EDITOR_SHORT = "{total} ✗ 不足"
EDITOR_OK = "{total} ✓"
EDITOR_ALLOCATIONS = "分解指标"
EDITOR_BANDS = "超计划累进加价"
EDITOR_BAND_HEAD = ("超计划率高于（%）", "至（%，含）", "加价倍数")
EDITOR_BAND_NOTE = "超计划率在（下限, 上限]之间按所填倍数加价；上限留空表示“以上”。"
EDITOR_TASKS = "补充任务"
EDITOR_TASK_HEAD = ("任务内容", "完成日期", "落实主体")
EDITOR_ALL_COUNTIES = "各县区"
EDITOR_ADD_TASK = "添加任务"
EDITOR_REMOVE_TASK = "删除任务"
EDITOR_ADD_BAND = "添加档次"
EDITOR_REMOVE_BAND = "删除档次"
EDITOR_SAVE_DRAFT = "保存草稿"
EDITOR_EXPORT = "导出目标包…"
EDITOR_LOAD = "载入已有目标包"
EDITOR_CLOSE = "关闭"
EDITOR_NO_PACK = "本机尚无目标包可载入。"
EDITOR_LOADED = "已载入 {label}。"
EDITOR_DRAFT_SAVED = "草稿已保存：{path}"
EDITOR_DRAFT_LOADED = "已恢复上次保存的草稿（{path}）。"
EDITOR_VIOLATIONS_NONE = "各指标合计均未超出市级目标。"
EDITOR_VIOLATIONS = "合计与市级目标不符：\n{text}"
EDITOR_REFUSED = "输入有误：{reason}"
EDITOR_ENTRY_ERRORS = "以下输入有误，请先改正：\n{text}"
EDITOR_ENTRY_ERROR = "{county} {indicator} {year}：“{text}” {reason}"
EDITOR_BAND_ERROR = "累进加价第{row}档：{reason}"
EDITOR_TASK_ERROR = "补充任务第{row}条：{reason}"
EDITOR_NEED_TEXT = "任务内容不能为空"
EDITOR_BAD_NUMBER = "“{text}”不是数值"
EDITOR_NEED_VERSION = "请填写目标包版本（如 2026.1）。"
EDITOR_OVER_TITLE = "分解指标超出市级目标"
EDITOR_OVER_TEXT = "按此分解，以下指标的县区合计与市级目标不符：\n\n{text}\n\n一般应先调整分解指标。如确需签发（例如市级目标正在调整），请点“仍要签发”，本机将记录此次签发。"
EDITOR_ISSUE_ANYWAY = "仍要签发"
EDITOR_EXPORT_FILTER = "目标包 (*.siwupack)"
EDITOR_EXPORTED = "已导出目标包 {path}：{label}，{count} 条分解指标，{tasks} 项补充任务。本机此后的校验也按该目标包执行。"
EDITOR_EXPORTED_OVER = "（超出市级目标仍签发，已记录）"
EDITOR_EXPORT_REFUSED = "未导出：{reason}"
EDITOR_DEADLINE_TEXT = "{year}年{month}月{day}日前"
EDITOR_FALLBACK = "本年未单独填写，按“每年”的分解指标（灰色显示）"

# Column headings too long for their column, as they are broken over two lines.
HEADER_LINES = {
    "第一季度实际用水量": "第一季度\n实际用水量",
    "第二季度实际用水量": "第二季度\n实际用水量",
    "第三季度实际用水量": "第三季度\n实际用水量",
    "第四季度实际用水量": "第四季度\n实际用水量",
    "全年实际用水量": "全年\n实际用水量",
}

# --- 版本记录, 版本比较, 修改记录 (issues #14 item 5, #17 版本工具) ---------------------------
ACTION_HISTORY = "版本记录(&H)…"
ACTION_RECEIPT = "出具回执(&R)…"
HISTORY_TITLE = "版本记录：{title}"
HISTORY_HEAD = (
    "版本",
    "状态",
    "日期",
    "定稿人",
    "更正原因",
    "内容摘要",
    "签名密钥指纹",
    "市局回执",
)
HISTORY_HINT = "选中一个版本可只读查看；按住 Ctrl 选中两个版本可比较。"
HISTORY_OPEN = "查看所选版本（只读）"
HISTORY_COMPARE = "比较所选两个版本"
HISTORY_CURRENT = "第{revision}版是当前版本，已在主窗口中打开。"
HISTORY_NONE = "这张报表还没有版本记录。"
HISTORY_FROM_FILE = "（来自 {file}）"
RECEIPT_ACCEPTED = "市局已接收 {date}"
RECEIPT_RETURNED = "市局退回（{reason}）{date}"
REVISION_WINDOW_TITLE = "{title} 第{revision}版（只读）"
COMPARE_TITLE = "版本比较：{title} 第{a}版 ↔ 第{b}版"
COMPARE_HEAD = ("栏目", "第{a}版", "第{b}版")
COMPARE_ONLY_CHANGED = "只显示有变化的栏目"
COMPARE_SUMMARY = "第{a}版与第{b}版共有 {count} 处不同（黄色底色；鼠标停留可见原值 → 新值）。"
COMPARE_SAME = "第{a}版与第{b}版的内容相同。"
COMPARE_TIP = "第{a}版：{old}\n第{b}版：{new}"
COMPARE_TIP_WHO = "\n修改人：{who}　{at}"
ACTION_CELL_TRAIL = "修改记录…"
TRAIL_TITLE = "修改记录：{label}"
TRAIL_HEAD = ("版本", "修改人", "时间", "原值", "新值")
TRAIL_REVISION = "第{revision}版"
TRAIL_WITHDRAWN = "第{revision}版（已撤销的更正）"
TRAIL_WITHDRAWN_TIP = (
    "这次更正已撤销（定稿时与上一版相同），其中的修改不属于此后定稿的第{revision}版。"
)
TRAIL_NONE = "该单元格没有修改记录。"
TRAIL_CITY_NOTE = "市级模式：按县区报送文件所附的修订记录列出。"
EMPTY_VALUE = "（空）"

# --- the city's statistics-bureau figures (issue #16 item 5) ---------------------------------
SUMMARY_CITY_STATISTICS = "统计部门数据…"
STATISTICS_TITLE = "{year}年市统计部门数据"
STATISTICS_SOURCE = "数据来源"
STATISTICS_SOURCE_HINT = "如《2025年长治市国民经济和社会发展统计公报》"
STATISTICS_NOTE = (
    "填写市统计部门公布的全市数据；填写的项目在汇总中代替按县区加权的数值，"
    "不填的项目仍按县区汇总。全部清空后保存即删除本年的市统计数据。"
)

# 表三 完成日期: typed as the clerk writes it, or picked on the calendar
DATE_HINT = "如 2026-09-30"
DATE_PICK = "选择日期"
# typing with no cell selected (a table whose rows cannot be added)
EDIT_NO_CELL = "请先点选要填写的单元格，再输入。"

# --- 定稿 of a correction that changed nothing (city review item 3) ---------------------------
UNCHANGED_TITLE = "更正没有任何更改"
UNCHANGED_TEXT = (
    "第{new}版与第{old}版相比没有任何更改，定稿不会产生新版本。\n\n"
    "撤销更正：放弃本次更正，报表恢复为第{old}版（已定稿）。\n"
    "返回修改：继续修改第{new}版，改好后再定稿。"
)
UNCHANGED_WITHDRAW = "撤销更正"
UNCHANGED_BACK = "返回修改"
