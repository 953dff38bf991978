"""The 密钥与备案 page (issue #14): this installation's key fingerprint, its public key file
and printable 密钥备案表; in city mode the registry of county keys with import and replace.
A thin adapter: every operation is services.keys, as the CLI's `siwu keys`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.services import keys
from siwu_desktop.services.changes import Changes
from siwu_desktop.services.returns import ReturnService

OWN = "本机：{unit}（{role}，区划代码 {code}）　密钥生成于 {at}"
FINGERPRINT = "签名密钥指纹：{fingerprint}"
EXPORT = "导出公钥文件…"
SHEET = "打印密钥备案表（PDF）…"
IMPORT = "登记县区公钥…"
IMPORT_CITY = "更换市局公钥…"
HEAD = ("类别", "单位", "区划代码", "指纹", "备案日期", "状态")
ACTIVE = "有效"
REPLACED = "已于 {at} 更换"
KEY_FILTER = "公钥文件 (*.siwukey);;所有文件 (*)"
PDF_FILTER = "PDF 文件 (*.pdf)"
CONFIRM_TITLE = "核对指纹"
CONFIRM = (
    "公钥文件：{unit}（{code}）\n指纹：{fingerprint}\n\n"
    "请与盖章的密钥备案表上的指纹逐位核对。相同才登记。"
)
REPLACE_TITLE = "更换已备案的公钥"
NOT_REPLACED = "未更换，仍以已备案的公钥为准。"
REPLACE = (
    "{facts}\n\n如确需更换（例如县区重装系统或丢失密钥），请先与新的盖章密钥备案表逐位核对"
    "新指纹。是否更换为新公钥？（原公钥保留，用于核验旧版本）"
)
EXPORTED = "已导出公钥文件：{path}"
SHEET_DONE = "已生成密钥备案表：{path}"
NONE_CITY = "尚未备案任何县区的公钥。"
NONE_COUNTY = "尚未导入市局公钥（导入第一个目标包时导入）。"
ROLE = {"county": "县区", "city": "市级"}

Ask = Callable[[str, str], bool]


class KeysPage(QWidget):
    """Own key on top, the trusted keys below; buttons by mode."""

    def __init__(self, service: ReturnService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.own = QLabel()
        self.fingerprint = QLabel()
        big = QFont(self.fingerprint.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.fingerprint.setFont(big)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, len(HEAD))
        self.table.setHorizontalHeaderLabels(list(HEAD))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        city = self.service.profile().mode == "city"
        buttons = QHBoxLayout()
        self.export_button = QPushButton(EXPORT)
        self.export_button.clicked.connect(self.choose_export)
        self.sheet_button = QPushButton(SHEET)
        self.sheet_button.clicked.connect(self.choose_sheet)
        self.import_button = QPushButton(IMPORT if city else IMPORT_CITY)
        self.import_button.clicked.connect(self.choose_import)
        for b in (self.export_button, self.sheet_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own)
        layout.addWidget(self.fingerprint)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        view = self.service.keys_view()
        self.view = view
        role = ROLE.get(view.role, view.role)
        at = view.created_at[:10]
        self.own.setText(OWN.format(unit=view.unit, role=role, code=view.code or "—", at=at))
        self.fingerprint.setText(FINGERPRINT.format(fingerprint=view.fingerprint))
        self.table.setRowCount(len(view.trusted))
        for row, k in enumerate(view.trusted):
            state = ACTIVE if k.active else REPLACED.format(at=(k.replaced_at or "")[:10])
            cells = (
                keys.ROLE_LABEL[k.role],
                k.county or k.unit,
                k.code,
                k.fingerprint,
                k.registered_at[:10],
                state,
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.empty.setText(
            "" if view.trusted else (NONE_CITY if view.role == "city" else NONE_COUNTY)
        )
        self.empty.setVisible(not view.trusted)

    # --- operations (paths given: dialogs only choose them) ---------------------------------

    def export_key(self, path: Path) -> Path:
        out = self.service.export_public_key(path)
        self.message.setText(EXPORTED.format(path=out))
        return out

    def print_sheet(self, path: Path) -> Path:
        from siwu_desktop.printing.key_sheet import write_key_sheet

        out = write_key_sheet(self.view, path)
        self.message.setText(SHEET_DONE.format(path=out))
        return out

    def import_key(self, path: Path, ask: Ask) -> bool:
        """Show the file's unit and fingerprint; register when confirmed; a second key for a
        county asks again (replace). Returns whether a key was registered."""
        try:
            found = keys.read_key_file(path)
            text = CONFIRM.format(unit=found.unit, code=found.code, fingerprint=found.fingerprint)
            if not ask(CONFIRM_TITLE, text):
                return False
            try:
                done = self.service.import_key(path)
            except keys.KeyRefused as exc:
                question = REPLACE.format(facts=exc.replaceable)
                if not exc.replaceable or not ask(REPLACE_TITLE, question):
                    raise
                done = self.service.import_key(path, replace=True)
        except keys.KeyRefused as exc:
            self.message.setText(exc.replaceable + NOT_REPLACED if exc.replaceable else exc.message)
            return False
        self.message.setText(done.message)
        self.apply(done.changes)
        return True

    def apply(self, changes: Changes) -> None:
        """Read the keys again when an operation changed them (services.changes)."""
        if changes.keys:
            self.refresh()

    # --- dialogs ------------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def choose_export(self) -> None:
        name = f"{self.view.county or self.view.unit}{keys.KEY_FILE_SUFFIX}"
        path, _ = QFileDialog.getSaveFileName(self, EXPORT, name, KEY_FILTER)
        if path:
            self.export_key(Path(path))

    def choose_sheet(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, SHEET, "密钥备案表.pdf", PDF_FILTER)
        if path:
            self.print_sheet(Path(path))

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.import_button.text(), "", KEY_FILTER)
        if path:
            self.import_key(Path(path), self._ask)
