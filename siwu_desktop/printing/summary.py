"""The printed city summary (`siwu consolidate --pdf`, the window's 打印/预览/PDF): the
summary table with the city's signature block, then the county comparison, the city
用水结构表, the task matrix, the planned water users and the 异常 list, each with its
own heading repeated on every page (the paper engine of printing/paint.py), then one
chart per page: each indicator county by county against the county's own allocation
(a quantity) or the city's target (a rate), 未报 written under a county that did not
report. The summary's content digest is printed as text and QR like a return's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from msgspec import Struct
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPagedPaintDevice, QPainter, QPdfWriter, QPen

from siwu_desktop.core import messages as core_msg
from siwu_desktop.core import units
from siwu_desktop.core.city_tasks import TaskMatrix
from siwu_desktop.core.compliance import bound_text
from siwu_desktop.core.consolidation import Consolidation, other_notes, summary_status
from siwu_desktop.core.forms import SECTOR_GROUPS, SECTORS, Field, t2_source_columns
from siwu_desktop.core.terms import Period, TaskState, Verdict, period_text
from siwu_desktop.excel.summary import chart_reference
from siwu_desktop.printing import strings as s
from siwu_desktop.printing.fonts import make_font, print_fonts
from siwu_desktop.printing.paint import configure_printer, paint_sheets
from siwu_desktop.printing.pdf_file import save_pdf_file
from siwu_desktop.printing.sheet import (
    CENTER,
    DATA,
    LANDSCAPE,
    RIGHT,
    SECTION,
    TOTAL,
    Column,
    ReportSheet,
    SheetRow,
    Signature,
)
from siwu_desktop.services.city import CityPicture
from siwu_desktop.services.city_reminders import BoardView, PeriodTasks, Reminder

FORM = "市级汇总"
LISTING = "工作清单"  # a city working list is no statistical form: it prints no 表号
TITLE = "“四水四定”主要指标汇总表"
TITLES = {
    "counties": "主要指标分县对比",
    "t2": "用水结构表（全市汇总）",
    "t3": "重点任务落实情况（分县区）",
    "t4": "计划用水户汇总（超计划用水户）",
    "flags": "县区数据异常核实清单",
    "board": "县区报表报送情况",
    "reminders": "催报清单",
    "indicators": "全市主要指标（本年、上年、同比）",
}
REPORTED = "报送县区 {n}/{total} 个"
MISSING = "；未报：{names}（不计入合计，不按零处理）"
UNIT_DEFAULT = "{city}水利局"
NONE = "—"
NO_FLAGS = "未发现需核实的异常。"
NO_OVER = "没有超计划用水户。"
CHART_VALUE = "县区值"
CHART_ALLOCATION = "县级分解指标"
CHART_TARGET = "市级目标"
CHART_NO_ALLOCATION = "未下达县级指标：柱形不与全市总量目标比较"
COUNTIES_PER_SHEET = 7
PDF_CREATOR = "四水四定 市级汇总"


class SummaryPaper(Struct, frozen=True):
    """Who reports the summary and when, and the content digest printed on it."""

    city_code: str
    unit_name: str
    preparer: str
    reviewer: str
    head: str
    phone: str
    report_date: str  # 2026年02月01日
    digest: str
    printed_at: str


def _num(value: Decimal | None, places: int) -> str:
    return NONE if value is None else units.fixed(value, places)


def _unit(f: Field) -> str:
    return "" if f.unit == units.RATIO else f.unit


class _Of(Protocol):
    """Whose and which year's paper: a consolidation or a task matrix."""

    @property
    def city(self) -> str: ...

    @property
    def year(self) -> int: ...


