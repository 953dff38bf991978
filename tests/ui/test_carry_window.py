"""新建年度报表 in the window carries last year forward (issue #17): 从上年台账带入 for 表四,
base-year inputs prefilled and marked with where they came from, still editable, and a
value the clerk typed left as it is. The real-window run is at the end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.formulas import uscc_check_char
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Storage
from siwu_desktop.ui.entry_models import CARRIED_COLOR, IndicatorModel, LedgerModel
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.new_return import NewReturnDialog
from siwu_desktop.ui.return_editor import ReturnEditor

from .conftest import TODAY, open_return

Shot = Callable[[str], object]
K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def uscc(body: str) -> str:
    return body + uscc_check_char(body)


LEDGER_2025 = [
    {"name": "盂县化工有限公司", "uscc": uscc("91140322MA0X00001"), "industry": "化工",
     "source": "自备地下水", "plan": "12", "annual": "13"},
    {"name": "盂县宾馆", "uscc": uscc("91140322MA0X00002"), "industry": "住宿业",
     "source": "公共供水", "plan": "8", "annual": "7"},
]  # fmt: skip


@pytest.fixture
def with_ledger(yangquan_storage: Storage) -> Storage:
    """盂县 2025: the sample 表一 (用水总量 8000, 工业用水量 1500) and a 表四 of two units."""
    service = ReturnService(yangquan_storage, default_catalog(), today=TODAY)
    service.insert_ledger_rows(service.load(service.open("盂县", "t4", 2025)), 0, LEDGER_2025)
    return yangquan_storage


def key_on(widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    handle = widget.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, key, modifier)


def new_year_from_last_year(qtbot: QtBot, win: MainWindow, shot: Shot = lambda _n: None) -> None:
    """Ctrl+N with 2025 selected (today is 20 January 2026): 阳泉市盂县 fixed, 2025 年度, whose
    returns exist and into which nothing can be carried (no 2024 returns). ↑ to 2026:
    从上一年结转 is ticked and says what it carries (2025's 用水总量 8000 and 工业用水量 1500,
    the sample 表一, and 2025's two units); Space unticks it (不结转), Space ticks it again,
    Enter; the summary names both carried base inputs and the two units."""
    page = win.page
    assert page is not None
    win.activateWindow()
    key_on(win, K.Key_N, CTRL)
    dialog = page.last_dialog
    assert isinstance(dialog, NewReturnDialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "新建报表" and dialog.county.text() == "阳泉市盂县"
    assert (dialog.year.value(), dialog.chosen_period()) == (2025, "Y")
    assert dialog.period.currentText() == "年度（表一至表四）"
    assert not dialog.carry.isEnabled() and not dialog.carry.isChecked()
    assert dialog.carried.text() == (
        "2025年度的报表已建立，不会重复建立；已填写的内容不会改动。\n"
        "本县往年报表中没有可结转到2025年的内容（表四台账、表一基准年数据）。"
    )
    dialog.year.setFocus()
    key_on(dialog, K.Key_Up)
    assert dialog.year.value() == 2026 and not dialog.future.isVisibleTo(dialog)
    assert dialog.carry.isEnabled() and dialog.carry.isChecked()
    assert dialog.carry.text() == "从上一年结转（表四台账和表一基准年数据）"
    assert dialog.carried.text() == (
        "将结转：\n"
        "· 表一基准年数据：2025年用水总量（基准年）：8000、2025年工业用水量（基准年）：1500"
        "（取自2025年年报）\n"
        "· 表四：2025年台账的 2 户（单位名称、统一社会信用代码、行业、水源、年计划量）"
    )
    dialog.carry.setFocus()
    key_on(dialog, K.Key_Space)
    assert not dialog.carry.isChecked() and dialog.carried.text().startswith("不结转")
    assert dialog.chosen() == (2026, "Y", False)
    key_on(dialog, K.Key_Space)
    assert dialog.chosen() == (2026, "Y", True)
    ok, cancel = (b.text() for b in dialog.findChildren(QPushButton))
    assert (ok, cancel) == ("确定", "取消")
    shot("new-year-dialog")
    key_on(dialog, K.Key_Return)
    box = page.last_dialog
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    shot("carried-summary")
    text = box.text()
    assert (
        "表一“2025年用水总量（基准年）”：8000，取自2025年年报（第1版，草稿，未定稿）的“用水总量”"
        in text
    )
    assert "表一“2025年工业用水量（基准年）”：1500" in text
    assert "表四：从2025年台账（第1版，草稿，未定稿）带入 2 户" in text
    key_on(box, K.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())


def test_new_year_offers_last_years_ledger_and_marks_base_inputs(
    qtbot: QtBot, with_ledger: Storage, tmp_path: Path
) -> None:
    from .conftest import make_window

    win = make_window(qtbot, tmp_path, with_ledger)
    new_year_from_last_year(qtbot, win)
    editor = open_return(win, 2026, "t1")
    model = editor.model
    assert isinstance(model, IndicatorModel)
    value = model.index_of(None, "total_use_b2025")
    parsed = model.index(value.row(), model.COL_PARSED)
    # shown as 8000 万立方米 with the mark, blue, and the whole origin in the tooltips
    assert model.data(value) == "8000"
    assert model.data(parsed) == "取自2025年年报"
    assert model.data(value, Qt.ItemDataRole.ForegroundRole) == CARRIED_COLOR
    tip = "取自2025年年报（第1版，草稿，未定稿）的“用水总量”；可以修改，修改后不再标注。"
    assert tip in model.data(value, Qt.ItemDataRole.ToolTipRole)
    assert tip in model.data(parsed, Qt.ItemDataRole.ToolTipRole)
    # 2025年地区生产总值: the 2025 return has none, so nothing is filled or marked
    gdp = model.index_of(None, "gdp_b2025")
    assert model.data(gdp) == "" and "取自" not in model.data(model.index(gdp.row(), 3))
    # still editable; once changed the mark is gone
    assert model.setData(value, "8010")
    assert "取自" not in model.data(parsed)
    assert model.data(value, Qt.ItemDataRole.ForegroundRole) != CARRIED_COLOR
    ledger = open_return(win, 2026, "t4")
    rows = ledger.doc.data.rows
    assert [r.cells["name"].text for r in rows] == ["盂县化工有限公司", "盂县宾馆"]
    assert all("annual" not in r.cells for r in rows)  # last year's use stays last year's
    win.close()


def test_undo_of_an_edit_of_a_carried_value_brings_its_marker_back(
    qtbot: QtBot, with_ledger: Storage, tmp_path: Path
) -> None:
    """8000 carried into 2025年用水总量（基准年）, changed to 8010 (the mark goes), 撤销
    (8000 and the mark 取自2025年年报 back, blue, with its tooltip), 重做 (8010, no mark)."""
    from .conftest import make_window

    win = make_window(qtbot, tmp_path, with_ledger)
    win._new_return_chosen(2026, "Y", True)
    editor = open_return(win, 2026, "t1")
    model = editor.model
    assert isinstance(model, IndicatorModel)
    value = model.index_of(None, "total_use_b2025")
    parsed = model.index(value.row(), model.COL_PARSED)
    tip = "取自2025年年报（第1版，草稿，未定稿）的“用水总量”；可以修改，修改后不再标注。"

    def marked() -> bool:
        shown = model.data(parsed) == "取自2025年年报"
        blue = model.data(value, Qt.ItemDataRole.ForegroundRole) == CARRIED_COLOR
        tipped = tip in model.data(value, Qt.ItemDataRole.ToolTipRole)
        assert shown == blue == tipped
        return shown

    assert marked()
    assert model.setData(value, "8010")
    assert model.data(value) == "8010" and not marked()
    win.undo_action.trigger()
    assert model.data(value) == "8000" and marked()
    win.redo_action.trigger()
    assert model.data(value) == "8010" and not marked()
    win.undo_action.trigger()
    win.close()
    # the origin came back in the database too: a fresh load shows the mark
    service = ReturnService(with_ledger, default_catalog(), today=TODAY)
    loaded = service.load(service.open("盂县", "t1", 2026))
    assert loaded.origins["total_use_b2025"].text() in tip


def carried_ledger(win: MainWindow) -> ReturnEditor:
    """The 2026 表四 started from 2025's two units: every carried cell blue with where it
    came from, 序号 ↩ 1 and ↩ 2, the legend above the table."""
    editor = open_return(win, 2026, "t4")
    model = editor.model
    assert isinstance(model, LedgerModel)
    tip = "取自2025年年报（第1版，草稿，未定稿）的“计划用水户台账”；可以修改，修改后不再标注。"
    for row in (0, 1):
        for column in ("name", "uscc", "industry", "source", "plan"):
            assert ledger_marked(model, row, column), (row, column)
            assert tip in model.data(model.index_of(row, column), Qt.ItemDataRole.ToolTipRole)
        assert not ledger_marked(model, row, "annual")  # this year's use: the clerk's
        number = model.index_of(row, "number")
        assert model.data(number) == f"↩ {row + 1}"
        assert model.data(number, Qt.ItemDataRole.ToolTipRole) == tip
    assert editor.carried_note.isVisibleTo(editor)
    assert editor.carried_note.text().startswith("↩ 取自2025年年报：蓝色字为从2025年表四台账带入")
    return editor


def ledger_marked(model: LedgerModel, row: int, column: str) -> bool:
    index = model.index_of(row, column)
    return model.data(index, Qt.ItemDataRole.ForegroundRole) == CARRIED_COLOR


def test_carried_ledger_cells_are_marked_until_changed_and_undo_brings_the_mark_back(
    qtbot: QtBot, with_ledger: Storage, tmp_path: Path
) -> None:
    from .conftest import make_window

    win = make_window(qtbot, tmp_path, with_ledger)
    win._new_return_chosen(2026, "Y", True)
    editor = carried_ledger(win)
    model = editor.model
    assert isinstance(model, LedgerModel)
    # this year's plan for 盂县化工有限公司 is 15: that cell is the clerk's, the rest stay marked
    assert model.setData(model.index_of(0, "plan"), "15")
    assert not ledger_marked(model, 0, "plan") and ledger_marked(model, 0, "name")
    assert "取自" not in model.data(model.index_of(0, "plan"), Qt.ItemDataRole.ToolTipRole)
    win.undo_action.trigger()
    assert model.data(model.index_of(0, "plan")) == "12" and ledger_marked(model, 0, "plan")
    win.redo_action.trigger()
    assert not ledger_marked(model, 0, "plan")
    # every carried cell of a row changed: its number loses the mark; the legend stays
    for column, text in (("name", "盂县化工二厂"), ("uscc", ""), ("industry", "化学工业")):
        assert model.setData(model.index_of(0, column), text)
    assert model.setData(model.index_of(0, "source"), "公共供水")
    assert model.data(model.index_of(0, "number")) == "1"
    assert editor.carried_note.isVisibleTo(editor)
    # a carried row removed and the removal undone comes back carried
    editor.view.setCurrentIndex(editor.view.model().index(1, 1))
    editor.remove_rows()
    assert len(editor.doc.data.rows) == 1
    win.undo_action.trigger()
    assert ledger_marked(model, 1, "name") and model.data(model.index_of(1, "number")) == "↩ 2"
    win.close()


def test_a_value_the_clerk_typed_stays_and_is_named(
    qtbot: QtBot, with_ledger: Storage, tmp_path: Path
) -> None:
    from .conftest import make_window

    service = ReturnService(with_ledger, default_catalog(), today=TODAY)
    service.enter_value(service.load(service.open("盂县", "t1", 2026)), "total_use_b2025", "7,990")
    win = make_window(qtbot, tmp_path, with_ledger)
    win._new_return_chosen(2026, "Y", True)
    page = win.page
    assert page is not None
    box = page.last_dialog
    assert isinstance(box, QMessageBox)
    assert "已填写“7,990”，未改动（取自2025年年报（第1版，草稿，未定稿）的“用水总量”为 8000）" in (
        box.text()
    )
    box.accept()
    editor = open_return(win, 2026, "t1")
    value = editor.model.index_of(None, "total_use_b2025")
    assert editor.model.data(value) == "7,990"
    assert editor.model.data(value, Qt.ItemDataRole.ForegroundRole) != CARRIED_COLOR
    win.close()


def test_unticked_nothing_is_carried(qtbot: QtBot, with_ledger: Storage, tmp_path: Path) -> None:
    from .conftest import make_window

    win = make_window(qtbot, tmp_path, with_ledger)
    win._new_return_chosen(2026, "Y", False)  # 从上一年结转 unticked
    editor = open_return(win, 2026, "t1")
    assert editor.doc.loaded.origins == {}
    assert editor.model.data(editor.model.index_of(None, "total_use_b2025")) == ""
    assert open_return(win, 2026, "t4").doc.data.rows == []
    win.close()


@pytest.mark.xwindow
def test_new_year_from_last_year_in_a_real_window(
    qtbot: QtBot, with_ledger: Storage, tmp_path: Path, x_screenshot: Callable[[str], Path | None]
) -> None:
    from .conftest import make_window

    assert QApplication.platformName() == "xcb"
    win = make_window(qtbot, tmp_path, with_ledger)
    win.setGeometry(win.screen().availableGeometry())  # all of it on screen (also at 150 %)
    new_year_from_last_year(qtbot, win, x_screenshot)
    editor = open_return(win, 2026, "t1")
    carried = editor.model.index_of(None, "total_use_b2025").siblingAtColumn(0)
    editor.view.scrollTo(carried, QAbstractItemView.ScrollHint.PositionAtCenter)  # in view
    x_screenshot("carried-t1")
    # typed over (8010 and Enter), then Ctrl+Z: 8000 and its mark are back
    model, view = editor.model, editor.view
    value = model.index_of(None, "total_use_b2025")
    win.activateWindow()
    view.setCurrentIndex(value)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    for key in (K.Key_8, K.Key_0, K.Key_1, K.Key_0, K.Key_Return):
        key_on(win, key)
    qtbot.waitUntil(lambda: model.data(value) == "8010")
    assert model.data(value, Qt.ItemDataRole.ForegroundRole) != CARRIED_COLOR
    key_on(win, K.Key_Z, CTRL)
    qtbot.waitUntil(lambda: model.data(value) == "8000")
    assert model.data(value, Qt.ItemDataRole.ForegroundRole) == CARRIED_COLOR
    assert model.data(model.index(value.row(), model.COL_PARSED)) == "取自2025年年报"
    carried_ledger(win)
    x_screenshot("carried-t4")
    win.close()
