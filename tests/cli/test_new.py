"""`siwu new`: the window's 新建年度报表 on the command line, carrying last year forward."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_returns import siwu


def test_new_year_carries_base_inputs_and_with_the_option_the_ledger(demo_dir: Path) -> None:
    made = siwu(demo_dir, "new", "--county", "潞城区", "--year", "2026", "--from-last-year")
    assert made.returncode == 0, made.stderr
    assert "已建立：潞城区 2026年 表一、表二、表三、表四" in made.stdout
    # the demo's 2025 表一 (a draft) holds 用水总量 8000 and 工业用水量 1500 (core.sample);
    # 长治's 2026 county declines are against 2025
    assert (
        "表一“2025年用水总量（基准年）”：8000，取自2025年年报（第1版，草稿，未定稿）的“用水总量”"
        in made.stdout
    )
    assert "表四：从2025年台账（第1版，草稿，未定稿）带入 24 户" in made.stdout  # ledger_rows=24
    again = siwu(demo_dir, "new", "--county", "潞城区", "--year", "2026", "--from-last-year")
    assert again.returncode == 0
    assert "年度报表已有，未重复建立" in again.stdout
    assert "已有的 24 户未重复带入：示例用水单位1、示例用水单位2" in again.stdout
    assert again.stdout.rstrip().endswith("等")  # five names shown, not 24
    shown = siwu(demo_dir, "new", "--county", "潞城区", "--year", "2026", "--json")
    out = json.loads(shown.stdout)
    assert out["created"] == [] and out["values"] == [] and out["ledger_rows"] == 0


def test_without_the_option_the_ledger_stays_empty(demo_dir: Path) -> None:
    made = siwu(demo_dir, "new", "--county", "潞城区", "--year", "2026", "--json")
    assert made.returncode == 0, made.stderr
    out = json.loads(made.stdout)
    assert out["created"] == ["t1", "t2", "t3", "t4"] and out["ledger_rows"] == 0
    assert [v["field"] for v in out["values"]] == ["total_use_b2025", "industrial_use_b2025"]


def test_a_quarter_and_wrong_use(demo_dir: Path) -> None:
    quarter = siwu(demo_dir, "new", "--county", "潞城区", "--year", "2026", "--period", "Q2")
    assert quarter.returncode == 0 and "已建立：潞城区 2026年第二季度 表三" in quarter.stdout
    again = siwu(demo_dir, "new", "--county", "潞城区", "--year", "2026", "--period", "Q2")
    assert again.returncode == 0 and "已有，未重复建立：潞城区 2026年第二季度 表三" in again.stdout
    both = siwu(
        demo_dir, "new", "--county", "潞城区", "--year", "2026", "--period", "Q2",
        "--from-last-year",
    )  # fmt: skip
    assert both.returncode == 2 and "只用于年度报表" in both.stderr
    wrong = siwu(demo_dir, "new", "--county", "小店区", "--year", "2026")
    assert wrong.returncode == 2 and "没有县区" in wrong.stderr
