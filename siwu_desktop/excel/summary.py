"""The city summary workbook (`siwu consolidate`): 表一 city figures against targets with
上年/同比, the base data, county by county with the 异常 flags, the city 用水结构表, the 表三
task matrix, the merged 表四 ledger, the returns used with their digests, the rules, and
native Excel charts.

openpyxl only, no Qt. Figures are written as numbers rounded to the field's
precision (the figure judged is the one shown) with number formats; Chinese text
in 宋体/黑体; every sheet A4 landscape, fitted to the page width, each with its own
heading rows repeated on its pages; the summary sheet ends with the city's
signature block (填报单位（盖章）, 填报人/审核人/单位负责人, 报出日期).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from siwu_desktop.core import city_checks, units
from siwu_desktop.core import messages as core_msg
from siwu_desktop.core.city_checks import Change, Flag
from siwu_desktop.core.city_ledger import CityLedger
from siwu_desktop.core.city_tasks import TaskMatrix
from siwu_desktop.core.compliance import Judgement, bound_text, rounded
from siwu_desktop.core.consolidation import Consolidation, other_notes, summary_status
from siwu_desktop.core.forms import SECTION_BASE, Field
from siwu_desktop.excel import summary_returns
from siwu_desktop.excel.export import save_atomically
from siwu_desktop.excel.style import CENTER, HEAD, LEFT, TITLE, put
from siwu_desktop.excel.summary_cells import (
    NOT_SHOWN,
    col,
    fit_rows,
    head,
    number,
    setup,
    signature,
    text,
    title,
)

# --- the workbook's words (this module's user-facing text, in one place) --------------------
SHEET_SUMMARY, SHEET_BASE, SHEET_COUNTIES, SHEET_FLAGS = (
    "汇总",
    "基础数据",
    "分县对比",
    "异常核实",
)
SHEET_USED, SHEET_RULES, SHEET_CHARTS, SHEET_CHART_DATA = ("使用的报表", "说明", "图表", "图表数据")
TITLE_BASE = "{city}{year}年汇总基础数据"
TITLE_FLAGS = "{city}{year}年县区数据异常核实清单"
HEAD_FLAGS = ("序号", "县区", "指标", "本年值", "对照值", "规则", "说明")
NO_FLAGS = "未发现需核实的异常。"
RULE_LABELS = {
    city_checks.CheckRule.YEAR_ON_YEAR: "较本县区上年±30%",
    city_checks.CheckRule.PEERS: "县区间中位数±3×MAD",
}
FLAG_COLUMN = "异常，需核实"
STATISTICS_HEAD = "全市统计数据"
UNIT_HEAD = "填报单位：{unit}"
TITLE_SUMMARY = "{city}{year}年“四水四定”主要指标汇总表"
TITLE_COUNTIES = "{city}{year}年主要指标分县对比"
TITLE_USED = "{city}{year}年汇总使用的县区报表"
TITLE_RULES = "汇总口径说明"
TITLE_CHARTS = "{city}{year}年主要指标分县图表"
REPORTED = "报送县区 {n}/{total} 个"
MISSING_LINE = "未报县区：{names}（不计入合计，不按零处理）"
ALL_REPORTED = "全部县区已报送"
HEAD_SUMMARY = (
    "序号",
    "指标",
    "单位",
    "全市汇总值",
    "上年",
    "同比（%）",
    "目标值",
    "目标年份",
    "约束",
    "完成情况",
    "目标来源",
    "计算方法",
    "说明",
)
HEAD_BASE = ("序号", "基础数据", "单位", "全市汇总值", "计算方法", "说明")
HEAD_USED = ("县区", "报表", "版本", "状态", "内容摘要", "目标包版本")
COUNTY = "县区"
CITY_ROW = "全市（汇总）"
TARGET_ROW = "市级目标"
NO_PACK = "无"
CHART_VALUE = "县区值"
CHART_TARGET = "市级目标"
CHART_ALLOCATION = "县级分解指标"
RULES_FIELD_NOTES = "各项说明"
RULES_CHECKS = "异常核实规则"


class UsedRow(Struct, frozen=True):
    """A return the summary rests on (services.city.UsedReturn has these fields)."""

    county: str
    form: str
    revision: int
    status: str
    digest: str
    pack_version: str | None


class Signatories(Struct, frozen=True):
    """The city bureau that reports the summary, and who signs it."""

    unit: str = ""
    preparer: str = ""
    reviewer: str = ""
    head: str = ""
    date: str = ""  # 报出日期, ISO


class SummaryParts(Struct, frozen=True):
    """Everything besides 表一 that the summary shows (services.city.CityPicture)."""

    used: Sequence[Any] = ()
    tasks: TaskMatrix | None = None
    ledger: CityLedger | None = None
    flags: Sequence[Flag] = ()
    changes: Mapping[str, Change] = field(default_factory=dict)
    signatories: Signatories = Signatories()
    #: (county, field id) → the county's allocation in the field's unit (target pack)
    allocations: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)


def _shown_unit(field: Field) -> str:
    return "" if field.unit == units.RATIO else field.unit


def _status_lines(result: Consolidation) -> list[str]:
    lines = [REPORTED.format(n=len(result.reported), total=len(result.counties))]
    if result.missing:
        lines.append(MISSING_LINE.format(names="、".join(result.missing)))
    else:
        lines.append(ALL_REPORTED)
    return lines


def _summary_sheet(ws: Worksheet, result: Consolidation, parts: SummaryParts) -> None:
    heading = TITLE_SUMMARY.format(city=result.city, year=result.year)
    if result.missing:
        heading += core_msg.PARTIAL_LABEL
    unit_line = UNIT_HEAD.format(unit=parts.signatories.unit or result.city)
    lines = [unit_line, *_status_lines(result)]
    row = title(ws, heading, len(HEAD_SUMMARY), lines)
    head(ws, row, HEAD_SUMMARY)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    n = 0
    by_field: dict[str, list[Judgement]] = {}
    for j in result.judgements:
        by_field.setdefault(j.field, []).append(j)
    for f in result.form.fields:
        if f.indicator is None:
            continue
        figure = result.figures[f.id]
        change = parts.changes.get(f.id)
        for j in by_field.get(f.id, []):
            n += 1
            text(ws, row, 1, str(n), CENTER)
            text(ws, row, 2, f.label)
            text(ws, row, 3, _shown_unit(f), CENTER)
            number(ws, row, 4, figure.value, f.precision)
            number(ws, row, 5, change.last if change else None, f.precision)
            if change is not None and change.percent is not None:
                number(ws, row, 6, change.percent, 1)
            else:
                text(ws, row, 6, (change.note if change else "") or NOT_SHOWN, CENTER)
            if j.target_value is not None:
                number(ws, row, 7, j.target_value, max(f.precision, _places(j.target_value)))
            else:
                text(ws, row, 7, NOT_SHOWN, CENTER)
            year = "" if j.target_value is None else j.year_label
            text(ws, row, 8, year, CENTER)
            text(ws, row, 9, bound_text(j), CENTER)
            text(ws, row, 10, summary_status(j), CENTER)
            text(ws, row, 11, j.citation or j.reference)
            text(ws, row, 12, figure.method)
            note = [figure.note(result.missing) if not j.notes else "", *other_notes(j)]
            text(ws, row, 13, "".join(note))
            row += 1
    for line in result.statistics_notes():
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEAD_SUMMARY))
        put(ws.cell(row, 1), line).alignment = LEFT
        row += 1
    sig = parts.signatories
    signature(
        ws, row, len(HEAD_SUMMARY), sig.unit, (sig.preparer, sig.reviewer, sig.head), sig.date
    )
    setup(ws, (5, 28, 8, 12, 12, 9, 11, 8, 14, 16, 30, 26, 28))
    fit_rows(ws, 2)


def _base_sheet(ws: Worksheet, result: Consolidation) -> None:
    heading = TITLE_BASE.format(city=result.city, year=result.year)
    row = title(ws, heading, len(HEAD_BASE), _status_lines(result))
    head(ws, row, HEAD_BASE)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    n = 0
    for f in result.form.fields:
        figure = result.figures.get(f.id)
        if f.section != SECTION_BASE or figure is None:
            continue
        n += 1
        text(ws, row, 1, str(n), CENTER)
        text(ws, row, 2, f.label)
        text(ws, row, 3, _shown_unit(f), CENTER)
        number(ws, row, 4, figure.value, f.precision)
        text(ws, row, 5, figure.method)
        text(ws, row, 6, figure.note(result.missing))
        row += 1
    setup(ws, (5, 36, 10, 14, 44, 44))
    fit_rows(ws, 2)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _counties_sheet(ws: Worksheet, result: Consolidation, flags: Sequence[Flag]) -> list[Field]:
    fields = result.key_fields()
    headers = [
        COUNTY,
        *(f"{f.label}（{_shown_unit(f)}）" if _shown_unit(f) else f.label for f in fields),
        FLAG_COLUMN,
    ]
    heading = TITLE_COUNTIES.format(city=result.city, year=result.year)
    row = title(ws, heading, len(headers), _status_lines(result)) + 1
    head(ws, row, headers)
    ws.print_title_rows = f"{row}:{row}"
    ws.freeze_panes = ws.cell(row + 1, 2)
    row += 1
    flagged = city_checks.flags_by_county(list(flags))
    for county in result.counties:
        text(ws, row, 1, county, CENTER)
        values = result.county_values.get(county)
        for i, f in enumerate(fields, start=2):
            if values is None:
                text(ws, row, i, core_msg.MISSING_COUNTY, CENTER)
            else:
                number(ws, row, i, values.get(f.id), f.precision)
        marks = "；".join(g.label for g in flagged.get(county, []))
        text(ws, row, len(headers), f"{FLAG_COLUMN}：{marks}" if marks else "")
        row += 1
    text(ws, row, 1, CITY_ROW + (core_msg.PARTIAL_LABEL if result.missing else ""), CENTER)
    for i, f in enumerate(fields, start=2):
        number(ws, row, i, result.figures[f.id].value, f.precision)
        ws.cell(row, i).font = HEAD
    ws.cell(row, 1).font = HEAD
    text(ws, row, len(headers), "")
    row += 1
    text(ws, row, 1, TARGET_ROW, CENTER)
    for i, f in enumerate(fields, start=2):
        target = _year_target(result, f)
        if target is None:
            text(ws, row, i, NOT_SHOWN, CENTER)
        else:
            number(ws, row, i, target, max(f.precision, _places(target)))
    text(ws, row, len(headers), "")
    setup(ws, (22, *(12 for _ in fields), 24))
    fit_rows(ws, 2)
    return fields


def _flags_sheet(ws: Worksheet, result: Consolidation, flags: Sequence[Flag]) -> None:
    heading = TITLE_FLAGS.format(city=result.city, year=result.year)
    row = title(ws, heading, len(HEAD_FLAGS), list(city_checks.RULES))
    head(ws, row, HEAD_FLAGS)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    for n, g in enumerate(flags, start=1):
        spec = result.form.index[g.field]
        text(ws, row, 1, str(n), CENTER)
        text(ws, row, 2, g.county, CENTER)
        text(ws, row, 3, g.label)
        number(ws, row, 4, g.value, spec.precision)
        number(ws, row, 5, g.reference, spec.precision)
        text(ws, row, 6, RULE_LABELS[g.rule], CENTER)
        text(ws, row, 7, g.shown)
        row += 1
    if not flags:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEAD_FLAGS))
        put(ws.cell(row, 1), NO_FLAGS)
    setup(ws, (5, 12, 30, 12, 12, 18, 60))
    fit_rows(ws, 2)


def _year_target(result: Consolidation, f: Field) -> Decimal | None:
    """The city's target of the year (else an every-year cap) for the comparison row."""
    judged = [j for j in result.judgements if j.field == f.id and j.target_value is not None]
    this_year = [j for j in judged if j.year == result.year] or judged
    return this_year[0].target_value if this_year else None


