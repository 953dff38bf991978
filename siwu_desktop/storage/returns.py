"""Returns and their revisions: values, explanations, ledger rows, task progress, life cycle.

Storage is generic about fields: a value is (field_id, text as typed, normalised
decimal text or NULL). What a field means is core's business. Each public edit
is one transaction with its audit row; edits to a finalised revision are refused
here with a Chinese message and, should a bug get past that, by SQLite triggers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from msgspec import Struct, field
from msgspec.structs import asdict

from siwu_desktop.core.terms import PERIODS, ReturnStatus
from siwu_desktop.storage import audit, messages
from siwu_desktop.storage.database import Executes
from siwu_desktop.storage.errors import (
    LifecycleError,
    LockedRevisionError,
    NotFoundError,
    StorageError,
)
from siwu_desktop.storage.session import Session


def new_row_uid() -> str:
    """A random identity for a ledger or task row (128 bits as 32 hex digits)."""
    return os.urandom(16).hex()


class ReturnKey(Struct, frozen=True):
    """Which return: county, form, year and period (Y or Q1–Q4)."""

    county: str
    form: str
    year: int
    period: str = "Y"


class ReturnInfo(Struct, frozen=True):
    """A return with the state of its current revision."""

    id: int
    county: str
    form: str
    year: int
    period: str
    revision: int
    status: str
    digest: str | None
    finalised_at: str | None

    @property
    def key(self) -> ReturnKey:
        return ReturnKey(self.county, self.form, self.year, self.period)

    @property
    def locked(self) -> bool:
        return self.status == ReturnStatus.FINALISED


class RevisionInfo(Struct, frozen=True):
    """One revision of a return and its life-cycle state."""

    return_id: int
    revision: int
    status: str
    reason: str
    created_at: str
    validated_at: str | None
    finalised_at: str | None
    finalised_by: str | None
    digest: str | None
    pack_version: str | None = None  # the target pack it was judged with (m0002)
    origin: str = "local"  # 'local' | 'imported' (m0003)
    source_file: str | None = None  # the county's workbook an imported revision came from
    log_json: str | None = None  # the revision log its file carried (imported, m0006)


class ImportedRevision(Struct, frozen=True):
    """A county's finalised revision as read from its exported workbook, kept verbatim."""

    revision: int
    digest: str
    content_json: str
    source_file: str
    values: Mapping[str, tuple[str, Decimal | None]]
    explanations: Mapping[str, str]
    ledger_rows: tuple[Mapping[str, str], ...] = ()
    tasks: Mapping[str, TaskProgress] = field(default_factory=dict)
    pack_version: str | None = None  # the target pack the county's workbook states
    signer: str | None = None  # fingerprint of the key that signed the export (#14)
    signature: str | None = None
    reason: str = ""  # the county's 更正原因 for this revision, as its file states it
    log_json: str | None = None  # the revision log the file carries (a JSON list)


class ImportOutcome(Struct, frozen=True):
    """`kind`: 'new' (now the current revision), 'older' (kept, a newer one stays current)
    or 'duplicate' (that digest is already stored as `revision`; nothing written)."""

    kind: str
    return_id: int
    revision: int
    current: int


class Snapshot(Struct, frozen=True):
    """What was locked at finalising: core's content and its digest, byte for byte."""

    revision: int
    digest: str
    content_json: str


class StoredValue(Struct, frozen=True):
    """A field's stored text as typed and its normalised value (None if not a number)."""

    text: str
    value: Decimal | None
    origin: str | None = None  # JSON: the earlier return a carried value came from (m0007)


class LedgerRow(Struct, frozen=True):
    """One stored row of a row table, with its stable identity."""

    row_uid: str
    position: int
    cells: dict[str, str]
    origin: str | None = None  # JSON: the earlier ledger a carried row came from (m0009)


class TaskProgress(Struct, frozen=True):
    """The county's progress on one task (表三 row)."""

    status: str = ""
    done_date: str = ""
    evidence: str = ""
    problems: str = ""
    note: str = ""


