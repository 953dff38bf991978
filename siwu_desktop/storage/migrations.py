"""Schema and its history, as sqlite-utils migrations.

Each step runs in one transaction together with the record of it having been
applied (sqlite-utils does that). Never edit a released step: add a new one.
Values are TEXT, never REAL: an entered figure must come back exactly as stored.
Tables are STRICT so a float cannot sneak in through a wrong binding.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from siwu_desktop.storage.schema import APPLICATION_ID, MIGRATION_SET

migrations = Migrations(MIGRATION_SET)

_LOCKED = "(SELECT status FROM revisions WHERE id = {ref}.revision_id) = 'finalised'"

_SCHEMA_0001 = [
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        mode TEXT NOT NULL CHECK (mode IN ('county', 'city')),
        city TEXT NOT NULL,
        county TEXT,
        unit_name TEXT NOT NULL DEFAULT '',
        preparer TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        head TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        CHECK ((mode = 'county') = (county IS NOT NULL))
    ) STRICT""",
    """CREATE TABLE profile_counties (
        county TEXT PRIMARY KEY,
        code TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
    ) STRICT""",
    """CREATE TABLE returns (
        id INTEGER PRIMARY KEY,
        county TEXT NOT NULL,
        form TEXT NOT NULL,
        year INTEGER NOT NULL,
        period TEXT NOT NULL,
        current_revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        UNIQUE (county, form, year, period)
    ) STRICT""",
    "CREATE INDEX returns_by_period ON returns (year, period)",
    """CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        return_id INTEGER NOT NULL REFERENCES returns (id),
        revision INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'validated', 'finalised')),
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        validated_at TEXT,
        finalised_at TEXT,
        finalised_by TEXT,
        digest TEXT,
        content_json TEXT,
        UNIQUE (return_id, revision),
        CHECK ((status = 'finalised') = (digest IS NOT NULL AND content_json IS NOT NULL))
    ) STRICT""",
    """CREATE TABLE field_values (
        revision_id INTEGER NOT NULL REFERENCES revisions (id),
        field_id TEXT NOT NULL,
        text TEXT NOT NULL,
        value TEXT CHECK (value IS NULL OR (value <> '' AND value NOT GLOB '*[^0-9.-]*')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (revision_id, field_id)
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE explanations (
        revision_id INTEGER NOT NULL REFERENCES revisions (id),
        field_id TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (revision_id, field_id)
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE ledger_rows (
        revision_id INTEGER NOT NULL REFERENCES revisions (id),
        row_uid TEXT NOT NULL,
        position INTEGER NOT NULL,
        cells_json TEXT NOT NULL CHECK (json_type(cells_json) = 'object'),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (revision_id, row_uid)
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE task_progress (
        revision_id INTEGER NOT NULL REFERENCES revisions (id),
        task_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT '',
        done_date TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '',
        problems TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (revision_id, task_id)
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        os_user TEXT NOT NULL,
        return_id INTEGER,
        revision INTEGER,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        old TEXT,
        new TEXT
    ) STRICT""",
    "CREATE INDEX audit_by_return ON audit (return_id, id)",
    """CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        return_id INTEGER NOT NULL REFERENCES returns (id),
        revision INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('export', 'print')),
        file TEXT NOT NULL,
        digest TEXT NOT NULL,
        at TEXT NOT NULL,
        who TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX exports_by_return ON exports (return_id)",
    """CREATE TABLE target_packs (
        id INTEGER PRIMARY KEY,
        issuer TEXT NOT NULL,
        version TEXT NOT NULL,
        date TEXT NOT NULL,
        digest TEXT NOT NULL,
        payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
        imported_at TEXT NOT NULL,
        UNIQUE (issuer, version)
    ) STRICT""",
]

# A finalised revision is immutable in the database itself, not only in Python:
# whatever code path tries to change it, SQLite aborts the transaction.
_CHILD_TABLES = ("field_values", "explanations", "ledger_rows", "task_progress")


def _lock_triggers() -> list[str]:
    statements = []
    for table in _CHILD_TABLES:
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            statements.append(
                f"CREATE TRIGGER {table}_locked_{event.lower()} BEFORE {event} ON {table}"
                f" WHEN {_LOCKED.format(ref=ref)}"
                " BEGIN SELECT RAISE(ABORT, 'siwu: revision finalised'); END"
            )
    statements.append(
        "CREATE TRIGGER revisions_locked_update BEFORE UPDATE ON revisions"
        " WHEN OLD.status = 'finalised'"
        " BEGIN SELECT RAISE(ABORT, 'siwu: revision finalised'); END"
    )
    statements.append(
        "CREATE TRIGGER revisions_locked_delete BEFORE DELETE ON revisions"
        " WHEN OLD.status = 'finalised'"
        " BEGIN SELECT RAISE(ABORT, 'siwu: revision finalised'); END"
    )
    # The audit trail is append-only.
    statements.append(
        "CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'siwu: audit is append-only'); END"
    )
    statements.append(
        "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'siwu: audit is append-only'); END"
    )
    return statements


@migrations()
def m0001_initial(db: Database) -> None:
    for statement in [*_SCHEMA_0001, *_lock_triggers()]:
        db.execute(statement)


@migrations()
def m0002_revision_pack_version(db: Database) -> None:
    """Each revision records the target pack version it was judged with (issue #8).

    Nullable: revisions from before, and those judged without a pack, have none.
    Written before the revision is locked (the lock trigger forbids it after).
    """
    db.execute("ALTER TABLE revisions ADD COLUMN pack_version TEXT")


@migrations()
def m0003_imported_revisions(db: Database) -> None:
    """City mode keeps county returns as imported: revision n verbatim, not re-numbered (#8).

    `origin` says whether a revision was made here ('local') or taken in from a
    county's exported workbook ('imported'); `source_file` names that file. Earlier
    revisions are all local. Added before the lock triggers look at them: an
    imported revision is written as a draft, filled, then locked like any other.
    """
    db.execute(
        "ALTER TABLE revisions ADD COLUMN origin TEXT NOT NULL DEFAULT 'local'"
        " CHECK (origin IN ('local', 'imported'))"
    )
    db.execute("ALTER TABLE revisions ADD COLUMN source_file TEXT")
    db.execute("CREATE INDEX revisions_by_digest ON revisions (digest)")


@migrations()
def m0004_signing_keys(db: Database) -> None:
    """Signing keys (issue #14): this installation's own key pair, the keys it trusts (city
    mode: each county's registered key; county mode: the pinned city key), and the signer
    of each imported revision.

    The private key lives in this database, which is in the data folder, owner-only (0600)
    and copied into every backup; it is never exported. A replaced key keeps its row
    (`replaced_at`), so revisions it signed can still be checked.
    """
    db.execute(
        """CREATE TABLE own_keys (
            id INTEGER PRIMARY KEY,
            private_pem TEXT NOT NULL,
            public_key TEXT NOT NULL UNIQUE,
            fingerprint TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE trusted_keys (
            id INTEGER PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('county', 'city')),
            unit TEXT NOT NULL DEFAULT '',
            county TEXT NOT NULL DEFAULT '',
            code TEXT NOT NULL DEFAULT '',
            public_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            replaced_at TEXT,
            source_file TEXT NOT NULL DEFAULT ''
        ) STRICT"""
    )
    db.execute("CREATE INDEX trusted_keys_by_county ON trusted_keys (role, county)")
    db.execute("ALTER TABLE revisions ADD COLUMN signer TEXT")
    db.execute("ALTER TABLE revisions ADD COLUMN signature TEXT")


@migrations()
def m0005_receipts(db: Database) -> None:
    """City receipts (回执, issue #14 item 7), as a county received them: per return and
    revision, 已接收 or 退回修改 with the reason and the city's findings. Kept verbatim with
    the signed file's text, so a receipt can be shown and checked again later."""
    db.execute(
        """CREATE TABLE receipts (
            id INTEGER PRIMARY KEY,
            county TEXT NOT NULL,
            form TEXT NOT NULL,
            year INTEGER NOT NULL,
            period TEXT NOT NULL,
            revision INTEGER NOT NULL,
            digest TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'returned')),
            reason TEXT NOT NULL DEFAULT '',
            findings_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(findings_json)),
            issued_at TEXT NOT NULL,
            signer TEXT NOT NULL,
            source_file TEXT NOT NULL DEFAULT '',
            received_at TEXT NOT NULL,
            receipt_id TEXT NOT NULL,
            UNIQUE (receipt_id, form, period, revision)
        ) STRICT"""
    )


@migrations()
def m0006_revision_log(db: Database) -> None:
    """The revision log a county's export carries (issue #14 item 5): each revision's
    reason and changed values (field, old, new, who, when) as the signed file states them,
    kept with the imported revision (city mode) as JSON; NULL for local revisions (their
    audit rows say it) and for files that carried none. Written with the revision before
    it is locked, like its content."""
    db.execute(
        "ALTER TABLE revisions ADD COLUMN log_json TEXT"
        " CHECK (log_json IS NULL OR json_type(log_json) = 'array')"
    )


@migrations()
def m0007_value_origin(db: Database) -> None:
    """Where a carried value came from (issue #17): a base-year input filled from the
    county's own earlier return keeps that return's year, form, revision and field as a
    small JSON object; NULL for everything typed, imported or pasted. Any later write of
    the field clears it, so the marker is shown only while the value is the carried one."""
    db.execute(
        "ALTER TABLE field_values ADD COLUMN origin TEXT"
        " CHECK (origin IS NULL OR json_type(origin) = 'object')"
    )


@migrations()
def m0008_city_statistics(db: Database) -> None:
    """The city's own base data from its statistics bureau (issue #16 item 5), per report
    year: GDP, value added and comparable-price indices (field id → value as exact text,
    a JSON object) with the publication they come from. City mode only; consolidation uses
    them instead of the county-weighted figures. Changes are audited (kind
    `city_statistics`)."""
    db.execute(
        """CREATE TABLE city_statistics (
            year INTEGER PRIMARY KEY,
            values_json TEXT NOT NULL CHECK (json_type(values_json) = 'object'),
            source TEXT NOT NULL CHECK (source <> ''),
            updated_at TEXT NOT NULL,
            who TEXT NOT NULL
        ) STRICT"""
    )


@migrations()
def m0009_ledger_row_origin(db: Database) -> None:
    """Where a carried 表四 row came from (issue #17): a unit started from last year's
    ledger keeps that ledger's year, revision and the cells as carried, as a small JSON
    object; NULL for rows typed, pasted or imported. Rewriting the row keeps it, so a
    cell is shown as carried while it still holds the carried text (and again after an
    undo)."""
    db.execute(
        "ALTER TABLE ledger_rows ADD COLUMN origin TEXT"
        " CHECK (origin IS NULL OR json_type(origin) = 'object')"
    )


def known_names() -> list[str]:
    """Every step in order: all of them are pending on an empty database."""
    return [m.name for m in migrations.pending(Database(memory=True))]
