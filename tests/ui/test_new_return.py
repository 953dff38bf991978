"""The 新建报表 dialog on its own (offscreen): the quarter offered follows the year, 年度 stays
年度, the future-year note follows the preference, and what would be carried is read for
年度 only, once per year (the window tests drive it through Ctrl+N / Ctrl+Shift+N)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from siwu_desktop.core.terms import Period
from siwu_desktop.services.carry import CarryPlan
from siwu_desktop.ui.new_return import NewReturnDialog

from .conftest import TODAY


def dialog(qtbot: QtBot, period: Period, warn: bool = True) -> tuple[NewReturnDialog, list[int]]:
    asked: list[int] = []

    def plan(year: int) -> CarryPlan:
        asked.append(year)
        return CarryPlan(year, ledger_rows=0)

    d = NewReturnDialog("阳泉市盂县", 2025, period, TODAY, plan, warn_future=warn)
    qtbot.addWidget(d)
    return d, asked


def test_the_quarter_offered_follows_the_year(qtbot: QtBot) -> None:
    # today 20 January 2026: 2025 is over (第四季度), no quarter of 2026 has ended (第一季度)
    d, asked = dialog(qtbot, Period.Q4)
    assert d.chosen() == (2025, "Q4", False)
    d.year.setValue(2026)
    assert d.chosen() == (2026, "Q1", False)
    d.period.setCurrentIndex(0)  # 年度
    d.year.setValue(2027)
    assert d.chosen() == (2027, "Y", False)
    d.year.setValue(2026)
    d.year.setValue(2027)
    assert asked == [2026, 2027]  # read for 年度 only (a quarter carries nothing), once a year
    assert d.carried.text() == (
        "本县往年报表中没有可结转到2027年的内容（表四台账、表一基准年数据）。"
    )


def test_the_future_year_note_follows_the_preference(qtbot: QtBot) -> None:
    d, _ = dialog(qtbot, Period.YEAR)
    d.year.setValue(2027)
    assert d.future.isVisibleTo(d) and "2027年尚未开始（今年是2026年）" in d.future.text()
    d.year.setValue(2026)  # this year has begun
    assert not d.future.isVisibleTo(d)
    quiet, _ = dialog(qtbot, Period.YEAR, warn=False)
    quiet.year.setValue(2027)
    assert not quiet.future.isVisibleTo(quiet)
