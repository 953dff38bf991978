"""`siwu keys show | export | import | sheet`: this installation's signing key, the public
key file a county sends to the city, the city's registry of county keys (county mode: the
pinned city key), and the printable 密钥备案表 (issue #14)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    Rejected,
    add_json_arg,
    ensure_gui_application,
    format_table,
    print_json,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands
    from siwu_desktop.storage import Storage

ROLE = {"county": "县区", "city": "市级"}
SHOWN = "本机：{unit}（{role}，区划代码 {code}）\n签名密钥指纹：{fingerprint}（{at} 生成）"
TRUSTED_HEAD = ("类别", "单位", "区划代码", "指纹", "备案日期", "状态")
NONE_REGISTERED = "尚未备案任何县区的公钥。"
NONE_PINNED = "尚未导入市局公钥（导入第一个目标包时导入）。"
EXPORTED = "已导出公钥文件 {path}（指纹 {fingerprint}）。{then}"
THEN = {
    "county": "请连同盖章的密钥备案表报送市局。",
    "city": "县区导入第一个目标包时即登记本机密钥；请以盖章的书面通知告知各县区该指纹。",
}
SHEET_DONE = "已生成密钥备案表 {path}（指纹 {fingerprint}）"
NO_PROFILE = "尚未设置填报单位：请先运行 siwu init"


def _storage(args: argparse.Namespace) -> Storage:
    from siwu_desktop.storage import StorageError, open_storage

    try:
        storage = open_storage(args.data_dir)
    except StorageError as exc:
        raise Rejected(str(exc)) from None
    if storage.profile.get() is None:
        storage.close()
        raise Rejected(NO_PROFILE)
    return storage


def cmd_keys_show(args: argparse.Namespace) -> int:
    from siwu_desktop.services import keys

    with _storage(args) as storage:
        view = keys.show(storage)
    if args.json:
        print_json(view.as_json())
        return EXIT_OK
    print(
        SHOWN.format(
            unit=view.unit,
            role=ROLE[view.role],
            code=view.code or "—",
            fingerprint=view.fingerprint,
            at=view.created_at[:10],
        )
    )
    rows = [
        [
            keys.ROLE_LABEL[k.role],
            k.county or k.unit,
            k.code,
            k.fingerprint,
            k.registered_at[:10],
            "有效" if k.active else f"已于 {(k.replaced_at or '')[:10]} 更换",
        ]
        for k in view.trusted
    ]
    if rows:
        print(format_table(TRUSTED_HEAD, rows))
    else:
        print(NONE_REGISTERED if view.role == "city" else NONE_PINNED)
    return EXIT_OK


def cmd_keys_export(args: argparse.Namespace) -> int:
    from siwu_desktop.services import keys

    with _storage(args) as storage:
        try:
            out = keys.export_public_key(storage, Path(args.out))
        except OSError as exc:
            raise Rejected(f"无法写入公钥文件 {args.out}：{exc.strerror or exc}") from None
        fingerprint = storage.keys.ensure_own().fingerprint
        role = storage.profile.require().mode
        print(EXPORTED.format(path=out, fingerprint=fingerprint, then=THEN[role]))
    return EXIT_OK


def cmd_keys_import(args: argparse.Namespace) -> int:
    from siwu_desktop.services import keys

    with _storage(args) as storage:
        try:
            print(keys.import_key(storage, Path(args.file), replace=args.replace))
        except keys.KeyRefused as exc:
            raise Rejected(exc.message) from None
    return EXIT_OK


def cmd_keys_sheet(args: argparse.Namespace) -> int:
    from siwu_desktop.services import keys

    with _storage(args) as storage:
        view = keys.show(storage)
    ensure_gui_application()
    from siwu_desktop.printing.key_sheet import write_key_sheet

    try:
        out = write_key_sheet(view, Path(args.pdf))
    except OSError as exc:
        raise Rejected(f"无法写入 {args.pdf}：{exc.strerror or exc}") from None
    print(SHEET_DONE.format(path=out, fingerprint=view.fingerprint))
    return EXIT_OK


def register(sub: Commands) -> None:
    p = sub.add_parser("keys", help="签名密钥：指纹、公钥文件、备案登记、密钥备案表")
    ops = p.add_subparsers(dest="keys_command", metavar="操作", required=True)
    show = ops.add_parser("show", help="本机签名密钥指纹；市级：已备案的县区公钥；县区：市局公钥")
    show.set_defaults(handler=cmd_keys_show)
    add_json_arg(show)
    export = ops.add_parser("export", help="导出本机公钥文件（报送市局备案）")
    export.add_argument("--out", required=True, help="公钥文件路径（.siwukey）")
    export.set_defaults(handler=cmd_keys_export)
    imp = ops.add_parser("import", help="市级：登记县区公钥；县区：更换市局公钥")
    imp.add_argument("file", metavar="FILE", help="公钥文件")
    imp.add_argument("--replace", action="store_true", help="更换该县区已备案的公钥（记入日志）")
    imp.set_defaults(handler=cmd_keys_import)
    sheet = ops.add_parser("sheet", help="打印密钥备案表（PDF）")
    sheet.add_argument("--pdf", required=True, help="PDF 文件路径")
    sheet.set_defaults(handler=cmd_keys_sheet)
