"""Every file the county writes (workbook, template, PDF, key) on a full or write-protected
disk: refused in Chinese with what to do, no traceback, nothing half-written under the chosen
name, an older file of that name untouched. Real disks: a small tmpfs filled to the last byte
or remounted read-only (tests/disks.py).

Checked to fail without the fix (core/files.py, printing/pdf_file.py):
- `print --pdf` and `keys sheet` on a full disk exited 0, "已生成…（共 3 页）", leaving a 0-byte PDF;
- `export` and `template` said "No space left on device" and printed zipfile's
  "Exception ignored … Traceback";
- `keys export` left a 0-byte k.json in place of the older key file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_printing import siwu
from tests.disks import fill, mounted_tmpfs, needs_root, read_only

pytestmark = needs_root

OUT = "old-file"  # the target's name: the user re-exports over yesterday's file

COMMANDS = {
    "export": ("export", "--county", "潞城区", "--year", "2025", "--all", "--out"),
    "template": ("template", "--form", "t1", "--year", "2025", "--county", "潞城区", "--out"),
    "print": ("print", "--county", "潞城区", "--year", "2024", "--form", "t1", "--pdf"),
    "keys export": ("keys", "export", "--out"),
    "keys sheet": ("keys", "sheet", "--pdf"),
}


@pytest.fixture
def disk() -> Iterator[Path]:
    with mounted_tmpfs("2m") as mount:
        yield mount


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _says_it_in_chinese(stderr: str, *words: str) -> None:
    for word in words:
        assert word in stderr, stderr
    for english in ("Traceback", "Exception ignored", "No space", "Read-only", "Errno"):
        assert english not in stderr, stderr


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_full_disk_is_said_and_the_older_file_kept(
    command: str, demo_dir: Path, disk: Path
) -> None:
    target = disk / OUT
    target.write_bytes(b"yesterday's file\n")
    before = _digest(target)
    fill(disk)
    result = siwu(demo_dir, *COMMANDS[command], str(target))
    assert result.returncode == 1, result.stdout + result.stderr
    _says_it_in_chinese(result.stderr, "磁盘空间不足", "请清理磁盘空间", "未被改动")
    assert _digest(target) == before
    assert sorted(p.name for p in disk.iterdir()) == ["filler", OUT]  # no hidden leftover


@pytest.mark.parametrize("command", ["export", "print"])
def test_a_write_protected_disk_is_said(command: str, demo_dir: Path, disk: Path) -> None:
    target = disk / "new.xlsx"
    with read_only(disk):
        result = siwu(demo_dir, *COMMANDS[command], str(target))
    assert result.returncode == 1
    _says_it_in_chinese(result.stderr, "只读", "取消写保护")
    assert not target.exists()


def test_with_room_again_the_same_command_writes_the_file(demo_dir: Path, disk: Path) -> None:
    """The refusal changed nothing that stops the retry the message asks for."""
    target = disk / "t1.pdf"
    filler = fill(disk)
    assert siwu(demo_dir, *COMMANDS["print"], str(target)).returncode == 1
    filler.unlink()
    again = siwu(demo_dir, *COMMANDS["print"], str(target))
    assert again.returncode == 0, again.stderr
    assert target.read_bytes().startswith(b"%PDF") and b"%%EOF" in target.read_bytes()[-64:]
