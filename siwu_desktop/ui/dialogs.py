"""Dialogs: the unit profile (first run and settings), restore after damage, finalise, correct."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.services.data import BackupCandidate, Profile
from siwu_desktop.ui import strings as S


def ok_cancel_buttons(dialog: QDialog, ok_text: str = S.BUTTON_OK) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(S.BUTTON_CANCEL)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ProfileDialog(QDialog):
    """City, county (or city mode), unit and the people who sign. `demo_chosen` after
    "打开示例数据"."""

    def __init__(
        self,
        catalog: TargetCatalog,
        profile: Profile | None = None,
        *,
        first_run: bool = False,
        locked_unit: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.demo_chosen = False
        self.setWindowTitle(S.FIRST_RUN_TITLE if first_run else S.SETTINGS_TITLE)
        self.setMinimumWidth(520)
        self.city = QComboBox()
        self.city.addItems(list(catalog.cities))
        self.county = QComboBox()
        self.county_mode = QRadioButton(S.MODE_COUNTY)
        self.city_mode = QRadioButton(S.MODE_CITY)
        modes = QButtonGroup(self)
        modes.addButton(self.county_mode)
        modes.addButton(self.city_mode)
        self.county_mode.setChecked(True)
        self.unit = QLineEdit()
        self.preparer = QLineEdit()
        self.reviewer = QLineEdit()
        self.head = QLineEdit()
        self.phone = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e")
        form = QFormLayout()
        mode_box = QVBoxLayout()
        mode_box.addWidget(self.county_mode)
        mode_box.addWidget(self.city_mode)
        form.addRow(S.LABEL_MODE, mode_box)
        form.addRow(S.LABEL_CITY, self.city)
        form.addRow(S.LABEL_COUNTY, self.county)
        form.addRow(S.LABEL_UNIT, self.unit)
        form.addRow(S.LABEL_PREPARER, self.preparer)
        form.addRow(S.LABEL_REVIEWER, self.reviewer)
        form.addRow(S.LABEL_HEAD, self.head)
        form.addRow(S.LABEL_PHONE, self.phone)
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(S.FIRST_RUN_INTRO)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(form)
        if locked_unit:
            note = QLabel(S.PROFILE_LOCKED_HINT)
            note.setStyleSheet("color:#6b7280")
            layout.addWidget(note)
            for widget in (self.city, self.county, self.county_mode, self.city_mode):
                widget.setEnabled(False)
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        if first_run:
            self.demo_button = QPushButton(S.OPEN_DEMO)
            self.demo_button.setToolTip(S.DEMO_HINT)
            self.demo_button.clicked.connect(self.choose_demo)
            bottom.addWidget(self.demo_button)
        bottom.addStretch(1)
        bottom.addWidget(ok_cancel_buttons(self, S.BUTTON_SAVE))
        layout.addLayout(bottom)
        self.city.currentTextChanged.connect(self._city_changed)
        self.county.currentTextChanged.connect(self._suggest_unit)
        self.city_mode.toggled.connect(self._mode_changed)
        self._city_changed(self.city.currentText())
        if profile is not None:
            self.city.setCurrentText(profile.city)
            self.city_mode.setChecked(profile.mode == "city")
            if profile.county:
                self.county.setCurrentText(profile.county)
            self.unit.setText(profile.unit_name)
            self.preparer.setText(profile.preparer)
            self.reviewer.setText(profile.reviewer)
            self.head.setText(profile.head)
            self.phone.setText(profile.phone)
        self._suggested = self.unit.text()

    def _city_changed(self, city: str) -> None:
        self.county.clear()
        self.county.addItems([c.name for c in self.catalog.counties_for(city)])
        self._suggest_unit()

    def _mode_changed(self) -> None:
        self.county.setEnabled(self.county_mode.isChecked() and self.city.isEnabled())
        self._suggest_unit()

    def _suggest_unit(self) -> None:
        """Fill in the usual unit name until the person types their own."""
        if self.unit.text() and self.unit.text() != getattr(self, "_suggested", ""):
            return
        if self.city_mode.isChecked():
            suggestion = self.catalog.city(self.city.currentText()).water_bureau
        else:
            suggestion = S.UNIT_DEFAULT_COUNTY.format(county=self.county.currentText())
        self.unit.setText(suggestion)
        self._suggested = suggestion

    def profile(self) -> Profile:
        city = self.catalog.city(self.city.currentText())
        city_mode = self.city_mode.isChecked()
        if city_mode:
            counties = tuple((c.name, c.code) for c in city.counties)
            county = None
        else:
            c = self.catalog.county(city.name, self.county.currentText())
            counties, county = ((c.name, c.code),), c.name
        return Profile(
            mode="city" if city_mode else "county",
            city=city.name,
            county=county,
            unit_name=self.unit.text().strip(),
            preparer=self.preparer.text().strip(),
            reviewer=self.reviewer.text().strip(),
            head=self.head.text().strip(),
            phone=self.phone.text().strip(),
            counties=counties,
        )

    def accept(self) -> None:
        missing = [
            label
            for label, edit in (
                (S.LABEL_UNIT, self.unit),
                (S.LABEL_PREPARER, self.preparer),
                (S.LABEL_REVIEWER, self.reviewer),
                (S.LABEL_HEAD, self.head),
            )
            if not edit.text().strip()
        ]
        if missing:
            self.error.setText(S.PROFILE_REQUIRED.format(what="、".join(missing)))
            return
        super().accept()

    def choose_demo(self) -> None:
        self.demo_chosen = True
        super().accept()


class RestoreDialog(QDialog):
    """Guided restore: what happened, the newest good backup, one button."""

    def __init__(
        self,
        message: str,
        candidate: BackupCandidate | None,
        data_dir: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.RESTORE_TITLE)
        self.setMinimumWidth(560)
        self.candidate = candidate
        text = QLabel(S.RESTORE_INTRO.format(message=message.replace("\n", "<br>")))
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if candidate is not None:
            offer = QLabel(
                S.RESTORE_OFFER.format(
                    created=candidate.created[:19],
                    reason=S.BACKUP_REASONS.get(candidate.reason, candidate.reason),
                )
            )
            offer.setWordWrap(True)
            layout.addWidget(offer)
            layout.addWidget(ok_cancel_buttons(self, S.RESTORE_BUTTON))
        else:
            none = QLabel(S.RESTORE_NONE.format(path=data_dir))
            none.setWordWrap(True)
            layout.addWidget(none)
            close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            close.button(QDialogButtonBox.StandardButton.Close).setText(S.BUTTON_CLOSE)
            close.rejected.connect(self.reject)
            layout.addWidget(close)


class FinaliseDialog(QDialog):
    """What will be locked, before it is."""

    def __init__(self, summary_html: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.FINALISE_TITLE)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        head = QLabel(intro)
        head.setWordWrap(True)
        head.setStyleSheet("font-weight:bold")
        layout.addWidget(head)
        body = QLabel(summary_html)
        body.setWordWrap(True)
        layout.addWidget(body)
        layout.addWidget(ok_cancel_buttons(self, S.FINALISE_BUTTON))


class CorrectDialog(QDialog):
    """The reason for a correction (更正) is required."""

    def __init__(self, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.CORRECT_TITLE)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e")
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, S.BUTTON_OK))

    def accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.error.setText(S.CORRECT_REQUIRED)
            return
        super().accept()
