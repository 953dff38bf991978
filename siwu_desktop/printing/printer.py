"""The sheet sent to a named printer: a CUPS queue on Linux, the spooler on Windows.

Qt's QPrinter speaks to both (`setPrinterName` with a name from `QPrinterInfo`); the job
is handed over when painting ends, and the spooler prints it on its own time. Tested
with a real CUPS queue (cups-pdf); the Windows spooler is the same Qt code path but has
not been tried on a Windows machine.
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from siwu_desktop.printing import strings as s
from siwu_desktop.printing.paint import configure_printer, paint_report
from siwu_desktop.printing.sheet import ReportSheet


class PrinterUnavailable(Exception):
    """No printer of that name on this computer (the message says which ones there are)."""


def document_name(sheet: ReportSheet) -> str:
    """The job's title in the print queue (and cups-pdf's file name): 盂县2025年度表一."""
    return f"{sheet.county}{sheet.period_text}{sheet.form_short}"


def prepare_printer(printer: QPrinter, sheet: ReportSheet) -> None:
    """A4 in the sheet's orientation, margins for binding, the job named after the return."""
    configure_printer(printer, sheet)
    printer.setDocName(document_name(sheet))


def print_on(name: str, sheet: ReportSheet) -> int:
    """Send the sheet to the printer called `name`; the pages printed."""
    names = QPrinterInfo.availablePrinterNames()
    if name not in names:
        if not names:
            raise PrinterUnavailable(s.NO_PRINTERS.format(name=name))
        raise PrinterUnavailable(s.NO_SUCH_PRINTER.format(name=name, names="、".join(names)))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(name)
    prepare_printer(printer, sheet)
    return paint_report(printer, sheet)
