"""帮助 → 使用说明 (F1): the manual opens, lists every section of the clerk's day, its links
and pictures resolve, and the README's 使用说明 names the same sections."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.ui.help import HelpDialog, manual_path, sections
from siwu_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
# the day's tasks the issue names (#17 "What a clerk expects": Help)
TASKS = [
    "新建报表",
    "录入与粘贴",
    "校验与情况说明",
    "定稿与更正",
    "导出",
    "打印",
    "导入模板",
    "目标与任务",
    "目标包",
    "密钥与备案",
    "市级汇入与汇总",
]


def manual() -> str:
    return manual_path().read_text(encoding="utf-8")


def test_every_task_has_its_section() -> None:
    assert [title for _, title in sections(manual())] == TASKS


def test_links_and_pictures_resolve() -> None:
    html = manual()
    anchors = {a for a, _ in sections(html)}
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert len(pictures) >= 4
    for src in pictures:
        path = manual_path().parent / src
        assert path.is_file(), src
        assert path.stat().st_size < 150_000, f"{src}: keep the pictures small"
    for href in re.findall(r'<a href="([^"]+)"', html):
        if href.startswith("#"):
            assert href[1:] in anchors, href
        else:
            assert (manual_path().parent / href).is_file(), href


def test_the_readme_names_every_section() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+)$", readme, re.M) + re.findall(
        r"^- \*\*(.+?)\*\*", readme, re.M
    )
    for title in TASKS:
        assert any(h.startswith(title) for h in headings), title


def test_the_build_ships_the_manual() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec  # resources/help goes along
    assert (
        '"resources/help/make_screenshots.py"' in spec
    )  # the script that makes the pictures does not


def press_f1_opens_the_manual(qtbot: QtBot, win: MainWindow) -> HelpDialog:
    handle = win.windowHandle()
    assert handle is not None
    win.activateWindow()
    QTest.keyClick(handle, Qt.Key.Key_F1)
    dialog = getattr(win, "manual", None)
    assert isinstance(dialog, HelpDialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "使用说明"
    assert [dialog.contents.item(i).text() for i in range(dialog.contents.count())] == TASKS
    text = dialog.browser.toPlainText()
    for title in TASKS:
        assert title in text
    document = dialog.browser.document()
    for src in re.findall(r'<img src="([^"]+)"', manual()):
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(src))
        assert image is not None and not image.isNull(), src
    # 导出 chosen in the contents: the text scrolls to it
    before = dialog.browser.verticalScrollBar().value()
    dialog.contents.setCurrentRow(TASKS.index("导出"))
    assert dialog.browser.verticalScrollBar().value() > before
    return dialog


def test_f1_opens_the_manual(qtbot: QtBot, window: MainWindow) -> None:
    dialog = press_f1_opens_the_manual(qtbot, window)
    assert window.manual_action in window.menuBar().actions()[-1].menu().actions()
    assert window.manual_action.text() == "使用说明(&M)"
    dialog.close()
    window.manual_action.trigger()  # 帮助 → 使用说明: the same window again
    assert window.manual is dialog and dialog.isVisible()


@pytest.mark.xwindow
def test_f1_opens_the_manual_in_a_real_window(
    qtbot: QtBot, window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    dialog = press_f1_opens_the_manual(qtbot, window)
    x_screenshot("manual")
    dialog.close()
