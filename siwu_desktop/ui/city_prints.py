"""Preview, print and PDF for the city's documents (the summary, the board and its
催报清单), following ui/outputs.py: each dialog makes and owns its QPrinter; a document is
a function painting on any paged device and returning its pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QPagedPaintDevice, QPdfWriter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from siwu_desktop.ui import strings as S

if TYPE_CHECKING:  # printing (and Qt's print support) loads with the first print, preview
    # or PDF: not with the city window's start
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

    from siwu_desktop.printing.sheet import ReportSheet

Paint = Callable[[QPagedPaintDevice], int]


class CityPrints:
    """`document()` gives (the first sheet, for the page layout; the painter) or None."""

    def __init__(
        self, parent: QWidget, document: Callable[[], tuple[ReportSheet, Paint] | None]
    ) -> None:
        self.parent = parent
        self.document = document
        self.last_dialog: QDialog | None = None
        self.last_pages = 0

    def _fail(self, error: BaseException) -> None:
        QMessageBox.warning(self.parent, S.PRINT_TITLE, str(error))

    def preview(self) -> QPrintPreviewDialog | None:
        doc = self.document()
        if doc is None:
            return None
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from siwu_desktop.printing.paint import configure_printer

        sheet, paint = doc
        dialog = QPrintPreviewDialog(self.parent)
        configure_printer(dialog.printer(), sheet)
        dialog.paintRequested.connect(lambda printer: paint(printer))
        dialog.resize(1100, 850)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def print_dialog(self) -> QPrintDialog | None:
        doc = self.document()
        if doc is None:
            return None
        from PySide6.QtPrintSupport import QPrintDialog

        from siwu_desktop.printing.paint import configure_printer

        sheet, paint = doc
        dialog = QPrintDialog(self.parent)
        configure_printer(dialog.printer(), sheet)
        dialog.setWindowTitle(S.PRINT_TITLE)
        dialog.accepted.connect(lambda: self.print_to(dialog.printer(), paint))
        QDialog.open(dialog)  # PySide6 6.11: a bare open() resolves to open(receiver, member)
        self.last_dialog = dialog
        return dialog

    def print_to(self, printer: QPrinter, paint: Paint) -> int:
        try:
            self.last_pages = paint(printer)
        except OSError as exc:
            self._fail(exc)
            return 0
        return self.last_pages

    def save_pdf_to(self, path: Path) -> int:
        doc = self.document()
        if doc is None:
            return 0
        from siwu_desktop.printing.paint import configure_printer
        from siwu_desktop.printing.pdf_file import save_pdf_file

        sheet, paint = doc

        def painted(writer: QPdfWriter) -> int:
            configure_printer(writer, sheet)
            return paint(writer)

        try:  # whole or not at all: a full disk is said, not a cut PDF left
            self.last_pages = save_pdf_file(path, painted)
        except OSError as exc:
            self._fail(exc)
            return 0
        return self.last_pages
