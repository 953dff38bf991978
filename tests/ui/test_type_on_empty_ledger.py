"""Typing on the empty 表四 starts its first row (#17, the clerk's day).

The clerk clicked the blank ledger and typed the first unit's name: nothing happened, and
the name was lost without a word (a paste there already started a row at 单位名称)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Storage
from siwu_desktop.ui.main_window import MainWindow

from .conftest import key, open_return, type_text


def typing_starts_the_first_row(window: MainWindow, storage: Storage) -> None:
    """盂县 2025 表四, no rows: 盂县第一水厂 typed (no cell selected) and Enter give one row
    with that 单位名称, stored; a name committed by the input method (as 搜狗/微软拼音 do)
    on the empty ledger after undo gives the row too."""
    editor = open_return(window, 2025, "t4")
    view = editor.view
    assert editor.model.rowCount() == 0 and not view.currentIndex().isValid()
    view.setFocus()
    type_text(view, "盂县第一水厂")
    key(QApplication.focusWidget() or view, "\r", Qt.Key.Key_Return)
    assert editor.model.rowCount() == 1
    assert editor.doc.text(0, "name") == "盂县第一水厂"
    stored = ReturnService(storage, default_catalog()).load(editor.doc.loaded.info)
    assert [r.cells["name"].text for r in stored.data.rows] == ["盂县第一水厂"]
    editor.doc.undo_stack.undo()  # the name
    editor.doc.undo_stack.undo()  # the row
    assert editor.model.rowCount() == 0
    view.setCurrentIndex(view.model().index(-1, -1))
    view.setFocus()
    ime = QInputMethodEvent()
    ime.setCommitString("盂县热电厂")
    QApplication.sendEvent(view, ime)
    key(QApplication.focusWidget() or view, "\r", Qt.Key.Key_Return)
    assert editor.model.rowCount() == 1
    assert editor.doc.text(0, "name") == "盂县热电厂"


def test_typing_on_the_empty_ledger_starts_its_first_row(
    yangquan_window: MainWindow, yangquan_storage: Storage
) -> None:
    typing_starts_the_first_row(yangquan_window, yangquan_storage)


@pytest.mark.xwindow
def test_typing_on_the_empty_ledger_in_a_real_window(
    yangquan_window: MainWindow,
    yangquan_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    typing_starts_the_first_row(yangquan_window, yangquan_storage)
    x_screenshot("first-row")
