"""The 密钥备案表: one A4 page that registers an installation's signing key on stamped paper.

The county prints it, signs and stamps it, and sends it with its public key file; the
city compares the fingerprint printed here (as text and as QR) with the one `siwu keys
import` shows before registering the key. Painted with the report sheet's fonts, so the
text layer of the PDF is searchable.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from siwu_desktop.printing import strings as s
from siwu_desktop.printing.fonts import make_font, print_fonts
from siwu_desktop.printing.paint import qr_image
from siwu_desktop.printing.pdf_file import save_pdf_file
from siwu_desktop.services.keys import ROLE_LABEL, KeysView

TITLE = "签名密钥备案表"
INTRO = (
    "本单位使用“四水四定”填报程序报送报表。程序为本单位生成签名密钥，"
    "报表文件均以该密钥签名。现将公钥指纹备案如下，请据此核对本单位报送的公钥文件。"
)
ROWS = ("填报单位", "单位类别", "所属城市", "行政区划代码", "公钥指纹", "密钥生成日期")
CHECK = "核对方法：导入公钥文件时程序显示的指纹须与本表所印指纹逐位相同，否则不予备案。"
SIGN_LINES = ("填报人（签字）：", "单位负责人（签字）：")
STAMP = "单位（盖章）"
DATE_LINE = "填表日期：{date}"


def _values(view: KeysView) -> tuple[str, ...]:
    return (
        view.unit,
        ROLE_LABEL.get(view.role, view.role),
        view.city,
        view.code or "—",
        view.fingerprint,
        view.created_at[:10],
    )


def write_key_sheet(view: KeysView, path: Path, today: dt.date | None = None) -> Path:
    """The 密钥备案表 of `view` as a one-page PDF at `path` (needs a QGuiApplication)."""

    def paint(writer: QPdfWriter) -> None:
        writer.setTitle(f"{view.unit} {TITLE}")
        writer.setCreator(s.PDF_CREATOR)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(25, 25, 20, 20),
                QPageLayout.Unit.Millimeter,
            )
        )
        paint_key_sheet(writer, view, today or dt.date.today())

    save_pdf_file(Path(path), paint)
    return Path(path)


def paint_key_sheet(device: QPagedPaintDevice, view: KeysView, today: dt.date) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(s.PAINT_REFUSED)
    try:
        _paint(painter, device, view, today)
    finally:
        painter.end()


def _paint(painter: QPainter, device: QPagedPaintDevice, view: KeysView, today: dt.date) -> None:
    fonts = print_fonts()
    mm = device.logicalDpiX() / 25.4
    rect = device.pageLayout().paintRectPixels(device.resolution())
    width = float(rect.width())
    y = 0.0
    painter.setFont(make_font(fonts.heading, 20, bold=True))
    painter.drawText(QRectF(0, y, width, 14 * mm), Qt.AlignmentFlag.AlignCenter, TITLE)
    y += 20 * mm
    painter.setFont(make_font(fonts.text, 11))
    intro = QRectF(0, y, width, 22 * mm)
    painter.drawText(intro, int(Qt.TextFlag.TextWordWrap), INTRO)
    y += 26 * mm
    label_w, row_h = 42 * mm, 14 * mm
    pen = QPen()
    pen.setWidthF(0.3 * mm)
    painter.setPen(pen)
    for label, value in zip(ROWS, _values(view), strict=True):
        big = label == "公钥指纹"
        h = row_h * (1.6 if big else 1)
        painter.drawRect(QRectF(0, y, label_w, h))
        painter.drawRect(QRectF(label_w, y, width - label_w, h))
        painter.setFont(make_font(fonts.heading, 12, bold=True))
        painter.drawText(QRectF(0, y, label_w, h), Qt.AlignmentFlag.AlignCenter, label)
        painter.setFont(make_font(fonts.text, 16 if big else 12, bold=big))
        inner = QRectF(label_w + 4 * mm, y, width - label_w - 8 * mm, h)
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(inner, int(flags), value)
        y += h
    y += 6 * mm
    qr = 40 * mm
    painter.drawImage(QRectF(width - qr, y, qr, qr), qr_image(view.fingerprint))
    painter.setFont(make_font(fonts.text, 10.5))
    note = QRectF(0, y, width - qr - 6 * mm, qr)
    painter.drawText(note, int(Qt.TextFlag.TextWordWrap), CHECK + "\n右侧二维码内容即公钥指纹。")
    y += qr + 16 * mm
    painter.setFont(make_font(fonts.text, 12))
    for line in SIGN_LINES:
        painter.drawText(QRectF(0, y, width, 10 * mm), int(Qt.AlignmentFlag.AlignLeft), line)
        painter.drawLine(int(45 * mm), int(y + 8 * mm), int(width / 2 + 20 * mm), int(y + 8 * mm))
        y += 16 * mm
    y += 10 * mm
    right = QRectF(width / 2, y, width / 2, 10 * mm)
    painter.drawText(right, int(Qt.AlignmentFlag.AlignCenter), STAMP)
    y += 12 * mm
    right = QRectF(width / 2, y, width / 2, 10 * mm)
    painter.drawText(right, int(Qt.AlignmentFlag.AlignCenter), DATE_LINE.format(date=today))
