"""What people type: parsed when it has one reading, refused with a reason otherwise."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from siwu_desktop.core import messages as msg
from siwu_desktop.core import units
from siwu_desktop.core.parsing import (
    Parsed,
    Refusal,
    format_quantity,
    is_header_row,
    parse_quantity,
)

FIELD_UNITS = [
    units.WAN_M3,
    units.PERCENT,
    units.RATIO,
    units.WAN_MU,
    units.M3_PER_WAN_YUAN,
    units.YI_YUAN,
]


def value(text: str, unit: str = units.WAN_M3) -> Decimal | None:
    parsed = parse_quantity(text, unit)
    assert isinstance(parsed, Parsed), parsed
    return parsed.value


def refused(text: str, unit: str = units.WAN_M3) -> str:
    parsed = parse_quantity(text, unit)
    assert isinstance(parsed, Refusal), parsed
    assert parsed.reason
    return parsed.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123.45", "123.45"),
        ("１２３．４５", "123.45"),  # full-width digits and point
        ("12,345.6", "12345.6"),
        ("１２，３４５．６", "12345.6"),  # full-width comma as thousands separator
        ("  8000 ", "8000"),
        ("8000万立方米", "8000"),
        ("8000 万m³", "8000"),
        ("6.17亿立方米", "61700"),  # converted exactly: 1 亿m³ = 10000 万m³
        ("6.17 亿m3", "61700"),
        ("-5", "-5"),  # kept: the range rule, not the parser, refuses negative volumes
        ("0", "0"),
        (".5", "0.5"),
        ("1,234,567", "1234567"),
    ],
)
def test_accepted(text: str, expected: str) -> None:
    assert value(text) == Decimal(expected)


def test_percent_fields() -> None:
    assert value("35%", units.PERCENT) == Decimal("35")
    assert value("３５％", units.PERCENT) == Decimal("35")
    assert value("35", units.PERCENT) == Decimal("35")
    # a percent typed into a coefficient field is converted exactly, and the note says so
    parsed = parse_quantity("58%", units.RATIO)
    assert isinstance(parsed, Parsed)
    assert parsed.value == Decimal("0.58")
    assert "换算" in parsed.note


def test_conversion_is_reported() -> None:
    parsed = parse_quantity("1亿立方米", units.WAN_M3)
    assert isinstance(parsed, Parsed)
    assert parsed.value == Decimal("10000")
    assert parsed.typed_unit == units.YI_M3
    assert parsed.note == "已按 1 亿立方米 = 10000 万立方米 换算为 10000 万立方米。"


def test_intensity_written_as_in_the_documents() -> None:
    assert value("52.1立方米", units.M3_PER_WAN_YUAN) == Decimal("52.1")
    assert value("52.1m³/万元", units.M3_PER_WAN_YUAN) == Decimal("52.1")


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_blank(text: str) -> None:
    parsed = parse_quantity(text, units.WAN_M3)
    assert isinstance(parsed, Parsed) and parsed.blank


@pytest.mark.parametrize("text", ["—", "——", "－", "-", "/", "／", "不适用"])
def test_not_applicable(text: str) -> None:
    parsed = parse_quantity(text, units.WAN_M3)
    assert isinstance(parsed, Parsed)
    assert parsed.not_applicable and parsed.value is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("约8000", "约"),
        ("8000左右", "左右"),
        ("大约 8000", "大约"),
        ("8000余", "余"),
        ("~8000", "~"),
    ],
)
def test_estimates_refused(text: str, word: str) -> None:
    assert f"“{word}”" in refused(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1,23", "逗号"),  # decimal comma or a misplaced separator: two readings
        ("1,2345", "逗号"),
        ("12,34.5", "逗号"),
        ("1.234.5", "小数点"),
        ("12 34", "不止一个数值"),
        ("12/34", "不止一个数值"),
        ("12-34", "不止一个数值"),
        ("5亩", "不符"),  # an area in a volume field
        ("5%", "不符"),
        ("5斤", "无法识别单位"),
        ("1.2万", "含义不明"),  # 1.2 万立方米 or 12000 万立方米 (issue #17 item 16)
        ("一千", "阿拉伯数字"),
        ("无", "含义不明"),
        ("abc", "不是数值"),
        ("1e5", "科学计数法"),
        ("1.2E+05", "科学计数法"),
        ("1" * 30, "位数过多"),
        ("1" * 200, "过长"),
    ],
)
def test_ambiguous_refused(text: str, fragment: str) -> None:
    assert fragment in refused(text)


def test_unit_that_does_not_fit_a_percent_field() -> None:
    assert "不符" in refused("35万立方米", units.PERCENT)


# --- properties ----------------------------------------------------------------------------


@given(st.text(max_size=40), st.sampled_from(FIELD_UNITS))
def test_never_raises(text: str, unit: str) -> None:
    result = parse_quantity(text, unit)
    assert isinstance(result, Parsed | Refusal)


@given(
    st.text(alphabet="0123456789,.-+%约万亿立方米m³ 　１２３，．—／", max_size=20),
    st.sampled_from(FIELD_UNITS),
)
def test_never_raises_on_number_like_text(text: str, unit: str) -> None:
    result = parse_quantity(text, unit)
    assert isinstance(result, Parsed | Refusal)
    if isinstance(result, Refusal):
        assert result.reason


decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12
)


@given(decimals, st.booleans(), st.sampled_from(FIELD_UNITS))
def test_formatted_value_parses_back_to_itself(number: Decimal, grouping: bool, unit: str) -> None:
    text = format_quantity(number, grouping=grouping)
    parsed = parse_quantity(text, unit)
    assert isinstance(parsed, Parsed), (text, parsed)
    assert parsed.value == number
    assert parsed.note == ""


@given(decimals)
def test_full_width_form_parses_the_same(number: Decimal) -> None:
    text = format_quantity(number, grouping=True)
    wide = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,.-"})
    assert value(wide) == number


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=0, max_value=10**6))
def test_typed_unit_converts_exactly(number: Decimal) -> None:
    text = format_quantity(number) + "亿立方米"
    assert value(text) == number * 10000


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=99),
)
def test_misgrouped_commas_are_refused(head: int, tail: int) -> None:
    # "1,23", "12,5" …: fewer than three digits after a comma has two readings, and the
    # person is told it is the comma
    text = f"{head},{tail}"
    assert parse_quantity(text, units.WAN_M3) == Refusal(msg.PARSE_BAD_GROUPING.format(text=text))


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=999))
def test_two_numbers_are_refused(a: int, b: int) -> None:
    # two figures side by side are named as two numbers; "a.b.a" has two decimal points
    expected = {
        f"{a} {b}": msg.PARSE_TWO_NUMBERS,
        f"{a}、{b}": msg.PARSE_TWO_NUMBERS,
        f"{a}.{b}.{a}": msg.PARSE_TWO_POINTS,
    }
    for text, reason in expected.items():
        assert parse_quantity(text, units.WAN_M3) == Refusal(reason.format(text=text)), text


@pytest.mark.parametrize(
    ("text", "char", "kind"),
    [
        ("10²", "²", "上标数字"),  # NFKC made it 102
        ("5³", "³", "上标数字"),  # 53
        ("①", "①", "带圈数字"),  # 1
        ("㉑", "㉑", "带圈数字"),  # 21
        ("¹²³", "¹", "上标数字"),  # 123
        ("𝟏𝟐", "𝟏", "数学符号数字"),  # 12
        ("3₂", "₂", "下标数字"),
        ("⒌", "⒌", "带点数字"),
        ("Ⅻ", "Ⅻ", "罗马数字"),
    ],
)
def test_look_alike_digits_are_refused_naming_the_character(
    text: str, char: str, kind: str
) -> None:
    result = parse_quantity(text, units.WAN_M3)
    assert isinstance(result, Refusal), result
    assert f"“{char}”是{kind}" in result.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２．５", "12.5"),
        ("－３", "-3"),
        ("１，２３４", "1234"),
        ("5 万m³", "5"),
        ("5万ｍ３", "5"),
    ],
)
def test_full_width_ascii_and_units_with_superscripts_still_read(text: str, expected: str) -> None:
    result = parse_quantity(text, units.WAN_M3)
    assert isinstance(result, Parsed) and result.value == Decimal(expected), result


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        # issue #17 item 16: 3千 is 3 × 1000 = 3000 of the field's unit (it was refused as
        # 含有不止一个数值)
        ("3千", units.WAN_M3, "3000"),
        ("1.5千", units.WAN_M3, "1500"),  # 1.5 × 1000
        ("3百", units.WAN_M3, "300"),
        ("-3千", units.WAN_M3, "-3000"),
        ("３千", units.WAN_M3, "3000"),  # full-width digit folded first
        # 3千 立方米 = 3000 m³ = 0.3 万m³ (1 万m³ = 10000 m³)
        ("3千立方米", units.WAN_M3, "0.3"),
        ("3千 立方米", units.WAN_M3, "0.3"),  # the same, a space (or a full-width one) between
        ("3千\u3000立方米", units.WAN_M3, "0.3"),
        # two magnitude words: 2 × 100 × 10000 = 2000000 立方米 = 200 万m³
        ("2百万立方米", units.WAN_M3, "200"),
        # in a field not measured in 万…, 3万 has one reading: 30000
        ("3万", units.M3, "30000"),
        # the unit typed out settles it: 3 万立方米, unchanged
        ("3万立方米", units.WAN_M3, "3"),
    ],
)
def test_magnitude_words_after_digits(text: str, unit: str, value: str) -> None:
    parsed = parse_quantity(text, unit)
    assert isinstance(parsed, Parsed), parsed
    assert parsed.value == Decimal(value)


def test_magnitude_words_say_what_was_read_or_why_not() -> None:
    parsed = parse_quantity("3千", units.WAN_M3)
    assert isinstance(parsed, Parsed) and parsed.note == "已按 3千 = 3000 读取。"
    # 3万 in a 万立方米 field: 3 万立方米 or 30000 万立方米, two readings
    assert refused("3万") == (
        "“3万”中的“万”含义不明：可能是单位的一部分（3万立方米），也可能只表示数量级；"
        "请写明单位（如“3万立方米”）或填写完整数值。"
    )
    assert "含义不明" in refused("2亿")  # 2 亿立方米 or 2 亿 × 万立方米
    assert (
        refused("3千5百") == "“3千5百”混用了阿拉伯数字和汉字数位，请直接填写完整数值（如 3500）。"
    )
    assert "不止一个数值" not in refused("3千吨") and "吨" in refused("3千吨")


@pytest.mark.parametrize(
    "text", ["第一季度", "一季度", "全年", "年计划量（万立方米）", "合计", "序号"]
)
def test_a_heading_in_a_numeric_cell_is_named_as_such(text: str) -> None:
    """Issue #17 item 16: a pasted header cell was told to use Arabic digits."""
    reason = refused(text)
    assert "是表头文字（列名），不是数值" in reason and "阿拉伯数字" not in reason


def test_header_rows_are_recognised() -> None:
    header = [
        "序号",
        "单位名称",
        "统一社会信用代码",
        "行业",
        "水源",
        "年计划量",
        "第一季度",
        "全年",
    ]
    assert is_header_row(header)
    assert is_header_row(["", "第一季度", "第二季度", "第三季度", "第四季度"])
    assert not is_header_row(["1", "甲厂", "91140300MA0K00000X", "工业", "公共供水", "40", "10"])
    assert not is_header_row(["合计", "120"])  # a total row carries a number
    assert not is_header_row(["甲厂", ""])
    assert not is_header_row([])
    # 表三's input columns: no header word, but the table's own column titles
    columns = ["进展情况", "完成日期", "佐证材料", "存在问题及下步措施"]
    assert not is_header_row(columns)
    assert is_header_row(columns, labels=["序号", *columns])
    assert is_header_row(["年计划用水量（万立方米）"], labels=["年计划用水量"])
    assert not is_header_row(["进展情况", "12"], labels=columns)
