"""`siwu receipt` (city) → `siwu import` (county) → `siwu history` in both modes (#14 5, 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from siwu_desktop.cli import main
from tests.printing.conftest import pdf_text


def _run(data: Path, *argv: str) -> int:
    return main(["--data-dir", str(data), *argv])


def _city_knowing(tmp_path: Path, demo_dir: Path) -> Path:
    """A city (长治市) installation that registered the demo county's key."""
    city = tmp_path / "city"
    assert _run(city, "init", "--city", "长治市", "--city-mode") == 0
    assert _run(demo_dir, "keys", "export", "--out", str(tmp_path / "c.siwukey")) == 0
    assert _run(city, "keys", "import", str(tmp_path / "c.siwukey")) == 0
    return city


def test_receipts_and_history_through_the_cli(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    city = _city_knowing(tmp_path, demo_dir)
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


def _correct_billed_use(data: Path) -> None:
    """The demo's 2024 表一 corrected: 注册用户用水量 Qa 2700 → 2750 (by its 填报人 张晓燕)."""
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.city_demo import correct_and_finalise
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import ReturnKey, open_storage

    with open_storage(data, daily_backup=False) as storage:
        service = ReturnService(storage, default_catalog())
        info = storage.returns.find(ReturnKey("潞城区", "t1", 2024))
        assert info is not None
        loaded = service.load(info)
        assert loaded.data.values["billed_use"].text == "2700"
        correct_and_finalise(service, loaded, {"billed_use": "2750"}, "水司账册复核")


def test_the_city_history_shows_the_reason_and_changes_the_county_sent(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    city = _city_knowing(tmp_path, demo_dir)
    _correct_billed_use(demo_dir)
    exported = tmp_path / "t1_v2.xlsx"
    assert _run(demo_dir, "export", "--county", "潞城区", "--year", "2024", "--form", "表一",
                "--out", str(exported)) == 0  # fmt: skip
    assert _run(city, "import", str(exported)) == 0
    capsys.readouterr()
    args = ["history", "--county", "潞城区", "--year", "2024", "--form", "表一"]
    assert _run(city, *args) == 0
    out = capsys.readouterr().out
    # the city holds only 第2版, and shows why and what the county changed, by whom;
    # 第1版, never received, is named as missing (city review item 2)
    assert "第1版　未收到" in out and "第1版　已定稿" not in out and "第2版　已定稿" in out
    assert re.search(
        r"第2版　已定稿　\d{4}-\d\d-\d\d \d\d:\d\d　定稿人 张晓燕　（t1_v2\.xlsx）", out
    )
    assert "更正原因：水司账册复核" in out
    assert "更改 注册用户用水量 Qa（万立方米）：2700 → 2750（张晓燕 " in out
    assert _run(city, *args, "--json") == 0
    [rev] = json.loads(capsys.readouterr().out)["revisions"]
    assert rev["reason"] == "水司账册复核" and rev["origin"] == "imported"
    change, *notes = rev["changes"]
    assert (change["field"], change["old"], change["new"], change["who"]) == (
        "billed_use", "2700", "2750", "张晓燕"
    )  # fmt: skip
    # the warnings the new value raised were explained (city_demo's 已核实。): each a change,
    # named by the field it explains
    assert notes and all(
        n["new"] == "已核实。" and n["label"].startswith("情况说明（") for n in notes
    )
    assert "更改 情况说明（地下水用水量）：空 → 已核实。" in out
