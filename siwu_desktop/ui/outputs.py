"""Export, import, print, print preview and PDF: the window's side of the excel and printing layers.

The layers are imported inside each handler, so the window starts without
openpyxl and works as soon as those modules are installed. Each handler has a
path-taking twin (`export_to`, `save_pdf_to`, `import_files`) that tests and
scripts drive without a file dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize

from siwu_desktop.core.terms import period_text
from siwu_desktop.services.changes import Changes
from siwu_desktop.services.data import ReturnInfo
from siwu_desktop.ui import strings as S

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QMessageBox

    from siwu_desktop.printing.sheet import ReportSheet
    from siwu_desktop.ui.jobs import Job
    from siwu_desktop.ui.returns_page import ReturnsPage


PREVIEW_SIZE = QSize(900, 1000)  # a landscape A4 page and the preview's toolbar
SCREEN_SHARE = 0.92  # of the screen's free height, leaving room for the window's frame


def fitted(wanted: QSize, screen: QSize) -> QSize:
    """`wanted`, but never wider or taller than the screen's free area allows: at 1000 px the
    preview ran off a 900 or 768 px high screen, its lower part out of reach."""
    return QSize(
        min(wanted.width(), int(screen.width() * SCREEN_SHARE)),
        min(wanted.height(), int(screen.height() * SCREEN_SHARE)),
    )


def pdf_filename(info: ReturnInfo, form: str) -> str:
    """盂县_2026年度_表三.pdf / 盂县_2026年第三季度_表三.pdf: the period written out as in the
    export's file names. It was 盂县2026表三.pdf for the annual 表三 and every quarter alike,
    so saving a quarter's PDF offered to overwrite the year's."""
    return f"{info.county}_{period_text(info.year, info.period)}_{form}.pdf"


class Outputs:
    def __init__(self, page: ReturnsPage) -> None:
        self.page = page
        self.last_job: Job | None = None
        self.last_message = ""

    @property
    def service(self):  # type: ignore[no-untyped-def]
        return self.page.service

    def _say(self, text: str) -> None:
        self.last_message = text
        self.page.message.emit(text)

    def _fail(self, title: str, error: BaseException) -> None:
        text = str(error) or type(error).__name__
        if isinstance(error, ImportError):
            text = S.MODULE_MISSING.format(module=getattr(error, "name", None) or text)
        self.last_message = text
        from PySide6.QtWidgets import QMessageBox  # built on first use

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.page)
        box.open()
        self.page.last_dialog = box

    # --- export -----------------------------------------------------------------------------

    def export_current(self) -> None:
        doc = self.page.require_document()
        if doc is None:
            return
        try:
            from siwu_desktop.services import export

            name = export.export_filename(doc.loaded)
        except ImportError as exc:
            self._fail(S.EXPORT_TITLE, exc)
            return
        from PySide6.QtWidgets import QFileDialog  # built on first use

        path, _ = QFileDialog.getSaveFileName(
            self.page, S.EXPORT_TITLE, str(self.page.output_dir() / name), S.EXPORT_FILTER
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> object:
        doc = self.page.require_document()
        if doc is None:
            return None
        try:
            from siwu_desktop.services import export

            result = export.export_returns(self.service, [doc.loaded], path)
        except Exception as exc:
            self._fail(S.EXPORT_TITLE, exc)
            return None
        done = S.EXPORT_DONE if export.is_final(doc.loaded) else S.EXPORT_DONE_DRAFT
        self._say(done.format(path=path))
        self.page.prefs.exported_to(path)
        self.page.apply(result.changes)
        return result

    def export_all(self) -> None:
        """导出全部报表: one workbook of the selected year's returns (as `siwu export --all`),
        or one file per return of every year (a folder); a county is asked which (the
        question stays open as page.last_dialog, window-modal)."""
        year = self.page.selected_year()
        if self.page.profile.county and year is not None and self.page.profile.mode == "county":
            self.ask_one_workbook(year)
        else:
            self.export_each()

    def ask_one_workbook(self, year: int) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox  # built on first use

        box = QMessageBox(
            QMessageBox.Icon.Question, S.EXPORT_ALL_TITLE, S.EXPORT_ALL_HOW, parent=self.page
        )
        one = box.addButton(S.EXPORT_ALL_ONE.format(year=year), QMessageBox.ButtonRole.AcceptRole)
        each = box.addButton(S.EXPORT_ALL_EACH, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel).setText(S.BUTTON_CANCEL)
        box.setDefaultButton(one)

        def clicked(button) -> None:  # type: ignore[no-untyped-def]
            if button is one:
                self.export_one(year)
            elif button is each:
                self.export_each()

        box.buttonClicked.connect(clicked)
        box.open()
        self.page.last_dialog = box
        return box

    def export_one(self, year: int) -> None:
        from siwu_desktop.services import export

        name = export.year_filename(self.page.profile.county, year)
        from PySide6.QtWidgets import QFileDialog  # built on first use

        path, _ = QFileDialog.getSaveFileName(
            self.page, S.EXPORT_ALL_TITLE, str(self.page.output_dir() / name), S.EXPORT_FILTER
        )
        if path:
            self.export_year_to(year, Path(path))

    def export_each(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # built on first use

        folder = QFileDialog.getExistingDirectory(
            self.page, S.EXPORT_ALL_TITLE, str(self.page.output_dir())
        )
        if folder:
            self.export_all_to(Path(folder))

    def export_year_to(self, year: int, path: Path) -> object:
        """Every return of the county's `year` in one workbook at `path`, by the service
        method `siwu export --all --out` uses."""
        county = self.page.profile.county
        try:
            from siwu_desktop.services import export

            loaded = export.year_returns(self.service, county, year)
            if not loaded:
                self._say(S.EXPORT_YEAR_NONE.format(year=year))
                return None
            result = export.export_returns(self.service, loaded, path)
        except Exception as exc:
            self._fail(S.EXPORT_ALL_TITLE, exc)
            return None
        warning = export.draft_warning(loaded)
        text = S.EXPORT_YEAR_DONE.format(count=len(loaded), year=year, path=path)
        self._say(text + (f"\n{warning}" if warning else ""))
        self.page.prefs.exported_to(path)
        self.page.apply(result.changes)
        return result

    def export_all_to(self, folder: Path) -> Job | None:
        """Every return of the unit, one workbook each, as a cancellable job.

        export_returns needs the service (the database), so each file is written
        on the GUI thread, one per turn of the event loop."""
        try:
            from siwu_desktop.services import export
        except ImportError as exc:
            self._fail(S.EXPORT_ALL_TITLE, exc)
            return None
        infos = self.page.all_returns()
        service = self.service

        def apply(info, _result):  # type: ignore[no-untyped-def]
            loaded = service.load(info)
            out = folder / export.export_filename(loaded)
            return export.export_returns(service, [loaded], out)

        def label(i: int, info) -> str:  # type: ignore[no-untyped-def]
            return S.JOB_EXPORTING.format(
                done=i + 1, total=len(infos), name=f"{info.year} {info.county} {info.form}"
            )

        from siwu_desktop.ui.jobs import Job  # a progress dialog: not built on a start (#13)

        job = Job(self.page, S.EXPORT_ALL_TITLE, infos, label, apply)

        def finished(results: list) -> None:  # type: ignore[type-arg]
            ok = sum(1 for _, _, e in results if e is None)
            if job.cancelled:
                self._say(S.JOB_CANCELLED.format(done=len(results), total=len(infos)))
            else:
                self._say(S.EXPORT_ALL_DONE.format(count=ok, folder=folder))
                self.page.prefs.exported_to(folder)
            self.page.apply(Changes.joined(r.changes for _, r, e in results if e is None))

        job.done.connect(finished)
        self.last_job = job
        job.start()
        return job

    # --- import -----------------------------------------------------------------------------

    def import_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # built on first use

        files, _ = QFileDialog.getOpenFileNames(
            self.page, S.IMPORT_TITLE, str(self.page.output_dir()), S.IMPORT_FILTER
        )
        if files:
            self.import_chosen([Path(f) for f in files])

    def import_chosen(self, paths: Sequence[Path]) -> Job | None:
        """Files chosen or dropped on the window: the city's receipts (回执) are taken in
        (ui.receipts), the workbooks imported (asking how a filled template goes in)."""
        from siwu_desktop.ui.receipts import is_receipt, take_receipts

        take_receipts(self.page, [p for p in paths if is_receipt(p)])
        workbooks = [p for p in paths if not is_receipt(p)]
        if not workbooks:
            return None
        replace = self.ask_replace()
        return None if replace is None else self.import_files(workbooks, replace=replace)

    def ask_replace(self) -> bool | None:
        """A filled template: change only what it fills (default), or replace the whole draft.
        None: cancelled."""
        from PySide6.QtWidgets import QMessageBox  # built on first use

        box = QMessageBox(QMessageBox.Icon.Question, S.IMPORT_TITLE, S.IMPORT_HOW, parent=self.page)
        merge = box.addButton(S.IMPORT_MERGE, QMessageBox.ButtonRole.AcceptRole)
        whole = box.addButton(S.IMPORT_REPLACE, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(merge)
        box.exec()
        clicked = box.clickedButton()
        return False if clicked is merge else True if clicked is whole else None

    def import_files(self, paths: Sequence[Path], *, replace: bool = False) -> Job | None:
        """Read each file in a worker thread (read_workbook: parsing only), then import the
        accepted ones on the GUI thread (import_workbook writes to the database)."""
        try:
            from siwu_desktop import excel
            from siwu_desktop.services import county_import
        except ImportError as exc:
            self._fail(S.IMPORT_TITLE, exc)
            return None
        catalog = self.service.catalog
        service = self.service
        tasks = service.pack_in_force().tasks

        def work(path: Path) -> object:
            # raises WorkbookRejected with a message
            return excel.read_workbook(path, catalog, tasks)

        def apply(path: Path, _parsed: object) -> object:
            result = county_import.import_workbook(service, path, replace=replace)
            if not getattr(result, "ok", True):
                raise ValueError(getattr(result, "message", ""))
            return result

        def label(i: int, path: Path) -> str:
            return S.JOB_IMPORTING.format(done=i + 1, total=len(paths), name=path.name)

        from siwu_desktop.ui.jobs import Job  # a progress dialog: not built on a start (#13)

        job = Job(self.page, S.IMPORT_TITLE, list(paths), label, apply, work)

        def finished(results: list) -> None:  # type: ignore[type-arg]
            from PySide6.QtWidgets import QMessageBox  # built on first use

            ok = [r for _, r, e in results if e is None]
            rejected = [(p, e) for p, _, e in results if e is not None]
            text = S.IMPORT_DONE.format(ok=len(ok), rejected=len(rejected))
            if job.cancelled:
                text = S.JOB_CANCELLED.format(done=len(results), total=len(paths)) + "　" + text
            details = "\n".join(S.JOB_FAILED.format(name=p.name, error=e) for p, e in rejected)
            self._say(text)
            self.page.apply(Changes.joined(r.changes for r in ok))
            changed = [str(c) for r in ok for c in getattr(r, "changed", [])]
            if changed and not rejected:
                box = QMessageBox(
                    QMessageBox.Icon.Information,
                    S.IMPORT_TITLE,
                    text + S.IMPORT_CHANGED.format(count=len(changed)),
                    parent=self.page,
                )
                box.setDetailedText("\n".join(changed))
                box.setInformativeText("\n".join(changed[:12]))
                box.open()
                self.page.last_dialog = box
            if rejected:
                box = QMessageBox(QMessageBox.Icon.Warning, S.IMPORT_TITLE, text, parent=self.page)
                box.setDetailedText(details)
                box.setInformativeText(details[:600])
                box.open()
                self.page.last_dialog = box

        job.done.connect(finished)
        self.last_job = job
        job.start()
        return job

    # --- printing ---------------------------------------------------------------------------
    # Each dialog makes and owns its QPrinter (QPrintPreviewDialog(parent) / QPrintDialog(parent)):
    # a QPrinter made here and handed in would be deleted with its Python wrapper when the
    # handler returns, and the dialog, still open, would paint on freed memory (the segfault
    # of issue #17, seen only in a real window, where the preview re-lays out after showing).

    def _sheet(self) -> ReportSheet | None:
        from siwu_desktop.printing.sheet import build_report

        doc = self.page.require_document()
        if doc is None:
            return None
        try:
            return build_report(self.service, doc.loaded)
        except Exception as exc:
            self._fail(S.ACTION_PRINT, exc)
            return None

    def print_preview(self) -> QPrintPreviewDialog | None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from siwu_desktop.printing.paint import configure_printer, paint_report

        sheet = self._sheet()
        if sheet is None:
            return None
        dialog = QPrintPreviewDialog(self.page)
        configure_printer(dialog.printer(), sheet)
        dialog.setWindowTitle(S.ACTION_PREVIEW.rstrip("…"))
        dialog.paintRequested.connect(lambda printer: paint_report(printer, sheet))
        dialog.resize(fitted(PREVIEW_SIZE, self.page.screen().availableGeometry().size()))
        dialog.open()
        self.page.last_dialog = dialog
        return dialog

    def print_current(self) -> QPrintDialog | None:
        """The print dialog, window-modal; on 打印 the sheet goes to the chosen printer."""
        from PySide6.QtPrintSupport import QPrintDialog
        from PySide6.QtWidgets import QDialog  # shown on demand: not built on a start (#13)

        from siwu_desktop.printing.printer import prepare_printer

        sheet = self._sheet()
        if sheet is None:
            return None
        dialog = QPrintDialog(self.page)
        prepare_printer(dialog.printer(), sheet)
        dialog.setWindowTitle(S.PRINT_TITLE)
        dialog.accepted.connect(lambda: self.print_to(dialog.printer(), sheet))
        # QDialog.open() without arguments: QPrintDialog overloads open(receiver, member)
        # and PySide6 6.11 resolves a bare open() to that overload (TypeError).
        QDialog.open(dialog)
        self.page.last_dialog = dialog
        return dialog

    def print_to(self, printer: QPrinter, sheet: ReportSheet | None = None) -> int | None:
        """Paint the sheet on a printer already chosen; record the print."""
        from siwu_desktop.printing.paint import paint_report

        sheet = sheet or self._sheet()
        if sheet is None:
            return None
        try:
            pages = paint_report(printer, sheet)
        except Exception as exc:
            self._fail(S.ACTION_PRINT, exc)
            return None
        self._record(sheet, printer.printerName() or printer.outputFileName() or S.PRINT_TITLE)
        self._say(S.PRINT_DONE.format(pages=pages))
        return pages

    def save_pdf(self) -> None:
        doc = self.page.require_document()
        if doc is None:
            return
        from PySide6.QtWidgets import QFileDialog  # built on first use

        path, _ = QFileDialog.getSaveFileName(
            self.page,
            S.PDF_TITLE,
            str(self.page.output_dir() / pdf_filename(doc.loaded.info, doc.form.short)),
            S.PDF_FILTER,
        )
        if path:
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> Path | None:
        from siwu_desktop.printing.paint import save_pdf

        sheet = self._sheet()
        if sheet is None:
            return None
        try:
            out = save_pdf(sheet, path)
        except Exception as exc:
            self._fail(S.PDF_TITLE, exc)
            return None
        self._record(sheet, out)
        self.page.prefs.exported_to(Path(out))
        self._say(S.PDF_DONE.format(path=out))
        return out

    def _record(self, sheet: ReportSheet, file: str | Path) -> None:
        """The print is kept in the return's record, then shown as such."""
        from siwu_desktop.printing.record import record_print

        self.page.apply(record_print(self.service, sheet, file).changes)
