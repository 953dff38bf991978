"""Receipts (回执, issue #14 item 7) in the window.

County: a receipt file taken in through 文件 → 导入… or dropped on the window (with
workbooks too: they go on to the workbook import), through `services.receipts.take_receipt`
as `siwu import` does; the result in a message box. City: 出具回执… makes a receipt for a
county and year (已接收, or 退回修改 with a reason), through `services.receipts.make_receipt`
as `siwu receipt` does, then prints it or saves it as PDF (`printing.receipt`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.forms import FORM_IDS
from siwu_desktop.core.terms import ANNUAL, PERIODS, period_label, period_text
from siwu_desktop.services.receipts import FORM_SHORT, RECEIPT_SUFFIX, MadeReceipt

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.ui.returns_page import ReturnsPage

TITLE = "市局回执"
TAKEN_TITLE = "已导入市局回执"
TAKEN = "{tally}。"
REFUSED_TITLE = "回执未导入"
REFUSED = "以下回执未导入，本机数据未作任何改动："

MAKE_TITLE = "出具回执"
COUNTY = "县区："
YEAR = "年度："
FORM = "报表："
ALL_FORMS = "全部报表"
PERIOD = "报告期："
ALL_PERIODS = "全部报告期"
ACCEPT = "已接收"
REJECT = "退回修改"
REASON = "退回原因："
REASON_HINT = "如：表二合计与表一不符"
REASON_NEEDED = "退回修改须写明原因。"
SAVE_TITLE = "保存回执文件"
SAVE_FILTER = "市局回执 (*.siwureceipt)"
SAVE_NAME = "{county}{period}回执.siwureceipt"
MADE_TITLE = "已出具回执"
MADE = (
    "已出具回执 {path}：{county}{period} {count} 张报表，{what}。\n"
    "请将回执文件发给县区，并可打印回执盖章寄送。"
)
MADE_ACCEPTED = "均为已接收"
MADE_RETURNED = "均为退回修改（{reason}）"
PRINT = "打印回执…"
PDF = "保存 PDF…"
PDF_TITLE = "回执另存为 PDF"
PDF_FILTER = "PDF 文件 (*.pdf)"
PDF_DONE = "已保存回执 PDF：{path}"
PRINT_DONE = "回执已送打印（{pages} 页）。"
FAILED = "无法出具回执：{error}"


def is_receipt(path: Path) -> bool:
    return path.name.endswith(RECEIPT_SUFFIX)


# --- county: taking receipts in -------------------------------------------------------------


def take_receipts(page: ReturnsPage, paths: Sequence[Path]) -> QMessageBox | None:
    """Verify and keep each receipt (services.receipts.take_receipt); refresh the navigator
    from what they cover; show the result (refusals with what to do) in one message box."""
    from siwu_desktop.services.keys import KeyRefused
    from siwu_desktop.services.receipts import take_receipt

    taken, refused = [], []
    for path in paths:
        try:
            taken.append(take_receipt(page.service, path))
        except KeyRefused as exc:
            refused.append(exc.message)
    for t in taken:
        page.apply(t.changes)
    if not taken and not refused:
        return None
    lines = [TAKEN.format(tally=t.tally) + t.message for t in taken]
    if refused:
        box = QMessageBox(QMessageBox.Icon.Warning, REFUSED_TITLE, REFUSED, parent=page)
        box.setInformativeText("\n\n".join([*refused, *lines]))
    else:
        box = QMessageBox(QMessageBox.Icon.Information, TAKEN_TITLE, "\n".join(lines), parent=page)
        findings = [f"{i.reason}：{f}" for t in taken for i in t.items for f in i.findings]
        if findings:
            box.setDetailedText("\n".join(findings))
    page.message.emit(lines[-1] if lines else refused[-1])
    box.open()
    page.last_dialog = box
    return box


# --- city: making receipts -------------------------------------------------------------------


class ReceiptDialog(QDialog):
    """出具回执: county, year, one form or all, its period (表三 is also quarterly: a receipt
    for the open 第三季度 must not answer for the year's other 表三), 已接收 or 退回修改
    with a reason."""

    def __init__(
        self,
        counties: Sequence[str],
        year: int,
        county: str | None = None,
        form: str | None = None,
        parent: QWidget | None = None,
        period: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(MAKE_TITLE)
        self.setMinimumWidth(420)
        self.county_box = QComboBox()
        self.county_box.addItems(list(counties))
        if county in counties:
            self.county_box.setCurrentText(county)
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(year)
        self.form_box = QComboBox()
        self.form_box.addItem(ALL_FORMS, None)
        for f in FORM_IDS:
            self.form_box.addItem(FORM_SHORT[f], f)
        if form is not None:
            self.form_box.setCurrentIndex(self.form_box.findData(form))
        self.period_box = QComboBox()
        self._period = period or ANNUAL
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self._form_changed()
        self.accept_radio = QRadioButton(ACCEPT)
        self.reject_radio = QRadioButton(REJECT)
        self.accept_radio.setChecked(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(REASON_HINT)
        self.reason_edit.setEnabled(False)
        self.reject_radio.toggled.connect(self.reason_edit.setEnabled)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        form_layout = QFormLayout()
        form_layout.addRow(COUNTY, self.county_box)
        form_layout.addRow(YEAR, self.year_box)
        form_layout.addRow(FORM, self.form_box)
        form_layout.addRow(PERIOD, self.period_box)
        form_layout.addRow(self.accept_radio)
        form_layout.addRow(self.reject_radio)
        form_layout.addRow(REASON, self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form_layout)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _form_changed(self) -> None:
        """全部报表 answers for every period; 表三 offers 全年 and the quarters; the other
        forms are annual only."""
        form = self.form_box.currentData()
        if self.period_box.count() > 1:  # a period chosen among 表三's is kept
            self._period = self.period_box.currentData()
        self.period_box.clear()
        if form is None:
            self.period_box.addItem(ALL_PERIODS, None)
        else:
            for p in PERIODS if form == "t3" else (ANNUAL,):
                self.period_box.addItem(period_label(p), str(p))
            self.period_box.setCurrentIndex(max(0, self.period_box.findData(self._period)))
        self.period_box.setEnabled(self.period_box.count() > 1)

    def choice(self) -> tuple[str, int, str | None, str | None, str | None]:
        """(county, year, form or None for all, period (None with all forms), reason or
        None for 已接收)."""
        reason = self.reason_edit.text().strip() if self.reject_radio.isChecked() else None
        return (
            self.county_box.currentText(),
            self.year_box.value(),
            self.form_box.currentData(),
            self.period_box.currentData(),
            reason,
        )

    def _ok(self) -> None:
        if self.reject_radio.isChecked() and not self.reason_edit.text().strip():
            self.error.setText(REASON_NEEDED)
            self.reason_edit.setFocus()
            return
        self.accept()


def _period_text(year: int, period: str | None) -> str:
    """2025年 (every period), 2025年度, 2026年第三季度."""
    return f"{year}年" if period is None else period_text(year, period)


class CityReceipts:
    """The city's 出具回执…: dialog → file → result with 打印回执… and 保存 PDF…."""

    def __init__(self, page: ReturnsPage) -> None:
        self.page = page  # its `applied` reaches the board (a returned revision: 已拒绝)
        self.made: MadeReceipt | None = None
        self.last_dialog: QWidget | None = None

    @property
    def service(self) -> ReturnService:
        return self.page.service

    def open_dialog(self) -> ReceiptDialog:
        import datetime as dt

        info = self.page.navigator.current_info()
        year = info.year if info is not None else (self.service.today or dt.date.today()).year - 1
        dialog = ReceiptDialog(
            self.page.counties(),
            year,
            info.county if info is not None else None,
            info.form if info is not None else None,
            self.page,
            info.period if info is not None else None,
        )
        dialog.accepted.connect(lambda: self._chosen(*dialog.choice()))
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def _chosen(
        self, county: str, year: int, form: str | None, period: str | None, reason: str | None
    ) -> None:
        name = SAVE_NAME.format(county=county, period=_period_text(year, period))
        path, _ = QFileDialog.getSaveFileName(
            self.page, SAVE_TITLE, str(self.page.output_dir() / name), SAVE_FILTER
        )
        if path:
            self.make_to(Path(path), county, year, form, reason, period)

    def make_to(
        self,
        path: Path,
        county: str,
        year: int,
        form: str | None,
        reason: str | None,
        period: str | None = None,
    ) -> MadeReceipt | None:
        """`period` None: every period of `form` (or of every form) the city holds."""
        from siwu_desktop.services.keys import KeyRefused
        from siwu_desktop.services.receipts import make_receipt

        try:
            made = make_receipt(
                self.service, county, year, path, form=form, period=period, reject=reason
            )
        except KeyRefused as exc:
            return self._fail(exc.message)
        except OSError as exc:
            return self._fail(str(exc.strerror or exc))
        self.made = made
        self.page.apply(made.changes)
        what = MADE_RETURNED.format(reason=reason) if reason else MADE_ACCEPTED
        text = MADE.format(
            path=made.path,
            county=county,
            period=_period_text(year, period),
            count=len(made.items),
            what=what,
        )
        box = QMessageBox(QMessageBox.Icon.Information, MADE_TITLE, text, parent=self.page)
        self.print_button = QPushButton(PRINT)
        self.pdf_button = QPushButton(PDF)
        box.addButton(self.print_button, QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.pdf_button, QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        self.print_button.clicked.connect(self.print_dialog)
        self.pdf_button.clicked.connect(self.pdf_dialog)
        self.page.message.emit(text.splitlines()[0])
        box.open()
        self.last_dialog = box
        return made

    def _fail(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, MAKE_TITLE, FAILED.format(error=text), parent=self.page
        )
        box.open()
        self.last_dialog = box

    def print_dialog(self) -> QPrintDialog | None:
        """The print dialog, window-modal; on 打印 the 回执 goes to the chosen printer. The
        dialog makes and owns its QPrinter (see ui.outputs)."""
        from PySide6.QtPrintSupport import QPrintDialog

        from siwu_desktop.printing.receipt import document_name, page_layout

        if self.made is None:
            return None
        dialog = QPrintDialog(self.page)
        dialog.printer().setPageLayout(page_layout())
        dialog.printer().setDocName(document_name(self.made))
        dialog.setWindowTitle(PRINT.rstrip("…"))
        dialog.accepted.connect(lambda: self.print_to(dialog.printer()))
        QDialog.open(dialog)  # not dialog.open(): QPrintDialog's overload (ui.outputs)
        self.last_dialog = dialog
        return dialog

    def print_to(self, printer: QPrinter) -> int | None:
        from siwu_desktop.printing.receipt import paint_receipt

        if self.made is None:
            return None
        try:
            pages = paint_receipt(printer, self.made)
        except OSError as exc:
            return self._fail(str(exc))
        self.page.message.emit(PRINT_DONE.format(pages=pages))
        return pages

    def pdf_dialog(self) -> None:
        if self.made is None:
            return
        name = self.made.path.name.removesuffix(RECEIPT_SUFFIX) + ".pdf"
        path, _ = QFileDialog.getSaveFileName(
            self.page, PDF_TITLE, str(self.made.path.parent / name), PDF_FILTER
        )
        if path:
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> Path | None:
        from siwu_desktop.printing.receipt import write_receipt_pdf

        if self.made is None:
            return None
        try:
            out = write_receipt_pdf(self.made, path)
        except OSError as exc:
            return self._fail(str(exc))
        self.page.message.emit(PDF_DONE.format(path=out))
        return out
