"""`siwu receipt` (city) → `siwu import` (county) → `siwu history` in both modes (#14 5, 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siwu_desktop.cli import main
from tests.printing.conftest import pdf_text


def _run(data: Path, *argv: str) -> int:
    return main(["--data-dir", str(data), *argv])


def test_receipts_and_history_through_the_cli(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    city = tmp_path / "city"
    assert _run(city, "init", "--city", "长治市", "--city-mode") == 0
    assert _run(demo_dir, "keys", "export", "--out", str(tmp_path / "c.siwukey")) == 0
    assert _run(city, "keys", "import", str(tmp_path / "c.siwukey")) == 0
    assert _run(city, "keys", "export", "--out", str(tmp_path / "city.siwukey")) == 0
    exported = tmp_path / "2024.xlsx"
    assert _run(demo_dir, "export", "--county", "潞城区", "--year", "2024", "--all",
                "--out", str(exported)) == 0  # fmt: skip
    assert _run(city, "import", str(exported)) == 0
    back = tmp_path / "back.siwureceipt"
    pdf = tmp_path / "back.pdf"
    assert _run(city, "receipt", "--county", "潞城区", "--year", "2024", "--form", "表二",
                "--reject", "表二合计与表一不符", "--out", str(back), "--pdf", str(pdf)) == 0  # fmt: skip
    assert f"已生成回执 PDF：{pdf}" in capsys.readouterr().out
    text = pdf_text(pdf)  # the printed 回执: the county, the return, the reason, the stamp line
    assert "长治市潞城区" in text and "表二" in text and "第1版" in text and "退回修改" in text
    assert (
        "原因：表二合计与表一不符" in text and "长治市水利局（盖章）" in text
    )  # init names the unit
    # the county has no city key yet: refused, nothing kept
    assert _run(demo_dir, "import", str(back)) == 1
    assert "尚未登记市局公钥" in capsys.readouterr().out
    assert _run(demo_dir, "keys", "import", str(tmp_path / "city.siwukey")) == 0
    assert _run(demo_dir, "import", str(back)) == 0
    assert "表二第1版 市局退回（表二合计与表一不符）" in capsys.readouterr().out
    args = ["history", "--county", "潞城区", "--year", "2024", "--form", "表二"]
    assert _run(demo_dir, *args) == 0
    out = capsys.readouterr().out
    assert "第1版　已定稿" in out and "市局退回：表二合计与表一不符" in out
    assert _run(city, *args, "--json") == 0
    city_view = json.loads(capsys.readouterr().out)
    [rev] = city_view["revisions"]
    assert rev["origin"] == "imported" and rev["signer"] and rev["source_file"] == "2024.xlsx"


def test_a_receipt_pdf_into_a_missing_folder_is_refused_before_anything_is_issued(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    city = tmp_path / "city"
    assert _run(city, "init", "--city", "长治市", "--city-mode") == 0
    out = tmp_path / "r.siwureceipt"
    pdf = tmp_path / "no" / "r.pdf"
    args = ["receipt", "--county", "潞城区", "--year", "2024", "--out", str(out), "--pdf", str(pdf)]
    assert _run(city, *args) == 1
    assert "PDF 的目标文件夹" in capsys.readouterr().err and not out.exists()
