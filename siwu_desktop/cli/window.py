"""`siwu` / `siwu gui`: the window, and `siwu self-test` (also `siwu --self-test`)."""

from __future__ import annotations

import argparse
import gc
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import add_command

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands


def cmd_gui(args: argparse.Namespace) -> int:
    # A start builds some 30,000 objects that live as long as the window (modules, classes,
    # Qt wrappers) and little garbage: the cyclic collector, which walked them some 50 times
    # on the way (10 ms of a 500 ms start), is off until the window's first return is judged
    # on screen (ui.app.collect_garbage_after_start turns it back on; issue #13 item 7).
    gc.disable()
    try:
        return _open_window(args)
    finally:
        gc.enable()


def _open_window(args: argparse.Namespace) -> int:
    # The window's Qt-free modules load before Qt: once PySide6 is imported it reads the
    # whole source of every module imported after it, looking for "PySide6" (its
    # `__feature__` switch), and none of these needs that (issue #13 item 7).
    import siwu_desktop.services.data
    import siwu_desktop.services.editing
    import siwu_desktop.services.receipt_status  # noqa: F401
    from siwu_desktop.ui.app import run_gui

    return run_gui(data_dir=args.data_dir)


def cmd_self_test(args: argparse.Namespace) -> int:
    from siwu_desktop.selftest import run_self_test

    return run_self_test()


def register(sub: Commands) -> None:
    add_command(sub, "gui", cmd_gui, "打开窗口")
    add_command(
        sub,
        "self-test",
        cmd_self_test,
        "自检：在临时目录中演练载入目标、校验、导出、打印与窗口（用于验证安装包）",
    )
