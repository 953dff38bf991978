"""Local storage: one SQLite file per data directory, autosaved edit by edit, never losing a figure.

Entry points: `open_storage()` for the app and CLI, `restore_backup()` after a
CorruptDatabaseError, and the repositories on the returned `Storage`.
"""

from siwu_desktop.storage.errors import (
    BackupCandidate,
    CorruptDatabaseError,
    DataInUseError,
    DiskFullError,
    LifecycleError,
    LockedRevisionError,
    MissingDatabaseError,
    NewerSchemaError,
    NotFoundError,
    NotSiwuDatabaseError,
    ProfileError,
    ReadOnlyError,
    RestoreNeededError,
    StorageError,
    WriteFailedError,
)
from siwu_desktop.storage.outputs import OutputRecord
from siwu_desktop.storage.packs import TargetPack
from siwu_desktop.storage.paths import DataPaths, default_data_dir, resolve_data_dir
from siwu_desktop.storage.profile import Profile
from siwu_desktop.storage.returns import (
    LedgerRow,
    ReturnInfo,
    ReturnKey,
    RevisionInfo,
    Snapshot,
    StoredValue,
    TaskProgress,
)
from siwu_desktop.storage.store import Storage, find_backups, open_storage, restore_backup

__all__ = [
    "BackupCandidate",
    "CorruptDatabaseError",
    "DataInUseError",
    "DataPaths",
    "DiskFullError",
    "LedgerRow",
    "LifecycleError",
    "LockedRevisionError",
    "MissingDatabaseError",
    "NewerSchemaError",
    "NotFoundError",
    "NotSiwuDatabaseError",
    "OutputRecord",
    "Profile",
    "ProfileError",
    "ReadOnlyError",
    "RestoreNeededError",
    "ReturnInfo",
    "ReturnKey",
    "RevisionInfo",
    "Snapshot",
    "Storage",
    "StorageError",
    "StoredValue",
    "TargetPack",
    "TaskProgress",
    "WriteFailedError",
    "default_data_dir",
    "find_backups",
    "open_storage",
    "resolve_data_dir",
    "restore_backup",
]
