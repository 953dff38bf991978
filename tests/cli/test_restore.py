"""`siwu restore`: a truncated database is replaced by the newest good backup, and kept aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def siwu(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "siwu_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_truncated_database_is_restored_from_backup(tmp_path: Path) -> None:
    assert siwu(tmp_path, "demo").returncode == 0  # closing takes the day's backup
    assert "daily" in siwu(tmp_path, "restore", "--list").stdout
    db = tmp_path / "siwu.db"
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.truncate(size // 3)
    broken = siwu(tmp_path, "validate", "--county", "潞城区", "--year", "2024")
    assert broken.returncode == 1 and "已损坏" in broken.stderr and "Traceback" not in broken.stderr

    restored = siwu(tmp_path, "restore")
    assert restored.returncode == 0, restored.stderr
    assert "已从备份恢复" in restored.stdout
    kept = list((tmp_path / "damaged").rglob("siwu.db"))
    assert len(kept) == 1 and kept[0].stat().st_size == size // 3  # the damaged file, unchanged
    again = siwu(tmp_path, "validate", "--county", "潞城区", "--year", "2024")
    assert again.returncode == 0, again.stdout + again.stderr


def test_restore_on_a_sound_database_changes_nothing(tmp_path: Path) -> None:
    assert siwu(tmp_path, "demo").returncode == 0
    before = (tmp_path / "siwu.db").read_bytes()
    result = siwu(tmp_path, "restore")
    assert result.returncode == 0 and "无需恢复" in result.stdout
    assert (tmp_path / "siwu.db").read_bytes() == before