def _sheet(
    result: _Of,
    paper: SummaryPaper,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[SheetRow],
    *,
    signed: bool = False,
    font_size: float = 9.0,
    listing: bool = False,
    measure: str = s.MEASURE_PER_ROW,
    period: Period = Period.YEAR,
) -> ReportSheet:
    return ReportSheet(
        return_id=0,
        form_id="city",
        form_short=LISTING if listing else FORM,
        title=f"{result.city}{result.year}年{title}"
        if period == Period.YEAR
        else f"{result.city}{period_text(result.year, period)}{title}",
        city=result.city,
        county=result.city,
        county_code=paper.city_code,
        unit_name=paper.unit_name or UNIT_DEFAULT.format(city=result.city),
        year=result.year,
        period=period,
        period_text=period_text(result.year, period),
        measure=measure,
        revision=1,
        finalised=True,
        columns=tuple(columns),
        groups=(),
        rows=tuple(rows),
        appendix=(),
        signatures=(
            Signature(s.HEAD, paper.head),
            Signature(s.REVIEWER, paper.reviewer),
            Signature(s.PREPARER, paper.preparer),
        ),
        phone=paper.phone,
        report_date=paper.report_date,
        content_digest=paper.digest,
        finalised_at=paper.printed_at,
        printed_at=paper.printed_at,
        orientation=LANDSCAPE,
        font_size=font_size,
        signed=signed,
        listing=listing,
    )


def _section(text: str, width: int) -> SheetRow:
    return SheetRow((text, *("" for _ in range(width - 1))), SECTION)


def _status_line(result: Consolidation) -> str:
    line = REPORTED.format(n=len(result.reported), total=len(result.counties))
    if result.missing:
        line += MISSING.format(names="、".join(result.missing))
    return line


def _main_sheet(picture: CityPicture, paper: SummaryPaper) -> ReportSheet:
    result = picture.consolidation
    columns = (
        Column(s.T1_NUMBER, 0.5, CENTER),
        Column(s.T1_NAME, 3.0),
        Column(s.T1_UNIT, 0.9, CENTER),
        Column("全市汇总值", 1.2, RIGHT),
        Column("上年", 1.1, RIGHT),
        Column("同比（%）", 1.2, RIGHT),  # 上年无数据 / 本年无数据 on one line
        Column("目标值", 1.1, RIGHT),
        Column("约束", 1.3, CENTER),
        Column(s.T1_STATUS, 2.4, CENTER),
        Column(s.T1_NOTE, 2.5),
    )
    rows = [_section(_status_line(result), len(columns))]
    for n, j in enumerate(result.judgements, start=1):
        f = result.form.index[j.field]
        figure = result.figures[f.id]
        change = picture.changes.get(f.id)
        status = summary_status(j)
        incomplete = j.status is Verdict.INCOMPLETE
        note = "".join(other_notes(j)) or ("" if incomplete else figure.note(result.missing))
        if change is not None and change.percent is not None:
            yoy = units.fixed(change.percent, 1)
        else:
            yoy = (change.note if change else "") or NONE
        target = NONE if j.target_value is None else units.plain(j.target_value)
        rows.append(
            SheetRow(
                (
                    str(n),
                    f.label,
                    _unit(f),
                    _num(figure.value, f.precision),
                    _num(change.last if change else None, f.precision),
                    yoy,
                    target,
                    bound_text(j),
                    status,
                    note,
                )
            )
        )
    for line in result.statistics_notes():
        rows.append(_section(line, len(columns)))
    return _sheet(result, paper, TITLE, columns, rows, signed=True)


