"""`siwu targets|counties|tasks|forms|rules`: the contract's JSON shape, readable text, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from siwu_desktop.cli import main
from siwu_desktop.cli.common import format_table

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


def test_cli_import_loads_neither_qt_nor_storage() -> None:
    """`siwu targets` and friends start without Qt, openpyxl or sqlite-utils."""
    code = (
        "import sys, siwu_desktop.cli.program as p; p.build_parser()\n"
        "heavy = ('PySide6', 'openpyxl', 'sqlite_utils', 'siwu_desktop.storage')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(heavy))\n"
        "print(loaded); sys.exit(bool(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_forms_json_lists_every_field_with_its_cell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "--json"]) == 0
    forms = json.loads(capsys.readouterr().out)
    assert {f["city"] for f in forms} == {"太原市", "阳泉市", "长治市", "聊城市"}
    assert {f["form"] for f in forms} == {"t1", "t2", "t3", "t4"}
    for form in forms:
        for field in form["fields"]:
            assert {"id", "label", "unit", "kind", "required", "cell"} <= set(field)
            assert field["kind"] in ("input", "derived")
            assert field["cell"] == f"{form['form'].upper()}_{field['id']}"
        if form["form"] in ("t3", "t4"):
            assert (
                form["table"]["first_row_cell"]
                == f"{form['form'].upper()}_{form['table']['id']}_first_row"
            )
            assert all(
                {"id", "label", "unit", "kind", "required"} <= set(c)
                for c in form["table"]["columns"]
            )
    t1 = next(f for f in forms if f["city"] == "聊城市" and f["form"] == "t1")
    assert any(f["id"] == "total_use" and f["cell"] == "T1_total_use" for f in t1["fields"])


def test_forms_text_and_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "--city", "长治", "--form", "表二"]) == 0
    out = capsys.readouterr().out
    assert "长治市 表二 用水结构表" in out and "T2_total_use" in out
    assert main(["forms", "--form", "表五"]) == 2


def test_rules_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--form", "t4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [r["id"] for r in data["rules"]]
    assert "D11" in ids and "C01" not in ids
    assert main(["rules", "--form", "表一", "--city", "聊城市"]) == 0
    out = capsys.readouterr().out
    assert "约束性指标未达标" in out and "D06" in out and "注册用户用水量 Qa" in out
