"""版本记录, read-only revisions, 版本比较 and a cell's 修改记录 in the window (issue #14 item
5, #17 defect 8 and 版本工具), in county and city mode; the dialog and menu paths also in a
real X window.

The county: the demo's 潞城区 2024 表一 (注册用户用水量 Qa 2700, 第1版), corrected as 第2版
with 2750 by its 填报人 张晓燕 (reason 水司账册复核). The city: 长治市 with 潞州区's 2025 表一
第1版 (用水总量 1000) and 第2版 (1100, by 张三, reason 统计局修订用水总量) taken in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from siwu_desktop.cli import main
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.digest import short_digest
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import (
    SMALL,
    correct_and_finalise,
    county_profile,
    fill_and_finalise,
)
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.history import return_history
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import Profile, ReturnKey, Storage, open_storage
from siwu_desktop.storage.receipts import StoredReceipt
from siwu_desktop.ui.history_views import (
    CHANGED_BG,
    MISSING_FG,
    CellTrailDialog,
    CompareDialog,
    RevisionsDialog,
    RevisionWindow,
)
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.return_editor import ReturnEditor

from .conftest import TODAY, make_window, open_return, type_into

CATALOG = default_catalog()
REASON = "水司账册复核"
QA = "注册用户用水量 Qa（万立方米）"


@pytest.fixture
def corrected(demo_storage: Storage) -> Storage:
    service = ReturnService(demo_storage, CATALOG, today=TODAY)
    info = demo_storage.returns.find(ReturnKey("潞城区", "t1", 2024))
    assert info is not None
    loaded = service.load(info)
    assert loaded.data.values["billed_use"].text == "2700"
    correct_and_finalise(service, loaded, {"billed_use": "2750"}, REASON)
    # the city's receipts as the county stored them: 第1版 sent back, 第2版 accepted
    revisions = demo_storage.returns.revisions(info.id)
    demo_storage.receipts.add(
        [
            StoredReceipt(
                "潞城区",
                "t1",
                2024,
                "Y",
                r.revision,
                r.digest or "",
                outcome,
                why,
                (),
                at,
                "FP",
                "回执.siwureceipt",
                at,
                f"r{r.revision}",
            )
            for r, outcome, why, at in zip(
                revisions,
                ("returned", "accepted"),
                ("Qa与水司账册不符", ""),
                ("2026-01-22T09:00:00+08:00", "2026-01-25T10:30:00+08:00"),
                strict=True,
            )
        ]
    )
    return demo_storage


@pytest.fixture
def county_window(qtbot: QtBot, tmp_path: Path, corrected: Storage) -> Iterator[MainWindow]:
    win = make_window(qtbot, tmp_path, corrected)
    yield win
    win.close()


def _history(win: MainWindow) -> RevisionsDialog:
    assert win.page is not None
    win.history_action.trigger()
    dialog = win.page.last_dialog
    assert isinstance(dialog, RevisionsDialog)
    return dialog


def _cells(table, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, c).text() for c in range(table.columnCount())]


def revision_list(win: MainWindow, storage: Storage) -> RevisionsDialog:
    open_return(win, 2024, "t1")
    dialog = _history(win)
    revisions = storage.returns.revisions(dialog.loaded.info.id)
    fingerprint = storage.keys.ensure_own().fingerprint
    first, second = (_cells(dialog.table, r) for r in (0, 1))
    assert first[:2] == ["第1版", "已定稿"] and first[4] == ""
    assert second[:2] == ["第2版", "已定稿"] and second[3:5] == ["张晓燕", REASON]
    assert second[2] == revisions[1].finalised_at[:16].replace("T", " ")  # type: ignore[index]
    assert [first[5], second[5]] == [short_digest(r.digest or "") for r in revisions]
    assert first[6] == second[6] == fingerprint
    assert [first[7], second[7]] == [
        "市局退回（Qa与水司账册不符）2026-01-22",
        "市局已接收 2026-01-25",
    ]
    return dialog


def test_the_revision_list_shows_each_revision(
    county_window: MainWindow, corrected: Storage
) -> None:
    dialog = revision_list(county_window, corrected)
    assert not dialog.open_button.isEnabled() and not dialog.compare_button.isEnabled()
    dialog.select(1)
    assert dialog.open_button.isEnabled() and not dialog.compare_button.isEnabled()
    dialog.select(1, 2)
    assert dialog.compare_button.isEnabled() and not dialog.open_button.isEnabled()


def older_revision_read_only(win: MainWindow, storage: Storage) -> RevisionWindow:
    dialog = revision_list(win, storage)
    dialog.select(1)
    view = dialog.open_selected()
    assert isinstance(view, RevisionWindow)
    editor = view.editor
    assert editor.doc.read_only and editor.doc.loaded.revision == 1
    assert editor.banner.text() == "正在查看第1版（历史版本，只读）。"
    assert editor.subtitle.text().endswith("状态：已定稿（第1版）")
    assert editor.doc.text(None, "billed_use") == "2700"  # 第1版 as it was filed
    before = storage.returns.values(editor.doc.loaded.info.id, 1)["billed_use"]
    type_into(editor, None, "billed_use", "9")
    assert storage.returns.values(editor.doc.loaded.info.id, 1)["billed_use"] == before
    assert editor.doc.text(None, "billed_use") == "2700"
    return view


def test_an_older_revision_opens_read_only(county_window: MainWindow, corrected: Storage) -> None:
    older_revision_read_only(county_window, corrected)


def compare_marks(win: MainWindow, storage: Storage) -> CompareDialog:
    dialog = revision_list(win, storage)
    dialog.select(1, 2)
    view = dialog.compare_selected()
    assert isinstance(view, CompareDialog)
    table = view.table
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["栏目", "第1版", "第2版"]
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    qa = rows[QA]
    assert _cells(table, qa) == [QA, "2700", "2750"]
    for c in range(3):
        item = table.item(qa, c)
        assert item.background().color() == CHANGED_BG
        assert item.toolTip().startswith("第1版：2700\n第2版：2750\n修改人：张晓燕\u3000")
    same = rows["用水总量（万立方米）"]  # not corrected: shown, unmarked
    assert table.item(same, 1).text() == table.item(same, 2).text()
    assert table.item(same, 1).background().style() == Qt.BrushStyle.NoBrush
    changed = [v for v in view.values if v.changed]
    assert view.summary.text().startswith(f"第1版与第2版共有 {len(changed)} 处不同")
    view.only_changed.setChecked(True)
    assert table.rowCount() == len(changed)
    assert QA in [table.item(r, 0).text() for r in range(table.rowCount())]
    return view


def test_comparing_two_revisions_marks_the_changed_cells(
    county_window: MainWindow, corrected: Storage
) -> None:
    compare_marks(county_window, corrected)


def cell_trail(
    win: MainWindow, popup: bool = False, shot: Callable[[], object] = list
) -> CellTrailDialog:
    """Right-click 注册用户用水量 Qa: its menu (popped up only in a real window), 修改记录…"""
    editor = open_return(win, 2024, "t1")
    view = editor.view
    index = view.from_source(editor.model.index_of(None, "billed_use"))
    view.scrollTo(index)
    menu = editor.cell_menu(view.visualRect(index).center(), show=popup)
    assert menu is not None
    shot()
    [action] = menu.actions()
    assert action.text() == "修改记录…" and action.isEnabled()
    action.trigger()
    menu.close()
    dialog = editor.last_dialog
    assert isinstance(dialog, CellTrailDialog)
    assert dialog.windowTitle() == "修改记录：注册用户用水量 Qa"
    rows = [_cells(dialog.table, r) for r in range(dialog.table.rowCount())]
    # the demo typed 2700 into 第1版; 张晓燕 changed it to 2750 in 第2版
    assert rows[0][0] == "第1版" and rows[0][4] == "2700"
    assert [rows[-1][i] for i in (0, 1, 3, 4)] == ["第2版", "张晓燕", "2700", "2750"]
    return dialog


def test_the_cell_menu_shows_that_cells_audit_trail(county_window: MainWindow) -> None:
    cell_trail(county_window)


def test_a_cell_outside_the_values_has_the_menu_disabled(county_window: MainWindow) -> None:
    editor: ReturnEditor = open_return(county_window, 2024, "t1")
    view = editor.view
    index = view.model().index(1, 0)  # 表一's 栏目 column: a label, no value
    menu = editor.cell_menu(view.visualRect(index).center(), show=False)
    assert menu is not None and not menu.actions()[0].isEnabled()
    menu.close()


# --- city mode ---------------------------------------------------------------------------------


def _luzhou_first(tmp_path: Path) -> tuple[Storage, ReturnService, LoadedReturn, Path]:
    """潞州区's 2025 表一 finalised (用水总量 1000) and its 第1版 exported as v1.xlsx."""
    county = open_storage(tmp_path / "county", daily_backup=False)
    county.profile.save(county_profile(CATALOG, "长治市", "潞州区"))
    service = ReturnService(county, CATALOG, today=dt.date(2026, 1, 20))
    loaded = service.load(fill_and_finalise(service, "潞州区", 2025, SMALL).info)
    return county, service, loaded, export_returns(service, [loaded], tmp_path / "v1.xlsx").path


