"""`siwu history`: every revision of one return, in both modes (issue #14 item 5)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    Rejected,
    add_command,
    add_json_arg,
    add_return_args,
    county_arg,
    form_args,
    indented,
    period_arg,
    print_json,
    service_for,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands

NONE = "本机没有{county}{year}年{form}（{period}）的报表"
HEAD = "第{revision}版　{status}　{when}{who}{origin}"
WHO = "　定稿人 {who}"
ORIGIN = "　（{file}）"
MISSING = "第{revision}版　{status}　{note}"
RECEIPT = {"accepted": "市局已接收", "returned": "市局退回"}


def cmd_history(args: argparse.Namespace) -> int:
    from siwu_desktop.core.terms import revision_status, status_label
    from siwu_desktop.services.history import MISSING_NOTE, MISSING_STATUS, return_history
    from siwu_desktop.storage import ReturnKey

    (form_id,) = form_args(args)
    period = period_arg(args)
    with service_for(args) as service:
        county = county_arg(service, args.county)
        history = return_history(service, ReturnKey(county, form_id, args.year, period))
        if history is None:
            form = service.form(form_id, args.year, county).short
            raise Rejected(NONE.format(county=county, year=args.year, form=form, period=period))
    if args.json:
        print_json(history.as_dict())
        return EXIT_OK
    for rev in history.in_order():
        if isinstance(rev, int):  # a revision the city never received
            print(MISSING.format(revision=rev, status=MISSING_STATUS, note=MISSING_NOTE))
            continue
        when = (rev.finalised_at or rev.created_at)[:16].replace("T", " ")
        origin = ORIGIN.format(file=rev.source_file) if rev.source_file else ""
        who = WHO.format(who=rev.who) if rev.who else ""
        status = status_label(revision_status(rev.status, rev.revision))
        print(HEAD.format(revision=rev.revision, status=status,
                          when=when, who=who, origin=origin))  # fmt: skip
        lines = []
        if rev.digest:
            lines.append(f"内容摘要：{rev.digest}")
        if rev.signer:
            lines.append(f"签名密钥指纹：{rev.signer}")
        if rev.reason:
            lines.append(f"更正原因：{rev.reason}")
        for c in rev.changes:
            by = f"（{c.who} {c.at}）" if c.who else ""
            lines.append(f"更改 {c.label}：{c.old or '空'} → {c.new or '空'}{by}")
        for r in rev.receipts:
            reason = f"：{r.reason}" if r.reason else ""
            lines.append(f"回执 {r.issued_at[:16]} {RECEIPT.get(r.outcome, r.outcome)}{reason}")
            lines += [f"  {f}" for f in r.findings]
        if lines:
            print(indented("\n".join(lines)))
    return EXIT_OK


def register(sub: Commands) -> None:
    p = add_command(
        sub, "history", cmd_history, "报表的全部版本：状态、摘要、签名、更正原因、更改、回执"
    )
    add_return_args(p)
    add_json_arg(p)
