"""The 催报清单 and the board's 异常 marks (issue #16 items 4, 7, 9). No Qt.

A county is on the reminder list for every return of the board that is missing
(未报 after its deadline = 逾期, or 未报 before it), has errors, needs a 情况说明, or was
refused; beside it the 填报人 and 联系电话 of its latest return of any form (a county
that never filed anything has none: the list says so, and the city uses its own address
book). 异常 marks come from core.city_checks on this year's and last year's 表一.
"""

from __future__ import annotations

from dataclasses import dataclass

from siwu_desktop.core.city_checks import Flag, county_flags, flags_by_county
from siwu_desktop.core.terms import ReturnStatus, period_label
from siwu_desktop.services import city_board as cb
from siwu_desktop.services.city import FORM_SHORT, city_consolidation
from siwu_desktop.services.returns import ReturnService

#: the states that put a return on the 催报清单
CHASED = (cb.NOT_FILED, cb.OVERDUE, cb.ERRORS, cb.NEEDS_NOTE, cb.REFUSED)
ITEM = "{form}（{period}）：{state}"
DUE = "，应于{date}前报送"
NO_CONTACT = "无报送记录，请按通讯录联系"


@dataclass(frozen=True)
class Reminder:
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


def reminders(service: ReturnService, board: cb.Board) -> list[Reminder]:
    """Every county with something to chase, in the board's order."""
    out = []
    for row in board.rows:
        items = tuple(cell_item(c) for c in row.cells if c.state in CHASED)
        if items:
            out.append(Reminder(row.county, items, *_contact(service, row.county)))
    return out


def board_flags(service: ReturnService, year: int) -> dict[str, list[Flag]]:
    """County → its 异常，需核实 flags of the year (表一 against last year and its peers)."""
    now = city_consolidation(service, year)
    last = city_consolidation(service, year - 1)
    return flags_by_county(county_flags(now, last if last.reported else None))


@dataclass(frozen=True)
class BoardView:
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


def column_label(form: str, period: str) -> str:
    return f"{FORM_SHORT[form]}（{period_label(period)}）"


def cell_text(cell: cb.BoardCell, flagged: bool) -> str:
    text = cell.state.label + (f"：{cell.reason}" if cell.reason else "")
    return text + (f"，{ANOMALY}" if flagged else "")


ANOMALY = "异常"


def board_view(service: ReturnService, board: cb.Board) -> BoardView:
    flags = board_flags(service, board.year)
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
    }
