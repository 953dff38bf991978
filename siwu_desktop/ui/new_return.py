"""New returns: one dialog for a year's returns and a quarter's 表三 (the county, the year
selected in the navigator, 年度 or any quarter, last year's 第四季度 in January, and
从上一年结转 saying what it carries) and the warning before a return for a future year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.terms import ANNUAL, PERIODS, QUARTERS, Period
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.dialogs import ok_cancel_buttons

if TYPE_CHECKING:
    from siwu_desktop.services.carry import CarryPlan
    from siwu_desktop.ui.returns_page import ReturnsPage

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


class NewReturnDialog(QDialog):
    """新建报表, for a year's returns and a quarter's 表三 alike: the county (fixed), the
    year, the period (年度 or a quarter; a quarter's default follows the year) and, for a
    year, 从上一年结转 with a line saying what it would carry (`plan(year)`, read before
    anything is written). `chosen()` after 确定: (year, period, carry)."""

    def __init__(
        self,
        county: str,
        year: int,
        period: Period,
        today: dt.date,
        plan: Callable[[int], CarryPlan],
        *,
        warn_future: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.NEW_RETURN_TITLE)
        self.today = today
        self.plan = plan
        self.warn_future = warn_future
        self._plans: dict[int, CarryPlan] = {}
        self.county = QLabel(county)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setSuffix(" 年")
        self.year.setValue(year)
        self.period = QComboBox()
        for p in PERIODS:
            label = (
                S.NEW_PERIOD_YEAR if p == ANNUAL else S.NEW_PERIOD_QUARTER.format(quarter=p.label)
            )
            self.period.addItem(label, p)
        self.period.setCurrentIndex(PERIODS.index(period))
        self.future = QLabel()
        self.future.setStyleSheet("color:#9a3412")
        self.carry = QCheckBox(S.NEW_CARRY)
        self.carry.setToolTip(S.NEW_CARRY_TIP)
        self.carried = QLabel()
        self.carried.setWordWrap(True)
        self.carried.setStyleSheet("color:#4b5563")
        form = QFormLayout()
        form.addRow(S.NEW_COUNTY_PROMPT, self.county)
        form.addRow(S.NEW_YEAR_PROMPT, self.year)
        form.addRow(S.NEW_PERIOD_PROMPT, self.period)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.future)
        layout.addWidget(self.carry)
        layout.addWidget(self.carried)
        layout.addWidget(ok_cancel_buttons(self))
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # grows with its lines
        self.carried.setFixedWidth(520)
        self.year.valueChanged.connect(self._year_changed)
        self.period.currentIndexChanged.connect(lambda _i: self._update())
        self.carry.toggled.connect(lambda _on: self._say_carried())
        self._update()

    def chosen_period(self) -> Period:
        return PERIODS[self.period.currentIndex()]

    def _year_changed(self, year: int) -> None:
        if self.chosen_period() != ANNUAL:  # the quarter offered for that year
            self.period.setCurrentIndex(PERIODS.index(default_quarter(year, self.today)))
        self._update()

    def _plan(self, year: int) -> CarryPlan:
        if year not in self._plans:
            self._plans[year] = self.plan(year)
        return self._plans[year]

    def _update(self) -> None:
        year = self.year.value()
        future = self.warn_future and year > self.today.year
        self.future.setText(S.NEW_FUTURE_NOTE.format(year=year, today=self.today.year))
        self.future.setVisible(future)
        can = self.chosen_period() == ANNUAL and bool(self._plan(year))
        self.carry.setEnabled(can)
        self.carry.setChecked(can)
        self._say_carried()

    def _say_carried(self) -> None:
        """The line under 从上一年结转: what it would carry, or why nothing."""
        year = self.year.value()
        if self.chosen_period() != ANNUAL:
            self.carried.setText(S.NEW_CARRY_QUARTER)
            return
        plan = self._plan(year)
        lines: list[str] = []
        if plan.exists:
            lines.append(S.NEW_EXISTS.format(year=year))
        if not plan:
            lines.append(S.NEW_CARRY_NONE.format(year=year))
        elif self.carry.isChecked():
            lines += [S.NEW_CARRY_WILL] + [f"· {line}" for line in plan.lines()]
        else:
            lines.append(S.NEW_CARRY_OFF)
        self.carried.setText("\n".join(lines))

    def chosen(self) -> tuple[int, Period, bool]:
        return self.year.value(), self.chosen_period(), self.carry.isChecked()


def new_return_dialog(
    page: ReturnsPage, today: dt.date, quarterly: bool, parent: QWidget
) -> NewReturnDialog:
    """The dialog for 新建年度报表 (年度) or 新建季度报表 (the quarter just ended), on the
    year selected in the navigator (else last year, or the year of the quarter just ended)."""
    year = page.selected_year()
    if year is None:
        year = last_ended_quarter(today)[0] if quarterly else today.year - 1
    period = default_quarter(year, today) if quarterly else ANNUAL
    return NewReturnDialog(
        page.county_title(),
        year,
        period,
        today,
        page.carry_plan,
        warn_future=page.prefs.warn_future(),
        parent=parent,
    )


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
