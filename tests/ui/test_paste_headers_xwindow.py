"""tests/ui/test_paste_headers.py in a real X window (xcb, tests/xwindow.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.main_window import MainWindow

from .test_paste_headers import paste_with_a_header_row

pytestmark = pytest.mark.xwindow


def test_a_pasted_header_row_is_skipped_in_a_real_window(
    qtbot: QtBot, yangquan_window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    paste_with_a_header_row(qtbot, yangquan_window)
    x_screenshot("header-skipped")
