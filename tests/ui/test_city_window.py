"""The window in city mode: the status board as the main tab, a county's return opened
read-only from it, charts drawn with QPainter and saved as PNG, and county returns
taken in by drag and drop with a report that can be exported."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QToolBar
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services import city_board as cb
from siwu_desktop.services import city_import as ci
from siwu_desktop.services.city_demo import (
    export_county_returns,
    key_folder,
    register_county_keys,
)
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, Storage, open_storage
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.city_mode import CityMode
from siwu_desktop.ui.main_window import MainWindow

from .conftest import make_window

# the offscreen platform plugin cannot resize native windows to a dialog's hint (as elsewhere)
CITY, YEAR = "长治市", 2025
CATALOG = default_catalog()
FIRST = ("潞州区", "上党区", "沁源县")  # imported before the window opens
LATER = ("屯留区", "潞城区")  # dropped onto the window


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("county_exports")
    first = export_county_returns(
        CATALOG, CITY, YEAR, root / "first", root / "work", counties=FIRST, large="沁源县"
    )
    export_county_returns(CATALOG, CITY, YEAR, root / "later", root / "work2", counties=LATER)
    keys = {"keys": key_folder(root / "work"), "keys2": key_folder(root / "work2")}
    return {
        "first": root / "first",
        "later": root / "later",
        **keys,
        **{p.name[:3]: p for p in first},
    }


@pytest.fixture
def city_storage(tmp_path: Path, exports: dict[str, Path]) -> Iterator[Storage]:
    storage = open_storage(tmp_path / "city", daily_backup=False)
    counties = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
    storage.profile.save(
        Profile(mode="city", city=CITY, unit_name="长治市水利局", counties=counties)
    )
    register_county_keys(storage, exports["keys"])
    register_county_keys(storage, exports["keys2"])
    report = ci.import_paths(ReturnService(storage, CATALOG), [exports["first"]])
    assert report.count(ci.ACCEPTED) == 3
    yield storage
    storage.close()


@pytest.fixture
def city_window(qtbot: QtBot, tmp_path: Path, city_storage: Storage) -> Iterator[MainWindow]:
    win = make_window(qtbot, tmp_path, city_storage)
    yield win
    win.close()


def _city(win: MainWindow) -> CityMode:
    assert isinstance(win.city_mode, CityMode)
    return win.city_mode


def test_board_is_the_main_tab_and_shows_who_filed(
    city_window: MainWindow, artifacts_dir: Path
) -> None:
    city = _city(city_window)
    board = city.board
    assert city_window.tabs.currentWidget() is board
    assert city_window.tabs.tabText(0) == S.TAB_BOARD
    assert board.year.value() == YEAR  # today 2026-01-20: last year's returns
    model = board.model
    text = model.data(board.index_of("潞州区", "t1"))
    assert text.startswith("已报（第1版）")
    assert model.data(board.index_of("沁县", "t1")) == cb.NOT_FILED.label  # before 2026-01-31
    assert model.data(board.index_of("潞州区", "t3", "Q4")) == cb.OVERDUE.label  # due 2026-01-15
    assert "默认次年1月31日" in S.BOARD_DEADLINE_NOTE
    assert "已报 3" in board.summary.text()
    board.view.setCurrentIndex(board.index_of("沁源县", "t1"))
    assert "沁源县" in board.detail.toPlainText()
    assert board.grab().save(str(artifacts_dir / "city_board.png"))
    # the city's 本年/上年/同比: 潞州区 1000 + 上党区 1000 + 沁源县 12000 = 14000 万m³ of
    # 3 of 12 counties (部分县区); nobody filed 2024, so no 上年 and no 同比
    table = board.indicators
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 5)]
        for r in range(table.rowCount())
    }
    assert rows["用水总量"] == ["万立方米", "14000.00（部分县区）", "—", "上年无数据"]
    board.lower.setCurrentWidget(table)
    assert board.grab().save(str(artifacts_dir / "city_board_indicators.png"))


def test_double_click_opens_the_county_return_read_only(
    qtbot: QtBot, city_window: MainWindow
) -> None:
    city = _city(city_window)
    board = city.board
    index = board.index_of("上党区", "t1")
    rect = board.view.visualRect(index)
    qtbot.mouseClick(board.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(board.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = city_window.page
    assert page is not None and city_window.tabs.currentWidget() is page
    doc = page.current
    assert doc is not None and doc.loaded.info.county == "上党区" and doc.form.id == "t1"
    assert doc.read_only
    assert not city_window.finalise_action.isEnabled()
    assert not city_window.correct_action.isEnabled()
    editor = page.current_editor()
    assert editor is not None
    # the county's own unit, as its return states it, never the city bureau's; the banner
    # says what the city can do (no 更正: that is the county's)
    assert "填报单位：上党区水利局" in editor.subtitle.text()
    assert "长治市水利局" not in editor.subtitle.text()
    assert "退回县区" in editor.banner.text() and "请使用“更正”" not in editor.banner.text()
    before = doc.data.value("total_use")
    assert (
        editor.model.setData(
            editor.model.index_of(None, "total_use"), "5", Qt.ItemDataRole.EditRole
        )
        is False
    )
    assert doc.data.value("total_use") == before


def _offered(win: MainWindow) -> tuple[set[str], set[str]]:
    """The visible actions' texts: in the toolbar, and in every menu of the menu bar."""
    bar = win.findChild(QToolBar, "mainToolbar")
    assert bar is not None
    toolbar = {a.text() for a in bar.actions() if a.isVisible() and not a.isSeparator()}
    menus = {
        a.text()
        for top in win.menuBar().actions()
        if top.menu() is not None
        for a in top.menu().actions()  # type: ignore[union-attr]
        if a.isVisible() and not a.isSeparator()
    }
    return toolbar, menus


