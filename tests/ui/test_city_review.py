"""A city reviewer's day with all four returns (issue #16 follow-up): two 长治 counties send
表一–表四 of 2025 and 潞州区 also its 第三季度 表三; the city takes them in and reads the
汇总's 任务进展 in Chinese, prints the board as a working list (no 草稿 stamp, no
version), and answers the quarterly 表三 alone with a receipt.

The county files are made as a county makes them (services.city_demo: filled from core's
sample, every finding explained, finalised, exported signed)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import county_profile, fill_form_and_finalise
from siwu_desktop.services.city_reminders import period_tasks
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, Storage, open_storage
from siwu_desktop.ui import receipts as R
from siwu_desktop.ui.main_window import MainWindow
from tests.disks import fill, mounted_tmpfs, needs_root
from tests.printing.conftest import flat, pdf_text, run

from .conftest import make_window

CATALOG = default_catalog()
CITY, YEAR = "长治市", 2025
COUNTIES = ("潞州区", "沁源县")
FORMS = ("t1", "t2", "t3", "t4")


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each county's exports in one folder, their key files in another."""
    root = tmp_path_factory.mktemp("review")
    for county in COUNTIES:
        with open_storage(root / "work" / county, daily_backup=False) as storage:
            storage.profile.save(county_profile(CATALOG, CITY, county))
            service = ReturnService(storage, CATALOG, today=dt.date(YEAR + 1, 1, 20))
            jobs = [(f, "Y") for f in FORMS] + ([("t3", "Q3")] if county == "潞州区" else [])
            for form_id, period in jobs:
                loaded = fill_form_and_finalise(service, county, form_id, YEAR, period)
                loaded = service.load(loaded.info)
                out = root / "sent" / f"{county}_{form_id}_{period}.xlsx"
                export_returns(service, [loaded], out)
            keys.export_public_key(storage, root / "keys" / f"{county}{keys.KEY_FILE_SUFFIX}")
    return {"sent": root / "sent", "keys": root / "keys"}


@pytest.fixture
def city_storage(tmp_path: Path, sent: dict[str, Path]) -> Iterator[Storage]:
    storage = open_storage(tmp_path / "city", daily_backup=False)
    counties = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
    storage.profile.save(
        Profile(mode="city", city=CITY, unit_name="长治市水利局", counties=counties)
    )
    for key_file in sorted(sent["keys"].iterdir()):
        keys.import_key(storage, key_file)
    report = ci.import_paths(ReturnService(storage, CATALOG), [sent["sent"]])
    assert report.count(ci.ACCEPTED) == 9, [line.detail for line in report.lines]
    yield storage
    storage.close()


@pytest.fixture
def city_window(qtbot: QtBot, tmp_path: Path, city_storage: Storage) -> Iterator[MainWindow]:
    win = make_window(qtbot, tmp_path, city_storage)
    yield win
    win.close()


def _mode(win: MainWindow):  # type: ignore[no-untyped-def]
    assert win.city_mode is not None
    return win.city_mode


def test_task_progress_reads_in_chinese(city_window: MainWindow) -> None:
    """The 汇总 page's 任务进展 once showed each county's state as its code (in_progress,
    not_concerned): every cell is Chinese, as in the workbook and the printout."""
    page = _mode(city_window).summary
    page.year.setValue(YEAR)
    model = page.models["任务进展"]
    rows = model.rows
    assert rows, "the 2025 表三 of two counties gives a task matrix"
    # the sample fills every task 推进中 (core.sample.fill_t3); ten counties have sent nothing
    luzhou = 2  # 序号, 任务, then the counties in the city's order: 潞州区 first
    assert model.headers[luzhou] == "潞州区"
    # 2025: 17 tasks for every county and 18 推动水预算试点建设 for 沁源县 alone
    assert len(rows) == 18 and rows[17][1] == "推动水预算试点建设"
    assert [r[luzhou] for r in rows] == ["推进中"] * 17 + ["不涉及"]
    assert [r[2 + 11] for r in rows] == ["推进中"] * 18  # 沁源县, the twelfth county
    assert [r[2 + 1] for r in rows] == ["未报"] * 17 + ["不涉及"]  # 上党区 sent nothing
    # the counts: 已完成 0, 推进中 2 (1 on the last row), 未启动 0, 逾期 0
    assert rows[0][-4:] == ["0", "2", "0", "0"] and rows[17][-4:] == ["0", "1", "0", "0"]
    for model in page.models.values():
        for row in model.rows:
            for cell in row[2:]:
                assert not re.search(r"[a-z]{2,}_[a-z]", str(cell)), cell


