"""文件 → 导入目标包…: show what a city's target pack changes, then apply it on 确定.

services.packs.preview_pack reads and checks the file and diffs it against the pack in
force (core.target_pack.diff_packs) without storing; only 确定 stores it. The open
returns are then judged again: ReturnService re-reads the pack in force, and every
open document is reloaded so 表三 gains the pack's tasks and 表一 its allocations.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.target_pack import PackError
from siwu_desktop.services.packs import ImportResult, in_force_label
from siwu_desktop.ui import strings as S

if TYPE_CHECKING:
    from siwu_desktop.ui.main_window import MainWindow

CHANGE_COLORS = {"added": "#1e7b34", "removed": "#b3261e", "changed": "#8a5a00"}


class PackDiffDialog(QDialog):
    """The changes a pack brings, one line each, in Chinese; 确定 applies it."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        self.setWindowTitle(S.PACK_IMPORT_TITLE)
        self.resize(760, 460)
        pack = result.pack
        if result.already:
            head = S.PACK_IMPORT_ALREADY.format(label=pack.label)
        elif result.previous is None:
            head = S.PACK_IMPORT_FIRST.format(label=pack.label)
        elif result.changes:
            head = S.PACK_IMPORT_CHANGES.format(label=pack.label, old=result.previous.label)
        else:
            head = S.PACK_IMPORT_SAME.format(label=pack.label)
        self.heading = QLabel(head)
        self.heading.setWordWrap(True)
        self.changes = QListWidget()
        for change in result.changes:
            item = QListWidgetItem(change.text)
            item.setForeground(QColor(CHANGE_COLORS.get(change.kind, "#1f2937")))
            self.changes.addItem(item)
        note_text = S.PACK_IMPORT_NOTE.format(digest=pack.digest[:16])
        if result.signer is not None and result.signer.first:
            note_text = S.PACK_IMPORT_PIN.format(fingerprint=result.signer.fingerprint)
        note = QLabel(note_text)
        note.setWordWrap(True)
        note.setStyleSheet("color:#6b7280")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(S.PACK_IMPORT_APPLY)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(S.BUTTON_CANCEL)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.changes, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def lines(self) -> list[str]:
        return [self.changes.item(i).text() for i in range(self.changes.count())]


class PackImporter:
    """The window's side of importing a pack (county or city profile)."""

    def __init__(self, win: MainWindow) -> None:
        self.win = win
        self.last_dialog: PackDiffDialog | None = None

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.win, S.PACK_IMPORT_TITLE, "", S.PACK_IMPORT_FILTER
        )
        if path:
            self.preview(Path(path))

    def preview(self, path: Path) -> PackDiffDialog | None:
        service = self.win.service
        if service is None:
            return None
        try:
            result = service.preview_pack(path)
        except PackError as exc:
            QMessageBox.warning(self.win, S.PACK_IMPORT_TITLE, str(exc))
            return None
        dialog = PackDiffDialog(result, self.win)
        dialog.accepted.connect(lambda: self.apply(result))
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def apply(self, result: ImportResult) -> bool:
        service = self.win.service
        assert service is not None
        try:
            changes = service.apply_pack(result)
        except PackError as exc:
            self.win.statusBar().showMessage(str(exc), 15000)
            return False
        if self.win.page is not None:
            self.win.page.apply(changes)
        in_force = in_force_label(service.pack_in_force().pack)
        done = S.PACK_IMPORT_DONE.format(label=result.pack.label, in_force=in_force)
        self.win.statusBar().showMessage(done, 15000)
        return True