COUNTY_ONLY = (
    S.ACTION_VALIDATE,
    S.ACTION_FINALISE,
    S.ACTION_CORRECT,
    S.ACTION_EXPORT,
    S.ACTION_EXPORT_ALL,
    S.ACTION_ADD_ROW,
    S.ACTION_REMOVE_ROWS,
    S.NAV_NEW_YEAR,
    S.NAV_NEW_QUARTER,
    S.ACTION_UNDO,
    S.ACTION_REDO,
)


def test_city_offers_only_what_a_city_does(
    qtbot: QtBot, city_window: MainWindow, artifacts_dir: Path
) -> None:
    """Issue #16 item 10: with a county's return open, the city's toolbar and menus carry no
    county action (校验, 定稿, 更正, 导出报表, editing, new returns) and do carry 版本记录 and
    出具回执; printing stays, as a paper copy of the return received."""
    city = _city(city_window)
    city.open_return(city.service.returns_of("上党区", YEAR)[0], 1)
    assert city_window.page is not None and city_window.page.current is not None
    toolbar, menus = _offered(city_window)
    for text in COUNTY_ONLY:
        assert text not in toolbar and text not in menus, text
    assert {S.ACTION_HISTORY, S.ACTION_RECEIPT, S.ACTION_PRINT} <= menus
    assert {S.ACTION_HISTORY, S.ACTION_RECEIPT, S.ACTION_PRINT} <= toolbar
    # a hidden action's key does nothing either: F9 (校验) is not a city's
    assert not city_window.validate_action.isVisible()
    assert city_window.grab().save(str(artifacts_dir / "city_read_only_actions.png"))


