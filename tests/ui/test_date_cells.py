"""表三's 完成日期 takes a date as the clerk types it (#17, the clerk's day).

The cell's editor was a QDateEdit that opened on today's date: the keys of 2026-09-30 went
into its sections one by one, and 2026-12-09 was stored, silently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QLineEdit

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Storage
from siwu_desktop.ui.main_window import MainWindow

from .conftest import key, open_return, type_into, type_text


def stored_date(storage: Storage, editor, row: int) -> str:  # type: ignore[no-untyped-def]
    """The cell as a fresh load from the data directory has it."""
    loaded = ReturnService(storage, default_catalog()).load(editor.doc.loaded.info)
    return loaded.data.rows[row].cells["done_date"].text


def typed_dates_are_kept_as_typed(window: MainWindow, storage: Storage) -> None:
    """盂县 2025 表三, task 1: 2026-09-30 typed on the selected cell is stored as 2026-09-30;
    2026年9月30日 and 2026/9/30 are read as the same day (core.returns reads all three);
    a date that does not exist (2026-02-30) is kept as typed and named, never replaced."""
    editor = open_return(window, 2025, "t3")
    type_into(editor, 0, "done_date", "2026-09-30")
    assert editor.doc.text(0, "done_date") == "2026-09-30"
    assert stored_date(storage, editor, 0) == "2026-09-30"
    for text in ("2026年9月30日", "2026/9/30"):
        type_into(editor, 1, "done_date", text)
        assert editor.doc.text(1, "done_date") == text
        assert editor.doc.loaded.data.rows[1].cells["done_date"].date is not None
    type_into(editor, 2, "done_date", "2026-02-30")
    assert editor.doc.text(2, "done_date") == "2026-02-30"
    assert editor.doc.loaded.data.rows[2].cells["done_date"].refusal


def the_editor_is_a_line_with_a_calendar(
    window: MainWindow, popup: bool, shot: Callable[[str], object] = lambda _name: None
) -> None:
    """The cell opens a line edit with the form of a date as its hint; with `popup` (a real
    window: the offscreen platform cannot grab for a popup) its calendar puts the clicked
    day in the cell's form, and Enter stores it."""
    editor = open_return(window, 2025, "t3")
    view = editor.view
    view.setCurrentIndex(view.from_source(editor.model.index_of(3, "done_date")))
    view.setFocus()
    type_text(view, "2")
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and line.text() == "2"
    assert "2026-09-30" in line.placeholderText()
    if not popup:
        key(view, "\x1b", Qt.Key.Key_Escape)
        return
    delegate = view.itemDelegateForColumn(view.currentIndex().column())
    calendar = delegate.pick_date(line)  # type: ignore[attr-defined]
    assert isinstance(calendar, QCalendarWidget) and calendar.isVisible()
    day = QDate(2026, 10, 8)
    calendar.setSelectedDate(day)
    shot("calendar")
    calendar.clicked.emit(day)
    assert not calendar.isVisible() and line.text() == "2026-10-08"
    key(line, "\r", Qt.Key.Key_Return)
    assert editor.doc.text(3, "done_date") == "2026-10-08"


def test_typed_dates_are_kept_as_typed(
    yangquan_window: MainWindow, yangquan_storage: Storage
) -> None:
    typed_dates_are_kept_as_typed(yangquan_window, yangquan_storage)


def test_the_date_editor_is_a_line(yangquan_window: MainWindow) -> None:
    the_editor_is_a_line_with_a_calendar(yangquan_window, popup=False)


@pytest.mark.xwindow
def test_typed_dates_in_a_real_window(
    yangquan_window: MainWindow,
    yangquan_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    typed_dates_are_kept_as_typed(yangquan_window, yangquan_storage)
    the_editor_is_a_line_with_a_calendar(yangquan_window, popup=True, shot=x_screenshot)
