"""`siwu targets|counties|tasks`: the contract's JSON shape, readable text, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from siwu_desktop.cli import format_table, main

TARGET_KEYS = {
    "city", "indicator", "unit", "attribute", "year", "value", "bound",
    "base_year", "draft", "source", "conflicts",
}  # fmt: skip


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    assert main(list(argv)) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    return data


def test_targets_json_has_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "targets", "--json")
    assert data
    for item in data:
        assert item.keys() >= TARGET_KEYS
        assert item["bound"] in ("max", "min", "decline_min")
        assert item["attribute"] in ("约束性", "预期性", "未注明")
        assert isinstance(item["value"], int | float)
        assert (item["bound"] == "decline_min") == (item["base_year"] is not None)
        assert isinstance(item["source"], str) and "《" in item["source"]
    assert {item["city"] for item in data} == {"太原市", "阳泉市", "长治市", "聊城市"}


def test_targets_json_values_are_exact_and_conflicts_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(capsys, "targets", "--city", "阳泉市", "--json")
    coeff = next(t for t in data if t["indicator"] == "农田灌溉水利用系数" and t["year"] == 2025)
    assert coeff["value"] == 0.624 and coeff["value_text"] == "0.624"
    assert [c["value"] for c in coeff["conflicts"]] == [0.63]  # type: ignore[union-attr]
    assert all("阳泉" in c["source"] for c in coeff["conflicts"])  # type: ignore[union-attr]
    every_year = [t for t in data if t["year"] is None]
    assert every_year, "阳泉's body text sets caps that hold every year"


def test_draft_flag_only_for_liaocheng(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "targets", "--json")
    assert {t["city"] for t in data if t["draft"]} == {"聊城市"}


def test_counties_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "counties", "--city", "长治", "--json")
    assert len(data) == 12
    assert {"city": "长治市", "county": "潞州区", "code": "140403"} in data
    assert len(run_json(capsys, "counties", "--json")) == 35


def test_tasks_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "tasks", "--city", "阳泉市", "--json")
    assert len(data) == 60
    assert all(t["source"] and t["text"] for t in data)


def test_unknown_city_is_a_usage_error_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["targets", "--city", "北京市"]) == 2
    err = capsys.readouterr().err
    assert "未知城市" in err and "长治市" in err


def test_human_readable_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["targets", "--city", "太原市"]) == 0
    out = capsys.readouterr().out
    assert "用水总量" in out and "9.94" in out and "上限" in out


def test_table_aligns_cjk_by_display_width() -> None:
    lines = format_table(["城市", "值"], [["长治市", "1"], ["ab", "22"]]).splitlines()
    # "长治市" is 6 display cells wide, so the second column starts at cell 8 in every row:
    # 3 CJK characters + 2 spaces, and "ab" + 4 padding + 2 spaces.
    assert lines[2] == "长治市  1"
    assert lines[3] == "ab      22"


def test_bad_option_exits_2_with_chinese_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "siwu_desktop", "targets", "--colour"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "无法识别的参数" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_import_does_not_load_qt() -> None:
    code = (
        "import sys, siwu_desktop.cli; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    "argv",
    [[], ["--data-dir", "/tmp/数据"], ["--data-dir=/tmp/数据"], ["--data-dir="], ["gui"],
     ["--data-dir", "-x"], ["--self-test"], ["--data-dir", "/a", "targets"]],
)  # fmt: skip
def test_window_shortcut_parses_like_the_full_parser(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the window skips building every command's parser; it must read argv the same."""
    from siwu_desktop.cli import build_parser, window_only

    monkeypatch.setenv("SIWU_DATA_DIR", "/srv/siwu")
    quick = window_only(argv)
    if quick is None:  # left to the full parser
        assert argv not in ([], ["--data-dir", "/tmp/数据"], ["--data-dir=/tmp/数据"])
        return
    assert quick == build_parser().parse_args(argv)
