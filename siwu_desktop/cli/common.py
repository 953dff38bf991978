"""What every `siwu` command shares: exit codes, errors, the Chinese parser, tables, JSON,
and the argument helpers (`--county/--year/--form/--period` are defined here once).

The bottom layer of the cli package (an import-linter contract): it imports no command
module, and nothing heavy (storage, openpyxl, Qt) at module level.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, NoReturn, Protocol

if TYPE_CHECKING:
    from siwu_desktop.core.catalog import TargetCatalog
    from siwu_desktop.core.validation import Finding
    from siwu_desktop.services.returns import ReturnService

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
# The reader of our output went away (`siwu targets | head -1`): what a shell reports for
# a program stopped by SIGPIPE (128 + 13), without a traceback.
EXIT_PIPE_CLOSED = 141

Handler = Callable[[argparse.Namespace], int]


class Commands(Protocol):
    """What `ArgumentParser.add_subparsers()` returns, as far as the commands use it."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class UsageError(Exception):
    """Wrong usage: an unknown city, county or option value. Exit code 2."""


class Rejected(Exception):
    """Input refused (a file, a value). Exit code 1."""


# --- argparse in Chinese, through its public methods ------------------------------------------

USAGE_PREFIX = "用法："
HELP_HELP = "显示本帮助并退出"
VERSION_HELP = "显示版本号并退出"
_GROUP_TITLES = {"positional arguments": "位置参数", "options": "选项"}
_TYPE_NAMES = {"int": "整数", "float": "数值"}
# argparse's error messages (Python 3.11–3.13) and their Chinese; a message matching none
# is shown as it is. (Patterns, not compiled ones: compiled on the first error, not at start.)
_ERRORS: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    (r"argument (\S+): (.*)", lambda m: f"参数 {m[1]}：{translate_error(m[2])}"),
    (r"the following arguments are required: (.*)", lambda m: f"缺少必需的参数：{m[1]}"),
    (r"unrecognized arguments: (.*)", lambda m: f"无法识别的参数：{m[1]}"),
    (r"invalid choice: (.*) \(choose from (.*)\)", lambda m: f"无效的选项：{m[1]}（可选：{m[2]}）"),
    (r"invalid (\S+) value: (.*)", lambda m: f"无效的{_TYPE_NAMES.get(m[1], m[1])}值：{m[2]}"),
    (r"expected one argument", lambda m: "需要一个参数值"),
    (r"expected at most one argument", lambda m: "最多只能有一个参数值"),
    (r"expected at least one argument", lambda m: "至少需要一个参数值"),
    (r"not allowed with argument (.*)", lambda m: f"不能与参数 {m[1]} 同时使用"),
    (r"one of the arguments (.*) is required", lambda m: f"参数 {m[1]} 必须给出其中一个"),
    (r"ambiguous option: (.*) could match (.*)", lambda m: f"选项不明确：{m[1]} 可能是 {m[2]}"),
    (r"ignored explicit argument (.*)", lambda m: f"该选项不接受参数值：{m[1]}"),
)


