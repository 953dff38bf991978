"""Painting a ReportSheet onto any paged device: a QPrinter (paper, preview) or a QPdfWriter.

Layout is explicit and done before anything is drawn: every cell is wrapped to
its column with the same QTextLayout that later draws it (so what was measured is
what is printed, and nothing is clipped), row heights follow, and rows are cut
into pages without ever splitting one. Only then is "共 y 页" known and the pages
painted: page furniture, the table with its head repeated on every page, the
情况说明, the signature block, and on a draft the 草稿 watermark.

Coordinates are device pixels of the page's paint rectangle (inside the margins).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import segno
from msgspec import Struct, field
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
    QTransform,
)

from siwu_desktop.printing import strings as s
from siwu_desktop.printing.fonts import make_font, print_fonts
from siwu_desktop.printing.pdf_file import save_pdf_file
from siwu_desktop.printing.sheet import CENTER, LANDSCAPE, RIGHT, SECTION, TOTAL, ReportSheet

# Margins in mm (left, top, right, bottom). Portrait pages are bound on the left;
# landscape pages are turned a quarter and bound along their top edge.
PORTRAIT_MARGINS = (25.0, 20.0, 15.0, 15.0)
LANDSCAPE_MARGINS = (15.0, 25.0, 15.0, 12.0)

TITLE_PT, INFO_PT, SMALL_PT, HEAD_PT = 18.0, 10.5, 8.0, 12.0
QR_MM = 22.0
PAD_X_MM, PAD_Y_MM = 1.2, 0.7
HEADER_FILL, SECTION_FILL = QColor(232, 232, 232), QColor(244, 244, 244)
GRID_MM, FRAME_MM = 0.15, 0.45
WATERMARK_COLOR = QColor(150, 150, 150, 90)
WrapMode = QTextOption.WrapMode


def configure_printer(printer: QPagedPaintDevice, sheet: ReportSheet) -> None:
    """A4 in the sheet's orientation, with margins fit for binding."""
    landscape = sheet.orientation == LANDSCAPE
    left, top, right, bottom = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(left, top, right, bottom),
        QPageLayout.Unit.Millimeter,
    )
    printer.setPageLayout(layout)


def save_pdf(sheet: ReportSheet, path: Path) -> Path:
    """The sheet as a PDF file (A4, fonts embedded, text searchable)."""
    write_pdf(sheet, path)
    return Path(path)


def write_pdf(sheet: ReportSheet, path: Path) -> int:
    """`save_pdf`, returning the number of pages written."""

    def paint(writer: QPdfWriter) -> int:
        writer.setTitle(f"{sheet.county} {sheet.period_text} {sheet.form_short} {sheet.title}")
        writer.setCreator(s.PDF_CREATOR)
        configure_printer(writer, sheet)
        return paint_report(writer, sheet)

    return save_pdf_file(Path(path), paint)


def qr_image(text: str) -> QImage:
    """A QR code of `text` (segno → PNG → QImage), quiet zone included."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=8, border=4)
    return QImage.fromData(buffer.getvalue())


def paint_report(printer: QPagedPaintDevice, sheet: ReportSheet) -> int:
    """Draw the sheet on a device whose page layout is already set; returns the pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(s.PAINT_REFUSED)
    try:
        return paint_sheets(painter, printer, [sheet])
    finally:
        painter.end()


def paint_sheets(
    painter: QPainter, printer: QPagedPaintDevice, sheets: Sequence[ReportSheet], first: bool = True
) -> int:
    """Several sheets one after another with an active painter (the city summary's
    sections); each numbers its own pages. `first`: nothing is on the device yet."""
    painted = 0
    for sheet in sheets:
        layout = _SheetLayout(sheet, printer)
        pages = layout.paginate()
        for number, page in enumerate(pages, start=1):
            if painted or not first:
                printer.newPage()
            layout.paint_page(painter, page, number, len(pages))
            painted += 1
    return painted