def _used_sheet(ws: Worksheet, result: Consolidation, used: Sequence[UsedRow]) -> None:
    heading = TITLE_USED.format(city=result.city, year=result.year)
    row = title(ws, heading, len(HEAD_USED), _status_lines(result)) + 1
    head(ws, row, HEAD_USED)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    for u in used:
        for i, v in enumerate(
            (u.county, u.form, str(u.revision), u.status, u.digest, u.pack_version or NO_PACK),
            start=1,
        ):
            text(ws, row, i, v, LEFT if i == 5 else CENTER)
        row += 1
    for county in result.missing:
        for i, v in enumerate((county, "表一", "", core_msg.MISSING_COUNTY, "", ""), start=1):
            text(ws, row, i, v, CENTER)
        row += 1
    setup(ws, (14, 8, 6, 10, 72, 12))
    fit_rows(ws, 2)


def _rules_sheet(ws: Worksheet, result: Consolidation) -> None:
    row = title(ws, TITLE_RULES, 2) + 1
    for n, rule in enumerate(core_msg.CONSOLIDATION_RULES, start=1):
        text(ws, row, 1, str(n), CENTER)
        text(ws, row, 2, rule)
        row += 1
    row += 1
    put(ws.cell(row, 1), RULES_CHECKS).font = HEAD
    row += 1
    for n, rule in enumerate(city_checks.RULES, start=1):
        text(ws, row, 1, str(n), CENTER)
        text(ws, row, 2, rule)
        row += 1
    statistics = result.statistics_notes()
    if statistics:
        row += 1
        put(ws.cell(row, 1), STATISTICS_HEAD).font = HEAD
        row += 1
        for line in statistics:
            text(ws, row, 1, "", CENTER)
            text(ws, row, 2, line)
            row += 1
    row += 1
    put(ws.cell(row, 1), RULES_FIELD_NOTES).font = HEAD
    row += 1
    for figure in result.figures.values():
        note = figure.note(result.missing)
        if figure.reason or figure.excluded:
            text(ws, row, 1, "", CENTER)
            text(ws, row, 2, f"{figure.field.label}：{note}")
            row += 1
    setup(ws, (5, 120))
    fit_rows(ws, 2)


