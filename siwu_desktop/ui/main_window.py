"""The main window: today the target browser; the returns, findings and city board join it."""

from __future__ import annotations

import html
import platform

import PySide6
from PySide6.QtCore import QSettings, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from siwu_desktop import __version__
from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.catalog_view import CatalogBrowser


class MainWindow(QMainWindow):
    def __init__(
        self, catalog: TargetCatalog, settings: QSettings, city: str | None = None
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.setWindowTitle(S.WINDOW_TITLE)
        self.setMinimumSize(900, 600)
        self.tabs = QTabWidget()
        city = city or str(settings.value("catalog/city", "")) or None
        if city not in catalog.cities:
            city = None
        self.catalog_browser = CatalogBrowser(catalog, city)
        self.tabs.addTab(self.catalog_browser, S.TAB_TARGETS)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(S.MENU_FILE)
        quit_action = QAction(S.ACTION_QUIT, self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(S.MENU_HELP)
        about = QAction(S.ACTION_ABOUT, self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def about_html(self) -> str:
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

    def show_about(self) -> None:
        QMessageBox.about(self, S.ABOUT_TITLE, self.about_html())

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("catalog/city", self.catalog_browser.city_box.currentText())
        super().closeEvent(event)
