"""The city's 汇总 page: choose the year; the four consolidated views (主要指标 with
上年/同比 and honest 完成情况, the city 用水结构表, the 表三 task matrix, the merged 表四
ledger) and the 异常 list; export the workbook (and its .siwusum data file), print,
preview and save the printed summary as PDF. Everything shown is computed by
services.city; this page only lays it out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core import units
from siwu_desktop.core.city_summary_file import summary_digest
from siwu_desktop.core.city_tasks import TaskMatrix
from siwu_desktop.core.consolidation import CityStatistics, other_notes, summary_status
from siwu_desktop.core.terms import PERIODS, period_text
from siwu_desktop.services.changes import Changes
from siwu_desktop.services.city import (
    CityPicture,
    StatisticsError,
    city_picture,
    export_summary,
    statistics_from_csv,
    summary_data,
)
from siwu_desktop.services.city_reminders import PeriodTasks, export_period_tasks, period_tasks
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.city_prints import CityPrints
from siwu_desktop.ui.city_statistics import StatisticsDialog
from siwu_desktop.ui.preferences import Preferences
from siwu_desktop.ui.save_as import ask_save_path, save_or_warn

if TYPE_CHECKING:  # printing loads with the first print, preview or PDF
    from siwu_desktop.printing.sheet import ReportSheet

_Index = QModelIndex | QPersistentModelIndex
VIEWS = S.SUMMARY_VIEWS
TASKS = VIEWS[2]  # 任务进展
YEAR, EXPORT, PREVIEW, PRINT, PDF = (
    S.SUMMARY_YEAR,
    S.SUMMARY_EXPORT,
    S.SUMMARY_PREVIEW,
    S.SUMMARY_PRINT,
    S.SUMMARY_PDF,
)
EXPORTED, SAVED, NONE = S.SUMMARY_EXPORTED, S.SUMMARY_SAVED, "—"


class TextTable(QAbstractTableModel):
    """Rows of text under headings: a read-only view of what a service computed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = list(headers), [list(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _n(value: Any, places: int = 2) -> str:
    return NONE if value is None else units.fixed(value, places)


def indicator_rows(picture: CityPicture) -> list[list[str]]:
    result = picture.consolidation
    rows = []
    for j in result.judgements:
        f = result.form.index[j.field]
        change = picture.changes.get(f.id)
        yoy = (
            units.fixed(change.percent, 1)
            if change is not None and change.percent is not None
            else (change.note if change else NONE)
        )
        rows.append(
            [
                f.label,
                "" if f.unit == units.RATIO else f.unit,
                _n(result.figures[f.id].value, f.precision),
                _n(change.last if change else None, f.precision),
                yoy or NONE,
                NONE if j.target_value is None else units.plain(j.target_value),
                summary_status(j),
                "".join(other_notes(j)),
            ]
        )
    return rows


def structure_rows(picture: CityPicture) -> tuple[list[str], list[list[str]]]:
    result = picture.consolidation
    heads = ["表二项目", "全市汇总值（万立方米）"]
    return heads, [
        [f.field.label, _n(f.value, f.field.precision)] for f in result.t2_figures.values()
    ]


def task_rows(matrix: TaskMatrix | None) -> tuple[list[str], list[list[str]]]:
    if matrix is None:
        return ["任务"], []
    heads = ["序号", "任务", *matrix.counties, "已完成", "推进中", "未启动", "逾期"]
    rows = []
    for line in matrix.lines:
        cells = [c.shown("，") for c in line.cells]
        counts = [str(x) for x in (line.done, line.in_progress, line.not_started, line.overdue)]
        rows.append([line.task.number, line.task.text, *cells, *counts])
    return heads, rows


def ledger_rows(picture: CityPicture) -> tuple[list[str], list[list[str]]]:
    ledger = picture.ledger
    heads = [
        "县区",
        "单位名称",
        "统一社会信用代码",
        "行业",
        "水源",
        "年计划",
        "全年实际",
        "超计划",
        "加价倍数",
        "备注",
    ]
    if ledger is None:
        return heads, []
    rows = []
    for x in ledger.lines:
        shared = ledger.shared_code(x)
        note = (
            f"同一代码另见于{'、'.join(c for c in shared.counties if c != x.county)}"
            if shared
            else ""
        )
        rows.append(
            [
                x.county,
                x.name,
                x.uscc,
                x.industry,
                x.source,
                _n(x.plan),
                _n(x.annual),
                _n(x.over),
                str(x.surcharge or ""),
                note,
            ]
        )
    return heads, rows


class SummaryPage(QWidget):
    prefs: Preferences | None = None  # where its save dialogs open (set by the city mode)

    def __init__(self, service: ReturnService, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.picture: CityPicture | None = None
        self.statistics: CityStatistics | None = None  # the city's own figures, if loaded
        self.tasks: PeriodTasks  # the 表三 of the chosen 报告期 (任务进展)
        self.year = QSpinBox()
        self.year.setRange(2020, 2035)
        self.year.setValue(year)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel(YEAR))
        bar.addWidget(self.year)
        bar.addStretch(1)
        for text, slot in (
            (S.SUMMARY_CITY_STATISTICS, self.open_statistics),
            (EXPORT, self.export_dialog),
            (PREVIEW, self.preview),
            (PRINT, self.print_dialog),
            (PDF, self.pdf_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[text] = button
        self.tabs = QTabWidget()
        self.models: dict[str, TextTable] = {}
        for name in VIEWS:
            model = TextTable(self)
            view = QTableView()
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setWordWrap(True)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.verticalHeader().setVisible(False)
            self.tabs.addTab(self._task_tab(view) if name == TASKS else view, name)
            self.models[name] = model
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self.prints = CityPrints(self, self.document)
        self.task_prints = CityPrints(self, self.tasks_document)
        self.year.valueChanged.connect(self.refresh)
        self.refresh()

    def _task_tab(self, view: QTableView) -> QWidget:
        """任务进展: the 表三 of the chosen 报告期 (全年 or a quarter) across the counties,
        with its own print, PDF and export, and the counties to chase for that period."""
        self.task_period = QComboBox()
        for period in PERIODS:
            self.task_period.addItem(period.label, str(period))
        self.task_period.currentIndexChanged.connect(self.refresh_tasks)
        self.task_status = QLabel()
        self.task_status.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(S.TASKS_PERIOD))
        bar.addWidget(self.task_period)
        bar.addWidget(self.task_status, 1)
        for text, slot in (
            (S.TASKS_EXPORT, self.tasks_export_dialog),
            (S.TASKS_PREVIEW, self.tasks_preview),
            (S.TASKS_PRINT, self.tasks_print_dialog),
            (S.TASKS_PDF, self.tasks_pdf_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[text] = button
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(view, 1)
        return tab

    def set_task_period(self, period: str) -> None:
        self.task_period.setCurrentIndex(self.task_period.findData(period))

    def refresh_tasks(self) -> None:
        year, period = self.year.value(), self.task_period.currentData()
        tasks = self.tasks = period_tasks(self.service, year, period)
        matrix = tasks.matrix
        self.models[TASKS].set_rows(*task_rows(matrix))
        line = S.TASKS_STATUS.format(
            period=period_text(year, period), n=len(matrix.reported), total=len(matrix.counties)
        )
        if matrix.missing:
            line += S.TASKS_MISSING.format(names="、".join(matrix.missing))
        if tasks.reminders:
            line += S.TASKS_CHASE.format(n=len(tasks.reminders))
        self.task_status.setText(line)

    def refresh(self) -> None:
        picture = self.picture = city_picture(
            self.service, self.year.value(), statistics=self.statistics
        )
        result = picture.consolidation
        line = f"报送县区 {len(result.reported)}/{len(result.counties)} 个"
        if result.missing:
            line += f"；未报：{'、'.join(result.missing)}（不计入合计，不按零处理）"
        if picture.flags:
            line += f"；异常，需核实 {len(picture.flags)} 项"
        if result.statistics is not None:  # a table loaded for now, else the stored figures
            line += "；" + "；".join(result.statistics_notes())
        self.status.setText(line)
        self.models["主要指标"].set_rows(
            ["指标", "单位", "全市汇总值", "上年", "同比（%）", "目标值", "完成情况", "说明"],
            indicator_rows(picture),
        )
        self.models["用水结构"].set_rows(*structure_rows(picture))
        self.refresh_tasks()
        self.models["计划用水户"].set_rows(*ledger_rows(picture))
        self.models["异常核实"].set_rows(
            ["县区", "说明"], [[g.county, g.shown] for g in picture.flags]
        )

    # --- the city's statistics ------------------------------------------------------------

    def load_statistics(self, path: Path) -> str | None:
        """Take the statistics bureau's figures from a table 项目,数值,来源; the reason
        in Chinese when it cannot be used (nothing shown changes then)."""
        try:
            text = path.read_text(encoding="utf-8-sig")
            self.statistics = statistics_from_csv(text, self.service, self.year.value())
        except (OSError, UnicodeDecodeError, StatisticsError) as exc:
            return str(exc)
        self.refresh()
        return None

    def open_statistics(self) -> StatisticsDialog:
        """统计部门数据…: enter or edit the year's stored figures; the summary is made
        again once they are saved."""
        dialog = StatisticsDialog(self.service, self.year.value(), self)
        dialog.accepted.connect(lambda: self.apply(dialog.changes))
        dialog.open()
        return dialog

    def apply(self, changes: Changes) -> None:
        """Made again when the year's statistics or any return it rests on changed."""
        returns = changes.returns or changes.statuses or changes.listing or changes.pack
        if returns or self.year.value() in changes.statistics:
            self.refresh()

    def statistics_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, S.SUMMARY_STATISTICS.rstrip("…"), "", S.CSV_FILTER
        )
        if path:
            error = self.load_statistics(Path(path))
            if error:
                QMessageBox.warning(self, S.SUMMARY_STATISTICS.rstrip("…"), error)

    # --- outputs --------------------------------------------------------------------------

    def document(self) -> tuple[ReportSheet, Any] | None:
        from siwu_desktop.printing.summary import paper_for, summary_document

        picture = self.picture
        if picture is None:
            return None
        city = self.service.catalog.city(picture.consolidation.city)
        paper = paper_for(picture, city.code, summary_digest(summary_data(self.service, picture)))
        return summary_document(picture, paper)

    def export_to(self, path: Path) -> Path:
        picture = self.picture
        assert picture is not None
        exported = export_summary(self.service, picture, path)
        self.status.setText(EXPORTED.format(path=exported.path, data=exported.data.name))
        return exported.path

    def export_dialog(self) -> None:
        picture = self.picture
        assert picture is not None
        name = f"{picture.consolidation.city}_{self.year.value()}_汇总.xlsx"
        title = EXPORT.rstrip("…")
        chosen = ask_save_path(self, self.prefs, title, name, S.EXPORT_FILTER)
        if chosen:
            self.warning = save_or_warn(self, title, lambda: self.export_to(chosen[0]))

    def preview(self) -> Any:
        return self.prints.preview()

    def print_dialog(self) -> Any:
        return self.prints.print_dialog()

    def save_pdf_to(self, path: Path) -> int:
        pages = self.prints.save_pdf_to(path)
        if pages:
            self.status.setText(SAVED.format(path=path, pages=pages))
        return pages

    # --- the 表三 of one 报告期 ---------------------------------------------------------------

    def _tasks_stem(self) -> str:
        matrix = self.tasks.matrix
        return f"{matrix.city}_{period_text(matrix.year, matrix.period)}_表三汇总"

    def tasks_document(self) -> tuple[ReportSheet, Any] | None:
        picture = self.picture
        if picture is None:
            return None
        from siwu_desktop.printing.summary import paper_for, period_tasks_document

        city = self.service.catalog.city(picture.consolidation.city)
        return period_tasks_document(self.tasks, paper_for(picture, city.code, ""))

    def tasks_export_to(self, path: Path) -> Path:
        export_period_tasks(self.service, self.tasks, path)
        self.task_status.setText(S.TASKS_EXPORTED.format(path=path))
        return path

    def tasks_export_dialog(self) -> None:
        name = f"{self._tasks_stem()}.xlsx"
        title = S.TASKS_EXPORT.rstrip("…")
        chosen = ask_save_path(self, self.prefs, title, name, S.EXPORT_FILTER)
        if chosen:
            self.tasks_export_to(chosen[0])

    def tasks_preview(self) -> Any:
        return self.task_prints.preview()

    def tasks_print_dialog(self) -> Any:
        return self.task_prints.print_dialog()

    def tasks_save_pdf_to(self, path: Path) -> int:
        pages = self.task_prints.save_pdf_to(path)
        if pages:
            self.task_status.setText(SAVED.format(path=path, pages=pages))
        return pages

    def tasks_pdf_dialog(self) -> None:
        name = f"{self._tasks_stem()}.pdf"
        chosen = ask_save_path(self, self.prefs, S.TASKS_PDF.rstrip("…"), name, S.PDF_FILTER)
        if chosen:
            self.tasks_save_pdf_to(chosen[0])

    def pdf_dialog(self) -> None:
        picture = self.picture
        assert picture is not None
        name = f"{picture.consolidation.city}_{self.year.value()}_汇总表.pdf"
        chosen = ask_save_path(self, self.prefs, PDF.rstrip("…"), name, S.PDF_FILTER)
        if chosen:
            self.save_pdf_to(chosen[0])
