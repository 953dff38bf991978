"""`siwu` itself: Chinese help and errors from argparse, handlers wired by function, a
closed pipe, and opening the window without building every command's parser."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys

import pytest

from siwu_desktop.cli import (
    city,
    excel,
    history,
    keys,
    packs,
    printing,
    receipts,
    restore,
    returns,
    window,
)
from siwu_desktop.cli.common import EXIT_PIPE_CLOSED, translate_error
from siwu_desktop.cli.program import build_parser, main, parse_args

ARGPARSE_ENGLISH = (
    "show program's version number and exit",
    "show this help message and exit",
    "usage:",
    "options",
    "positional arguments",
    "error:",
)


def siwu(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "siwu_desktop", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("argv", [["--help"], ["export", "-h"], ["pack", "new", "--help"]])
def test_help_has_no_english_from_argparse(argv: list[str]) -> None:
    result = siwu(*argv)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：siwu")
    assert "显示本帮助并退出" in result.stdout
    for words in ARGPARSE_ENGLISH:
        assert words not in result.stdout
    if argv == ["--help"]:
        assert "--version            显示版本号并退出" in result.stdout
        assert "位置参数" in result.stdout and "选项" in result.stdout


@pytest.mark.parametrize(
    ("argv", "chinese"),
    [
        (["finalize", "--county", "潞城区"], "缺少必需的参数：--year, --form"),
        (["forms", "--year", "明年"], "参数 --year：无效的整数值：'明年'"),
        (["frobnicate"], "参数 命令：无效的选项：'frobnicate'（可选："),
        (["init", "--city", "长治市"], "参数 --county --city-mode 必须给出其中一个"),
        (
            ["init", "--city", "长治市", "--county", "潞州区", "--city-mode"],
            "参数 --city-mode：不能与参数 --county 同时使用",
        ),
        (["targets", "--city"], "参数 --city：需要一个参数值"),
        (["init", "--c", "长治市"], "选项不明确：--c 可能是 --city, --county, --city-mode"),
        (["import"], "缺少必需的参数：FILE"),
        (["targets", "--colour"], "无法识别的参数：--colour"),
    ],
)
def test_usage_errors_in_chinese_exit_2(
    argv: list[str], chinese: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：siwu")
    assert f"错误：{chinese}" in err
    for words in ARGPARSE_ENGLISH:
        assert words not in err


def test_an_unknown_message_is_shown_as_it_is() -> None:
    assert translate_error("something new in Python 3.14") == "something new in Python 3.14"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("siwu ")


@pytest.mark.parametrize(
    ("argv", "handler"),
    [
        (["demo"], returns.cmd_demo),
        (["validate", "x.xlsx"], returns.cmd_validate),
        (["finalize", "--county", "K", "--year", "2025", "--form", "t1"], returns.cmd_finalize),
        (["correct", "--county", "K", "--year", "2025", "--form", "t1", "--reason", "r"],
         returns.cmd_correct),
        (["print", "--county", "K", "--year", "2025", "--form", "t1", "--pdf", "p"],
         printing.cmd_print),
        (["template", "--county", "K", "--year", "2025", "--form", "t1", "--out", "o"],
         excel.cmd_template),
        (["export", "--county", "K", "--year", "2025", "--all", "--out", "o"], excel.cmd_export),
        (["import", "a.xlsx"], excel.cmd_import),
        (["pack", "show"], packs.cmd_pack_show),
        (["keys", "show"], keys.cmd_keys_show),
        (["keys", "export", "--out", "k"], keys.cmd_keys_export),
        (["keys", "import", "k", "--replace"], keys.cmd_keys_import),
        (["keys", "sheet", "--pdf", "p"], keys.cmd_keys_sheet),
        (["receipt", "--county", "K", "--year", "2025", "--out", "o"], receipts.cmd_receipt),
        (["history", "--county", "K", "--year", "2025", "--form", "t1"], history.cmd_history),
        (["consolidate", "--city", "C", "--year", "2025", "--out", "o"], city.cmd_consolidate),
        (["restore", "--list"], restore.cmd_restore),
        (["gui"], window.cmd_gui),
        ([], window.cmd_gui),
    ],
)  # fmt: skip
def test_each_command_runs_its_own_handler(argv: list[str], handler: object) -> None:
    """Handlers are the functions themselves; none is looked up by name or defaulted."""
    assert parse_args(argv).handler is handler


@pytest.mark.parametrize(
    "argv",
    [[], ["--data-dir", "/tmp/数据"], ["--data-dir=/tmp/数据"], ["--data-dir="], ["gui"],
     ["--self-test"], ["--data-dir", "/a", "targets"], ["--data", "/tmp/b"],
     ["pack", "new", "--city", "C", "--version", "1", "--allocations", "a", "--out", "o"]],
)  # fmt: skip
def test_the_window_is_opened_as_the_whole_parser_reads_argv(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIWU_DATA_DIR", "/srv/siwu")
    assert parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [[], ["--data-dir", "/tmp/数据"], ["--data-dir=/tmp/数据"]])
def test_the_plain_window_start_builds_no_parser(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`siwu` and `siwu --data-dir D` open the window without building an argparse parser
    (its first one costs ≈8 M instructions of the start, #13 item 7); the test above shows
    they read the same as the whole parser."""

    def no_parser(*args: object, **kwargs: object) -> None:
        raise AssertionError("a parser was built")

    monkeypatch.setattr(argparse.ArgumentParser, "__init__", no_parser)
    assert parse_args(argv).handler is window.cmd_gui


