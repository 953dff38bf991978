"""The city summary workbook (`siwu consolidate`): city figures against targets, county by
county, the returns used with their digests, the rules, and native Excel charts.

openpyxl only, no Qt. Figures are written as numbers rounded to the field's
precision (the figure judged is the one shown) with number formats; Chinese text
in 宋体/黑体; every sheet A4 landscape, fitted to the page width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from siwu_desktop.core import messages as core_msg
from siwu_desktop.core import units
from siwu_desktop.core.compliance import bound_text, rounded
from siwu_desktop.core.consolidation import Consolidation
from siwu_desktop.core.forms import SECTION_BASE, Field
from siwu_desktop.excel.style import (
    BODY,
    BOX,
    CENTER,
    HEAD,
    HEAD_FILL,
    LEFT,
    RIGHT,
    TITLE,
    number_format,
    put,
    width,
)

# --- the workbook's words (this module's user-facing text, in one place) --------------------
SHEET_SUMMARY, SHEET_COUNTIES, SHEET_USED, SHEET_RULES, SHEET_CHARTS = (
    "汇总",
    "分县对比",
    "使用的报表",
    "说明",
    "图表",
)
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
    "目标值",
    "目标年份",
    "约束",
    "完成情况",
    "目标来源",
    "计算方法",
    "说明",
)
HEAD_BASE = ("序号", "基础数据", "单位", "全市汇总值", "计算方法", "说明")
SECTION_INDICATORS = "一、主要指标"
SECTION_BASE_DATA = "二、基础数据"
HEAD_USED = ("县区", "报表", "版本", "状态", "内容摘要", "目标包版本")
COUNTY = "县区"
CITY_ROW = "全市（汇总）"
TARGET_ROW = "市级目标"
NO_PACK = "无"
CHART_VALUE = "县区值"
CHART_TARGET = "市级目标"
RULES_FIELD_NOTES = "各项说明"
NOT_SHOWN = "—"


@dataclass(frozen=True)
class UsedRow:
    """A return the summary rests on (services.city.UsedReturn has these fields)."""

    county: str
    form: str
    revision: int
    status: str
    digest: str
    pack_version: str | None


def _setup(ws: Worksheet, widths: Sequence[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[_col(i)].width = w
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _fit_rows(ws: Worksheet, first: int) -> None:
    """Row heights for wrapped text (spreadsheets do not grow rows written by a library)."""
    widths: dict[tuple[int, int], float] = {}
    for r in ws.merged_cells.ranges:
        total = sum(
            ws.column_dimensions[_col(c)].width or 9 for c in range(r.min_col, r.max_col + 1)
        )
        widths[(r.min_row, r.min_col)] = total
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            w = (
                widths.get((cell.row, cell.column))
                or ws.column_dimensions[_col(cell.column)].width
                or 9
            )
            lines = max(lines, -(-width(cell.value) // max(1, int(w) - 1)))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 13 * lines + 2


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _title(ws: Worksheet, text: str, columns: int, lines: Sequence[str] = ()) -> int:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    cell = put(ws.cell(1, 1), text)
    cell.font, cell.alignment = TITLE, CENTER
    ws.row_dimensions[1].height = 30
    row = 2
    for line in lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        c = put(ws.cell(row, 1), line)
        c.font, c.alignment = BODY, LEFT
        row += 1
    return row


def _head(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for i, h in enumerate(headers, start=1):
        c = put(ws.cell(row, i), h)
        c.font, c.fill, c.border, c.alignment = HEAD, HEAD_FILL, BOX, CENTER


def _text(ws: Worksheet, row: int, col: int, value: str, align: Any = LEFT) -> None:
    c = put(ws.cell(row, col), value)
    c.font, c.border, c.alignment = BODY, BOX, align


def _number(ws: Worksheet, row: int, col: int, value: Decimal | None, places: int) -> None:
    c = ws.cell(row, col)
    if value is None:
        put(c, NOT_SHOWN)
        c.alignment = CENTER
    else:
        put(c, rounded(value, places))
        c.number_format = number_format(places)
        c.alignment = RIGHT
    c.font, c.border = BODY, BOX


def _shown_unit(field: Field) -> str:
    return "" if field.unit == units.RATIO else field.unit


def _status_lines(result: Consolidation) -> list[str]:
    lines = [REPORTED.format(n=len(result.reported), total=len(result.counties))]
    if result.missing:
        lines.append(MISSING_LINE.format(names="、".join(result.missing)))
    else:
        lines.append(ALL_REPORTED)
    return lines


def _summary_sheet(ws: Worksheet, result: Consolidation) -> None:
    title = TITLE_SUMMARY.format(city=result.city, year=result.year)
    if result.missing:
        title += core_msg.PARTIAL_LABEL
    row = _title(ws, title, len(HEAD_SUMMARY), _status_lines(result)) + 1
    put(ws.cell(row, 1), SECTION_INDICATORS).font = HEAD
    row += 1
    _head(ws, row, HEAD_SUMMARY)
    ws.print_title_rows = f"{row}:{row}"
    row += 1
    n = 0
    by_field: dict[str, list[Any]] = {}
    for j in result.judgements:
        by_field.setdefault(j.field, []).append(j)
    for f in result.form.fields:
        if f.indicator is None:
            continue
        figure = result.figures[f.id]
        for j in by_field.get(f.id, []):
            n += 1
            _text(ws, row, 1, str(n), CENTER)
            _text(ws, row, 2, f.label)
            _text(ws, row, 3, _shown_unit(f), CENTER)
            _number(ws, row, 4, figure.value, f.precision)
            if j.target_value is not None:
                _number(ws, row, 5, j.target_value, max(f.precision, _places(j.target_value)))
            else:
                _text(ws, row, 5, NOT_SHOWN, CENTER)
            year = "" if j.target_value is None else j.year_label
            _text(ws, row, 6, year, CENTER)
            _text(ws, row, 7, bound_text(j), CENTER)
            _text(ws, row, 8, j.status.label, CENTER)
            _text(ws, row, 9, j.citation or j.reference)
            _text(ws, row, 10, figure.method)
            _text(ws, row, 11, "".join([figure.note(result.missing), *j.notes]))
            row += 1
    row += 1
    put(ws.cell(row, 1), SECTION_BASE_DATA).font = HEAD
    row += 1
    base_columns = (1, 2, 3, 4, 5, 10)  # 计算方法 spans 5–9, 说明 10–11
    for col, text in zip(base_columns, HEAD_BASE, strict=True):
        c = put(ws.cell(row, col), text)
        c.font, c.fill, c.border, c.alignment = HEAD, HEAD_FILL, BOX, CENTER
    _merge_base(ws, row)
    row += 1
    n = 0
    for f in result.form.fields:
        if f.section != SECTION_BASE:
            continue
        figure = result.figures.get(f.id)
        if figure is None:
            continue
        n += 1
        _text(ws, row, 1, str(n), CENTER)
        _text(ws, row, 2, f.label)
        _text(ws, row, 3, _shown_unit(f), CENTER)
        _number(ws, row, 4, figure.value, f.precision)
        _text(ws, row, 5, figure.method)
        _text(ws, row, 10, figure.note(result.missing))
        _merge_base(ws, row)
        row += 1
    _setup(ws, (5, 30, 9, 13, 11, 8, 16, 9, 36, 30, 30))
    _fit_rows(ws, 4)


def _merge_base(ws: Worksheet, row: int) -> None:
    for start, end in ((5, 9), (10, 11)):
        for col in range(start, end + 1):
            ws.cell(row, col).border = BOX
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _counties_sheet(ws: Worksheet, result: Consolidation) -> list[Field]:
    fields = result.key_fields()
    headers = [
        COUNTY,
        *(f"{f.label}（{_shown_unit(f)}）" if _shown_unit(f) else f.label for f in fields),
    ]
    row = (
        _title(
            ws,
            TITLE_COUNTIES.format(city=result.city, year=result.year),
            len(headers),
            _status_lines(result),
        )
        + 1
    )
    _head(ws, row, headers)
    ws.print_title_rows = f"{row}:{row}"
    ws.freeze_panes = ws.cell(row + 1, 2)
    row += 1
    for county in result.counties:
        _text(ws, row, 1, county, CENTER)
        values = result.county_values.get(county)
        for i, f in enumerate(fields, start=2):
            if values is None:
                _text(ws, row, i, core_msg.MISSING_COUNTY, CENTER)
            else:
                _number(ws, row, i, values.get(f.id), f.precision)
        row += 1
    _text(ws, row, 1, CITY_ROW + (core_msg.PARTIAL_LABEL if result.missing else ""), CENTER)
    for i, f in enumerate(fields, start=2):
        _number(ws, row, i, result.figures[f.id].value, f.precision)
        ws.cell(row, i).font = HEAD
    ws.cell(row, 1).font = HEAD
    row += 1
    _text(ws, row, 1, TARGET_ROW, CENTER)
    for i, f in enumerate(fields, start=2):
        target = _year_target(result, f)
        if target is None:
            _text(ws, row, i, NOT_SHOWN, CENTER)
        else:
            _number(ws, row, i, target, max(f.precision, _places(target)))
    _setup(ws, (22, *(12 for _ in headers[1:])))
    _fit_rows(ws, 4)
    return fields


def _year_target(result: Consolidation, f: Field) -> Decimal | None:
    """The city's target of the year (else an every-year cap) for the comparison row."""
    judged = [j for j in result.judgements if j.field == f.id and j.target_value is not None]
    this_year = [j for j in judged if j.year == result.year] or judged
    return this_year[0].target_value if this_year else None