def county_label(result: Consolidation, county: str) -> str:
    """A county on a chart axis: 未报 written beside a county that did not report."""
    if county in result.reported:
        return county
    return f"{county}（{core_msg.MISSING_COUNTY}）"


def chart_reference(
    result: Consolidation, f: Field, county: str, allocations: Mapping[tuple[str, str], Decimal]
) -> Decimal | None:
    """What a county's bar is drawn against: its own allocation for a quantity (a city
    cap is not a county's), the city's target for a rate; None: no line."""
    if f.quantity:
        return allocations.get((county, f.id))
    return _year_target(result, f)


CHART_ROWS = 32  # rows one chart takes on the 图表 sheet: one chart to an A4 landscape page


def _charts_sheet(
    ws: Worksheet,
    data: Worksheet,
    result: Consolidation,
    fields: Sequence[Field],
    allocations: Mapping[tuple[str, str], Decimal],
) -> None:
    """Each key indicator by county (bars) against its reference (a dashed line): one
    chart filling an A4 landscape page, the data it reads on a hidden sheet."""
    put(ws.cell(1, 1), TITLE_CHARTS.format(city=result.city, year=result.year)).font = TITLE
    charted = [
        f for f in fields if any(v.get(f.id) is not None for v in result.county_values.values())
    ]
    for n, f in enumerate(charted):
        first = 1 + n * 4
        put(data.cell(1, first), COUNTY)
        put(data.cell(1, first + 1), CHART_VALUE)
        put(data.cell(1, first + 2), CHART_ALLOCATION if f.quantity else CHART_TARGET)
        drawn_line = False
        for i, county in enumerate(result.counties, start=2):
            put(data.cell(i, first), county_label(result, county))
            value = result.county_values.get(county, {}).get(f.id)
            if value is not None:
                put(data.cell(i, first + 1), rounded(value, f.precision))
            reference = chart_reference(result, f, county, allocations)
            if reference is not None:
                put(data.cell(i, first + 2), reference)
                drawn_line = True
        last = 1 + len(result.counties)
        bar = BarChart()
        bar.type = "col"
        bar.title = f.label + (f"（{_shown_unit(f)}）" if _shown_unit(f) else "")
        bar.y_axis.title = _shown_unit(f)
        bar.add_data(
            Reference(data, min_col=first + 1, min_row=1, max_row=last), titles_from_data=True
        )
        bar.set_categories(Reference(data, min_col=first, min_row=2, max_row=last))
        bar.height, bar.width = 15.5, 25.5
        bar.legend.position = "b"
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        if drawn_line:
            line = LineChart()
            line.add_data(
                Reference(data, min_col=first + 2, min_row=1, max_row=last), titles_from_data=True
            )
            line.series[0].graphicalProperties.line.solidFill = "C00000"
            line.series[0].graphicalProperties.line.dashStyle = "dash"
            bar += line
        top = 2 + n * CHART_ROWS
        ws.add_chart(bar, f"A{top}")
        if n + 1 < len(charted):
            ws.row_breaks.append(Break(id=top + CHART_ROWS - 2))
    data.sheet_state = "hidden"
    setup(ws, [10] * 14)
    ws.print_area = f"A1:{col(14)}{1 + max(1, len(charted)) * CHART_ROWS}"


