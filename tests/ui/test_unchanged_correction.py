"""定稿 in the window of a correction that changed nothing (city review follow-up, item 3):
the clerk is told there is nothing changed and chooses 撤销更正 (back to 第1版, finalised,
no new revision) or 返回修改 (the correction stays open). Demo county 潞城区, 2024 表一."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import ReturnKey, Storage

from .conftest import TODAY, make_window, open_return

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
