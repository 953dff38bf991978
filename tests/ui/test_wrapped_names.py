"""表一's indicator names whole (issue #17 item 10): at 150 % scaling names were cut to
万元GDP用…, since 栏目 was one line a row and elided. 栏目, 单位, 目标 and 完成情况 now
wrap and a row grows to what its text needs; in a narrow window 单位, 完成情况 and 目标来源
give up width first, so 表一 still does not scroll sideways. Checked in the program's font at
1400 × 900 and 1280 × 720 (logical), offscreen at 100 % and in a real X window at 150 %.

"Whole" is measured as the style draws it: the cell's text rect (the view's visual rect
less the style's margins), the text laid out word-wrapped at that width in the cell's font
(a name's note under it in the smaller note font), and every line of it inside the rect."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from siwu_desktop.storage import Storage
from siwu_desktop.ui.entry_models import IndicatorModel
from siwu_desktop.ui.entry_view import EntryTableView, NoteDelegate, note_font
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.return_editor import T1_WRAPPED, squeeze_widths
from tests import xwindow

from .conftest import make_window, open_return
from .test_column_widths import FIGURE, ICON, MARGINS, drag_edge

SIZES = [(1400, 900), (1280, 720)]


def cut_cells(view: EntryTableView, columns: tuple[int, ...]) -> list[str]:
    """The texts of `columns` that do not fit their cell as drawn (empty: all whole)."""
    model, style = view.model(), view.style()
    cut = []
    for row in range(model.rowCount()):
        for column in columns:
            index = model.index(row, column)
            text = str(index.data() or "")
            if not text or view.columnSpan(row, column) > 1:
                continue
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            view.itemDelegateForIndex(index).initStyleOption(option, index)
            option.rect = view.visualRect(index)
            rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, view) + 1
            rect = rect.adjusted(margin, 0, -margin, 0)
            flags = Qt.TextFlag.TextWordWrap
            need = QFontMetrics(option.font).boundingRect(
                QRect(0, 0, rect.width(), 100_000), flags, text
            )
            noted = isinstance(view.itemDelegateForIndex(index), NoteDelegate)
            if noted and "\n" in text:  # the note under the name, smaller
                note = QFontMetrics(note_font(option.font)).boundingRect(
                    QRect(0, 0, rect.width(), 100_000), flags, text.partition("\n")[2]
                )
                name = QFontMetrics(option.font).boundingRect(
                    QRect(0, 0, rect.width(), 100_000), flags, text.partition("\n")[0]
                )
                need = QRect(0, 0, max(name.width(), note.width()), name.height() + note.height())
            if need.width() > rect.width() or need.height() > rect.height():
                cut.append(f"{text!r} needs {need.width()}×{need.height()}, has {rect.size()}")
    return cut


def names_are_whole(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> EntryTableView:
    window.resize(*size)
    editor = open_return(window, 2025, "t1")
    view = editor.view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() < size[0] - 300)
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0, size  # no sideways scrolling
    header = view.horizontalHeader()
    assert header.length() <= view.viewport().width() + 1
    # the long names of the 长治 demo, each whole (under 黄河干支流耗水量: its help, whole)
    names = [str(view.model().index(r, 0).data()) for r in range(view.model().rowCount())]
    assert any(n.startswith("万元GDP用水量下降幅度（较2020年）") for n in names)
    assert any(n.startswith("黄河干支流耗水量\n填本县区黄河干支流耗水量") for n in names)
    assert cut_cells(view, T1_WRAPPED) == []
    # the typed figure still fits beside its icon (no １２… for １２３４．５)
    width = header.sectionSize(IndicatorModel.COL_VALUE)
    assert width >= view.fontMetrics().horizontalAdvance(FIGURE) + ICON + MARGINS
    assert headings_cut(view) == []
    return view


def headings_cut(view: EntryTableView) -> list[str]:
    """The headings not shown whole: wrapped within the section's margins they must fit the
    header's height, and wrap no more than every second character (序号 not 序/号)."""
    header, cut = view.horizontalHeader(), []
    metrics = header.fontMetrics()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for c in range(header.count()):
        title = str(view.model().headerData(c, Qt.Orientation.Horizontal))
        width = header.sectionSize(c) - 2 * margin
        need = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, title)
        lines = round(need.height() / metrics.lineSpacing())
        most = sum(max(1, len(line) // 2) for line in title.splitlines())
        if need.width() > width or need.height() > header.height() or lines > most:
            cut.append(f"{title!r}: {lines} lines, {need.size()} in {width} × {header.height()}")
    return cut


def tasks_are_whole(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    """表三 (its cells wrap, its rows fit their content): no sideways scrolling, every task
    and heading whole."""
    window.resize(*size)
    view = open_return(window, 2025, "t3").view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() < size[0] - 300)
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0, size
    model = view.model()
    texts = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert cut_cells(view, tuple(range(model.columnCount()))) == []
    assert headings_cut(view) == [], texts
    # a one-line row is as tall as 表一's (30 px), not its text's 20: a drop-down fits
    default = view.verticalHeader().defaultSectionSize()
    assert min(view.rowHeight(r) for r in range(model.rowCount())) >= default


@pytest.mark.parametrize("size", SIZES)
def test_every_indicator_name_is_whole_at_100_percent(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    names_are_whole(qtbot, window, size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.xwindow(scale=1.5)
def test_every_indicator_name_is_whole_at_150_percent_in_a_real_window(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int], request: pytest.FixtureRequest
) -> None:
    assert QApplication.platformName() == "xcb"
    assert QGuiApplication.primaryScreen().devicePixelRatio() == 1.5
    names_are_whole(qtbot, window, size)
    # the window is larger than the 1067 × 667 logical screen: grabbed on its own
    xwindow.grab_widget(window, xwindow.SHOTS / xwindow.shot_name(request.node.nodeid, "t1"))


@pytest.mark.parametrize("size", SIZES)
def test_every_task_and_heading_of_t3_is_whole_at_100_percent(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    tasks_are_whole(qtbot, window, size)


@pytest.mark.xwindow(scale=1.5)
def test_every_task_and_heading_of_t3_is_whole_at_150_percent_in_a_real_window(
    qtbot: QtBot, window: MainWindow, request: pytest.FixtureRequest
) -> None:
    assert QGuiApplication.primaryScreen().devicePixelRatio() == 1.5
    tasks_are_whole(qtbot, window, (1280, 720))
    xwindow.grab_widget(window, xwindow.SHOTS / xwindow.shot_name(request.node.nodeid, "t3"))


def test_a_narrower_names_column_grows_its_rows_and_is_kept(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, demo_storage: Storage
) -> None:
    """栏目 dragged 60 px narrower: rows grow so each name stays whole, and the next window
    over the same settings opens 表一 with 栏目 at that width, names whole."""
    view = names_are_whole(qtbot, window, (1400, 900))
    header = view.horizontalHeader()
    rows = range(view.model().rowCount())
    before, height = header.sectionSize(0), sum(view.rowHeight(r) for r in rows)
    drag_edge(qtbot, view, 0, -60)
    assert header.sectionSize(0) == before - 60
    qtbot.waitUntil(lambda: sum(view.rowHeight(r) for r in rows) > height)
    assert cut_cells(view, (IndicatorModel.COL_FIELD,)) == []
    window.close()
    again = make_window(qtbot, tmp_path, demo_storage)
    try:
        again.resize(1400, 900)
        reopened = open_return(again, 2025, "t1").view
        qtbot.waitUntil(lambda: reopened.horizontalHeader().sectionSize(0) == before - 60)
        assert cut_cells(reopened, (IndicatorModel.COL_FIELD,)) == []
    finally:
        again.close()


def test_an_edit_refits_only_the_rows_it_changed(window: MainWindow) -> None:
    """An edit measures the rows whose cells it changed, not all ~40 of 表一's rows."""
    view = open_return(window, 2025, "t1").view
    model = view.model()
    assert isinstance(model, IndicatorModel)
    measured: list[int] = []
    real = view.row_height_needed

    def counting(row: int) -> int:
        measured.append(row)
        return real(row)

    view.row_height_needed = counting  # type: ignore[method-assign]
    index = model.index_of(None, "total_use")
    assert model.setData(index, "2600")
    assert index.row() in measured
    assert len(set(measured)) < model.rowCount() // 2


def test_squeeze_widths_takes_from_each_in_proportion_to_its_room() -> None:
    """30 px short; 单位 100 px (minimum 70: 30 above it), 完成情况 112 (70: 42 above),
    目标来源 84 (70: 14 above), 86 in all. Cuts 30 × 30/86 = 10.47 → 11,
    30 × 42/86 = 14.65 → 15, 30 × 14/86 = 4.88 → 5: 31 ≥ 30 px."""
    columns = {1: (100, 70), 6: (112, 70), 7: (84, 70)}
    assert squeeze_widths(30, columns) == {1: 89, 6: 97, 7: 79}
    # more short than all the room (86): each at its minimum
    assert squeeze_widths(200, columns) == {1: 70, 6: 70, 7: 70}
    # a column already at its minimum gives nothing
    assert squeeze_widths(10, {1: (70, 70), 6: (80, 70)}) == {1: 70, 6: 70}


def test_t2_shows_all_its_columns_and_its_total_at_1400(qtbot: QtBot, window: MainWindow) -> None:
    """表二 has eleven columns; at 1400 × 900 they were 8 em + 10 × 5.2 em = 846 px in the
    program's font for 804 px of table, so 合计 was off the right edge. Each source column now
    starts as wide as a typed 12345.6 with the cell's margins (2 × 4 px) and widens for a
    longer heading or figure."""
    window.resize(1400, 900)
    view = open_return(window, 2025, "t2").view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() < 1100)
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0
    header = view.horizontalHeader()
    figure = view.fontMetrics().horizontalAdvance("12345.6") + MARGINS
    assert all(header.sectionSize(c) >= figure for c in range(1, header.count()))
    last = header.count() - 1
    assert str(view.model().headerData(last, Qt.Orientation.Horizontal)) == "合计"
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        view.viewport().width() + 1
    )


def test_the_reopened_t1_is_painted_before_its_rows_are_measured(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Start-up (#13): the first paint of the 表一 reopened at start does not wait for its
    rows to be measured (every row still the default height then); right after it, they
    are, and every name is whole."""
    from siwu_desktop.ui.app import create_app

    from .test_deferred_judging import unshown_window

    create_app()
    window, storage, _ = unshown_window(qtbot, tmp_path)
    try:
        view = window.page.current_editor().view
        rows = range(view.model().rowCount())
        default = view.verticalHeader().defaultSectionSize()
        spy = FirstPaints()
        try:
            window.resize(1400, 900)
            window.show()
            qtbot.waitUntil(lambda: view in spy.heights)
        finally:
            spy.stop()
        assert spy.heights[view] == {default}
        qtbot.waitUntil(lambda: max(view.rowHeight(r) for r in rows) > default)
        assert cut_cells(view, T1_WRAPPED) == []
    finally:
        window.close()
        storage.close()


class FirstPaints(QObject):
    """Each entry table's row heights when its cells are first painted (an application
    event filter: it sees tables made after it, too)."""

    def __init__(self) -> None:
        super().__init__()
        self.heights: dict[EntryTableView, set[int]] = {}
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = watched.parent() if event.type() == QEvent.Type.Paint else None
        first = isinstance(view, EntryTableView) and view not in self.heights
        if first and watched is view.viewport():
            rows = range(view.model().rowCount())
            self.heights[view] = {view.rowHeight(r) for r in rows}
        return False

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)


def test_a_t1_opened_in_the_open_window_is_measured_before_it_is_painted(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Another year's 表一 opened later (the window on screen): its rows already fit when
    it is first painted, so it never shows cut names first."""
    spy = FirstPaints()
    try:
        view = open_return(window, 2024, "t1").view
        qtbot.waitUntil(lambda: view in spy.heights)
    finally:
        spy.stop()
    assert max(spy.heights[view]) > view.verticalHeader().defaultSectionSize()
    assert cut_cells(view, T1_WRAPPED) == []
