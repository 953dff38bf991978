"""City mode: who has filed what for a period (the status board), and the figures for the
charts. No Qt; the window shows what this computes.

Deadlines (shown in the window, the annual one configurable): an annual return of
year Y is due by 次年1月31日 unless the city sets another day (默认); the quarterly
表三 of a quarter by the 15th of the month after the quarter (Q4: 15 January).

A cell's state, judged on the newest finalised revision with the same core rules a
county runs (findings re-computed on the imported data, with this city's pack):
未报 / 逾期 (nothing filed, the deadline passed) / 有错误 / 需说明 (a 约束性 miss or a
warning that needs a 情况说明 has none) / 已更正 (revision 2 or later) / 已报.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from msgspec import Struct, field

from siwu_desktop.core.compliance import in_field_unit, targets_by_field
from siwu_desktop.core.terms import FilingState, Severity
from siwu_desktop.core.validation import Finding, finalise_blockers
from siwu_desktop.services.city import city_consolidation
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import ReturnInfo
from siwu_desktop.storage.receipts import Refusal

#: 次年1月31日: the default deadline of annual returns (month, day of the next year)
DEFAULT_ANNUAL_DEADLINE = (1, 31)
QUARTER_DEADLINE_DAY = 15
#: the board's columns: (form, period)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("t1", "Y"),
    ("t2", "Y"),
    ("t3", "Q1"),
    ("t3", "Q2"),
    ("t3", "Q3"),
    ("t3", "Q4"),
    ("t3", "Y"),
    ("t4", "Y"),
)

# the states of a cell, by their short names (REFUSED: 退回修改 by a receipt, with its reason)
NOT_FILED, FILED = FilingState.NOT_FILED, FilingState.FILED
ERRORS, NEEDS_NOTE = FilingState.ERRORS, FilingState.NEEDS_NOTE
CORRECTED, OVERDUE, REFUSED = FilingState.CORRECTED, FilingState.OVERDUE, FilingState.REFUSED
STATES = (NOT_FILED, OVERDUE, ERRORS, NEEDS_NOTE, REFUSED, CORRECTED, FILED)


def deadline(year: int, period: str, annual: tuple[int, int] = DEFAULT_ANNUAL_DEADLINE) -> dt.date:
    if period == "Y":
        return dt.date(year + 1, *annual)
    month = int(period[1]) * 3 + 1
    return dt.date(year + month // 13, (month - 1) % 12 + 1, QUARTER_DEADLINE_DAY)


class BoardCell(Struct, frozen=True):
    county: str
    form: str
    period: str
    state: FilingState
    due: dt.date
    info: ReturnInfo | None = None
    revision: int | None = None  # the finalised revision judged
    errors: int = 0
    warnings: int = 0
    unexplained: int = 0
    findings: tuple[Finding, ...] = ()
    loaded: LoadedReturn | None = None
    reason: str = ""  # why it was refused (已拒绝)

    @property
    def filed(self) -> bool:
        return self.revision is not None


class BoardRow(Struct, frozen=True):
    county: str
    cells: tuple[BoardCell, ...]
    last_refusal: str = ""  # the county's last refused file or returned revision (#14)


class Board(Struct):
    year: int
    today: dt.date
    annual_deadline: tuple[int, int]
    rows: list[BoardRow] = field(default_factory=list)

    def count(self, state: FilingState) -> int:
        return sum(1 for r in self.rows for c in r.cells if c.state is state)

    def overdue(self, quarterly: bool) -> int:
        """逾期 cells, annual returns and quarterly 表三 apart: a deadline not yet passed
        is 未报, never 逾期."""
        return sum(
            1
            for r in self.rows
            for c in r.cells
            if c.state == OVERDUE and (c.period != "Y") == quarterly
        )


def _judge(service: ReturnService, info: ReturnInfo) -> tuple[int, LoadedReturn] | None:
    finals = [r for r in service.storage.returns.revisions(info.id) if r.status == "finalised"]
    if not finals:
        return None
    revision = finals[-1].revision
    return revision, service.load(info, revision)


def board_cell(
    service: ReturnService,
    county: str,
    form: str,
    period: str,
    year: int,
    today: dt.date,
    annual: tuple[int, int],
    info: ReturnInfo | None,
    refusal: Refusal | None = None,
) -> BoardCell:
    due = deadline(year, period, annual)
    judged = _judge(service, info) if info is not None else None
    if judged is None:
        if refusal is not None:  # a refused file and nothing accepted since (#14 item 8)
            return BoardCell(county, form, period, REFUSED, due, info, reason=_refusal(refusal))
        state = OVERDUE if today > due else NOT_FILED
        return BoardCell(county, form, period, state, due, info)
    revision, loaded = judged
    if refusal is not None and refusal.revision == revision and not refusal.file:
        # the city sent this revision back by receipt (退回修改)
        return BoardCell(
            county, form, period, REFUSED, due, info, revision, loaded=loaded,
            reason=_refusal(refusal),
        )  # fmt: skip
    findings = tuple(service.validate(loaded))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    blockers = finalise_blockers(findings, loaded.data.explanations)
    unexplained = len(blockers) - (1 if errors else 0)
    if errors:
        state = ERRORS
    elif unexplained:
        state = NEEDS_NOTE
    elif revision > 1:
        state = CORRECTED
    else:
        state = FILED
    return BoardCell(
        county,
        form,
        period,
        state,
        due,
        info,
        revision,
        errors,
        warnings,
        unexplained,
        findings,
        loaded,
    )


def _refusal(r: Refusal) -> str:
    """The cell's reason: what was refused, why, and when."""
    when = r.at[:10]
    what = f"文件“{r.file}”" if r.file else f"第{r.revision}版退回修改"
    return f"{when} {what}：{r.detail}"


