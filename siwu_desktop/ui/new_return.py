"""New returns: the year dialog (with 从上年台账带入 for 表四), the quarter dialog (the year
selected in the navigator, any quarter, last year's 第四季度 in January) and the warning
before a return for a future year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.terms import QUARTERS, Period
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.dialogs import _buttons

FIRST_YEAR, LAST_YEAR = 2020, 2035


def last_ended_quarter(today: dt.date) -> tuple[int, Period]:
    """The latest quarter that has ended: in January, last year's 第四季度."""
    ended = (today.month - 1) // 3  # quarters of this year already over
    if ended == 0:
        return today.year - 1, Period.Q4
    return today.year, QUARTERS[ended - 1]


def default_quarter(year: int, today: dt.date) -> Period:
    """The quarter offered for `year`: the one just ended, all of a past year's done (Q4),
    a future year's first."""
    ended_year, ended = last_ended_quarter(today)
    if year == ended_year:
        return ended
    return Period.Q4 if year < ended_year else Period.Q1


class NewYearDialog(QDialog):
    """Year of the new annual returns and whether 表四 starts from last year's ledger;
    `chosen()` after 确定. `ledger_rows(year)` says how many units last year's 表四 has."""

    def __init__(
        self, year: int, ledger_rows: Callable[[int], int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.NAV_NEW_YEAR.rstrip("…"))
        self.ledger_rows = ledger_rows
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setSuffix(" 年")
        self.from_last_year = QCheckBox()
        self.from_last_year.setToolTip(S.NEW_YEAR_LEDGER_TIP)
        note = QLabel(S.NEW_YEAR_BASE_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color:#6b7280")
        self.year.valueChanged.connect(self._year_changed)
        self.year.setValue(year)
        self._year_changed(year)
        form = QFormLayout()
        form.addRow(S.NEW_YEAR_PROMPT, self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.from_last_year)
        layout.addWidget(note)
        layout.addWidget(_buttons(self))
        self.setMinimumWidth(460)

    def _year_changed(self, year: int) -> None:
        count = self.ledger_rows(year)
        if count:
            self.from_last_year.setText(S.NEW_YEAR_LEDGER.format(year=year - 1, count=count))
        else:
            self.from_last_year.setText(S.NEW_YEAR_LEDGER_NONE.format(year=year - 1))
        self.from_last_year.setEnabled(bool(count))
        self.from_last_year.setChecked(bool(count))

    def chosen(self) -> tuple[int, bool]:
        return self.year.value(), self.from_last_year.isChecked()


class NewQuarterDialog(QDialog):
    """Year and quarter of a new 表三; `chosen()` after 确定."""

    def __init__(self, year: int | None, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.NAV_NEW_QUARTER.rstrip("…"))
        self.today = today
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setSuffix(" 年")
        self.quarter = QComboBox()
        self.quarter.addItems([q.label for q in QUARTERS])
        self.year.valueChanged.connect(self._year_changed)
        self.year.setValue(year if year is not None else last_ended_quarter(today)[0])
        self._year_changed(self.year.value())
        form = QFormLayout()
        form.addRow(S.NEW_YEAR_PROMPT, self.year)
        form.addRow(S.NEW_QUARTER_PROMPT, self.quarter)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def _year_changed(self, year: int) -> None:
        self.quarter.setCurrentIndex(QUARTERS.index(default_quarter(year, self.today)))

    def chosen(self) -> tuple[int, Period]:
        return self.year.value(), QUARTERS[self.quarter.currentIndex()]


def confirm_future(
    parent: QWidget, year: int, today: dt.date, what: str, create: Callable[[], None]
) -> QMessageBox | None:
    """Create at once, or first ask when `year` has not begun (returns the open question)."""
    if year <= today.year:
        create()
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        S.FUTURE_YEAR_TITLE,
        S.FUTURE_YEAR_TEXT.format(year=year, what=what, today=today.year),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText(S.FUTURE_YEAR_CREATE)
    box.button(QMessageBox.StandardButton.No).setText(S.BUTTON_CANCEL)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.buttonClicked.connect(lambda button: create() if button is yes else None)
    box.open()
    return box
