"""A header row copied along with the data (issue #17 item 16) is skipped on paste and the
status bar says so; it is not pasted as a planned water user named 单位名称, nor told to
use Arabic digits. The same body runs in a real X window (test_paste_headers_xwindow.py)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.main_window import MainWindow

from .conftest import open_return
from .test_grid import CTRL, LEDGER, K, press

HEADER = [
    "单位名称",
    "统一社会信用代码",
    "行业",
    "水源",
    "年计划用水量",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "全年",
]


def paste_with_a_header_row(qtbot: QtBot, win: MainWindow) -> None:
    """Header + 2 users × 10 columns: the 2 users land (20 cells), the header is skipped."""
    editor = open_return(win, 2025, "t4")
    view, doc = editor.view, editor.doc
    block = [HEADER, LEDGER[0], LEDGER[1]]
    QGuiApplication.clipboard().setText("\r\n".join("\t".join(r) for r in block) + "\r\n")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(60, 40))
    press(win, K.Key_V, CTRL)
    assert [r.cells["name"].text for r in doc.data.rows] == ["盂县第一化工厂", "盂县宾馆"]
    assert win.statusBar().currentMessage() == (
        "已粘贴 2 行 20 个单元格。已跳过 1 行表头（单位名称、统一社会信用代码、行业、水源、"
        "年计划用水量、第一季度、第二季度、第三季度、第四季度、全年），表头不是数据。"
    )


def test_a_pasted_header_row_is_skipped(qtbot: QtBot, yangquan_window: MainWindow) -> None:
    paste_with_a_header_row(qtbot, yangquan_window)


def test_closing_the_window_runs_the_pending_checkpoint_at_once(
    qtbot: QtBot, yangquan_window: MainWindow
) -> None:
    """An edit schedules a checkpoint 2 s later; closing the window runs it then and there,
    so it cannot fire after the data directory is closed (it did, into the next test)."""
    paste_with_a_header_row(qtbot, yangquan_window)
    idle = yangquan_window._idle
    assert idle.isActive()
    yangquan_window.close()
    assert not idle.isActive()