def _county_sheets(picture: CityPicture, paper: SummaryPaper) -> list[ReportSheet]:
    result = picture.consolidation
    fields = [
        f
        for f in result.key_fields()
        if any(v.get(f.id) is not None for v in result.county_values.values())
    ]
    flagged = {g.county for g in picture.flags}
    sheets = []
    for start in range(0, len(fields), COUNTIES_PER_SHEET):
        chunk = fields[start : start + COUNTIES_PER_SHEET]
        columns = [Column("县区", 1.4, CENTER)]
        columns += [
            Column(f"{f.label}（{_unit(f)}）" if _unit(f) else f.label, 1.2, RIGHT) for f in chunk
        ]
        columns.append(Column("异常，需核实", 1.0, CENTER))
        rows = []
        for county in result.counties:
            values = result.county_values.get(county)
            cells = [
                core_msg.MISSING_COUNTY if values is None else _num(values.get(f.id), f.precision)
                for f in chunk
            ]
            rows.append(SheetRow((county, *cells, "是" if county in flagged else "")))
        city = [_num(result.figures[f.id].value, f.precision) for f in chunk]
        label = "全市" + (core_msg.PARTIAL_LABEL if result.missing else "")
        rows.append(SheetRow((label, *city, ""), TOTAL))
        sheets.append(_sheet(result, paper, TITLES["counties"], columns, rows))
    return sheets


def _t2_sheet(picture: CityPicture, paper: SummaryPaper) -> ReportSheet | None:
    result = picture.consolidation
    form = result.t2_form
    if form is None:
        return None
    parts = t2_source_columns(form)
    parts.append(("total", s.T2_TOTAL))
    columns = [Column(s.T2_SECTOR, 2.0)] + [Column(label, 1.0, RIGHT) for _, label in parts]
    groups = dict(SECTOR_GROUPS)
    order: list[tuple[str, str]] = []
    for sector, label, group in SECTORS:
        if group and (group, s.T2_SUBTOTAL.format(group=groups[group])) not in order:
            order.append((group, s.T2_SUBTOTAL.format(group=groups[group])))
        order.append((sector, ("　　" if group else "") + label))
    order.append(("total", s.T2_TOTAL))
    line = REPORTED.format(n=len(result.t2_reported), total=len(result.counties))
    missing = [c for c in result.counties if c not in result.t2_reported]
    if missing:
        line += MISSING.format(names="、".join(missing))
    rows = [_section(line + "　单位：万立方米", len(columns))]
    for row_id, label in order:
        cells = []
        for column, _ in parts:
            field_id = (
                "total_use" if (row_id, column) == ("total", "total") else f"{row_id}_{column}"
            )
            figure = result.t2_figures.get(field_id)
            cells.append("" if figure is None else _num(figure.value, figure.field.precision))
        kind = TOTAL if row_id in groups or row_id == "total" else DATA
        rows.append(SheetRow((label, *cells), kind))
    return _sheet(result, paper, TITLES["t2"], columns, rows, font_size=8.0)


def _task_rows(matrix: TaskMatrix) -> tuple[list[Column], list[SheetRow]]:
    columns = [Column("序号", 0.5, CENTER), Column("任务内容", 4.0)]
    columns += [Column(c, 0.9, CENTER) for c in matrix.counties]
    counted = (TaskState.DONE.label, TaskState.IN_PROGRESS.label, TaskState.NOT_STARTED.label)
    columns += [Column(h, 0.6, CENTER) for h in (*counted, "逾期")]
    line = REPORTED.format(n=len(matrix.reported), total=len(matrix.counties))
    if matrix.missing:
        line += MISSING.format(names="、".join(matrix.missing))
    rows = [_section(f"{line}；逾期按{matrix.report_date.isoformat()}判断", len(columns))]
    for task in matrix.lines:
        cells = [c.shown() for c in task.cells]
        counts = (task.done, task.in_progress, task.not_started, task.overdue)
        rows.append(SheetRow((task.task.number, task.task.text, *cells, *map(str, counts))))
    return columns, rows


def _t3_sheet(picture: CityPicture, paper: SummaryPaper) -> ReportSheet | None:
    matrix = picture.tasks
    if matrix is None or not matrix.lines:
        return None
    columns, rows = _task_rows(matrix)
    return _sheet(picture.consolidation, paper, TITLES["t3"], columns, rows, font_size=7.5)


