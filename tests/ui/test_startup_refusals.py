"""Starting the window on a data directory it cannot use: another instance holds it (a real
second process), or a newer version wrote it. Each is said in a Chinese message box, the
window does not open, and the file is not touched."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.storage import ReturnKey, open_storage
from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.startup import open_data

HOLDER = """
import os, sys
from siwu_desktop.storage import open_storage
with open_storage(sys.argv[1]) as s:
    print(os.getpid(), flush=True)
    sys.stdin.readline()
"""


def _answer_the_box(seen: list[str], shot: Callable[[], object] | None = None) -> None:
    """When the start-up's modal box is up: note its text (and screen), then close it."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen.append(f"{box.windowTitle()}|{box.text()}")
        if shot is not None:
            shot()
        box.accept()

    QTimer.singleShot(0, look)


def _in_use(data_dir: Path, shot: Callable[[], object] | None = None) -> tuple[str, str]:
    create_app()  # as `siwu gui` starts: Qt's Chinese buttons installed
    with open_storage(data_dir):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    pid = holder.stdout.readline().strip()
    seen: list[str] = []
    try:
        _answer_the_box(seen, shot)
        assert open_data(data_dir) is None
    finally:
        holder.stdin.close()
        holder.wait()
        holder.stdout.close()
    (text,) = seen
    return pid, text


def test_a_second_window_is_told_who_holds_the_data(qtbot: QtBot, tmp_path: Path) -> None:
    pid, text = _in_use(tmp_path / "data")
    assert text.startswith("数据正在使用|")
    assert "正被另一个正在运行的本程序使用" in text and f"进程号 {pid}" in text, text
    assert "请先关闭另一个窗口或命令" in text
    # when it was taken, to the minute, as a clock shows it (was 2026-12-02T01:56:47.868+00:00)
    since = text.split("自 ")[1].split(" 起")[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", since), since


def test_a_newer_database_is_refused_in_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞城区", "t1", 2025))
    db = sqlite3.connect(data_dir / "siwu.db")
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('siwu_desktop', 'm0042_from_the_future', 'x')"
    )
    db.commit()
    db.close()
    before = hashlib.sha256((data_dir / "siwu.db").read_bytes()).hexdigest()
    seen: list[str] = []
    _answer_the_box(seen)
    assert open_data(data_dir) is None
    (text,) = seen
    assert "更新版本" in text and "请安装新版本" in text, text
    assert hashlib.sha256((data_dir / "siwu.db").read_bytes()).hexdigest() == before


@pytest.mark.xwindow
def test_the_second_window_message_in_a_real_window(
    qtbot: QtBot, tmp_path: Path, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    _, text = _in_use(tmp_path / "data", lambda: x_screenshot("in-use"))
    assert "正被另一个正在运行的本程序使用" in text
