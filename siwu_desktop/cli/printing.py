"""`siwu print`: the signed report sheet of one return as a PDF or on a named printer,
recorded as printed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    Rejected,
    add_command,
    add_return_args,
    county_arg,
    ensure_gui_application,
    form_args,
    period_arg,
    service_for,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands
    from siwu_desktop.printing.sheet import ReportSheet


def cmd_print(args: argparse.Namespace) -> int:
    from siwu_desktop.printing import strings as s
    from siwu_desktop.storage import StorageError
    from siwu_desktop.storage.returns import ReturnKey

    (form_id,) = form_args(args)
    period = period_arg(args)
    target = Path(args.pdf) if args.pdf else None
    with service_for(args) as service:
        county = county_arg(service, args.county)
        info = service.storage.returns.find(ReturnKey(county, form_id, args.year, period))
        form = service.form(form_id, args.year, county)
        if info is None:
            from siwu_desktop.printing.sheet import period_text

            when = period_text(args.year, period)
            raise Rejected(s.NO_RETURN.format(county=county, period=when, form=form.short))
        revision = args.revision or info.revision
        if not 1 <= revision <= info.revision:
            raise Rejected(
                s.NO_REVISION.format(form=form.short, revision=revision, current=info.revision)
            )
        ensure_gui_application()
        from siwu_desktop.printing.paint import write_pdf
        from siwu_desktop.printing.record import record_print
        from siwu_desktop.printing.sheet import DigestMismatch, build_report

        try:
            sheet = build_report(service, service.load(info, revision))
        except DigestMismatch as exc:
            raise Rejected(str(exc)) from None
        if target is None:
            pages = _send(args.printer, sheet)
            where: str | Path = args.printer
        else:
            try:
                pages = write_pdf(sheet, target)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise Rejected(s.PDF_NOT_WRITABLE.format(path=target, reason=reason)) from None
            where = target.resolve()
        try:
            record_print(service, sheet, where)
        except StorageError as exc:
            print(s.RECORD_FAILED.format(reason=exc), file=sys.stderr)
    if target is None:
        print(s.SENT.format(form=sheet.form_short, printer=args.printer, pages=pages))
    else:
        print(s.PRINTED.format(form=sheet.form_short, path=target, pages=pages))
    if sheet.digest:
        print(s.PRINTED_DIGEST.format(digest=sheet.digest))
    else:
        print(s.PRINTED_DRAFT if target else s.SENT_DRAFT)
    return EXIT_OK


def _send(printer: str, sheet: ReportSheet) -> int:
    from siwu_desktop.printing.printer import PrinterUnavailable, print_on

    try:
        return print_on(printer, sheet)
    except (PrinterUnavailable, OSError) as exc:  # OSError: the device refused to paint
        raise Rejected(str(exc)) from None


def register(sub: Commands) -> None:
    p = add_command(sub, "print", cmd_print, "打印：生成带内容摘要与二维码的签章报表 PDF")
    add_return_args(p)
    p.add_argument("--revision", type=int, help="版本号，默认为当前版本")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", help="输出的 PDF 文件")
    out.add_argument("--printer", help="打印机名称（Linux：CUPS 队列名；Windows：打印机名）")
