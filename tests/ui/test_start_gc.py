"""`siwu` starts the window with Python's cyclic garbage collector off and turns it back on
once the reopened return is judged on screen (issue #13 item 7: a start builds objects that
live as long as the window, and the collector walked them about 50 times on the way)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage
from siwu_desktop.ui.app import collect_garbage_after_start
from siwu_desktop.ui.main_window import MainWindow
from tests.window_stub import siwu_up_to_the_window


@pytest.fixture
def collector_off() -> Iterator[None]:
    """As `siwu` leaves it when the window is built; on again after the test, whatever."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def window_on(qtbot: QtBot, storage, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    catalog = default_catalog()
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalog, settings, service=ReturnService(storage, catalog))
    qtbot.addWidget(window)
    return window


def test_the_collector_is_back_on_once_the_reopened_return_is_judged(
    qtbot: QtBot, tmp_path: Path, collector_off: None
) -> None:
    with open_storage(tmp_path, daily_backup=False) as storage:
        build_demo(storage, default_catalog())
        window = window_on(qtbot, storage, tmp_path)
        doc = window.page.current
        assert doc is not None and doc.pending  # the demo's 表一, judged after the first paint
        pending_when_enabled: list[bool] = []
        collect_garbage_after_start(window)
        window.page.started.connect(lambda: pending_when_enabled.append(doc.pending))
        assert not gc.isenabled()
        window.show()
        qtbot.waitUntil(gc.isenabled)
        assert pending_when_enabled == [False]  # judged by then, and only once
        window.close()


def test_a_page_with_no_return_turns_the_collector_back_on(
    qtbot: QtBot, tmp_path: Path, collector_off: None
) -> None:
    """A city that has imported nothing yet: nothing to judge, the start is over at once."""
    catalog = default_catalog()
    counties = tuple((c.name, c.code) for c in catalog.counties_for("长治市"))
    with open_storage(tmp_path, daily_backup=False) as storage:
        storage.profile.save(Profile(mode="city", city="长治市", counties=counties))
        window = window_on(qtbot, storage, tmp_path)
        assert window.page.current is None
        collect_garbage_after_start(window)
        window.show()
        qtbot.waitUntil(gc.isenabled)
        window.close()


def test_a_window_without_returns_page_turns_it_back_on_at_once(
    qtbot: QtBot, tmp_path: Path, collector_off: None
) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(default_catalog(), settings)  # the catalog only, no data
    qtbot.addWidget(window)
    assert window.page is None
    collect_garbage_after_start(window)
    assert gc.isenabled()


def test_siwu_builds_the_window_with_the_collector_off_and_leaves_it_on() -> None:
    """The window's module is replaced here by one that tells whether the collector was on
    when `siwu` came to build the window; `main` has turned it back on when it returns,
    whatever the window did."""
    assert siwu_up_to_the_window(
        "print('building the window, collector on:', gc.isenabled())\n",
        after="print('after main, collector on:', gc.isenabled())",
    ) == ["building the window, collector on: False", "after main, collector on: True"]
