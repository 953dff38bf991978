"""The window's editing, life-cycle and import paths in a real X window (xcb, tests/xwindow.py):
the same tests as offscreen, rerun on the session's Xvfb, since the offscreen platform
does not show every crash. Each body is the offscreen test's, named here without the
test_ prefix so it is collected once per platform."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.services.data import Storage
from siwu_desktop.ui.main_window import MainWindow

from .test_entry_window import (
    test_a_finalised_return_cannot_be_edited_until_corrected as finalised_until_corrected,
)
from .test_entry_window import test_explain_an_unmet_binding_target_and_finalise as finalise
from .test_entry_window import (
    test_typing_full_width_digits_and_units_shows_the_parsed_value as typing,
)
from .test_entry_window import test_undo_and_redo_an_edit_are_saved_too as undo_redo
from .test_outputs import (
    test_importing_into_the_open_return_shows_the_imported_figure_at_once as import_open,
)
from .test_tables import test_add_remove_move_sort_and_filter_ledger_rows as ledger_rows
from .test_tables import test_ctrl_v_pastes_over_existing_cells_as_one_undo_step as paste
from .test_tables import test_paste_many_rows_into_the_ledger_and_undo_it as paste_rows
from .test_validate_window import (
    test_validate_records_validated_and_the_navigator_shows_it as validate,
)

pytestmark = pytest.mark.xwindow


def test_typing_and_undo_in_a_real_window(window: MainWindow, demo_storage: Storage) -> None:
    assert QApplication.platformName() == "xcb"
    typing(window)
    undo_redo(window, demo_storage)


def test_paste_over_cells_in_a_real_window(window: MainWindow, demo_storage: Storage) -> None:
    paste(window, demo_storage)


def test_paste_rows_in_a_real_window(
    qtbot: QtBot, window: MainWindow, demo_storage: Storage
) -> None:
    paste_rows(qtbot, window, demo_storage)


def test_ledger_rows_in_a_real_window(window: MainWindow, demo_storage: Storage) -> None:
    ledger_rows(window, demo_storage)


def test_validate_explain_and_finalise_in_a_real_window(
    yangquan_window: MainWindow,
    yangquan_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    validate(yangquan_window, yangquan_storage)
    finalise(yangquan_window, yangquan_storage)
    x_screenshot("finalised")


def test_correct_in_a_real_window(window: MainWindow, demo_storage: Storage) -> None:
    finalised_until_corrected(window, demo_storage)


def test_import_into_the_open_return_in_a_real_window(
    qtbot: QtBot, yangquan_window: MainWindow, tmp_path: Path
) -> None:
    import_open(qtbot, yangquan_window, tmp_path)
