"""The city summary's sheets for 表二, 表三 and 表四: the city 用水结构表 in the county
layout, the task × county matrix with its counts, and the merged ledger of planned
water users with its totals, over-plan users and shared codes."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from siwu_desktop.core import messages as core_msg
from siwu_desktop.core.city_ledger import CityLedger, GroupTotal, LedgerLine
from siwu_desktop.core.city_tasks import TaskCell, TaskMatrix
from siwu_desktop.core.consolidation import Consolidation
from siwu_desktop.core.forms import SECTOR_GROUPS, SECTORS, t2_source_columns
from siwu_desktop.core.terms import TaskState
from siwu_desktop.excel.style import CENTER, HEAD, LEFT, put
from siwu_desktop.excel.summary_cells import NOT_SHOWN, fit_rows, head, number, setup, text, title

SHEET_T2, SHEET_T3, SHEET_T4 = "用水结构", "任务进展", "计划用水户"
TITLE_T2 = "{city}{year}年用水结构表（全市汇总）"
TITLE_T3 = "{city}{year}年重点任务落实情况（分县区）"
TITLE_T4 = "{city}{year}年计划用水户台账（全市汇总）"
UNIT_T2 = "单位：万立方米"
IN_T2 = "汇总县区（{n}/{total}）：{names}"
MISSING = "未报：{names}（不计入，不按零处理）"
T2_SECTOR = "用水行业"
T2_TOTAL_COLUMN = "合计"
SUBTOTAL = "{label}小计"
T2_TOTAL = "合计"
T3_HEAD = ("序号", "任务内容", "完成时限")
T3_COUNTS = (
    TaskState.DONE.label,
    TaskState.IN_PROGRESS.label,
    TaskState.NOT_STARTED.label,
    "逾期",
)
T3_NOT_MINE = "不涉及本县区"
T3_BLANK = "未填"
T3_REPORT_DATE = "逾期按报告期末（{date}）判断，各县区的专项任务只列在该县区。"
T4_HEAD = (
    "序号",
    "县区",
    "单位名称",
    "统一社会信用代码",
    "行业",
    "水源",
    "年计划用水量",
    "全年实际用水量",
    "超计划用水量",
    "超计划率（%）",
    "累进加价倍数",
    "水平衡测试",
    "备注",
)
T4_SHARED = "同一代码另见于{counties}，请核实是否重复计入"
T4_BY_INDUSTRY = "按行业合计"
T4_BY_SOURCE = "按水源合计"
T4_OVER = "超计划用水户"
T4_GROUP_HEAD = ("", "类别", "用水户数", "年计划用水量", "全年实际用水量", "超计划用水量")
T4_TOTAL = "全市合计"
T4_NONE = "无"
NO_RETURNS = "没有县区报送本年{form}。"


def _lines(reported: tuple[str, ...], counties: tuple[str, ...]) -> list[str]:
    missing = [c for c in counties if c not in reported]
    out = [IN_T2.format(n=len(reported), total=len(counties), names="、".join(reported) or "—")]
    if missing:
        out.append(MISSING.format(names="、".join(missing)))
    return out


def _t2_sheet(ws: Worksheet, result: Consolidation) -> None:
    form = result.t2_form
    heading = TITLE_T2.format(city=result.city, year=result.year)
    lines = [UNIT_T2, *_lines(result.t2_reported, result.counties)]
    if form is None:
        title(ws, heading, 6, [*lines, NO_RETURNS.format(form="表二")])
        setup(ws, (12, 24, 12, 12, 12, 12))
        return
    columns = t2_source_columns(form)
    columns.append(("total", T2_TOTAL_COLUMN))
    row = title(ws, heading, len(columns) + 1, lines)
    head(ws, row, [T2_SECTOR, *(label for _, label in columns)])
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    order: list[tuple[str, str]] = []
    seen: set[str] = set()
    groups = dict(SECTOR_GROUPS)
    for sector, label, group in SECTORS:
        if group and group not in seen:
            seen.add(group)
            order.append((group, SUBTOTAL.format(label=groups[group])))
        order.append((sector, ("　　" if group else "") + label))
    order.append(("total", T2_TOTAL))
    for row_id, label in order:
        text(ws, row, 1, label)
        if row_id in groups or row_id == "total":
            ws.cell(row, 1).font = HEAD
        for i, (column, _) in enumerate(columns, start=2):
            field_id = (
                "total_use" if (row_id, column) == ("total", "total") else f"{row_id}_{column}"
            )
            figure = result.t2_figures.get(field_id)
            if figure is None:
                text(ws, row, i, "", CENTER)
            else:
                number(ws, row, i, figure.value, figure.field.precision)
        row += 1
    setup(ws, (20, *(11 for _ in columns)))
    fit_rows(ws, 2)


def _task_cell(cell: TaskCell) -> str:
    if not cell.applies:
        return T3_NOT_MINE
    if not cell.reported:
        return core_msg.MISSING_COUNTY
    shown = cell.status.label if cell.status is not None else T3_BLANK
    if cell.done is not None:
        shown += f"\n{cell.done.isoformat()}"
    if cell.overdue is not None:
        shown += f"\n{cell.overdue.label}"
    return shown


def _t3_sheet(ws: Worksheet, result: Consolidation, matrix: TaskMatrix | None) -> None:
    heading = TITLE_T3.format(city=result.city, year=result.year)
    if matrix is None:
        columns = len(T3_HEAD) + len(result.counties) + len(T3_COUNTS)
        title(ws, heading, columns, [NO_RETURNS.format(form="表三")])
        return
    task_sheet(ws, heading, matrix)


def task_sheet(ws: Worksheet, heading: str, matrix: TaskMatrix) -> None:
    """The task × county matrix of one 报告期 under `heading`, with its counts."""
    counties = matrix.counties
    columns = len(T3_HEAD) + len(counties) + len(T3_COUNTS)
    lines = [*_lines(matrix.reported, counties), T3_REPORT_DATE.format(date=matrix.report_date)]
    row = title(ws, heading, columns, lines)
    head(ws, row, [*T3_HEAD, *counties, *T3_COUNTS])
    ws.print_title_rows = f"{row}:{row}"
    ws.freeze_panes = ws.cell(row + 1, 4)
    row += 1
    for line in matrix.lines:
        task = line.task
        text(ws, row, 1, task.number, CENTER)
        text(ws, row, 2, task.text)
        text(ws, row, 3, task.deadline or NOT_SHOWN, CENTER)
        for i, cell in enumerate(line.cells, start=len(T3_HEAD) + 1):
            text(ws, row, i, _task_cell(cell), CENTER)
        counts = (line.done, line.in_progress, line.not_started, line.overdue)
        for i, count in enumerate(counts, start=len(T3_HEAD) + len(counties) + 1):
            text(ws, row, i, str(count), CENTER)
        row += 1
    setup(ws, (6, 40, 12, *(10 for _ in counties), *(7 for _ in T3_COUNTS)))
    fit_rows(ws, 2)


def _ledger_row(ws: Worksheet, row: int, n: int, line: LedgerLine, ledger: CityLedger) -> None:
    shared = ledger.shared_code(line)
    others = [c for c in shared.counties if c != line.county] if shared else []
    values = (str(n), line.county, line.name, line.uscc, line.industry, line.source)
    for i, shown in enumerate(values, start=1):
        text(ws, row, i, shown, CENTER if i != 3 else LEFT)
    for i, v in enumerate((line.plan, line.annual, line.over, line.over_rate), start=7):
        number(ws, row, i, v, 2)
    text(ws, row, 11, f"{line.surcharge}" if line.surcharge else "", CENTER)
    text(ws, row, 12, line.balance_test, CENTER)
    text(ws, row, 13, T4_SHARED.format(counties="、".join(others)) if others else "")


def _group_rows(ws: Worksheet, row: int, label: str, groups: tuple[GroupTotal, ...]) -> int:
    put(ws.cell(row, 1), label).font = HEAD
    row += 1
    head(ws, row, T4_GROUP_HEAD[1:], first=2)
    row += 1
    for g in groups:
        text(ws, row, 2, g.name or NOT_SHOWN, CENTER)
        text(ws, row, 3, str(g.users), CENTER)
        for i, v in enumerate((g.plan, g.annual, g.over), start=4):
            number(ws, row, i, v, 2)
        row += 1
    return row + 1


def _t4_sheet(ws: Worksheet, result: Consolidation, ledger: CityLedger | None) -> None:
    heading = TITLE_T4.format(city=result.city, year=result.year)
    if ledger is None:
        title(ws, heading, len(T4_HEAD), [NO_RETURNS.format(form="表四")])
        return
    row = title(ws, heading, len(T4_HEAD), [UNIT_T2, *_lines(ledger.reported, ledger.counties)])
    head(ws, row, T4_HEAD)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    for n, line in enumerate(ledger.lines, start=1):
        _ledger_row(ws, row, n, line, ledger)
        row += 1
    total = ledger.total
    text(ws, row, 2, T4_TOTAL, CENTER)
    text(ws, row, 3, str(total.users), CENTER)
    for i, v in enumerate((total.plan, total.annual, total.over), start=7):
        number(ws, row, i, v, 2)
    row += 2
    row = _group_rows(ws, row, T4_BY_INDUSTRY, ledger.by_industry)
    row = _group_rows(ws, row, T4_BY_SOURCE, ledger.by_source)
    put(ws.cell(row, 1), T4_OVER).font = HEAD
    row += 1
    head(ws, row, T4_HEAD)
    row += 1
    for n, line in enumerate(ledger.over_plan, start=1):
        _ledger_row(ws, row, n, line, ledger)
        row += 1
    if not ledger.over_plan:
        text(ws, row, 1, T4_NONE, CENTER)
    setup(ws, (5, 10, 24, 21, 10, 11, 11, 11, 11, 10, 9, 10, 30))
    fit_rows(ws, 2)


def write_sheets(
    wb: Workbook, result: Consolidation, tasks: TaskMatrix | None, ledger: CityLedger | None
) -> None:
    _t2_sheet(wb.create_sheet(SHEET_T2), result)
    _t3_sheet(wb.create_sheet(SHEET_T3), result, tasks)
    _t4_sheet(wb.create_sheet(SHEET_T4), result, ledger)
