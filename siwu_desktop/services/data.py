"""The data directory as the window sees it: opening it, restoring it, and the stored
records it shows. The window never imports `siwu_desktop.storage` (an import-linter
contract); what it needs of it comes from here, so every change of state still goes
through a service method.
"""

from __future__ import annotations

from siwu_desktop.storage import (
    BackupCandidate,
    CorruptDatabaseError,
    DataInUseError,
    Profile,
    RestoreNeededError,
    ReturnInfo,
    Storage,
    StorageError,
    open_storage,
    restore_backup,
)

__all__ = [
    "BackupCandidate",
    "CorruptDatabaseError",
    "DataInUseError",
    "Profile",
    "RestoreNeededError",
    "ReturnInfo",
    "Storage",
    "StorageError",
    "open_storage",
    "restore_backup",
]
