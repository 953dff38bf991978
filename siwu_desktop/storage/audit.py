"""The audit trail: who changed what, when, from which old value to which new one.

Rows are written inside the same transaction as the change they describe, so a
change and its audit row are committed together or not at all.
"""

from __future__ import annotations

import datetime
import getpass
from typing import TYPE_CHECKING, Any

from msgspec import Struct

if TYPE_CHECKING:
    from siwu_desktop.storage.database import Executes


def now_iso() -> str:
    """Local time with its UTC offset, to the millisecond (sortable, unambiguous)."""
    return datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry: still record the change
        return ""


class AuditEntry(Struct, frozen=True):
    """One row of the audit trail."""

    id: int
    at: str
    who: str
    os_user: str
    return_id: int | None
    revision: int | None
    kind: str
    key: str
    old: str | None
    new: str | None


def record(
    db: Executes,
    *,
    who: str,
    kind: str,
    key: str,
    old: str | None,
    new: str | None,
    return_id: int | None = None,
    revision: int | None = None,
    at: str | None = None,
) -> None:
    """Append one audit row; call inside the transaction that makes the change."""
    db.execute(
        "INSERT INTO audit (at, who, os_user, return_id, revision, kind, key, old, new)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at or now_iso(), who, os_user(), return_id, revision, kind, key, old, new],
    )


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(*row)


def trail(db: Executes, return_id: int | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Audit rows in the order they were written (a return's, or all of them)."""
    sql = "SELECT id, at, who, os_user, return_id, revision, kind, key, old, new FROM audit"
    params: list[Any] = []
    if return_id is not None:
        sql += " WHERE return_id = ?"
        params.append(return_id)
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_entry(r) for r in db.execute(sql, params).fetchall()]
