"""`siwu restore`: the guided way back from a damaged database to a good backup."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import EXIT_OK, Rejected, UsageError, add_command

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands


def cmd_restore(args: argparse.Namespace) -> int:
    """The newest good backup replaces a damaged database (which is kept aside)."""
    from siwu_desktop.storage import (
        RestoreNeededError,
        StorageError,
        find_backups,
        open_storage,
        restore_backup,
    )

    if args.list:
        found = find_backups(args.data_dir)
        if not found:
            print("没有找到备份")
        for b in found:
            print(f"{b.created}  {b.reason:<9}  {b.path}")
        return EXIT_OK
    chosen: Path | None = Path(args.backup) if args.backup else None
    if chosen is None:
        try:
            with open_storage(args.data_dir, daily_backup=False):
                print(
                    "数据库完好，无需恢复。如确需换用某份备份，请用 --backup 指定（当前文件会移到 damaged 文件夹保留）。"
                )
                return EXIT_OK
        except RestoreNeededError as exc:
            print(str(exc))
            if not exc.candidates:
                raise Rejected("没有可用于恢复的完好备份") from None
            chosen = exc.candidates[0].path
        except StorageError as exc:
            raise Rejected(str(exc)) from None
    if not chosen.is_file():
        raise UsageError(f"找不到备份文件：{chosen}")
    try:
        kept = restore_backup(args.data_dir, chosen)
    except StorageError as exc:
        raise Rejected(str(exc)) from None
    print(f"已从备份恢复：{chosen.name}")
    print(f"原数据库文件已保留在：{kept}")
    return EXIT_OK


def register(sub: Commands) -> None:
    p = add_command(
        sub, "restore", cmd_restore, "数据库损坏时从最近一份完好的备份恢复（原文件保留）"
    )
    p.add_argument("--list", action="store_true", help="只列出备份")
    p.add_argument("--backup", help="指定要恢复的备份文件")
