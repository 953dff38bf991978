"""The `siwu` parser, built from every command module's `register`, and `main`.

The top of the cli package: only this module imports the command modules.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from siwu_desktop import __version__
from siwu_desktop.cli import window
from siwu_desktop.cli.common import (
    EXIT_PIPE_CLOSED,
    EXIT_REJECTED,
    EXIT_USAGE,
    VERSION_HELP,
    Parser,
    Rejected,
    UsageError,
)
from siwu_desktop.core.catalog import CatalogError


def _global_parser(*, add_help: bool = True) -> Parser:
    """`siwu` and its options that come before any command."""
    parser = Parser(prog="siwu", description="四水四定 县区填报与市级汇总", add_help=add_help)
    parser.add_argument(
        "--version", action="version", version=f"siwu {__version__}", help=VERSION_HELP
    )
    parser.add_argument(
        "--self-test", action="store_true", help="自检（同 siwu self-test），通过时退出码为0"
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("SIWU_DATA_DIR"),
        help="数据目录（数据库与备份），默认为当前用户的数据目录；也可用环境变量 SIWU_DATA_DIR",
    )
    parser.set_defaults(handler=window.cmd_gui, command=None)  # no command: the window
    return parser


def build_parser() -> argparse.ArgumentParser:
    # The command modules, in the order `siwu --help` lists them; imported here, so that
    # opening the window (no command) loads none of them.
    from siwu_desktop.cli import (
        catalog,
        city,
        excel,
        history,
        keys,
        packs,
        printing,
        profile,
        receipts,
        restore,
        returns,
    )

    parser = _global_parser()
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=Parser)
    modules = (window, catalog, profile, returns, restore, printing, excel, packs, keys)
    for module in (*modules, receipts, history, city):
        module.register(sub)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Without a command (`siwu`, `siwu --data-dir D`: the window) the command parsers are
    not built: two dozen of them cost more than all the rest of the parsing, on every start
    of the window. Anything else the whole parser reads (and explains)."""
    plain = _plain_window(argv)
    if plain is not None:
        return plain
    parser = _global_parser(add_help=False)
    parser.add_argument("command_line", nargs=argparse.REMAINDER)  # from the command on
    args, unknown = parser.parse_known_args(argv)
    if args.command_line or unknown:
        return build_parser().parse_args(argv)
    del args.command_line
    return args


def _plain_window(argv: Sequence[str]) -> argparse.Namespace | None:
    """`siwu` or `siwu --data-dir D` (the shortcut's start, the benchmark's), read without any
    parser: the first parser of a process costs ≈8 M instructions (#13 item 7), mostly
    gettext looking for catalogues of argparse's headings. None for any other argv; what
    this returns is what `_global_parser` reads from the same argv (tests/cli/test_program)."""
    data_dir = os.environ.get("SIWU_DATA_DIR")
    if len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-"):
        data_dir = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--data-dir="):
        data_dir = argv[0].removeprefix("--data-dir=")
    elif argv:
        return None
    return argparse.Namespace(
        self_test=False, data_dir=data_dir, handler=window.cmd_gui, command=None
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return _run(sys.argv[1:] if argv is None else list(argv))
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
    except BrokenPipeError:
        return _pipe_closed()


def _run(argv: Sequence[str]) -> int:
    try:
        args = parse_args(argv)
        handler = window.cmd_self_test if args.self_test else args.handler
        return int(handler(args))
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except Rejected as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_REJECTED
    except CatalogError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED


def _pipe_closed() -> int:
    """`siwu targets | head -1`: the reader has gone, so stop quietly.

    What is still buffered for stdout goes to the null device, so that Python's own flush
    at exit does not fail again (the way the Python documentation's signal notes advise).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_PIPE_CLOSED
