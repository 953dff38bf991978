"""`siwu pack new | import | show` as the city and a county run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_cli_pack_new_import_show(tmp_path: Path, data_dir: Path) -> None:
    csv = tmp_path / "分解.csv"
    csv.write_text(
        "县区,指标,年份,目标值,单位\n沁县,用水总量,2026,3000,万立方米\n沁县,地下水用水量,每年,1000,万立方米\n",
        encoding="utf-8-sig",
    )

    def siwu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "siwu_desktop", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    city = str(tmp_path / "city")
    assert siwu("--data-dir", city, "init", "--city", "长治市", "--city-mode").returncode == 0
    made = siwu(
        "--data-dir",
        city,
        "pack",
        "new",
        "--city",
        "长治市",
        "--version",
        "2026.1",
        "--allocations",
        str(csv),
        "--out",
        str(tmp_path / "p"),
        "--date",
        "2026-03-01",
    )
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "p.siwupack").is_file() and "2 条分解指标" in made.stdout
    # pack new puts the pack in force on the city's own installation
    assert "本机（市局）现行目标包：长治市水利局目标包（2026.1版，2026-03-01）" in made.stdout
    assert "2026.1版" in siwu("--data-dir", city, "pack", "show").stdout
    fingerprint = json.loads(siwu("--data-dir", city, "keys", "show", "--json").stdout)
    assert siwu("init", "--city", "长治市", "--county", "沁县").returncode == 0
    imported = siwu("pack", "import", str(tmp_path / "p.siwupack"))
    assert imported.returncode == 0, imported.stderr
    assert "新增 沁县 2026年 用水总量：3000 万立方米" in imported.stdout
    # the first pack pins the city key: its fingerprint is shown, to compare with the paper
    assert f"签发密钥指纹：{fingerprint['fingerprint']}" in imported.stdout
    assert "现行目标包：长治市水利局目标包（2026.1版，2026-03-01）" in imported.stdout
    shown = siwu("pack", "show")
    assert "2026.1版" in shown.stdout and "地下水用水量" in shown.stdout
    tampered = tmp_path / "t.siwupack"
    tampered.write_text(
        (tmp_path / "p.siwupack").read_text(encoding="utf-8").replace('"3000"', '"3300"'),
        encoding="utf-8",
    )
    refused = siwu("pack", "import", str(tampered))
    assert refused.returncode == 1 and "在签发后被修改" in refused.stderr
    assert "现行目标包仍为：长治市水利局目标包（2026.1版，2026-03-01）" in refused.stderr
    assert "Traceback" not in refused.stderr
    # a county cannot issue packs
    county_made = siwu("pack", "new", "--city", "长治市", "--version", "9", "--allocations",
                       str(csv), "--out", str(tmp_path / "q"))  # fmt: skip
    assert county_made.returncode == 1 and "市级模式" in county_made.stderr


def test_cli_extension_matches_core() -> None:
    """The parser names the extension without loading core's pack module; they agree."""
    from siwu_desktop.cli.packs import EXTENSION
    from siwu_desktop.core.target_pack import EXTENSION as CORE

    assert EXTENSION == CORE
