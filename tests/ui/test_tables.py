"""表三 and 表四: paste from Excel, undo a paste, row tools, sort and filter, drop-downs, overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from siwu_desktop.core.formulas import uscc_check_char
from siwu_desktop.storage import Storage
from siwu_desktop.ui.entry_view import ChoiceDelegate, DateDelegate, parse_clipboard
from siwu_desktop.ui.main_window import MainWindow

from .conftest import key, open_return


def uscc(body: str) -> str:
    return body + uscc_check_char(body)


def test_clipboard_text_from_excel_is_split_into_cells() -> None:
    text = 'a\t"b\tc"\t１２\r\n"多行\n文本"\t\t3\r\n'
    assert parse_clipboard(text) == [["a", "b\tc", "１２"], ["多行\n文本", "", "3"]]


def test_a_copied_text_of_two_lines_pastes_back_as_one_cell(window: MainWindow) -> None:
    _copy_and_paste_back(window)


@pytest.mark.xwindow
def test_a_copied_text_of_two_lines_pastes_back_in_a_real_window(window: MainWindow) -> None:
    assert QGuiApplication.platformName() == "xcb"
    _copy_and_paste_back(window)


def _copy_and_paste_back(window: MainWindow) -> None:
    """Copy wrote cells joined by tabs and newlines unquoted: a 存在问题 of two lines came
    back from the clipboard as two rows, and the paste put its second line into the next
    row's cell. Copied as Excel does (quoted, quotes doubled), it comes back whole."""
    editor = open_return(window, 2025, "t3")
    model, view = editor.model, editor.view
    evidence, problems = model.column_of("evidence"), model.column_of("problems")
    texts = ["照片\t2张", '已整改\n下步："再查"']
    model.edit([((0, "evidence"), texts[0]), ((0, "problems"), texts[1])], "测试")
    selection = view.selectionModel()
    view.setCurrentIndex(view.model().index(0, evidence))
    selection.select(view.model().index(0, problems), selection.SelectionFlag.Select)
    view.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied == '"照片\t2张"\t"已整改\n下步：""再查"""'
    assert parse_clipboard(copied) == [texts]
    editor.paste(1, evidence, parse_clipboard(copied))
    row = editor.doc.data.rows[1]
    assert [row.cells["evidence"].text, row.cells["problems"].text] == texts


def test_paste_many_rows_into_the_ledger_and_undo_it(
    qtbot: QtBot, window: MainWindow, demo_storage: Storage
) -> None:
    editor = open_return(window, 2025, "t4")
    doc = editor.doc
    before = len(doc.data.rows)
    code1, code2 = uscc("91140400MA0X00001"), uscc("91140400MA0X00002")
    block = (
        f"新增化工厂\t{code1}\t工业\t公共供水\t１２．５\t３\t３\t３\t３．５\t１２．５\n"
        f"新增宾馆\t{code2}\t服务业\t自备地下水\t8\t2\t2\t2\t3\t9万立方米\n"
    )
    QGuiApplication.clipboard().setText(block)
    view = editor.view
    last = view.model().index(view.model().rowCount() - 1, 1)
    view.setCurrentIndex(last)
    view.setFocus()
    # paste onto the last row's 单位名称 would overwrite it: go below the table instead
    editor.paste(before, 1, parse_clipboard(block))
    assert len(doc.data.rows) == before + 2
    row = doc.data.rows[before]
    assert row.cells["name"].text == "新增化工厂"
    assert row.cells["plan"].value == Decimal("12.5") and row.cells["annual"].value == Decimal(
        "12.5"
    )
    over_col = editor.model.column_of("over")
    assert editor.model.index(before + 1, over_col).data() == "1.00"  # 9 − 8, computed by core
    stored = demo_storage.returns.ledger_rows(doc.loaded.info.id)
    assert [r.cells.get("name") for r in stored[-2:]] == ["新增化工厂", "新增宾馆"]
    assert [r.position for r in stored] == list(range(len(stored)))
    window.undo_action.trigger()  # one step undoes the whole paste
    assert len(doc.data.rows) == before
    assert len(demo_storage.returns.ledger_rows(doc.loaded.info.id)) == before
    window.redo_action.trigger()
    assert len(doc.data.rows) == before + 2


def test_ctrl_v_pastes_over_existing_cells_as_one_undo_step(
    window: MainWindow, demo_storage: Storage
) -> None:
    editor = open_return(window, 2025, "t4")
    doc = editor.doc
    view = editor.view
    plan = editor.model.column_of("plan")
    view.setCurrentIndex(view.model().index(0, plan))
    view.setFocus()
    QGuiApplication.clipboard().setText("１,０００\n2,000.5\n约30\n")
    key(view, "", 0)  # nothing
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    paste = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier, "v")
    assert paste.matches(QKeySequence.StandardKey.Paste)
    QGuiApplication.sendEvent(view, paste)
    assert doc.data.rows[0].cells["plan"].value == Decimal("1000")
    assert doc.data.rows[1].cells["plan"].value == Decimal("2000.5")
    refused = doc.data.rows[2].cells["plan"]
    assert refused.text == "约30" and refused.value is None and refused.refusal
    assert any(f.row == 3 and f.field == "plan" for f in doc.findings)
    assert doc.undo_stack.count() == 1
    window.undo_action.trigger()
    assert doc.data.rows[2].cells["plan"].text != "约30"


