"""表四 across the city: every county's planned water users in one ledger (issue #16).

Totals by industry and by water source; the users over their plan with their
surcharge band (the city's bands, else the documented default); and one
统一社会信用代码 filed by two counties flagged: a user is planned by one bureau, so the
same code twice is either a double count or a wrong code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from msgspec import Struct

from siwu_desktop.core.forms import FormSpec
from siwu_desktop.core.formulas import DEFAULT_SURCHARGE_BANDS, SurchargeBand
from siwu_desktop.core.returns import Entry, ReturnData
from siwu_desktop.core.validation import ledger_rows

ZERO = Decimal(0)


class LedgerLine(Struct, frozen=True):
    county: str
    row: int  # 1-based row in the county's ledger
    name: str
    uscc: str
    industry: str
    source: str
    plan: Decimal | None
    annual: Decimal | None
    over: Decimal | None
    over_rate: Decimal | None  # percent
    surcharge: int | None  # multiplier, 0 = none
    balance_test: str


class GroupTotal(Struct, frozen=True):
    """Users, planned and actual volumes (万m³) of one industry or one source."""

    name: str
    users: int
    plan: Decimal
    annual: Decimal
    over: Decimal


class SharedCode(Struct, frozen=True):
    uscc: str
    counties: tuple[str, ...]
    names: tuple[str, ...]


class CityLedger(Struct, frozen=True):
    counties: tuple[str, ...]
    reported: tuple[str, ...]
    lines: tuple[LedgerLine, ...]
    by_industry: tuple[GroupTotal, ...]
    by_source: tuple[GroupTotal, ...]
    shared: tuple[SharedCode, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in self.counties if c not in self.reported)

    @property
    def over_plan(self) -> tuple[LedgerLine, ...]:
        return tuple(line for line in self.lines if line.over is not None and line.over > 0)

    @property
    def total(self) -> GroupTotal:
        return _group("", self.lines)

    def shared_code(self, line: LedgerLine) -> SharedCode | None:
        return next((s for s in self.shared if s.uscc == line.uscc), None)


def _text(cells: Mapping[str, Entry], column: str) -> str:
    entry = cells.get(column)
    return entry.text.strip() if entry is not None else ""


def _group(name: str, lines: Sequence[LedgerLine]) -> GroupTotal:
    return GroupTotal(
        name,
        len(lines),
        sum((line.plan or ZERO for line in lines), ZERO),
        sum((line.annual or ZERO for line in lines), ZERO),
        sum((line.over or ZERO for line in lines), ZERO),
    )


def _groups(lines: Sequence[LedgerLine], key: str) -> tuple[GroupTotal, ...]:
    names: dict[str, list[LedgerLine]] = {}
    for line in lines:
        names.setdefault(getattr(line, key), []).append(line)
    return tuple(_group(name, group) for name, group in names.items())


def merge_ledgers(
    form: FormSpec,
    t4: Mapping[str, ReturnData],
    counties: Sequence[str],
    bands: Sequence[SurchargeBand] = DEFAULT_SURCHARGE_BANDS,
) -> CityLedger:
    """The counties' 表四 of one year as one ledger, in the city's county order."""
    lines: list[LedgerLine] = []
    for county in counties:
        ret = t4.get(county)
        if ret is None:
            continue
        numbers = ledger_rows(ret, form, bands)
        for n, (row, values) in enumerate(zip(ret.rows, numbers, strict=True), start=1):
            name = _text(row.cells, "name")
            if not name and values.get("plan") is None and values.get("annual") is None:
                continue  # an empty row of the template
            surcharge = values.get("surcharge")
            lines.append(
                LedgerLine(
                    county,
                    n,
                    name,
                    _text(row.cells, "uscc").upper(),
                    _text(row.cells, "industry"),
                    _text(row.cells, "source"),
                    values.get("plan"),
                    values.get("annual"),
                    values.get("over"),
                    values.get("over_rate"),
                    int(surcharge) if surcharge is not None else None,
                    _text(row.cells, "balance_test"),
                )
            )
    by_code: dict[str, list[LedgerLine]] = {}
    for line in lines:
        if line.uscc:
            by_code.setdefault(line.uscc, []).append(line)
    shared = tuple(
        SharedCode(
            code, tuple(dict.fromkeys(x.county for x in group)), tuple(x.name for x in group)
        )
        for code, group in by_code.items()
        if len({x.county for x in group}) > 1
    )
    reported = tuple(c for c in counties if c in t4)
    return CityLedger(
        tuple(counties),
        reported,
        tuple(lines),
        _groups(lines, "industry"),
        _groups(lines, "source"),
        shared,
    )
