"""A return in memory: what was typed (text), what it means (Decimal), rows, explanations.

The text is kept beside the parsed value so the person sees what they typed and
what the app understood; a refused entry keeps its text and reason and no value.
Storage, Excel and the UI all fill a return through `enter` / `enter_cell`, so
every value goes through the same parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal

from msgspec import Struct, field

from siwu_desktop.core import messages as msg
from siwu_desktop.core.forms import CHOICE, DATE, NUMBER, Field, FormSpec
from siwu_desktop.core.parsing import Refusal, normalise, parse_quantity
from siwu_desktop.core.terms import ANNUAL, METADATA_KEYS, PERIODS, MetaField


class Entry(Struct, frozen=True):
    """What was typed in one cell: the text as entered and its parsed value or refusal."""

    text: str
    value: Decimal | None = None
    not_applicable: bool = False
    refusal: str | None = None
    note: str = ""
    date: dt.date | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class Row(Struct):
    """A table row: `key` is the task id in 表三, empty in 表四."""

    key: str = ""
    cells: dict[str, Entry] = field(default_factory=dict)


class ReturnMetadata(Struct, frozen=True):
    """The signature block of a return: who reports, signs and when ("" where not given).

    Field names are `MetaField` values. In digested content (and so in finalised
    snapshots and exported workbooks) it is an object keyed by `METADATA_KEYS`,
    with blank fields left out: `wire` and `from_wire` convert.
    """

    unit: str = ""  # 填报单位
    preparer: str = ""  # 填报人
    reviewer: str = ""  # 审核人
    head: str = ""  # 单位负责人
    phone: str = ""  # 联系电话
    date: str = ""  # 填报日期 (ISO date)

    def get(self, name: MetaField) -> str:
        value: str = getattr(self, name.value)
        return value

    def wire(self) -> dict[str, str]:
        """The stored and digested form: keyed by `METADATA_KEYS`, blank fields left out."""
        return {METADATA_KEYS[f]: v.strip() for f in MetaField if (v := self.get(f)).strip()}

    @classmethod
    def from_wire(cls, stored: Mapping[str, object]) -> ReturnMetadata:
        by_key = {key: f for f, key in METADATA_KEYS.items()}
        found = {
            by_key[k].value: v for k, v in stored.items() if k in by_key and isinstance(v, str)
        }
        return cls(**found)


class ReturnData(Struct):
    """The entries of one return: its single fields and its table rows."""

    form: str  # t1..t4
    city: str
    county: str
    year: int
    period: str = ANNUAL  # "Y" or "Q1".."Q4"
    values: dict[str, Entry] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    explanations: dict[str, str] = field(default_factory=dict)  # finding key or field id → text
    metadata: ReturnMetadata = field(default_factory=ReturnMetadata)

    def value(self, field_id: str) -> Decimal | None:
        entry = self.values.get(field_id)
        return entry.value if entry else None

    def entered(self) -> dict[str, Decimal | None]:
        return {k: e.value for k, e in self.values.items()}


def new_return(form: FormSpec, county: str, year: int, period: str = ANNUAL) -> ReturnData:
    if period not in PERIODS:
        raise ValueError(msg.NOT_A_PERIOD.format(period=period))
    ret = ReturnData(form.id, form.city, county, year, period)
    if form.table is not None:
        ret.rows = [Row(key=r.key) for r in form.table.fixed_rows]
    return ret


# compiled (and kept) by `re` on its first use: a start that opens 表一 reads no date (#13 item 7)
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"


def parse_date(text: str) -> dt.date | None:
    """2026-09-30, 2026/9/30, 2026.9.30 or 2026年9月30日 (full-width digits too); None for
    anything else, or a day that does not exist (2026-02-30)."""
    match = re.fullmatch(_DATE, normalise(text))
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# Codes whose letters are upper case by their standard (统一社会信用代码, GB 32100-2015):
# a code typed in lower case is kept, shown, printed and exported in upper case.
UPPER_CASE_CODES = frozenset({"uscc"})


def parse_entry(spec: Field, text: str, signed: bool = False) -> Entry:
    """Read what was typed into a cell of this field (number, choice, date or text).

    `signed`: the text of a finalised revision (stored, or in an exported file), read
    exactly as it was when its digest was taken: a code finalised in lower case by an
    earlier version stays so there, so the paper, the file and the digest still agree."""
    if spec.id in UPPER_CASE_CODES and isinstance(text, str) and not signed:
        text = normalise(text).upper()
    if spec.value_type == NUMBER:
        parsed = parse_quantity(text, spec.unit)
        if isinstance(parsed, Refusal):
            return Entry(text, refusal=parsed.reason)
        return Entry(text, parsed.value, parsed.not_applicable, note=parsed.note)
    clean = normalise(text) if isinstance(text, str) else ""
    if spec.value_type == CHOICE and clean and clean not in spec.choices:
        reason = msg.CHOICE_INVALID.format(
            label=spec.label, choices="、".join(spec.choices), text=clean
        )
        return Entry(text, refusal=reason)
    if spec.value_type == DATE and clean:
        day = parse_date(clean)
        if day is None:
            return Entry(text, refusal=msg.DATE_INVALID.format(label=spec.label, text=clean))
        return Entry(text, date=day)
    return Entry(text)


def enter(ret: ReturnData, form: FormSpec, field_id: str, text: str) -> Entry:
    """Set one cell of a single-cell form; returns the entry (check `.refusal`)."""
    spec = form.field(field_id)
    if spec.kind != "input":
        raise KeyError(f"{field_id} is derived")
    entry = parse_entry(spec, text)
    ret.values[field_id] = entry
    return entry


def add_row(ret: ReturnData) -> int:
    ret.rows.append(Row())
    return len(ret.rows) - 1


def enter_cell(ret: ReturnData, form: FormSpec, row: int, column_id: str, text: str) -> Entry:
    """Set one cell of a table row (0-based row index)."""
    if form.table is None:
        raise KeyError(f"{form.id} has no table")
    spec = form.table.column_index[column_id]
    if spec.kind != "input":
        raise KeyError(f"{column_id} is derived")
    entry = parse_entry(spec, text)
    ret.rows[row].cells[column_id] = entry
    return entry
