"""Rotating backups, start-up integrity check, guided restore, damaged file kept aside."""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.storage import (
    CorruptDatabaseError,
    ReturnKey,
    StorageError,
    find_backups,
    open_storage,
    restore_backup,
)
from siwu_desktop.storage import backups as backups_mod
from siwu_desktop.storage.paths import DataPaths


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled(data_dir: Path, n: int = 400) -> int:
    """A database with a return of n values, closed, plus today's daily backup."""
    with open_storage(data_dir) as s:
        rid = s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025)).id
        s.returns.set_values(rid, {f"f{i}": (f"{i}.5", Decimal(f"{i}.5")) for i in range(n)})
    with open_storage(data_dir):  # second start: the file existed, so a daily backup is taken
        pass
    return rid


def test_daily_backup_once_a_day(data_dir: Path) -> None:
    _filled(data_dir)
    with open_storage(data_dir):
        pass
    assert [b.reason for b in find_backups(data_dir)] == ["daily"]


def test_rotation_keeps_a_bounded_number(data_dir: Path) -> None:
    with open_storage(data_dir) as s:
        for _ in range(backups_mod.KEEP["import"] + 3):
            s.backup("import")
        s.backup("manual")
    kinds = [b.reason for b in find_backups(data_dir)]
    assert kinds.count("import") == backups_mod.KEEP["import"]
    assert kinds.count("manual") == 1


def test_backup_is_a_complete_consistent_copy(data_dir: Path) -> None:
    _filled(data_dir)
    (backup,) = find_backups(data_dir)
    db = sqlite3.connect(backup.path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM field_values").fetchone() == (400,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # no -wal needed
    db.close()


@pytest.mark.parametrize(
    "damage",
    ["truncate_half", "truncate_to_header", "zero_pages", "overwrite_header", "empty"],
)
def test_damaged_file_detected_restore_offered_and_file_kept(data_dir: Path, damage: str) -> None:
    """Checked to fail without its mechanism: with check_file() returning [] every case
    fails (the damaged file is opened as if sound); with only header_problems() removed,
    integrity_check/quick_check still catch the truncations and zeroed pages, but the
    0-byte file fails: SQLite takes an empty file for a new, empty database."""
    rid = _filled(data_dir)
    db_file = data_dir / "siwu.db"
    data = bytearray(db_file.read_bytes())
    if damage == "truncate_half":
        data = data[: len(data) // 2]
    elif damage == "truncate_to_header":
        data = data[:4096]
    elif damage == "zero_pages":
        data[len(data) // 2 : len(data) // 2 + 8192] = bytes(8192)
    elif damage == "overwrite_header":
        data[:100] = b"PK\x03\x04" + bytes(96)  # someone saved a workbook over it
    else:
        data = bytearray()
    db_file.write_bytes(bytes(data))
    damaged = _digest(db_file)

    with pytest.raises(CorruptDatabaseError) as err:
        open_storage(data_dir)
    message = str(err.value)
    assert "已损坏或不完整" in message and "不会被删除" in message
    assert len(err.value.candidates) == 1 and err.value.candidates[0].reason == "daily"
    assert _digest(db_file) == damaged  # the refused start changed nothing

    kept = restore_backup(data_dir, err.value.candidates[0].path)
    assert _digest(kept / "siwu.db") == damaged  # the damaged file is kept aside, intact
    assert kept.parent == data_dir / "damaged"
    with open_storage(data_dir) as s:
        assert len(s.returns.values(rid)) == 400


def test_newest_good_backup_is_offered(data_dir: Path) -> None:
    _filled(data_dir)
    with open_storage(data_dir) as s:
        bad = s.backup("manual")
    bad.write_bytes(bad.read_bytes()[:5000])  # the newest backup is itself damaged
    (data_dir / "siwu.db").write_bytes(b"garbage" * 100)
    with pytest.raises(CorruptDatabaseError) as err:
        open_storage(data_dir)
    assert [c.reason for c in err.value.candidates] == ["daily"]
    with pytest.raises(StorageError, match="本身也不完整"):
        restore_backup(data_dir, bad)
    assert (data_dir / "siwu.db").read_bytes() == b"garbage" * 100


def test_no_good_backup_says_so(data_dir: Path) -> None:
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
    for backup in find_backups(data_dir):  # the first day's backup, taken at close
        backup.path.write_bytes(b"\x00" * 8192)  # ... is damaged too
    (data_dir / "siwu.db").write_bytes(b"\x00" * 8192)
    with pytest.raises(CorruptDatabaseError, match="没有找到完好的备份") as err:
        open_storage(data_dir)
    assert err.value.candidates == []


def test_crash_leftover_part_file_is_not_a_backup(data_dir: Path) -> None:
    _filled(data_dir)
    paths = DataPaths(data_dir)
    (paths.backups / "siwu-20990101-000000-000000-daily.db.part").write_bytes(b"half")
    assert all(not b.path.name.endswith(".part") for b in find_backups(data_dir))
    with open_storage(data_dir) as s:
        s.backup("manual")
    assert not list(paths.backups.glob("*.part"))


def test_backup_with_an_impossible_time_in_its_name_is_not_offered(data_dir: Path) -> None:
    _filled(data_dir)
    paths = DataPaths(data_dir)
    (good,) = find_backups(data_dir)
    bad = paths.backups / "siwu-20251399-250000-000000-daily.db"  # renamed by hand
    bad.write_bytes(good.path.read_bytes())
    assert find_backups(data_dir) == [good]
    assert good.created.startswith(datetime.date.today().isoformat())  # the name, read back
    with open_storage(data_dir):  # the start is not disturbed by it
        pass
    assert bad.exists()  # not ours to delete


def test_first_day_work_is_backed_up_at_close(data_dir: Path) -> None:
    """A database created and filled on its first day gets that day's backup when closed."""
    with open_storage(data_dir) as s:
        rid = s.returns.get_or_create(ReturnKey("潞州区", "t1", 2025)).id
        s.returns.set_value(rid, "total_use", "8000", Decimal("8000"))
    found = find_backups(data_dir)
    assert len(found) == 1
    copy = sqlite3.connect(found[0].path)
    try:
        texts = [r[0] for r in copy.execute("SELECT text FROM field_values")]
    finally:
        copy.close()
    assert texts == ["8000"]