def test_the_window_without_options_uses_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIWU_DATA_DIR", "/srv/siwu")
    args = parse_args([])
    assert args == argparse.Namespace(
        self_test=False, data_dir="/srv/siwu", handler=window.cmd_gui, command=None
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [(["targets"], EXIT_PIPE_CLOSED), (["counties", "--json"], EXIT_PIPE_CLOSED), (["--help"], 0)],
)  # argparse itself ignores a failed write of the help text
def test_a_closed_pipe_ends_quietly(argv: list[str], code: int) -> None:
    """`siwu targets | head -1`: the reader is gone before we write (its end of a real pipe
    is closed first), so every write fails with EPIPE; no traceback, no "Exception ignored"."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "siwu_desktop", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == code


def test_head_reads_the_first_line() -> None:
    """The same through a shell pipe into head (whether or not the pipe closes early)."""
    result = subprocess.run(
        f"'{sys.executable}' -m siwu_desktop targets | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == [
        "城市",
        "指标",
        "单位",
        "属性",
        "年份",
        "目标值",
        "约束",
        "来源",
    ]
    assert result.stderr == ""


SUBCOMMANDS = {"pack": ("new", "import", "show"), "keys": ("show", "export", "import", "sheet")}
SUBCOMMANDS |= {"statistics": ("set", "show")}


def _every_help() -> list[list[str]]:
    top = io.StringIO()
    with contextlib.redirect_stdout(top), pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    commands = re.findall(r"^    ([a-z-]+) ", top.getvalue(), flags=re.MULTILINE)
    assert len(commands) >= 25 and "validate" in commands  # the listing was read
    return [[c] for c in commands] + [[c, s] for c, subs in SUBCOMMANDS.items() for s in subs]


def test_no_help_names_a_placeholder_in_english() -> None:
    """`siwu validate --help` showed `[file]` and `file  报表文件（.xlsx）`, `siwu keys import`
    the same: a lower-case English word where the other commands write FILE or PACK (#17).
    Only the command words themselves, `siwu` and values such as `all` stay lower case."""
    for argv in _every_help():
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            build_parser().parse_args([*argv, "--help"])
        words = set(re.findall(r"(?<![-.\w/])[a-z]{3,}(?!\w)", out.getvalue()))
        allowed = {"siwu", "all", *argv, *argv[0].split("-"), *SUBCOMMANDS.get(argv[0], ())}
        assert words <= allowed, (argv, words - allowed)
