"""The entry grid as a clerk uses it (issue #17 items 4, 5, 7): pasting into an empty 表四,
Tab between the cells that can be filled in, a new 表三 for the selected year and any
quarter, the warning before a future year. Keys go through the window (QTest on its
QWindow, as the platform delivers them); tests/ui/test_grid_xwindow.py reruns these
in a real X window."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.core.formulas import uscc_check_char
from siwu_desktop.storage import Storage
from siwu_desktop.ui.entry_models import IndicatorModel
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.new_return import NewReturnDialog, default_quarter, last_ended_quarter

from .conftest import TODAY, find_return, open_return

Shot = Callable[[str], object]
K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def press(win: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    handle = win.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, key, modifier)


def type_digits(win: MainWindow, digits: str) -> None:
    for ch in digits:
        press(win, {".": K.Key_Period}.get(ch) or Qt.Key(K.Key_0 + int(ch)))


def uscc(body: str) -> str:
    return body + uscc_check_char(body)


# 6 planned water users × 10 columns, as copied from an Excel ledger: 单位名称 … 全年实际用水量
LEDGER = [
    [
        "盂县第一化工厂",
        uscc("91140322MA0X00001"),
        "工业",
        "公共供水",
        "120",
        "30",
        "30",
        "30",
        "30",
        "120",
    ],
    ["盂县宾馆", uscc("91140322MA0X00002"), "服务业", "自备地下水", "8", "2", "2", "2", "3", "9"],
    ["盂县医院", uscc("12140322MB0X00003"), "服务业", "公共供水", "15", "4", "4", "4", "4", "16"],
    [
        "盂县水泥厂",
        uscc("91140322MA0X00004"),
        "工业",
        "自备地下水",
        "60",
        "15",
        "15",
        "15",
        "15",
        "60",
    ],
    ["盂县一中", uscc("12140322MB0X00005"), "服务业", "公共供水", "10", "2", "3", "2", "2", "9"],
    [
        "盂县洗车场",
        uscc("92140322MA0X00006"),
        "服务业",
        "公共供水",
        "1.5",
        "0.4",
        "0.4",
        "0.4",
        "0.4",
        "1.6",
    ],
]


def paste_into_an_empty_ledger(qtbot: QtBot, win: MainWindow) -> None:
    """Clicking the blank 表四 and pressing Ctrl+V puts 单位名称 under 单位名称 (not 序号),
    keeps every cell and counts them: 6 rows × 10 columns = 60 cells."""
    editor = open_return(win, 2025, "t4")
    view, doc = editor.view, editor.doc
    assert doc.data.rows == []
    QGuiApplication.clipboard().setText("\r\n".join("\t".join(r) for r in LEDGER) + "\r\n")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(60, 40))
    assert not view.currentIndex().isValid()
    press(win, K.Key_V, CTRL)
    assert len(doc.data.rows) == 6
    columns = ["name", "uscc", "industry", "source", "plan", "q1", "q2", "q3", "q4", "annual"]
    for row, values in zip(doc.data.rows, LEDGER, strict=True):
        assert [row.cells[c].text for c in columns] == values
    # 宾馆: 全年 9 − 计划 8 = 1.00 over the plan, computed, not pasted
    assert editor.model.index(1, editor.model.column_of("over")).data() == "1.00"
    assert win.statusBar().currentMessage() == "已粘贴 6 行 60 个单元格。"
    assert editor.last_dialog is None  # nothing lost: no warning box


def test_paste_into_an_empty_ledger_starts_at_the_first_column_to_fill(
    qtbot: QtBot, yangquan_window: MainWindow
) -> None:
    paste_into_an_empty_ledger(qtbot, yangquan_window)


def test_a_paste_after_a_click_below_the_rows_adds_rows(
    qtbot: QtBot, yangquan_window: MainWindow
) -> None:
    """Two users pasted, then a click on the blank band below them and Ctrl+V with the
    next two: 4 rows, the first two untouched (before, the second pair overwrote the
    second row, since the click kept the current cell)."""
    editor = open_return(yangquan_window, 2025, "t4")
    view, doc = editor.view, editor.doc
    editor.paste(-1, -1, LEDGER[:2])
    view.setCurrentIndex(view.model().index(1, 2))
    view.setFocus()
    QGuiApplication.clipboard().setText("\n".join("\t".join(r) for r in LEDGER[2:4]))
    below = QPoint(60, view.viewport().height() - 10)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=below)
    press(yangquan_window, K.Key_V, CTRL)
    assert [r.cells["name"].text for r in doc.data.rows] == [r[0] for r in LEDGER[:4]]
    assert doc.data.rows[1].cells["uscc"].text == LEDGER[1][1]


def test_a_paste_wider_than_the_ledger_says_what_was_not_pasted(
    yangquan_window: MainWindow,
) -> None:
    """A row copied with 16 columns is as wide as the whole ledger (15 columns) and one
    more: it is laid from 序号 on. 序号 and the three computed columns (超计划用水量,
    超计划率, 累进加价倍数) take nothing, the 16th cell is beyond the edge: 16 − 4 − 1 = 11
    cells pasted, and a box says so."""
    editor = open_return(yangquan_window, 2025, "t4")
    row = ["1", *LEDGER[0], "0", "0%", "1", "已开展", "多余"]
    assert len(row) == 16
    QGuiApplication.clipboard().setText("\t".join(row))
    editor.view.setCurrentIndex(editor.view.model().index(-1, -1))
    editor.view.setFocus()
    press(yangquan_window, K.Key_V, CTRL)
    (pasted,) = editor.doc.data.rows
    assert pasted.cells["name"].text == "盂县第一化工厂"
    assert pasted.cells["balance_test"].text == "已开展"
    message = yangquan_window.statusBar().currentMessage()
    assert message.startswith("已粘贴 1 行 11 个单元格。")
    assert (
        "4 个单元格落在自动计算或不能填写的栏目（序号、超计划用水量、超计划率、累进加价倍数）"
        in message
    )
    assert "粘贴的内容有 16 列，超出表格右侧的 1 个单元格未粘贴。" in message
    box = editor.last_dialog
    assert isinstance(box, QMessageBox) and box.isVisible() and box.text() == message
    box.close()


def test_a_paste_below_the_last_row_of_a_fixed_table_says_what_was_not_pasted(
    yangquan_window: MainWindow,
) -> None:
    """Three values pasted on the value cell of 阳泉 表一's last row (since #18 a 参考事项 row,
    not 在用用水器具总数): 1 pasted, 2 beyond the last row (before, the status said
    已粘贴 3 行 1 个单元格)."""
    editor = open_return(yangquan_window, 2025, "t1")
    model = editor.model
    assert isinstance(model, IndicatorModel)
    last = model.rowCount() - 1
    last_field = model.rows[last]
    assert not isinstance(last_field, str)  # a field, not a section heading
    editor.view.setCurrentIndex(model.index(last, IndicatorModel.COL_VALUE))
    editor.view.setFocus()
    QGuiApplication.clipboard().setText("1\n2\n3\n")
    press(yangquan_window, K.Key_V, CTRL)
    message = yangquan_window.statusBar().currentMessage()
    assert message == "已粘贴 1 行 1 个单元格。超出表格最后一行的 2 个单元格未粘贴。"
    assert editor.doc.data.values[last_field.id].text == "1"
    assert isinstance(editor.last_dialog, QMessageBox)
    editor.last_dialog.close()


def tab_between_cells_to_fill(win: MainWindow) -> None:
    """阳泉 表一 opens with 主要指标: 用水总量, 地下水用水量, 地表水取水量, 农业用水量, then three
    computed ones (万元GDP用水量下降幅度, 万元工业增加值用水量下降幅度, 农田灌溉水有效利用系数),
    then 非常规水利用量. Tab on 农业用水量 (selected, not editing) goes to 非常规水利用量's value,
    stays in the table, and the digits typed next are that cell's; Tab after an edit goes on
    to the next value (灌溉面积), never to 识别为; Shift+Tab goes back."""
    editor = open_return(win, 2025, "t1")
    view, model = editor.view, editor.model
    assert isinstance(model, IndicatorModel)
    rows = {f: model.index_of(None, f).row() for f in ("agricultural_use", "nonconventional_use")}
    view.setCurrentIndex(model.index_of(None, "agricultural_use"))
    view.setFocus()
    press(win, K.Key_Tab)
    assert QApplication.focusWidget() is view
    current = view.currentIndex()
    assert (current.row(), current.column()) == (
        rows["nonconventional_use"],
        IndicatorModel.COL_VALUE,
    )
    type_digits(win, "25.5")  # starts editing with the first key
    press(win, K.Key_Tab)
    assert editor.doc.data.values["nonconventional_use"].value == Decimal("25.5")
    current = view.currentIndex()
    assert current.column() == IndicatorModel.COL_VALUE
    assert current == model.index_of(None, "irrigated_area")
    press(win, K.Key_Backtab, SHIFT)
    assert view.currentIndex() == model.index_of(None, "nonconventional_use")
    press(win, K.Key_Backtab, SHIFT)  # back over the three computed rows
    assert view.currentIndex() == model.index_of(None, "agricultural_use")
    assert QApplication.focusWidget() is view


def test_tab_moves_between_the_cells_to_fill_and_stays_in_the_table(
    yangquan_window: MainWindow,
) -> None:
    tab_between_cells_to_fill(yangquan_window)


def test_tab_in_the_ledger_goes_to_the_next_row_after_the_last_column_to_fill(
    window: MainWindow,
) -> None:
    """表四: Tab from 全年实际用水量 skips the computed 超计划… columns to 水平衡测试; from
    水平衡测试 (the last column) to the next row's 单位名称 (序号 is computed)."""
    editor = open_return(window, 2025, "t4")
    view, model = editor.view, editor.model
    view.setCurrentIndex(view.model().index(0, model.column_of("annual")))
    view.setFocus()
    press(window, K.Key_Tab)
    assert view.currentIndex().column() == model.column_of("balance_test")
    press(window, K.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 1)
    press(window, K.Key_Backtab, SHIFT)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (
        0,
        model.column_of("balance_test"),
    )


