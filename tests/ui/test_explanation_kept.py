"""The 情况说明 being typed is kept without 保存说明 (#17, the clerk's day).

A clerk typed the reason into the box and went on: to another return, to a cell of the
grid, or closed the window. Only the 保存说明 button kept it; each of those dropped it,
silently, while the status bar said 自动保存：每次修改即时保存."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.storage import Storage
from siwu_desktop.ui.main_window import MainWindow

from .conftest import find_return, open_return, type_into, type_text

REASON = "部分灌区节水改造工程年内未完工"


def _unmet(window: MainWindow):  # type: ignore[no-untyped-def]
    """盂县 2025 表一 (core's sample): 农田灌溉水有效利用系数 0.6167 is below 阳泉's binding
    0.624 — the finding that asks for a 情况说明; the panel shows it and its box."""
    editor = open_return(window, 2025, "t1")
    assert window.page is not None
    panel = window.page.findings
    unmet = next(f for f in editor.doc.findings if f.blocking)
    panel.select(unmet)
    assert panel.editor_box.isVisible() and panel._current == unmet
    return editor, panel, unmet


def _stored(storage: Storage, editor) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return storage.returns.explanations(editor.doc.loaded.info.id)


def _type_reason(panel) -> None:  # type: ignore[no-untyped-def]
    """Typed at the end of what the box holds."""
    panel.explanation.setFocus()
    panel.explanation.moveCursor(QTextCursor.MoveOperation.End)
    type_text(panel.explanation, REASON)


def explanation_kept(window: MainWindow, storage: Storage) -> None:
    editor, panel, unmet = _unmet(window)
    # 1. typed, then a value typed in the grid: the box keeps it, and it is stored
    _type_reason(panel)
    type_into(editor, None, "total_use", "8000")
    assert panel.explanation.toPlainText() == REASON
    assert _stored(storage, editor)[unmet.key] == REASON
    # 2. typed further, then another return chosen in the navigator
    _type_reason(panel)  # appends: the reason twice
    assert panel.explanation.toPlainText() == REASON * 2
    assert window.page is not None
    window.page.navigator.select(find_return(window, 2025, "t2").id)
    assert _stored(storage, editor)[unmet.key] == REASON * 2
    # 3. back, typed again, then another finding chosen in the list
    editor, panel, unmet = _unmet(window)
    assert panel.explanation.toPlainText() == REASON * 2
    panel.explanation.clear()
    _type_reason(panel)
    other = next(f for f in editor.doc.findings if f.key != unmet.key)
    panel.select(other)
    assert panel._current == other  # the list shows the finding chosen, not the saved one
    assert panel.list.currentItem().data(256).key == other.key
    assert _stored(storage, editor)[unmet.key] == REASON
    # 4. typed, then the window closed
    editor, panel, unmet = _unmet(window)
    panel.explanation.clear()
    _type_reason(panel)
    panel.explanation.insertPlainText("。")
    window.close()
    assert _stored(storage, editor)[unmet.key] == REASON + "。"


def test_the_explanation_being_typed_is_kept(
    yangquan_window: MainWindow, yangquan_storage: Storage
) -> None:
    explanation_kept(yangquan_window, yangquan_storage)


@pytest.mark.xwindow
def test_the_explanation_being_typed_is_kept_in_a_real_window(
    qtbot: QtBot,
    yangquan_window: MainWindow,
    yangquan_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    explanation_kept(yangquan_window, yangquan_storage)