def _t4_sheet(picture: CityPicture, paper: SummaryPaper) -> ReportSheet | None:
    ledger = picture.ledger
    if ledger is None:
        return None
    result = picture.consolidation
    columns = (
        Column("县区", 1.0, CENTER),
        Column("单位名称", 2.4),
        Column("统一社会信用代码", 2.0, CENTER),
        Column("行业 / 水源", 1.4, CENTER),
        Column("年计划用水量", 1.1, RIGHT),
        Column("全年实际用水量", 1.1, RIGHT),
        Column("超计划用水量", 1.1, RIGHT),
        Column("超计划率（%）", 1.0, RIGHT),
        Column("累进加价倍数", 0.9, CENTER),
        Column("备注", 2.2),
    )
    width = len(columns)
    line = REPORTED.format(n=len(ledger.reported), total=len(ledger.counties))
    if ledger.missing:
        line += MISSING.format(names="、".join(ledger.missing))
    rows = [_section(line + "　单位：万立方米", width)]
    for label, groups in (("按行业合计", ledger.by_industry), ("按水源合计", ledger.by_source)):
        rows.append(_section(label, width))
        for g in groups:
            rows.append(
                SheetRow(
                    (
                        "",
                        g.name,
                        f"{g.users} 户",
                        "",
                        _num(g.plan, 2),
                        _num(g.annual, 2),
                        _num(g.over, 2),
                        "",
                        "",
                        "",
                    )
                )
            )
    total = ledger.total
    rows.append(
        SheetRow(
            (
                "全市",
                "合计",
                f"{total.users} 户",
                "",
                _num(total.plan, 2),
                _num(total.annual, 2),
                _num(total.over, 2),
                "",
                "",
                "",
            ),
            TOTAL,
        )
    )
    rows.append(_section("超计划用水户", width))
    for x in ledger.over_plan:
        shared = ledger.shared_code(x)
        others = [c for c in shared.counties if c != x.county] if shared else []
        note = f"同一代码另见于{'、'.join(others)}" if others else ""
        rows.append(
            SheetRow(
                (
                    x.county,
                    x.name,
                    x.uscc,
                    f"{x.industry} / {x.source}",
                    _num(x.plan, 2),
                    _num(x.annual, 2),
                    _num(x.over, 2),
                    _num(x.over_rate, 2),
                    str(x.surcharge or ""),
                    note,
                )
            )
        )
    if not ledger.over_plan:
        rows.append(_section(NO_OVER, width))
    if ledger.shared:
        rows.append(_section("同一统一社会信用代码见于两个以上县区（请核实是否重复计入）", width))
        for code in ledger.shared:
            rows.append(
                SheetRow(
                    (
                        "、".join(code.counties),
                        "、".join(code.names),
                        code.uscc,
                        *("" for _ in range(width - 3)),
                    )
                )
            )
    return _sheet(result, paper, TITLES["t4"], columns, rows, font_size=8.5)


def _flags_sheet(picture: CityPicture, paper: SummaryPaper) -> ReportSheet:
    from siwu_desktop.core.city_checks import RULES

    result = picture.consolidation
    columns = (Column("序号", 0.5, CENTER), Column("县区", 1.0, CENTER), Column("说明", 8.0))
    rows = [_section(rule, 3) for rule in RULES]
    for n, g in enumerate(picture.flags, start=1):
        rows.append(SheetRow((str(n), g.county, g.shown)))
    if not picture.flags:
        rows.append(_section(NO_FLAGS, 3))
    return _sheet(result, paper, TITLES["flags"], columns, rows)


def summary_sheets(picture: CityPicture, paper: SummaryPaper) -> list[ReportSheet]:
    """Every table section of the printed summary, in order."""
    sheets = [_main_sheet(picture, paper), *_county_sheets(picture, paper)]
    for extra in (_t2_sheet(picture, paper), _t3_sheet(picture, paper), _t4_sheet(picture, paper)):
        if extra is not None:
            sheets.append(extra)
    sheets.append(_flags_sheet(picture, paper))
    return sheets


