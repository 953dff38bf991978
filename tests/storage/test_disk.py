"""A full disk, a read-only file system, a lost database: said as what they are, nothing lost.

Every case runs on a real file system: a small tmpfs mounted by the test (root; CI runs
as root), filled to the last byte or remounted read-only. Kill cases use real processes.
Checked to fail without each fix (reverted once each):
- environment_problem() not asked: the full-disk start raises CorruptDatabaseError
  ("已损坏或不完整（SQLite 报告：disk I/O error）"); the read-only start did the same
  before _damage_or_raise() told a file's errors from the disk's.
- restore_file() in its old order (quarantine first): after the failed restore on a full
  disk siwu.db is gone and a 0-byte siwu.db.restore remains.
- _refuse_if_lost() removed: a start with backups but no siwu.db makes an empty database.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.storage import (
    CorruptDatabaseError,
    DataPaths,
    DiskFullError,
    MissingDatabaseError,
    Profile,
    ReadOnlyError,
    ReturnKey,
    StorageError,
    open_storage,
    restore_backup,
)
from siwu_desktop.storage.backups import KEEP_DAMAGED, list_backups
from tests.disks import fill, mounted_tmpfs, needs_root, read_only

pytestmark = needs_root

KEY = ReturnKey("潞州区", "table1", 2025)


@pytest.fixture
def tmpfs() -> Iterator[Path]:
    """A 4 MB tmpfs of its own, unmounted afterwards."""
    with mounted_tmpfs("4m") as mount:
        yield mount


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled_data(data_dir: Path, values: int = 25) -> int:
    """A database with a profile, `values` figures and its first daily backup."""
    with open_storage(data_dir) as s:
        s.profile.save(Profile(mode="county", city="长治市", county="潞州区", preparer="张三"))
        rid = s.returns.get_or_create(KEY).id
        for i in range(values):
            s.returns.set_value(rid, f"f{i}", str(i), Decimal(i))
    assert list_backups(DataPaths(data_dir))
    return rid


def _values(data_dir: Path, rid: int) -> dict[str, str]:
    with open_storage(data_dir) as s:
        return {k: v.text for k, v in s.returns.values(rid).items()}


KILLED_AFTER_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from decimal import Decimal
    from siwu_desktop.storage import open_storage
    s = open_storage(sys.argv[1])
    s.returns.set_value(int(sys.argv[2]), "late", "7", Decimal(7))
    os.kill(os.getpid(), signal.SIGKILL)  # the WAL stays, as after a crash
    """
)


def _kill_after_write(data_dir: Path, rid: int) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED_AFTER_WRITE, str(data_dir), str(rid)])
    assert proc.returncode == -signal.SIGKILL
    assert (data_dir / "siwu.db-wal").stat().st_size > 0


def test_full_disk_at_start_is_reported_as_full_not_as_damage(tmpfs: Path) -> None:
    data = tmpfs / "data"
    rid = _filled_data(data)  # closed: opening must write a WAL index (SQLite: disk I/O error)
    before = _digest(data / "siwu.db")
    filler = fill(tmpfs)
    with pytest.raises(DiskFullError) as caught:
        open_storage(data).close()
    message = str(caught.value)
    assert "磁盘空间不足" in message and "没有损坏" in message, message
    assert "损坏或不完整" not in message
    assert _digest(data / "siwu.db") == before
    assert not (data / "damaged").exists()
    filler.unlink()
    assert _values(data, rid) == {f"f{i}": str(i) for i in range(25)}


def test_read_only_file_system_is_reported_as_read_only(tmpfs: Path) -> None:
    data = tmpfs / "data"
    rid = _filled_data(data)
    _kill_after_write(data, rid)
    with read_only(tmpfs), pytest.raises(ReadOnlyError, match="只读或没有写入权限"):
        open_storage(data).close()
    assert _values(data, rid)["late"] == "7"


def _damage(db: Path) -> None:
    """Cut the file in half, as a crash of the disk would."""
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def test_restore_on_a_full_disk_leaves_the_old_file_where_it_was(tmpfs: Path) -> None:
    data = tmpfs / "data"
    rid = _filled_data(data)
    _damage(data / "siwu.db")
    with pytest.raises(CorruptDatabaseError) as caught:
        open_storage(data)
    backup = caught.value.candidates[0].path
    before = _digest(data / "siwu.db")
    filler = fill(tmpfs)
    with pytest.raises(StorageError) as failed:
        restore_backup(data, backup)
    assert "磁盘空间不足" in str(failed.value)
    # Nothing moved: the old file is in place and whole, no half copy is left.
    assert _digest(data / "siwu.db") == before
    assert sorted(p.name for p in data.iterdir()) == ["backups", "siwu.db", "siwu.lock"]
    filler.unlink()
    kept = restore_backup(data, backup)
    assert _digest(kept / "siwu.db") == before  # the damaged file kept, not lost
    assert _values(data, rid) == {f"f{i}": str(i) for i in range(25)}


