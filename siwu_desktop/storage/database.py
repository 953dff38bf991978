"""Opening the SQLite file: pragmas for durability, start-up checks, error translation.

WAL with synchronous=FULL: a commit that has returned survives a crash and a
power cut. Every check that can refuse a file runs before anything writes to it,
so a damaged or newer file is left exactly as it was found.

Opening, checking and reading use the plain `sqlite3` connection; writes and
migrations go through sqlite-utils (`Session.db`), which is imported on first
use: importing it costs about 0.1 s, which the window's start cannot afford.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from siwu_desktop.storage import messages, schema
from siwu_desktop.storage.errors import (
    DataInUseError,
    DiskFullError,
    LockedRevisionError,
    NewerSchemaError,
    NotSiwuDatabaseError,
    ReadOnlyError,
    StorageError,
    WriteFailedError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
#: Below this much free space SQLite cannot be relied on to open a file (WAL index, journal):
#: a failure then is the full disk's, not the file's.
FREE_SPACE_FLOOR = 2 * 1024 * 1024
#: SQLite errors that say something about the file itself; any other error while checking
#: (I/O, full, read-only, cannot open, busy) says something about where the file lies.
_DAMAGE_ERRORS = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT")
BUSY_TIMEOUT_MS = 2000
LOCKED_MARKER = "siwu: revision finalised"


class Executes(Protocol):
    """What reading needs: a `sqlite3.Connection`, or sqlite-utils' `Database` inside a write."""

    def execute(self, sql: str, parameters: Any = ..., /) -> sqlite3.Cursor: ...


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with our pragmas; read_only opens with SQLite's mode=ro (no writes at all)."""
    if read_only:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(str(path))
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def enable_durability(db: Executes) -> None:
    """WAL and full fsync on commit; run only after the start-up checks passed."""
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # e.g. a file system without shared memory
        db.execute("PRAGMA journal_mode = TRUNCATE")
    db.execute("PRAGMA synchronous = FULL")


def header_problems(path: Path) -> list[str]:
    """Cheap checks of the file itself, before SQLite sees it (truncation, overwriting)."""
    size = path.stat().st_size
    if size == 0:
        return ["文件为空（0 字节）"]
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return ["文件头不是 SQLite 数据库（可能被覆盖或截断）"]
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    wal = path.with_name(path.name + "-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    if wal_empty and page_count and change_counter == valid_for and size < page_count * page_size:
        return [f"文件被截断（应有 {page_count * page_size} 字节，实有 {size} 字节）"]
    return []


def environment_problem(path: Path) -> StorageError | None:
    """A read-only file system or a (nearly) full disk where `path` lies, else None.

    Asked before an SQLite failure is called damage: on a full disk SQLite cannot even
    open a healthy file that has a write-ahead log (it must write the WAL index).
    """
    folder = path if path.is_dir() else path.parent
    try:
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return ReadOnlyError(messages.read_only(folder))
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    if free < FREE_SPACE_FLOOR:
        return DiskFullError(messages.disk_full_at_open(folder, free))
    return None


def _damage_or_raise(exc: sqlite3.Error, path: Path) -> list[str]:
    """The problem an SQLite error shows in the file, or raise what it says about the disk."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(_DAMAGE_ERRORS) or "malformed" in str(exc):
        return [f"SQLite 报告：{exc}"]
    found = environment_problem(path)
    if found is not None:
        raise found from exc
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        raise ReadOnlyError(messages.read_only(path.parent)) from exc
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        raise DataInUseError(messages.data_in_use(path.parent, "占用者信息不详")) from exc
    return [f"SQLite 报告：{exc}"]


def integrity_problems(db: Executes, *, quick: bool = False, path: Path | None = None) -> list[str]:
    """PRAGMA integrity_check (or quick_check); an empty list means the file is sound.

    With `path`, an error that is the disk's (full, read-only) is raised as that, not
    returned as a problem of the file."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = db.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        if path is not None:
            return _damage_or_raise(exc, path)
        return [f"SQLite 报告：{exc}"]
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else [f"完整性检查：{p}" for p in found[:10]]


def check_file(path: Path, *, quick: bool = False) -> list[str]:
    """All start-up checks on a file that exists, opened read-only (it is never modified).

    Raises DiskFullError / ReadOnlyError (never a problem of the file) when the check
    failed because of where the file lies."""
    try:
        problems = header_problems(path)
    except OSError as exc:
        mapped = translate(exc, path)
        raise (mapped or WriteFailedError(messages.write_failed(path, str(exc)))) from exc
    if problems:
        return problems
    try:
        db = connect(path, read_only=True)
    except sqlite3.DatabaseError as exc:
        return _damage_or_raise(exc, path)
    try:
        return integrity_problems(db, quick=quick, path=path)
    finally:
        db.close()


def applied_migrations(db: Executes) -> list[str]:
    """Names of our schema steps recorded in the file (none in a new or foreign file)."""
    has_table = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if has_table is None:
        return []
    rows = db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATION_SET]
    ).fetchall()
    return [str(r[0]) for r in rows]


def check_ours_and_version(db: Executes, path: Path) -> list[str]:
    """Refuse a foreign file or one from a newer version, before anything writes to it.

    Returns the schema steps the file has applied.
    """
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    tables = db.execute(
        "SELECT count(*) FROM sqlite_master"
        " WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_'"
    ).fetchone()[0]
    if app_id != schema.APPLICATION_ID and tables:
        raise NotSiwuDatabaseError(messages.not_ours(path))
    applied = applied_migrations(db)
    unknown = [name for name in applied if name not in schema.MIGRATION_NAMES]
    if unknown:
        raise NewerSchemaError(messages.newer_schema(path, unknown))
    return applied


def translate(exc: BaseException, path: Path) -> StorageError | None:
    """The storage error a low-level failure means to the user, or None if it is a bug."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc)
        if LOCKED_MARKER in text:
            return LockedRevisionError(messages.locked_revision())
        if name.startswith("SQLITE_FULL") or "disk is full" in text:
            return DiskFullError(messages.disk_full(path))
        if name.startswith("SQLITE_READONLY") or "readonly" in text:
            return ReadOnlyError(messages.read_only(path.parent))
        if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
            found = environment_problem(path)
            if found is not None:
                return found
            return WriteFailedError(
                messages.write_failed(path, "磁盘已满、超出文件大小限制或磁盘故障")
            )
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
            return DataInUseError(messages.data_in_use(path.parent, "占用者信息不详"))
        if name.startswith("SQLITE_CANTOPEN"):
            return ReadOnlyError(messages.read_only(path.parent))
        return None
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
            return DiskFullError(messages.disk_full(path))
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return ReadOnlyError(messages.read_only(path.parent))
        return WriteFailedError(messages.write_failed(path, exc.strerror or str(exc)))
    return None


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raise low-level failures as storage errors with Chinese messages."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        mapped = translate(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