@pytest.fixture
def city_storage(tmp_path: Path) -> Iterator[Storage]:
    county, service, loaded, first = _luzhou_first(tmp_path)
    correct_and_finalise(service, loaded, {"total_use": "1100"}, "统计局修订用水总量")
    second = export_returns(service, [service.load(loaded.info)], tmp_path / "v2.xlsx").path
    key_file = keys.export_public_key(county, tmp_path / "c.siwukey")
    county.close()
    city = open_storage(tmp_path / "city", daily_backup=False)
    counties = tuple((c.name, c.code) for c in CATALOG.counties_for("长治市"))
    city.profile.save(Profile(mode="city", city="长治市", unit_name="长治市水利局", counties=counties))  # fmt: skip
    keys.import_key(city, key_file)
    report = ci.import_paths(ReturnService(city, CATALOG), [first, second])
    assert report.count(ci.ACCEPTED) == 2
    yield city
    city.close()


def test_the_city_sees_the_countys_reasons_and_cell_changes(
    qtbot: QtBot, tmp_path: Path, city_storage: Storage
) -> None:
    city_views(qtbot, tmp_path, city_storage)


@pytest.mark.xwindow
def test_the_city_version_tools_in_a_real_window(
    qtbot: QtBot,
    tmp_path: Path,
    city_storage: Storage,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    city_views(qtbot, tmp_path, city_storage, x_screenshot)


def city_views(
    qtbot: QtBot,
    tmp_path: Path,
    city_storage: Storage,
    shot: Callable[[str], object] = lambda _name: None,
) -> None:
    win = make_window(qtbot, tmp_path, city_storage)
    assert win.page is not None
    info = city_storage.returns.find(ReturnKey("潞州区", "t1", 2025))
    assert info is not None
    win.page.navigator.select(info.id)
    dialog = _history(win)
    second = _cells(dialog.table, 1)
    assert second[:2] == ["第2版", "已定稿"] and second[4] == "统计局修订用水总量（来自 v2.xlsx）"
    assert second[3] == "张三"  # who finalised it at the county, as its file says
    shot("city-revision-list")
    dialog.select(1, 2)
    compare = dialog.compare_selected()
    assert isinstance(compare, CompareDialog)
    [total] = [v for v in compare.values if v.key == "total_use"]
    assert (total.old, total.new, total.who) == ("1000", "1100", "张三")
    shot("city-comparison")
    editor = win.page.current_editor()
    assert editor is not None
    editor.view.setCurrentIndex(editor.view.from_source(editor.model.index_of(None, "total_use")))
    index = editor.view.currentIndex()
    menu = editor.cell_menu(editor.view.visualRect(index).center(), show=False)
    assert menu is not None
    menu.actions()[0].trigger()
    menu.close()
    trail = editor.last_dialog
    assert isinstance(trail, CellTrailDialog)
    [row] = [_cells(trail.table, r) for r in range(trail.table.rowCount())]
    assert [row[i] for i in (0, 1, 3, 4)] == ["第2版", "张三", "1000", "1100"]
    assert trail.note.text() == "市级模式：按县区报送文件所附的修订记录列出。"
    shot("city-cell-trail")
    win.close()


# --- in a real X window ------------------------------------------------------------------------


@pytest.mark.xwindow
def test_the_version_tools_in_a_real_window(
    county_window: MainWindow,
    corrected: Storage,
    qtbot: QtBot,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    dialog = revision_list(county_window, corrected)
    qtbot.waitExposed(dialog)
    dialog.select(2)
    x_screenshot("revision-list")
    view = older_revision_read_only(county_window, corrected)
    qtbot.waitExposed(view)
    x_screenshot("older-revision")
    view.close()
    compare = compare_marks(county_window, corrected)
    qtbot.waitExposed(compare)
    compare.only_changed.setChecked(False)
    compare.raise_()
    x_screenshot("comparison")
    for widget in QApplication.topLevelWidgets():  # every list, view and comparison opened
        if isinstance(widget, QDialog):
            widget.close()
    qtbot.waitUntil(
        lambda: (
            not any(
                isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
            )
        )
    )

    def menu_shown() -> None:
        qtbot.wait(150)
        x_screenshot("cell-menu")

    trail = cell_trail(county_window, popup=True, shot=menu_shown)
    qtbot.waitExposed(trail)
    x_screenshot("cell-trail")
    trail.close()
    assert county_window.isVisible()


def test_the_draft_being_corrected_stays_in_the_main_window(
    qtbot: QtBot, tmp_path: Path, demo_storage: Storage
) -> None:
    """A correction opened (第2版, a draft) is edited in the main window, not in a view:
    the list says so instead of opening a second, read-only copy of it."""
    service = ReturnService(demo_storage, CATALOG, today=TODAY)
    info = demo_storage.returns.find(ReturnKey("潞城区", "t1", 2024))
    assert info is not None
    service.correct(service.load(info), REASON)
    win = make_window(qtbot, tmp_path, demo_storage)
    open_return(win, 2024, "t1")
    dialog = _history(win)
    # 更正中, as the navigator and the subtitle say it (the list said 草稿: #17, the clerk's day)
    assert _cells(dialog.table, 1)[:2] == ["第2版", "更正中"]
    assert win.page is not None and win.page.current_editor() is not None
    assert win.page.current_editor().subtitle.text().endswith("状态：更正中（第2版）")
    dialog.select(2)
    assert dialog.open_selected() is None and dialog.opened == []
    assert dialog.hint.text() == "第2版是当前版本，已在主窗口中打开。"
    dialog.select(1)
    view = dialog.open_selected()
    assert isinstance(view, RevisionWindow) and view.editor.doc.read_only
    win.close()


# --- a revision the city never received (city review item 2) -----------------------------------


@pytest.fixture
def city_with_a_gap(tmp_path: Path) -> Path:
    """潞州区 finalises its 2025 表一 three times (1000 → 1100 → 1200) and sends 第1版 and
    第3版 only: the city (the data directory returned, closed) holds 第1版 and 第3版, and
    第2版 never arrived."""
    county, service, loaded, first = _luzhou_first(tmp_path)
    correct_and_finalise(service, loaded, {"total_use": "1100"}, "统计局修订用水总量")
    loaded = correct_and_finalise(service, service.load(loaded.info), {"total_use": "1200"}, "再次核定")  # fmt: skip
    third = export_returns(service, [service.load(loaded.info)], tmp_path / "v3.xlsx").path
    key_file = keys.export_public_key(county, tmp_path / "c.siwukey")
    county.close()
    with open_storage(tmp_path / "city", daily_backup=False) as city:
        counties = tuple((c.name, c.code) for c in CATALOG.counties_for("长治市"))
        city.profile.save(Profile(mode="city", city="长治市", unit_name="长治市水利局", counties=counties))  # fmt: skip
        keys.import_key(city, key_file)
        report = ci.import_paths(ReturnService(city, CATALOG), [first, third])
        assert report.count(ci.ACCEPTED) == 2
    return tmp_path / "city"


GAP_KEY = ReturnKey("潞州区", "t1", 2025)
GAP_NOTE = "市局没有收到这一版本的报送文件，请向县区索取"


def test_the_city_history_names_a_revision_it_never_received(
    city_with_a_gap: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The city's 版本记录 listed 第1版 and 第3版 as if nothing were between them: the
    service names the gap and `siwu history` prints it in its place."""
    with open_storage(city_with_a_gap, daily_backup=False) as city:
        found = return_history(ReturnService(city, CATALOG), GAP_KEY)
    assert found is not None and [r.revision for r in found.revisions] == [1, 3]
    assert found.missing == (2,) and found.as_dict()["missing_revisions"] == [2]
    args = ["history", "--county", "潞州区", "--year", "2025", "--form", "表一"]
    assert main(["--data-dir", str(city_with_a_gap), *args]) == 0
    out = capsys.readouterr().out
    assert f"第2版　未收到　{GAP_NOTE}" in out
    assert out.index("第1版") < out.index("第2版") < out.index("第3版")


def test_the_city_window_shows_the_missing_revision(
    qtbot: QtBot, tmp_path: Path, city_with_a_gap: Path
) -> None:
    """The window's 版本记录 has a red row for 第2版 that cannot be chosen to open or compare."""
    storage = open_storage(city_with_a_gap, daily_backup=False)
    win = make_window(qtbot, tmp_path, storage)
    assert win.page is not None
    info = storage.returns.find(GAP_KEY)
    assert info is not None
    win.page.navigator.select(info.id)
    dialog = _history(win)
    rows = [_cells(dialog.table, r) for r in range(dialog.table.rowCount())]
    assert [r[:2] for r in rows] == [["第1版", "已定稿"], ["第2版", "未收到"], ["第3版", "已定稿"]]
    assert rows[1][4] == GAP_NOTE
    assert dialog.table.item(1, 0).foreground().color() == MISSING_FG
    dialog.table.selectAll()  # the missing row is not a revision to open or compare
    assert dialog.selected() == [1, 3] and dialog.compare_button.isEnabled()
    win.close()
    storage.close()
