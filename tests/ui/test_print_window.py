"""Print preview and the print dialog in a real X window (xcb under Xvfb)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.main_window import MainWindow

from .conftest import open_return


@pytest.mark.xwindow
def test_print_preview_shows_the_pages_and_the_program_lives_on(
    window: MainWindow, qtbot: QtBot, x_screenshot: Callable[[str], Path | None]
) -> None:
    """Before #17 this segfaulted in a real window: the QPrinter handed to the dialog was
    freed with its Python wrapper when the handler returned."""
    assert QApplication.platformName() == "xcb"
    open_return(window, 2024, "t1")
    assert window.page is not None
    window.preview_action.trigger()
    dialog = window.page.last_dialog
    assert isinstance(dialog, QPrintPreviewDialog)
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    # the demo's 2024 表一: 19 rows fit on page 1 (with the head and QR code), the rest and
    # the signature block on page 2
    qtbot.waitUntil(lambda: preview.pageCount() == 2)
    dialog.resize(1000, 900)  # the preview re-lays out its pages: the crash of #17 was here
    qtbot.wait(200)
    x_screenshot("preview")
    dialog.close()
    qtbot.wait(100)
    assert window.isVisible() and window.page is not None
    assert window.page.current_editor() is not None