def write_summary(
    result: Consolidation, used: Sequence[Any], path: Path, parts: SummaryParts | None = None
) -> Path:
    """Write the summary workbook; `used`: rows with county, form, revision, status,
    digest and pack_version (services.city.UsedReturn); `parts` the rest of the picture."""
    parts = parts or SummaryParts()
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = SHEET_SUMMARY
    _summary_sheet(summary, result, parts)
    _base_sheet(wb.create_sheet(SHEET_BASE), result)
    fields = _counties_sheet(wb.create_sheet(SHEET_COUNTIES), result, parts.flags)
    _flags_sheet(wb.create_sheet(SHEET_FLAGS), result, parts.flags)
    summary_returns.write_sheets(wb, result, parts.tasks, parts.ledger)
    _used_sheet(wb.create_sheet(SHEET_USED), result, [_row(u) for u in used])
    _rules_sheet(wb.create_sheet(SHEET_RULES), result)
    charts = wb.create_sheet(SHEET_CHARTS)
    _charts_sheet(charts, wb.create_sheet(SHEET_CHART_DATA), result, fields, parts.allocations)
    return save_atomically(wb, path)


def _row(u: Any) -> UsedRow:
    return UsedRow(u.county, u.form, u.revision, u.status, u.digest, u.pack_version)


__all__ = ["Signatories", "SummaryParts", "UsedRow", "write_summary"]
