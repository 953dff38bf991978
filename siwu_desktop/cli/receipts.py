"""`siwu receipt`: city mode, a signed 回执 for a county's returns (issue #14 item 7)."""

from __future__ import annotations

import argparse
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
    from siwu_desktop.services.receipts import MadeReceipt

MADE = "已出具回执 {path}：{county}{year}年 {count} 张报表，{what}"
ACCEPTED = "均为已接收"
RETURNED = "均为退回修改（{reason}）"
PRINTED = "已生成回执 PDF：{path}"
NO_FOLDER = "PDF 的目标文件夹“{path}”不存在，未出具回执：请先建立该文件夹或换一个位置"


def cmd_receipt(args: argparse.Namespace) -> int:
    from siwu_desktop.services.keys import KeyRefused
    from siwu_desktop.services.receipts import make_receipt

    form = form_args(args)[0] if args.form else None
    period = period_arg(args) if form else None
    if args.pdf and not Path(args.pdf).parent.is_dir():
        raise Rejected(NO_FOLDER.format(path=Path(args.pdf).parent))
    with service_for(args) as service:
        county = county_arg(service, args.county)
        try:
            made = make_receipt(
                service,
                county,
                args.year,
                Path(args.out),
                form=form,
                period=period,
                reject=args.reject,
            )
        except KeyRefused as exc:
            raise Rejected(exc.message) from None
        except OSError as exc:
            raise Rejected(f"无法写入回执 {args.out}：{exc.strerror or exc}") from None
        what = RETURNED.format(reason=args.reject) if args.reject else ACCEPTED
        print(
            MADE.format(
                path=made.path, county=county, year=args.year, count=len(made.items), what=what
            )
        )
        if args.pdf:
            _print_pdf(made, Path(args.pdf))
    return EXIT_OK


def _print_pdf(made: MadeReceipt, pdf: Path) -> None:
    """The printed 回执 (the receipt file is written already; a PDF that cannot be written
    is refused with what failed)."""
    ensure_gui_application()
    from siwu_desktop.printing.receipt import write_receipt_pdf

    try:
        out = write_receipt_pdf(made, pdf)
    except OSError as exc:
        raise Rejected(f"回执已写入，但无法写入 PDF {pdf}：{exc.strerror or exc}") from None
    print(PRINTED.format(path=out))


def register(sub: Commands) -> None:
    p = add_command(sub, "receipt", cmd_receipt, "市级：出具回执（已接收，或 --reject 退回修改）")
    add_return_args(p, form="optional")  # without --form: every return of the year
    p.add_argument("--reject", metavar="REASON", help="退回修改，并写明原因")
    p.add_argument("--out", required=True, help="回执文件路径（.siwureceipt）")
    p.add_argument("--pdf", metavar="FILE", help="同时生成打印用回执（PDF，盖章后寄送）")