@pytest.mark.xwindow
def test_city_actions_in_a_real_window(
    city_window: MainWindow, qtbot: QtBot, x_screenshot: Callable[[str], Path | None]
) -> None:
    """The same under xcb, with the screen saved to look at the toolbar and 报表 menu."""
    assert QApplication.platformName() == "xcb"
    city = _city(city_window)
    city.open_return(city.service.returns_of("上党区", YEAR)[0], 1)
    toolbar, menus = _offered(city_window)
    assert not {*COUNTY_ONLY} & (toolbar | menus)
    assert {S.ACTION_HISTORY, S.ACTION_RECEIPT} <= menus
    x_screenshot("city-toolbar")
    report_menu = next(
        a.menu() for a in city_window.menuBar().actions() if a.text() == S.MENU_RETURN
    )
    assert report_menu is not None
    report_menu.popup(city_window.mapToGlobal(city_window.rect().center()))
    qtbot.waitExposed(report_menu)
    x_screenshot("city-report-menu")
    report_menu.close()


def test_county_window_keeps_its_actions(
    qtbot: QtBot, tmp_path: Path, yangquan_storage: Storage
) -> None:
    """The same actions stay in a county's window (the hiding is city mode's alone)."""
    win = make_window(qtbot, tmp_path, yangquan_storage)
    toolbar, menus = _offered(win)
    assert S.ACTION_VALIDATE in toolbar and S.ACTION_EXPORT in menus
    assert S.ACTION_HISTORY in menus and S.ACTION_RECEIPT not in menus
    win.close()


def test_charts_are_drawn_and_saved_as_png(city_window: MainWindow, artifacts_dir: Path) -> None:
    charts = _city(city_window).charts
    city_window.tabs.setCurrentWidget(charts)
    charts.select("leakage_rate")
    bars = charts.bars.series
    assert bars is not None and bars.target is not None and not bars.quantity
    assert {c for c, v in bars.bars if v is not None} == set(FIRST)
    trend = charts.trend.series
    assert trend is not None and [y for y, _, _ in trend.milestones][:1] == [2025]
    paths = charts.save_pngs(artifacts_dir / "city_chart_leakage")
    bars_png, trend_png = (QImage(str(p)) for p in paths)
    for image in (bars_png, trend_png):
        assert (image.width(), image.height()) == (1200, 620)
    # painted, not blank: the target line (orange) crosses the bar chart, bars are blue/red
    middle = {bars_png.pixelColor(x, y).name() for x in range(590, 611) for y in range(620)}
    assert "#d35400" in middle
    bottom = {bars_png.pixelColor(x, 530).name() for x in range(0, 1200, 3)}
    assert {"#2f6db5", "#c0392b"} <= bottom
    charts.select("irrigation_coefficient")  # milestones 2025 and 2030
    trend = charts.trend.series
    assert trend is not None and [y for y, _, _ in trend.milestones] == [2025, 2030]
    charts.save_pngs(artifacts_dir / "city_chart_irrigation")
    charts.select("total_use")  # a city total: no county target line, a caption instead
    assert charts.bars.series is not None and charts.bars.series.quantity
    charts.bars.save_png(artifacts_dir / "city_chart_total_use.png")