def _used_sheet(ws: Worksheet, result: Consolidation, used: Sequence[UsedRow]) -> None:
    row = (
        _title(
            ws,
            TITLE_USED.format(city=result.city, year=result.year),
            len(HEAD_USED),
            _status_lines(result),
        )
        + 1
    )
    _head(ws, row, HEAD_USED)
    row += 1
    for u in used:
        for i, v in enumerate(
            (u.county, u.form, str(u.revision), u.status, u.digest, u.pack_version or NO_PACK),
            start=1,
        ):
            _text(ws, row, i, v, LEFT if i == 5 else CENTER)
        row += 1
    for county in result.missing:
        for i, v in enumerate((county, "表一", "", core_msg.MISSING_COUNTY, "", ""), start=1):
            _text(ws, row, i, v, CENTER)
        row += 1
    _setup(ws, (14, 8, 6, 10, 72, 12))
    _fit_rows(ws, 4)


def _rules_sheet(ws: Worksheet, result: Consolidation) -> None:
    row = _title(ws, TITLE_RULES, 2) + 1
    for n, rule in enumerate(core_msg.CONSOLIDATION_RULES, start=1):
        _text(ws, row, 1, str(n), CENTER)
        _text(ws, row, 2, rule)
        row += 1
    row += 1
    put(ws.cell(row, 1), RULES_FIELD_NOTES).font = HEAD
    row += 1
    for figure in result.figures.values():
        note = figure.note(result.missing)
        if figure.reason or figure.excluded:
            _text(ws, row, 1, "", CENTER)
            _text(ws, row, 2, f"{figure.field.label}：{note}")
            row += 1
    _setup(ws, (5, 120))
    _fit_rows(ws, 2)


