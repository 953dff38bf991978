"""Paste, Tab and a new quarterly return in a real X window (xcb, tests/xwindow.py): the
bodies of tests/ui/test_grid.py, keys through the window as the platform delivers them.
Run with QT_SCALE_FACTOR=1.5 in the environment to see the window at 150 %."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.entry_models import IndicatorModel
from siwu_desktop.ui.main_window import MainWindow

from .conftest import open_return
from .test_grid import (
    new_quarter_for_the_selected_year,
    paste_into_an_empty_ledger,
    tab_between_cells_to_fill,
)

pytestmark = pytest.mark.xwindow


def test_paste_into_an_empty_ledger_in_a_real_window(
    qtbot: QtBot, yangquan_window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    paste_into_an_empty_ledger(qtbot, yangquan_window)
    x_screenshot("pasted")


def test_tab_in_a_real_window(
    yangquan_window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    tab_between_cells_to_fill(yangquan_window)
    x_screenshot("after-tab")


def test_new_quarter_in_a_real_window(
    qtbot: QtBot, window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    new_quarter_for_the_selected_year(window, x_screenshot)
    x_screenshot("created")


def test_t1_fills_the_screen_in_a_real_window(
    yangquan_window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    """表一 with 用水总量 typed as １２３４．５ in a window the size of the screen (run with
    QT_SCALE_FACTOR=1.5 for a 150 % desktop: the screen is then 1067 × 667 logical)."""
    from .conftest import type_into
    from .test_column_widths import FIGURE, ICON, MARGINS

    win = yangquan_window
    screen = win.screen().availableGeometry()
    win.setGeometry(screen)
    editor = open_return(win, 2025, "t1")
    type_into(editor, None, "total_use", FIGURE)
    view = editor.view
    width = view.horizontalHeader().sectionSize(IndicatorModel.COL_VALUE)
    assert width >= view.fontMetrics().horizontalAdvance(FIGURE) + ICON + MARGINS
    x_screenshot("t1")
