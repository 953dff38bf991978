"""The open database shared by the repositories: one connection, one writer, one `who`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from siwu_desktop.storage import messages
from siwu_desktop.storage.audit import os_user
from siwu_desktop.storage.database import translated
from siwu_desktop.storage.errors import ReadOnlyError


class Session:
    """Every edit goes through `write()`: one transaction, committed when the block ends.

    There is no "save": when `write()` returns, the change is on disk (WAL,
    synchronous=FULL). When it raises, nothing of the block was kept.
    """

    def __init__(self, db: Database, path: Path, *, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self.preparer = ""
        self.warnings: list[str] = []

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
    def read(self) -> Iterator[Database]:
        with translated(self.path):
            yield self.db
