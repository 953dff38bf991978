"""The window's import asks how a filled template meets the draft (#15 item 4).

"只改填了的栏目" (the default) keeps every other value of the draft; "用文件替换整张草稿"
makes the draft the file. The changed values are listed old → new in the message box.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.excel.template import write_template
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.main_window import MainWindow

from .conftest import open_return


def _template(win: MainWindow, tmp_path: Path, cell_name: str) -> Path:
    path = write_template(
        win.page.service.catalog, "阳泉市", "盂县", "t1", 2025, "Y", tmp_path / "一格.xlsx"
    )
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws[ws.defined_names[cell_name].attr_text.split("!")[1].replace("$", "")].value = 4321
    wb.save(path)
    return path


def _answer(text: str) -> None:
    """Click the button `text` of the question box once it is up."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(0, click)


@pytest.mark.parametrize("platform", ["offscreen", pytest.param("xcb", marks=pytest.mark.xwindow)])
def test_import_question_keeps_or_replaces_the_draft(
    platform: str, qtbot: QtBot, yangquan_window: MainWindow, tmp_path: Path
) -> None:
    win = yangquan_window
    assert win.page is not None
    doc = open_return(win, 2025, "t1").doc
    filled = [f.id for f in doc.form.fields if doc.text(None, f.id)]
    assert len(filled) > 3 and "total_use" in filled
    path = _template(win, tmp_path, doc.form.field("total_use").cell)
    outputs = win.page.outputs

    _answer(S.IMPORT_MERGE)
    assert outputs.ask_replace() is False
    outputs.import_files([path], replace=False)
    qtbot.waitUntil(lambda: "导入" in outputs.last_message, timeout=20_000)
    assert doc.text(None, "total_use") == "4321"
    assert all(doc.text(None, f) for f in filled)  # nothing else lost
    box = win.page.last_dialog
    assert isinstance(box, QMessageBox) and "改动 1 项" in box.text()
    assert "→ 4321" in box.detailedText()
    box.close()

    _answer(S.IMPORT_REPLACE)
    assert outputs.ask_replace() is True
    outputs.last_message = ""
    outputs.import_files([path], replace=True)
    qtbot.waitUntil(lambda: "导入" in outputs.last_message, timeout=20_000)
    assert [f.id for f in doc.form.fields if doc.text(None, f.id)] == ["total_use"]