def test_the_printed_board_is_a_working_list_not_a_draft(
    city_window: MainWindow, tmp_path: Path, artifacts_dir: Path
) -> None:
    """The board, the city's 本年/上年/同比 and the 催报清单 on paper carried a 草稿 box,
    "草稿：本表尚未定稿…不能作为正式报表报送" and at once "版本：第1版（已定稿）". They
    are the city's working lists, never sent as a return: no version, no digest, no
    草稿 stamp, and a line saying what they are."""
    board = _mode(city_window).board
    board.year.setValue(YEAR)
    pdf = tmp_path / "报送情况.pdf"
    pages = board.save_pdf_to(pdf)
    assert pages >= 3  # the board, the indicators, the 催报清单
    text = flat(pdf_text(pdf))
    for word in ("草稿", "未定稿", "第1版", "已定稿", "不能作为正式报表报送"):
        assert word not in text, word
    assert text.count("市局工作清单") == 3  # on the first page of each of the three lists
    assert "长治市2025年县区报表报送情况" in text and "长治市2025年催报清单" in text
    # the board's own figures: 潞州区 sent 表一–表四 and 第三季度 表三
    page_one = flat(pdf_text(pdf, 1))
    assert "潞州区已报已报逾期逾期已报逾期已报已报" in page_one, page_one
    run("pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts_dir / "city-board-print"))


def test_the_printed_board_heading_names_no_form_number(
    city_window: MainWindow, tmp_path: Path
) -> None:
    """The board's heading read "表号：市级汇总　计量单位：见各行": a working list is no
    statistical form (a county sheet's 表号 is 表一…表四) and the board and the 催报清单
    hold states and names, no quantity. Now no 表号; 计量单位 "—" as on a county 表三;
    the 本年/上年/同比 list, which has a 单位 column, keeps 见各行."""
    board = _mode(city_window).board
    board.year.setValue(YEAR)
    pdf = tmp_path / "报送情况.pdf"
    pages = board.save_pdf_to(pdf)
    text = flat(pdf_text(pdf))
    assert "表号" not in text and "市级汇总" not in text
    heads = [flat(pdf_text(pdf, n)) for n in range(1, pages + 1)]
    board_page = next(h for h in heads if "县区报表报送情况" in h)
    reminders = next(h for h in heads if "催报清单" in h)
    indicators = next(h for h in heads if "全市主要指标" in h)
    assert "计量单位：—" in board_page and "见各行" not in board_page
    assert "计量单位：—" in reminders and "见各行" not in reminders
    assert "计量单位：见各行" in indicators


def _open_q3(win: MainWindow) -> None:
    assert win.page is not None
    info = next(
        i
        for i in win.page.service.returns_of("潞州区", YEAR)
        if i.form == "t3" and i.period == "Q3"
    )
    item = win.page.navigator.item_for(info.id)
    assert item is not None
    win.page.navigator.setCurrentItem(item)


def _reject_q3(win: MainWindow, qtbot: QtBot, out: Path) -> R.ReceiptDialog:
    mode = _mode(win)
    _open_q3(win)
    mode.receipt_action.trigger()
    dialog = mode.receipts.last_dialog
    assert isinstance(dialog, R.ReceiptDialog)
    qtbot.waitExposed(dialog)
    # the open return's period comes with it, and 表三 can be answered per period
    assert dialog.form_box.currentText() == "表三"
    assert dialog.period_box.currentText() == "第三季度" and dialog.period_box.isEnabled()
    assert [dialog.period_box.itemText(i) for i in range(dialog.period_box.count())] == [
        "全年",
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
    ]
    radio = dialog.reject_radio
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    dialog.reason_edit.setText("第三季度进展未附佐证材料")
    return dialog


def _check_receipt(win: MainWindow, out: Path) -> None:
    made = _mode(win).receipts.made
    assert made is not None and made.path == out
    # only the 第三季度 表三: the annual 表三 (and 表一, 表二, 表四) are not answered
    assert [(i.form, i.period, i.outcome) for i in made.items] == [("t3", "Q3", "returned")]
    box = _mode(win).receipts.last_dialog
    assert isinstance(box, QMessageBox)
    assert box.text().startswith(f"已出具回执 {out}：潞州区2025年第三季度 1 张报表")


def test_a_receipt_for_the_open_quarter_answers_that_quarter_only(
    city_window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "潞州区回执.siwureceipt"
    offered: list[str] = []

    def save_as(*args: object, **kwargs: object) -> tuple[str, str]:
        offered.append(str(args[2]))
        return str(out), ""

    monkeypatch.setattr(R.QFileDialog, "getSaveFileName", save_as)
    dialog = _reject_q3(city_window, qtbot, out)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert Path(offered[0]).name == "潞州区2025年第三季度回执.siwureceipt"
    _check_receipt(city_window, out)
    # 表一 has no quarters: its period is 全年 and cannot be changed; 全部报表 answers all
    dialog = R.ReceiptDialog(["潞州区"], YEAR, "潞州区", "t1", None, "Q3")
    assert dialog.period_box.currentData() == "Y" and not dialog.period_box.isEnabled()
    dialog.form_box.setCurrentIndex(dialog.form_box.findData(None))
    assert dialog.choice()[3] is None and dialog.period_box.currentText() == "全部报告期"
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("t3"))
    assert dialog.period_box.currentData() == "Q3"  # the chosen quarter is kept


@pytest.mark.xwindow
def test_the_quarterly_receipt_in_a_real_window(
    city_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    out = tmp_path / "q3.siwureceipt"
    monkeypatch.setattr(R.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialog = _reject_q3(city_window, qtbot, out)
    x_screenshot("receipt-dialog")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    _check_receipt(city_window, out)
    box = _mode(city_window).receipts.last_dialog
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    x_screenshot("receipt-made")
    box.close()
    assert city_window.isVisible()


@pytest.mark.xwindow
def test_the_board_pdf_from_its_button_in_a_real_window(
    city_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """另存 PDF… on the board, under xcb: the file dialog's answer is written, without a
    草稿 stamp."""
    from PySide6.QtWidgets import QFileDialog

    assert QApplication.platformName() == "xcb"
    board = _mode(city_window).board
    board.year.setValue(YEAR)
    pdf = tmp_path / "board.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    board.pdf_dialog()
    text = flat(pdf_text(pdf))
    assert "市局工作清单" in text and "草稿" not in text
    assert city_window.isVisible()


def test_a_refused_file_says_why_on_the_board(
    qtbot: QtBot, tmp_path: Path, sent: dict[str, Path]
) -> None:
    """沁源县's 表一 arrives edited after export: refused, nothing stored, and the board's
    cell (已拒绝) said only "尚未收到该报表" — its detail and tooltip now say why."""
    from openpyxl import load_workbook

    edited = tmp_path / "沁源县_表一_改.xlsx"
    wb = load_workbook(sent["sent"] / "沁源县_t1_Y.xlsx")
    ws = wb["表一"]
    ws["F7"] = 8001  # 本年实际 用水总量 of the sample: 8000
    wb.save(edited)
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        counties = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
        storage.profile.save(Profile(mode="city", city=CITY, counties=counties))
        for key_file in sorted(sent["keys"].iterdir()):
            keys.import_key(storage, key_file)
        [line] = ci.import_paths(ReturnService(storage, CATALOG), [edited]).lines
        assert line.rejected and storage.returns.list_returns() == []
        win = make_window(qtbot, tmp_path, storage)
        board = _mode(win).board
        board.year.setValue(YEAR)
        index = board.index_of("沁源县", "t1")
        assert board.model.data(index) == "已拒绝"
        board.view.setCurrentIndex(index)
        shown = board.detail.toPlainText()
        assert "已拒绝：" in shown and "文件“沁源县_表一_改.xlsx”" in shown, shown
        assert "（“用水总量”一行） 导出时为“8000”，现为“8001”" in shown
        tip = board.model.data(index, Qt.ItemDataRole.ToolTipRole)
        assert "已拒绝：" in tip and "文件在导出后被修改" in tip
        win.close()


def test_the_status_bar_counts_only_the_open_county_return(city_window: MainWindow) -> None:
    """On the board the status bar said "错误 0 项，警告 0 项，提示 9 项 自动保存：每次修改即时
    保存" — another county's return's counts and a county's saving — beside a cell with
    警告1. In city mode the counts show with the open return only, and nothing says 自动保存."""
    tabs = city_window.tabs
    page = city_window.page
    assert page is not None and tabs.currentWidget() is _mode(city_window).board
    assert city_window.saved_label.isHidden()
    assert city_window.counts_label.isHidden()
    _open_q3(city_window)
    tabs.setCurrentWidget(page)
    assert not city_window.counts_label.isHidden()
    assert city_window.counts_label.text().startswith("错误 0 项")
    tabs.setCurrentWidget(_mode(city_window).summary)
    assert city_window.counts_label.isHidden() and city_window.saved_label.isHidden()


def test_the_charts_page_points_to_the_window_not_a_command(city_window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    charts = _mode(city_window).charts
    [note] = [w for w in charts.findChildren(QLabel) if w.text().startswith("图表可导出为 PNG")]
    # it said "汇总工作簿（siwu consolidate）": a command a window user never types
    assert "siwu" not in note.text() and "“汇总”页“导出汇总工作簿…”" in note.text()


def _refused_report(sent: dict[str, Path], tmp_path: Path) -> ci.CityImportReport:
    """One accepted file and one cut short in transfer, into a city knowing the keys."""
    cut = tmp_path / "沁源县_表二_截断.xlsx"
    whole = (sent["sent"] / "沁源县_t2_Y.xlsx").read_bytes()
    cut.write_bytes(whole[: len(whole) // 2])
    storage = open_storage(tmp_path / "city", daily_backup=False)
    counties = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
    storage.profile.save(Profile(mode="city", city=CITY, counties=counties))
    for key_file in sorted(sent["keys"].iterdir()):
        keys.import_key(storage, key_file)
    with storage:
        return ci.import_paths(
            ReturnService(storage, CATALOG), [sent["sent"] / "沁源县_t1_Y.xlsx", cut]
        )


def test_the_import_report_shows_each_refusal_in_full(
    qtbot: QtBot, tmp_path: Path, sent: dict[str, Path]
) -> None:
    """The 说明 column was elided to one line ("文件“沁县_2025_表二_截断.xlsx”不是 Excel 工作簿…"):
    what to do was only in a tooltip. It now wraps in full in the widest column."""
    from siwu_desktop.ui.city_mode import ImportReportDialog

    report = _refused_report(sent, tmp_path)
    accepted, refused = report.lines
    assert accepted.outcome == ci.ACCEPTED and refused.rejected
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 480)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    last = table.columnCount() - 1
    assert table.item(1, last).text() == refused.detail
    assert refused.detail.endswith("请向报送方重新索取原文件")
    line = table.fontMetrics().lineSpacing()
    # the refusal (about 70 characters) needs two lines or more in its column; the whole of it
    # fits in the rows' height
    assert table.columnWidth(last) > 300
    needed = table.fontMetrics().boundingRect(
        0, 0, table.columnWidth(last) - 8, 10_000, Qt.TextFlag.TextWordWrap, refused.detail
    )
    assert table.rowHeight(1) >= needed.height() >= 2 * line
    assert table.rowHeight(1) > table.rowHeight(0)
    assert table.rowHeight(0) < 2 * line  # one line stays one line high
    dialog.close()


@pytest.mark.xwindow
def test_the_import_report_in_a_real_window(
    qtbot: QtBot, tmp_path: Path, sent: dict[str, Path], x_screenshot: Callable[[str], Path | None]
) -> None:
    from siwu_desktop.ui.app import create_app
    from siwu_desktop.ui.city_mode import ImportReportDialog

    create_app()  # the program's font and Qt's own Chinese (关闭)
    assert QApplication.platformName() == "xcb"
    dialog = ImportReportDialog(_refused_report(sent, tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    x_screenshot("report")
    table = dialog.table
    assert table.rowHeight(1) > table.rowHeight(0)
    dialog.close()


def test_the_city_pages_save_in_the_preferred_folder(
    city_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board, 汇总, charts and import report offered a bare file name, so their save
    dialogs opened in whatever folder the program was started from; like the county's
    exports they now open in 设置 → 偏好设置's folder."""
    from PySide6.QtWidgets import QFileDialog

    from siwu_desktop.ui.city_mode import ImportReportDialog

    page = city_window.page
    assert page is not None
    folder = tmp_path / "市局导出"
    folder.mkdir()
    page.prefs.set_export_folder(folder)
    offered: list[Path] = []

    def save_as(parent, title, path, filters):  # type: ignore[no-untyped-def]
        offered.append(Path(path))
        return path, filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    mode = _mode(city_window)
    mode.board.year.setValue(YEAR)
    mode.summary.year.setValue(YEAR)
    mode.charts.year.setValue(YEAR)
    mode.board.export_dialog()
    mode.board.pdf_dialog()
    mode.summary.export_dialog()
    mode.summary.pdf_dialog()
    mode.charts.save_dialog()
    report = ci.CityImportReport([ci.ReportLine("a.xlsx", ci.ACCEPTED, detail="已接收")])
    dialog = ImportReportDialog(report, city_window)
    dialog.prefs = page.prefs
    dialog.export_dialog()
    names = [p.name for p in offered]
    assert names == [
        "2025年报送情况与催报清单.xlsx",
        "2025年报送情况与催报清单.pdf",
        "长治市_2025_汇总.xlsx",
        "长治市_2025_汇总表.pdf",
        "2025_用水总量.png",
        "导入结果.csv",
    ]
    assert {p.parent for p in offered} == {folder}
    assert (folder / "长治市_2025_汇总表.pdf").is_file() and (folder / "导入结果.csv").is_file()
    dialog.close()


def test_the_returns_tab_lists_counties_in_the_citys_order(city_window: MainWindow) -> None:
    """The 县区报表（只读）tree was sorted by the characters' code points (沁源县 before
    潞州区: 沁 U+6C81 < 潞 U+6F5E); it follows the city's order, as the board does."""
    assert city_window.page is not None
    tree = city_window.page.navigator
    names = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert names == ["潞州区", "沁源县"]  # 1st and 12th of 长治市's counties


def test_the_printed_summary_keeps_no_last_year_on_one_line(
    city_window: MainWindow, tmp_path: Path, artifacts_dir: Path
) -> None:
    """2025 has no 2024 returns: the 同比 column says 上年无数据, which the printed summary
    broke as 上年无数 / 据 in a column four characters wide."""
    page = _mode(city_window).summary
    page.year.setValue(YEAR)
    pdf = tmp_path / "汇总.pdf"
    assert page.save_pdf_to(pdf) > 1
    first = run("pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-")
    rows = [line for line in first.splitlines() if "用水总量" in line or "地下水用水量" in line]
    assert rows and all("上年无数据" in line for line in rows), first
    assert "上年无数\n" not in first
    run(
        "pdftoppm",
        "-r",
        "70",
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        str(pdf),
        str(artifacts_dir / "city-summary-p1"),
    )


# --- the quarterly 表三 across the counties (city review follow-up, item 1) ----------------------

TWELVE = 12  # 长治市's counties in the catalog
OTHERS = TWELVE - 1  # all but 潞州区, the one county that sent its 第三季度 表三


def test_the_quarterly_task_matrix_and_whom_to_chase(city_storage: Storage) -> None:
    """services.city_reminders.period_tasks: 潞州区 alone sent its 2025 第三季度 表三, so
    the matrix has 1 of 12 counties in; the other 11 are chased, 未报 before the deadline
    (次月15日: 2025-10-15) and 逾期 after it. No county sent a 第一季度 表三: all 12."""
    service = ReturnService(city_storage, CATALOG)
    q3 = period_tasks(service, YEAR, "Q3", today=dt.date(2025, 10, 10))
    matrix = q3.matrix
    assert matrix.period == "Q3" and matrix.report_date == dt.date(2025, 9, 30)
    assert matrix.reported == ("潞州区",) and len(matrix.counties) == TWELVE
    assert [(u.county, u.form, u.revision) for u in q3.used] == [("潞州区", "表三", 1)]
    # 17 tasks for every county, then 推动水预算试点建设 for 沁源县 alone (as the annual one)
    assert len(matrix.lines) == 18
    luzhou = [line.cells[0].shown() for line in matrix.lines]
    assert luzhou == ["推进中"] * 17 + ["不涉及"]
    # 推进中 on every task: 1 county in (潞州区), 0 on the last (not its task)
    assert [line.in_progress for line in matrix.lines] == [1] * 17 + [0]
    assert len(q3.reminders) == OTHERS and "潞州区" not in [r.county for r in q3.reminders]
    assert q3.reminders[0].items == ("表三（第三季度）：未报，应于2025-10-15前报送",)
    late = period_tasks(service, YEAR, "Q3", today=dt.date(2025, 10, 16))
    assert late.reminders[0].items == ("表三（第三季度）：逾期，应于2025-10-15前报送",)
    q1 = period_tasks(service, YEAR, "Q1", today=dt.date(2025, 10, 16))
    assert q1.matrix.reported == () and len(q1.reminders) == TWELVE
    # the 全年 view is the annual summary's own matrix: 潞州区 and 沁源县 in
    year = period_tasks(service, YEAR, "Y", today=dt.date(2026, 1, 20))
    assert year.matrix.reported == ("潞州区", "沁源县") and len(year.reminders) == TWELVE - 2


def _choose_q3(win: MainWindow) -> Any:  # the 汇总 page on 任务进展, 第三季度
    page = _mode(win).summary
    page.year.setValue(YEAR)
    page.tabs.setCurrentIndex(2)
    page.set_task_period("Q3")
    return page


def test_the_summary_page_shows_the_chosen_quarters_tasks(
    city_window: MainWindow, tmp_path: Path
) -> None:
    """任务进展 with 表三报告期 第三季度: 潞州区's cells, 未报 for the others, the line naming
    who has not filed and how many to chase; printed and exported with the 催报清单."""
    from openpyxl import load_workbook

    page = _choose_q3(city_window)
    model = page.models["任务进展"]
    assert [r[2] for r in model.rows] == ["推进中"] * 17 + ["不涉及"]  # 潞州区
    assert [r[3] for r in model.rows] == ["未报"] * 17 + ["不涉及"]  # 上党区
    status = page.task_status.text()
    assert status.startswith("2025年第三季度表三：报送县区 1/12 个；未报：上党区、")
    # the window's today is 2026-01-20: all 11 are past 2025-10-15
    assert status.endswith(f"；需催报 {OTHERS} 个县区（见催报清单，随本期表三打印和导出）")
    pdf = tmp_path / "q3.pdf"
    assert page.tasks_save_pdf_to(pdf) >= 2  # the matrix, the 催报清单
    text = flat(pdf_text(pdf))
    assert "长治市2025年第三季度重点任务落实情况（分县区）" in text
    assert "长治市2025年第三季度催报清单" in text and "报告期：2025年第三季度" in text
    assert "表三（第三季度）：逾期，应于2025-10-15前报送" in text
    for word in ("表号", "第1版", "草稿"):
        assert word not in text, word
    out = page.tasks_export_to(tmp_path / "q3.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["任务进展", "催报清单"]
    assert wb["任务进展"]["A1"].value == "长治市2025年第三季度重点任务落实情况（分县区）"
    assert wb["催报清单"]["A1"].value == "2025年第三季度表三催报清单"
    counties = [c.value for c in wb["催报清单"]["B"] if c.value and c.value != "县区"]
    assert len(counties) == OTHERS and "潞州区" not in counties
    page.set_task_period("Y")  # back to 全年: the annual matrix, 沁源县 in too
    assert [r[2 + 11] for r in model.rows] == ["推进中"] * 18
    assert "报送县区 2/12 个" in page.task_status.text()


@pytest.mark.xwindow
def test_the_quarter_is_chosen_in_a_real_window(
    city_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    """The 表三报告期 box chosen by keyboard under xcb, then 本期表三另存 PDF…."""
    from PySide6.QtWidgets import QFileDialog

    assert QApplication.platformName() == "xcb"
    page = _mode(city_window).summary
    city_window.show()
    qtbot.waitExposed(city_window)
    city_window.tabs.setCurrentWidget(page)
    page.year.setValue(YEAR)
    page.tabs.setCurrentIndex(2)
    box = page.task_period
    box.setFocus()
    for _ in range(3):  # 全年 → 第一季度 → 第二季度 → 第三季度
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == "第三季度"
    assert page.task_status.text().startswith("2025年第三季度表三：报送县区 1/12 个")
    x_screenshot("city-quarter-tasks")
    pdf = tmp_path / "q3.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    page.buttons["本期表三另存 PDF…"].click()
    assert "长治市2025年第三季度重点任务落实情况（分县区）" in flat(pdf_text(pdf))


@needs_root
def test_city_exports_on_a_full_disk_warn_in_chinese(
    city_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board, 汇总 and import-report exports raised OSError inside their Qt slots: on a
    full disk the clerk saw nothing at all (the traceback went to the console) and a cut
    file was left. Each now warns, and nothing is under the chosen name."""
    from siwu_desktop.services import city_import as ci
    from siwu_desktop.ui.city_mode import ImportReportDialog

    mode = _mode(city_window)
    mode.board.year.setValue(YEAR)
    mode.summary.year.setValue(YEAR)
    report = ci.CityImportReport([ci.ReportLine("a.xlsx", ci.ACCEPTED, detail="已接收")])
    dialog = ImportReportDialog(report, city_window)
    with mounted_tmpfs("1m") as disk:
        fill(disk)
        for page, name in ((mode.board, "b.xlsx"), (mode.summary, "s.xlsx"), (dialog, "r.csv")):
            monkeypatch.setattr(
                QFileDialog, "getSaveFileName", lambda *a, n=name: (str(disk / n), "")
            )
            page.export_dialog()
            box = page.warning
            assert isinstance(box, QMessageBox) and box.isVisible()
            assert "磁盘空间不足" in box.text() and "Errno" not in box.text(), box.text()
            box.close()
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