# --- new quarterly returns ------------------------------------------------------------------


def test_the_quarter_offered_is_the_one_just_ended() -> None:
    import datetime as dt

    # 20 January 2026: no quarter of 2026 is over yet, last year's 第四季度 is
    assert last_ended_quarter(dt.date(2026, 1, 20)) == (2025, "Q4")
    assert last_ended_quarter(dt.date(2026, 4, 1)) == (2026, "Q1")
    assert last_ended_quarter(dt.date(2026, 12, 31)) == (2026, "Q3")
    assert default_quarter(2025, dt.date(2026, 1, 20)) == "Q4"
    assert default_quarter(2024, dt.date(2026, 8, 1)) == "Q4"  # a past year: all over
    assert default_quarter(2027, dt.date(2026, 8, 1)) == "Q1"  # a future year: its first


def new_quarter_for_the_selected_year(win: MainWindow, shot: Shot = lambda _name: None) -> None:
    """2027 selected, Ctrl+Shift+N, 第三季度: 2027年第三季度 (the tests' today is 20 January
    2026, so 2027 is a future year: asked first), never 2026's."""
    page = win.page
    assert page is not None
    page.create_year(2027)
    assert page.navigator.selected_year() == 2027
    page.navigator.setFocus()
    press(win, K.Key_N, CTRL | SHIFT)
    dialog = page.last_dialog
    assert isinstance(dialog, NewReturnDialog) and dialog.isVisible()
    assert (dialog.year.value(), dialog.chosen_period()) == (2027, "Q1")  # a future year: Q1
    assert dialog.future.isVisibleTo(dialog)
    assert dialog.future.text() == "注意：2027年尚未开始（今年是2026年）。"
    assert not dialog.carry.isEnabled()
    assert dialog.carried.text() == "季度报表（表三）只填本季度的任务进展，没有需要结转的内容。"
    dialog.period.setCurrentIndex(3)  # 年度, 第一季度, 第二季度, 第三季度
    assert dialog.period.currentText() == "第三季度（表三）"
    shot("dialog")
    dialog.accept()
    box = page.last_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    shot("future-year")
    assert "2027年尚未开始" in box.text() and "2027年第三季度的表三" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    info = find_return(win, 2027, "t3", "Q3")
    assert page.current is not None and page.current.loaded.info.id == info.id
    assert not any(
        i.data(0, Qt.ItemDataRole.UserRole).year == 2026
        and i.data(0, Qt.ItemDataRole.UserRole).period == "Q3"
        for i in page.navigator.items()
    )