def _reminder_rows(reminders: Sequence[Reminder]) -> tuple[list[Column], list[SheetRow]]:
    columns = [
        Column("序号", 0.5, CENTER),
        Column("县区", 1.0, CENTER),
        Column("需催报的报表", 6.0),
        Column("填报人及联系电话", 2.4),
    ]
    rows = [
        SheetRow((str(n), r.county, "\n".join(r.items), r.contact))
        for n, r in enumerate(reminders, start=1)
    ]
    return columns, rows


def period_task_sheets(tasks: PeriodTasks, paper: SummaryPaper) -> list[ReportSheet]:
    """The 表三 of one 报告期 across the counties, and its 催报清单: working lists of the
    city (no 表号, no version, no digest)."""
    matrix = tasks.matrix
    period = Period(matrix.period)

    def listed(title: str, parts: tuple[list[Column], list[SheetRow]]) -> ReportSheet:
        return _sheet(
            matrix, paper, title, *parts, listing=True, measure=s.MEASURE_NONE, period=period
        )

    sheets = [listed(TITLES["t3"], _task_rows(matrix))]
    if tasks.reminders:
        sheets.append(listed(TITLES["reminders"], _reminder_rows(tasks.reminders)))
    return sheets


def period_tasks_document(
    tasks: PeriodTasks, paper: SummaryPaper
) -> tuple[ReportSheet, Callable[[QPagedPaintDevice], int]]:
    """The 表三 of one 报告期 and its 催报清单 on paper."""
    sheets = period_task_sheets(tasks, paper)
    return sheets[0], lambda device: print_summary(device, sheets, (), "")


def board_sheets(view: BoardView, result: Consolidation, paper: SummaryPaper) -> list[ReportSheet]:
    """The status board and the 催报清单 on paper (the window's 打印)."""
    columns = [Column("县区", 1.2, CENTER), *(Column(c, 1.0, CENTER) for c in view.columns)]
    head = f"统计日期：{view.today}；逾期：年报 {view.overdue_annual} 份，季报 {view.overdue_quarterly} 份"
    rows = [_section(head, len(columns))]
    rows += [SheetRow((county, *states)) for county, states in view.rows]
    none = s.MEASURE_NONE  # states and names only: no quantity, so no unit
    board = _sheet(
        result, paper, TITLES["board"], columns, rows, font_size=8.5, listing=True, measure=none
    )
    columns, rows = _reminder_rows(view.reminders)
    reminders = _sheet(
        result, paper, TITLES["reminders"], columns, rows, listing=True, measure=none
    )
    sheets = [board, reminders]
    if view.indicators:
        columns = [
            Column("指标", 5.0),
            Column("单位", 1.4, CENTER),
            Column("本年", 1.4, CENTER),
            Column("上年", 1.4, CENTER),
            Column("同比", 1.4, CENTER),
        ]
        rows = [SheetRow((i.label, i.unit, i.now, i.last, i.change)) for i in view.indicators]
        indicators = _sheet(result, paper, TITLES["indicators"], columns, rows, listing=True)
        sheets.insert(1, indicators)
    return sheets


# --- charts -------------------------------------------------------------------------------------

BAR = QColor(68, 114, 196)
REFERENCE = QColor(192, 0, 0)
GRID = QColor(200, 200, 200)
MUTED = QColor(110, 110, 110)


class ChartPage(Struct, frozen=True):
    title: str
    unit: str
    bars: tuple[tuple[str, Decimal | None, Decimal | None], ...]  # county, value, reference
    reported: tuple[str, ...]
    city_line: Decimal | None  # a rate: the city's target across all bars
    quantity: bool
    precision: int


