"""The signed report sheet: a return drawn onto any QPrinter (paper, preview) or PDF.

No dialogs here: the window opens QPrintPreviewDialog/QPrintDialog and calls

    sheet = build_report(service, loaded)          # printing.sheet, Qt-free
    configure_printer(printer, sheet)              # printing.paint: A4, orientation, margins
    paint_report(printer, sheet)                   # pages drawn
    save_pdf(sheet, path)                          # printing.paint
    record_print(service, sheet, path_or_printer)  # printing.record

This package file imports nothing, so the Qt-free parts load without Qt.
"""
