"""A demo county in a real data directory, the real window over it, and keyboard helpers.

`type_text` sends one QKeyEvent per character with its text: qtbot.keyClicks would
abort the process on Chinese or full-width characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import ReturnInfo, Storage, open_storage
from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.return_editor import ReturnEditor
from tests.profiles import YU_COUNTY

TODAY = dt.date(2026, 1, 20)


@pytest.fixture
def demo_storage(tmp_path: Path) -> Iterator[Storage]:
    storage = open_storage(tmp_path / "data")
    build_demo(storage, default_catalog())
    yield storage
    storage.close()


YANGQUAN = YU_COUNTY


@pytest.fixture
def yangquan_storage(tmp_path: Path) -> Iterator[Storage]:
    """阳泉市盂县 2025 表一 filled with core's sample: it misses a 约束性 target (灌溉系数)."""
    storage = open_storage(tmp_path / "yq")
    storage.profile.save(YANGQUAN)
    service = ReturnService(storage, default_catalog(), today=TODAY)
    for form_id in ("t1", "t2", "t3", "t4"):
        service.open("盂县", form_id, 2025)
    loaded = service.load(service.open("盂县", "t1", 2025))
    sample = sample_return(loaded.form, "盂县", 2025)
    service.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
    yield storage
    storage.close()


def make_window(qtbot: QtBot, settings_dir: Path, storage: Storage) -> MainWindow:
    create_app()
    settings = QSettings(str(settings_dir / "window.ini"), QSettings.Format.IniFormat)
    service = ReturnService(storage, default_catalog(), today=TODAY)
    win = MainWindow(default_catalog(), settings, service=service)
    qtbot.addWidget(win)
    win.resize(1500, 900)
    win.show()
    qtbot.waitExposed(win)
    # the reopened return is judged right after the first paint (issue #6)
    qtbot.waitUntil(lambda: win.page is None or win.page._deferred is None)
    win.activateWindow()
    return win


@pytest.fixture
def yangquan_window(
    qtbot: QtBot, tmp_path: Path, yangquan_storage: Storage
) -> Iterator[MainWindow]:
    win = make_window(qtbot, tmp_path, yangquan_storage)
    yield win
    win.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_storage: Storage) -> Iterator[MainWindow]:
    win = make_window(qtbot, tmp_path, demo_storage)
    yield win
    win.close()


def find_return(win: MainWindow, year: int, form: str, period: str = "Y") -> ReturnInfo:
    assert win.page is not None
    for item in win.page.navigator.items():
        info: ReturnInfo = item.data(0, Qt.ItemDataRole.UserRole)
        if (info.year, info.form, info.period) == (year, form, period):
            return info
    raise AssertionError(f"no return {year} {form} {period}")


def open_return(win: MainWindow, year: int, form: str, period: str = "Y") -> ReturnEditor:
    assert win.page is not None
    info = find_return(win, year, form, period)
    win.page.navigator.select(info.id)
    editor = win.page.current_editor()
    assert editor is not None and editor.doc.loaded.info.id == info.id
    return editor


def key(widget: QWidget, text: str = "", code: int = 0) -> None:
    target = QApplication.focusWidget() or widget
    event = QKeyEvent(QEvent.Type.KeyPress, code, Qt.KeyboardModifier.NoModifier, text)
    QApplication.sendEvent(target, event)
    QApplication.sendEvent(
        target, QKeyEvent(QEvent.Type.KeyRelease, code, Qt.KeyboardModifier.NoModifier, text)
    )


def type_text(widget: QWidget, text: str) -> None:
    for ch in text:
        key(widget, ch)


def type_into(editor: ReturnEditor, row: int | None, field_id: str, text: str) -> None:
    """Select the cell, type the text character by character, press Enter."""
    view = editor.view
    view.setCurrentIndex(view.from_source(editor.model.index_of(row, field_id)))
    view.setFocus()
    type_text(view, text)
    key(view, "\r", Qt.Key.Key_Return)
