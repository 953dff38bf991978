"""The 填报 page on a small screen or a 150 % desktop (issue #17 item 10): the side panels
take a share of the window (the navigator no wider than its content), the table the rest;
表一's 栏目 comes before the columns that can give up width; 表二 fits a 1280 × 720 window
without sideways scrolling; 表四's filter box shows its placeholder whole. Panel widths the
clerk drags are kept in window.ini; undragged, they follow the window's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyle, QToolButton
from pytestqt.qtbot import QtBot

from siwu_desktop.storage import Storage
from siwu_desktop.ui.entry_models import IndicatorModel, StructureModel
from siwu_desktop.ui.entry_view import name_and_note
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.return_editor import ReturnEditor
from siwu_desktop.ui.returns_page import PANELS_KEY, panel_widths
from tests import xwindow

from .conftest import make_window, open_return
from .test_wrapped_names import cut_cells, headings_cut

EM = 14  # 中 in the program's font (14 px)


def test_panel_widths_are_shares_of_the_page_within_bounds() -> None:
    """em 14 px, two 4 px handles, the navigator's content 262 px.
    1280 px: navigator min(262, max(12 em = 168, 0.2 × 1280 = 256)) = 256; 检查结果
    0.2 × 1280 = 256 within [15 em = 210, 26 em = 364]; table 1280 − 256 − 256 − 8 = 760.
    1920 px: navigator its content, 262 (< 384); 检查结果 384 capped at 364;
    table 1920 − 262 − 364 − 8 = 1286.
    800 px: navigator max(168, 160) = 168; 检查结果 160 raised to 210; table 800 − 168 − 210
    − 8 = 414."""
    assert panel_widths(1280, 262, EM, 8) == [256, 760, 256]
    assert panel_widths(1920, 262, EM, 8) == [262, 1286, 364]
    assert panel_widths(800, 262, EM, 8) == [168, 414, 210]


def page_sizes(window: MainWindow) -> list[int]:
    assert window.page is not None
    return window.page.splitter.sizes()


def show_at(qtbot: QtBot, window: MainWindow, size: tuple[int, int], form: str) -> ReturnEditor:
    window.resize(*size)
    editor = open_return(window, 2025, form)
    view = editor.view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() < size[0] - 400)
    QApplication.processEvents()
    return editor


def panels_leave_the_table_the_width(qtbot: QtBot, window: MainWindow) -> None:
    """At 1280 × 720 each side panel has at most a fifth of the page (before: 270 and 300 px
    of 1280, 21 % and 23 %, the table 702 px), the navigator still shows every title and
    status whole."""
    show_at(qtbot, window, (1280, 720), "t1")
    assert window.page is not None
    page = window.page.width()
    nav, table, findings = page_sizes(window)
    assert nav <= 0.2 * page and findings <= 0.2 * page, (nav, findings, page)
    assert table >= 0.58 * page
    navigator = window.page.navigator
    assert nav >= navigator.content_width()  # nothing of it elided
    header = navigator.header()
    for column in range(navigator.columnCount()):
        assert header.sectionSize(column) >= navigator.sizeHintForColumn(column)


def test_the_side_panels_leave_a_1280_window_to_the_table(qtbot: QtBot, window: MainWindow) -> None:
    panels_leave_the_table_the_width(qtbot, window)


def test_a_narrow_navigator_keeps_every_title_whole(qtbot: QtBot, window: MainWindow) -> None:
    """At the window's least width (960 px) the navigator is narrower than its content: the
    years and form titles stay whole and the status gives up width (before: the titles were
    elided to "20···" and "···" beside whole statuses). The status stays in the tooltip."""
    show_at(qtbot, window, (960, 620), "t1")
    assert window.page is not None
    navigator = window.page.navigator
    qtbot.waitUntil(lambda: navigator.viewport().width() < navigator.content_width())
    header = navigator.header()
    assert header.sectionSize(0) >= navigator.sizeHintForColumn(0)  # no title elided
    assert header.sectionSize(0) + header.sectionSize(1) <= navigator.viewport().width()
    assert not navigator.horizontalScrollBar().isVisible()
    item = navigator.item_for(window.page.current.loaded.info.id)
    assert item is not None and item.text(0) == "表一 主要指标"
    assert item.text(1) in item.toolTip(1)  # the status whole where its column is cut
    window.resize(1280, 720)  # room again: the status whole beside the titles
    qtbot.waitUntil(lambda: header.sectionSize(1) >= navigator.sizeHintForColumn(1))
    assert header.sectionSize(0) >= navigator.sizeHintForColumn(0)


def test_undragged_panels_follow_the_window_and_dragged_ones_are_kept(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, demo_storage: Storage
) -> None:
    """Undragged, 检查结果 is a fifth of a wider page too (1280 → 1600 px window: it grows),
    and nothing is saved; dragged 80 px narrower, the next window over the same window.ini
    opens with the dragged widths, and a wider window widens the table only."""
    show_at(qtbot, window, (1280, 720), "t1")
    narrow = page_sizes(window)[2]
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: page_sizes(window)[2] > narrow)
    assert window.page is not None
    splitter = window.page.splitter
    handle = splitter.handle(2)  # between the table and 检查结果
    y = handle.height() // 2
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=QPoint(1, y))
    qtbot.mouseMove(handle, QPoint(41, y))
    qtbot.mouseMove(handle, QPoint(81, y))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=QPoint(81, y))
    dragged = page_sizes(window)
    assert dragged[2] < narrow + 0.2 * 320 - 40  # narrower than its undragged share
    window.resize(1700, 900)  # the clerk's widths stay, the table takes the 100 px
    qtbot.waitUntil(lambda: page_sizes(window)[1] >= dragged[1] + 100)
    assert page_sizes(window)[0::2] == dragged[0::2]
    kept = page_sizes(window)
    window.close()
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert settings.value(PANELS_KEY) is not None
    again = make_window(qtbot, tmp_path, demo_storage)
    try:
        again.resize(1700, 900)
        qtbot.waitUntil(lambda: page_sizes(again)[0::2] == kept[0::2])
    finally:
        again.close()


def test_an_undragged_splitter_is_not_saved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    show_at(qtbot, window, (1280, 720), "t1")
    window.close()
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert settings.value(PANELS_KEY) is None
    assert settings.value("window/splitter") is None  # the old key, saved dragged or not


def names_come_first(qtbot: QtBot, window: MainWindow) -> None:
    """表一 at 1280 × 720: 栏目 at least 10 em (before: its 6 em minimum, 85 px, while 识别为
    kept 7.5 em and 完成情况 8), every name and 识别为 still whole, no sideways scrolling."""
    view = show_at(qtbot, window, (1280, 720), "t1").view
    assert view.horizontalScrollBar().maximum() == 0
    em = view.fontMetrics().horizontalAdvance("中")
    assert view.columnWidth(IndicatorModel.COL_FIELD) >= 10 * em
    assert view.columnWidth(IndicatorModel.COL_TARGET) >= 5 * em
    assert cut_cells(view, (IndicatorModel.COL_FIELD, IndicatorModel.COL_PARSED)) == []


def test_t1_names_get_the_width_before_squeezable_columns(qtbot: QtBot, window: MainWindow) -> None:
    names_come_first(qtbot, window)


def test_t3_tasks_get_the_width_before_squeezable_columns(qtbot: QtBot, window: MainWindow) -> None:
    """表三 at 1280 × 720: 任务内容 at least 8 em (before: 109 px, 7.8 em, while the empty
    完成时限 and 市级牵头单位 kept 84 and 98), no sideways scrolling, every cell whole."""
    view = show_at(qtbot, window, (1280, 720), "t3").view
    assert view.horizontalScrollBar().maximum() == 0
    model = view.cell_model()
    task = next(c for c, spec in enumerate(model.columns) if spec.id == "task")
    assert view.columnWidth(task) >= 8 * view.fontMetrics().horizontalAdvance("中")
    assert cut_cells(view, tuple(range(model.columnCount()))) == []


def t2_fits(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    """表二 at 1280 × 720: 748 px of table for 11 columns of 770 (sector 9 em = 126, ten
    figures ≥ 64); the sector column gives up 22 px, its names wrapping, so 合计 shows
    with no sideways scrolling; every sector name and heading whole."""
    view = show_at(qtbot, window, size, "t2").view
    assert view.horizontalScrollBar().maximum() == 0, size
    header = view.horizontalHeader()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        view.viewport().width() + 1
    )
    em = view.fontMetrics().horizontalAdvance("中")
    assert view.columnWidth(StructureModel.COL_SECTOR) >= 5 * em
    assert cut_cells(view, (StructureModel.COL_SECTOR,)) == []
    assert headings_cut(view) == []


@pytest.mark.parametrize("size", [(1400, 900), (1280, 720)])
def test_t2_fits_the_window_without_sideways_scrolling(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    t2_fits(qtbot, window, size)


def placeholder_whole(qtbot: QtBot, window: MainWindow) -> None:
    """表四's filter box at 1280 × 720: its placeholder (17 characters, 238 px) fits between
    the box's left frame and margin and its clear button (before: the box had what its
    stretch left, 筛选（单位名称、行业…)."""
    editor = show_at(qtbot, window, (1280, 720), "t4")
    edit = editor.filter_edit
    edit.setText("x")  # the clear button shows (its place is kept without text, too)
    QApplication.processEvents()
    button = next(b for b in edit.findChildren(QToolButton) if b.isVisibleTo(edit))
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    text_left = frame + 2  # QLineEdit's horizontal margin
    room = button.geometry().left() - text_left
    edit.clear()
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room


def test_the_ledger_filter_shows_its_placeholder_whole(qtbot: QtBot, window: MainWindow) -> None:
    placeholder_whole(qtbot, window)


@pytest.mark.xwindow(scale=1.5)
def test_the_page_at_150_percent_in_a_real_window(
    qtbot: QtBot, window: MainWindow, request: pytest.FixtureRequest
) -> None:
    """All of the above at 150 % in a real X window, and each table's picture saved."""
    assert QGuiApplication.primaryScreen().devicePixelRatio() == 1.5
    panels_leave_the_table_the_width(qtbot, window)
    names_come_first(qtbot, window)
    t2_fits(qtbot, window, (1280, 720))
    placeholder_whole(qtbot, window)
    notes_are_secondary(qtbot, window)
    for form in ("t1", "t2", "t3", "t4"):
        show_at(qtbot, window, (1280, 720), form)
        name = xwindow.shot_name(request.node.nodeid, f"{form}-1280x720")
        xwindow.grab_widget(window, xwindow.SHOTS / name)


