"""Charts drawn with QPainter (no QtCharts: PySide6-Addons would break the size budget).

`BarChart`: an indicator county by county against the city's target line; `TrendChart`:
the city's consolidated value over the years against its milestones. Both paint into
any QPaintDevice, so the same drawing goes to the screen and to a PNG (`to_image`).
`ChartsPage` puts them in the city window with an indicator and year choice.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core import units
from siwu_desktop.core.terms import Bound
from siwu_desktop.services import city_board as cb
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.fonts import ui_font
from siwu_desktop.ui.preferences import Preferences

BAR = QColor("#2f6db5")
BAR_OVER = QColor("#c0392b")
TARGET = QColor("#d35400")
LINE = QColor("#1e7b34")
GRID = QColor("#e5e7eb")
TEXT = QColor("#1f2937")
MUTED = QColor("#6b7280")


def fmt(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return S.CHART_MISSING
    places = 4 if unit in ("无量纲", "") and abs(value) < 10 else 2
    if abs(value) >= 1000:
        places = 0
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _unit(unit: str) -> str:
    shown = units.shown_unit(unit).strip()
    return S.CHART_UNIT.format(unit=shown) if shown else ""


def _nice_max(top: float) -> float:
    if top <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(top))) / 10 if top >= 1 else 1.0
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= top:
            return step * magnitude
    return top


def _exceeds(value: Decimal, target: Decimal, bound: str) -> bool:
    return value > target if bound == Bound.MAX else value < target


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 300)
        self.title = ""

    def sizeHint(self) -> QSize:
        return QSize(900, 460)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.draw(painter, QRectF(self.rect()))
        painter.end()

    def to_image(self, size: QSize | None = None) -> QImage:
        size = size or QSize(1200, 620)
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self.draw(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return image

    def save_png(self, path: Path, size: QSize | None = None) -> Path:
        if not self.to_image(size).save(str(path), "PNG"):
            raise OSError(f"无法写入图片：{path}")
        return Path(path)

    def _font(self, size: float = 9.5, bold: bool = False) -> QFont:
        f = ui_font(size)
        f.setBold(bold)
        return f

    def draw_frame(self, p: QPainter, rect: QRectF, top: float) -> QRectF:
        """Background, title, y axis with grid lines; returns the plot area."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(rect, QColor("white"))
        p.setPen(TEXT)
        p.setFont(self._font(12, bold=True))
        p.drawText(
            QRectF(rect.left(), rect.top() + 6, rect.width(), 28),
            Qt.AlignmentFlag.AlignCenter,
            self.title,
        )
        plot = QRectF(rect.left() + 80, rect.top() + 48, rect.width() - 110, rect.height() - 130)
        p.setFont(self._font(8.5))
        for i in range(6):
            y = plot.bottom() - plot.height() * i / 5
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(MUTED)
            value = Decimal(str(round(top * i / 5, 6)))
            p.drawText(
                QRectF(rect.left(), y - 9, 74, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fmt(value),
            )
        p.setPen(QPen(TEXT, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        return plot

    def draw(self, p: QPainter, rect: QRectF) -> None:
        raise NotImplementedError


class BarChart(_Chart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: cb.CountyBars | None = None

    def set_series(self, series: cb.CountyBars) -> None:
        self.series = series
        self.title = S.CHART_BARS_TITLE.format(
            year=series.year, label=series.label, unit=_unit(series.unit)
        )
        self.update()

    def draw(self, p: QPainter, rect: QRectF) -> None:
        s = self.series
        if s is None or all(v is None for _, v in s.bars):
            p.fillRect(rect, QColor("white"))
            p.setPen(MUTED)
            p.setFont(self._font(11))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, S.CHART_NO_DATA)
            return
        line = None if s.quantity else s.target
        values = [float(v) for _, v in s.bars if v is not None]
        top = _nice_max(max([*values, float(line) if line is not None else 0.0]) * 1.1)
        plot = self.draw_frame(p, rect, top)
        n = len(s.bars)
        slot = plot.width() / max(n, 1)
        width = slot * 0.6
        for i, (county, value) in enumerate(s.bars):
            x = plot.left() + slot * i + (slot - width) / 2
            if value is not None:
                h = plot.height() * float(value) / top
                over = line is not None and _exceeds(value, line, s.bound)
                p.fillRect(QRectF(x, plot.bottom() - h, width, h), BAR_OVER if over else BAR)
                p.setPen(TEXT)
                p.setFont(self._font(8))
                p.drawText(
                    QRectF(x - slot * 0.2, plot.bottom() - h - 18, width + slot * 0.4, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    fmt(value, s.unit),
                )
            else:
                p.setPen(MUTED)
                p.setFont(self._font(8))
                p.drawText(
                    QRectF(x - slot * 0.2, plot.bottom() - 18, width + slot * 0.4, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    S.CHART_MISSING,
                )
            p.setPen(TEXT)
            p.setFont(self._font(9))
            p.drawText(
                QRectF(plot.left() + slot * i, plot.bottom() + 4, slot, 20),
                Qt.AlignmentFlag.AlignCenter,
                county,
            )
        p.setFont(self._font(9))
        if line is not None:
            y = plot.bottom() - plot.height() * float(line) / top
            p.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(TARGET)
            label = S.CHART_TARGET.format(value=fmt(line, s.unit))
            p.fillRect(QRectF(plot.left() + 4, y - 21, 150, 18), QColor(255, 255, 255, 220))
            p.drawText(
                QRectF(plot.left() + 8, y - 21, 146, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            caption = ""
        else:
            caption = S.CHART_CITY_TOTAL_TARGET.format(
                value=fmt(s.city_value, s.unit),
                partial=S.CHART_PARTIAL if any(v is None for _, v in s.bars) else "",
                target=fmt(s.target, s.unit),
            )
        if caption:
            p.setPen(MUTED)
            p.drawText(
                QRectF(rect.left(), rect.bottom() - 52, rect.width(), 20),
                Qt.AlignmentFlag.AlignCenter,
                caption,
            )


class TrendChart(_Chart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: cb.CityTrend | None = None

    def set_series(self, series: cb.CityTrend) -> None:
        self.series = series
        self.title = S.CHART_TREND_TITLE.format(label=series.label, unit=_unit(series.unit))
        self.update()

    def draw(self, p: QPainter, rect: QRectF) -> None:
        s = self.series
        if s is None or (not s.milestones and all(v is None for _, v in s.points)):
            p.fillRect(rect, QColor("white"))
            p.setPen(MUTED)
            p.setFont(self._font(11))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, S.CHART_NO_DATA)
            return
        years = sorted({y for y, _ in s.points} | {y for y, _, _ in s.milestones})
        first, last = years[0], years[-1]
        values = [float(v) for _, v in s.points if v is not None]
        values += [float(v) for _, v, _ in s.milestones]
        top = _nice_max(max(values) * 1.15)
        plot = self.draw_frame(p, rect, top)
        span = max(last - first, 1)

        def at(year: int, value: Decimal) -> QPointF:
            if first == last:  # one year: in the middle
                x = plot.center().x()
            else:
                x = plot.left() + 60 + (plot.width() - 120) * (year - first) / span
            return QPointF(x, plot.bottom() - plot.height() * float(value) / top)

        p.setFont(self._font(9))
        for year in range(first, last + 1):
            x = at(year, Decimal(0)).x()
            p.setPen(TEXT)
            p.drawText(
                QRectF(x - 30, plot.bottom() + 4, 60, 20), Qt.AlignmentFlag.AlignCenter, str(year)
            )
            if year in s.partial:
                p.setPen(MUTED)
                p.drawText(
                    QRectF(x - 40, plot.bottom() + 20, 80, 18),
                    Qt.AlignmentFlag.AlignCenter,
                    S.CHART_PARTIAL_YEAR,
                )
            p.setFont(self._font(9))
        known = [(y, v) for y, v in s.drawn() if v is not None]
        p.setPen(QPen(LINE, 2.5))
        for (y0, v0), (y1, v1) in itertools.pairwise(known):
            p.drawLine(at(y0, v0), at(y1, v1))
        for y, v in known:
            point = at(y, v)
            p.setBrush(LINE)
            p.setPen(QPen(LINE, 1))
            p.drawEllipse(point, 4.5, 4.5)
            p.setPen(TEXT)
            p.setFont(self._font(8.5))
            p.drawText(
                QRectF(point.x() - 60, point.y() - 24, 120, 16),
                Qt.AlignmentFlag.AlignCenter,
                fmt(v, s.unit),
            )
        for y, v, _bound in s.milestones:
            point = at(y, v)
            p.setPen(QPen(TARGET, 2))
            p.setBrush(QColor("white"))
            size = 7.0
            diamond = [
                QPointF(point.x(), point.y() - size),
                QPointF(point.x() + size, point.y()),
                QPointF(point.x(), point.y() + size),
                QPointF(point.x() - size, point.y()),
            ]
            p.drawPolygon(diamond)
            p.setPen(TARGET)
            p.setFont(self._font(8.5))
            p.drawText(
                QRectF(point.x() - 80, point.y() + 9, 160, 16),
                Qt.AlignmentFlag.AlignCenter,
                S.CHART_MILESTONE.format(year=y, value=fmt(v, s.unit)),
            )
        # legend
        p.setFont(self._font(9))
        lx, ly = rect.left() + 90, rect.bottom() - 46
        p.setPen(QPen(LINE, 2.5))
        p.drawLine(QPointF(lx, ly), QPointF(lx + 26, ly))
        p.setPen(TEXT)
        p.drawText(QPointF(lx + 32, ly + 5), S.CHART_CITY_VALUE)
        p.setPen(QPen(TARGET, 2))
        p.setBrush(QColor("white"))
        p.drawPolygon(
            [
                QPointF(lx + 110, ly - 6),
                QPointF(lx + 116, ly),
                QPointF(lx + 110, ly + 6),
                QPointF(lx + 104, ly),
            ]
        )
        p.setPen(TEXT)
        p.drawText(QPointF(lx + 124, ly + 5), "目标（里程碑）")


class ChartsPage(QWidget):
    prefs: Preferences | None = None  # where its save dialogs open (set by the city mode)

    def __init__(self, service: ReturnService, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.indicator = QComboBox()
        self.year = QSpinBox()
        self.year.setRange(2020, 2035)
        self.year.setValue(year)
        self.bars = BarChart()
        self.trend = TrendChart()
        self.save_button = QPushButton(S.CHART_SAVE)
        self.message = QLabel(S.CHART_NOTE)
        self.message.setStyleSheet("color:#6b7280")
        bar = QHBoxLayout()
        for widget in (QLabel(S.CHART_INDICATOR), self.indicator, QLabel(S.CHART_YEAR), self.year):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.bars, 1)
        layout.addWidget(self.trend, 1)
        layout.addWidget(self.message)
        for field_id, label in cb.indicator_fields(service, year):
            self.indicator.addItem(label, field_id)
        self.indicator.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.save_button.clicked.connect(self.save_dialog)
        self.refresh()

    def field_id(self) -> str:
        return str(self.indicator.currentData() or "total_use")

    def select(self, field_id: str) -> None:
        self.indicator.setCurrentIndex(max(self.indicator.findData(field_id), 0))

    def refresh(self) -> None:
        year, field_id = self.year.value(), self.field_id()
        self.bars.set_series(cb.county_bars(self.service, year, field_id))
        years = sorted({*cb.stored_years(self.service), year})
        self.trend.set_series(cb.city_trend(self.service, field_id, years))

    def save_pngs(self, stem: Path) -> list[Path]:
        """Both charts as PNG: `<stem>_各县区.png` and `<stem>_历年.png`."""
        stem = Path(stem)
        out = [
            self.bars.save_png(stem.with_name(stem.name + "_各县区.png")),
            self.trend.save_png(stem.with_name(stem.name + "_历年.png")),
        ]
        self.message.setText(S.CHART_SAVED.format(path="、".join(str(p) for p in out)))
        return out

    def save_dialog(self) -> None:
        from siwu_desktop.ui.save_as import ask_save_path

        name = f"{self.year.value()}_{self.indicator.currentText()}.png"
        chosen = ask_save_path(self, self.prefs, S.CHART_SAVE, name, S.CHART_SAVE_FILTER)
        if chosen:
            self.save_pngs(chosen[0].with_suffix(""))
