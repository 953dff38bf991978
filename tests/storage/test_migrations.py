"""Schema migrations: backup first, atomic steps, and a newer database refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

import siwu_desktop.storage.migrations as program
from siwu_desktop.storage import (
    NewerSchemaError,
    NotSiwuDatabaseError,
    ReturnKey,
    find_backups,
    open_storage,
    schema,
)
from siwu_desktop.storage.migrations import known_names
from tests.older_schema import with_extra_step

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


Step = Callable[[Database], None]
EXTRA = "m9999_test_step"


@pytest.fixture
def later_release(monkeypatch: pytest.MonkeyPatch) -> Callable[[Step], None]:
    """A release that adds step m9999_test_step: call it with the step, and the program
    opens databases with today's steps and that one (the set is swapped, not edited)."""
    monkeypatch.setattr(schema, "MIGRATION_NAMES", (*schema.MIGRATION_NAMES, EXTRA))

    def install(step: Step) -> None:
        monkeypatch.setattr(program, "migrations", with_extra_step(EXTRA, step))

    return install


def test_schema_names_are_the_registered_steps() -> None:
    # opening a file skips the migration machinery when its steps are exactly these
    assert list(schema.MIGRATION_NAMES) == known_names()


def test_current_database_opens_and_reads_without_sqlite_utils(data_dir: Path) -> None:
    """The window's start path (open, list, load) must not pay for importing sqlite-utils."""
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
    code = (
        "import sys\n"
        "from siwu_desktop.storage import open_storage\n"
        f"s = open_storage({str(data_dir)!r}, daily_backup=False)\n"
        "info = s.returns.list_returns()[0]\n"
        "s.returns.values(info.id)\n"
        "assert 'sqlite_utils' not in sys.modules, 'imported while opening'\n"
        "s.session.prepare_writes()\n"
        "assert 'sqlite_utils' in sys.modules\n"
        "s.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_new_database_has_schema_and_application_id(data_dir: Path) -> None:
    with open_storage(data_dir) as s:
        db = s.session.db
        assert {"profile", "returns", "revisions", "field_values", "audit"} <= set(db.table_names())
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert find_backups(data_dir) == []  # nothing to protect yet


def test_backup_before_migration(data_dir: Path, later_release: Callable[[Step], None]) -> None:
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
    before = _digest(data_dir / "siwu.db")
    calls: list[str] = []

    def step(db: Database) -> None:
        calls.append("ran")
        db.execute("ALTER TABLE profile ADD COLUMN extra TEXT")

    later_release(step)
    with open_storage(data_dir, daily_backup=False) as s:
        assert "extra" in s.session.db["profile"].columns_dict
    assert calls == ["ran"]
    taken = [b for b in find_backups(data_dir) if b.reason == "migration"]
    assert len(taken) == 1  # (beside the first day's backup taken at the first close)
    old = sqlite3.connect(taken[0].path)
    assert old.execute("SELECT count(*) FROM returns").fetchone() == (1,)
    assert "extra" not in [r[1] for r in old.execute("PRAGMA table_info(profile)")]
    old.close()
    assert before != _digest(data_dir / "siwu.db")


def test_failed_migration_rolls_back(data_dir: Path, later_release: Callable[[Step], None]) -> None:
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))

    def broken(db: Database) -> None:
        db.execute("ALTER TABLE profile ADD COLUMN extra TEXT")
        raise RuntimeError("step failed half way")

    later_release(broken)
    with pytest.raises(RuntimeError):
        open_storage(data_dir, daily_backup=False)
    db = sqlite3.connect(data_dir / "siwu.db")
    assert "extra" not in [r[1] for r in db.execute("PRAGMA table_info(profile)")]
    # every released step stays recorded; the failed one is not
    released = len(known_names()) - 1
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone() == (released,)
    db.close()
    # the first day's backup (taken at close) and the copy made before the failed migration
    assert sorted(b.reason for b in find_backups(data_dir)) == ["daily", "migration"]


def test_newer_database_is_refused_and_not_modified(data_dir: Path) -> None:
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
        s.session.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('siwu_desktop', 'm0042_from_the_future', 'x')"
        )
        s.session.db.conn.commit()
    before = _digest(data_dir / "siwu.db")
    backups_before = find_backups(data_dir)  # the first day's backup, taken at close
    with pytest.raises(NewerSchemaError, match="更新版本") as err:
        open_storage(data_dir)
    assert "m0042_from_the_future" in str(err.value)
    assert _digest(data_dir / "siwu.db") == before
    assert find_backups(data_dir) == backups_before  # the refused open made no copy
    # and the writer lock was released: the refusal is repeatable, not "in use"
    with pytest.raises(NewerSchemaError):
        open_storage(data_dir)


def test_foreign_sqlite_file_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    other = sqlite3.connect(data_dir / "siwu.db")
    other.execute("CREATE TABLE photos (id INTEGER)")
    other.commit()
    other.close()
    before = _digest(data_dir / "siwu.db")
    with pytest.raises(NotSiwuDatabaseError, match="不是本程序的数据库"):
        open_storage(data_dir)
    assert _digest(data_dir / "siwu.db") == before


def _from_the_future(db_file: Path) -> None:
    db = sqlite3.connect(db_file)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('siwu_desktop', 'm0042_from_the_future', 'x')"
    )
    db.commit()
    db.close()


def test_newer_database_names_the_backup_this_version_opens(data_dir: Path) -> None:
    """A newer version was tried and removed: its file is refused, and the refusal names the
    backup taken before (this version's schema) and how to go back to it, keeping the file.
    Checked to fail without store._ours_and_known: the message ended at 请安装新版本后再使用。"""
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
    (ours,) = find_backups(data_dir)  # the first day's backup, taken at close
    _from_the_future(data_dir / "siwu.db")
    before = _digest(data_dir / "siwu.db")
    with pytest.raises(NewerSchemaError) as err:
        open_storage(data_dir)
    message = str(err.value)
    assert "m0042_from_the_future" in message and "请安装新版本" in message
    assert f"siwu restore --backup “{ours.path}”" in message, message
    assert "没有此后录入的内容" in message and "不会删除" in message
    assert _digest(data_dir / "siwu.db") == before


def test_a_backup_of_the_newer_version_is_not_offered(data_dir: Path) -> None:
    with open_storage(data_dir) as s:
        s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
    (backup,) = find_backups(data_dir)
    _from_the_future(backup.path)  # taken by the newer version: this one cannot open it either
    _from_the_future(data_dir / "siwu.db")
    with pytest.raises(NewerSchemaError) as err:
        open_storage(data_dir)
    assert "siwu restore" not in str(err.value)
