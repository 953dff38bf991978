"""定稿 in the window of a correction that changed nothing (city review follow-up, item 3):
the clerk is told there is nothing changed and chooses 撤销更正 (back to 第1版, finalised,
no new revision) or 返回修改 (the correction stays open); the edits of a withdrawn
correction then show in a cell's 修改记录 as withdrawn, not as the later 第2版's. Demo county
潞城区, 2024 表一."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.city_demo import correct_and_finalise
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import ReturnKey, Storage
from siwu_desktop.ui.dialogs import CorrectDialog
from siwu_desktop.ui.history_views import CellTrailDialog
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.navigator import INFO_ROLE
from siwu_desktop.ui.return_editor import ReturnEditor

from .conftest import TODAY, make_window, open_return, type_into

CATALOG = default_catalog()
KEY = ReturnKey("潞城区", "t1", 2024)


def _ask(qtbot: QtBot, tmp_path: Path, storage: Storage) -> tuple[object, QMessageBox, list[str]]:
    service = ReturnService(storage, CATALOG, today=TODAY)
    info = storage.returns.find(KEY)
    assert info is not None
    service.correct(service.load(info), "核对账册")
    win = make_window(qtbot, tmp_path, storage)
    open_return(win, 2024, "t1")
    assert win.page is not None
    said: list[str] = []
    win.page.message.connect(said.append)
    win.finalise_action.trigger()
    box = win.page.last_dialog
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "更正没有任何更改"
    assert box.text().startswith("第2版与第1版相比没有任何更改，定稿不会产生新版本。")
    assert [b.text() for b in box.buttons()] == ["撤销更正", "返回修改"]
    return win, box, said


def withdraw(qtbot: QtBot, tmp_path: Path, storage: Storage, shot: Callable[[str], object]) -> None:
    win, box, said = _ask(qtbot, tmp_path, storage)
    qtbot.waitExposed(box)
    shot("unchanged-correction")
    box.buttons()[0].click()
    assert said[-1].startswith("第2版与第1版相比没有任何更改：已撤销更正，报表仍为第1版（已定稿）")
    info = storage.returns.find(KEY)
    assert info is not None and info.revision == 1 and info.locked
    assert [r.revision for r in storage.returns.revisions(info.id)] == [1]
    editor = win.page.current_editor()  # type: ignore[attr-defined]
    assert editor is not None and editor.subtitle.text().endswith("（第1版）")
    win.close()  # type: ignore[attr-defined]


def test_an_unchanged_correction_is_withdrawn_from_the_window(
    qtbot: QtBot, tmp_path: Path, demo_storage: Storage
) -> None:
    withdraw(qtbot, tmp_path, demo_storage, lambda _name: None)


def test_back_to_editing_keeps_the_correction_open(
    qtbot: QtBot, tmp_path: Path, demo_storage: Storage
) -> None:
    win, box, said = _ask(qtbot, tmp_path, demo_storage)
    box.buttons()[1].click()
    info = demo_storage.returns.find(KEY)
    assert info is not None and info.revision == 2 and not info.locked and said == []
    win.close()  # type: ignore[attr-defined]


@pytest.mark.xwindow
def test_the_unchanged_correction_question_in_a_real_window(
    qtbot: QtBot,
    tmp_path: Path,
    demo_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    withdraw(qtbot, tmp_path, demo_storage, x_screenshot)


# --- the edits of a withdrawn correction in a cell's 修改记录 ------------------------------


def _correct_in_window(win: MainWindow, qtbot: QtBot, reason: str) -> None:
    win.correct_action.trigger()
    dialog = win.page.last_dialog  # type: ignore[union-attr]
    assert isinstance(dialog, CorrectDialog)
    qtbot.waitExposed(dialog)
    dialog.reason.setPlainText(reason)
    dialog.accept()


def _type(win: MainWindow, qtbot: QtBot, editor: ReturnEditor, text: str) -> None:
    """Type into 注册用户用水量 Qa once the window has the keyboard again (after a dialog)."""
    if win.isVisible():
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
    type_into(editor, None, "billed_use", text)
    assert editor.doc.loaded.data.values["billed_use"].text == text


def withdrawn_edits_in_the_record(
    win: MainWindow, qtbot: QtBot, shot: Callable[[str], object]
) -> None:
    """In the window: 更正, 注册用户用水量 Qa 2700 → 2720 → 2700, 定稿 → 撤销更正; 更正 again,
    2700 → 2750; then that cell's 修改记录…"""
    editor = open_return(win, 2024, "t1")
    _correct_in_window(win, qtbot, "核对账册")
    _type(win, qtbot, editor, "2720")
    _type(win, qtbot, editor, "2700")
    win.finalise_action.trigger()
    box = win.page.last_dialog  # type: ignore[union-attr]
    assert isinstance(box, QMessageBox)
    if win.isVisible():
        qtbot.waitExposed(box)
    assert box.windowTitle() == "更正没有任何更改", (box.windowTitle(), box.text())
    box.buttons()[0].click()  # 撤销更正
    assert editor.doc.loaded.revision == 1 and editor.doc.read_only
    _correct_in_window(win, qtbot, "水司账册复核")
    assert editor.doc.loaded.revision == 2
    _type(win, qtbot, editor, "2750")
    view = editor.view
    index = view.from_source(editor.model.index_of(None, "billed_use"))
    menu = editor.cell_menu(view.visualRect(index).center(), show=False)
    assert menu is not None
    menu.actions()[0].trigger()
    menu.close()
    trail = editor.last_dialog
    assert isinstance(trail, CellTrailDialog)
    table = trail.table
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    # by hand: after the demo's 第1版 entry of 2700, the withdrawn correction's two edits
    # (2700 → 2720 → 2700) say they were withdrawn, though typed under the number 2; then
    # the kept 第2版's one edit, 2700 → 2750, all by the 填报人 张晓燕
    withdrawn = "第2版（已撤销的更正）"
    assert [[r[i] for i in (0, 1, 3, 4)] for r in rows[-3:]] == [
        [withdrawn, "张晓燕", "2700", "2720"],
        [withdrawn, "张晓燕", "2720", "2700"],
        ["第2版", "张晓燕", "2700", "2750"],
    ]
    assert rows[-4][0] == "第1版" and rows[-4][4] == "2700"
    tip = table.item(table.rowCount() - 2, 0).toolTip()
    assert tip == "这次更正已撤销（定稿时与上一版相同），其中的修改不属于此后定稿的第2版。"
    assert table.item(table.rowCount() - 1, 0).toolTip() == "第2版"  # its text, as any cell
    if win.isVisible():
        qtbot.waitExposed(trail)
    shot("withdrawn-cell-trail")
    trail.close()


