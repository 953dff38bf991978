"""更正 in the window keeps the clerk's place (#17 item 13 follow-up): after the correction
opens 第2版, the current cell is the one the clerk was on (form, row, column), as after any
edit, not 序号 of row 1. Demo county 潞城区, 2024 表四 (finalised 第1版)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.storage import Storage
from siwu_desktop.ui.dialogs import CorrectDialog
from siwu_desktop.ui.main_window import MainWindow

from .conftest import make_window, open_return


def correct_on_a_cell(window: MainWindow, qtbot: QtBot, shot: Callable[[str], object]) -> None:
    editor = open_return(window, 2024, "t4")
    view = editor.view
    assert editor.doc.read_only and view.model().rowCount() >= 3
    place = view.model().index(2, 5)  # the third unit's 年计划用水量, not 序号 (column 0)
    view.setCurrentIndex(place)
    view.setFocus()
    window.correct_action.trigger()
    dialog = window.page.last_dialog  # type: ignore[union-attr]
    assert isinstance(dialog, CorrectDialog)
    qtbot.waitExposed(dialog)
    dialog.reason.setPlainText("核对取水许可台账")
    dialog.accept()
    assert editor.doc.loaded.revision == 2 and not editor.doc.read_only
    assert window.page.current_editor() is editor  # type: ignore[union-attr]
    current = view.currentIndex()
    assert (current.row(), current.column()) == (2, 5)
    shot("correction-keeps-cell")


def test_a_correction_keeps_the_current_cell(window: MainWindow, qtbot: QtBot) -> None:
    correct_on_a_cell(window, qtbot, lambda _name: None)


@pytest.mark.xwindow
def test_a_correction_keeps_the_current_cell_in_a_real_window(
    qtbot: QtBot,
    tmp_path: Path,
    demo_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    window = make_window(qtbot, tmp_path, demo_storage)
    window.show()
    qtbot.waitExposed(window)
    correct_on_a_cell(window, qtbot, x_screenshot)
    window.close()