# --- text measured once, drawn as measured ----------------------------------------------------


class _Text:
    """Text wrapped to a width: at the line-break opportunities of Unicode (a closing
    bracket or a full stop never starts a line, a number is never cut), and anywhere only
    when one unbreakable run is wider than the cell (a credit code in a narrow column).

    Measured with the same flags it is drawn with, so Qt lays it out identically
    both times: the height reserved is the height printed.
    """

    def __init__(
        self, text: str, font: QFont, width: float, device: QPagedPaintDevice, align: str = "left"
    ) -> None:
        metrics = QFontMetricsF(font, device)
        self.font, self.width, self.align, self.text = font, width, align, text
        self.ascent = metrics.ascent()
        self.wrapped = "\n" in text or metrics.horizontalAdvance(text) > width
        self.advance = width if self.wrapped else metrics.horizontalAdvance(text)
        flags = _WRAP | _QT_ALIGN.get(align, Qt.AlignmentFlag.AlignLeft)
        if self.wrapped:
            bounds = metrics.boundingRect(QRectF(0, 0, width, 1e9), int(flags), text)
            if bounds.width() > width + 0.5:  # a run with no break opportunity: cut it
                flags |= Qt.TextFlag.TextWrapAnywhere
                bounds = metrics.boundingRect(QRectF(0, 0, width, 1e9), int(flags), text)
            self.height = bounds.height()
        else:
            self.height = metrics.height()
        self.flags = int(flags)

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        painter.setFont(self.font)
        if self.wrapped:
            painter.drawText(QRectF(x, y, self.width, self.height), self.flags, self.text)
            return
        dx = 0.0
        if self.align == CENTER:
            dx = (self.width - self.advance) / 2
        elif self.align == RIGHT:
            dx = self.width - self.advance
        painter.drawText(QPointF(x + dx, y + self.ascent), self.text)


def text_lines(text: _Text, device: QPagedPaintDevice) -> list[str]:
    """The lines `text` is drawn in, as Qt breaks them at its width and with its flags."""
    layout = QTextLayout(text.text.replace("\n", "\u2028"), text.font, device)
    option = QTextOption()
    anywhere = text.flags & int(Qt.TextFlag.TextWrapAnywhere)
    option.setWrapMode(WrapMode.WrapAnywhere if anywhere else WrapMode.WordWrap)
    layout.setTextOption(option)
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(text.width)
        lines.append(text.text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


_WRAP = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextDontClip | Qt.AlignmentFlag.AlignTop
_QT_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft,
    CENTER: Qt.AlignmentFlag.AlignHCenter,
    RIGHT: Qt.AlignmentFlag.AlignRight,
}


class _Row(Struct):
    texts: list[tuple[float, _Text]]  # (x of the cell, text)
    height: float
    kind: str


class _HeadCell(Struct):
    x: float
    y: float
    width: float
    height: float
    text: _Text


class _Page(Struct):
    rows: list[tuple[_Row, float]] = field(default_factory=list)
    head_y: float | None = None
    flows: list[tuple[_Flow, float]] = field(default_factory=list)


class _Flow(Struct):
    """A block after the table: an appendix item (or its title) or the signature block."""

    kind: str  # "appendix_title" | "appendix_item" | "signatures"
    texts: list[tuple[float, float, _Text]]  # (dx, dy, text)
    height: float


# --- the layout of one sheet on one device ------------------------------------------------------


