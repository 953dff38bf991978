"""What people type into a numeric cell, turned into an exact Decimal or refused with a reason.

The parser accepts only what has one reading: full-width forms of ASCII digits and
punctuation (folded to ASCII; no other look-alike: "10²", "①", "𝟏𝟐" are refused, naming
the character, since folding them makes another number), thousands separators in groups of three, a trailing unit of the
field's dimension (converted exactly, see units.py), a percent sign, spaces,
blanks, the not-applicable marks, and magnitude words after the digits (3千 = 3000;
3万 only where the field's unit does not itself begin with 万 or 亿, else it has two
readings). A column heading (第一季度) is refused as a heading; `is_header_row` tells a
pasted or imported header row, which is skipped. Anything with two readings ("1,23",
"1.234.5", two numbers, an estimate such as 约 5) is refused: the caller shows the
reason and stores nothing, so a number is never silently changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from msgspec import Struct

from siwu_desktop.core import messages as msg
from siwu_desktop.core import units

MAX_LENGTH = 100
MAX_DIGITS = 20  # well inside Decimal's 28-digit context: conversions stay exact

NOT_APPLICABLE_MARKS = frozenset({"—", "——", "-", "--", "–", "―", "/", "//", "不适用"})
HEDGES = (
    "大约",
    "大概",
    "左右",
    "上下",
    "以上",
    "以下",
    "不到",
    "超过",
    "约",
    "近",
    "余",
    "多",
    "~",
    "≈",
)
# Magnitude words after digits (3千 = 3000); 万 and 亿 are also the first character of
# units (万立方米, 亿元): "3万" in a 万立方米 field has two readings and is refused.
MAGNITUDES = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10**4), "亿": Decimal(10**8)}
# Words of a table's header row (列名) pasted or left in a template: 第一季度, 年计划量 …
_HEADER_WORDS = re.compile(
    r"第?[一二三四1-4１-４]季度|全年|年度|合计|小计|总计|序号|名称|信用代码|行业|水源"
    r"|计划|实际|用水量|备注|说明|指标|目标|完成情况|单位"
)
_CHINESE_NUMERALS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")

_NUMBER = re.compile(r"([+-]?)([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*(.*)", re.DOTALL)
_EXPONENT = re.compile(r"[0-9.][eE][+-]?[0-9]")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


class Parsed(Struct, frozen=True):
    """An accepted entry. `value` is None for a blank or a not-applicable mark."""

    value: Decimal | None
    not_applicable: bool = False
    typed_unit: str | None = None  # canonical unit the person typed, if any
    note: str = ""  # e.g. the conversion applied, to show beside the cell

    @property
    def blank(self) -> bool:
        return self.value is None and not self.not_applicable


class Refusal(Struct, frozen=True):
    """A refused entry: nothing is stored; `reason` is shown to the person."""

    reason: str


BLANK = Parsed(None)
NOT_APPLICABLE = Parsed(None, not_applicable=True)


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_LOOKALIKE_KINDS = (
    ("SUPERSCRIPT", "上标数字"),
    ("SUBSCRIPT", "下标数字"),
    ("CIRCLED", "带圈数字"),
    ("PARENTHESIZED", "带括号数字"),
    ("MATHEMATICAL", "数学符号数字"),
    ("FULL STOP", "带点数字"),
    ("FRACTION", "分数字符"),
    ("ROMAN", "罗马数字"),
)


def normalise(text: str) -> str:
    """Full-width forms of ASCII folded to ASCII, the minus sign unified, outer spaces removed.

    Only those: NFKC would also fold superscript, circled and mathematical digits into
    plain ones ("10²" → "102"), which changes the number."""
    folded = text.translate(_FULL_WIDTH)
    return folded.replace("\u2212", "-").replace("\ufe63", "-").strip()


def _lookalike_digits(text: str) -> list[str]:
    """Characters that are numbers but not ASCII digits, other than Chinese numerals."""
    return [
        ch
        for ch in text
        if not ch.isascii()
        and ch not in _CHINESE_NUMERALS
        and unicodedata.category(ch) in ("Nd", "Nl", "No")
    ]


def _lookalike_refusal(ch: str) -> Refusal:
    name = unicodedata.name(ch, "")
    kind = next((label for word, label in _LOOKALIKE_KINDS if word in name), "特殊数字字符")
    return Refusal(msg.PARSE_LOOKALIKE.format(char=ch, kind=kind, code=f"U+{ord(ch):04X}"))


def _unit_text(typed: str) -> str | None:
    """The canonical unit of typed text, its compatibility forms folded (m³, ㎥ → m3)."""
    return units.canonical_unit(unicodedata.normalize("NFKC", typed))


def parse_quantity(text: object, field_unit: str) -> Parsed | Refusal:
    """Parse one typed entry for a field whose unit is `field_unit`. Never raises."""
    try:
        return _parse(text, field_unit)
    except (InvalidOperation, ValueError, ArithmeticError):  # pragma: no cover - defensive
        return Refusal(msg.PARSE_NOT_NUMBER.format(text=str(text)[:MAX_LENGTH]))


def _parse(text: object, field_unit: str) -> Parsed | Refusal:
    if text is None:
        return BLANK
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        return Refusal(msg.PARSE_NOT_TEXT)
    if isinstance(text, int | Decimal):
        text = str(text)
    if len(text) > MAX_LENGTH:
        return Refusal(msg.PARSE_TOO_LONG)
    s = normalise(text)
    if not s:
        return BLANK
    if s in NOT_APPLICABLE_MARKS:
        return NOT_APPLICABLE
    if header_text(s):
        return Refusal(msg.PARSE_HEADER.format(text=s))
    for word in HEDGES:
        if word in s:
            return Refusal(msg.PARSE_HEDGE.format(word=word))
    if s == "无":
        return Refusal(msg.PARSE_NONE_WORD)
    lookalikes = _lookalike_digits(s)
    if lookalikes and not _lookalikes_in_unit(s):
        return _lookalike_refusal(lookalikes[0])
    if not any(ch.isascii() and ch.isdigit() for ch in s):
        if any(ch in _CHINESE_NUMERALS for ch in s):
            return Refusal(msg.PARSE_CHINESE_NUMERAL)
        return Refusal(msg.PARSE_NOT_NUMBER.format(text=s))
    match = _NUMBER.fullmatch(s)
    if match is None:
        return Refusal(msg.PARSE_NOT_NUMBER.format(text=s))
    sign, number, rest = match.groups()
    if _EXPONENT.search(s):
        return Refusal(msg.PARSE_EXPONENT.format(text=s))
    if s.count(".") > 1:
        return Refusal(msg.PARSE_TWO_POINTS.format(text=s))
    if "," in number and not _GROUPED.fullmatch(number):
        return Refusal(msg.PARSE_BAD_GROUPING.format(text=s))
    typed = rest.strip()
    factor, words = Decimal(1), ""
    magnitude = _magnitude_words(typed) if _unit_text(typed) is None else None
    if magnitude is not None:
        words, typed = magnitude
        refusal = _magnitude_refusal(s, number, words, typed, field_unit)
        if refusal is not None:
            return refusal
        for word in words:
            factor *= MAGNITUDES[word]
    unit = field_unit
    if typed:
        known = _unit_text(typed)
        if known is None:
            if re.search(r"[0-9]", typed):
                return Refusal(msg.PARSE_TWO_NUMBERS.format(text=s))
            if any(ch in _CHINESE_NUMERALS for ch in typed) and typed not in ("万", "亿"):
                return Refusal(msg.PARSE_TWO_NUMBERS.format(text=s))
            return Refusal(
                msg.PARSE_UNKNOWN_UNIT.format(unit=typed, field_unit=_unit_name(field_unit))
            )
        unit = known
    digits = number.replace(",", "").replace(".", "").lstrip("0")
    if len(digits) > MAX_DIGITS:
        return Refusal(msg.PARSE_TOO_MANY_DIGITS.format(text=s))
    value = Decimal(number.replace(",", "")) * factor
    if sign == "-":
        value = -value
    read = (
        msg.PARSE_MAGNITUDE.format(text=f"{number}{words}", value=units.plain(abs(value)))
        if words
        else ""
    )
    if unit == field_unit or _same_meaning(unit, field_unit):
        return Parsed(value, typed_unit=unit if typed else None, note=read)
    if not units.convertible(unit, field_unit):
        return Refusal(msg.PARSE_WRONG_UNIT.format(unit=typed, field_unit=_unit_name(field_unit)))
    converted = units.convert(value, unit, field_unit)
    note = msg.PARSE_CONVERTED.format(
        typed=unit,
        factor=units.plain(units.convert(Decimal(1), unit, field_unit)),
        field_unit=field_unit,
        value=units.plain(converted),
    )
    return Parsed(converted, typed_unit=unit, note=read + note)


def _magnitude_words(typed: str) -> tuple[str, str] | None:
    """The magnitude words that open `typed` (千 of 3千, 万 of 3万立方米) and what follows them,
    its spaces removed; None when it opens with none. (A pattern of these four characters
    would cost a start ≈ 1.5 M instructions to compile, issue #13 item 7.)"""
    rest = typed.lstrip("".join(MAGNITUDES))
    if rest == typed:
        return None
    return typed[: len(typed) - len(rest)], rest.lstrip()


def _magnitude_refusal(
    s: str, number: str, words: str, rest: str, field_unit: str
) -> Refusal | None:
    """Why digits + magnitude words (3千, 3万) are refused, if they are."""
    if _unit_text(rest) is None and (
        re.search(r"[0-9]", rest) or any(ch in _CHINESE_NUMERALS for ch in rest)
    ):
        return Refusal(msg.PARSE_MAGNITUDE_MIXED.format(text=s))
    unit_word = next((w for w in words if w in "万亿"), None)
    if not rest and unit_word is not None and field_unit[:1] in ("万", "亿"):
        return Refusal(
            msg.PARSE_MAGNITUDE_AMBIGUOUS.format(
                text=s, word=unit_word, example=f"{number}{words}{field_unit[1:]}"
            )
        )
    return None


def header_text(text: str) -> bool:
    """Whether a cell's text is a column heading (第一季度, 年计划量（万立方米）), not a value:
    it names a header word and holds no number of its own."""
    s = normalise(text)
    rest = _HEADER_WORDS.sub("", s)
    return rest != s and not re.search(r"[0-9]", rest)


def is_header_row(texts: Sequence[str], labels: Sequence[str] = ()) -> bool:
    """Whether a pasted or imported row is the table's header row (列名), to be skipped:
    one cell at least is a heading (a header word, or one of the table's column `labels`,
    its unit in brackets or not) and no cell is a number."""
    headings = {_bare_label(label) for label in labels}
    cells = [normalise(t) for t in texts if isinstance(t, str) and normalise(t)]
    if not any(header_text(c) or _bare_label(c) in headings for c in cells):
        return False
    return not any(_NUMBER.fullmatch(c) for c in cells)


def _bare_label(text: str) -> str:
    """A column heading without its unit: 年计划用水量（万立方米） → 年计划用水量."""
    return re.sub(r"\s+|[(（][^()（）]*[)）]$", "", normalise(text))


def _lookalikes_in_unit(s: str) -> bool:
    """Whether every look-alike digit is part of a known unit after the number (5 万m³)."""
    match = _NUMBER.fullmatch(s)
    if match is None:
        return False
    typed = match.group(3).strip()
    return (
        not _lookalike_digits(s[: len(s) - len(match.group(3))]) and _unit_text(typed) is not None
    )


def _same_meaning(typed: str, field_unit: str) -> bool:
    """Documents write intensities as "立方米" meaning 立方米/万元: accept that spelling."""
    return typed == units.M3 and field_unit == units.M3_PER_WAN_YUAN


def _unit_name(unit: str) -> str:
    return unit or "（无单位）"


def format_quantity(value: Decimal, places: int | None = None, grouping: bool = False) -> str:
    """Text that `parse_quantity` reads back as `value` (when places is None)."""
    if places is not None:
        text = units.fixed(value, places)
        return f"{Decimal(text):,f}" if grouping else text
    return f"{value:,f}" if grouping else format(value, "f")
