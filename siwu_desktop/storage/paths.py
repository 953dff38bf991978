"""Where the data lives: one folder holding the database, its lock and its backups.

The default is the per-user data directory (platformdirs); `--data-dir` or the
environment variable SIWU_DATA_DIR override it, so a test, a USB stick or a
shared office folder can hold the data instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from msgspec import Struct

APP_NAME = "siwu_desktop"
ENV_VAR = "SIWU_DATA_DIR"
DATABASE_NAME = "siwu.db"


def default_data_dir() -> Path:
    import platformdirs  # only without --data-dir or SIWU_DATA_DIR

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: an explicit override, else SIWU_DATA_DIR, else the per-user one."""
    if override:
        return Path(override).expanduser().absolute()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().absolute()
    return default_data_dir()


class DataPaths(Struct, frozen=True):
    """The files inside one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def lock(self) -> Path:
        return self.root / "siwu.lock"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def damaged(self) -> Path:
        return self.root / "damaged"

    def sidecars(self) -> list[Path]:
        """The database with the WAL and shared-memory files that belong to it."""
        db = self.database
        return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