def test_a_cells_record_names_a_withdrawn_corrections_edits(
    qtbot: QtBot, tmp_path: Path, demo_storage: Storage
) -> None:
    win = make_window(qtbot, tmp_path, demo_storage)
    withdrawn_edits_in_the_record(win, qtbot, lambda _name: None)
    win.close()


@pytest.mark.xwindow
def test_a_cells_record_names_a_withdrawn_corrections_edits_in_a_real_window(
    qtbot: QtBot,
    tmp_path: Path,
    demo_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    win = make_window(qtbot, tmp_path, demo_storage)
    win.show()
    qtbot.waitExposed(win)
    withdrawn_edits_in_the_record(win, qtbot, x_screenshot)
    win.close()


def test_a_draft_exported_in_a_withdrawn_correction_does_not_mark_the_later_one_exported(
    qtbot: QtBot, tmp_path: Path, demo_storage: Storage
) -> None:
    """第2版's draft is exported, then that correction is withdrawn; a new correction is
    finalised as 第2版 and never exported: the navigator says 已定稿（第2版）, not 已导出
    (the export record was of another content, under the number 2). Exported, it says so."""
    service = ReturnService(demo_storage, CATALOG, today=TODAY)
    info = demo_storage.returns.find(KEY)
    assert info is not None
    loaded = service.load(info)
    service.correct(loaded, "核对账册")
    export_returns(service, [loaded], tmp_path / "草稿.xlsx")
    assert service.finalise(loaded).withdrawn
    correct_and_finalise(service, loaded, {"billed_use": "2750"}, "水司账册复核")
    assert service.info(info.id).locked and service.info(info.id).revision == 2
    win = make_window(qtbot, tmp_path, demo_storage)
    assert win.page is not None
    nav = win.page.navigator
    [item] = [i for i in nav.items() if i.data(0, INFO_ROLE).id == info.id]
    assert item.text(1) == "已定稿（第2版）"
    open_return(win, 2024, "t1")
    assert win.page.outputs.export_to(tmp_path / "第2版.xlsx") is not None
    [item] = [i for i in nav.items() if i.data(0, INFO_ROLE).id == info.id]
    assert item.text(1) == "已导出（第2版）"
    win.close()
