"""The 密钥与备案 page's dialogs in a real X window (xcb, tests/xwindow.py; issue #14): the
buttons are clicked, Qt's own file dialog is given a name and the question boxes are
answered, and the outcome is checked: the key file and the 密钥备案表 PDF written, a county's
key registered after its fingerprint was shown, a second key only after the replacement
was asked for and confirmed. tests/ui/test_keys_page.py has the same paths offscreen."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from siwu_desktop.services import keys
from siwu_desktop.storage import Profile, open_storage
from siwu_desktop.ui.keys_page import CONFIRM_TITLE, REPLACE_TITLE, KeysPage
from siwu_desktop.ui.main_window import MainWindow

from .conftest import make_window
from .test_keys_page import _city

pytestmark = pytest.mark.xwindow

Step = Callable[[QWidget], None]


def answer_dialogs(*steps: tuple[type[QWidget], Step]) -> list[QWidget]:
    """Meet the coming modal dialogs in turn: each of the given kind is handed to its step
    (which closes it); returns the dialogs met, to check that each came."""
    met: list[QWidget] = []
    pending = list(steps)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        fresh = all(dialog is not d for d in met)
        if pending and fresh and isinstance(dialog, pending[0][0]) and dialog.isVisible():
            met.append(dialog)
            pending.pop(0)[1](dialog)
        if pending:
            QTimer.singleShot(30, poll)

    QTimer.singleShot(30, poll)
    return met


def save_as(path: Path) -> tuple[type[QWidget], Step]:
    """Type the path into Qt's file dialog and press Enter, as a clerk would."""

    def step(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        edit.setFocus()
        edit.setText(str(path))
        QTest.keyClick(edit, Qt.Key.Key_Return)

    return QFileDialog, step


def reply(
    button: QMessageBox.StandardButton, seen: list[str], shot: Callable[[], object] = lambda: None
) -> tuple[type[QWidget], Step]:
    """Note the question box's title and text (and take `shot` of it), then press `button`."""

    def step(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(f"{dialog.windowTitle()}|{dialog.text()}")
        shot()
        dialog.button(button).click()

    return QMessageBox, step


def _keys_page(win: MainWindow) -> KeysPage:
    tab = win.keys_tab
    assert tab is not None
    win.tabs.setCurrentWidget(tab)
    page = tab.content()
    assert isinstance(page, KeysPage)
    return page


def test_county_exports_its_key_and_prints_the_sheet_through_the_dialogs(
    qtbot: QtBot, tmp_path: Path, window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    page = _keys_page(window)
    key_file, sheet = tmp_path / "导出" / "本县.siwukey", tmp_path / "导出" / "备案表.pdf"
    key_file.parent.mkdir()
    met = answer_dialogs(save_as(key_file))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert len(met) == 1 and key_file.is_file()
    assert keys.read_key_file(key_file).fingerprint == page.view.fingerprint
    assert str(key_file) in page.message.text()

    met = answer_dialogs(save_as(sheet))
    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)
    assert len(met) == 1 and sheet.is_file()
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True).stdout
    assert page.view.fingerprint in text
    x_screenshot("county-keys")


def test_city_registers_a_county_key_and_is_asked_before_replacing_it(
    qtbot: QtBot, tmp_path: Path, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    files = {}
    for name in ("first", "second"):  # two installations of 潞城区, so two different keys
        with open_storage(tmp_path / name, daily_backup=False) as county:
            county.profile.save(Profile(mode="county", city="长治市", county="潞城区",
                                        counties=(("潞城区", "140406"),)))  # fmt: skip
            files[name] = keys.export_public_key(county, tmp_path / f"{name}.siwukey")
    first, second = (keys.read_key_file(files[n]).fingerprint for n in ("first", "second"))
    assert first != second
    with _city(tmp_path) as storage:
        win = make_window(qtbot, tmp_path, storage)
        page = _keys_page(win)
        seen: list[str] = []
        # declined at the fingerprint: nothing registered
        met = answer_dialogs(save_as(files["first"]), reply(QMessageBox.StandardButton.No, seen))
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert len(met) == 2 and storage.keys.all_trusted() == []
        assert seen[0].startswith(CONFIRM_TITLE) and first in seen[0]
        # confirmed: registered, one row with its fingerprint
        met = answer_dialogs(save_as(files["first"]), reply(QMessageBox.StandardButton.Yes, seen))
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert len(met) == 2 and page.table.rowCount() == 1
        assert page.table.item(0, 3).text() == first
        # a second key for 潞城区: the fingerprint confirmed, the replacement asked and declined
        met = answer_dialogs(
            save_as(files["second"]),
            reply(QMessageBox.StandardButton.Yes, seen),
            reply(QMessageBox.StandardButton.No, seen, lambda: x_screenshot("replace-question")),
        )
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert len(met) == 3 and seen[-1].startswith(REPLACE_TITLE)
        # in the window's words: both fingerprints and a yes/no question, no CLI option
        assert first in seen[-1] and second in seen[-1] and "是否更换为新公钥" in seen[-1]
        assert "--replace" not in seen[-1]
        assert page.table.rowCount() == 1 and page.message.text().endswith(
            "未更换，仍以已备案的公钥为准。"
        )
        # asked again and confirmed: the new key active, the old one marked replaced
        met = answer_dialogs(
            save_as(files["second"]),
            reply(QMessageBox.StandardButton.Yes, seen),
            reply(QMessageBox.StandardButton.Yes, seen),
        )
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert len(met) == 3 and page.table.rowCount() == 2
        active = [
            page.table.item(r, 3).text() for r in range(2) if page.table.item(r, 5).text() == "有效"
        ]
        assert active == [second]
        x_screenshot("city-keys")
        win.close()
