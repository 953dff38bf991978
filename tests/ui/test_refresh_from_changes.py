"""The window refreshes from what each operation returns (`services.changes.Changes`, the
idea of Anki's OpChanges; issue #13 item 1): the navigator rows of the returns it changed
and new returns in the list, not a reload by hand after the operation."""

from __future__ import annotations

from siwu_desktop.ui.main_window import MainWindow


def _status(win: MainWindow, return_id: int) -> str:
    assert win.page is not None
    item = win.page.navigator.item_for(return_id)
    assert item is not None
    return item.text(1)


def test_a_return_checked_elsewhere_shows_its_new_state_from_the_changes(
    yangquan_window: MainWindow,
) -> None:
    page, service = yangquan_window.page, yangquan_window.service
    assert page is not None and service is not None
    t4 = service.open("盂县", "t4", 2025)
    assert page.current is not None and page.current.loaded.info.id != t4.id  # 表一 is open
    assert _status(yangquan_window, t4.id) == "草稿（第1版）"
    checked = service.check(service.load(t4))  # an empty 表四 has no errors: 已校验
    assert checked.changes.statuses == {t4.id}
    assert _status(yangquan_window, t4.id) == "草稿（第1版）"  # nothing redraws by itself
    page.apply(checked.changes)
    assert _status(yangquan_window, t4.id) == "已校验（第1版）"


def test_a_new_quarter_enters_the_list_from_the_changes(yangquan_window: MainWindow) -> None:
    from siwu_desktop.core.terms import Period
    from siwu_desktop.services.carry import create_quarter

    page, service = yangquan_window.page, yangquan_window.service
    assert page is not None and service is not None
    before = len(page.navigator.items())
    made = create_quarter(service, "盂县", 2025, Period.Q1)
    assert made.changes.listing
    assert len(page.navigator.items()) == before  # not listed until the window refreshes
    page.apply(made.changes)
    assert len(page.navigator.items()) == before + 1
