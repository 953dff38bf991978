"""Column widths in a real X window (xcb, tests/xwindow.py): the clerk's drag on a column
edge of the 表一 reopened at start is kept, as in tests/ui/test_column_widths.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.main_window import MainWindow

from .test_column_widths import drag_on_the_reopened_t1

pytestmark = pytest.mark.xwindow


def test_a_dragged_edge_is_kept_in_a_real_window(
    qtbot: QtBot, window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    drag_on_the_reopened_t1(qtbot, window)
    x_screenshot("dragged")
