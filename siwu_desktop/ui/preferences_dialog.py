"""设置 → 偏好设置…: the dialog over `ui.preferences.Preferences` (loaded when opened, not
at start-up: the window needs only the preferences themselves)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.ui import strings as S
from siwu_desktop.ui.dialogs import ok_cancel_buttons
from siwu_desktop.ui.preferences import Preferences


class PreferencesDialog(QDialog):
    """设置 → 偏好设置…: the default export folder and the future-year warning."""

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.setWindowTitle(S.PREFERENCES_TITLE)
        self.folder = QLineEdit(str(prefs.export_folder() or ""))
        self.folder.setPlaceholderText(S.PREFERENCES_FOLDER_NONE)
        self.folder.setMinimumWidth(360)
        choose = QPushButton(S.PREFERENCES_CHOOSE)
        choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.warn = QCheckBox(S.PREFERENCES_WARN_FUTURE)
        self.warn.setChecked(prefs.warn_future())
        form = QFormLayout()
        form.addRow(S.PREFERENCES_FOLDER, row)
        form.addRow("", self.warn)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e")
        self.error.setVisible(False)
        self.folder.textChanged.connect(lambda _text: self.error.setVisible(False))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, S.PREFERENCES_FOLDER, self.folder.text())
        if folder:
            self.folder.setText(folder)

    def accept(self) -> None:
        text = self.folder.text().strip()
        if text and not Path(text).is_dir():
            self.error.setText(S.PREFERENCES_FOLDER_MISSING.format(folder=text))
            self.error.setVisible(True)
            return
        self.prefs.set_export_folder(Path(text) if text else None)
        self.prefs.set_warn_future(self.warn.isChecked())
        super().accept()