class _SheetLayout:
    def __init__(self, sheet: ReportSheet, device: QPagedPaintDevice) -> None:
        self.sheet, self.device = sheet, device
        self.dpi = float(device.logicalDpiX())
        rect = device.pageLayout().paintRectPixels(int(self.dpi))
        self.width, self.height = float(rect.width()), float(rect.height())
        fonts = print_fonts()
        size = sheet.font_size
        self.f_text = make_font(fonts.text, size)
        self.f_bold = make_font(fonts.heading, size)
        self.f_head = make_font(fonts.heading, size - 0.5)
        self.f_title = make_font(fonts.heading, TITLE_PT)
        self.f_heading = make_font(fonts.heading, HEAD_PT)
        self.f_info = make_font(fonts.text, INFO_PT)
        self.f_small = make_font(fonts.text, SMALL_PT)
        self.f_mark = make_font(fonts.heading, 120)
        self.pad_x, self.pad_y = self.mm(PAD_X_MM), self.mm(PAD_Y_MM)
        self.columns = self._column_x()
        self.footer_h = self.line(self.f_small) + self.mm(3)
        self.bottom = self.height - self.footer_h
        self.first_band = self._first_band_height()
        self.next_band = self._next_band_height()
        self.head_cells, self.head_h = self._head()
        self.rows = [self._row(r.cells, r.kind) for r in sheet.rows]

    # units
    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def line(self, font: QFont) -> float:
        return QFontMetricsF(font, self.device).height()

    def text(self, text: str, font: QFont, width: float, align: str = "left") -> _Text:
        return _Text(text, font, width, self.device, align)

    # table geometry
    def _column_x(self) -> list[tuple[float, float]]:
        """Widths by the sheet's weights, but never below what a column needs unbroken
        (`_needed`): the width that takes is given up by the columns with room to spare."""
        total = sum(c.weight for c in self.sheet.columns)
        widths = [self.width * c.weight / total for c in self.sheet.columns]
        needed = self._needed()
        short = sum(max(0.0, n - w) for n, w in zip(needed, widths, strict=True))
        spare = [max(0.0, w - n) for n, w in zip(needed, widths, strict=True)]
        if short > 0 and sum(spare) > short:
            scale = short / sum(spare)
            widths = [
                max(w, n) if n > w else w - room * scale
                for w, n, room in zip(widths, needed, spare, strict=True)
            ]
        out, x = [], 0.0
        for w in widths:
            out.append((x, w))
            x += w
        return out

    def _needed(self) -> list[float]:
        """Per column, the width of its head if the head is a short word (序号, 单位, 说明)
        and of its widest cell if every cell is short (row numbers, statuses): such texts
        read wrongly when broken ("序/号")."""
        pad = 2 * self.pad_x
        head = QFontMetricsF(self.f_head, self.device)
        body = QFontMetricsF(self.f_text, self.device)
        out = []
        for i, column in enumerate(self.sheet.columns):
            need = head.horizontalAdvance(column.label) + pad if len(column.label) <= 4 else 0.0
            cells = [r.cells[i] for r in self.sheet.rows if r.kind != SECTION and len(r.cells) > i]
            if cells and all(len(c) <= 4 for c in cells):
                need = max([need, *(body.horizontalAdvance(c) + pad for c in cells)])
            out.append(need)
        return out

    def _head(self) -> tuple[list[_HeadCell], float]:
        """Column heads, with an upper row of group heads where the sheet has groups."""
        cols, pad = self.columns, self.pad_x
        heads = [
            self.head_text(s.HEAD_LINES.get(c.label, c.label), w - 2 * pad)
            for c, (_, w) in zip(self.sheet.columns, cols, strict=True)
        ]
        if not self.sheet.groups:
            h = max(t.height for t in heads) + 2 * self.pad_y
            return [_HeadCell(x, 0, w, h, t) for (x, w), t in zip(cols, heads, strict=True)], h
        cells: list[_HeadCell] = []
        groups: list[tuple[int, int, _Text | None]] = []
        index = 0
        for g in self.sheet.groups:
            x0 = cols[index][0]
            x1 = cols[index + g.span - 1][0] + cols[index + g.span - 1][1]
            label = self.head_text(g.label, x1 - x0 - 2 * pad) if g.label else None
            groups.append((index, g.span, label))
            index += g.span
        upper = max((t.height for _, _, t in groups if t), default=0) + 2 * self.pad_y
        lower_texts = [
            heads[i] for start, span, t in groups if t for i in range(start, start + span)
        ]
        lower = max((t.height for t in lower_texts), default=0) + 2 * self.pad_y
        spanning = [heads[start] for start, _, t in groups if t is None]
        full = max([upper + lower, *(t.height + 2 * self.pad_y for t in spanning)])
        lower = full - upper
        for start, span, label in groups:
            if label is None:
                x, w = cols[start]
                cells.append(_HeadCell(x, 0, w, full, heads[start]))
                continue
            x0, _ = cols[start]
            x1 = cols[start + span - 1][0] + cols[start + span - 1][1]
            cells.append(_HeadCell(x0, 0, x1 - x0, upper, label))
            for i in range(start, start + span):
                x, w = cols[i]
                cells.append(_HeadCell(x, upper, w, lower, heads[i]))
        return cells, full

    def head_text(self, label: str, width: float) -> _Text:
        """A head wrapped to its column, but never with one character alone on its last
        line (年计划用水/量): then broken as on the narrowest width that needs no more
        lines (年计划/用水量), and drawn centred in the whole column."""
        text = self.text(label, self.f_head, width, CENTER)
        lines = text_lines(text, self.device)
        if len(lines) < 2 or len(lines[-1].strip()) > 1:
            return text
        low, high = 0.0, width
        while high - low > 0.5:
            middle = (low + high) / 2
            fits = len(text_lines(self.text(label, self.f_head, middle), self.device))
            low, high = (low, middle) if fits <= len(lines) else (middle, high)
        narrow = text_lines(self.text(label, self.f_head, high), self.device)
        return self.text("\n".join(line.strip() for line in narrow), self.f_head, width, CENTER)

    def _row(self, cells: Sequence[str], kind: str) -> _Row:
        pad = self.pad_x
        if kind == SECTION:
            t = self.text(cells[0], self.f_bold, self.width - 2 * pad)
            return _Row([(0.0, t)], t.height + 2 * self.pad_y, kind)
        font = self.f_bold if kind == TOTAL else self.f_text
        texts = []
        for (x, w), c, text in zip(self.columns, self.sheet.columns, cells, strict=True):
            if text:
                texts.append((x, self.text(text, font, w - 2 * pad, c.align)))
        height = max((t.height for _, t in texts), default=self.line(font))
        return _Row(texts, height + 2 * self.pad_y, kind)

    # bands above the table
    def _first_band_height(self) -> float:
        qr = self.mm(QR_MM) + self.line(self.f_small)
        return qr + self.mm(2) + 2 * self.line(self.f_info) + self.mm(3)

    def _next_band_height(self) -> float:
        return self.line(self.f_heading) + self.line(self.f_small) + self.mm(3)

    # after the table
    def _flows(self) -> list[_Flow]:
        flows = []
        sheet = self.sheet
        if sheet.appendix:
            title = self.text(s.APPENDIX_TITLE, self.f_heading, self.width)
            flows.append(
                _Flow("appendix_title", [(0, self.mm(4), title)], title.height + self.mm(6))
            )
            indent = self.mm(7)
            for item in sheet.appendix:
                first = self.text(item.text, self.f_text, self.width)
                second = self.text(item.explanation_text, self.f_text, self.width - indent)
                gap = self.mm(1)
                flows.append(
                    _Flow(
                        "appendix_item",
                        [(0, 0, first), (indent, first.height + gap, second)],
                        first.height + gap + second.height + self.mm(2.5),
                    )
                )
        if sheet.signed:
            flows.append(self._signatures())
        return flows

    def _signatures(self) -> _Flow:
        """单位负责人 / 审核人 / 填报人 with lines to sign on; phone and date; the stamp area."""
        sheet = self.sheet
        stamp_w = self.mm(52)
        left = self.width - stamp_w - self.mm(8)
        slot = left / 3
        info_h = self.line(self.f_info)
        top = self.mm(8)
        texts: list[tuple[float, float, _Text]] = []
        for i, sig in enumerate(sheet.signatures):
            label = f"{sig.label}：{sig.name}"
            texts.append((i * slot, top, self.text(label, self.f_info, slot)))
        second = top + info_h + self.mm(12)
        texts.append((0, second, self.text(f"{s.PHONE}：{sheet.phone}", self.f_info, slot)))
        date = sheet.report_date or s.DATE_BLANK
        texts.append((slot, second, self.text(f"{s.REPORT_DATE}：{date}", self.f_info, 2 * slot)))
        height = max(second + info_h, top + self.mm(36)) + self.mm(2)
        return _Flow("signatures", texts, height)

    # pagination: everything placed before anything is drawn
    def paginate(self) -> list[_Page]:
        pages = [_Page()]
        y = self.first_band
        if self.rows:
            pages[0].head_y = y
            y += self.head_h
        for row in self.rows:
            if y + row.height > self.bottom and pages[-1].rows:
                pages.append(_Page(head_y=self.next_band))
                y = self.next_band + self.head_h
            pages[-1].rows.append((row, y))
            y += row.height
        for flow in self._flows():
            if y + flow.height > self.bottom and (pages[-1].rows or pages[-1].flows):
                page = _Page()
                if flow.kind == "signatures":
                    page = self._carry_over(pages[-1])
                pages.append(page)
                y = self._end_of(page)
            pages[-1].flows.append((flow, y))
            y += flow.height
        return pages

    def _carry_over(self, page: _Page) -> _Page:
        """A new page for the signature block, starting with the last item of `page` (an
        情况说明 item, with its title if that would stay behind alone, or else the last
        table row under the repeated head): a signature alone on a page could be put
        under any table."""
        new = _Page()
        if page.flows and page.flows[-1][0].kind == "appendix_item":
            moved = [page.flows.pop()[0]]
            if page.flows and page.flows[-1][0].kind == "appendix_title":
                moved.insert(0, page.flows.pop()[0])
            y = self.next_band
            for flow in moved:
                new.flows.append((flow, y))
                y += flow.height
        elif len(page.rows) > 1 and not page.flows:
            row, _ = page.rows.pop()
            new.head_y = self.next_band
            new.rows.append((row, self.next_band + self.head_h))
        return new

    def _end_of(self, page: _Page) -> float:
        """The first free y on a (continuation) page."""
        if page.flows:
            flow, y = page.flows[-1]
            return y + flow.height
        if page.rows:
            row, y = page.rows[-1]
            return y + row.height
        return self.next_band

    # painting
    def paint_page(self, painter: QPainter, page: _Page, number: int, pages: int) -> None:
        painter.setPen(QPen(Qt.GlobalColor.black))
        if number == 1:
            self._paint_first_band(painter)
        else:
            self._paint_next_band(painter)
        if page.head_y is not None:
            self._paint_table(painter, page)
        for flow, y in page.flows:
            self._paint_flow(painter, flow, y)
        self._paint_footer(painter, number, pages)
        if not self.sheet.finalised and not self.sheet.listing:
            self._paint_watermark(painter)

    def _paint_first_band(self, painter: QPainter) -> None:
        sheet = self.sheet
        qr = self.mm(QR_MM)
        small = self.line(self.f_small)
        x_qr = self.width - qr
        if sheet.digest:
            painter.drawImage(QRectF(x_qr, 0, qr, qr), qr_image(sheet.digest))
            caption = self.text(s.QR_CAPTION, self.f_small, qr, CENTER)
            caption.draw(painter, x_qr, qr)
        elif not sheet.listing:
            box = QRectF(x_qr, 0, qr, qr)
            painter.setPen(QPen(Qt.GlobalColor.black, self.mm(0.4)))
            painter.drawRect(box)
            mark = self.text(s.STATUS_DRAFT, self.f_heading, qr, CENTER)
            mark.draw(painter, x_qr, qr / 2 - mark.height)
            self.text(s.DRAFT_BOX, self.f_info, qr, CENTER).draw(painter, x_qr, qr / 2 + self.mm(1))
        corner = [
            *([] if sheet.listing else [f"{s.FORM_NUMBER}：{sheet.form_short}"]),
            *([f"{s.ISSUER}：{sheet.issuer}"] if sheet.issuer else []),
            *([f"{s.REVISION}：{sheet.revision_text}"] if sheet.revision_text else []),
        ]
        left_w = 0.0
        y = 0.0
        for line in corner:
            t = self.text(line, self.f_info, self.width / 3)
            t.draw(painter, 0, y)
            left_w = max(left_w, t.advance)
            y += t.height
        title = self.text(sheet.title, self.f_title, self.width - left_w - qr - self.mm(8), CENTER)
        x = (self.width - title.width) / 2
        if x < left_w + self.mm(4) or x + title.width > x_qr - self.mm(4):
            x = left_w + self.mm(4)
        title.draw(painter, x, (qr - title.height) / 2)
        y = qr + small + self.mm(2)
        third = self.width / 3
        unit = f"{s.UNIT}：{sheet.unit_name}"
        if sheet.county_code:
            unit += f"（{s.CODE}：{sheet.county_code}）"
        self.text(unit, self.f_info, 1.4 * third).draw(painter, 0, y)
        period = f"{s.PERIOD}：{sheet.period_text}"
        self.text(period, self.f_info, 0.8 * third, CENTER).draw(painter, 1.4 * third, y)
        measure = f"{s.MEASURE}：{sheet.measure}"
        self.text(measure, self.f_info, 0.8 * third, RIGHT).draw(painter, 2.2 * third, y)
        y += self.line(self.f_info)
        if sheet.digest:
            trust = f"{s.DIGEST_LABEL}：{sheet.digest}"
            if sheet.signer:
                trust += f"　　{s.SIGNER_LABEL}：{sheet.signer}"
            trust += (
                f"　　{s.FINALISED_AT}：{sheet.finalised_at}　　{s.PRINTED_AT}：{sheet.printed_at}"
            )
        else:
            notice = s.LISTING_NOTICE if sheet.listing else s.DRAFT_NOTICE
            trust = f"{notice}　　{s.PRINTED_AT}：{sheet.printed_at}"
        self.text(trust, self.f_small, self.width).draw(painter, 0, y + self.mm(0.5))

    def _paint_next_band(self, painter: QPainter) -> None:
        sheet = self.sheet
        title = self.text(sheet.title + s.CONTINUED, self.f_heading, self.width, CENTER)
        title.draw(painter, 0, 0)
        info = (
            ("" if sheet.listing else f"{s.FORM_NUMBER}：{sheet.form_short}　　")
            + f"{s.UNIT}：{sheet.unit_name}　　"
            f"{s.PERIOD}：{sheet.period_text}　　{s.MEASURE}：{sheet.measure}"
        )
        if sheet.revision_text:
            info += f"　　{s.REVISION}：{sheet.revision_text}"
        self.text(info, self.f_small, self.width).draw(painter, 0, title.height + self.mm(0.5))

    def _paint_table(self, painter: QPainter, page: _Page) -> None:
        assert page.head_y is not None
        top = page.head_y
        grid = QPen(Qt.GlobalColor.black, self.mm(GRID_MM))
        for cell in self.head_cells:
            rect = QRectF(cell.x, top + cell.y, cell.width, cell.height)
            painter.fillRect(rect, HEADER_FILL)
            painter.setPen(grid)
            painter.drawRect(rect)
            dy = (cell.height - cell.text.height) / 2
            cell.text.draw(painter, cell.x + self.pad_x, top + cell.y + dy)
        for row, y in page.rows:
            painter.setPen(grid)
            if row.kind == SECTION:
                rect = QRectF(0, y, self.width, row.height)
                painter.fillRect(rect, SECTION_FILL)
                painter.drawRect(rect)
            else:
                for x, w in self.columns:
                    painter.drawRect(QRectF(x, y, w, row.height))
            for x, t in row.texts:
                t.draw(painter, x + self.pad_x, y + (row.height - t.height) / 2)
        if page.rows:
            last, y = page.rows[-1]
            bottom = y + last.height
        else:
            bottom = top + self.head_h
        painter.setPen(QPen(Qt.GlobalColor.black, self.mm(FRAME_MM)))
        painter.drawRect(QRectF(0, top, self.width, bottom - top))
        painter.drawLine(QPointF(0, top + self.head_h), QPointF(self.width, top + self.head_h))

    def _paint_flow(self, painter: QPainter, flow: _Flow, y: float) -> None:
        painter.setPen(QPen(Qt.GlobalColor.black))
        for dx, dy, t in flow.texts:
            t.draw(painter, dx, y + dy)
        if flow.kind == "signatures":
            self._paint_sign_lines(painter, flow, y)

    def _paint_sign_lines(self, painter: QPainter, flow: _Flow, y: float) -> None:
        stamp_w = self.mm(52)
        left = self.width - stamp_w - self.mm(8)
        slot = left / 3
        line_pen = QPen(Qt.GlobalColor.black, self.mm(0.25))
        for i, (dx, dy, t) in enumerate(flow.texts[:3]):
            x0 = dx + t.advance + self.mm(2)
            x1 = (i + 1) * slot - self.mm(6)
            base = y + dy + t.height
            if x1 - x0 < self.mm(15):  # a long name: the line goes below it
                x0, base = dx, base + self.mm(7)
            painter.setPen(line_pen)
            painter.drawLine(QPointF(x0, base), QPointF(x1, base))
            hint = self.text(s.SIGN_HERE, self.f_small, x1 - x0, CENTER)
            painter.setPen(QPen(QColor(90, 90, 90)))
            hint.draw(painter, x0, base + self.mm(0.6))
        box = QRectF(self.width - stamp_w, y + self.mm(4), stamp_w, self.mm(34))
        pen = QPen(QColor(140, 140, 140), self.mm(0.25))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(box, self.mm(2), self.mm(2))
        painter.setPen(QPen(Qt.GlobalColor.black))
        stamp = self.text(s.STAMP, self.f_info, stamp_w, CENTER)
        stamp.draw(painter, box.x(), box.bottom() - stamp.height - self.mm(2))

    def _paint_footer(self, painter: QPainter, number: int, pages: int) -> None:
        sheet = self.sheet
        y = self.height - self.line(self.f_small)
        painter.setPen(QPen(QColor(120, 120, 120), self.mm(0.15)))
        painter.drawLine(QPointF(0, y - self.mm(1.2)), QPointF(self.width, y - self.mm(1.2)))
        painter.setPen(QPen(Qt.GlobalColor.black))
        third = self.width / 3
        left = "　".join(
            t for t in (sheet.form_short, sheet.county, sheet.period_text, sheet.revision_text) if t
        )
        self.text(left, self.f_small, third).draw(painter, 0, y)
        page = s.PAGE.format(page=number, pages=pages)
        self.text(page, self.f_small, third, CENTER).draw(painter, third, y)
        right = s.DIGEST_SHORT.format(short=sheet.short_digest) if sheet.digest else s.WATERMARK
        if sheet.listing:
            right = ""
        self.text(right, self.f_small, third, RIGHT).draw(painter, 2 * third, y)

    def _paint_watermark(self, painter: QPainter) -> None:
        before = painter.transform()
        turned = QTransform(before)
        turned.translate(self.width / 2, self.height / 2)
        turned.rotate(-30)
        painter.setTransform(turned)
        painter.setPen(QPen(WATERMARK_COLOR))
        mark = self.text(s.WATERMARK, self.f_mark, self.width)
        mark.draw(painter, -mark.advance / 2, -mark.height / 2)
        painter.setTransform(before)
