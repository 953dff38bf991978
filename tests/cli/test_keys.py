"""`siwu keys show | export | import | sheet` (issue #14, item 1): a county's key registered
at the city from its key file, a second key only with --replace (the old one kept), and
the printable 密钥备案表 whose fingerprint is searchable text and a QR code."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from siwu_desktop.cli import main


def _run(data: Path, *argv: str) -> int:
    return main(["--data-dir", str(data), *argv])


def _fingerprint(data: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert _run(data, "keys", "show", "--json") == 0
    return str(json.loads(capsys.readouterr().out)["fingerprint"])


def test_a_county_key_is_registered_at_the_city_and_replaced_only_with_replace(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county_fp = _fingerprint(demo_dir, capsys)
    assert len(county_fp.split(" ")) == 8
    key_file = tmp_path / "潞城区.siwukey"
    assert _run(demo_dir, "keys", "export", "--out", str(key_file)) == 0
    exported = json.loads(key_file.read_text(encoding="utf-8"))
    assert exported["county"] == "潞城区" and exported["code"] == "140406"
    assert exported["fingerprint"] == county_fp
    assert "PRIVATE" not in key_file.read_text(encoding="utf-8")
    city = tmp_path / "city"
    assert _run(city, "init", "--city", "长治市", "--city-mode") == 0
    capsys.readouterr()
    assert _run(city, "keys", "import", str(key_file)) == 0
    out = capsys.readouterr().out
    assert "已备案 潞城区（140406）" in out and county_fp in out
    # a reinstalled county: another key for 潞城区
    other = tmp_path / "other"
    assert _run(other, "init", "--city", "长治市", "--county", "潞城区") == 0
    second = tmp_path / "新.siwukey"
    assert _run(other, "keys", "export", "--out", str(second)) == 0
    capsys.readouterr()
    assert _run(city, "keys", "import", str(second)) == 1
    assert "--replace" in capsys.readouterr().err
    assert _run(city, "keys", "import", str(second), "--replace") == 0
    assert "已更换 潞城区" in capsys.readouterr().out
    assert _run(city, "keys", "show", "--json") == 0
    trusted = json.loads(capsys.readouterr().out)["trusted"]
    assert [(k["fingerprint"] == county_fp, k["active"]) for k in trusted] == [
        (True, False),
        (False, True),
    ]


def test_the_private_key_stays_in_the_owner_only_database(demo_dir: Path) -> None:
    """Made with the profile (siwu demo saved one); in the 0600 database, which every
    backup copies; the folder is 0700."""
    database = demo_dir / "siwu.db"
    assert database.stat().st_mode & 0o777 == 0o600
    assert demo_dir.stat().st_mode & 0o777 == 0o700
    with sqlite3.connect(database) as db:
        [(pem,)] = db.execute("SELECT private_pem FROM own_keys").fetchall()
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")


def test_the_key_sheet_shows_the_fingerprint_as_text_and_qr(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fingerprint = _fingerprint(demo_dir, capsys)
    pdf = tmp_path / "备案表.pdf"
    assert _run(demo_dir, "keys", "sheet", "--pdf", str(pdf)) == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "密钥备案表",
        "长治市潞城区水利局",
        "140406",
        fingerprint,
        "填报人",
        "单位负责人",
    ):
        assert words in text, words
    assert "单位（盖章）" in text
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True)
    qr = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "p-1.png")], capture_output=True, text=True
    ).stdout.strip()
    assert qr == fingerprint


def test_a_key_file_that_is_not_one_is_refused_in_chinese(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.siwukey"
    junk.write_text("不是公钥", encoding="utf-8")
    city = tmp_path / "city"
    assert _run(city, "init", "--city", "长治市", "--city-mode") == 0
    capsys.readouterr()
    assert _run(city, "keys", "import", str(junk)) == 1
    assert "不是本程序导出的公钥文件" in capsys.readouterr().err


def test_the_printed_return_shows_the_signers_fingerprint_beside_the_digest(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fingerprint = _fingerprint(demo_dir, capsys)
    pdf = tmp_path / "表一.pdf"
    argv = ["print", "--county", "潞城区", "--year", "2024", "--form", "表一", "--pdf", str(pdf)]
    assert _run(demo_dir, *argv) == 0
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", " ")
    assert f"签名密钥指纹：{fingerprint}" in text
    assert text.index("内容摘要（SHA-256）") < text.index("签名密钥指纹")