def notes_are_secondary(qtbot: QtBot, window: MainWindow) -> None:
    """表一 at 1280 × 720: the help under 黄河干支流耗水量 is drawn smaller (0.86 of the font)
    and grey, so its row is less tall (121 px, not 133 at 100 %) than the name and help in the cell's font would make
    it (before: 11 lines of black text at 150 %), and the darkest pixel of the help's lines is
    the note's grey (#6b7280, lightness 112 of 255 in HSL terms ~ 0.44), not the name's
    black."""
    view = show_at(qtbot, window, (1280, 720), "t1").view
    model = view.model()
    row = next(
        r
        for r in range(model.rowCount())
        if str(model.index(r, 0).data()).startswith("黄河干支流耗水量\n")
    )
    index = model.index(row, IndicatorModel.COL_FIELD)
    text = str(index.data())
    width = view.columnWidth(0) - 2 * view.text_margin() - 1
    flags = Qt.TextFlag.TextWordWrap
    whole = view.fontMetrics().boundingRect(QRect(0, 0, width, 1 << 20), flags, text).height()
    line = view.fontMetrics().height()
    assert view.rowHeight(row) < whole + view.verticalHeader().defaultSectionSize() - line
    view.scrollTo(index)
    QApplication.processEvents()
    cell = view.visualRect(index)
    _, _, name, note = name_and_note(text, width, view.font())  # the name's lines, the note's
    top = (cell.height() - name - note) // 2
    below_name = cell.adjusted(4, top + name + 2, -4, -(cell.height() - top - name - note))
    image = view.viewport().grab(below_name).toImage()
    darkest = min(
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height())
    )
    assert 80 <= darkest <= 130, darkest  # the note's grey (#6b7280: 112), not black (0)


