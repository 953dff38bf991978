"""The audit trail: who changed what, when, from which old value to which new one.

Rows are written inside the same transaction as the change they describe, so a
change and its audit row are committed together or not at all. The trail is
append-only (a trigger refuses updates), so what a row belongs to is read from the
rows around it: a correction (更正) opens revision n+1 with a `correct` row, and a
`withdraw` row (撤销更正) of n+1 ends it without a revision. The rows of n+1 between
the two are `AuditEntry.withdrawn`: a later correction reuses the number n+1, but
none of them is its work.
"""

from __future__ import annotations

import datetime
import getpass
from collections.abc import Iterable, Sequence
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
    withdrawn: bool = False  # written in a correction later withdrawn (撤销更正)


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


def _entry(row: Sequence[Any], withdrawn: bool) -> AuditEntry:
    row_id, at, who, user, return_id, revision, kind, key, old, new = row
    return AuditEntry(row_id, at, who, user, return_id, revision, kind, key, old, new, withdrawn)


def _withdrawn_rows(rows: Iterable[Sequence[Any]]) -> set[int]:
    """The ids of the rows (id, at, who, os_user, return_id, revision, kind, key, old,
    new; in the order written) that were written in a correction later withdrawn: from
    its `correct` row up to its `withdraw` row, the rows of that return and revision."""
    open_rows: dict[int, tuple[int, list[int]]] = {}  # return id → (revision, row ids)
    out: set[int] = set()
    for row_id, _at, _who, _user, return_id, revision, kind, _key, old, _new in rows:
        if return_id is None:
            continue
        if kind == "correct":
            open_rows[return_id] = (revision, [row_id])
            continue
        opened = open_rows.get(return_id)
        if opened is None:
            continue
        number, ids = opened
        if kind == "withdraw" and old == str(number):
            out.update(ids)
            del open_rows[return_id]
        elif kind == "finalise" and revision == number:
            del open_rows[return_id]
        elif revision == number:
            ids.append(row_id)
    return out


def trail(db: Executes, return_id: int | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Audit rows in the order they were written (a return's, or all of them), each
    saying whether it was written in a correction later withdrawn (with `limit`, of the
    rows read)."""
    sql = "SELECT id, at, who, os_user, return_id, revision, kind, key, old, new FROM audit"
    params: list[Any] = []
    if return_id is not None:
        sql += " WHERE return_id = ?"
        params.append(return_id)
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = db.execute(sql, params).fetchall()
    withdrawn = _withdrawn_rows(rows)
    return [_entry(r, r[0] in withdrawn) for r in rows]
