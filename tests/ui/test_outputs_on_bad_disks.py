"""The window's 导出 and 保存为 PDF on a full disk: a Chinese warning that says what to do,
nothing recorded as exported or printed, no file under the chosen name.

Checked to fail without core/files.py and printing/pdf_file.py: the export's warning read
"[Errno 28] No space left on device: '…/.siwu-….xlsx'", and the PDF was reported
"已保存 PDF" and recorded as printed while a 0-byte file stood under its name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.main_window import MainWindow
from tests.disks import fill, mounted_tmpfs, needs_root

from .conftest import open_return

pytestmark = needs_root


@pytest.fixture
def full_disk() -> Iterator[Path]:
    with mounted_tmpfs("2m") as mount:
        fill(mount)
        yield mount


def _warned(window: MainWindow) -> str:
    assert window.page is not None
    box = window.page.last_dialog
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Warning
    text = box.text()
    assert "磁盘空间不足" in text and "请清理磁盘空间" in text, text
    assert "Errno" not in text and "No space" not in text, text
    return text


@pytest.mark.parametrize("what", ["export", "pdf"])
def test_full_disk_is_warned_in_chinese_and_nothing_recorded(
    window: MainWindow, full_disk: Path, what: str
) -> None:
    editor = open_return(window, 2024, "t1")
    page = window.page
    assert page is not None
    rid = editor.doc.loaded.info.id
    before = page.service.storage.outputs.for_return(rid)
    if what == "export":
        assert page.outputs.export_to(full_disk / "t1.xlsx") is None
    else:
        assert page.outputs.save_pdf_to(full_disk / "t1.pdf") is None
    _warned(window)
    assert page.service.storage.outputs.for_return(rid) == before
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


@pytest.mark.xwindow
def test_full_disk_warning_in_a_real_window(
    window: MainWindow,
    full_disk: Path,
    qtbot: QtBot,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    open_return(window, 2024, "t1")
    assert window.page is not None
    window.page.outputs.export_to(full_disk / "t1.xlsx")
    _warned(window)
    box = window.page.last_dialog
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    x_screenshot("full-disk")
    box.close()
