"""`siwu forms` and `siwu rules` against the embedded catalog ."""

from __future__ import annotations

import json

import pytest

from siwu_desktop.cli import main


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
