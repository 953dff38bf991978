"""Filling in 表一/表二 with the keyboard: parsed values, findings on the cell and in the panel,
undo, autosave, explanations, finalise and correct."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Storage
from siwu_desktop.ui.dialogs import CorrectDialog, FinaliseDialog
from siwu_desktop.ui.entry_models import SEVERITY_BG, IndicatorModel
from siwu_desktop.ui.main_window import MainWindow

from .conftest import TODAY, key, open_return, type_into, type_text

# The offscreen platform plugin says so whenever a dialog with a minimum size opens.


def test_typing_full_width_digits_and_units_shows_the_parsed_value(window: MainWindow) -> None:
    editor = open_return(window, 2025, "t1")
    model = editor.model
    assert isinstance(model, IndicatorModel)
    type_into(editor, None, "total_use", "１２,３４５．６万立方米")
    entry = editor.doc.data.values["total_use"]
    assert entry.text == "１２,３４５．６万立方米" and entry.value == Decimal("12345.6")
    row = model.index_of(None, "total_use").row()
    assert model.index(row, IndicatorModel.COL_VALUE).data() == "１２,３４５．６万立方米"
    assert model.index(row, IndicatorModel.COL_PARSED).data() == "12345.6 万立方米"
    # Enter moved down one row, typing there replaces the old value
    assert editor.view.currentIndex().row() == row + 1
    assert window.saved_label.text().startswith("已保存 ")
    type_into(editor, None, "nonconventional_use", "0.07亿立方米")
    converted = editor.doc.data.values["nonconventional_use"]
    assert converted.value == Decimal("700") and converted.note
    text = model.index(model.index_of(None, "nonconventional_use").row(), 3).data()
    assert text.startswith("700 万立方米（")


def test_refused_entry_keeps_its_text_and_explains_on_the_cell_and_panel(
    window: MainWindow,
) -> None:
    editor = open_return(window, 2025, "t1")
    type_into(editor, None, "supply_total", "约3500")
    doc = editor.doc
    assert doc.data.values["supply_total"].text == "约3500"
    assert doc.data.values["supply_total"].value is None
    index = editor.model.index_of(None, "supply_total")
    assert index.data() == "约3500"
    assert (
        index.data(Qt.ItemDataRole.BackgroundRole)
        == SEVERITY_BG[doc.severity_at(None, "supply_total")]
    )
    assert "约" in index.data(Qt.ItemDataRole.ToolTipRole)
    panel = window.page.findings  # type: ignore[union-attr]
    messages = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any("约3500" in m for m in messages)
    # the value survives in storage exactly as typed
    stored = doc.service.storage.returns.values(doc.loaded.info.id)["supply_total"]
    assert stored.text == "约3500" and stored.value is None


def test_clicking_a_finding_selects_its_cell(window: MainWindow) -> None:
    editor = open_return(window, 2025, "t1")
    panel = window.page.findings  # type: ignore[union-attr]
    row = next(
        i
        for i in range(panel.list.count())
        if panel.list.item(i).data(Qt.ItemDataRole.UserRole).field == "irrigation_gross"
    )
    panel.list.setCurrentRow(row)
    current = editor.view.currentIndex()
    assert current == editor.model.index_of(None, "irrigation_gross")


def test_undo_and_redo_an_edit_are_saved_too(window: MainWindow, demo_storage: Storage) -> None:
    editor = open_return(window, 2025, "t1")
    doc = editor.doc
    before = doc.text(None, "industrial_use")
    type_into(editor, None, "industrial_use", "1510")
    assert doc.text(None, "industrial_use") == "1510"
    assert window.undo_action.text() == "撤销 本年填报"
    window.undo_action.trigger()
    assert doc.text(None, "industrial_use") == before
    assert demo_storage.returns.values(doc.loaded.info.id)["industrial_use"].text == before
    window.redo_action.trigger()
    assert demo_storage.returns.values(doc.loaded.info.id)["industrial_use"].text == "1510"


def test_escape_cancels_an_edit(window: MainWindow) -> None:
    editor = open_return(window, 2025, "t1")
    view = editor.view
    view.setCurrentIndex(editor.model.index_of(None, "industrial_use"))
    view.setFocus()
    before = editor.doc.text(None, "industrial_use")
    type_text(view, "999")
    key(view, "", Qt.Key.Key_Escape)
    assert editor.doc.text(None, "industrial_use") == before
    assert not editor.doc.undo_stack.canUndo()


def test_derived_cells_are_read_only_and_say_why(window: MainWindow) -> None:
    editor = open_return(window, 2025, "t1")
    index = editor.model.index_of(None, "leakage_rate")
    assert not (editor.model.flags(index) & Qt.ItemFlag.ItemIsEditable)
    messages: list[str] = []
    editor.message.connect(messages.append)
    editor.view.setCurrentIndex(index)
    editor.view.setFocus()
    type_text(editor.view, "5")
    assert messages and "计算值" in messages[-1]


def test_explain_an_unmet_binding_target_and_finalise(
    yangquan_window: MainWindow, yangquan_storage: Storage
) -> None:
    window = yangquan_window
    editor = open_return(window, 2025, "t1")
    page = window.page
    assert page is not None
    type_into(editor, None, "irrigation_net", "1850")  # 0.6167: still below 阳泉's 0.624
    coefficient = editor.model.index_of(None, "irrigation_coefficient")
    assert coefficient.data() == "0.6167"
    window.finalise_action.trigger()
    refused = page.last_dialog
    assert isinstance(refused, QMessageBox) and "0.624" in refused.text()
    refused.close()
    panel = page.findings
    assert panel.editor_box.isVisible() and "约束性" in panel.editor_label.text()
    assert panel._current is not None and panel._current.blocking
    assert editor.view.currentIndex() == coefficient  # the finding selected its cell
    panel.explanation.setPlainText("部分灌区节水改造工程年内未完工；计划2026年汛前完成。")
    panel.save_button.click()
    assert editor.doc.explained(panel._current)
    window.finalise_action.trigger()
    dialog = page.last_dialog
    assert isinstance(dialog, FinaliseDialog)
    summary = page.finalise_summary(editor.doc)
    assert "赵一" in summary and "钱二" in summary and "孙三" in summary
    assert "第1版" in dialog.findChild(QLabel).text()
    dialog.accept()
    info = yangquan_storage.returns.get(editor.doc.loaded.info.id)
    assert info.status == "finalised" and info.digest
    assert editor.banner.isVisible() and "已定稿" in editor.banner.text()
    item = page.navigator.item_for(info.id)
    assert item is not None and item.text(1).startswith("已定稿")
    assert "已定稿" in window.statusBar().currentMessage()
    assert not editor.doc.undo_stack.canUndo()


def test_a_finalised_return_cannot_be_edited_until_corrected(
    window: MainWindow, demo_storage: Storage
) -> None:
    editor = open_return(window, 2024, "t1")
    doc = editor.doc
    assert doc.read_only and editor.banner.isVisible()
    before = doc.text(None, "total_use")
    type_into(editor, None, "total_use", "9999")
    assert doc.text(None, "total_use") == before
    assert "已定稿" in window.statusBar().currentMessage()
    window.correct_action.trigger()
    dialog = window.page.last_dialog  # type: ignore[union-attr]
    assert isinstance(dialog, CorrectDialog)
    dialog.accept()  # no reason: refused, stays open
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.text()
    dialog.reason.setPlainText("统计局修订了地区生产总值")
    dialog.accept()
    assert doc.loaded.revision == 2 and not doc.read_only
    type_into(editor, None, "total_use", "8100")
    assert demo_storage.returns.values(doc.loaded.info.id)["total_use"].text == "8100"
    assert demo_storage.returns.values(doc.loaded.info.id, 1)["total_use"].text == before
    assert "第2版" in window.page.navigator.item_for(doc.loaded.info.id).text(1)  # type: ignore[union-attr]


def test_structure_table_sums_and_matches_the_workbook_layout(window: MainWindow) -> None:
    editor = open_return(window, 2025, "t2")
    model = editor.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[1] == "地表水" and headers[-1] == "合计"
    total = model.index_of(None, "total_use")
    assert not (model.flags(total) & Qt.ItemFlag.ItemIsEditable)
    before = Decimal(total.data())
    type_into(editor, None, "industry_groundwater", "３５０")
    assert Decimal(total.data()) == before + 50


def test_last_selection_and_splitter_are_remembered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, demo_storage: Storage
) -> None:
    info = open_return(window, 2024, "t4").doc.loaded.info
    window.close()
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    again = MainWindow(
        default_catalog(),
        settings,
        service=ReturnService(demo_storage, default_catalog(), today=TODAY),
    )
    qtbot.addWidget(again)
    assert again.page is not None and again.page.current is not None
    assert again.page.current.loaded.info.id == info.id
