"""Print preview and the print dialog in a real X window (xcb under Xvfb)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.main_window import MainWindow
from tests.cups import QUEUE, PrintServer
from tests.printing.conftest import flat, pdf_text, run

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


@pytest.mark.xwindow
def test_the_print_dialog_prints_the_sheet_on_a_real_queue(
    window: MainWindow,
    qtbot: QtBot,
    print_server: PrintServer,
    x_screenshot: Callable[[str], Path | None],
    artifacts_dir: Path,
) -> None:
    """打印 (Ctrl+P) shows Qt's print dialog; its 打印 button sends the sheet to the chosen
    printer: here the private CUPS queue with cups-pdf, whose PDF is read back."""
    assert QApplication.platformName() == "xcb"
    editor = open_return(window, 2024, "t1")
    assert window.page is not None
    mark = print_server.mark()
    window.print_action.trigger()
    dialog = window.page.last_dialog
    assert isinstance(dialog, QPrintDialog)
    qtbot.waitExposed(dialog)
    combo = dialog.findChild(QComboBox)
    assert combo is not None and combo.currentText() == QUEUE
    x_screenshot("dialog")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    pdf = print_server.wait_for_pdf(mark)
    text = flat(pdf_text(pdf))
    # the demo's 2024 表一, finalised: its digest is printed with the signature block
    assert "长治市潞城区水利局" in text and "2024年度" in text
    for label in ("单位负责人", "审核人", "填报人", "单位（盖章）"):
        assert label in text
    assert editor.doc.loaded.info.digest in text
    run("pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts_dir / "cups-print-t1"))
    assert window.page.outputs.last_message == "已送打印：2 页"
    records = window.page.service.storage.outputs.for_return(editor.doc.loaded.info.id)
    assert [(r.kind, r.file) for r in records] == [("print", QUEUE)]
