"""The city's status board: counties × returns for a year, each cell 未报/已报/有错误/需说明/
已更正/逾期 with its counts of findings; a cell's findings below; double-click opens the
county's return read-only. The states are computed by services.city_board."""

from __future__ import annotations

import calendar
import datetime as dt
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.validation import Finding, explanation
from siwu_desktop.services import city_board as cb
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.city_prints import CityPrints
from siwu_desktop.ui.preferences import Preferences

STATE_COLORS = {
    cb.NOT_FILED: ("#f3f4f6", "#4b5563"),
    cb.OVERDUE: ("#fde2e1", "#9b1c1c"),
    cb.ERRORS: ("#fde2e1", "#b3261e"),
    cb.NEEDS_NOTE: ("#fff4d6", "#8a5a00"),
    cb.REFUSED: ("#fde2e1", "#9b1c1c"),
    cb.CORRECTED: ("#e0ecff", "#1d4ed8"),
    cb.FILED: ("#dcf5e3", "#1e7b34"),
}
CELL_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


class BoardModel(QAbstractTableModel):
    COL_COUNTY = 0  # then one column per (form, period) of cb.COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: cb.Board | None = None

    def set_board(self, board: cb.Board) -> None:
        self.beginResetModel()
        self.board = board
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.board is None else len(self.board.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(cb.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return S.BOARD_COUNTY if section == self.COL_COUNTY else S.BOARD_COLUMNS[section - 1]
        return None

    def cell(self, index: _Index) -> cb.BoardCell | None:
        if self.board is None or not index.isValid() or index.column() == self.COL_COUNTY:
            return None
        return self.board.rows[index.row()].cells[index.column() - 1]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.board is None or not index.isValid():
            return None
        row = self.board.rows[index.row()]
        c = self.cell(index)
        if c is None:
            return row.county if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(c)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATE_COLORS[c.state][0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATE_COLORS[c.state][1]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            detail = "" if not c.filed else "\n" + cell_counts(c)
            if c.reason:  # why the last file or revision was refused (#14 item 8)
                detail += "\n" + S.BOARD_REFUSED.format(reason=c.reason)
            return S.BOARD_TIP.format(
                county=c.county,
                form=form_title(c),
                state=c.state.label,
                due=c.due.isoformat(),
                detail=detail,
            )
        if role == CELL_ROLE:
            return c
        return None


def _explained(finding: Finding, notes: dict[str, str]) -> str:
    text = explanation(finding, notes)
    return S.BOARD_EXPLAINED.format(text=html.escape(text)) if text else ""


def form_title(c: cb.BoardCell) -> str:
    return S.BOARD_COLUMNS[cb.COLUMNS.index((c.form, c.period))]


def cell_counts(c: cb.BoardCell) -> str:
    return S.BOARD_CELL_COUNTS.format(errors=c.errors, warnings=c.warnings)


def cell_text(c: cb.BoardCell) -> str:
    if not c.filed:
        return c.state.label
    head = S.BOARD_CELL_FILED.format(state=c.state.label, revision=c.revision)
    return f"{head}\n{cell_counts(c)}" if c.errors or c.warnings else head


class CityBoard(QWidget):
    """Signal `open_return(ReturnInfo, revision)` on a double-click of a filed cell."""

    open_return = _Signal(object, int)

    def __init__(
        self, service: ReturnService, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.prefs = Preferences(settings)  # where its save dialogs open
        today = service.today or dt.date.today()
        self.year = QSpinBox()
        self.year.setRange(2020, 2035)
        self.year.setValue(int(str(settings.value("city/board_year", today.year - 1))))
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.day = QSpinBox()
        month, day = self.annual_deadline()
        self.month.setValue(month)
        self._fit_day()
        self.day.setValue(day)
        bar = QHBoxLayout()
        for widget in (
            QLabel(S.BOARD_YEAR),
            self.year,
            QLabel(S.BOARD_DEADLINE),
            self.month,
            QLabel(S.BOARD_DEADLINE_MONTH),
            self.day,
            QLabel(S.BOARD_DEADLINE_DAY),
        ):
            bar.addWidget(widget)
        note = QLabel(S.BOARD_DEADLINE_NOTE)
        note.setStyleSheet("color:#6b7280")
        bar.addWidget(note)
        bar.addStretch(1)
        self.view_data: Any = None  # services.city_reminders.BoardView of the shown year
        self.prints = CityPrints(self, self.document)
        for text, slot in (
            (S.BOARD_EXPORT, self.export_dialog),
            (S.SUMMARY_PREVIEW, self.prints.preview),
            (S.SUMMARY_PRINT, self.prints.print_dialog),
            (S.SUMMARY_PDF, self.pdf_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = BoardModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.indicators = QTableWidget(0, len(S.BOARD_INDICATOR_HEAD))
        self.indicators.setHorizontalHeaderLabels(list(S.BOARD_INDICATOR_HEAD))
        self.indicators.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.indicators.verticalHeader().setVisible(False)
        self.indicators.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lower = QTabWidget()
        self.lower.addTab(self.detail, S.BOARD_TAB_DETAIL)
        self.lower.addTab(self.indicators, S.BOARD_TAB_INDICATORS)
        splitter.addWidget(self.view)
        splitter.addWidget(self.lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        hint = QLabel(S.CITY_IMPORT_DROP)
        hint.setStyleSheet("color:#6b7280")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        self.year.valueChanged.connect(self.refresh)
        self.month.valueChanged.connect(self._fit_day)  # first: a 31 becomes the month's last day
        self.month.valueChanged.connect(self._deadline_changed)
        self.day.valueChanged.connect(self._deadline_changed)
        self.view.selectionModel().currentChanged.connect(self._show_detail)
        self.view.doubleClicked.connect(self._open)
        self.refresh()

    def annual_deadline(self) -> tuple[int, int]:
        text = str(self.settings.value("city/annual_deadline", ""))
        try:
            month, day = (int(x) for x in text.split("-"))
            dt.date(2001, month, day)
        except ValueError:
            return cb.DEFAULT_ANNUAL_DEADLINE
        return month, day

    def _fit_day(self) -> None:
        """The day box offers only the days the month has every year (February: 28), so
        every deadline it can show is one that is applied."""
        self.day.setRange(1, calendar.monthrange(2001, self.month.value())[1])

    def _deadline_changed(self) -> None:
        month, day = self.month.value(), self.day.value()
        try:
            dt.date(2001, month, day)
        except ValueError:
            return
        self.settings.setValue("city/annual_deadline", f"{month:02d}-{day:02d}")
        self.refresh()

    def refresh(self) -> None:
        year = self.year.value()
        self.settings.setValue("city/board_year", year)
        board = cb.build_board(self.service, year, annual_deadline=self.annual_deadline())
        self.model.set_board(board)
        self.view.resizeRowsToContents()
        from siwu_desktop.services.city_reminders import board_view

        self.view_data = board_view(self.service, board)
        reminders = S.BOARD_REMINDERS.format(n=len(self.view_data.reminders))
        overdue = S.BOARD_OVERDUE_SPLIT.format(
            annual=self.view_data.overdue_annual, quarterly=self.view_data.overdue_quarterly
        )
        self.summary.setText(
            S.BOARD_SUMMARY.format(
                year=year,
                filed=board.count(cb.FILED),
                corrected=board.count(cb.CORRECTED),
                errors=board.count(cb.ERRORS),
                notes=board.count(cb.NEEDS_NOTE),
                missing=board.count(cb.NOT_FILED),
                overdue=board.count(cb.OVERDUE),
                today=board.today.isoformat(),
            )
            + overdue
            + reminders
        )
        self._show_indicators()
        self.detail.clear()

    def _show_indicators(self) -> None:
        """The city's 本年, 上年 and 同比 of every 表一 indicator (as the summary has them)."""
        lines = self.view_data.indicators
        self.indicators.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for col, value in enumerate((line.label, line.unit, line.now, line.last, line.change)):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.indicators.setItem(row, col, item)

    # --- outputs: the board and its 催报清单 ----------------------------------------------------

    def export_to(self, path: Path) -> Path:
        from siwu_desktop.excel.board import write_board

        return write_board(self.view_data, path)

    def export_dialog(self) -> None:
        from siwu_desktop.ui.save_as import ask_save_path, save_or_warn

        name = f"{self.year.value()}年报送情况与催报清单.xlsx"
        title = S.BOARD_EXPORT.rstrip("…")
        chosen = ask_save_path(self, self.prefs, title, name, S.EXPORT_FILTER)
        if chosen:
            self.warning = save_or_warn(self, title, lambda: self.export_to(chosen[0]))

    def document(self) -> Any:
        from siwu_desktop.printing.summary import board_document, paper_for
        from siwu_desktop.services.city import city_picture

        picture = city_picture(self.service, self.year.value())
        city = self.service.catalog.city(picture.consolidation.city)
        paper = paper_for(picture, city.code, "")
        return board_document(self.view_data, picture.consolidation, paper)

    def save_pdf_to(self, path: Path) -> int:
        return self.prints.save_pdf_to(path)

    def pdf_dialog(self) -> None:
        from siwu_desktop.ui.save_as import ask_save_path

        name = f"{self.year.value()}年报送情况与催报清单.pdf"
        chosen = ask_save_path(self, self.prefs, S.SUMMARY_PDF.rstrip("…"), name, S.PDF_FILTER)
        if chosen:
            self.save_pdf_to(chosen[0])

    def _show_detail(self, index: QModelIndex) -> None:
        c = self.model.cell(index)
        if c is None:
            self.detail.clear()
            return
        self.lower.setCurrentWidget(self.detail)
        title = S.BOARD_DETAIL_TITLE.format(
            county=c.county, form=form_title(c), state=c.state.label
        )
        lines = [f"<p><b>{html.escape(title)}</b></p>"]
        if c.reason:
            lines.append(f"<p>{html.escape(S.BOARD_REFUSED.format(reason=c.reason))}</p>")
        if not c.filed:
            lines.append(f"<p>{S.BOARD_NOT_FILED.format(due=c.due.isoformat())}</p>")
        elif not c.findings:
            lines.append(f"<p>{S.BOARD_NO_FINDINGS}</p>")
        else:
            notes = c.loaded.data.explanations if c.loaded is not None else {}
            items = "".join(
                f"<li>【{f.severity.label}】{html.escape(f.message)}{_explained(f, notes)}</li>"
                for f in c.findings
            )
            lines.append(f"<ul>{items}</ul>")
        self.detail.setHtml("".join(lines))

    def _open(self, index: QModelIndex) -> None:
        c = self.model.cell(index)
        if c is not None and c.info is not None and c.revision is not None:
            self.open_return.emit(c.info, c.revision)

    def index_of(self, county: str, form: str, period: str = "Y") -> QModelIndex:
        assert self.model.board is not None
        row = [r.county for r in self.model.board.rows].index(county)
        return self.model.index(row, 1 + cb.COLUMNS.index((form, period)))