def test_a_names_help_is_a_smaller_grey_note(qtbot: QtBot, window: MainWindow) -> None:
    notes_are_secondary(qtbot, window)


def test_the_navigator_follows_its_rows_after_the_window_is_laid_out(
    qtbot: QtBot, yangquan_storage: Storage, tmp_path: Path
) -> None:
    """The panels are fitted when the window is sized, but the navigator's rows change
    after: background judging turns 草稿（第1版） into 有错误（第1版）, one character
    longer. Its width follows (before: in a real window filling a 1600 px screen, 表四
    用水户… elided in a 236 px navigator while a fifth, 320 px, had room for its 250)."""
    win = make_window(qtbot, tmp_path, yangquan_storage)
    try:
        win.resize(1600, 900)
        assert win.page is not None
        page, navigator = win.page, win.page.navigator
        qtbot.waitUntil(lambda: not page._judge_queue and page.isVisible())
        unjudged = [i for i in page.all_returns() if i.id not in page.documents]
        assert unjudged  # 表二–表四 of 2025, judged in the background
        for info in unjudged:  # as before their judging: 草稿（第1版）
            navigator.errors.pop(info.id, None)
            navigator.refresh_info(info)
        page.fit_panels(page.width())
        narrow = page.splitter.sizes()[0]
        page._judge_queue = list(unjudged)
        page._judge_next()  # one 有错误（第1版） more
        assert navigator.content_width() > narrow
        assert navigator.content_width() <= 0.2 * page.width()  # room for all of it
        assert page.splitter.sizes()[0] >= navigator.content_width()
    finally:
        win.close()
