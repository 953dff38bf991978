"""帮助 → 使用说明 (F1): the Chinese manual shipped in resources/help, with its contents
list beside it. The manual is one HTML file whose <h2 id=…> headings are the sections;
its pictures are made from the real window by resources/help/make_screenshots.py."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QWidget,
)

from siwu_desktop.paths import resource_path
from siwu_desktop.ui import strings as S

SECTION = re.compile(r'<h2 id="([^"]+)">([^<]+)</h2>')


def manual_path() -> Path:
    return resource_path("help", "manual.html")


def sections(html: str) -> list[tuple[str, str]]:
    """(anchor, heading) of each section, in order."""
    return SECTION.findall(html)


class HelpDialog(QDialog):
    """The manual: contents on the left, the text (with pictures) on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.HELP_TITLE)
        path = manual_path()
        self.contents = QListWidget()
        self.contents.setMaximumWidth(200)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        for anchor, title in sections(path.read_text(encoding="utf-8")):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            self.contents.addItem(item)
        self.contents.currentItemChanged.connect(self._chosen)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addWidget(self.browser, 1)
        self.resize(980, 720)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))

    def show_section(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)