def build_board(
    service: ReturnService,
    year: int,
    today: dt.date | None = None,
    annual_deadline: tuple[int, int] = DEFAULT_ANNUAL_DEADLINE,
    counties: Sequence[str] | None = None,
) -> Board:
    """Every county of the profile × `COLUMNS` for `year`."""
    profile = service.profile()
    names = list(counties or [n for n, _ in profile.counties])
    today = today or service.today or dt.date.today()
    stored = {
        (r.county, r.form, r.period): r for r in service.storage.returns.list_returns(year=year)
    }
    board = Board(year, today, annual_deadline)
    refusals = service.storage.refusals.latest()
    for county in names:
        cells = tuple(
            board_cell(
                service,
                county,
                form,
                period,
                year,
                today,
                annual_deadline,
                stored.get((county, form, period)),
                refusals.get((county, year, form, period)),
            )
            for form, period in COLUMNS
        )
        mine = [r for k, r in refusals.items() if k[0] == county and k[1] == year]
        last = max(mine, key=lambda r: r.at, default=None)
        board.rows.append(BoardRow(county, cells, _refusal(last) if last else ""))
    return board


# --- charts ------------------------------------------------------------------------------------


class CountyBars(Struct, frozen=True):
    """One indicator, county by county, with the city's target of the year."""

    label: str
    unit: str
    year: int
    bars: tuple[tuple[str, Decimal | None], ...]  # county, value (None: 未报 or blank)
    target: Decimal | None
    bound: str  # max / min / decline_min, or ""
    city_value: Decimal | None
    quantity: bool = False  # a city total: its target is not a county's (未下达县级指标)


class CityTrend(Struct, frozen=True):
    label: str
    unit: str
    points: tuple[tuple[int, Decimal | None], ...]  # year, consolidated city value
    milestones: tuple[tuple[int, Decimal, str], ...]  # year, target, bound
    #: years whose figure leaves counties out (未报 or blank): marked 部分县区, and for a
    #: quantity never drawn as a city total
    partial: tuple[int, ...] = ()
    quantity: bool = False

    def drawn(self) -> tuple[tuple[int, Decimal | None], ...]:
        """The points a chart joins as the city's figure: a partial total is not one."""
        if not self.quantity:
            return self.points
        return tuple((y, None if y in self.partial else v) for y, v in self.points)


def indicator_fields(service: ReturnService, year: int) -> list[tuple[str, str]]:
    """(field id, label) of the city's 表一 indicators, key ones first."""
    return [(f.id, f.label) for f in city_consolidation(service, year).key_fields()]


def county_bars(service: ReturnService, year: int, field_id: str) -> CountyBars:
    result = city_consolidation(service, year)
    spec = result.form.index[field_id]
    bars = tuple(
        (c, result.county_values[c].get(field_id) if c in result.county_values else None)
        for c in result.counties
    )
    judged = next((j for j in result.judgements if j.field == field_id), None)
    target = judged.target_value if judged is not None else None
    bound = (judged.bound or "") if judged is not None and target is not None else ""
    return CountyBars(
        spec.label, spec.unit, year, bars, target, bound, result.value(field_id), spec.quantity
    )


def city_trend(service: ReturnService, field_id: str, years: Sequence[int]) -> CityTrend:
    """The consolidated city value per year against every milestone the documents set."""
    points: list[tuple[int, Decimal | None]] = []
    partial: list[int] = []
    label, unit, quantity = field_id, "", False
    for year in sorted(years):
        result = city_consolidation(service, year)
        spec = result.form.index.get(field_id)
        if spec is not None:
            label, unit, quantity = spec.label, spec.unit, spec.quantity
            if result.lacking(field_id):
                partial.append(year)
        points.append((year, result.value(field_id) if spec is not None else None))
    targets = targets_by_field(
        t for t in service.catalog.targets_for(service.city()) if t.judged and not t.county
    ).get(field_id, [])
    milestones = sorted(
        {
            (t.year, in_field_unit(t.value, t.unit, unit), t.bound)
            for t in targets
            if t.year is not None
        }
    )
    return CityTrend(label, unit, tuple(points), tuple(milestones), tuple(partial), quantity)


def stored_years(service: ReturnService) -> list[int]:
    return sorted({r.year for r in service.storage.returns.list_returns() if r.period == "Y"})