def test_drop_a_folder_imports_with_progress_and_a_report(
    qtbot: QtBot, city_window: MainWindow, exports: dict[str, Path], tmp_path: Path
) -> None:
    city = _city(city_window)
    folder = tmp_path / "收到的报表"
    folder.mkdir()
    shutil.copy(exports["潞州区"], folder / exports["潞州区"].name)
    # Excel's lock file beside an open workbook: skipped, and the report says so (#15 item 8)
    (folder / f"~${exports['潞州区'].name}").write_bytes(b"\x00lock")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(exports["later"])), QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert QApplication.sendEvent(city_window, enter) and enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert "报送县区 3/" in city.summary.status.text()
    assert QApplication.sendEvent(city_window, drop)
    job = city.last_job
    assert job is not None
    qtbot.waitUntil(lambda: city.last_dialog is not None, timeout=20_000)
    dialog = city.last_dialog
    assert dialog is not None
    outcomes = [line.outcome for line in dialog.report.lines]
    assert outcomes.count(ci.ACCEPTED) == 2 and outcomes.count(ci.DUPLICATE) == 1
    (skipped,) = [line for line in dialog.report.lines if line.outcome == ci.SKIPPED]
    assert Path(skipped.file).name.startswith("~$")
    assert dialog.table.rowCount() == 4
    board = city.board
    assert board.model.data(board.index_of("屯留区", "t1")).startswith("已报")
    # the summary is made again from the import's Changes too: 3 + 屯留区 + 潞城区
    assert "报送县区 5/" in city.summary.status.text()
    out = dialog.export_to(tmp_path / "导入结果.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["文件", "结果", "原因"] and len(rows) == 5
    dialog.close()


def test_deadline_day_follows_the_month(city_window: MainWindow) -> None:
    """Every day the boxes can show is a deadline that is applied (no 2月30日, no 2月29日:
    the deadline holds every year)."""
    board = _city(city_window).board
    assert (board.month.value(), board.day.value()) == cb.DEFAULT_ANNUAL_DEADLINE
    assert board.day.maximum() == 31  # January
    board.month.setValue(2)
    assert board.day.maximum() == 28
    assert board.day.value() == 28  # 31 became February's last day
    assert board.annual_deadline() == (2, 28)
    assert board.settings.value("city/annual_deadline") == "02-28"
    board.month.setValue(4)
    board.day.setValue(31)  # April has 30 days: the box holds 30, and 30 is what applies
    assert board.day.value() == 30
    assert board.annual_deadline() == (4, 30)


@pytest.mark.xwindow
def test_summary_preview_in_a_real_window(
    city_window: MainWindow, qtbot: QtBot, x_screenshot: Callable[[str], Path | None]
) -> None:
    """The printed summary's preview under xcb: its pages laid out, re-laid out on a resize,
    closed, and the window lives on (the preview crash of #17 showed only in real windows)."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    assert QApplication.platformName() == "xcb"
    page = _city(city_window).summary
    page.year.setValue(YEAR)
    dialog = page.preview()
    assert isinstance(dialog, QPrintPreviewDialog)
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 5)
    dialog.resize(1000, 800)
    qtbot.wait(200)
    x_screenshot("summary-preview")
    dialog.close()
    qtbot.wait(100)
    assert city_window.isVisible() and page.picture is not None


def test_summary_page_shows_exports_and_prints(
    city_window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    """The 汇总 tab (issue #16 item 7): 3 of 12 counties in; exported, saved as PDF, grabbed."""
    from siwu_desktop.core.city_summary_file import read_summary_file

    mode = _city(city_window)
    page = mode.summary
    tabs = city_window.tabs
    assert tabs.tabText(tabs.indexOf(page)) == S.TAB_SUMMARY
    page.year.setValue(YEAR)
    assert page.status.text().startswith("报送县区 3/12 个；未报：")
    indicators = page.models["主要指标"]
    total = next(r for r in indicators.rows if r[0] == "用水总量")
    # three counties' totals are no city total: not judged, and says who is missing
    assert total[-2].startswith("不完整（未报：屯留区、潞城区") and total[-2].endswith("不作判定")
    stats = tmp_path / "统计.csv"
    stats.write_text("项目,数值,来源\ngdp_index_b2020,120,市统计局公报\n", encoding="utf-8")
    assert page.load_statistics(stats) is None
    assert "采用市统计局数据（市统计局公报）" in page.status.text()
    stats.write_text("项目,数值\n", encoding="utf-8")
    assert "缺少列：来源" in (page.load_statistics(stats) or "")
    book = page.export_to(tmp_path / "s.xlsx")
    assert book.is_file() and read_summary_file(book.with_suffix(".siwusum")).year == YEAR
    pages = page.save_pdf_to(tmp_path / "s.pdf")
    assert pages > 5 and (tmp_path / "s.pdf").stat().st_size > 20_000
    tabs.setCurrentWidget(page)
    city_window.resize(1400, 800)
    qtbot.wait(10)
    shot = tmp_path.parent / "city_summary_page.png"
    assert city_window.grab().save(str(shot))
    board = mode.board
    board.year.setValue(YEAR)
    assert "催报清单：" in board.summary.text() and "逾期年报" in board.summary.text()
    # the workbook is the board the window shows: its year, one row per county, the 催报清单
    wb = openpyxl.load_workbook(board.export_to(tmp_path / "b.xlsx"))
    shown = wb["报送情况"]
    assert shown["A1"].value == f"{YEAR}年县区报表报送情况"
    listed = {c.value for c in shown["A"]}
    assert {c.name for c in CATALOG.counties_for(CITY)} <= listed
    assert "催报清单" in wb.sheetnames
    # the board, the city's 本年/上年/同比 and the 催报清单: a page each at least
    assert board.save_pdf_to(tmp_path / "b.pdf") >= 3


def _decline(page: object) -> str:
    rows = page.models["主要指标"].rows  # type: ignore[attr-defined]
    return str(next(r for r in rows if r[0] == "万元GDP用水量下降幅度（较2020年）")[2])


def test_statistics_dialog_saves_the_city_figures_and_remakes_the_summary(
    city_window: MainWindow, qtbot: QtBot
) -> None:
    """统计部门数据… (issue #16 item 5): typed, refused with the reason, saved through the
    service, stored for the year, and the summary made again with it."""
    from siwu_desktop.services.city import city_statistics
    from siwu_desktop.ui.city_statistics import StatisticsDialog

    page = _city(city_window).summary
    page.year.setValue(YEAR)
    # county-weighted: water 2025 = 1000 + 1000 + 12000 = 14000, 2020 = 1000 + 1000 + 10000
    # = 12000; index (100×125 + 100×125 + 900×110)/1100 = 112.727…;
    # 1 − (14000/12000)/1.12727 = 1 − 1.034946 = −3.49 %
    assert _decline(page).startswith("-3.49")
    assert page.buttons[S.SUMMARY_CITY_STATISTICS].text() == "统计部门数据…"
    dialog = page.open_statistics()
    assert isinstance(dialog, StatisticsDialog) and dialog.isVisible()
    dialog.edits["gdp_index_b2020"].setText("一百二")
    dialog.source.setText("长治市统计局《2025年统计公报》")
    assert not dialog.save()
    assert "无法识别" in dialog.error.text() and dialog.isVisible()
    dialog.edits["gdp_index_b2020"].setText("120")
    dialog.source.setText("")
    assert not dialog.save()
    assert "没有写来源" in dialog.error.text()
    dialog.source.setText("长治市统计局《2025年统计公报》")
    assert dialog.save() and not dialog.isVisible()
    stored = city_statistics(page.service, YEAR)
    assert stored is not None and stored.source == "长治市统计局《2025年统计公报》"
    # the city's 120: 1 − (14000/12000)/1.20 = 1 − 0.972222 = 2.78 %
    assert _decline(page).startswith("2.78")
    assert "采用市统计局数据（长治市统计局《2025年统计公报》）" in page.status.text()
    again = page.open_statistics()  # opened again: shows what is stored
    assert again.edits["gdp_index_b2020"].text() == "120"
    assert again.source.text() == "长治市统计局《2025年统计公报》"
    again.reject()


@pytest.mark.xwindow
def test_statistics_dialog_in_a_real_window(
    city_window: MainWindow, qtbot: QtBot, x_screenshot: Callable[[str], Path | None]
) -> None:
    """The dialog under xcb: shown, typed into, saved with its 保存 button."""
    from PySide6.QtWidgets import QDialogButtonBox

    assert QApplication.platformName() == "xcb"
    page = _city(city_window).summary
    page.year.setValue(YEAR)
    qtbot.mouseClick(page.buttons[S.SUMMARY_CITY_STATISTICS], Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "edits")
    )
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.edits["gdp_index_b2020"], "120")
    dialog.source.setText("长治市统计局公报")  # QTest types only Latin keys under xcb
    x_screenshot("statistics-dialog")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # 1 − (14000/12000)/1.20 = 2.78 % as above
    assert _decline(page).startswith("2.78")
    assert city_window.isVisible()
