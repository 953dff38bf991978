"""The open database shared by the repositories: one connection, one writer, one `who`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.storage import messages
from siwu_desktop.storage.audit import os_user
from siwu_desktop.storage.database import Executes, translated
from siwu_desktop.storage.errors import ReadOnlyError

if TYPE_CHECKING:
    from sqlite_utils import Database


class Session:
    """Every edit goes through `write()`: one transaction, committed when the block ends.

    There is no "save": when `write()` returns, the change is on disk (WAL,
    synchronous=FULL). When it raises, nothing of the block was kept.
    Reads use the plain connection; sqlite-utils, which every write goes
    through, is loaded on the first write or by `prepare_writes()`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.preparer = ""
        self.warnings: list[str] = []
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection (made on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def prepare_writes(self) -> None:
        """Load sqlite-utils now (≈0.1 s), e.g. once the window is on screen, not on the first edit."""
        self.db  # noqa: B018  # the property does the work

    def who(self) -> str:
        """The 填报人 of the profile, else the operating-system user."""
        return self.preparer or os_user()

    @contextmanager
    def write(self) -> Iterator[Database]:
        if self.read_only:
            raise ReadOnlyError(messages.read_only(self.path.parent))
        with translated(self.path), self.db.atomic():
            yield self.db

    @contextmanager
    def read(self) -> Iterator[Executes]:
        with translated(self.path):
            yield self.conn

    def close(self) -> None:
        self.conn.close()
