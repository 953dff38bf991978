"""The city's status board, the city's 本年/上年/同比 and the 催报清单 as a workbook
(`siwu board --out`, the window's 导出): A4 landscape sheets, each heading row repeated on
every page of its own sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from siwu_desktop.core.terms import period_text
from siwu_desktop.excel.export import save_atomically
from siwu_desktop.excel.style import CENTER, HEAD, LEFT, put
from siwu_desktop.excel.summary_cells import fit_rows, head, setup, text, title
from siwu_desktop.excel.summary_returns import SHEET_T3, task_sheet

SHEET_BOARD, SHEET_REMINDERS = "报送情况", "催报清单"
TITLE_BOARD = "{year}年县区报表报送情况"
TITLE_REMINDERS = "{year}年催报清单"
AS_OF = "统计日期：{today}"
OVERDUE_LINE = "逾期：年报 {annual} 份，季报 {quarterly} 份（只计已过报送期限的报表）"
COUNTS = "各状态：{counts}"
COUNTY = "县区"
HEAD_REMINDERS = ("序号", "县区", "需催报的报表", "填报人及联系电话")
FLAGS = "异常，需核实"
SHEET_INDICATORS = "全市主要指标"
TITLE_INDICATORS = "{year}年全市主要指标（本年、上年、同比）"
HEAD_INDICATORS = ("指标", "单位", "本年", "上年", "同比")
NONE = "无需催报的县区。"


def write_board(view: Any, path: Path) -> Path:
    """`view`: services.city_reminders.BoardView."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_BOARD
    counts = "，".join(f"{s} {n}" for s, n in view.counts if n)
    lines = [
        AS_OF.format(today=view.today),
        OVERDUE_LINE.format(annual=view.overdue_annual, quarterly=view.overdue_quarterly),
        COUNTS.format(counts=counts or "—"),
    ]
    headers = (COUNTY, *view.columns)
    row = title(ws, TITLE_BOARD.format(year=view.year), len(headers), lines)
    head(ws, row, headers)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    for county, states in view.rows:
        text(ws, row, 1, county, CENTER)
        for i, state in enumerate(states, start=2):
            text(ws, row, i, state, CENTER)
        row += 1
    if view.flags:
        row += 1
        put(ws.cell(row, 1), FLAGS).font = HEAD
        row += 1
        for county, shown in view.flags:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(headers))
            text(ws, row, 1, county, CENTER)
            text(ws, row, 2, shown)
            row += 1
    setup(ws, (14, *(13 for _ in view.columns)))
    fit_rows(ws, 2)
    if view.indicators:
        _indicators(wb.create_sheet(SHEET_INDICATORS), view)
    _reminders(wb.create_sheet(SHEET_REMINDERS), view)
    return save_atomically(wb, path)


def _indicators(ws: Any, view: Any) -> None:
    """The city's 本年/上年/同比 of every indicator, on a sheet of its own (its own heading
    row repeated on every page, never the board's)."""
    lines = [AS_OF.format(today=view.today)]
    row = title(ws, TITLE_INDICATORS.format(year=view.year), len(HEAD_INDICATORS), lines)
    head(ws, row, HEAD_INDICATORS)
    ws.print_title_rows = f"{row}:{row}"
    for line in view.indicators:
        row += 1
        text(ws, row, 1, line.label, LEFT)
        for col, value in enumerate((line.unit, line.now, line.last, line.change), start=2):
            text(ws, row, col, value, CENTER)
    setup(ws, (40, 11, 20, 12, 12), landscape=False)


def _reminders(ws: Any, view: Any) -> None:
    reminders_sheet(ws, TITLE_REMINDERS.format(year=view.year), view.today, view.reminders)


def reminders_sheet(ws: Any, heading: str, today: str, reminders: Sequence[Any]) -> None:
    """The 催报清单: `reminders` services.city_reminders.Reminder."""
    row = title(ws, heading, 4, [AS_OF.format(today=today)])
    head(ws, row, HEAD_REMINDERS)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    for n, r in enumerate(reminders, start=1):
        text(ws, row, 1, str(n), CENTER)
        text(ws, row, 2, r.county, CENTER)
        text(ws, row, 3, "\n".join(r.items), LEFT)
        text(ws, row, 4, r.contact, LEFT)
        ws.row_dimensions[row].height = 13 * len(r.items) + 4
        row += 1
    if not reminders:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        put(ws.cell(row, 1), NONE)
    setup(ws, (6, 14, 70, 30))


TITLE_PERIOD_TASKS = "{city}{period}重点任务落实情况（分县区）"
TITLE_PERIOD_REMINDERS = "{period}表三催报清单"


def write_period_tasks(tasks: Any, today: str, path: Path) -> Path:
    """The 表三 of one 报告期 across the counties (`tasks`: services.city_reminders.
    PeriodTasks), and its 催报清单."""
    matrix = tasks.matrix
    period = period_text(matrix.year, matrix.period)
    heading = TITLE_PERIOD_TASKS.format(city=matrix.city, period=period)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_T3
    task_sheet(ws, heading, matrix)
    chase = wb.create_sheet(SHEET_REMINDERS)
    reminders_sheet(chase, TITLE_PERIOD_REMINDERS.format(period=period), today, tasks.reminders)
    return save_atomically(wb, path)
