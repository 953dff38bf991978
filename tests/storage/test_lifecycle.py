"""草稿 → 已校验 → 已定稿 (locked, digest) → 更正 as revision n+1; earlier revisions readable."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from decimal import Decimal

import pytest

from siwu_desktop.storage import (
    LifecycleError,
    LockedRevisionError,
    ReturnKey,
    Storage,
    StorageError,
    TaskProgress,
)


def _finalised(storage: Storage, key: ReturnKey) -> int:
    rid = storage.returns.get_or_create(key).id
    storage.returns.set_value(rid, "gdp", "200", Decimal(200))
    storage.returns.set_explanation(rid, "gdp", "说明")
    storage.returns.put_ledger_row(rid, {"name": "甲厂"})
    storage.returns.set_task_progress(rid, "t1", TaskProgress(status="进行中"))
    storage.returns.mark_validated(rid)
    storage.returns.finalize(rid, "sha256:aaa", '{"gdp": "200"}')
    return rid


def test_finalise_needs_validation(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    with pytest.raises(LifecycleError, match="须先校验通过"):
        storage.returns.finalize(rid, "d", "{}")


def test_an_edit_after_validation_returns_to_draft(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    storage.returns.mark_validated(rid)
    assert storage.returns.get(rid).status == "validated"
    storage.returns.set_value(rid, "gdp", "1", Decimal(1))
    assert storage.returns.get(rid).status == "draft"
    with pytest.raises(LifecycleError):
        storage.returns.finalize(rid, "d", "{}")


def test_finalised_revision_is_locked(storage: Storage, key: ReturnKey) -> None:
    rid = _finalised(storage, key)
    info = storage.returns.get(rid)
    assert (info.revision, info.status, info.digest) == (1, "finalised", "sha256:aaa")
    edits: list[Callable[[], object]] = [
        lambda: storage.returns.set_value(rid, "gdp", "201", Decimal(201)),
        lambda: storage.returns.set_explanation(rid, "gdp", "改"),
        lambda: storage.returns.put_ledger_row(rid, {"name": "乙厂"}),
        lambda: storage.returns.set_task_progress(rid, "t1", TaskProgress(status="完成")),
        lambda: storage.returns.mark_validated(rid),
        lambda: storage.returns.finalize(rid, "other", "{}"),
    ]
    for edit in edits:
        with pytest.raises(LockedRevisionError, match="已定稿锁定"):
            edit()
    assert storage.returns.values(rid)["gdp"].text == "200"


def test_database_triggers_lock_even_past_the_repository(storage: Storage, key: ReturnKey) -> None:
    """Should a bug bypass the repository's check, SQLite itself refuses the change."""
    _finalised(storage, key)
    db = storage.session.db
    for sql in (
        "UPDATE field_values SET text = '9'",
        "DELETE FROM explanations",
        "UPDATE ledger_rows SET position = 9",
        "DELETE FROM task_progress",
        "UPDATE revisions SET digest = 'forged'",
        "DELETE FROM revisions",
        "INSERT INTO field_values (revision_id, field_id, text, value, updated_at)"
        " VALUES (1, 'new', '1', '1', 'now')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="revision finalised"):
            db.execute(sql)


def test_snapshot_is_stored_verbatim(storage: Storage, key: ReturnKey) -> None:
    rid = _finalised(storage, key)
    snap = storage.returns.snapshot(rid, 1)
    assert (snap.digest, snap.content_json) == ("sha256:aaa", '{"gdp": "200"}')


def test_correction_opens_next_revision(storage: Storage, key: ReturnKey) -> None:
    rid = _finalised(storage, key)
    with pytest.raises(LifecycleError, match="更正原因"):
        storage.returns.correct(rid, "  ")
    rev2 = storage.returns.correct(rid, "用水总量录入错误")
    assert (rev2.revision, rev2.status, rev2.reason) == (2, "draft", "用水总量录入错误")
    storage.returns.set_value(rid, "gdp", "205", Decimal(205))
    # revision 2 is a full copy, then edited; revision 1 stays as it was, readable
    assert storage.returns.values(rid)["gdp"].text == "205"
    assert storage.returns.values(rid, revision=1)["gdp"].text == "200"
    assert storage.returns.explanations(rid, revision=2) == {"gdp": "说明"}
    assert len(storage.returns.ledger_rows(rid, revision=2)) == 1
    assert storage.returns.task_progress(rid, revision=2)["t1"].status == "进行中"
    assert [r.status for r in storage.returns.revisions(rid)] == ["finalised", "draft"]
    storage.returns.mark_validated(rid)
    storage.returns.finalize(rid, "sha256:bbb", '{"gdp": "205"}')
    assert storage.returns.snapshot(rid, 1).digest == "sha256:aaa"
    assert storage.returns.get(rid).revision == 2
    audit = [(a.kind, a.revision) for a in storage.returns.audit_trail(rid)]
    assert ("correct", 2) in audit and ("value", 2) in audit


def test_correct_needs_a_finalised_revision(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    with pytest.raises(LifecycleError, match="只有已定稿"):
        storage.returns.correct(rid, "原因")


def test_finalise_refuses_empty_digest_or_bad_json(storage: Storage, key: ReturnKey) -> None:
    rid = storage.returns.get_or_create(key).id
    storage.returns.mark_validated(rid)
    with pytest.raises(LifecycleError, match="摘要"):
        storage.returns.finalize(rid, " ", "{}")
    with pytest.raises(StorageError, match="JSON"):
        storage.returns.finalize(rid, "d", "{not json")


def test_outputs_recorded(storage: Storage, key: ReturnKey) -> None:
    rid = _finalised(storage, key)
    storage.outputs.record(rid, 1, "export", "/tmp/表一.xlsx", "sha256:aaa")
    storage.outputs.record(rid, 1, "print", "/tmp/表一.pdf", "sha256:aaa")
    recs = storage.outputs.for_return(rid)
    assert [(r.kind, r.file, r.digest, r.who) for r in recs] == [
        ("export", "/tmp/表一.xlsx", "sha256:aaa", "张三"),
        ("print", "/tmp/表一.pdf", "sha256:aaa", "张三"),
    ]
    with pytest.raises(StorageError, match="记录类型"):
        storage.outputs.record(rid, 1, "fax", "x", "d")


def test_target_packs(storage: Storage) -> None:
    pack = storage.packs.add("长治市水利局", "2026.1", "2026-03-01", "sha256:p1", '{"targets": []}')
    assert storage.packs.add("长治市水利局", "2026.1", "2026-03-01", "sha256:p1", "{}") == pack
    with pytest.raises(StorageError, match="内容不同"):
        storage.packs.add("长治市水利局", "2026.1", "2026-03-01", "sha256:p2", "{}")
    storage.packs.add("长治市水利局", "2026.2", "2026-06-01", "sha256:p3", '{"targets": [1]}')
    latest = storage.packs.latest("长治市水利局")
    assert latest is not None and latest.version == "2026.2"
    assert latest.payload_json == '{"targets": [1]}'


def test_the_rows_of_a_withdrawn_correction_are_marked_withdrawn(
    storage: Storage, key: ReturnKey
) -> None:
    """Two corrections withdrawn (撤销更正), then one kept and finalised as 第2版, then 第3版
    open: only the rows written in the two withdrawn ones (their 更正 row and their edits,
    all under the number 2) are withdrawn; the 撤销 rows themselves, 第1版's rows and the
    kept 第2版's and open 第3版's rows are not."""
    rid = _finalised(storage, key)
    other = storage.returns.get_or_create(ReturnKey("平顺县", "t1", 2025)).id
    for gdp in ("210", "220"):
        storage.returns.correct(rid, "核对")
        storage.returns.set_value(rid, "gdp", gdp, Decimal(gdp))
        storage.returns.set_value(other, "gdp", gdp, Decimal(gdp))  # another return, meanwhile
        storage.returns.withdraw_correction(rid)
    storage.returns.correct(rid, "统计局修订")
    storage.returns.set_value(rid, "gdp", "230", Decimal(230))
    storage.returns.mark_validated(rid)
    storage.returns.finalize(rid, "sha256:bbb", '{"gdp": "230"}')
    storage.returns.correct(rid, "再次核对")
    storage.returns.set_value(rid, "gdp", "240", Decimal(240))
    trail = storage.returns.audit_trail(rid)
    withdrawn = [(e.revision, e.kind, e.new) for e in trail if e.withdrawn]
    # by hand: each withdrawn correction wrote its 更正 row (new "2：核对") and one value row
    assert withdrawn == [
        (2, "correct", "2：核对"),
        (2, "value", "210"),
        (2, "correct", "2：核对"),
        (2, "value", "220"),
    ]
    kept = [(e.revision, e.new) for e in trail if e.kind == "value" and not e.withdrawn]
    assert kept == [(1, "200"), (2, "230"), (3, "240")]
    assert not any(e.withdrawn for e in storage.returns.audit_trail(other))
