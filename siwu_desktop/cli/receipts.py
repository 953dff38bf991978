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
    form_args,
    period_arg,
    service_for,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands

MADE = "已出具回执 {path}：{county}{year}年 {count} 张报表，{what}"
ACCEPTED = "均为已接收"
RETURNED = "均为退回修改（{reason}）"


def cmd_receipt(args: argparse.Namespace) -> int:
    from siwu_desktop.services.keys import KeyRefused
    from siwu_desktop.services.receipts import make_receipt

    form = form_args(args)[0] if args.form else None
    period = period_arg(args) if form else None
    with service_for(args) as service:
        county = county_arg(service, args.county)
        try:
            out, items = make_receipt(
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
    print(MADE.format(path=out, county=county, year=args.year, count=len(items), what=what))
    return EXIT_OK


def register(sub: Commands) -> None:
    p = add_command(sub, "receipt", cmd_receipt, "市级：出具回执（已接收，或 --reject 退回修改）")
    add_return_args(p, form="optional")  # without --form: every return of the year
    p.add_argument("--reject", metavar="REASON", help="退回修改，并写明原因")
    p.add_argument("--out", required=True, help="回执文件路径（.siwureceipt）")