def _charts_sheet(ws: Worksheet, result: Consolidation, fields: Sequence[Field]) -> None:
    """Each key indicator by county (bars) against the city's target (a line)."""
    put(ws.cell(1, 1), TITLE_CHARTS.format(city=result.city, year=result.year)).font = TITLE
    charted = [
        f for f in fields if any(v.get(f.id) is not None for v in result.county_values.values())
    ]
    data_col = 20  # the data the charts read, right of the charts
    chart_row = 3
    for n, f in enumerate(charted[:8]):
        col = data_col + n * 4
        put(ws.cell(2, col), COUNTY).font = HEAD
        put(ws.cell(2, col + 1), CHART_VALUE).font = HEAD
        put(ws.cell(2, col + 2), CHART_TARGET).font = HEAD
        target = _year_target(result, f)
        for i, county in enumerate(result.counties, start=3):
            put(ws.cell(i, col), county)
            value = result.county_values.get(county, {}).get(f.id)
            if value is not None:
                put(ws.cell(i, col + 1), rounded(value, f.precision))
            if target is not None:
                put(ws.cell(i, col + 2), target)
        last = 2 + len(result.counties)
        bar = BarChart()
        bar.type = "col"
        bar.title = f.label + (f"（{_shown_unit(f)}）" if _shown_unit(f) else "")
        bar.y_axis.title = _shown_unit(f)
        bar.add_data(Reference(ws, min_col=col + 1, min_row=2, max_row=last), titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=col, min_row=3, max_row=last))
        bar.height, bar.width = 7.5, 16
        bar.legend.position = "b"
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        if target is not None:
            line = LineChart()
            line.add_data(
                Reference(ws, min_col=col + 2, min_row=2, max_row=last), titles_from_data=True
            )
            line.series[0].graphicalProperties.line.solidFill = "C00000"
            line.series[0].graphicalProperties.line.dashStyle = "dash"
            bar += line
        anchor_col = 1 if n % 2 == 0 else 10
        ws.add_chart(bar, f"{_col(anchor_col)}{chart_row}")
        if n % 2 == 1:
            chart_row += 16
    _setup(ws, [9] * 18)


def write_summary(result: Consolidation, used: Sequence[Any], path: Path) -> Path:
    """Write the summary workbook; `used`: rows with county, form, revision, status,
    digest and pack_version (services.city.UsedReturn)."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = SHEET_SUMMARY
    _summary_sheet(summary, result)
    fields = _counties_sheet(wb.create_sheet(SHEET_COUNTIES), result)
    _used_sheet(wb.create_sheet(SHEET_USED), result, [_row(u) for u in used])
    _rules_sheet(wb.create_sheet(SHEET_RULES), result)
    _charts_sheet(wb.create_sheet(SHEET_CHARTS), result, fields)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _row(u: Any) -> UsedRow:
    return UsedRow(u.county, u.form, u.revision, u.status, u.digest, u.pack_version)


__all__ = ["UsedRow", "write_summary"]
