"""`siwu pack new | import | show`: target packs, issued by the city, imported by a county."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    Rejected,
    UsageError,
    add_city_arg,
    city_name,
    format_table,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands
    from siwu_desktop.core.target_pack import TargetPack

# = core.target_pack.EXTENSION (a test checks): the parser is built without loading core's
# pack module.
EXTENSION = ".siwupack"

PACK_MADE = "已生成目标包 {path}：{label}，{count} 条分解指标，内容摘要 {digest}"
PACK_WARNING = "警告（按 --allow-over 仍生成）：{text}"
PACK_IMPORTED = "已导入目标包：{label}（内容摘要 {digest}）。现行目标包：{in_force}。"
PACK_PINNED = (
    "这是本机的第一个目标包，签发密钥指纹：{fingerprint}\n"
    "请与市局书面通知（盖章）上的指纹逐位核对；如不相同，请立即联系市局。"
    "此后只接收该密钥签名的目标包和回执。"
)
STILL_IN_FORCE_WORD = "现行目标包仍为"
STILL_IN_FORCE = "（" + STILL_IN_FORCE_WORD + "：{label}）"
PACK_IN_FORCE_HERE = "本机（市局）现行目标包：{label}。"
NOT_CITY = "签发目标包需在市级模式下进行：请先运行 siwu init --city {city} --city-mode"
PACK_ALREADY = "该目标包此前已导入：{label}。"
PACK_FIRST = "本机此前没有目标包，新增内容："
PACK_CHANGES = "与此前的目标包（{label}）相比："
PACK_SAME = "与此前的目标包相比，分解指标没有变化。"
PACK_NONE = "本机尚未导入目标包。"
NO_PROFILE = "尚未设置填报单位：请先运行 siwu init"
BAD_DATE = "日期应写成 2026-03-01 的形式：{text}"
PACK_HEAD = ("县区", "年份", "指标", "目标值", "单位", "约束")


def _print_pack(pack: TargetPack) -> None:
    from siwu_desktop.core.target_pack import bands_text
    from siwu_desktop.services.packs import allocation_rows

    print(pack.label)
    print(f"城市：{pack.city}　内容摘要：{pack.digest}")
    if pack.based_on:
        print("依据：" + "；".join(pack.based_on))
    print("累进加价：" + bands_text(pack.surcharge_bands))
    rows = allocation_rows(pack)
    if rows:
        print(format_table(PACK_HEAD, rows))
    for t in pack.extra_tasks:
        print(f"任务 {t.id}：{t.text}（时限：{t.deadline}；{t.assignee}）")


def cmd_pack_new(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.target_pack import PackError
    from siwu_desktop.services.packs import (
        allocations_from_csv,
        new_pack,
        read_csv_file,
    )

    catalog = default_catalog()
    city = city_name(catalog, args.city)
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise UsageError(BAD_DATE.format(text=args.date)) from None
    out = Path(args.out)
    if out.suffix != EXTENSION:
        out = out.with_name(out.name + EXTENSION)
    try:
        allocations = allocations_from_csv(read_csv_file(Path(args.allocations)), catalog, city)
        pack, warnings = new_pack(
            catalog,
            city,
            args.version,
            allocations,
            issuer=args.issuer,
            date=date,
            allow_over=args.allow_over,
        )
    except PackError as exc:
        raise Rejected(str(exc)) from None
    _issue(args, pack, out, city)
    for w in warnings:
        print(PACK_WARNING.format(text=w))
    print(
        PACK_MADE.format(
            path=out, label=pack.label, count=len(pack.allocations), digest=pack.digest[:16]
        )
    )
    print(PACK_IN_FORCE_HERE.format(label=pack.label))
    return EXIT_OK


def _issue(args: argparse.Namespace, pack: TargetPack, out: Path, city: str) -> None:
    """Sign with the city's key, write, and put in force on the city's own installation."""
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.target_pack import PackError
    from siwu_desktop.services.packs import issue_pack
    from siwu_desktop.storage import StorageError, open_storage

    try:
        with open_storage(args.data_dir) as storage:
            profile = storage.profile.get()
            if profile is None or profile.mode != "city" or profile.city != city:
                raise Rejected(NOT_CITY.format(city=city))
            issue_pack(storage, default_catalog(), pack, out, allow_over=args.allow_over)
    except (PackError, StorageError) as exc:
        raise Rejected(str(exc)) from None


def cmd_pack_import(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.target_pack import PackError
    from siwu_desktop.services.packs import import_pack, in_force_label
    from siwu_desktop.services.stored_packs import latest_pack
    from siwu_desktop.storage import StorageError, open_storage

    catalog = default_catalog()
    try:
        with open_storage(args.data_dir) as storage:
            profile = storage.profile.get()
            if profile is None:
                raise Rejected(NO_PROFILE)
            try:
                result = import_pack(storage, catalog, Path(args.pack))
            except PackError as exc:  # every refusal says which pack stays in force
                text = str(exc)
                if STILL_IN_FORCE_WORD not in text:
                    now = in_force_label(latest_pack(storage, catalog, profile.city))
                    text += STILL_IN_FORCE.format(label=now)
                raise Rejected(text) from None
            in_force = in_force_label(latest_pack(storage, catalog, result.pack.city))
    except StorageError as exc:
        raise Rejected(str(exc)) from None
    if result.already:
        print(PACK_ALREADY.format(label=result.pack.label))
    elif result.previous is None:
        print(PACK_FIRST)
    elif result.changes:
        print(PACK_CHANGES.format(label=result.previous.label))
    else:
        print(PACK_SAME)
    if not result.already:
        for change in result.changes:
            print(f"  {change.text}")
    if result.signer is not None and result.signer.first:
        print(PACK_PINNED.format(fingerprint=result.signer.fingerprint))
    print(
        PACK_IMPORTED.format(
            label=result.pack.label, digest=result.pack.digest[:16], in_force=in_force
        )
    )
    return EXIT_OK


def cmd_pack_show(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.target_pack import PackError
    from siwu_desktop.services.packs import read_pack_file
    from siwu_desktop.services.stored_packs import latest_pack
    from siwu_desktop.storage import StorageError, open_storage

    catalog = default_catalog()
    try:
        if args.pack:
            pack: TargetPack | None = read_pack_file(Path(args.pack), catalog)
        else:
            with open_storage(args.data_dir) as storage:
                profile = storage.profile.get()
                if profile is None:
                    raise Rejected(NO_PROFILE)
                pack = latest_pack(storage, catalog, profile.city)
    except (PackError, StorageError) as exc:
        raise Rejected(str(exc)) from None
    if pack is None:
        print(PACK_NONE)
    else:
        _print_pack(pack)
    return EXIT_OK


def register(sub: Commands) -> None:
    pack = sub.add_parser("pack", help="目标包：市局生成、县区导入、查看", description="目标包")
    pack_sub = pack.add_subparsers(dest="pack_command", metavar="操作", required=True)
    p = pack_sub.add_parser("new", help="由分解指标表（CSV）生成目标包（市局）")
    p.set_defaults(handler=cmd_pack_new)
    add_city_arg(p, required=True)
    p.add_argument("--version", required=True, help="目标包版本，如 2026.1")
    p.add_argument(
        "--allocations", required=True, help="分解指标表 CSV：县区,指标,年份,目标值,单位"
    )
    p.add_argument("--out", required=True, help=f"输出的目标包文件（{EXTENSION}）")
    p.add_argument("--issuer", help="签发单位，默认为该市水利（务）局")
    p.add_argument("--date", help="签发日期，默认为今天（2026-03-01 的形式）")
    p.add_argument(
        "--allow-over",
        action="store_true",
        help="分解指标合计超过市级目标时仍生成（列出警告）",
    )
    p = pack_sub.add_parser("import", help="导入市局下发的目标包，显示与原目标包的差异")
    p.set_defaults(handler=cmd_pack_import)
    p.add_argument("pack", metavar="PACK", help=f"目标包文件（{EXTENSION}）")
    p = pack_sub.add_parser("show", help="查看目标包（不给文件时为本机正在使用的目标包）")
    p.set_defaults(handler=cmd_pack_show)
    p.add_argument("pack", metavar="PACK", nargs="?", help=f"目标包文件（{EXTENSION}）")
