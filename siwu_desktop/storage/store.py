"""Opening the data directory: lock, start-up checks, backup, migrations, repositories.

The order matters: nothing writes to the database file until it has been
checked (integrity, ours, not from a newer version), and nothing is migrated
before a dated copy of it exists.
"""

from __future__ import annotations

import os
from pathlib import Path

from siwu_desktop.storage import backups, messages, schema
from siwu_desktop.storage.database import (
    check_file,
    check_ours_and_version,
    connect,
    enable_durability,
    translated,
)
from siwu_desktop.storage.errors import (
    BackupCandidate,
    CorruptDatabaseError,
    NotFoundError,
    ReadOnlyError,
    StorageError,
)
from siwu_desktop.storage.lock import WriterLock
from siwu_desktop.storage.outputs import OutputsRepository
from siwu_desktop.storage.packs import TargetPackRepository
from siwu_desktop.storage.paths import DataPaths, resolve_data_dir
from siwu_desktop.storage.profile import ProfileRepository
from siwu_desktop.storage.returns import ReturnsRepository
from siwu_desktop.storage.session import Session


class Storage:
    """The open data directory. Use as a context manager, or call close()."""

    def __init__(self, paths: DataPaths, session: Session, lock: WriterLock | None) -> None:
        self.paths = paths
        self.session = session
        self._lock = lock
        self.profile = ProfileRepository(session)
        self.returns = ReturnsRepository(session)
        self.packs = TargetPackRepository(session)
        self.outputs = OutputsRepository(session)
        profile = self.profile.get()
        session.preparer = profile.preparer if profile else ""

    @property
    def warnings(self) -> list[str]:
        """Problems worth showing that did not stop the start (a daily backup that failed)."""
        return self.session.warnings

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def backup(self, reason: str = "manual") -> Path:
        """A dated copy now ("import" before every import, "manual" on request)."""
        with translated(self.paths.database):
            return backups.create_backup(self.session.conn, self.paths, reason)

    def close(self) -> None:
        """Close, taking the day's backup first if the day has none yet and there are
        returns (a database filled on its first day would otherwise have no backup
        until the next start)."""
        try:
            if (
                not self.read_only
                and not backups.has_backup_today(self.paths)
                and self.session.conn.execute("SELECT count(*) FROM returns").fetchone()[0] > 0
            ):
                try:
                    self.backup("daily")
                except StorageError as exc:  # closing must not fail for a missed backup
                    self.session.warnings.append(messages.daily_backup_failed(str(exc)))
            self.session.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _refuse_if_damaged(paths: DataPaths, *, full: bool = True) -> bool:
    """Check an existing file; returns whether there is one worth keeping.

    `full`: PRAGMA integrity_check; otherwise quick_check (page and b-tree
    structure, but not whether indexes match their tables), which is about three
    times faster on a large file and keeps later starts of the day quick.
    """
    db_file = paths.database
    if not db_file.exists():
        return False
    if db_file.stat().st_size == 0 and not backups.list_backups(paths):
        return False  # a first start that died before its first commit
    problems = check_file(db_file, quick=not full)
    if problems:
        good = backups.newest_good_backup(paths)
        candidates = [c for c in backups.list_backups(paths) if good and c.path == good.path]
        newest = f"{good.path.name}，{good.created}" if good else None
        raise CorruptDatabaseError(
            messages.corrupt(db_file, problems, newest), db_file, problems, candidates
        )
    return True


def open_storage(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    daily_backup: bool = True,
) -> Storage:
    """Open (creating if needed) the data directory for writing, as its only writer.

    Raises DataInUseError, ReadOnlyError, CorruptDatabaseError (with restore
    candidates), NewerSchemaError or NotSiwuDatabaseError; each carries a
    Chinese message for the user, and none of them has modified the file.
    `read_only=True` opens an existing database with SQLite's mode=ro, without
    the writer lock, for viewing; every edit is then refused.
    """
    paths = DataPaths(resolve_data_dir(data_dir))
    if read_only:
        return _open_read_only(paths)
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReadOnlyError(messages.read_only(paths.root)) from exc
    if not os.access(paths.root, os.W_OK):
        raise ReadOnlyError(messages.read_only(paths.root))
    lock = WriterLock(paths.lock)
    lock.acquire()
    try:
        session = _open_writable(paths, daily_backup=daily_backup)
    except BaseException:
        lock.release()
        raise
    return Storage(paths, session, lock)


def _open_writable(paths: DataPaths, *, daily_backup: bool) -> Session:
    # The first start of a day checks fully (its backup must come from a sound
    # file); later starts that day run quick_check. Migrations get a full check too.
    first_today = not backups.has_backup_today(paths)
    existed = _refuse_if_damaged(paths, full=first_today)
    with translated(paths.database):
        conn = connect(paths.database)
        try:
            applied = check_ours_and_version(conn, paths.database)
            enable_durability(conn)
            session = Session(conn, paths.database)
            # A new file, or one to bring up to date; a current one never loads migrations.
            if set(applied) != set(schema.MIGRATION_NAMES):
                _migrate(paths, session, existed=existed, first_today=first_today)
        except BaseException:
            conn.close()
            raise
    if existed and first_today and daily_backup:
        try:
            with translated(paths.database):
                backups.create_backup(conn, paths, "daily")
        except StorageError as exc:  # the data is sound; a missed backup must not block work
            session.warnings.append(messages.daily_backup_failed(str(exc)))
    return session


def _migrate(paths: DataPaths, session: Session, *, existed: bool, first_today: bool) -> None:
    """Apply the schema steps the file lacks, after a full check and a dated copy of it."""
    from siwu_desktop.storage.migrations import migrations

    db = session.db
    if migrations.pending(db) and existed and migrations.applied(db):
        if not first_today:
            _refuse_if_damaged(paths, full=True)
        backups.create_backup(session.conn, paths, "migration")
    migrations.apply(db)


def _open_read_only(paths: DataPaths) -> Storage:
    if not paths.database.exists():
        raise NotFoundError(messages.profile_missing())
    _refuse_if_damaged(paths)
    with translated(paths.database):
        conn = connect(paths.database, read_only=True)
        try:
            check_ours_and_version(conn, paths.database)
        except BaseException:
            conn.close()
            raise
    return Storage(paths, Session(conn, paths.database, read_only=True), None)


def restore_backup(data_dir: str | os.PathLike[str] | None, backup: Path) -> Path:
    """Replace the damaged database with `backup` (holding the writer lock).

    The damaged file and its WAL/SHM are moved to damaged/<time>/ (returned), not deleted.
    """
    paths = DataPaths(resolve_data_dir(data_dir))
    with WriterLock(paths.lock), translated(paths.database):
        return backups.restore_file(paths, backup)


def find_backups(data_dir: str | os.PathLike[str] | None = None) -> list[BackupCandidate]:
    return backups.list_backups(DataPaths(resolve_data_dir(data_dir)))
