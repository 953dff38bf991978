"""City mode in the main window: the status board as the main tab, charts, taking in the
counties' returns (menu, folder, drag and drop) with progress and a report that can be
exported, and the returns page read-only.

Parsing runs in a worker thread (services.city_import.read_file); storing runs on the
GUI thread, one file per turn of the event loop (ui.jobs.Job).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.services import city_import as ci
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.charts import ChartsPage
from siwu_desktop.ui.city_board import CityBoard
from siwu_desktop.ui.city_summary import SummaryPage
from siwu_desktop.ui.jobs import Job
from siwu_desktop.ui.preferences import Preferences

if TYPE_CHECKING:
    from siwu_desktop.ui.main_window import MainWindow
    from siwu_desktop.ui.pack_editor import PackEditor

OUTCOME_COLORS = {
    ci.ACCEPTED: "#1e7b34",
    ci.ACCEPTED_OLDER: "#1d4ed8",
    ci.DUPLICATE: "#8a5a00",
    ci.REJECTED: "#b3261e",
}


class ImportReportDialog(QDialog):
    """The list of what was taken in and what was refused, with reasons; exportable."""

    prefs: Preferences | None = None  # where 导出清单… opens (set by the city mode)

    def __init__(self, report: ci.CityImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(S.CITY_IMPORT_REPORT)
        self.resize(1100, 480)
        self.table = QTableWidget(len(report.lines), len(ci.REPORT_HEAD))
        self.table.setHorizontalHeaderLabels(list(ci.REPORT_HEAD))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, line in enumerate(report.lines):
            cells = line.cells()
            cells[0] = Path(cells[0]).name
            cells[7] = cells[7][:16]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setForeground(QColor(OUTCOME_COLORS.get(line.outcome, "#1f2937")))
                item.setToolTip(line.detail)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # 说明 says why a file was refused and what to do: wrapped in full, not elided
        header.setSectionResizeMode(len(ci.REPORT_HEAD) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # at every width
        self.summary = QLabel(report.summary())
        self.export_button = QPushButton(S.CITY_IMPORT_EXPORT)
        self.export_button.clicked.connect(self.export_dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def export_to(self, path: Path) -> Path:
        out = ci.write_report(self.report.lines, path)
        self.summary.setText(S.CITY_IMPORT_SAVED.format(path=out))
        return out

    def export_dialog(self) -> None:
        from siwu_desktop.ui.save_as import ask_save_path, save_or_warn

        answer = ask_save_path(
            self, self.prefs, S.CITY_IMPORT_EXPORT, "导入结果.csv", S.CITY_IMPORT_EXPORT_FILTER
        )
        if answer:
            out, chosen = answer
            if not out.suffix:
                out = out.with_suffix(".xlsx" if "xlsx" in chosen else ".csv")
            self.warning = save_or_warn(self, S.CITY_IMPORT_EXPORT, lambda: self.export_to(out))


class CityMode(QObject):
    """Installed on a MainWindow whose profile is in city mode."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        assert win.service is not None and win.page is not None
        self.service = win.service
        self.page = win.page
        self.last_dialog: ImportReportDialog | None = None
        self.last_job: Job | None = None
        self.board = CityBoard(self.service, win.settings)
        self.charts = ChartsPage(self.service, self.board.year.value())
        tabs = win.tabs
        tabs.insertTab(0, self.board, S.TAB_BOARD)
        tabs.insertTab(1, self.charts, S.TAB_CHARTS)
        self.summary = SummaryPage(self.service, self.board.year.value())
        tabs.insertTab(1, self.summary, S.TAB_SUMMARY)
        tabs.setTabText(tabs.indexOf(self.page), S.TAB_RETURNS_CITY)
        self.summary.prefs = self.charts.prefs = self.page.prefs
        tabs.setCurrentIndex(0)
        self.board.open_return.connect(self.open_return)
        self.page.applied.connect(self.apply)
        self.page.current_changed.connect(self._read_only_actions)
        # 导入 takes in county returns here (never the county path, which would make drafts)
        win.import_action.triggered.disconnect()
        win.import_action.setText(S.CITY_IMPORT_FILES)
        win.import_action.triggered.connect(self.import_dialog)
        self.folder_action = QAction(S.CITY_IMPORT_FOLDER, win)
        self.folder_action.triggered.connect(self.import_folder_dialog)
        win.addAction(self.folder_action)
        file_menu = win.menuBar().actions()[0].menu()
        if file_menu is not None:
            file_menu.insertAction(win.import_action, self.folder_action)
        self.pack_editor: PackEditor | None = None
        self.edit_pack_action = QAction(S.ACTION_EDIT_PACK, win)
        self.edit_pack_action.triggered.connect(self.open_pack_editor)
        win.addAction(self.edit_pack_action)
        pack_menu = QMenu(S.MENU_PACK, win)
        pack_menu.addAction(self.edit_pack_action)
        pack_menu.addAction(win.import_pack_action)
        help_action = win.menuBar().actions()[-1]
        win.menuBar().insertMenu(help_action, pack_menu)
        self.pack_menu = pack_menu
        win.take_file_drops(self.import_paths)
        self._receipt_action()
        self._hide_county_actions()
        self._read_only_actions()
        # the status bar's 错误/警告/提示 are the open county return's, and the city edits
        # nothing (自动保存 is the county's): shown only with that return, on its tab
        win.saved_label.hide()
        tabs.currentChanged.connect(self._status_counts)
        self._status_counts()

    def _status_counts(self) -> None:
        self.win.counts_label.setVisible(self.win.tabs.currentWidget() is self.page)

    def open_pack_editor(self) -> PackEditor:
        """目标包 → 编辑分解指标…: the allocation editor (ui.pack_editor), one at a time."""
        from siwu_desktop.ui.pack_editor import PackEditor

        if self.pack_editor is None:
            self.pack_editor = PackEditor(self.service, self.win)
            self.pack_editor.finished.connect(lambda _r: self._pack_issued())
        self.pack_editor.show()
        self.pack_editor.activateWindow()
        return self.pack_editor

    def _pack_issued(self) -> None:
        """The city judges the counties' returns by the pack it issued, too."""
        assert self.pack_editor is not None
        changes, self.pack_editor.changes = self.pack_editor.changes, NONE
        self.page.apply(changes)

    def apply(self, changes: Changes) -> None:
        """The board, charts and summary refresh from what an operation changed (the returns
        page's `applied`): a return's content or state, new returns, another pack in force
        (and the summary from its year's statistics)."""
        if changes.returns or changes.statuses or changes.listing or changes.pack:
            self.board.refresh()
            self.charts.refresh()
        self.summary.apply(changes)

    def _receipt_action(self) -> None:
        """报表 → 出具回执…: what a city does with a county's returns (#14 item 7)."""
        from siwu_desktop.ui.receipts import CityReceipts

        self.receipts = CityReceipts(self.page)
        self.receipt_action = QAction(S.ACTION_RECEIPT, self.win)
        self.receipt_action.triggered.connect(self.receipts.open_dialog)
        self.win.addAction(self.receipt_action)
        for action in self.win.menuBar().actions():
            if action.text() == S.MENU_RETURN and action.menu() is not None:
                action.menu().addAction(self.receipt_action)  # type: ignore[union-attr]
        bar = self.win.findChild(QToolBar, "mainToolbar")
        if bar is not None:
            bar.addSeparator()
            bar.addAction(self.win.history_action)
            bar.addAction(self.receipt_action)

    # --- read-only returns ------------------------------------------------------------------

    def county_actions(self) -> tuple[QAction, ...]:
        """What only the county does with its own return: check, lock, correct, edit, create,
        export the workbook. A city keeps 版本记录 (revisions and their comparison), 出具回执,
        and 打印 / 打印预览 / 另存为 PDF: a paper copy of the return as received, digest and all."""
        w = self.win
        return (
            w.validate_action,
            w.finalise_action,
            w.correct_action,
            w.export_action,
            w.export_all_action,
            w.undo_action,
            w.redo_action,
            w.add_row_action,
            w.remove_rows_action,
            w.new_year_action,
            w.new_quarter_action,
        )

    def _hide_county_actions(self) -> None:
        """Hidden from the menus and the toolbar (#16 item 10); hidden, their keys are dead too."""
        for action in self.county_actions():
            action.setVisible(False)

    def _read_only_actions(self) -> None:
        for action in (
            self.win.finalise_action,
            self.win.correct_action,
            self.win.add_row_action,
            self.win.remove_rows_action,
            self.win.new_year_action,
            self.win.new_quarter_action,
        ):
            action.setEnabled(False)

    def open_return(self, info: Any, revision: int) -> None:
        """A board cell's return, on the returns page, read-only."""
        self.win.tabs.setCurrentWidget(self.page)
        if not self.page.navigator.select(info.id):
            self.page.open_return(info)
        if self.page.current is not None:
            self.win.statusBar().showMessage(S.CITY_READ_ONLY, 8000)

    # --- taking in returns -----------------------------------------------------------------

    def import_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.win, S.CITY_IMPORT_TITLE, "", S.CITY_IMPORT_FILTER
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.win, S.CITY_IMPORT_FOLDER)
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> Job | None:
        files = ci.expand_paths(paths)
        if not files:
            self.win.statusBar().showMessage(S.CITY_IMPORT_NONE, 8000)
            return None
        service, catalog = self.service, self.service.catalog
        tasks, packs = ci.reading_packs(service)
        state = {"backed_up": False}

        def work(path: Path) -> ci.FileRead:
            return ci.read_file(path, catalog, tasks, packs)

        def apply(path: Path, read: ci.FileRead) -> list[ci.ReportLine]:
            backup = read.parsed is not None and not state["backed_up"]
            state["backed_up"] = state["backed_up"] or backup
            return ci.take_in(service, read, backup=backup)

        def label(i: int, path: Path) -> str:
            return S.JOB_IMPORTING.format(done=i + 1, total=len(files), name=path.name)

        def finished(results: list[Any]) -> None:
            report = ci.CityImportReport(ci.skipped_in(paths))  # lock files, unreadable folders
            for path, lines, error in results:
                if error is not None:
                    report.lines.append(
                        ci.ReportLine(str(path), ci.REJECTED, ci.R_UNREADABLE, detail=str(error))
                    )
                else:
                    report.lines += lines
            self.after_import(report)

        job = Job(self.win, S.CITY_IMPORT_TITLE, files, label, apply, work)
        job.done.connect(finished)
        self.last_job = job
        job.start()
        return job

    def after_import(self, report: ci.CityImportReport) -> None:
        self.page.apply(report.changes)
        self.win.statusBar().showMessage(report.summary(), 15000)
        dialog = ImportReportDialog(report, self.win)
        dialog.prefs = self.page.prefs
        dialog.open()
        self.last_dialog = dialog
