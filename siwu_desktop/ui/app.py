"""QApplication wiring: font, settings, the main window."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication

from siwu_desktop.core.catalog import CatalogError, default_catalog
from siwu_desktop.ui import qt_zh
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.fonts import ui_font

if TYPE_CHECKING:
    from siwu_desktop.ui.main_window import MainWindow

# The one switch for benchmarks (benchmarks/run_all.py): set to the launcher's time.time(),
# the window reports when it is shown and quits (ui/bench_hook.py). Read here only.
BENCH_ENV = "SIWU_BENCH_SHOWN"


def create_app(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with a named CJK font and Qt's own dialogs in Chinese."""
    existing = QApplication.instance()
    if existing is None:
        qt_zh.prepare_environment()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv if argv is not None else sys.argv[:1])
    )
    if app.property("siwu_configured"):
        return app
    app.setProperty("siwu_configured", True)
    app.setApplicationName("siwu_desktop")
    app.setApplicationDisplayName(S.APP_NAME)
    app.setOrganizationName("siwu")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_zh.install(app)
    app.setFont(ui_font())
    close_splash()
    return app


def close_splash() -> None:
    """The one-file build shows PyInstaller's splash while it unpacks itself (build.spec);
    it goes once Qt is ready, before the first window or dialog."""
    if "_PYI_SPLASH_IPC" in os.environ:  # set by PyInstaller's bootloader while it shows
        import pyi_splash  # type: ignore[import-not-found]  # exists only in that build

        pyi_splash.close()


def collect_garbage_after_start(window: MainWindow) -> None:
    """`siwu` starts with Python's cyclic garbage collector off (cli.window.cmd_gui): it
    comes back on once the window's first return is judged on screen (ReturnsPage.started),
    or at once for a window without returns."""
    if window.page is None:
        gc.enable()
    else:
        window.page.started.connect(gc.enable)


def settings_for(data_dir: str | None) -> QSettings:
    """Window state lives beside the data when a data directory is given, else per user."""
    if data_dir:
        path = Path(data_dir) / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings()


def run_gui(data_dir: str | None = None) -> int:
    """`siwu` / `siwu gui`: open the data (first run, restore, demo), then the window."""
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.ui.main_window import MainWindow
    from siwu_desktop.ui.startup import ensure_profile, open_data

    app = create_app()
    try:
        catalog = default_catalog()
    except CatalogError as exc:
        from PySide6.QtWidgets import QMessageBox  # error paths only: not built on a start

        QMessageBox.critical(None, S.CATALOG_ERROR_TITLE, str(exc))
        return 1
    storage = open_data(data_dir)
    if storage is None:
        return 0
    storage = ensure_profile(storage, catalog)
    if storage is None:
        return 0
    try:
        window = MainWindow(
            catalog,
            settings_for(str(storage.paths.root)),
            service=ReturnService(storage, catalog),
        )
        collect_garbage_after_start(window)
        window.show()
        launched = os.environ.get(BENCH_ENV)
        if launched is not None:
            from siwu_desktop.ui.bench_hook import watch

            watch(window, launched)
        return app.exec()
    finally:
        storage.close()
