"""Values, explanations, ledger rows and task progress: stored exactly, audited, autosaved."""

from __future__ import annotations

import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siwu_desktop.storage import (
    NotFoundError,
    ReturnKey,
    Storage,
    StorageError,
    StoredValue,
    TaskProgress,
    open_storage,
)
from siwu_desktop.storage.returns import decimal_text


def test_value_kept_as_typed_and_as_decimal_text(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    assert storage.returns.set_value(
        rid, "water_total", "１２，３４５．６０ 万m³", Decimal("12345.60")
    )
    assert storage.returns.values(rid) == {
        "water_total": StoredValue("１２，３４５．６０ 万m³", Decimal("12345.60"))
    }
    raw = storage.session.db.execute("SELECT value, typeof(value) FROM field_values").fetchone()
    assert raw == ("12345.60", "text")  # entered precision kept, never REAL


def test_decimal_text_is_plain_notation() -> None:
    assert decimal_text(Decimal("1E+3")) == "1000"
    assert decimal_text(Decimal("-0.00")) == "0.00"
    assert decimal_text(Decimal("0.1")) == "0.1"
    assert decimal_text(None) is None
    with pytest.raises(StorageError, match="不是有限的十进制数"):
        decimal_text(Decimal("NaN"))


def test_value_column_holds_plain_decimal_text_only(storage: Storage, key: ReturnKey) -> None:
    storage.returns.get_or_create(key)
    db = storage.session.db
    db.execute("INSERT INTO field_values VALUES (1, 'x', '0.1', 0.1, 'now', NULL)")
    assert db.execute("SELECT typeof(value) FROM field_values").fetchone() == ("text",)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # no exponent notation
        db.execute("INSERT INTO field_values VALUES (1, 'y', '1e-7', 1e-7, 'now', NULL)")


def test_every_edit_is_committed_when_the_call_returns(data_dir: Path, key: ReturnKey) -> None:
    """Autosave: a second connection sees the edit at once, without any save or close."""
    with open_storage(data_dir) as s:
        rid = s.returns.get_or_create(key).id
        s.returns.set_value(rid, "gdp", "200", Decimal(200))
        other = sqlite3.connect(s.paths.database)
        assert other.execute("SELECT text FROM field_values").fetchall() == [("200",)]
        other.close()


def test_unchanged_edit_writes_no_audit(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    storage.returns.set_value(rid, "gdp", "200", Decimal(200))
    assert not storage.returns.set_value(rid, "gdp", "200", Decimal(200))
    assert not storage.returns.set_value(rid, "never", "", None)
    assert [a.kind for a in storage.returns.audit_trail(rid)] == ["return", "value"]


def test_audit_records_field_old_new_when_who(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    storage.returns.set_value(rid, "gdp", "200", Decimal(200))
    storage.returns.set_value(rid, "gdp", "210.5", Decimal("210.5"))
    storage.returns.set_value(rid, "gdp", "", None)
    entries = [a for a in storage.returns.audit_trail(rid) if a.kind == "value"]
    assert [(a.key, a.old, a.new) for a in entries] == [
        ("gdp", None, "200"),
        ("gdp", "200", "210.5"),
        ("gdp", "210.5", None),
    ]
    assert all(a.who == "张三" and a.revision == 1 and a.return_id == rid for a in entries)
    assert all(a.at[10] == "T" and a.at[-6] in "+-" for a in entries)  # ISO with UTC offset
    assert storage.returns.values(rid) == {}


def test_audit_is_append_only(storage: Storage, key: ReturnKey) -> None:
    storage.returns.get_or_create(key)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        storage.session.db.execute("DELETE FROM audit")


def test_set_values_is_one_transaction(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    with pytest.raises(StorageError):
        storage.returns.set_values(rid, {"a": ("1", Decimal(1)), "b": ("x", Decimal("Inf"))})
    assert storage.returns.values(rid) == {}
    assert storage.returns.set_values(rid, {"a": ("1", Decimal(1)), "b": ("x", None)}) == 2


def test_explanations(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    assert storage.returns.set_explanation(rid, "coeff", "受干旱影响")
    assert not storage.returns.set_explanation(rid, "coeff", "受干旱影响")
    assert storage.returns.explanations(rid) == {"coeff": "受干旱影响"}
    storage.returns.set_explanation(rid, "coeff", "")
    assert storage.returns.explanations(rid) == {}
    kinds = [(a.kind, a.old, a.new) for a in storage.returns.audit_trail(rid)][1:]
    assert kinds == [("explanation", None, "受干旱影响"), ("explanation", "受干旱影响", None)]


def test_ledger_rows_have_stable_uids(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    a = storage.returns.put_ledger_row(rid, {"name": "甲厂", "plan": "12"})
    b = storage.returns.put_ledger_row(rid, {"name": "乙厂", "plan": "3"})
    storage.returns.put_ledger_row(rid, {"name": "甲厂", "plan": "13"}, row_uid=a, position=5)
    rows = storage.returns.ledger_rows(rid)
    assert [(r.row_uid, r.position, r.cells["plan"]) for r in rows] == [(b, 1, "3"), (a, 5, "13")]
    storage.returns.delete_ledger_row(rid, b)
    assert [r.row_uid for r in storage.returns.ledger_rows(rid)] == [a]
    with pytest.raises(NotFoundError, match="找不到这一行"):
        storage.returns.delete_ledger_row(rid, b)
    ledger = [a_.key for a_ in storage.returns.audit_trail(rid) if a_.kind == "ledger"]
    assert ledger == [a, b, a, b]


def test_task_progress(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    done = TaskProgress(status="已完成", done_date="2025-06-30", evidence="文件", note="")
    assert storage.returns.set_task_progress(rid, "cz-2026-03", done)
    assert not storage.returns.set_task_progress(rid, "cz-2026-03", done)
    assert storage.returns.task_progress(rid) == {"cz-2026-03": done}


def test_listing_a_period(storage: Storage) -> None:
    for county in ("潞州区", "上党区"):
        for form in ("table1", "table2"):
            storage.returns.get_or_create(ReturnKey(county, form, 2025, "Y"))
        storage.returns.get_or_create(ReturnKey(county, "table3", 2025, "Q1"))
    listed = storage.returns.list_returns(year=2025, period="Y")
    assert [(r.county, r.form) for r in listed] == [
        ("上党区", "table1"),
        ("上党区", "table2"),
        ("潞州区", "table1"),
        ("潞州区", "table2"),
    ]
    assert {r.status for r in listed} == {"draft"}
    with pytest.raises(StorageError, match="报告期"):
        storage.returns.get_or_create(ReturnKey("潞州区", "table1", 2025, "H1"))


@settings(max_examples=50, deadline=None)
@given(
    text=st.text(min_size=1, max_size=40),
    value=st.decimals(allow_nan=False, allow_infinity=False) | st.none(),
)
def test_any_text_and_decimal_round_trip(text: str, value: Decimal | None) -> None:
    with tempfile.TemporaryDirectory() as folder, open_storage(folder) as s:
        rid = s.returns.get_or_create(ReturnKey("潞州区", "t", 2025)).id
        s.returns.set_value(rid, "f", text, value)
        stored = s.returns.values(rid)["f"]
        assert stored.text == text
        assert stored.value == value
        assert decimal_text(stored.value) == decimal_text(value)
