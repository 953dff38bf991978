"""Calls from Qt into Python the start makes for every cell or shortcut (#13): flags()
does no enum arithmetic, and the window's shortcuts ask the Python translator nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from siwu_desktop.ui import qt_zh
from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.main_window import MainWindow, key_sequence


class Calls:
    """Python calls made into functions of files whose path ends with `suffix`."""

    def __init__(self, suffix: str, name: str | None = None) -> None:
        self.suffix, self.name, self.count = suffix, name, 0

    def __call__(self, frame: FrameType, event: str, arg: object) -> None:
        code = frame.f_code
        wanted = self.name is None or code.co_name == self.name
        if event == "call" and wanted and code.co_filename.endswith(self.suffix):
            self.count += 1

    def __enter__(self) -> Calls:
        sys.setprofile(self)
        return self

    def __exit__(self, *_: object) -> None:
        sys.setprofile(None)


def test_the_window_shortcuts_ask_the_python_translator_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    app = create_app()
    qt_zh.install(app)
    catalog = default_catalog()
    storage = open_storage(tmp_path, daily_backup=False)
    build_demo(storage, catalog)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    try:
        with Calls("ui/qt_zh.py", "translate") as calls:
            window = MainWindow(catalog, settings, service=ReturnService(storage, catalog))
        qtbot.addWidget(window)
        assert calls.count < 100  # was 205 (now 47): five for each shortcut read as native text
        assert window.finalise_action.shortcut() == QKeySequence("Ctrl+L")
        assert window.correct_action.shortcut() == QKeySequence("Ctrl+Shift+E")
        assert window.finalise_action.toolTip().endswith("（Ctrl+L）")
        assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()
        window.close()
    finally:
        storage.close()


def test_key_sequence_reads_the_shortcuts_as_qt_does() -> None:
    create_app()
    for keys in ("F9", "Ctrl+L", "Ctrl+Shift+E", "Ctrl+,", "Ctrl+Shift+=", "Ctrl+Shift+-"):
        assert key_sequence(keys) == QKeySequence(keys)
    assert key_sequence(QKeySequence.StandardKey.Quit) == QKeySequence(
        QKeySequence.StandardKey.Quit
    )


def test_flags_does_no_enum_arithmetic(qtbot: QtBot, tmp_path: Path) -> None:
    create_app()
    catalog = default_catalog()
    storage = open_storage(tmp_path, daily_backup=False)
    build_demo(storage, catalog)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    try:
        window = MainWindow(catalog, settings, service=ReturnService(storage, catalog))
        qtbot.addWidget(window)
        model = window.page.current_editor().model
        indexes = [
            model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
        ]
        with Calls("/enum.py") as calls:
            flags = [model.flags(i) for i in indexes]
        assert calls.count == 0  # was 3 or more for each cell Qt paints
        editable = Qt.ItemFlag.ItemIsEditable
        assert any(f & editable for f in flags) and not all(f & editable for f in flags)
        assert all(
            f & Qt.ItemFlag.ItemIsEnabled and f & Qt.ItemFlag.ItemIsSelectable for f in flags
        )
        window.close()
    finally:
        storage.close()