def decimal_text(value: Decimal | None) -> str | None:
    """The stored form of a parsed number: plain notation, entered precision kept."""
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise StorageError(messages.bad_decimal(str(value)))
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


_RETURN_SQL = (
    "SELECT r.id, r.county, r.form, r.year, r.period, r.current_revision, v.status,"
    " v.digest, v.finalised_at FROM returns r JOIN revisions v"
    " ON v.return_id = r.id AND v.revision = r.current_revision"
)
_REVISION_SQL = (
    "SELECT return_id, revision, status, reason, created_at, validated_at, finalised_at,"
    " finalised_by, digest, pack_version, origin, source_file, log_json FROM revisions"
)
_CHILD_COPY = {
    "field_values": "field_id, text, value, updated_at, origin",
    "explanations": "field_id, text, updated_at",
    "ledger_rows": "row_uid, position, cells_json, updated_at, origin",
    "task_progress": "task_id, status, done_date, evidence, problems, note, updated_at",
}


class ReturnsRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # --- returns ---------------------------------------------------------------------------

    def find(self, key: ReturnKey) -> ReturnInfo | None:
        with self._s.read() as db:
            row = db.execute(
                _RETURN_SQL + " WHERE r.county = ? AND r.form = ? AND r.year = ? AND r.period = ?",
                [key.county, key.form, key.year, key.period],
            ).fetchone()
        return None if row is None else ReturnInfo(*row)

    def get(self, return_id: int) -> ReturnInfo:
        with self._s.read() as db:
            row = db.execute(_RETURN_SQL + " WHERE r.id = ?", [return_id]).fetchone()
        if row is None:
            raise NotFoundError(messages.return_not_found(f"编号 {return_id}"))
        return ReturnInfo(*row)

    def get_or_create(self, key: ReturnKey) -> ReturnInfo:
        if key.period not in PERIODS:
            raise StorageError(messages.bad_period(key.period))
        found = self.find(key)
        if found is not None:
            return found
        at = audit.now_iso()
        with self._s.write() as db:
            cur = db.execute(
                "INSERT INTO returns (county, form, year, period, current_revision, created_at)"
                " VALUES (?, ?, ?, ?, 1, ?)",
                [key.county, key.form, key.year, key.period, at],
            )
            return_id = int(cur.lastrowid or 0)
            db.execute(
                "INSERT INTO revisions (return_id, revision, created_at) VALUES (?, 1, ?)",
                [return_id, at],
            )
            audit.record(
                db,
                who=self._s.who(),
                kind="return",
                key="create",
                old=None,
                new=f"{key.county} {key.form} {key.year} {key.period}",
                return_id=return_id,
                revision=1,
                at=at,
            )
        return self.get(return_id)

    def list_returns(
        self,
        *,
        year: int | None = None,
        period: str | None = None,
        county: str | None = None,
        form: str | None = None,
    ) -> list[ReturnInfo]:
        where, params = [], []
        for column, wanted in (("year", year), ("period", period), ("county", county)):
            if wanted is not None:
                where.append(f"r.{column} = ?")
                params.append(wanted)
        if form is not None:
            where.append("r.form = ?")
            params.append(form)
        sql = _RETURN_SQL + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY r.year, r.period, r.county, r.form"
        with self._s.read() as db:
            return [ReturnInfo(*row) for row in db.execute(sql, params).fetchall()]

    # --- revisions -------------------------------------------------------------------------

    def revisions(self, return_id: int) -> list[RevisionInfo]:
        with self._s.read() as db:
            rows = db.execute(
                _REVISION_SQL + " WHERE return_id = ? ORDER BY revision", [return_id]
            ).fetchall()
        return [RevisionInfo(*row) for row in rows]

    def snapshot(self, return_id: int, revision: int) -> Snapshot:
        with self._s.read() as db:
            row = db.execute(
                "SELECT revision, digest, content_json FROM revisions"
                " WHERE return_id = ? AND revision = ? AND status = 'finalised'",
                [return_id, revision],
            ).fetchone()
        if row is None:
            raise NotFoundError(messages.revision_not_found(revision))
        return Snapshot(*row)

    def _current(self, db: Executes, return_id: int) -> tuple[int, int, str]:
        """(revision row id, revision number, status) of the current revision."""
        row = db.execute(
            "SELECT v.id, v.revision, v.status FROM returns r JOIN revisions v"
            " ON v.return_id = r.id AND v.revision = r.current_revision WHERE r.id = ?",
            [return_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(messages.return_not_found(f"编号 {return_id}"))
        return int(row[0]), int(row[1]), str(row[2])

    def _editable(self, db: Executes, return_id: int) -> tuple[int, int]:
        """The current revision for an edit, refused once finalised."""
        rev_id, revision, status = self._current(db, return_id)
        if status == ReturnStatus.FINALISED:
            raise LockedRevisionError(messages.locked_revision(revision))
        return rev_id, revision

    def _changed(self, db: Executes, return_id: int, rev_id: int, revision: int) -> None:
        """After a change: a validated revision is no longer known to be valid (→ draft)."""
        cur = db.execute(
            "UPDATE revisions SET status = 'draft', validated_at = NULL"
            " WHERE id = ? AND status = 'validated'",
            [rev_id],
        )
        if cur.rowcount:
            audit.record(
                db,
                who=self._s.who(),
                kind="status",
                key="status",
                old=ReturnStatus.VALIDATED,
                new=ReturnStatus.DRAFT,
                return_id=return_id,
                revision=revision,
            )

    def _edited(
        self,
        db: Executes,
        where: tuple[int, int, int],
        *,
        kind: str,
        key: str,
        old: str | None,
        new: str | None,
        at: str | None = None,
    ) -> None:
        """One edit of the content of a revision (`where`: return id, revision id, revision
        number): its audit row, after the revision goes back to draft if it was validated."""
        return_id, rev_id, revision = where
        self._changed(db, return_id, rev_id, revision)
        audit.record(
            db,
            who=self._s.who(),
            kind=kind,
            key=key,
            old=old,
            new=new,
            return_id=return_id,
            revision=revision,
            at=at,
        )

    def _revision_id(self, db: Executes, return_id: int, revision: int | None) -> int:
        if revision is None:
            return self._current(db, return_id)[0]
        row = db.execute(
            "SELECT id FROM revisions WHERE return_id = ? AND revision = ?", [return_id, revision]
        ).fetchone()
        if row is None:
            raise NotFoundError(messages.revision_not_found(revision))
        return int(row[0])

    def mark_validated(self, return_id: int) -> None:
        """Core found no errors in the current content: 草稿 → 已校验."""
        with self._s.write() as db:
            rev_id, revision, status = self._current(db, return_id)
            if status == ReturnStatus.FINALISED:
                raise LockedRevisionError(messages.locked_revision(revision))
            if status == ReturnStatus.VALIDATED:
                return
            db.execute(
                "UPDATE revisions SET status = 'validated', validated_at = ? WHERE id = ?",
                [audit.now_iso(), rev_id],
            )
            audit.record(
                db,
                who=self._s.who(),
                kind="status",
                key="status",
                old=status,
                new=ReturnStatus.VALIDATED,
                return_id=return_id,
                revision=revision,
            )

    def set_pack_version(self, return_id: int, version: str | None) -> None:
        """Record on the current (unlocked) revision which target pack it is judged with."""
        with self._s.write() as db:
            rev_id, revision, status = self._current(db, return_id)
            if status == ReturnStatus.FINALISED:
                raise LockedRevisionError(messages.locked_revision(revision))
            old = db.execute(
                "SELECT pack_version FROM revisions WHERE id = ?", [rev_id]
            ).fetchone()[0]
            if old == version:
                return
            db.execute("UPDATE revisions SET pack_version = ? WHERE id = ?", [version, rev_id])
            audit.record(
                db,
                who=self._s.who(),
                kind="status",
                key="pack_version",
                old=old,
                new=version,
                return_id=return_id,
                revision=revision,
            )

    def finalize(self, return_id: int, digest: str, content_json: str) -> RevisionInfo:
        """已校验 → 已定稿: lock the current revision with core's content and digest."""
        if not digest.strip():
            raise LifecycleError(messages.digest_required())
        try:
            json.loads(content_json)
        except ValueError:
            raise StorageError(messages.bad_json("报表内容")) from None
        with self._s.write() as db:
            rev_id, revision, status = self._current(db, return_id)
            if status == ReturnStatus.FINALISED:
                raise LockedRevisionError(messages.locked_revision(revision))
            if status != ReturnStatus.VALIDATED:
                raise LifecycleError(messages.finalise_needs_validation(status))
            at, who = audit.now_iso(), self._s.who()
            db.execute(
                "UPDATE revisions SET status = 'finalised', finalised_at = ?, finalised_by = ?,"
                " digest = ?, content_json = ? WHERE id = ?",
                [at, who, digest, content_json, rev_id],
            )
            audit.record(
                db,
                who=who,
                kind="status",
                key="status",
                old=status,
                new=ReturnStatus.FINALISED,
                return_id=return_id,
                revision=revision,
                at=at,
            )
            audit.record(
                db,
                who=who,
                kind="finalise",
                key="digest",
                old=None,
                new=digest,
                return_id=return_id,
                revision=revision,
                at=at,
            )
        return self.revision(return_id, revision)

    def revision(self, return_id: int, revision: int) -> RevisionInfo:
        """One revision by its number (imported revisions may leave gaps: 1, 3)."""
        found = next((r for r in self.revisions(return_id) if r.revision == revision), None)
        if found is None:
            raise NotFoundError(messages.revision_not_found(revision))
        return found

    def import_revision(self, key: ReturnKey, incoming: ImportedRevision) -> ImportOutcome:
        """Store a county's finalised revision as it was filed: same number, digest, content.

        A digest already stored is a duplicate (nothing written). A newer revision becomes
        the current one; an older one is kept beside it. The same number with another
        digest is a conflict, refused. A local draft of that number (never filed) gives way.
        """
        if key.period not in PERIODS:
            raise StorageError(messages.bad_period(key.period))
        if incoming.revision < 1 or not incoming.digest.strip():
            raise LifecycleError(messages.digest_required())
        try:
            json.loads(incoming.content_json)
        except ValueError:
            raise StorageError(messages.bad_json("报表内容")) from None
        at, who = audit.now_iso(), self._s.who()
        with self._s.write() as db:
            row = db.execute(
                "SELECT id, current_revision FROM returns"
                " WHERE county = ? AND form = ? AND year = ? AND period = ?",
                [key.county, key.form, key.year, key.period],
            ).fetchone()
            if row is None:
                cur = db.execute(
                    "INSERT INTO returns (county, form, year, period, current_revision,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [key.county, key.form, key.year, key.period, incoming.revision, at],
                )
                return_id, current = int(cur.lastrowid or 0), incoming.revision
            else:
                return_id, current = int(row[0]), int(row[1])
            same = db.execute(
                "SELECT revision FROM revisions WHERE return_id = ? AND digest = ?",
                [return_id, incoming.digest],
            ).fetchone()
            if same is not None:
                return ImportOutcome("duplicate", return_id, int(same[0]), current)
            there = db.execute(
                "SELECT id, status FROM revisions WHERE return_id = ? AND revision = ?",
                [return_id, incoming.revision],
            ).fetchone()
            if there is not None:
                if there[1] == ReturnStatus.FINALISED:
                    raise LifecycleError(messages.revision_conflict(incoming.revision))
                for table in _CHILD_COPY:
                    db.execute(f"DELETE FROM {table} WHERE revision_id = ?", [there[0]])
                db.execute("DELETE FROM revisions WHERE id = ?", [there[0]])
            rev_id = self._insert_imported(db, return_id, incoming, at)
            db.execute(
                "UPDATE revisions SET status = 'finalised', finalised_at = ?, finalised_by = ?,"
                " digest = ?, content_json = ?, signer = ?, signature = ? WHERE id = ?",
                [
                    at,
                    who,
                    incoming.digest,
                    incoming.content_json,
                    incoming.signer,
                    incoming.signature,
                    rev_id,
                ],
            )
            newer = incoming.revision >= current
            if newer:
                current = incoming.revision
                db.execute(
                    "UPDATE returns SET current_revision = ? WHERE id = ?", [current, return_id]
                )
            audit.record(
                db,
                who=who,
                kind="import",
                key="digest",
                old=None,
                new=f"{incoming.digest}：{incoming.source_file}",
                return_id=return_id,
                revision=incoming.revision,
                at=at,
            )
        return ImportOutcome("new" if newer else "older", return_id, incoming.revision, current)

    def _insert_imported(
        self, db: Executes, return_id: int, incoming: ImportedRevision, at: str
    ) -> int:
        cur = db.execute(
            "INSERT INTO revisions (return_id, revision, reason, created_at, origin, source_file,"
            " pack_version, log_json) VALUES (?, ?, ?, ?, 'imported', ?, ?, ?)",
            [
                return_id,
                incoming.revision,
                incoming.reason,
                at,
                incoming.source_file,
                incoming.pack_version,
                incoming.log_json,
            ],
        )
        rev_id = int(cur.lastrowid or 0)
        for field_id, (text, value) in incoming.values.items():
            db.execute(
                "INSERT INTO field_values (revision_id, field_id, text, value, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [rev_id, field_id, text, decimal_text(value), at],
            )
        for field_id, text in incoming.explanations.items():
            db.execute(
                "INSERT INTO explanations (revision_id, field_id, text, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [rev_id, field_id, text, at],
            )
        for position, cells in enumerate(incoming.ledger_rows):
            db.execute(
                "INSERT INTO ledger_rows (revision_id, row_uid, position, cells_json, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    rev_id,
                    new_row_uid(),
                    position,
                    json.dumps(dict(cells), ensure_ascii=False, sort_keys=True),
                    at,
                ],
            )
        for task_id, progress in incoming.tasks.items():
            db.execute(
                "INSERT INTO task_progress (revision_id, task_id, status, done_date, evidence,"
                " problems, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [rev_id, task_id, *asdict(progress).values(), at],
            )
        return rev_id

    def correct(self, return_id: int, reason: str) -> RevisionInfo:
        """更正: open revision n+1 as a draft copy of the finalised revision n."""
        if not reason.strip():
            raise LifecycleError(messages.correction_reason_required())
        with self._s.write() as db:
            rev_id, revision, status = self._current(db, return_id)
            if status != ReturnStatus.FINALISED:
                raise LifecycleError(messages.correct_needs_final(status))
            at, new = audit.now_iso(), revision + 1
            cur = db.execute(
                "INSERT INTO revisions (return_id, revision, reason, created_at)"
                " VALUES (?, ?, ?, ?)",
                [return_id, new, reason.strip(), at],
            )
            new_id = int(cur.lastrowid or 0)
            for table, columns in _CHILD_COPY.items():
                db.execute(
                    f"INSERT INTO {table} (revision_id, {columns})"
                    f" SELECT ?, {columns} FROM {table} WHERE revision_id = ?",
                    [new_id, rev_id],
                )
            db.execute("UPDATE returns SET current_revision = ? WHERE id = ?", [new, return_id])
            audit.record(
                db,
                who=self._s.who(),
                kind="correct",
                key="revision",
                old=str(revision),
                new=f"{new}：{reason.strip()}",
                return_id=return_id,
                revision=new,
                at=at,
            )
        return self.revision(return_id, new)

    def withdraw_correction(self, return_id: int) -> RevisionInfo:
        """撤销更正: drop the open correction n+1 (never finalised, so never sent) and make
        the finalised revision n current again."""
        with self._s.write() as db:
            rev_id, revision, status = self._current(db, return_id)
            if status == ReturnStatus.FINALISED or revision < 2:
                raise LifecycleError(messages.no_correction_open())
            for table in _CHILD_COPY:
                db.execute(f"DELETE FROM {table} WHERE revision_id = ?", [rev_id])
            db.execute("DELETE FROM revisions WHERE id = ?", [rev_id])
            previous = revision - 1
            db.execute(
                "UPDATE returns SET current_revision = ? WHERE id = ?", [previous, return_id]
            )
            audit.record(
                db,
                who=self._s.who(),
                kind="withdraw",
                key="revision",
                old=str(revision),
                new=str(previous),
                return_id=return_id,
                revision=previous,
                at=audit.now_iso(),
            )
        return self.revision(return_id, previous)

    # --- values ----------------------------------------------------------------------------

    def set_value(self, return_id: int, field_id: str, text: str, value: Decimal | None) -> bool:
        """Store one entry as typed with its parsed value; False when nothing changed."""
        return self.set_values(return_id, {field_id: (text, value)}) > 0

    def set_values(
        self,
        return_id: int,
        entries: Mapping[str, tuple[str, Decimal | None]],
        origins: Mapping[str, str] | None = None,
    ) -> int:
        """Several entries in one transaction (an import, a paste); returns how many changed.

        An empty text with no value removes the entry. A written field loses its origin
        (m0007), unless `origins` gives it one back (an undo of an edit of a carried value).
        """
        prepared = {f: (t, decimal_text(v)) for f, (t, v) in entries.items()}
        origins = origins or {}
        changed = 0
        with self._s.write() as db:
            rev_id, revision = self._editable(db, return_id)
            at, who = audit.now_iso(), self._s.who()
            for field_id, (text, value) in prepared.items():
                old = db.execute(
                    "SELECT text, value, origin FROM field_values"
                    " WHERE revision_id = ? AND field_id = ?",
                    [rev_id, field_id],
                ).fetchone()
                origin = origins.get(field_id)
                same = old is not None and (old[0], old[1]) == (text, value)
                if same and (origin is None or old[2] == origin):
                    continue
                if old is None and text == "" and value is None:
                    continue
                if text == "" and value is None:
                    db.execute(
                        "DELETE FROM field_values WHERE revision_id = ? AND field_id = ?",
                        [rev_id, field_id],
                    )
                else:
                    db.execute(
                        "INSERT INTO field_values (revision_id, field_id, text, value, updated_at,"
                        " origin) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (revision_id, field_id)"
                        " DO UPDATE SET text = excluded.text, value = excluded.value,"
                        " updated_at = excluded.updated_at, origin = excluded.origin",
                        [rev_id, field_id, text, value, at, origin],
                    )
                audit.record(
                    db,
                    who=who,
                    kind="value",
                    key=field_id,
                    old=None if old is None else str(old[0]),
                    new=text or None,
                    return_id=return_id,
                    revision=revision,
                    at=at,
                )
                changed += 1
            if changed:
                self._changed(db, return_id, rev_id, revision)
        return changed

    def values(self, return_id: int, revision: int | None = None) -> dict[str, StoredValue]:
        with self._s.read() as db:
            rev_id = self._revision_id(db, return_id, revision)
            rows = db.execute(
                "SELECT field_id, text, value, origin FROM field_values WHERE revision_id = ?",
                [rev_id],
            ).fetchall()
        return {
            str(f): StoredValue(str(t), _decimal(v), None if o is None else str(o))
            for f, t, v, o in rows
        }

    def carry_values(
        self, return_id: int, entries: Mapping[str, tuple[str, Decimal | None, str]]
    ) -> list[str]:
        """Fill fields that hold nothing yet with values carried from an earlier return
        (`origin`: JSON saying which), in one transaction; a field with any stored text
        keeps it. Returns the fields written."""
        written: list[str] = []
        with self._s.write() as db:
            rev_id, revision = self._editable(db, return_id)
            at, who = audit.now_iso(), self._s.who()
            for field_id, (text, value, origin) in entries.items():
                held = db.execute(
                    "SELECT text FROM field_values WHERE revision_id = ? AND field_id = ?",
                    [rev_id, field_id],
                ).fetchone()
                if held is not None or text == "":
                    continue
                db.execute(
                    "INSERT INTO field_values (revision_id, field_id, text, value, updated_at,"
                    " origin) VALUES (?, ?, ?, ?, ?, ?)",
                    [rev_id, field_id, text, decimal_text(value), at, origin],
                )
                audit.record(
                    db,
                    who=who,
                    kind="value",
                    key=field_id,
                    old=None,
                    new=text,
                    return_id=return_id,
                    revision=revision,
                    at=at,
                )
                written.append(field_id)
            if written:
                self._changed(db, return_id, rev_id, revision)
        return written

    # --- explanations ----------------------------------------------------------------------

    def set_explanation(self, return_id: int, field_id: str, text: str) -> bool:
        """情况说明 for a field; an empty text removes it."""
        with self._s.write() as db:
            rev_id, revision = self._editable(db, return_id)
            row = db.execute(
                "SELECT text FROM explanations WHERE revision_id = ? AND field_id = ?",
                [rev_id, field_id],
            ).fetchone()
            old = None if row is None else str(row[0])
            if (old or "") == text:
                return False
            at = audit.now_iso()
            if text:
                db.execute(
                    "INSERT INTO explanations (revision_id, field_id, text, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (revision_id, field_id) DO UPDATE"
                    " SET text = excluded.text, updated_at = excluded.updated_at",
                    [rev_id, field_id, text, at],
                )
            else:
                db.execute(
                    "DELETE FROM explanations WHERE revision_id = ? AND field_id = ?",
                    [rev_id, field_id],
                )
            self._edited(
                db,
                (return_id, rev_id, revision),
                kind="explanation",
                key=field_id,
                old=old,
                new=text or None,
                at=at,
            )
        return True

    def explanations(self, return_id: int, revision: int | None = None) -> dict[str, str]:
        with self._s.read() as db:
            rev_id = self._revision_id(db, return_id, revision)
            rows = db.execute(
                "SELECT field_id, text FROM explanations WHERE revision_id = ?", [rev_id]
            ).fetchall()
        return {str(f): str(t) for f, t in rows}

    # --- ledger rows -----------------------------------------------------------------------

    def put_ledger_row(
        self,
        return_id: int,
        cells: Mapping[str, str],
        *,
        row_uid: str | None = None,
        position: int | None = None,
        origin: str | None = None,
    ) -> str:
        """Add a row (new uid) or replace one row's cells/position; returns the row uid.
        `origin` (JSON) marks a new row as carried from an earlier ledger; a replaced row
        keeps the origin it has."""
        cells_json = json.dumps(dict(cells), ensure_ascii=False, sort_keys=True)
        with self._s.write() as db:
            rev_id, revision = self._editable(db, return_id)
            old: Any = None
            if row_uid is not None:
                old = db.execute(
                    "SELECT position, cells_json FROM ledger_rows"
                    " WHERE revision_id = ? AND row_uid = ?",
                    [rev_id, row_uid],
                ).fetchone()
                if old is None:
                    raise NotFoundError(messages.ledger_row_not_found(row_uid))
            uid = row_uid or new_row_uid()
            if position is None:
                if old is not None:
                    position = int(old[0])
                else:
                    last = db.execute(
                        "SELECT MAX(position) FROM ledger_rows WHERE revision_id = ?", [rev_id]
                    ).fetchone()[0]
                    position = 0 if last is None else int(last) + 1
            if old is not None and (int(old[0]), str(old[1])) == (position, cells_json):
                return uid
            db.execute(
                "INSERT INTO ledger_rows (revision_id, row_uid, position, cells_json, updated_at,"
                " origin) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (revision_id, row_uid) DO UPDATE"
                " SET position = excluded.position, cells_json = excluded.cells_json,"
                " updated_at = excluded.updated_at",
                [rev_id, uid, position, cells_json, audit.now_iso(), origin],
            )
            self._edited(
                db,
                (return_id, rev_id, revision),
                kind="ledger",
                key=uid,
                old=None if old is None else _row_text(int(old[0]), str(old[1])),
                new=_row_text(position, cells_json),
            )
        return uid

    def delete_ledger_row(self, return_id: int, row_uid: str) -> None:
        with self._s.write() as db:
            rev_id, revision = self._editable(db, return_id)
            old = db.execute(
                "SELECT position, cells_json FROM ledger_rows WHERE revision_id = ? AND row_uid = ?",
                [rev_id, row_uid],
            ).fetchone()
            if old is None:
                raise NotFoundError(messages.ledger_row_not_found(row_uid))
            db.execute(
                "DELETE FROM ledger_rows WHERE revision_id = ? AND row_uid = ?", [rev_id, row_uid]
            )
            self._edited(
                db,
                (return_id, rev_id, revision),
                kind="ledger",
                key=row_uid,
                old=_row_text(int(old[0]), str(old[1])),
                new=None,
            )

    def ledger_rows(self, return_id: int, revision: int | None = None) -> list[LedgerRow]:
        with self._s.read() as db:
            rev_id = self._revision_id(db, return_id, revision)
            rows = db.execute(
                "SELECT row_uid, position, cells_json, origin FROM ledger_rows"
                " WHERE revision_id = ? ORDER BY position, row_uid",
                [rev_id],
            ).fetchall()
        return [
            LedgerRow(str(u), int(p), dict(json.loads(c)), None if o is None else str(o))
            for u, p, c, o in rows
        ]

    # --- task progress ---------------------------------------------------------------------

    def set_task_progress(self, return_id: int, task_id: str, progress: TaskProgress) -> bool:
        new = asdict(progress)
        with self._s.write() as db:
            rev_id, revision = self._editable(db, return_id)
            row = db.execute(
                "SELECT status, done_date, evidence, problems, note FROM task_progress"
                " WHERE revision_id = ? AND task_id = ?",
                [rev_id, task_id],
            ).fetchone()
            old = None if row is None else asdict(TaskProgress(*row))
            if old == new or (old is None and progress == TaskProgress()):
                return False
            db.execute(
                "INSERT INTO task_progress (revision_id, task_id, status, done_date, evidence,"
                " problems, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (revision_id, task_id) DO UPDATE SET status = excluded.status,"
                " done_date = excluded.done_date, evidence = excluded.evidence,"
                " problems = excluded.problems, note = excluded.note,"
                " updated_at = excluded.updated_at",
                [rev_id, task_id, *new.values(), audit.now_iso()],
            )
            self._edited(
                db,
                (return_id, rev_id, revision),
                kind="task",
                key=task_id,
                old=None if old is None else json.dumps(old, ensure_ascii=False),
                new=json.dumps(new, ensure_ascii=False),
            )
        return True

    def task_progress(self, return_id: int, revision: int | None = None) -> dict[str, TaskProgress]:
        with self._s.read() as db:
            rev_id = self._revision_id(db, return_id, revision)
            rows = db.execute(
                "SELECT task_id, status, done_date, evidence, problems, note FROM task_progress"
                " WHERE revision_id = ?",
                [rev_id],
            ).fetchall()
        return {str(r[0]): TaskProgress(*r[1:]) for r in rows}

    # --- audit -----------------------------------------------------------------------------

    def audit_trail(self, return_id: int) -> list[audit.AuditEntry]:
        with self._s.read() as db:
            return audit.trail(db, return_id)


def _row_text(position: int, cells_json: str) -> str:
    return json.dumps(
        {"position": position, "cells": json.loads(cells_json)}, ensure_ascii=False, sort_keys=True
    )
