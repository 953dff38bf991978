"""Opening the data directory: lock, start-up checks, backup, migrations, repositories.

The order matters: nothing writes to the database file until it has been
checked (integrity, ours, not from a newer version), and nothing is migrated
before a dated copy of it exists.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

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
    MissingDatabaseError,
    NewerSchemaError,
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

if TYPE_CHECKING:
    from siwu_desktop.storage.keys import KeysRepository
    from siwu_desktop.storage.receipts import ReceiptsRepository, RefusalsRepository
    from siwu_desktop.storage.statistics import StatisticsRepository


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

    # The other repositories are made, and their modules imported, on first use: opening
    # the window needs none of them (keys would bring in signing's hashing, issue #13).

    @cached_property
    def keys(self) -> KeysRepository:
        from siwu_desktop.storage.keys import KeysRepository

        return KeysRepository(self.session)

    @cached_property
    def receipts(self) -> ReceiptsRepository:
        from siwu_desktop.storage.receipts import ReceiptsRepository

        return ReceiptsRepository(self.session)

    @cached_property
    def refusals(self) -> RefusalsRepository:
        from siwu_desktop.storage.receipts import RefusalsRepository

        return RefusalsRepository(self.session)

    @cached_property
    def statistics(self) -> StatisticsRepository:
        from siwu_desktop.storage.statistics import StatisticsRepository

        return StatisticsRepository(self.session)

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

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction, one commit (one sync to disk), for many writes: each write
        inside is a savepoint of it, so a write that fails is undone alone and the others
        stay. Used by the city import for a batch of files (issue #16); work of a batch
        not yet committed when the program dies is lost whole, never half."""
        with self.session.write():
            yield

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the database file and empty it.

        Committed work is safe in the WAL, but only while the WAL file exists beside the
        database (a copied or half-deleted folder loses it): called after each import and
        when the window goes idle, so at most seconds of work ever sit there. Returns
        False when it could not be done now (a full disk); the WAL then still holds it all.
        """
        if self.read_only:
            return False
        try:
            with translated(self.paths.database):
                row = self.session.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except StorageError:
            return False
        return row is None or row[0] == 0  # busy=1 when a reader held it back

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
        _refuse_if_lost(paths)
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


def _refuse_if_lost(paths: DataPaths) -> None:
    """No database, but backups or kept damaged files: the database was lost (deleted,
    or moved away by a restore that did not finish); an empty one would hide that."""
    found = backups.list_backups(paths)
    damaged = backups.damaged_folders(paths)
    if not found and not damaged:
        return
    good = backups.newest_good_backup(paths)
    candidates = [c for c in found if good and c.path == good.path]
    newest = f"{good.path.name}，{good.created}" if good else None
    raise MissingDatabaseError(
        messages.database_missing(paths.database, len(found), len(damaged), newest),
        paths.database,
        [],
        candidates,
    )


def _owner_only(paths: DataPaths) -> None:
    """The data folder and the database files readable by their owner only (POSIX).

    Returns (what the county enters is not for every local user to read); a folder
    owned by someone else (a shared office folder) is left as it is."""
    if os.name != "posix":
        return
    try:
        if paths.root.stat().st_uid == os.getuid():
            paths.root.chmod(0o700)
        for file in paths.sidecars():
            if file.exists():
                file.chmod(0o600)
    except OSError:  # permissions are a courtesy here; never a reason not to open
        pass


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
        with translated(paths.database):
            return _open_read_only(paths)
    try:
        paths.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ReadOnlyError(messages.read_only(paths.root)) from exc
    if not os.access(paths.root, os.W_OK):
        raise ReadOnlyError(messages.read_only(paths.root))
    lock = WriterLock(paths.lock)
    lock.acquire()
    try:
        with translated(paths.database):  # e.g. a backups folder this user cannot read
            session = _open_writable(paths, daily_backup=daily_backup)
    except BaseException:
        lock.release()
        raise
    return Storage(paths, session, lock)


def _ours_and_known(conn: sqlite3.Connection, paths: DataPaths) -> list[str]:
    """check_ours_and_version, a newer file's refusal naming a backup this version opens."""
    try:
        return check_ours_and_version(conn, paths.database)
    except NewerSchemaError as exc:
        older = backups.newest_backup_this_version_opens(paths)
        if older is None:
            raise
        raise NewerSchemaError(str(exc) + messages.older_backup(older)) from None


def _open_writable(paths: DataPaths, *, daily_backup: bool) -> Session:
    # The first start of a day checks fully (its backup must come from a sound
    # file); later starts that day run quick_check. Migrations get a full check too.
    first_today = not backups.has_backup_today(paths)
    existed = _refuse_if_damaged(paths, full=first_today)
    with translated(paths.database):
        if not existed and not paths.database.exists():  # SQLite would make it 0644
            os.close(os.open(paths.database, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = connect(paths.database)
        try:
            applied = _ours_and_known(conn, paths)
            enable_durability(conn)
            session = Session(conn, paths.database)
            # A new file, or one to bring up to date; a current one never loads migrations.
            if set(applied) != set(schema.MIGRATION_NAMES):
                _migrate(paths, session, existed=existed, first_today=first_today)
        except BaseException:
            conn.close()
            raise
    _owner_only(paths)
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
        _refuse_if_lost(paths)
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
    """Replace the damaged (or missing) database with `backup` (holding the writer lock).

    The old file and its WAL/SHM are kept in damaged/<time>/ (returned), not deleted;
    a restore that cannot finish (a full disk) leaves the old file in place.
    """
    paths = DataPaths(resolve_data_dir(data_dir))
    with WriterLock(paths.lock), translated(paths.database):
        return backups.restore_file(paths, backup)


def find_backups(data_dir: str | os.PathLike[str] | None = None) -> list[BackupCandidate]:
    return backups.list_backups(DataPaths(resolve_data_dir(data_dir)))