def test_a_new_quarterly_return_has_the_selected_year(window: MainWindow) -> None:
    new_quarter_for_the_selected_year(window)


def test_in_january_last_years_fourth_quarter_can_be_made(yangquan_window: MainWindow) -> None:
    """盂县 has 2025 selected; on 20 January 2026 the dialog offers 2025 第四季度 at once,
    and no future-year question comes (2025 is over)."""
    win = yangquan_window
    assert win.page is not None and TODAY.month == 1
    open_return(win, 2025, "t1")
    win.new_quarter_action.trigger()
    dialog = win.page.last_dialog
    assert isinstance(dialog, NewReturnDialog)
    assert dialog.chosen() == (2025, "Q4", False)
    assert not dialog.future.isVisibleTo(dialog)
    dialog.accept()
    info = find_return(win, 2025, "t3", "Q4")
    assert win.page.current is not None and win.page.current.loaded.info.id == info.id


def test_declining_the_future_year_creates_nothing_and_the_warning_can_be_turned_off(
    window: MainWindow, demo_storage: Storage
) -> None:
    page = window.page
    assert page is not None
    before = len(demo_storage.returns.list_returns())
    window._new_return_chosen(2028, "Q1")
    box = page.last_dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.No).click()
    assert len(demo_storage.returns.list_returns()) == before
    page.prefs.set_warn_future(False)  # 设置 → 偏好设置: no warning
    window._new_return_chosen(2028, "Q1")
    assert len(demo_storage.returns.list_returns()) == before + 1
    assert page.last_dialog is box
    window.new_quarter()  # and no note of the future year in the dialog either
    dialog = page.last_dialog
    assert isinstance(dialog, NewReturnDialog) and dialog.year.value() == 2028
    assert not dialog.future.isVisibleTo(dialog)
    dialog.reject()