def chart_pages(
    result: Consolidation, allocations: Mapping[tuple[str, str], Decimal]
) -> list[ChartPage]:
    """One page per key indicator any county filled: county bars against the county's own
    allocation (quantity; none → no line, said so) or the city's target (rate)."""
    pages = []
    for f in result.key_fields():
        values = [result.county_values.get(c, {}).get(f.id) for c in result.counties]
        if all(v is None for v in values):
            continue
        bars = tuple(
            (c, v, allocations.get((c, f.id)) if f.quantity else None)
            for c, v in zip(result.counties, values, strict=True)
        )
        line = None if f.quantity else chart_reference(result, f, "", allocations)
        title = f.label + (f"（{_unit(f)}）" if _unit(f) else "")
        pages.append(
            ChartPage(title, _unit(f), bars, result.reported, line, f.quantity, f.precision)
        )
    return pages


def _paint_chart(painter: QPainter, device: QPagedPaintDevice, page: ChartPage, head: str) -> None:
    dpi = float(device.logicalDpiX())
    rect = device.pageLayout().paintRectPixels(int(dpi))
    mm = dpi / 25.4
    fonts = print_fonts()
    w, h = float(rect.width()), float(rect.height())
    painter.setPen(QColor("black"))
    painter.setFont(make_font(fonts.heading, 16))
    painter.drawText(QRectF(0, 0, w, 12 * mm), Qt.AlignmentFlag.AlignCenter, page.title)
    painter.setFont(make_font(fonts.text, 9))
    painter.drawText(QRectF(0, 12 * mm, w, 6 * mm), Qt.AlignmentFlag.AlignCenter, head)
    plot = QRectF(22 * mm, 24 * mm, w - 30 * mm, h - 24 * mm - 34 * mm)
    numbers = [float(v) for _, v, _ in page.bars if v is not None]
    numbers += [float(r) for _, _, r in page.bars if r is not None]
    if page.city_line is not None:
        numbers.append(float(page.city_line))
    top = max([*numbers, 0.0]) * 1.15 or 1.0
    low = min([*numbers, 0.0]) * 1.15

    def y(value: float) -> float:
        return plot.bottom() - (value - low) / (top - low) * plot.height()

    painter.setFont(make_font(fonts.text, 8))
    for i in range(6):
        value = low + (top - low) * i / 5
        painter.setPen(QPen(GRID, 0.2 * mm))
        painter.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(0, y(value) - 3 * mm, plot.left() - 2 * mm, 6 * mm),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{value:,.{min(page.precision, 2)}f}",
        )
    slot = plot.width() / max(1, len(page.bars))
    for n, (county, value, reference) in enumerate(page.bars):
        x = plot.left() + n * slot
        bar = QRectF(x + slot * 0.2, 0, slot * 0.6, 0)
        painter.setPen(QColor("black"))
        painter.setFont(make_font(fonts.text, 8.5))
        label = county if county in page.reported else f"{county}\n（{core_msg.MISSING_COUNTY}）"
        painter.drawText(
            QRectF(x, plot.bottom() + 1.5 * mm, slot, 12 * mm),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            label,
        )
        if value is not None:
            top_y, base_y = y(float(value)), y(0.0)
            bar.setTop(min(top_y, base_y))
            bar.setBottom(max(top_y, base_y))
            painter.fillRect(bar, BAR)
            painter.setFont(make_font(fonts.text, 7.5))
            painter.drawText(
                QRectF(x, bar.top() - 5 * mm, slot, 5 * mm),
                Qt.AlignmentFlag.AlignCenter,
                units.fixed(value, page.precision),
            )
        if reference is not None:
            painter.setPen(QPen(REFERENCE, 0.5 * mm, Qt.PenStyle.DashLine))
            ry = y(float(reference))
            painter.drawLine(QPointF(x + slot * 0.1, ry), QPointF(x + slot * 0.9, ry))
    if page.city_line is not None:
        painter.setPen(QPen(REFERENCE, 0.5 * mm, Qt.PenStyle.DashLine))
        ry = y(float(page.city_line))
        painter.drawLine(QPointF(plot.left(), ry), QPointF(plot.right(), ry))
    painter.setPen(QPen(QColor("black"), 0.3 * mm))
    painter.drawLine(QPointF(plot.left(), y(0.0)), QPointF(plot.right(), y(0.0)))
    # legend
    ly = h - 12 * mm
    painter.fillRect(QRectF(plot.left(), ly - 2 * mm, 6 * mm, 4 * mm), BAR)
    painter.setPen(QColor("black"))
    painter.setFont(make_font(fonts.text, 9))
    painter.drawText(QPointF(plot.left() + 8 * mm, ly + 1.5 * mm), CHART_VALUE)
    has_reference = page.city_line is not None or any(r is not None for _, _, r in page.bars)
    if has_reference:
        painter.setPen(QPen(REFERENCE, 0.5 * mm, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left() + 40 * mm, ly), QPointF(plot.left() + 50 * mm, ly))
        painter.setPen(QColor("black"))
        label = CHART_ALLOCATION if page.quantity else CHART_TARGET
        painter.drawText(QPointF(plot.left() + 52 * mm, ly + 1.5 * mm), label)
    elif page.quantity:
        painter.drawText(QPointF(plot.left() + 40 * mm, ly + 1.5 * mm), CHART_NO_ALLOCATION)


