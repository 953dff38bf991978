"""Qt's own dialogs in Chinese, in a real X window, as `siwu gui` sets the application up."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QLocale, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QTabWidget,
    QTreeView,
    QWidget,
)

from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.qt_zh import MISSING, _Missing
from tests.cups import PrintServer

# what may stay Latin on a Chinese dialog: file suffixes, the printer's own name and type
ALLOWED = re.compile(r"PDF|CUPS|xlsx|siwu-test-pdf|Generic|Printer|w/ options|/\S*")


def latin_words(widget: QWidget) -> list[str]:
    """Labels, buttons, group and tab titles that still carry English words. The 高级 tab
    of a printer's properties lists its driver's own options (the PPD's words, English
    for cups-pdf), not Qt's: it is left out."""
    texts = [widget.windowTitle()]
    driver: set[QWidget] = set()
    for tabs in widget.findChildren(QTabWidget):
        for i in range(tabs.count()):
            if tabs.tabText(i).replace("&", "") == "高级":
                page = tabs.widget(i)
                driver |= {page, *page.findChildren(QWidget)}
    for child in widget.findChildren(QWidget):
        if child in driver:
            continue
        if isinstance(child, QLabel | QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, QTabWidget):
            texts += [child.tabText(i) for i in range(child.count())]
    return [t for t in texts if re.search(r"[A-Za-z]{2,}", ALLOWED.sub("", t.replace("&", "")))]


def when_modal(kind: type[QDialog], look: Callable[[QDialog], None]) -> None:
    """Call `look` with the next modal dialog of that kind once it is shown, then close it."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            try:
                look(dialog)
            finally:
                dialog.reject()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


def test_the_missing_strings_answer_only_for_themselves() -> None:
    missing = _Missing()
    assert missing.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert missing.translate("QAbstractFileIconProvider", "Folder", "All other platforms")
    # anything else is left to Qt's catalogue: a null answer, not an empty translation
    assert missing.translate("QFileDialog", "&New Folder") is None
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in MISSING.values())


@pytest.mark.xwindow
def test_the_file_dialog_speaks_chinese_and_writes_chinese_dates(
    tmp_path: Path, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.instance() is None  # create_app makes it, as `siwu gui` does
    app = create_app()
    assert app.platformName() == "xcb"
    workbook = tmp_path / "盂县_2025_表一_第1版.xlsx"
    workbook.write_bytes(b"PK")
    (tmp_path / "上报").mkdir()
    seen: dict[str, object] = {}

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        view = dialog.findChild(QTreeView, "treeView")
        model = view.model()
        deadline = QDateTime.currentDateTime().addSecs(30)
        while model.rowCount(view.rootIndex()) < 2 and QDateTime.currentDateTime() < deadline:
            app.processEvents()
        rows = {
            model.index(r, 0, view.rootIndex()).data(): [
                model.index(r, c, view.rootIndex()).data() for c in range(4)
            ]
            for r in range(model.rowCount(view.rootIndex()))
        }
        seen.update(latin=latin_words(dialog), rows=rows)
        x_screenshot("file-dialog")

    when_modal(QFileDialog, look)
    QFileDialog.getSaveFileName(None, "导出报表", str(workbook), "Excel 工作簿 (*.xlsx)")
    assert seen["latin"] == []  # no "Look in:", "Files of type:"
    rows = seen["rows"]
    assert isinstance(rows, dict)
    assert rows["上报"][2] == "文件夹"  # not "Folder"
    assert rows[workbook.name][1] == "2 字节"  # not "2 bytes"
    modified = QDateTime.fromSecsSinceEpoch(int(workbook.stat().st_mtime))
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    # zh_CN short format, e.g. 2026/12/1 18:08 (not the C locale's "1 12 2026 18:08")
    assert rows[workbook.name][3] == chinese.toString(modified, QLocale.FormatType.ShortFormat)


@pytest.mark.xwindow
def test_the_print_dialog_speaks_chinese(
    print_server: PrintServer, x_screenshot: Callable[[str], Path | None]
) -> None:
    """With the real CUPS queue chosen, so the CUPS job options are on show too."""
    app = create_app()
    assert app.platformName() == "xcb"
    dialog = QPrintDialog()
    QDialog.open(dialog)
    app.processEvents()
    options = next(b for b in dialog.findChildren(QAbstractButton) if "选项" in b.text())
    options.click()  # the page range, copies and duplex panel
    app.processEvents()
    x_screenshot("print-dialog")
    assert latin_words(dialog) == []
    seen: list[list[str]] = []

    def look(properties: QDialog) -> None:
        seen.append(latin_words(properties))
        x_screenshot("print-properties")

    properties = next(b for b in dialog.findChildren(QAbstractButton) if "属性" in b.text())
    when_modal(QDialog, look)
    properties.click()
    dialog.reject()
    assert seen == [[]]  # 每张页数, 页面顺序, 定时打印, 任务优先级…
