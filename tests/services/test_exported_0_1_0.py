"""Workbooks exported by 0.1.0 (tests/fixtures/exported_0_1_0) still import and verify.

The digests below are those the README there lists, as 0.1.0 printed them. Domain
words became enums and the signature block a value type (now a msgspec Struct) after
0.1.0; what a return's digest covers must not have moved for that, or every return a
county has already filed would fail at the city.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.digest import content_digest, short_digest
from siwu_desktop.core.terms import ReturnStatus
from siwu_desktop.excel.reader import read_workbook
from siwu_desktop.storage import open_storage

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exported_0_1_0"
ALL_2023 = FIXTURES / "长治市潞城区_2023_全部报表.xlsx"
ALL_2024 = FIXTURES / "长治市潞城区_2024_全部报表.xlsx"
T1_2024 = FIXTURES / "长治市潞城区_2024_表一_v1.xlsx"
DIGESTS = {  # (year, form) → digest, from the README
    (2024, "t1"): "4eb96b14b88283762964f2943861d19adbbebf10c8db4f9f951d695b74bc2b8f",
    (2024, "t2"): "fd8bbd0d02483964b1396322a5de24364dc5563c513b7166ad5ebb0b27b60eb9",
    (2024, "t3"): "c73685f3a00ab2b9ce6c009a27929d0275412efb2c6f9472753d98e19dc18363",
    (2024, "t4"): "d16697a98dfd99699dfaf738275a95a7d866a69a33231991d6a2c5b7705d6dbf",
    (2023, "t1"): "8cd4f1a34bcc27472ea47d6a551a08914f2004d9c2543744e28086b74cfe1dc8",
}


def siwu(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "siwu_desktop", "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def stored_digests(data_dir: Path) -> dict[tuple[int, str], tuple[str, str | None]]:
    """(year, form) → (status, digest) of each stored annual return's current revision."""
    with open_storage(data_dir, read_only=True, daily_backup=False) as storage:
        return {
            (r.year, r.form): (r.status, r.digest)
            for r in storage.returns.list_returns(county="潞城区")
            if r.period == "Y"
        }


@pytest.mark.parametrize("path", [ALL_2023, ALL_2024, T1_2024], ids=lambda p: p.name)
def test_each_return_read_back_has_the_digest_0_1_0_printed(path: Path) -> None:
    parsed = read_workbook(path, default_catalog())
    assert parsed.returns
    for p in parsed.returns:
        assert p.status == ReturnStatus.FINALISED and p.verified, p.sheet
        assert p.computed_digest == p.digest == content_digest(p.data)
        if (p.year, p.form_id) in DIGESTS:
            assert p.digest == DIGESTS[(p.year, p.form_id)]
        # the signature block came back as its value type, with what the demo signed
        assert (p.data.metadata.preparer, p.data.metadata.reviewer) == ("张晓燕", "李建国")


def test_a_matching_county_profile_imports_them(tmp_path: Path) -> None:
    data = tmp_path / "county"
    assert siwu(data, "init", "--city", "长治市", "--county", "潞城区").returncode == 0
    done = siwu(data, "import", ALL_2023, ALL_2024, T1_2024)
    assert done.returncode == 0, done.stdout + done.stderr
    # nine returns in three files, each verified against the digest it states: 4 + 4 + 1
    assert done.stdout.count("摘要已核验") == 9, done.stdout
    for digest in DIGESTS.values():
        assert f"摘要已核验 {short_digest(digest)}）" in done.stdout
    # a county takes an export in as its working copy (a draft to go on from), values and all
    stored = stored_digests(data)
    assert sorted(stored) == [(y, f) for y in (2023, 2024) for f in ("t1", "t2", "t3", "t4")]
    assert {status for status, _ in stored.values()} == {ReturnStatus.DRAFT}
    with open_storage(data, read_only=True, daily_backup=False) as storage:
        t1 = next(r for r in storage.returns.list_returns(county="潞城区", year=2024, form="t1"))
        assert storage.returns.values(t1.id)["total_use"].text != ""


def test_a_changzhi_city_profile_refuses_them_only_for_want_of_a_signature(
    tmp_path: Path,
) -> None:
    """Since #14 a city accepts only returns signed by a registered county key; 0.1.0 signed
    nothing. Its files are refused for that reason alone, named: their content still reads
    and verifies (above), so the county re-exports them with an upgraded program."""
    data = tmp_path / "city"
    assert siwu(data, "init", "--city", "长治市", "--city-mode").returncode == 0
    done = siwu(data, "import", ALL_2023, ALL_2024, T1_2024)
    assert done.returncode == 1, done.stdout + done.stderr
    refused = [line for line in done.stdout.splitlines() if line.startswith("已拒绝：")]
    assert len(refused) == 3, done.stdout
    assert all(line.endswith("（未签名）") and "没有签名" in line for line in refused)
    assert not any("被修改" in line or "版本不符" in line for line in refused)
    assert "接收 0 张报表，旧版本 0 张，重复 0 张，拒绝 3 个文件" in done.stdout
    assert stored_digests(data) == {}