def write_summary_pdf(
    picture: CityPicture,
    paper: SummaryPaper,
    path: Path,
    allocations: Mapping[tuple[str, str], Decimal] | None = None,
) -> int:
    """The whole printed summary as one PDF; returns the pages written."""
    sheets = summary_sheets(picture, paper)
    charts = chart_pages(
        picture.consolidation, allocations if allocations is not None else picture.allocations
    )

    def paint(writer: QPdfWriter) -> int:
        writer.setTitle(sheets[0].title)
        writer.setCreator(PDF_CREATOR)
        configure_printer(writer, sheets[0])
        return print_summary(writer, sheets, charts, _status_line(picture.consolidation))

    return save_pdf_file(Path(path), paint)


def print_summary(
    device: QPagedPaintDevice, sheets: Sequence[ReportSheet], charts: Sequence[ChartPage], head: str
) -> int:
    """Tables then charts on any paged device (QPdfWriter, a QPrinter of the dialogs)."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(s.PAINT_REFUSED)
    try:
        pages = paint_sheets(painter, device, sheets)
        for chart in charts:
            device.newPage()
            _paint_chart(painter, device, chart, head)
            pages += 1
    finally:
        painter.end()
    return pages


def paper_for(
    picture: CityPicture, city_code: str, digest: str, today: dt.date | None = None, phone: str = ""
) -> SummaryPaper:
    day = today or dt.date.today()
    return SummaryPaper(
        city_code,
        picture.unit_name,
        picture.preparer,
        picture.reviewer,
        picture.head,
        phone,
        f"{day.year}年{day.month:02d}月{day.day:02d}日",
        digest,
        dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
    )


def summary_document(
    picture: CityPicture, paper: SummaryPaper
) -> tuple[ReportSheet, Callable[[QPagedPaintDevice], int]]:
    """The printed summary as (its first sheet: the page layout; a painter for any device)."""
    sheets = summary_sheets(picture, paper)
    charts = chart_pages(picture.consolidation, picture.allocations)
    head = _status_line(picture.consolidation)
    return sheets[0], lambda device: print_summary(device, sheets, charts, head)


def board_document(
    view: BoardView, result: Consolidation, paper: SummaryPaper
) -> tuple[ReportSheet, Callable[[QPagedPaintDevice], int]]:
    """The board and its 催报清单 on paper."""
    sheets = board_sheets(view, result, paper)
    return sheets[0], lambda device: print_summary(device, sheets, (), "")
