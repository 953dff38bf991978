"""The 催报清单 and the board's 异常 marks (issue #16 items 4, 7, 9). No Qt.

A county is on the reminder list for every return of the board that is missing
(未报 after its deadline = 逾期, or 未报 before it), has errors, needs a 情况说明, or was
refused; beside it the 填报人 and 联系电话 of its latest return of any form (a county
that never filed anything has none: the list says so, and the city uses its own address
book). 异常 marks come from core.city_checks on this year's and last year's 表一, and so do
the city's 上年 and 同比 of every indicator, as the summary shows them (item 4).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from msgspec import Struct

from siwu_desktop.core import units
from siwu_desktop.core.city_checks import Change, city_changes, county_flags, flags_by_county
from siwu_desktop.core.city_tasks import TaskMatrix
from siwu_desktop.core.consolidation import Consolidation
from siwu_desktop.core.terms import ReturnStatus, period_label
from siwu_desktop.services import city_board as cb
from siwu_desktop.services.city import (
    FORM_SHORT,
    UsedReturn,
    city_consolidation,
    period_task_matrix,
)
from siwu_desktop.services.returns import ReturnService

#: the states that put a return on the 催报清单
CHASED = (cb.NOT_FILED, cb.OVERDUE, cb.ERRORS, cb.NEEDS_NOTE, cb.REFUSED)
ITEM = "{form}（{period}）：{state}"
DUE = "，应于{date}前报送"
NO_CONTACT = "无报送记录，请按通讯录联系"


class Reminder(Struct, frozen=True):
    county: str
    items: tuple[str, ...]  # one line per return to chase
    preparer: str
    phone: str

    @property
    def contact(self) -> str:
        if not self.preparer and not self.phone:
            return NO_CONTACT
        return "　".join(x for x in (self.preparer, self.phone) if x)


def cell_item(cell: cb.BoardCell) -> str:
    text = ITEM.format(
        form=FORM_SHORT[cell.form], period=period_label(cell.period), state=cell.state.label
    )
    if cell.state in (cb.NOT_FILED, cb.OVERDUE):
        text += DUE.format(date=cell.due.isoformat())
    if cell.reason:
        text += f"（{cell.reason}）"
    return text


def _contact(service: ReturnService, county: str) -> tuple[str, str]:
    """填报人 and 联系电话 of the county's latest stored return (any form, any year)."""
    found = service.storage.returns.list_returns(county=county)
    for info in sorted(found, key=lambda r: (r.year, r.finalised_at or ""), reverse=True):
        finals = [
            r
            for r in service.storage.returns.revisions(info.id)
            if r.status == ReturnStatus.FINALISED
        ]
        if not finals:
            continue
        meta = service.load(info, finals[-1].revision).data.metadata
        return meta.preparer, meta.phone
    return "", ""


class PeriodTasks(Struct, frozen=True):
    """The 表三 of one 报告期 across the counties, and whom to chase for it (催报)."""

    matrix: TaskMatrix
    used: tuple[UsedReturn, ...]
    reminders: tuple[Reminder, ...]


def period_tasks(
    service: ReturnService,
    year: int,
    period: str,
    today: dt.date | None = None,
    annual_deadline: tuple[int, int] = cb.DEFAULT_ANNUAL_DEADLINE,
) -> PeriodTasks:
    """The task matrix of the counties' 表三 of `period`, and a 催报 line for each county
    whose 表三 of that period is not in (未报 before its deadline, 逾期 after) or cannot
    stand as filed (错误, 需说明, 退回修改), as the board judges it."""
    matrix, used = period_task_matrix(service, year, period)
    today = today or service.today or dt.date.today()
    stored = {
        r.county: r
        for r in service.storage.returns.list_returns(year=year, form="t3")
        if r.period == period
    }
    refusals = service.storage.refusals.latest()
    chased = []
    for county in matrix.counties:
        cell = cb.board_cell(
            service,
            county,
            "t3",
            period,
            year,
            today,
            annual_deadline,
            stored.get(county),
            refusals.get((county, year, "t3", period)),
        )
        if cell.state in CHASED:
            chased.append(Reminder(county, (cell_item(cell),), *_contact(service, county)))
    return PeriodTasks(matrix, used, tuple(chased))


def export_period_tasks(service: ReturnService, tasks: PeriodTasks, out: Path) -> Path:
    """导出本期表三 (the 汇总 page's 任务进展): the task matrix of the 报告期 and its 催报清单."""
    from siwu_desktop.excel.board import write_period_tasks

    today = (service.today or dt.date.today()).isoformat()
    return write_period_tasks(tasks, today, out)


