"""Typing while the data directory's disk is full: the refused value is named in a warning
that stays open, so what was typed is not lost when the cell shows the stored value again.

A real full disk: the data directory on a small tmpfs filled to the last byte. Small edits
still fit in the WAL's free pages (they are saved, correctly), so the refused edit is one long
pasted text that cannot. Checked to fail without the fix in services/editing.py and
ui/returns_page.py: the only trace was the status bar's "保存失败：磁盘空间不足…请清理磁盘空间后再
重新输入这一项" (now 后重试) for eight seconds; no dialog, and the typed text was nowhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.demo import build_demo
from siwu_desktop.storage import open_storage
from siwu_desktop.ui.entry_models import EditCellsCommand
from siwu_desktop.ui.main_window import MainWindow
from tests.disks import fill, mounted_tmpfs, needs_root

from .conftest import make_window, open_return

pytestmark = needs_root

PASTED = "8134 " + "说明" * 600_000  # 1.2 million characters: more than the WAL has room for


@pytest.fixture
def full(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, Path]]:
    with mounted_tmpfs("8m") as mount:
        storage = open_storage(mount / "data")
        build_demo(storage, default_catalog())
        win = make_window(qtbot, tmp_path, storage)
        try:
            yield win, fill(mount)
        finally:
            win.close()
            storage.close()


def _type(win: MainWindow, text: str) -> None:
    doc = open_return(win, 2025, "t1").doc
    changes = doc.changes([((None, "total_use"), text)])
    doc.undo_stack.push(EditCellsCommand(doc, changes, "本年填报"))


def _warning(win: MainWindow) -> str:
    assert win.page is not None
    box = win.page.last_dialog
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Warning
    assert box.isVisible()
    return box.text()


def test_the_refused_text_is_named_in_a_warning(full: tuple[MainWindow, Path]) -> None:
    win, filler = full
    before = open_return(win, 2025, "t1").doc.loaded.data.values["total_use"].text
    _type(win, PASTED)
    text = _warning(win)
    assert "磁盘空间不足" in text and "没有保存" in text, text
    # 用水总量 and the first 40 characters of what was pasted ("8134 " is 5, then 35 of
    # 说明说明…: 17 pairs and one 说), then "…"
    assert "用水总量“8134 " + "说明" * 17 + "说…”" in text, text
    assert len(text) < 400  # not the 1.2 million characters
    doc = open_return(win, 2025, "t1").doc
    assert doc.loaded.data.values["total_use"].text == before  # the database is the truth
    win.page.last_dialog.close()  # type: ignore[union-attr]
    filler.unlink()
    _type(win, "8134")  # with room again, the same typing is saved
    assert open_return(win, 2025, "t1").doc.loaded.data.values["total_use"].text == "8134"


@pytest.mark.xwindow
def test_the_warning_in_a_real_window(
    full: tuple[MainWindow, Path], qtbot: QtBot, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    win, _ = full
    _type(win, PASTED)
    _warning(win)
    assert win.page is not None
    qtbot.waitExposed(win.page.last_dialog)
    x_screenshot("unsaved")
    win.page.last_dialog.close()  # type: ignore[union-attr]
