"""The printed 回执: what the city's signed receipt file says, on paper to stamp and send.

One A4 page (more when a long list of findings needs it): the issuing unit, the county
and year, per return its revision and digest (已接收) or the reason and the city's
findings (退回修改), the city key's fingerprint, the date and 单位（盖章）. Painted with the
report sheet's fonts, so the PDF's text layer is searchable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from siwu_desktop.core.digest import short_digest
from siwu_desktop.core.terms import ReceiptOutcome, period_label
from siwu_desktop.printing import strings as s
from siwu_desktop.printing.fonts import make_font, print_fonts
from siwu_desktop.printing.pdf_file import save_pdf_file
from siwu_desktop.services.receipts import FORM_SHORT, RETURNED, MadeReceipt

TITLE = "报表接收回执"
TO = "{county}："
INTRO = "你单位报送的{year}年度“四水四定”报表，本单位已收悉，审核结果如下："
HEADERS = ("报表", "报告期", "版本", "审核结果", "内容摘要 / 退回原因")
WIDTHS = (0.11, 0.12, 0.09, 0.16, 0.52)  # of the page width
REVISION = "第{revision}版"
DIGEST = "摘要 {digest}"
REASON = "原因：{reason}"
FINDING = "· {finding}"
RETURNED_NOTE = "退回修改的报表，请按上述原因更正后重新定稿、导出，再次报送。"
SIGNED = (
    "本回执同时以签名文件（{file}）送达。县区用填报程序导入该文件，程序以本单位登记的"
    "签名密钥核验（指纹 {fingerprint}）。"
)
STAMP = "{unit}（盖章）"
DATE_LINE = "{date}"
DOC_NAME = "{county}{year}年报表回执"
FOOTER_MM = 60  # the notes, the stamp line and the date below the table


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(25, 25, 20, 20),
        QPageLayout.Unit.Millimeter,
    )


def document_name(made: MadeReceipt) -> str:
    return DOC_NAME.format(county=made.county, year=made.year)


def write_receipt_pdf(made: MadeReceipt, path: Path) -> Path:
    """The printed 回执 of `made` as a PDF at `path` (needs a QGuiApplication)."""

    def paint(writer: QPdfWriter) -> None:
        writer.setTitle(document_name(made))
        writer.setCreator(s.PDF_CREATOR)
        writer.setPageLayout(page_layout())
        paint_receipt(writer, made)

    save_pdf_file(Path(path), paint)
    return Path(path)


def paint_receipt(device: QPagedPaintDevice, made: MadeReceipt) -> int:
    """Paint the 回执 on a PDF writer or a printer already set up; the pages painted."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(s.PAINT_REFUSED)
    try:
        return _paint(painter, device, made)
    finally:
        painter.end()


def _rows(item) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    """A return's row; a returned one's findings each on a row below it, so a long list
    breaks across pages like any other rows."""
    returned = item.outcome == RETURNED
    first = (
        FORM_SHORT.get(item.form, item.form),
        period_label(item.period),
        REVISION.format(revision=item.revision),
        "退回修改" if returned else ReceiptOutcome(item.outcome).label,
        REASON.format(reason=item.reason)
        if returned
        else DIGEST.format(digest=short_digest(item.digest)),
    )
    more = [("", "", "", "", FINDING.format(finding=f)) for f in item.findings] if returned else []
    return [first, *more]


def _paint(painter: QPainter, device: QPagedPaintDevice, made: MadeReceipt) -> int:
    fonts = print_fonts()
    mm = device.logicalDpiX() / 25.4
    rect = device.pageLayout().paintRectPixels(device.resolution())
    width, height = float(rect.width()), float(rect.height())
    pages = 1
    y = 0.0
    pen = QPen()
    pen.setWidthF(0.3 * mm)
    painter.setPen(pen)
    painter.setFont(make_font(fonts.heading, 20, bold=True))
    painter.drawText(QRectF(0, y, width, 14 * mm), Qt.AlignmentFlag.AlignCenter, TITLE)
    y += 20 * mm
    painter.setFont(make_font(fonts.text, 12))
    painter.drawText(
        QRectF(0, y, width, 8 * mm),
        int(Qt.AlignmentFlag.AlignLeft),
        TO.format(county=f"{made.city}{made.county}"),
    )
    y += 9 * mm
    intro = INTRO.format(year=made.year)
    painter.drawText(
        QRectF(8 * mm, y, width - 8 * mm, 8 * mm), int(Qt.TextFlag.TextWordWrap), intro
    )
    y += 12 * mm
    widths = [w * width for w in WIDTHS]
    pad = 2 * mm
    wrap = int(
        Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
    )

    def row(cells: tuple[str, ...], bold: bool) -> None:
        nonlocal y, pages
        font = make_font(fonts.heading if bold else fonts.text, 10.5, bold=bold)
        painter.setFont(font)
        h = 9 * mm
        for text, w in zip(cells, widths, strict=True):
            need = painter.boundingRect(QRectF(0, 0, w - 2 * pad, 1000 * mm), wrap, text)
            h = max(h, need.height() + 2 * pad)
        if y + h > height - FOOTER_MM * mm and y > 0:  # room for the notes and the stamp
            device.newPage()
            pages += 1
            y = 0.0
        x = 0.0
        for text, w in zip(cells, widths, strict=True):
            painter.drawRect(QRectF(x, y, w, h))
            painter.drawText(QRectF(x + pad, y, w - 2 * pad, h), wrap, text)
            x += w
        y += h

    row(HEADERS, True)
    for item in made.items:
        for cells in _rows(item):
            row(cells, False)
    y += 6 * mm
    if y + FOOTER_MM * mm > height:  # the notes and the stamp stay together
        device.newPage()
        pages += 1
        y = 0.0
    painter.setFont(make_font(fonts.text, 10.5))
    notes = [SIGNED.format(file=made.path.name, fingerprint=made.signer)]
    if any(i.outcome == RETURNED for i in made.items):
        notes.insert(0, RETURNED_NOTE)
    for note in notes:
        box = painter.boundingRect(
            QRectF(0, 0, width, 100 * mm), int(Qt.TextFlag.TextWordWrap), note
        )
        painter.drawText(QRectF(0, y, width, box.height()), int(Qt.TextFlag.TextWordWrap), note)
        y += box.height() + 3 * mm
    y += 14 * mm
    painter.setFont(make_font(fonts.text, 12))
    right = QRectF(width / 2, y, width / 2, 10 * mm)
    painter.drawText(right, int(Qt.AlignmentFlag.AlignCenter), STAMP.format(unit=made.unit))
    y += 12 * mm
    right = QRectF(width / 2, y, width / 2, 10 * mm)
    date = DATE_LINE.format(date=_chinese_date(made.issued_at))
    painter.drawText(right, int(Qt.AlignmentFlag.AlignCenter), date)
    return pages


def _chinese_date(issued_at: str) -> str:
    """'2026-01-20 10:00:00' → '2026年1月20日'."""
    y, m, d = issued_at[:10].split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"
