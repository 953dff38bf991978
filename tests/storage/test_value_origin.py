"""A carried value's origin (m0007): written only into an empty field, kept while the value
is the carried one, cleared by any write, copied into a correction, added to older files."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.storage import LockedRevisionError, ReturnKey, Storage, StoredValue, open_storage
from siwu_desktop.storage.migrations import known_names
from tests.older_schema import database_without
from tests.profiles import YU_COUNTY

ORIGIN = '{"field": "total_use", "year": 2025}'


def test_carried_values_fill_only_empty_fields(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    storage.returns.set_value(rid, "typed", "7,990", Decimal("7990"))
    written = storage.returns.carry_values(
        rid,
        {
            "typed": ("8000", Decimal("8000"), ORIGIN),
            "empty": ("1500", Decimal("1500"), ORIGIN),
        },
    )
    assert written == ["empty"]
    assert storage.returns.values(rid) == {
        "typed": StoredValue("7,990", Decimal("7990")),
        "empty": StoredValue("1500", Decimal("1500"), ORIGIN),
    }
    trail = [(a.kind, a.key, a.old, a.new) for a in storage.returns.audit_trail(rid)]
    assert trail[-1] == ("value", "empty", None, "1500")  # audited like a typed value


def test_any_write_clears_the_origin(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    storage.returns.carry_values(rid, {"f": ("8000", Decimal("8000"), ORIGIN)})
    storage.returns.set_value(rid, "f", "8000", Decimal("8000"))  # the same: no change
    assert storage.returns.values(rid)["f"].origin == ORIGIN
    storage.returns.set_value(rid, "f", "8,000", Decimal("8000"))
    assert storage.returns.values(rid)["f"] == StoredValue("8,000", Decimal("8000"))


def test_a_correction_copies_the_origin_and_a_finalised_revision_refuses(
    storage: Storage, key: ReturnKey
) -> None:
    rid = storage.returns.get_or_create(key).id
    storage.returns.carry_values(rid, {"f": ("8000", Decimal("8000"), ORIGIN)})
    storage.returns.mark_validated(rid)
    storage.returns.finalize(rid, "d" * 64, "{}")
    with pytest.raises(LockedRevisionError):
        storage.returns.carry_values(rid, {"g": ("1", Decimal("1"), ORIGIN)})
    storage.returns.correct(rid, "统计局修订")
    assert storage.returns.values(rid)["f"].origin == ORIGIN
    assert storage.returns.values(rid, 1)["f"].origin == ORIGIN


def test_m0007_adds_the_origin_to_an_older_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert "m0007_value_origin" in known_names()
    database_without(data, "m0007_value_origin", YU_COUNTY, ReturnKey("盂县", "t1", 2026))
    db = sqlite3.connect(data / "siwu.db")
    assert "origin" not in [r[1] for r in db.execute("PRAGMA table_info(field_values)")]
    db.execute(
        "INSERT INTO field_values (revision_id, field_id, text, value, updated_at)"
        " VALUES (1, 'total_use', '3,580', '3580', 'x')"
    )
    db.commit()
    db.close()
    with open_storage(data, daily_backup=False) as storage:
        rid = storage.returns.list_returns()[0].id
        assert storage.returns.values(rid) == {"total_use": StoredValue("3,580", Decimal("3580"))}
        storage.returns.carry_values(rid, {"total_use_b2025": ("8000", Decimal("8000"), ORIGIN)})
        assert storage.returns.values(rid)["total_use_b2025"].origin == ORIGIN
        with pytest.raises(sqlite3.IntegrityError):  # not an object: refused by the CHECK
            storage.session.db.execute("UPDATE field_values SET origin = '[1]'")


# --- 表四 rows (m0009) ------------------------------------------------------------------------

ROW_ORIGIN = '{"cells": {"name": "甲厂"}, "from": {"year": 2025}}'


def test_a_ledger_rows_origin_is_kept_when_the_row_is_rewritten_and_copied(
    storage: Storage,
) -> None:
    rid = storage.returns.get_or_create(ReturnKey("盂县", "t4", 2026)).id
    uid = storage.returns.put_ledger_row(rid, {"name": "甲厂"}, origin=ROW_ORIGIN)
    typed = storage.returns.put_ledger_row(rid, {"name": "乙厂"})
    storage.returns.put_ledger_row(rid, {"name": "甲厂一分厂"}, row_uid=uid, position=1)
    rows = {r.row_uid: r for r in storage.returns.ledger_rows(rid)}
    assert (rows[uid].cells, rows[uid].origin) == ({"name": "甲厂一分厂"}, ROW_ORIGIN)
    assert rows[typed].origin is None
    storage.returns.mark_validated(rid)
    storage.returns.finalize(rid, "d" * 64, "{}")
    storage.returns.correct(rid, "统计局修订")
    assert {r.row_uid: r.origin for r in storage.returns.ledger_rows(rid)} == {
        uid: ROW_ORIGIN,
        typed: None,
    }


def test_m0009_adds_the_ledger_origin_to_an_older_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    step = "m0009_ledger_row_origin"
    assert step in known_names()
    database_without(data, step, YU_COUNTY, ReturnKey("盂县", "t4", 2026))
    db = sqlite3.connect(data / "siwu.db")
    assert "origin" not in [r[1] for r in db.execute("PRAGMA table_info(ledger_rows)")]
    db.execute(
        "INSERT INTO ledger_rows (revision_id, row_uid, position, cells_json, updated_at)"
        """ VALUES (1, 'u1', 0, '{"name": "甲厂"}', 'x')"""
    )
    db.commit()
    db.close()
    with open_storage(data, daily_backup=False) as storage:
        rid = storage.returns.list_returns()[0].id
        [row] = storage.returns.ledger_rows(rid)
        assert (row.cells, row.origin) == ({"name": "甲厂"}, None)
        with pytest.raises(sqlite3.IntegrityError):  # not an object: refused by the CHECK
            storage.session.db.execute("UPDATE ledger_rows SET origin = '[1]'")