def test_no_database_but_backups_is_never_silently_a_new_empty_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rid = _filled_data(data)
    (data / "siwu.db").unlink()
    with pytest.raises(MissingDatabaseError) as caught:
        open_storage(data)
    assert "siwu restore" in str(caught.value) and "1 份备份" in str(caught.value)
    assert not (data / "siwu.db").exists()
    with pytest.raises(MissingDatabaseError):
        open_storage(data, read_only=True)
    restore_backup(data, caught.value.candidates[0].path)
    assert _values(data, rid) == {f"f{i}": str(i) for i in range(25)}


def test_only_damaged_files_left_is_refused_too(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _filled_data(data)
    shutil.rmtree(data / "backups")
    kept = data / "damaged" / "20260101-080000-000000"
    kept.mkdir(parents=True)
    os.replace(data / "siwu.db", kept / "siwu.db")
    with pytest.raises(MissingDatabaseError, match="damaged 文件夹中保留的 1 组旧文件") as caught:
        open_storage(data)
    assert caught.value.candidates == []
    assert not (data / "siwu.db").exists()


CLI = [sys.executable, "-m", "siwu_desktop"]


def test_cli_exits_1_naming_siwu_restore_and_restore_brings_it_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rid = _filled_data(data)
    (data / "siwu.db").unlink()
    env = {**os.environ, "SIWU_DATA_DIR": str(data)}
    out = subprocess.run(
        [*CLI, "validate", "--county", "潞州区", "--year", "2025", "--form", "t1"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 1, out
    assert "siwu restore" in out.stdout + out.stderr and "Traceback" not in out.stderr
    assert not (data / "siwu.db").exists()
    restored = subprocess.run([*CLI, "restore"], capture_output=True, text=True, env=env)
    assert restored.returncode == 0, restored
    assert _values(data, rid) == {f"f{i}": str(i) for i in range(25)}


def test_data_backups_and_damaged_are_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _filled_data(data)
    _damage(data / "siwu.db")
    with pytest.raises(CorruptDatabaseError) as caught:
        open_storage(data)
    kept = restore_backup(data, caught.value.candidates[0].path)
    with open_storage(data) as s:
        s.backup("manual")

    def mode(p: Path) -> int:
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(data) == 0o700
    assert mode(data / "siwu.db") == 0o600
    assert mode(data / "backups") == 0o700 and mode(data / "damaged") == 0o700
    assert {mode(b) for b in (data / "backups").iterdir()} == {0o600}
    assert mode(kept) == 0o700
    # And really: another local user cannot read the database.
    child = "import sys, os; os.setgid(65534); os.setuid(65534); open(sys.argv[1], 'rb')"
    proc = subprocess.run(
        [sys.executable, "-c", child, str(data / "siwu.db")], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "PermissionError" in proc.stderr


def test_damaged_folder_keeps_only_the_newest_few(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _filled_data(data)
    backup = list_backups(DataPaths(data))[0].path
    kept = [restore_backup(data, backup) for _ in range(KEEP_DAMAGED + 2)]
    left = sorted((data / "damaged").iterdir())
    assert left == sorted(kept[-KEEP_DAMAGED:])  # the two oldest are gone


CHECKPOINTED_THEN_KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from decimal import Decimal
    from siwu_desktop.storage import open_storage
    s = open_storage(sys.argv[1])
    rid = int(sys.argv[2])
    for i in range(70):
        s.returns.set_value(rid, f"e{i}", str(i), Decimal(i))
    print(s.checkpoint(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_checkpointed_work_survives_a_lost_wal(tmp_path: Path) -> None:
    """Storage.checkpoint (after each import, when the window goes idle): a killed process
    whose WAL is then deleted loses nothing that was checkpointed."""
    data = tmp_path / "data"
    rid = _filled_data(data, values=1)
    proc = subprocess.run(
        [sys.executable, "-c", CHECKPOINTED_THEN_KILLED, str(data), str(rid)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == -signal.SIGKILL and proc.stdout.strip() == "True", proc
    (data / "siwu.db-wal").unlink(missing_ok=True)
    (data / "siwu.db-shm").unlink(missing_ok=True)
    values = _values(data, rid)
    assert [values[f"e{i}"] for i in range(70)] == [str(i) for i in range(70)]