def test_add_remove_move_sort_and_filter_ledger_rows(
    window: MainWindow, demo_storage: Storage
) -> None:
    editor = open_return(window, 2025, "t4")
    doc = editor.doc
    n = len(doc.data.rows)
    first_name = doc.data.rows[0].cells["name"].text
    second_name = doc.data.rows[1].cells["name"].text
    view = editor.view
    view.setCurrentIndex(view.model().index(0, 1))
    editor.move_row(1)
    assert [doc.data.rows[i].cells["name"].text for i in (0, 1)] == [second_name, first_name]
    names = [r.cells.get("name") for r in demo_storage.returns.ledger_rows(doc.loaded.info.id)]
    assert names[:2] == [second_name, first_name]
    window.undo_action.trigger()
    assert doc.data.rows[0].cells["name"].text == first_name
    view.setCurrentIndex(view.model().index(2, 1))
    window.remove_rows_action.trigger()
    assert len(doc.data.rows) == n - 1
    window.undo_action.trigger()
    assert len(doc.data.rows) == n and doc.data.rows[2].cells["name"].text
    window.add_row_action.trigger()
    assert len(doc.data.rows) == n + 1
    # sort by the annual figure (numbers, not text), then filter by name
    annual = editor.model.column_of("annual")
    view.sortByColumn(annual, Qt.SortOrder.DescendingOrder)
    top = view.model().index(0, annual).data()
    values = [Decimal(r.cells["annual"].text) for r in doc.data.rows if "annual" in r.cells]
    assert Decimal(top) == max(values)
    editor.filter_edit.setText("示例用水单位1")
    shown = {view.model().index(r, 1).data() for r in range(view.model().rowCount())}
    assert shown and all(name.startswith("示例用水单位1") for name in shown)
    editor.filter_edit.clear()
    editor.reset_sort()
    assert view.model().index(0, 1).data() == first_name


def test_task_status_drop_down_dates_and_overdue_marks(qtbot: QtBot, window: MainWindow) -> None:
    editor = open_return(window, 2025, "t3")
    view, model, doc = editor.view, editor.model, editor.doc
    status = model.column_of("status")
    done = model.column_of("done_date")
    assert isinstance(view.itemDelegateForColumn(status), ChoiceDelegate)
    assert isinstance(view.itemDelegateForColumn(done), DateDelegate)
    index = view.model().index(1, status)
    view.setCurrentIndex(index)
    view.edit(index)
    combo = view.indexWidget(index) or view.findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())][1:] == [
        "未启动",
        "推进中",
        "已完成",
        "不涉及",
    ]
    combo.setCurrentText("已完成")
    view.commitData(combo)
    view.closeEditor(combo, ChoiceDelegate.EndEditHint.NoHint)
    assert doc.data.rows[1].cells["status"].text == "已完成"
    date_index = view.model().index(1, done)
    view.setCurrentIndex(date_index)
    view.edit(date_index)
    date_edit = view.findChild(QLineEdit)  # typed as written, or picked on its calendar
    assert date_edit is not None and date_edit.actions()
    date_edit.setText("2025-11-30")
    view.commitData(date_edit)
    view.closeEditor(date_edit, DateDelegate.EndEditHint.NoHint)
    assert doc.data.rows[1].cells["done_date"].text == "2025-11-30"


def test_overdue_tasks_are_marked(window: MainWindow) -> None:
    editor = open_return(window, 2026, "t3", "Q1")
    model, doc = editor.model, editor.doc
    overdue = model.column_of("overdue")
    assert not any(model.index(r, overdue).data() for r in range(model.rowCount()))
    doc.context.reporting_date = dt.date(2027, 1, 10)  # the same return, seen a year later
    doc.refresh()
    marked = [r for r in range(model.rowCount()) if model.index(r, overdue).data()]
    late = [i for i, flag in enumerate(doc.overdue) if flag]  # data rows
    # the view has a heading row per document (#18): data row i is shown at index_of(i)
    assert marked and marked == [model.index_of(i, "overdue").row() for i in late]
    index = model.index(marked[0], overdue)
    assert index.data() == "⚠ 逾期未完成"
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert any(f.rule == "T01" and f.row == late[0] + 1 for f in doc.findings)


@pytest.mark.parametrize("form", ["t1", "t2", "t3", "t4"])
def test_no_column_heading_is_clipped(window: MainWindow, form: str) -> None:
    """Every line of every heading fits its column (long ones are set on two lines)."""
    editor = open_return(window, 2025, form)
    header = editor.view.horizontalHeader()
    metrics = header.fontMetrics()
    model = editor.view.model()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        for line in text.splitlines():
            width = metrics.horizontalAdvance(line) + 6  # the header's own margins
            assert width <= header.sectionSize(section), (form, line, header.sectionSize(section))
