"""Every Chinese text printed on the report sheet, in one place so it can be reviewed.

Field labels, form titles, task texts and finding messages are data of the core;
only the sheet's own words live here.
"""

from __future__ import annotations

from siwu_desktop.core.terms import MetaField, ReturnStatus

# --- header ----------------------------------------------------------------------------------
FORM_NUMBER = "表号"
ISSUER = "制定机关"
UNIT = MetaField.UNIT.label
CODE = "区划代码"
PERIOD = "报告期"
MEASURE = "计量单位"
REVISION = "版本"
REVISION_TEXT = "第{revision}版"
STATUS_FINAL = ReturnStatus.FINALISED.label
STATUS_DRAFT = ReturnStatus.DRAFT.label
CONTINUED = "（续）"
MEASURE_PER_ROW = "见各行"
MEASURE_NONE = "—"
SECTION_INDICATORS = "一、主要指标"
SECTION_BASE = "二、基础数据"
SECTION_REFERENCE = "三、参考事项（不作判定）"
TOTAL_ROW = "合计"

# --- 表一 columns ------------------------------------------------------------------------------
T1_NUMBER = "序号"
T1_NAME = "指标名称"
T1_UNIT = "单位"
T1_TARGET = "本年目标值"
T1_BASIS = "目标依据"
T1_ACTUAL = "本年实际"
T1_LAST = "上年实际"
T1_STATUS = "完成情况"
T1_NOTE = "说明"
T1_NOTE_SEE = "见情况说明{numbers}"
T1_CITY_FIGURE = "市级目标：{bound}{value}{unit}"
T1_REFERENCE = "参考{year}年目标：{bound}{value}{unit}"
NO_UNIT = "—"
NO_TARGET_CELL = "—"

# --- 表二 --------------------------------------------------------------------------------------
T2_SECTOR = "用水行业"
T2_CONVENTIONAL = "常规水源"
T2_NONCONVENTIONAL = "非常规水源"
T2_SUBTOTAL = "{group}小计"
T2_NONCONVENTIONAL_SUBTOTAL = "小计"
T2_TOTAL = "合计"

# --- 表四 --------------------------------------------------------------------------------------
T4_SURCHARGE_NONE = "不加价"
#: Column heads broken by hand where the narrow column would leave 量 alone (#17 item 13);
#: any other head that would end on one character is balanced by the painter.
HEAD_LINES = {
    "年计划用水量": "年计划\n用水量",
    "超计划用水量": "超计划\n用水量",
    **{f"第{quarter}季度实际用水量": f"第{quarter}季度\n实际\n用水量" for quarter in "一二三四"},
}

# --- values ------------------------------------------------------------------------------------
NOT_APPLICABLE = "—"
REFUSED_VALUE = "{text}（待核）"

# --- 情况说明 ----------------------------------------------------------------------------------
APPENDIX_TITLE = "情况说明"
APPENDIX_INTRO = "以下为本表未达标指标、需说明的警告及尚未改正的问题，逐项附填报单位说明。"
APPENDIX_ITEM = "{number}. {kind}：{message}"
APPENDIX_EXPLANATION = "说明：{text}"
APPENDIX_NO_EXPLANATION = "说明：（未填写）"
KIND_ERROR = "错误（待改正）"
KIND_UNMET_BINDING = "约束性指标未达标"
KIND_UNMET = "指标未达标"
KIND_WARNING = "需说明"

# --- signatures --------------------------------------------------------------------------------
HEAD = MetaField.HEAD.label
REVIEWER = MetaField.REVIEWER.label
PREPARER = MetaField.PREPARER.label
PHONE = MetaField.PHONE.label
REPORT_DATE = "报出日期"
SIGN_HERE = "（签字）"
DATE_BLANK = "　　　　年　　月　　日"
STAMP = "单位（盖章）"

# --- trust marks -------------------------------------------------------------------------------
DIGEST_LABEL = "内容摘要（SHA-256）"
DIGEST_SHORT = "摘要 {short}"
SIGNER_LABEL = "签名密钥指纹"
FINALISED_AT = "定稿时间"
PRINTED_AT = "打印时间"
DIGEST_HINT = "核对：本摘要与报送的电子报表（Excel）所载内容摘要一致，即为同一份报表、未经改动。"
QR_CAPTION = "扫码核对摘要"
WATERMARK = ReturnStatus.DRAFT.label
DRAFT_NOTICE = "草稿：本表尚未定稿，无内容摘要，不能作为正式报表报送。"
DRAFT_BOX = "未定稿"
LISTING_NOTICE = (
    "市局工作清单（按打印时本机已收到的报表生成），供核对与催报，不是报表，无版本与内容摘要。"
)

# --- footer ------------------------------------------------------------------------------------
PAGE = "第 {page} 页 共 {pages} 页"

# --- PDF metadata and errors -------------------------------------------------------------------
PDF_CREATOR = "四水四定 县区填报"
DIGEST_MISMATCH = (
    "第{revision}版定稿时记录的内容摘要（{stored}）与当前读出的内容（{actual}）不一致，"
    "数据可能已被改动，不能打印。请联系技术支持。"
)
PAINT_REFUSED = "打印设备无法开始绘制（可能已被占用或无法写入）。"
NO_RETURN = "{county}{period}没有{form}，无法打印。"
PDF_NOT_WRITABLE = "无法写入 PDF 文件：{path}（{reason}）"
PDF_IS_FOLDER = "{path} 是一个文件夹，请给出 PDF 文件名"
PDF_PARENT_MISSING = "保存 PDF 的文件夹不存在：{path}"
PRINTED = "已生成{form}打印文件：{path}（共 {pages} 页）"
PRINTED_DIGEST = "内容摘要（SHA-256）：{digest}"
PRINTED_DRAFT = "本表尚未定稿：PDF 带“草稿”水印，不含内容摘要。"
SENT = "已将{form}送往打印机 {printer}（共 {pages} 页）"
SENT_DRAFT = "本表尚未定稿：打印件带“草稿”水印，不含内容摘要。"
NO_SUCH_PRINTER = "本机没有名为“{name}”的打印机。可用的打印机：{names}"
NO_PRINTERS = "本机没有可用的打印机，无法送往“{name}”。可改用 --pdf 生成 PDF 文件。"
RECORD_FAILED = "打印记录未能保存：{reason}"
NO_REVISION = "{form}没有第{revision}版（当前为第{current}版）。"
