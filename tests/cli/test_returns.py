"""`siwu demo`, `validate`, `finalize`, `correct` as a script or a city's batch would run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from siwu_desktop.cli import main


def siwu(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "siwu_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_demo_then_validate_shows_real_findings(tmp_path: Path) -> None:
    made = siwu(tmp_path, "demo")
    assert made.returncode == 0, made.stderr
    assert "长治市潞城区" in made.stdout and "已定稿" in made.stdout
    again = siwu(tmp_path, "demo")
    assert again.returncode == 1 and "不会覆盖" in again.stderr

    result = siwu(tmp_path, "validate", "--county", "潞城区", "--year", "2025", "--json")
    assert result.returncode == 1  # the demo's 2025 表一 has a figure typed as "约3000"
    returns = json.loads(result.stdout)
    assert {r["form"] for r in returns} == {"t1", "t2", "t3", "t4"}
    t1 = next(r for r in returns if r["form"] == "t1")
    rules = {f["rule"]: f for f in t1["findings"]}
    assert "约" in rules["D02"]["message"] and rules["D02"]["severity"] == "error"
    # 漏损率: (3000-2550)/3000 = 15%, minus R1 = 0.08*40% = 3.2% and
    # R2 = 0.99*(0.08-0.0693) = 1.0593% → 10.74% against the city's 9% (正文 二、（一）4.)
    leak = rules["C02"]
    assert "10.74%" in leak["message"] and "9%" in leak["message"]
    assert "长治市严格落实" in leak["source"]

    clean = siwu(tmp_path, "validate", "--county", "潞城区", "--year", "2024")
    assert clean.returncode == 0, clean.stdout
    assert "没有错误" in clean.stdout


def test_finalize_refused_then_correct(tmp_path: Path) -> None:
    assert siwu(tmp_path, "demo").returncode == 0
    refused = siwu(tmp_path, "finalize", "--county", "潞城区", "--year", "2025", "--form", "表一")
    assert refused.returncode == 1
    assert "不能定稿" in refused.stderr and "Traceback" not in refused.stderr

    done = siwu(tmp_path, "finalize", "--county", "潞城区", "--year", "2025", "--form", "t2")
    assert done.returncode == 0, done.stderr
    assert "第1版" in done.stdout and "SHA-256" in done.stdout
    # the period written out: a quarter's 表三 said only 潞城区 2026 表三 (#17, the clerk's day)
    assert done.stdout.startswith("已定稿：潞城区 2025年度 表二 第1版")

    no_reason = siwu(tmp_path, "correct", "--county", "潞城区", "--year", "2025", "--form", "t2")
    assert no_reason.returncode == 2  # --reason is required
    corrected = siwu(
        tmp_path, "correct", "--county", "潞城区", "--year", "2025", "--form", "t2",
        "--reason", "统计口径调整",
    )  # fmt: skip
    assert corrected.returncode == 0 and "第2版" in corrected.stdout
    # the open correction is 更正中, as the window says, not 草稿 (#17, the clerk's day)
    history = siwu(tmp_path, "history", "--county", "潞城区", "--year", "2025", "--form", "t2")
    heads = [line for line in history.stdout.splitlines() if line.startswith("第")]
    assert [h.split("　")[:2] for h in heads] == [["第1版", "已定稿"], ["第2版", "更正中"]]


def test_wrong_county_and_missing_profile(tmp_path: Path) -> None:
    empty = siwu(tmp_path, "validate", "--county", "潞城区", "--year", "2025")
    assert empty.returncode == 1 and "siwu init" in empty.stderr
    assert siwu(tmp_path, "demo").returncode == 0
    wrong = siwu(tmp_path, "validate", "--county", "小店区", "--year", "2025")
    assert wrong.returncode == 2 and "没有县区" in wrong.stderr


def test_validate_period_all_takes_the_quarters_too(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--period all` (as its help says) was refused as an unknown period before. The demo's
    2026 has only the 第1季度 表三."""
    args = ["--data-dir", str(demo_dir), "validate", "--county", "潞城区", "--year", "2026"]
    assert main(args) == 1
    assert "没有可校验的报表" in capsys.readouterr().err
    assert main([*args, "--period", "all", "--json"]) == 0
    every = [(r["form"], r["period"]) for r in json.loads(capsys.readouterr().out)]
    assert every == [("t3", "Q1")]
    # the heading names the period as the window does, not the code Q1 (#17, the clerk's day)
    main([*args, "--period", "all"])
    assert capsys.readouterr().out.splitlines()[0].startswith("潞城区 2026年第一季度 表三 ")
    assert main([*args, "--period", "Q5"]) == 2
    assert "报告期应为" in capsys.readouterr().err


def test_validate_records_validated_like_the_window(tmp_path: Path) -> None:
    """`siwu validate` is the service's check, as the window's 校验
    (tests/ui/test_validate_window.py): an error-free draft is left 已校验, and one with
    an error stays a draft."""
    import datetime as dt

    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.sample import sample_return
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import ReturnKey, open_storage
    from tests.profiles import YU_COUNTY

    with open_storage(tmp_path) as storage:
        storage.profile.save(YU_COUNTY)
        service = ReturnService(storage, default_catalog(), today=dt.date(2026, 1, 20))
        loaded = service.load(service.open("盂县", "t1", 2025))
        sample = sample_return(loaded.form, "盂县", 2025)
        service.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
        service.open("盂县", "t2", 2025)  # empty: required figures missing
    result = siwu(tmp_path, "validate", "--county", "盂县", "--year", "2025", "--json")
    assert result.returncode == 1, result.stderr  # 表二 has errors
    statuses = {r["form"]: r["status"] for r in json.loads(result.stdout)}
    assert statuses == {"t1": "validated", "t2": "draft"}
    with open_storage(tmp_path) as storage:
        t1 = storage.returns.find(ReturnKey("盂县", "t1", 2025))
        t2 = storage.returns.find(ReturnKey("盂县", "t2", 2025))
        assert t1 is not None and t1.status == "validated"
        assert t2 is not None and t2.status == "draft"


def test_validate_a_file_names_its_period(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`siwu validate 文件.xlsx` headed each sheet 潞城区 2025 Y 表一: the period as the code
    Y. A blank 2025 表一 template: 潞城区 2025年度 表一 (#17, the clerk's day)."""
    out = tmp_path / "表一.xlsx"
    data = ["--data-dir", str(demo_dir)]
    template = ["template", "--form", "表一", "--year", "2025", "--county", "潞城区"]
    assert main([*data, *template, "--out", str(out)]) == 0
    capsys.readouterr()
    main([*data, "validate", str(out)])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("表一.xlsx：潞城区 2025年度 表一（"), first