def test_enter_goes_down_to_the_next_cell_to_fill(yangquan_window: MainWindow) -> None:
    """Enter on 农业用水量 passes the three computed rows below it to 非常规水利用量 (before,
    it stopped on 万元GDP用水量下降幅度, where typing is refused)."""
    win = yangquan_window
    editor = open_return(win, 2025, "t1")
    view, model = editor.view, editor.model
    view.setCurrentIndex(model.index_of(None, "agricultural_use"))
    view.setFocus()
    press(win, K.Key_Return)
    assert view.currentIndex() == model.index_of(None, "nonconventional_use")


def test_closing_the_window_stops_the_idle_checkpoint(yangquan_window: MainWindow) -> None:
    """An edit starts the 2 s idle checkpoint; a window closed within the 2 s (and its
    database closed after it) must not checkpoint later: in the suite the timer fired in
    a later test, on the closed database (sqlite3.ProgrammingError)."""
    editor = open_return(yangquan_window, 2025, "t1")
    editor.view.setCurrentIndex(editor.model.index_of(None, "total_use"))
    editor.view.setFocus()
    type_digits(yangquan_window, "7")
    press(yangquan_window, K.Key_Return)
    assert yangquan_window._idle.isActive()
    yangquan_window.close()
    assert not yangquan_window._idle.isActive()