def translate_error(message: str) -> str:
    """argparse's English error message in Chinese."""
    for pattern, render in _ERRORS:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            return render(match)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """Usage lines start with 用法：."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Chinese headings, -h help and error messages (exit code 2)."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help=HELP_HELP)

    def add_argument_group(self, *args: Any, **kwargs: Any) -> Any:
        if args and args[0] in _GROUP_TITLES:
            args = (_GROUP_TITLES[args[0]], *args[1:])
        return super().add_argument_group(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"错误：{translate_error(message)}\n")


def add_command(
    sub: Commands, name: str, handler: Handler, help_text: str, description: str | None = None
) -> argparse.ArgumentParser:
    """A subcommand whose handler is the function given (never looked up by name)."""
    parser = sub.add_parser(name, help=help_text, description=description or help_text)
    parser.set_defaults(handler=handler)
    return parser


# --- argument helpers -------------------------------------------------------------------------

FORM_HELP = "报表：表一/表二/表三/表四 或 t1～t4"
PERIOD_HELP = {
    "one": "报告期：Y（年度，默认）或 Q1～Q4",
    "or_all": "报告期：Y（年度，默认）、Q1～Q4，或 all（全部报告期）",
}


def add_form_arg(parser: Any, *, required: bool = True) -> None:
    """`--form` (table1…, 表一…, t1…); `parser` may be a mutually exclusive group."""
    parser.add_argument(
        "--form", required=required, help=FORM_HELP if required else f"只取一张{FORM_HELP}"
    )


def add_return_args(
    parser: argparse.ArgumentParser,
    *,
    required: bool = True,
    form: Literal["required", "optional", "none"] = "required",
    period: Literal["one", "or_all"] = "one",
) -> None:
    """`--county --year [--form] [--period]`: which return a command works on."""
    parser.add_argument("--county", required=required, help="县区名称")
    add_year_arg(parser, required=required)
    if form != "none":
        add_form_arg(parser, required=form == "required")
    parser.add_argument("--period", default="Y", help=PERIOD_HELP[period])


def add_year_arg(
    parser: argparse.ArgumentParser, *, required: bool = True, help: str = "年份"
) -> None:
    parser.add_argument("--year", type=int, required=required, help=help)


def add_city_arg(
    parser: argparse.ArgumentParser, *, required: bool = False, help: str = "城市名称，如 长治市"
) -> None:
    parser.add_argument("--city", required=required, help=help)


def add_json_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="输出 JSON，供脚本使用")


def cities(catalog: TargetCatalog, name: str | None) -> list[str]:
    """`--city`: every city when not given, else the one named (short names allowed)."""
    if name is None:
        return list(catalog.cities)
    return [city_name(catalog, name)]


def city_name(catalog: TargetCatalog, name: str) -> str:
    try:
        return catalog.city(name).name
    except KeyError:
        raise UsageError(f"未知城市：{name}。可选：{'、'.join(catalog.cities)}") from None


def form_args(args: argparse.Namespace) -> list[str]:
    """`--form` as a list of form ids: empty when not given."""
    from siwu_desktop.core.forms import resolve_form_id

    if getattr(args, "form", None) is None:
        return []
    try:
        return [resolve_form_id(args.form)]
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def period_arg(args: argparse.Namespace) -> str:
    from siwu_desktop.core.terms import PERIODS

    period = str(args.period).upper()
    if period not in PERIODS:
        raise UsageError(f"报告期应为 Y（年度）或 Q1～Q4，而不是 {args.period}")
    return period


@contextmanager
def service_for(args: argparse.Namespace) -> Iterator[ReturnService]:
    """An open data directory with its profile; storage problems become exit code 1."""
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import StorageError, open_storage

    try:
        with open_storage(args.data_dir) as storage:
            if storage.profile.get() is None:
                raise Rejected("尚未设置填报单位：请先运行 siwu init，或用 siwu demo 创建示例数据")
            yield ReturnService(storage, default_catalog())
    except StorageError as exc:
        raise Rejected(str(exc)) from None


def ensure_gui_application() -> None:
    """Fonts need a QGuiApplication; headless Linux without a display gets the offscreen one."""
    if (
        sys.platform.startswith("linux")
        and "QT_QPA_PLATFORM" not in os.environ
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        ensure_gui_application.app = QGuiApplication([sys.argv[0]])  # type: ignore[attr-defined]


def county_arg(service: ReturnService, name: str) -> str:
    """`--county`: one of the local profile's counties."""
    profile = service.profile()
    names = [n for n, _ in profile.counties] or [profile.county or ""]
    if name not in names:
        raise UsageError(
            f"本机填报单位（{profile.label}）没有县区“{name}”。可选：{'、'.join(names)}"
        )
    return name


# --- output -----------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned for a terminal, counting CJK characters as two cells wide."""
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def indented(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def number(text: str) -> int | float:
    """A decimal text as a JSON number; short decimals survive float's repr exactly."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def severity_label(finding: Finding) -> str:
    return finding.severity.label


def finding_dict(f: Finding, explanations: Mapping[str, str] | None = None) -> dict[str, object]:
    """A finding as JSON; with the return's `explanations`, also whether it needs a note
    and the note written for it (core.validation's one rule, as the window and sheet)."""
    from siwu_desktop.core.validation import explanation, needs_explanation

    note = explanation(f, explanations or {})
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "severity_label": severity_label(f),
        "form": f.form,
        "field": f.field,
        "row": f.row,
        "message": f.message,
        "values": dict(f.values),
        "target": f.target,
        "source": f.citation,
        "blocking": f.blocking,
        "key": f.key,
        "needs_explanation": needs_explanation(f),
        "explanation": note,
        "explained": bool(note),
    }


def error_count(findings: Sequence[Finding]) -> int:
    from siwu_desktop.core.terms import Severity

    return sum(1 for f in findings if f.severity is Severity.ERROR)
