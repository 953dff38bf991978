"""Draw the program's icon and the one-file build's splash image with QPainter.

Run after changing the drawing (from the repository root):

    QT_QPA_PLATFORM=offscreen python resources/desktop/make_icons.py

It writes icons/<N>x<N>/siwu-desktop.png for the sizes desktop menus and panels use
(hicolor theme), siwu-desktop.ico (Windows: the same pictures, PNG-compressed) and
splash.png. The files are committed, so a build needs no drawing; tests/test_desktop_files.py
redraws them and compares.

The picture: a white water drop on a blue rounded square; from 32 px up a wavy water line
runs across its lower part, and from 48 px up it holds a small form grid (the returns).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

HERE = Path(__file__).resolve().parent
NAME = "siwu-desktop"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE_LIGHT = QColor("#2f8fe0")
BLUE_DARK = QColor("#0b4f9c")
WATER = QColor("#7cc4f4")
LINE = QColor("#0b4f9c")
SPLASH_SIZE = (480, 240)
SPLASH_TITLE = "四水四定填报系统"
SPLASH_TEXT = "正在启动……"
SPLASH_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "SimHei")


def drop_path(size: float) -> QPainterPath:
    """A symmetric drop: a circle at the bottom, two curves meeting in a point at the top."""
    cx, r = size / 2, size * 0.27
    cy = size * 0.60
    tip = QPointF(cx, size * 0.13)
    path = QPainterPath(tip)
    path.cubicTo(
        QPointF(cx + r * 0.35, cy - r * 1.25), QPointF(cx + r, cy - r * 0.75), QPointF(cx + r, cy)
    )
    path.arcTo(QRectF(cx - r, cy - r, 2 * r, 2 * r), 0, -180)
    path.cubicTo(QPointF(cx - r, cy - r * 0.75), QPointF(cx - r * 0.35, cy - r * 1.25), tip)
    path.closeSubpath()
    return path


def draw_icon(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = 0 if size <= 24 else size / 32
    square = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    gradient = QLinearGradient(square.topLeft(), square.bottomRight())
    gradient.setColorAt(0, BLUE_LIGHT)
    gradient.setColorAt(1, BLUE_DARK)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    p.drawRoundedRect(square, size * 0.2, size * 0.2)

    drop = drop_path(size)
    p.setBrush(QColor("white"))
    p.drawPath(drop)
    if size >= 32:
        p.save()
        p.setClipPath(drop)
        water = QPainterPath(QPointF(0, size * 0.70))
        for i in range(4):  # a gentle wave across the drop
            x0 = i * size / 4
            water.cubicTo(
                QPointF(x0 + size / 12, size * 0.66),
                QPointF(x0 + size / 6, size * 0.74),
                QPointF(x0 + size / 4, size * 0.70),
            )
        water.lineTo(size, size)
        water.lineTo(0, size)
        water.closeSubpath()
        p.setBrush(WATER)
        p.drawPath(water)
        p.restore()
    if size >= 48:  # below that the grid's lines blur into a blot
        # the form: an outlined 3 × 2 grid in the drop's belly
        pen = QPen(LINE, max(1.0, size / 40))
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        grid = QRectF(size * 0.385, size * 0.47, size * 0.23, size * 0.19)
        p.drawRect(grid)
        for k in (1, 2):
            y = grid.top() + grid.height() * k / 3
            p.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
        x = grid.left() + grid.width() * 0.4
        p.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
    p.end()
    return image


def draw_splash() -> QImage:
    width, height = SPLASH_SIZE
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.fillRect(QRectF(0, height - 10, width, 10), BLUE_DARK)
    p.setPen(QColor("#c0c8d0"))  # the splash window has no frame of its own
    p.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
    p.drawImage(QPointF(40, 56), draw_icon(128))
    font = QFont()
    font.setFamilies(list(SPLASH_FONTS))
    # unhinted like the interface (ui.fonts), and the same whatever the application's font
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setPixelSize(30)
    font.setBold(True)
    p.setFont(font)
    p.setPen(BLUE_DARK)
    p.drawText(QRectF(196, 80, width - 206, 44), Qt.AlignmentFlag.AlignVCenter, SPLASH_TITLE)
    font.setPixelSize(18)
    font.setBold(False)
    p.setFont(font)
    p.setPen(QColor("#555555"))
    p.drawText(QRectF(198, 132, width - 206, 30), Qt.AlignmentFlag.AlignVCenter, SPLASH_TEXT)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (allowed since Vista): header, directory, data."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory, data = b"", b""
    for size, png in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        data += png
        offset += len(png)
    return header + directory + data


def outputs() -> dict[Path, bytes]:
    """Every file this script writes, by path, with its bytes."""
    pngs = {size: png_bytes(draw_icon(size)) for size in SIZES}
    files = {HERE / "icons" / f"{s}x{s}" / f"{NAME}.png": data for s, data in pngs.items()}
    files[HERE / f"{NAME}.ico"] = ico_bytes({s: pngs[s] for s in ICO_SIZES})
    files[HERE / "splash.png"] = png_bytes(draw_splash())
    return files


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # fonts need an app
    for path, data in outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path.relative_to(HERE))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
