"""Receipts (回执, #14 item 7) in the window: the county takes one in by dropping it on the
window or through 文件 → 导入…, the navigator shows 市局已接收 / 市局退回（原因）; forged,
foreign-key and other-county receipts are refused with what to do; a dropped workbook is
still imported. The city makes a receipt in a dialog, saves it, prints it and saves a PDF.

The set-up: 长治市潞州区 finalises its 2025 表一 (SMALL, valid), exports it signed; the city,
knowing the county's key, takes it in as 第1版; the county has pinned the city key."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QToolBar
from pytestqt.qtbot import QtBot

from siwu_desktop.core import signing
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import SMALL, county_profile, fill_and_finalise
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.receipts import make_receipt, take_receipt
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, ReturnKey, Storage, open_storage
from siwu_desktop.ui import receipts as R
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.main_window import MainWindow
from tests.printing.conftest import flat, pdf_text, run

from .conftest import make_window

CATALOG = default_catalog()
CITY, COUNTY, YEAR = "长治市", "潞州区", 2025
COUNTIES = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
KEY = ReturnKey(COUNTY, "t1", YEAR, "Y")
TODAY = dt.date(2026, 1, 20)


@dataclass
class Pair:
    county: Storage
    city: Storage
    export: Path
    root: Path

    def city_service(self) -> ReturnService:
        return ReturnService(self.city, CATALOG, today=TODAY)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    cs = open_storage(tmp_path / "county", daily_backup=False)
    ts = open_storage(tmp_path / "city", daily_backup=False)
    cs.profile.save(county_profile(CATALOG, CITY, COUNTY))
    ts.profile.save(Profile(mode="city", city=CITY, counties=COUNTIES, unit_name="长治市水利局"))
    county = ReturnService(cs, CATALOG, today=TODAY)
    loaded = county.load(fill_and_finalise(county, COUNTY, YEAR, SMALL).info)
    keys.import_key(ts, keys.export_public_key(cs, tmp_path / "c.siwukey"))
    keys.import_key(cs, keys.export_public_key(ts, tmp_path / "city.siwukey"))  # pinned
    export = export_returns(county, [loaded], tmp_path / "t1.xlsx").path
    assert ci.import_paths(ReturnService(ts, CATALOG), [export]).lines[0].outcome == ci.ACCEPTED
    yield Pair(cs, ts, export, tmp_path)
    cs.close()
    ts.close()


def _county_reads(pair: Pair, saved: Path, reason: str) -> None:
    """The file the window saved is the receipt made: the county verifies it against the
    pinned city key and reads 表一 第1版 sent back with the reason typed."""
    taken = take_receipt(ReturnService(pair.county, CATALOG, today=TODAY), saved)
    assert [(i.form, i.revision, i.outcome, i.reason) for i in taken.items] == [
        ("t1", 1, "returned", reason)
    ]


@pytest.fixture
def county_window(qtbot: QtBot, tmp_path: Path, pair: Pair) -> Iterator[MainWindow]:
    win = make_window(qtbot, tmp_path, pair.county)
    yield win
    win.close()


@pytest.fixture
def city_window(qtbot: QtBot, tmp_path: Path, pair: Pair) -> Iterator[MainWindow]:
    win = make_window(qtbot, tmp_path, pair.city)
    yield win
    win.close()


def drop(win: MainWindow, *paths: Path) -> QDropEvent:
    """A drag of file URLs entering the window, then dropped on it (as a file manager does)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(400, 300), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    assert QApplication.sendEvent(win, enter) and enter.isAccepted()
    event = QDropEvent(
        QPointF(400, 300), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(win, event)
    assert event.isAccepted()
    return event


def t1_item(win: MainWindow):  # type: ignore[no-untyped-def]
    assert win.page is not None
    info = win.page.service.storage.returns.find(KEY)
    assert info is not None
    item = win.page.navigator.item_for(info.id)
    assert item is not None
    return item


def returned_receipt(pair: Pair, name: str = "back") -> Path:
    return make_receipt(
        pair.city_service(), COUNTY, YEAR, pair.root / name, reject="用水总量与表二合计不符"
    ).path


def resigned(pair: Pair, path: Path, signer: Storage, **changes: object) -> Path:
    """The receipt's content changed by `changes`, signed again by `signer`'s own key: a
    genuine signature over content the city never issued (another county), or the city's
    content signed by another installation."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    content = {k: v for k, v in data.items() if k not in ("signature", "signer_key")}
    own = signer.keys.ensure_own()
    data["signature"] = signing.sign(own, signing.RECEIPT_SCHEMA, content).as_dict()
    data["signer_key"] = signing.encode_public(own.public)
    out = path.with_name("resigned_" + path.name)
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


# --- county ------------------------------------------------------------------------------------


def test_a_dropped_returned_receipt_marks_the_return_in_the_navigator(
    county_window: MainWindow, pair: Pair
) -> None:
    item = t1_item(county_window)
    assert item.text(1) == "已导出（第1版）"  # before: no receipt (it was exported)
    drop(county_window, returned_receipt(pair))
    item = t1_item(county_window)
    # the reason's first 8 characters in the column (the tooltip has it whole)
    assert item.text(1) == "市局退回（用水总量与表二合…）"
    assert item.foreground(1).color() == QColor("#b3261e")
    assert item.background(0).color() == QColor("#fde8e6")  # the whole row
    tip = item.toolTip(1)
    assert "原因：用水总量与表二合计不符" in tip and "请更正后重新定稿" in tip
    assert county_window.page is not None
    box = county_window.page.last_dialog
    assert isinstance(box, QMessageBox) and box.windowTitle() == R.TAKEN_TITLE
    # one return in the receipt, sent back: 0 accepted, 1 returned
    assert box.text().startswith("市局已接收 0 张，退回修改 1 张。")
    assert "表一第1版 市局退回（用水总量与表二合计不符）" in box.text()


def test_an_accepted_receipt_through_the_import_action_shows_the_revision(
    county_window: MainWindow, pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = make_receipt(pair.city_service(), COUNTY, YEAR, pair.root / "ok").path
    chosen = ([str(ok)], S.IMPORT_FILTER)
    seen: list[str] = []

    def pick(_parent, _title, _folder, filters):  # type: ignore[no-untyped-def]
        seen.append(filters)
        return chosen

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    county_window.import_action.trigger()  # no 合并/替换 question: no workbook chosen
    assert "*.siwureceipt" in seen[0] and "*.xlsx" in seen[0]
    assert t1_item(county_window).text(1) == "市局已接收（第1版）"
    assert t1_item(county_window).foreground(1).color() == QColor("#1e7b34")
    assert "第1版已接收" in t1_item(county_window).toolTip(0)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("forged", ("签名无效", "请勿修改回执文件，向市局重新索取")),
        ("other_key", ("不是本机登记的市局密钥", "凭市局书面通知登记新公钥")),
        ("other_county", ("是给长治市潞城区的", "向市局索取本单位的回执")),
    ],
)
def test_refused_receipts_say_what_to_do_and_change_nothing(
    county_window: MainWindow, pair: Pair, tmp_path: Path, case: str, expected: tuple[str, str]
) -> None:
    genuine = returned_receipt(pair)
    if case == "forged":  # 退回 turned into 已接收 without the city's key
        data = json.loads(genuine.read_text(encoding="utf-8"))
        data["items"][0]["outcome"], data["items"][0]["reason"] = "accepted", ""
        path = genuine.with_name("forged.siwureceipt")
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    elif case == "other_key":
        with open_storage(tmp_path / "impostor", daily_backup=False) as other:
            other.profile.save(Profile(mode="city", city=CITY, counties=COUNTIES))
            path = resigned(pair, genuine, other)
    else:  # signed by the city, but for 潞城区
        path = resigned(pair, genuine, pair.city, county="潞城区")
    drop(county_window, path)
    assert county_window.page is not None
    box = county_window.page.last_dialog
    assert isinstance(box, QMessageBox) and box.windowTitle() == R.REFUSED_TITLE
    assert box.icon() == QMessageBox.Icon.Warning
    for words in (path.name, *expected):
        assert words in box.informativeText()
    assert t1_item(county_window).text(1) == "已导出（第1版）"
    assert pair.county.receipts.for_return(COUNTY, "t1", YEAR, "Y") == []


def test_a_dropped_workbook_is_still_imported(
    county_window: MainWindow, pair: Pair, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert county_window.page is not None
    outputs = county_window.page.outputs
    asked: list[bool] = []
    monkeypatch.setattr(outputs, "ask_replace", lambda: asked.append(True) or False)
    drop(county_window, pair.export)  # the county's own export: the same content, accepted
    assert asked == [True]
    job = outputs.last_job
    assert job is not None
    qtbot.waitUntil(lambda: outputs.last_message.startswith("导入完成"), timeout=20000)
    assert outputs.last_message == S.IMPORT_DONE.format(ok=1, rejected=0)


def test_a_short_reason_is_shown_whole_a_long_one_cut_after_8_characters() -> None:
    from siwu_desktop.ui.navigator import short_reason

    assert short_reason("数据有误") == "数据有误"  # 4 characters
    assert short_reason("表二合计与表一不符") == "表二合计与表一不…"  # 9 → 8 and …


# --- city --------------------------------------------------------------------------------------


def test_the_city_makes_a_returned_receipt_in_the_dialog_and_saves_a_pdf(
    city_window: MainWindow,
    pair: Pair,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    artifacts_dir: Path,
) -> None:
    city = city_window.city_mode
    assert city is not None
    assert city.receipt_action.isEnabled()
    [returns_menu] = [
        a.menu() for a in city_window.menuBar().actions() if a.text() == S.MENU_RETURN
    ]
    assert city.receipt_action in returns_menu.actions()  # type: ignore[union-attr]
    bar = city_window.findChild(QToolBar, "mainToolbar")
    assert city.receipt_action in bar.actions()
    out = pair.root / "made" / "潞州区回执.siwureceipt"
    out.parent.mkdir()
    monkeypatch.setattr(R.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    city.receipt_action.trigger()
    dialog = city.receipts.last_dialog
    assert isinstance(dialog, R.ReceiptDialog)
    dialog.county_box.setCurrentText(COUNTY)
    dialog.year_box.setValue(YEAR)
    dialog.reject_radio.setChecked(True)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # no reason: the dialog stays and says why
    assert dialog.isVisible() and dialog.error.text() == R.REASON_NEEDED
    dialog.reason_edit.setText("用水总量与表二合计不符")
    ok.click()
    assert not dialog.isVisible()
    _county_reads(pair, out, "用水总量与表二合计不符")
    # the board shows the revision sent back at once (the reason in its detail)
    row = next(r for r in city.board.model.board.rows if r.county == COUNTY)
    t1 = next(c for c in row.cells if (c.form, c.period) == ("t1", "Y"))
    assert "第1版退回修改：用水总量与表二合计不符" in t1.reason
    made = city.receipts.made
    assert made is not None and [(i.form, i.outcome) for i in made.items] == [("t1", "returned")]
    box = city.receipts.last_dialog
    assert (
        isinstance(box, QMessageBox)
        and "1 张报表，均为退回修改（用水总量与表二合计不符）" in box.text()
    )
    pdf = pair.root / "made" / "回执.pdf"
    assert city.receipts.save_pdf_to(pdf) == pdf
    text = flat(pdf_text(pdf))
    for words in ("报表接收回执", "长治市潞州区", "2025年度", "表一", "第1版", "退回修改"):
        assert words in text
    assert "原因：用水总量与表二合计不符" in text and "长治市水利局（盖章）" in text
    assert made.signer.replace(" ", "") in text
    run("pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts_dir / "city-receipt"))


def test_the_city_receipt_prints_on_a_printer_with_the_digest(
    city_window: MainWindow, pair: Pair, tmp_path: Path
) -> None:
    city = city_window.city_mode
    assert city is not None
    made = city.receipts.make_to(tmp_path / "ok", COUNTY, YEAR, "t1", None)
    assert made is not None and made.path.name == "ok.siwureceipt"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    assert city.receipts.print_to(printer) == 1
    text = flat(pdf_text(tmp_path / "printed.pdf"))
    digest = made.items[0].digest
    # the printed short digest: the first 16 hex digits in groups of four
    assert f"摘要{digest[0:4]}-{digest[4:8]}-{digest[8:12]}-{digest[12:16]}" in text
    assert "市局已接收" in text and "第1版" in text


# --- real X window ---------------------------------------------------------------------------


@pytest.mark.xwindow
def test_a_receipt_dropped_on_the_real_window_marks_the_return(
    county_window: MainWindow, pair: Pair, qtbot: QtBot, x_screenshot: Callable[[str], Path | None]
) -> None:
    assert QApplication.platformName() == "xcb"
    drop(county_window, returned_receipt(pair))
    assert county_window.page is not None
    box = county_window.page.last_dialog
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    x_screenshot("taken")
    box.close()
    assert t1_item(county_window).text(1) == "市局退回（用水总量与表二合…）"
    county_window.page.navigator.setCurrentItem(t1_item(county_window))
    qtbot.wait(100)
    x_screenshot("navigator")


@pytest.mark.xwindow
def test_the_city_receipt_dialog_and_print_dialog_in_a_real_window(
    city_window: MainWindow,
    pair: Pair,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    assert QApplication.platformName() == "xcb"
    city = city_window.city_mode
    assert city is not None
    out = pair.root / "x.siwureceipt"
    monkeypatch.setattr(R.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    city.receipt_action.trigger()
    dialog = city.receipts.last_dialog
    assert isinstance(dialog, R.ReceiptDialog)
    qtbot.waitExposed(dialog)
    dialog.county_box.setCurrentText(COUNTY)
    dialog.year_box.setValue(YEAR)
    radio = dialog.reject_radio  # clicked on its circle
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert dialog.reason_edit.isEnabled()
    dialog.reason_edit.setText("表二合计与表一不符")
    x_screenshot("dialog")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    _county_reads(pair, out, "表二合计与表一不符")
    box = city.receipts.last_dialog
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    x_screenshot("made")
    qtbot.mouseClick(city.receipts.print_button, Qt.MouseButton.LeftButton)
    printing = city.receipts.last_dialog
    assert isinstance(printing, QPrintDialog)
    qtbot.waitExposed(printing)
    x_screenshot("print-dialog")
    printing.reject()
    qtbot.wait(100)
    assert city_window.isVisible()
