"""The errors the storage layer raises: each carries a complete Chinese message.

Callers (CLI, UI) show `str(error)` to the user as it is; they never need to
look at a `sqlite3` error, a path or an errno themselves.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct


class StorageError(Exception):
    """Anything the storage layer refuses or cannot do; the message is for the user."""


class DataInUseError(StorageError):
    """Another running instance holds the data directory."""


class ReadOnlyError(StorageError):
    """The data directory or database cannot be written."""


class DiskFullError(StorageError):
    """A write failed for lack of space (or a file-size limit); nothing was changed."""


class WriteFailedError(StorageError):
    """A write failed for another I/O reason; the transaction was rolled back."""


class NewerSchemaError(StorageError):
    """The database was written by a newer version of the program; it is left untouched."""


class NotSiwuDatabaseError(StorageError):
    """The file is an SQLite database, but not one of ours."""


class LockedRevisionError(StorageError):
    """An edit to a finalised (定稿) revision."""


class LifecycleError(StorageError):
    """A step of the return's life taken out of order (finalise a draft, correct a draft…)."""


class NotFoundError(StorageError):
    """A return, revision or row that does not exist."""


class ProfileError(StorageError):
    """The local profile is missing or cannot be changed that way."""


class BackupCandidate(Struct, frozen=True):
    """A backup offered for restoring, newest first."""

    path: Path
    created: str
    reason: str


class RestoreNeededError(StorageError):
    """The database cannot be used as found; restore from a backup is offered, nothing deleted."""

    def __init__(
        self, message: str, path: Path, problems: list[str], candidates: list[BackupCandidate]
    ) -> None:
        super().__init__(message)
        self.path = path
        self.problems = problems
        self.candidates = candidates


class CorruptDatabaseError(RestoreNeededError):
    """The database file failed its start-up checks."""


class MissingDatabaseError(RestoreNeededError):
    """No database file, but backups or kept damaged files: a new empty one is not made
    silently (the person may have lost the file, and an empty database would hide it)."""
