"""Rotating backups, restore from the newest good one, and quarantine of damaged files.

A backup is made with SQLite's online backup API (a consistent copy even while
the file is open), written under a temporary name, fsynced and then renamed, so
a crash mid-backup never leaves a half file that looks like a backup.
Damaged files are moved aside, never deleted.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sqlite3
from pathlib import Path

from siwu_desktop.storage import messages, schema
from siwu_desktop.storage.database import applied_migrations, check_file, connect
from siwu_desktop.storage.errors import BackupCandidate, StorageError
from siwu_desktop.storage.paths import DataPaths

#: How many backups of each kind are kept (oldest removed first).
KEEP = {"daily": 14, "migration": 5, "import": 10, "manual": 10, "restore": 5}
#: How many folders of damaged files are kept.
KEEP_DAMAGED = 5
_NAME = re.compile(r"^siwu-(\d{8}-\d{6}-\d{6})-([a-z]+)\.db$")
_STAMP = "%Y%m%d-%H%M%S-%f"


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _created(stamp: str) -> datetime.datetime | None:
    """The time in a backup's name (YYYYMMDD-HHMMSS-ffffff); None for an impossible one,
    e.g. a file renamed by hand (it is then not offered as a backup)."""
    try:
        return datetime.datetime(
            int(stamp[0:4]),
            int(stamp[4:6]),
            int(stamp[6:8]),
            int(stamp[9:11]),
            int(stamp[11:13]),
            int(stamp[13:15]),
            int(stamp[16:22]),
        )
    except ValueError:
        return None


def list_backups(paths: DataPaths, reason: str | None = None) -> list[BackupCandidate]:
    """Backups newest first (by the time in their name)."""
    if not paths.backups.is_dir():
        return []
    found = []
    for entry in paths.backups.iterdir():
        match = _NAME.match(entry.name)
        created = _created(match.group(1)) if match else None
        if match and created is not None and (reason is None or match.group(2) == reason):
            found.append(BackupCandidate(entry, created.isoformat(sep=" "), match.group(2)))
    return sorted(found, key=lambda c: c.path.name[5:27], reverse=True)


def create_backup(conn: sqlite3.Connection, paths: DataPaths, reason: str) -> Path:
    """Copy the open database to backups/siwu-<time>-<reason>.db and rotate that kind."""
    if reason not in KEEP:
        raise ValueError(reason)
    paths.backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths.backups.chmod(0o700)
    stamp = datetime.datetime.now().strftime(_STAMP)
    final = paths.backups / f"siwu-{stamp}-{reason}.db"
    part = final.with_name(final.name + ".part")
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # owner-only
    try:
        target = sqlite3.connect(str(part))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        _fsync_file(part)
    except (OSError, sqlite3.Error):
        part.unlink(missing_ok=True)  # a full disk must not leave half a backup behind
        raise
    os.replace(part, final)
    _fsync_dir(paths.backups)
    rotate(paths, reason)
    return final


def rotate(paths: DataPaths, reason: str) -> None:
    for old in list_backups(paths, reason)[KEEP[reason] :]:
        old.path.unlink(missing_ok=True)
    for stale in paths.backups.glob("*.part"):  # left by a crash mid-backup
        stale.unlink(missing_ok=True)


def has_backup_today(paths: DataPaths, reason: str = "daily") -> bool:
    today = datetime.date.today().isoformat()
    return any(c.created.startswith(today) for c in list_backups(paths, reason))


def newest_good_backup(paths: DataPaths) -> BackupCandidate | None:
    """The newest backup that passes the full start-up checks."""
    for candidate in list_backups(paths):
        if not check_file(candidate.path):
            return candidate
    return None


def newest_backup_this_version_opens(paths: DataPaths) -> BackupCandidate | None:
    """The newest sound backup with no schema step this version does not know: the way back
    when a newer version was tried and removed again."""
    for candidate in list_backups(paths):
        if check_file(candidate.path):
            continue
        db = connect(candidate.path, read_only=True)
        try:
            applied = applied_migrations(db)
        finally:
            db.close()
        if all(name in schema.MIGRATION_NAMES for name in applied):
            return candidate
    return None


def quarantine(paths: DataPaths) -> Path:
    """Keep the database and its WAL/SHM files in damaged/<time>/; returns that folder.

    The database itself is hard-linked there, so `siwu.db` stays in place until the
    caller replaces it (atomically); its WAL and SHM are moved, since they must not be
    applied to the file that replaces it. Where links are not possible (FAT), the file
    is moved. Only the newest KEEP_DAMAGED folders are kept.
    """
    folder = paths.damaged / datetime.datetime.now().strftime(_STAMP)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths.damaged.chmod(0o700)
    db, *logs = paths.sidecars()
    if db.exists():
        try:
            os.link(db, folder / db.name)
        except OSError:
            os.replace(db, folder / db.name)
    for file in logs:
        if file.exists():
            os.replace(file, folder / file.name)
    _fsync_dir(folder)
    _fsync_dir(paths.root)
    rotate_damaged(paths)
    return folder


def damaged_folders(paths: DataPaths) -> list[Path]:
    """The folders of kept damaged files that hold anything, newest first."""
    if not paths.damaged.is_dir():
        return []
    found = [f for f in paths.damaged.iterdir() if f.is_dir() and _created(f.name) is not None]
    return sorted((f for f in found if any(f.iterdir())), key=lambda f: f.name, reverse=True)


def rotate_damaged(paths: DataPaths) -> None:
    """damaged/ holds the newest KEEP_DAMAGED folders (by the time in their name)."""
    for old in damaged_folders(paths)[KEEP_DAMAGED:]:
        shutil.rmtree(old, ignore_errors=True)


def restore_file(paths: DataPaths, backup: Path) -> Path:
    """Put `backup` in place of the database; the old file is kept in damaged/.

    Order: the backup is copied in beside the old file (and synced) first; only then is
    the old one kept aside and replaced by the copy in one rename. At every moment a
    whole database exists, and a failure (a full disk) leaves the old file as it was.
    """
    if check_file(backup):
        raise StorageError(messages.backup_not_good(backup))
    part = paths.database.with_name(paths.database.name + ".restore")
    try:
        copy_private(backup, part)
        _fsync_file(part)
        kept = quarantine(paths)
    except OSError:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, paths.database)
    _fsync_dir(paths.root)
    return kept


def copy_private(source: Path, target: Path) -> None:
    """A copy of `source` readable by its owner only."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out)
    os.chmod(target, 0o600)
