"""Exports and prints of a return: which file, which content digest, when, by whom.

The city compares the digest on the signed paper with the emailed file; this
record is the county's side of that evidence.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from siwu_desktop.storage import audit, messages
from siwu_desktop.storage.errors import StorageError
from siwu_desktop.storage.session import Session

KINDS = ("export", "print")


class OutputRecord(Struct, frozen=True):
    """One export or print of a revision: file, digest, time and person."""

    id: int
    return_id: int
    revision: int
    kind: str
    file: str
    digest: str
    at: str
    who: str


class OutputsRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def record(
        self, return_id: int, revision: int, kind: str, file: str | Path, digest: str
    ) -> OutputRecord:
        if kind not in KINDS:
            raise StorageError(messages.bad_export_kind(kind))
        at, who = audit.now_iso(), self._s.who()
        with self._s.write() as db:
            cur = db.execute(
                "INSERT INTO exports (return_id, revision, kind, file, digest, at, who)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [return_id, revision, kind, str(file), digest, at, who],
            )
            audit.record(
                db,
                who=who,
                kind=kind,
                key=str(file),
                old=None,
                new=digest,
                return_id=return_id,
                revision=revision,
                at=at,
            )
            row_id = int(cur.lastrowid or 0)
        return OutputRecord(row_id, return_id, revision, kind, str(file), digest, at, who)

    def for_return(self, return_id: int) -> list[OutputRecord]:
        with self._s.read() as db:
            rows = db.execute(
                "SELECT id, return_id, revision, kind, file, digest, at, who FROM exports"
                " WHERE return_id = ? ORDER BY id",
                [return_id],
            ).fetchall()
        return [OutputRecord(*r) for r in rows]
