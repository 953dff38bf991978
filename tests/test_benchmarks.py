"""benchmarks/run_all.py: the summary table (the timings themselves are never tested)."""

from __future__ import annotations

import importlib.util
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "benchmarks" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_summary_table_fills_every_cell_and_aligns_cjk() -> None:
    run_all = load_run_all()
    Row = run_all.Row
    table = run_all.summary_table(
        [
            Row("空白 PySide6 窗口：启动→显示", "154 ms", peak_mb=61.4),
            Row(
                "siwu（未打包）：启动→表一显示",
                "572 ms",
                "空白窗口 154 ms",
                "比值 3.72",
                False,
                120,
            ),
            Row("可执行文件大小", run_all.NOT_BUILT, target="目标 ≤ 65 MB"),
            Row("表一 PDF", "57.7 ms", target="目标 < 300 ms", ok=True, peak_mb=98.6),
        ]
    )
    lines = table.splitlines()
    assert len(lines) == 6  # header, rule, four rows
    header, rule, *body = lines
    assert header.split() == [
        "测量项目",
        "数值",
        "基准（同次运行）",
        "比值/目标",
        "判定",
        "峰值内存",
    ]
    # every column starts at the same display column on every line (CJK counts double)
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) == 6
    for line in body:
        for start in starts[1:]:
            assert cell_starts_at(line, start), (line, start)
    assert "未达标" in body[1] and "达标" in body[3] and "未构建" in body[2]
    assert "—" in body[0] and "61 MB" in body[0] and "120 MB" in body[1]
    for line in body:  # no empty cell: six cells separated by at least two spaces
        assert len([c for c in line.split("  ") if c.strip()]) == 6, line


def cell_starts_at(line: str, column: int) -> bool:
    """The character starting at display column `column` begins a cell after a gap."""
    width = 0
    for i, ch in enumerate(line):
        if width == column:
            return ch != " " and line[i - 2 : i] == "  "
        width += display_width(ch)
    return False


def test_city_row_is_labelled_as_measured() -> None:
    run_all = load_run_all()
    row = run_all.city_row({"label": "存入+汇总 120 份", "seconds": 12.5, "budget_s": 10}, 150.0)
    assert (row.measure, row.value, row.ok) == ("存入+汇总 120 份", "12.50 s", False)
    assert run_all.city_row(None, None).value.startswith("无数据")


def test_the_one_file_note_gives_the_extra_time_and_what_to_install() -> None:
    run_all = load_run_all()
    # by hand: 1161 ms (one file) - 343 ms (one folder) = 818 ms
    note = run_all.one_file_note(1.161, 0.343)
    assert "本次比一文件夹版多 818 ms" in note
    assert ".deb 安装包（Linux）或一文件夹版（Windows）" in note
    assert "多" not in run_all.one_file_note(1.161, None)  # no folder measured: no figure
