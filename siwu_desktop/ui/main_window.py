"""The main window: the 填报 page (with a data directory open) and the target browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTabWidget,
    QToolBar,
    QWidget,
)

from siwu_desktop import __version__
from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.terms import Severity
from siwu_desktop.services.data import Profile
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.ui import icons
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.lazy_tab import LazyTab
from siwu_desktop.ui.preferences import store
from siwu_desktop.ui.returns_page import ReturnsPage

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPaintEvent

    from siwu_desktop.ui.catalog_view import CatalogBrowser


IDLE_CHECKPOINT_MS = 2000


def key_sequence(keys: str | QKeySequence.StandardKey) -> QKeySequence:
    """A shortcut written as in the code ("Ctrl+Shift+E") read as such (portable text):
    read as native text, Qt looks each modifier's name up in the translators first, a call
    into Python's (qt_zh) for each, five per shortcut at start-up (#13)."""
    if isinstance(keys, str):
        return QKeySequence(keys, QKeySequence.SequenceFormat.PortableText)
    return QKeySequence(keys)


class MainWindow(QMainWindow):
    def __init__(
        self,
        catalog: TargetCatalog,
        settings: QSettings,
        city: str | None = None,
        service: ReturnService | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.service = service
        self.setMinimumSize(960, 620)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.page: ReturnsPage | None = None
        self.file_drop: Callable[[list[Path]], Any] | None = None  # take_file_drops
        self.painted = False  # the window's first paint is done
        if service is not None:
            self.page = ReturnsPage(service, settings)
            self.tabs.addTab(self.page, S.TAB_RETURNS)
            city = city or service.profile().city
        city = city or str(settings.value("catalog/city", "")) or None
        if city not in catalog.cities:
            city = None
        self.catalog_tab = LazyTab(lambda c=city: _catalog_browser(catalog, c))  # built when shown
        self.tabs.addTab(self.catalog_tab, S.TAB_TARGETS)
        self.keys_tab: LazyTab | None = None
        if service is not None:  # 密钥与备案 (issue #14), built when shown
            self.keys_tab = LazyTab(lambda s=service, p=self.page: _keys_page(s, p))
            self.tabs.addTab(self.keys_tab, S.TAB_KEYS)
        self.setCentralWidget(self.tabs)
        self.saved_label = QLabel(S.NOT_SAVED_YET)
        # 2 s after the last saved edit the WAL is written into the database file (#15 10)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_CHECKPOINT_MS)
        if service is not None:
            self._idle.timeout.connect(service.checkpoint)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_actions()
        self._build_menus()
        self._update_title()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 860)
        if self.page is not None:
            self.page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.page.saved.connect(lambda at: self.saved_label.setText(S.SAVED_AT.format(time=at)))
            self.page.saved.connect(lambda _at: self._idle.start())
            self.page.current_changed.connect(self._current_changed)
            self.page.refreshed.connect(self._counts)
            self.page.start()
            for warning in service.warnings if service else ():
                self.statusBar().showMessage(warning, 15000)
        self.city_mode = None
        if self.page is not None and self.page.profile.mode == "city":
            from siwu_desktop.ui.city_mode import CityMode  # issue #8: board, charts, import

            self.city_mode = CityMode(self)
        elif self.page is not None:  # a dropped receipt or workbook is imported (#14 item 7)
            self.take_file_drops(self.page.outputs.import_chosen)

    @property
    def catalog_browser(self) -> CatalogBrowser:
        """The 目标与任务 browser, built on first use (it is not on screen at start-up)."""
        browser = self.catalog_tab.content()
        assert type(browser).__name__ == "CatalogBrowser"
        return browser  # type: ignore[return-value]

    # --- actions ------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, icon: str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            keys = key_sequence(shortcut)
            action.setShortcut(keys)
            action.setToolTip(
                f"{text.replace('&', '').rstrip('…')}（{keys.toString(QKeySequence.SequenceFormat.NativeText)}）"
            )
        if icon is not None:
            action.setIcon(icons.icon(icon))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.quit_action = self._action(S.ACTION_QUIT, self.close, K.Quit)
        self.about_action = self._action(S.ACTION_ABOUT, self.show_about)
        self.manual_action = self._action(S.ACTION_MANUAL, self.show_manual, "F1")
        self.page_actions: list[QAction] = []
        page = self.page
        if page is None:
            return
        group = page.undo_group
        self.undo_action = group.createUndoAction(self, S.ACTION_UNDO)
        self.undo_action.setShortcut(K.Undo)
        self.undo_action.setIcon(icons.icon("arrow-back"))
        self.redo_action = group.createRedoAction(self, S.ACTION_REDO)
        self.redo_action.setShortcuts([QKeySequence(K.Redo), key_sequence("Ctrl+Y")])
        self.redo_action.setIcon(icons.icon("arrow-forward"))
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        out = page.outputs
        a = self._action
        self.validate_action = a(S.ACTION_VALIDATE, page.validate, "F9", "dialog-apply")
        self.finalise_action = a(S.ACTION_FINALISE, page.finalise, "Ctrl+L", "dialog-save")
        self.correct_action = a(S.ACTION_CORRECT, page.correct, "Ctrl+Shift+E", "browser-reload")
        self.history_action = a(S.ACTION_HISTORY, self.show_history, "Ctrl+H")
        self.export_action = a(S.ACTION_EXPORT, out.export_current, "Ctrl+E", "drive-fd")
        self.export_all_action = a(S.ACTION_EXPORT_ALL, out.export_all, "Ctrl+Shift+A")
        self.import_action = a(S.ACTION_IMPORT, out.import_dialog, "Ctrl+I", "dir-open")
        self.import_pack_action = a(S.ACTION_IMPORT_PACK, self.import_pack)  # issue #8
        self.print_action = a(S.ACTION_PRINT, out.print_current, K.Print, "detailed-view")
        self.preview_action = a(
            S.ACTION_PREVIEW, out.print_preview, "Ctrl+Shift+P", "contents-view"
        )
        self.pdf_action = a(S.ACTION_PDF, out.save_pdf, "Ctrl+Shift+S", "file")
        self.next_action = a(S.ACTION_NEXT_FINDING, page.findings.next_finding, "F8")
        self.profile_action = a(S.ACTION_PROFILE, self.edit_profile, "Ctrl+,")
        self.preferences_action = a(S.ACTION_PREFERENCES, self.edit_preferences)
        self.new_year_action = a(S.NAV_NEW_YEAR, self.new_year, "Ctrl+N")
        self.new_quarter_action = a(S.NAV_NEW_QUARTER, self.new_quarter, "Ctrl+Shift+N")
        self.add_row_action = a(S.ACTION_ADD_ROW, self._add_row, "Ctrl+Shift+=")
        self.remove_rows_action = a(S.ACTION_REMOVE_ROWS, self._remove_rows, "Ctrl+Shift+-")
        bar = QToolBar(S.ACTION_SHOW_NAVIGATOR)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (
            self.undo_action,
            self.redo_action,
            None,
            self.validate_action,
            self.finalise_action,
            self.correct_action,
            None,
            self.export_action,
            self.print_action,
            self.preview_action,
            self.pdf_action,
        ):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(S.MENU_FILE)
        if self.page is not None:
            for action in (
                self.new_year_action,
                self.new_quarter_action,
                None,
                self.import_action,
                self.import_pack_action,
                self.export_action,
                self.export_all_action,
                None,
                self.print_action,
                self.preview_action,
                self.pdf_action,
                None,
            ):
                file_menu.addSeparator() if action is None else file_menu.addAction(action)
        file_menu.addAction(self.quit_action)
        if self.page is not None:
            edit = menu.addMenu(S.MENU_EDIT)
            for action in (
                self.undo_action,
                self.redo_action,
                None,
                self.add_row_action,
                self.remove_rows_action,
                None,
                self.next_action,
            ):
                edit.addSeparator() if action is None else edit.addAction(action)
            returns = menu.addMenu(S.MENU_RETURN)
            for action in (
                self.validate_action,
                self.finalise_action,
                self.correct_action,
                self.history_action,
            ):
                returns.addAction(action)
            settings = menu.addMenu(S.MENU_SETTINGS)
            settings.addAction(self.profile_action)
            settings.addAction(self.preferences_action)
        help_menu = menu.addMenu(S.MENU_HELP)
        help_menu.addAction(self.manual_action)
        help_menu.addAction(self.about_action)

    def import_pack(self) -> None:
        """文件 → 导入目标包…: the changes first, applied on 确定 (ui.pack_import)."""
        from siwu_desktop.ui.pack_import import PackImporter

        if getattr(self, "pack_importer", None) is None:
            self.pack_importer = PackImporter(self)
        self.pack_importer.choose()

    def show_history(self) -> None:
        """报表 → 版本记录…: the open return's revisions (ui.history_views), both modes."""
        page = self.page
        doc = page.require_document() if page else None
        if page is None or doc is None:
            return
        from siwu_desktop.ui.history_views import show_revisions

        page.last_dialog = show_revisions(page.service, doc.loaded, self)

    def _add_row(self) -> None:
        editor = self.page.current_editor() if self.page else None
        if editor is not None and editor.doc.form.id == "t4":
            editor.add_row()

    def _remove_rows(self) -> None:
        editor = self.page.current_editor() if self.page else None
        if editor is not None and editor.doc.form.id == "t4":
            editor.remove_rows()

    # --- state --------------------------------------------------------------------------------

    def _update_title(self) -> None:
        if self.service is None:
            self.setWindowTitle(S.WINDOW_TITLE)
            return
        profile = self.service.profile()
        title = f"{profile.unit_name or profile.label} — {S.WINDOW_TITLE}"
        if self.page is not None and self.page.current is not None:
            doc = self.page.current
            info = doc.loaded.info
            title = f"{info.year}年 {doc.form.short} — " + title
        self.setWindowTitle(title)

    def _current_changed(self) -> None:
        self._update_title()
        self._counts()
        doc = self.page.current if self.page else None
        if doc is None:
            return
        editable = not doc.read_only
        is_ledger = doc.form.id == "t4"
        self.finalise_action.setEnabled(editable)
        self.correct_action.setEnabled(doc.loaded.locked)
        self.add_row_action.setEnabled(editable and is_ledger)
        self.remove_rows_action.setEnabled(editable and is_ledger)

    def _counts(self) -> None:
        doc = self.page.current if self.page else None
        if doc is None:
            self.counts_label.clear()
            return
        counts = doc.counts()
        self.counts_label.setText(
            S.FINDINGS_SUMMARY.format(
                errors=counts[Severity.ERROR],
                warnings=counts[Severity.WARNING],
                notices=counts[Severity.NOTICE],
            )
        )

    def today(self):  # type: ignore[no-untyped-def]
        import datetime as dt

        return (self.service.today if self.service else None) or dt.date.today()

    def new_year(self) -> None:
        """文件 → 新建年度报表 (Ctrl+N): the new-return dialog on 年度."""
        self._new_return(quarterly=False)

    def new_quarter(self) -> None:
        """文件 → 新建季度报表 (Ctrl+Shift+N): the same dialog on the quarter just ended."""
        self._new_return(quarterly=True)

    def _new_return(self, quarterly: bool) -> None:
        """The year selected in the navigator (the program's year when none is); the clerk
        may change year and period (ui.new_return.NewReturnDialog)."""
        page = self.page
        if page is None:
            return
        from siwu_desktop.ui.new_return import new_return_dialog

        dialog = new_return_dialog(page, self.today(), quarterly, self)
        dialog.accepted.connect(lambda: self._new_return_chosen(*dialog.chosen()))
        dialog.open()
        page.last_dialog = dialog

    def _new_return_chosen(self, year: int, period: str, carry: bool = True) -> None:
        from siwu_desktop.core.terms import ANNUAL, period_text

        page = self.page
        assert page is not None
        if period == ANNUAL:
            what = S.NEW_YEAR_WHAT.format(year=year)
        else:
            what = S.NEW_QUARTER_WHAT.format(period=period_text(year, period))
        self._create(year, what, lambda: page.create_return(year, period, carry))

    def _create(self, year: int, what: str, create) -> None:  # type: ignore[no-untyped-def]
        """Create now, or after the clerk confirms a year that has not begun (if the
        preferences ask for that warning)."""
        from siwu_desktop.ui.new_return import confirm_future

        assert self.page is not None
        if not self.page.prefs.warn_future():
            create()
            return
        box = confirm_future(self, year, self.today(), what, create)
        if box is not None:
            self.page.last_dialog = box

    def edit_preferences(self) -> None:
        if self.page is None:
            return
        from siwu_desktop.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.page.prefs, self)
        dialog.open()
        self.page.last_dialog = dialog

    def edit_profile(self) -> None:
        if self.service is None:
            return
        from siwu_desktop.ui.dialogs import ProfileDialog

        has_returns = bool(self.service.all_returns())
        dialog = ProfileDialog(
            self.catalog, self.service.profile(), locked_unit=has_returns, parent=self
        )
        dialog.accepted.connect(lambda: self._save_profile(dialog.profile()))
        dialog.open()
        if self.page is not None:
            self.page.last_dialog = dialog

    def _save_profile(self, profile: Profile) -> None:
        from siwu_desktop.services.data import StorageError

        assert self.service is not None
        try:
            changes = self.service.save_profile(profile)
        except StorageError as exc:
            self.statusBar().showMessage(str(exc), 10000)
            return
        if self.page is not None:
            self.page.profile = profile
            self.page.apply(changes)
        self._update_title()

    # --- about, closing -----------------------------------------------------------------------

    def about_html(self) -> str:
        import html
        import platform

        import PySide6

        documents = "".join(
            f"<li>{html.escape(d.city)}：{html.escape(d.citation)}"
            f"{'（征求意见稿）' if d.draft else ''}</li>"
            for d in self.catalog.documents
        )
        return S.ABOUT_TEXT.format(
            version=__version__,
            qt=qVersion(),
            pyside=PySide6.__version__,
            python=platform.python_version(),
            documents=documents,
        )

    def show_manual(self) -> None:
        """帮助 → 使用说明 (F1): one manual window, shown again (and activated) when open."""
        from siwu_desktop.ui.help import HelpDialog

        if getattr(self, "manual", None) is None:
            self.manual = HelpDialog(self)
        self.manual.show()
        self.manual.activateWindow()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # built on first use, not at start

        QMessageBox.about(self, S.ABOUT_TITLE, self.about_html())

    def paintEvent(self, event: QPaintEvent) -> None:
        """The first paint tells the page (its reopened return is judged right after): from
        here, not an event filter on the window (called for every event, see below)."""
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            if self.page is not None:
                self.page.window_painted()

    # --- files dropped on the window, in both modes -------------------------------------------
    # Its drag-and-drop handlers, not an event filter: a filter is called from Qt for every
    # event of the window, and the first event of no type of its own reaching Python makes
    # PySide build all the event classes (issue #13).

    def take_file_drops(self, drop: Callable[[list[Path]], Any]) -> None:
        """Files dropped on the window are handed to `drop` as paths (the county: receipts
        taken in, workbooks imported; the city: county returns imported)."""
        self.file_drop = drop
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.file_drop is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        if self.file_drop is not None and paths:
            event.acceptProposedAction()
            self.file_drop(paths)
            return
        super().dropEvent(event)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._idle.stop()  # the database closes after the window: no checkpoint on it then
        store(self.settings, "window/geometry", self.saveGeometry())
        if self.catalog_tab.built:  # else the remembered city stays as it was
            store(self.settings, "catalog/city", self.catalog_browser.city_box.currentText())
        if self.page is not None:
            self.page.stop()
        if self._idle.isActive():  # the pending checkpoint now, not after the data is closed
            self._idle.stop()
            self._idle.timeout.emit()
        self.settings.sync()
        super().closeEvent(event)


def _keys_page(service: ReturnService, page: ReturnsPage | None) -> QWidget:
    from siwu_desktop.ui.keys_page import KeysPage

    keys = KeysPage(service)
    if page is not None:  # a pack import that pins the city key shows here at once
        page.applied.connect(keys.apply)
    return keys


def _catalog_browser(catalog: TargetCatalog, city: str | None) -> CatalogBrowser:
    from siwu_desktop.ui.catalog_view import CatalogBrowser

    return CatalogBrowser(catalog, city)