def reminders(service: ReturnService, board: cb.Board) -> list[Reminder]:
    """Every county with something to chase, in the board's order."""
    out = []
    for row in board.rows:
        items = tuple(cell_item(c) for c in row.cells if c.state in CHASED)
        if items:
            out.append(Reminder(row.county, items, *_contact(service, row.county)))
    return out


def _years(service: ReturnService, year: int) -> tuple[Consolidation, Consolidation | None]:
    """This year's and last year's 表一 consolidated (last year None when nobody filed)."""
    now = city_consolidation(service, year)
    last = city_consolidation(service, year - 1)
    return now, last if last.reported else None


NOT_SHOWN = "—"
PARTIAL = "（部分县区）"


class IndicatorLine(Struct, frozen=True):
    """One city indicator of 表一 on the board: 本年, 上年 and 同比 as the summary shows them."""

    label: str
    unit: str
    now: str
    last: str
    change: str  # +12.5% / 部分县区 / 上年无数据 / —


def _number(value: Decimal | None, places: int) -> str:
    return NOT_SHOWN if value is None else format(round(value, places), "f")


def _change_text(change: Change | None) -> str:
    if change is None:
        return NOT_SHOWN
    if change.percent is not None:
        return f"{change.percent:+.1f}%"
    return change.note or NOT_SHOWN


def indicator_lines(now: Consolidation, last: Consolidation | None) -> list[IndicatorLine]:
    """Every indicator of the city's 表一 in form order, with its 上年 and 同比."""
    changes = city_changes(now, last)
    out = []
    for f in now.form.fields:
        if f.indicator is None:
            continue
        change = changes.get(f.id)
        value = _number(now.value(f.id), f.precision)
        if f.quantity and now.value(f.id) is not None and now.lacking(f.id):
            value += PARTIAL  # a total of the reporting counties, not the city's
        out.append(
            IndicatorLine(
                f.label,
                "" if f.unit == units.RATIO else f.unit,
                value,
                _number(change.last if change else None, f.precision),
                _change_text(change),
            )
        )
    return out


class BoardView(Struct, frozen=True):
    """The board as text, for `siwu board`, its workbook and its printout."""

    year: int
    today: str  # ISO
    columns: tuple[str, ...]  # 表一（全年） … 表三（第一季度） …
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # county, one state per column
    counts: tuple[tuple[str, int], ...]  # state, cells
    overdue_annual: int
    overdue_quarterly: int
    flags: tuple[tuple[str, str], ...]  # county, 异常，需核实：…
    reminders: tuple[Reminder, ...]
    indicators: tuple[IndicatorLine, ...] = ()  # the city's 本年/上年/同比


def column_label(form: str, period: str) -> str:
    return f"{FORM_SHORT[form]}（{period_label(period)}）"


def cell_text(cell: cb.BoardCell, flagged: bool) -> str:
    text = cell.state.label + (f"：{cell.reason}" if cell.reason else "")
    return text + (f"，{ANOMALY}" if flagged else "")


ANOMALY = "异常"


def board_view(service: ReturnService, board: cb.Board) -> BoardView:
    now, last = _years(service, board.year)
    flags = flags_by_county(county_flags(now, last))
    rows = []
    for row in board.rows:
        flagged = bool(flags.get(row.county))
        cells = tuple(
            cell_text(c, flagged and c.filed and (c.form, c.period) == ("t1", "Y"))
            for c in row.cells
        )
        rows.append((row.county, cells))
    return BoardView(
        board.year,
        board.today.isoformat(),
        tuple(column_label(f, p) for f, p in cb.COLUMNS),
        tuple(rows),
        tuple((s.label, board.count(s)) for s in cb.STATES),
        board.overdue(quarterly=False),
        board.overdue(quarterly=True),
        tuple((county, f.shown) for county, fs in flags.items() for f in fs),
        tuple(reminders(service, board)),
        tuple(indicator_lines(now, last)),
    )


def board_json(view: BoardView) -> dict[str, object]:
    return {
        "year": view.year,
        "today": view.today,
        "columns": list(view.columns),
        "counties": [
            {"county": c, "states": dict(zip(view.columns, s, strict=True))} for c, s in view.rows
        ],
        "counts": dict(view.counts),
        "overdue": {"annual": view.overdue_annual, "quarterly": view.overdue_quarterly},
        "flags": [{"county": c, "text": t} for c, t in view.flags],
        "reminders": [
            {"county": r.county, "items": list(r.items), "preparer": r.preparer, "phone": r.phone}
            for r in view.reminders
        ],
        "indicators": [
            {"label": i.label, "unit": i.unit, "value": i.now, "last": i.last, "change": i.change}
            for i in view.indicators
        ],
    }
