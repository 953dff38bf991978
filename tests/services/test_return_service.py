"""A return's life through the shared service: typed text kept, findings, finalise, correct."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.digest import content_digest
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.returns import FinaliseRefused, ReturnService
from siwu_desktop.storage import StorageError, open_storage
from tests.profiles import YU_COUNTY

PROFILE = YU_COUNTY


@pytest.fixture
def data(tmp_path: Path) -> Path:
    with open_storage(tmp_path) as storage:
        storage.profile.save(PROFILE)
    return tmp_path


def service(storage) -> ReturnService:  # type: ignore[no-untyped-def]
    return ReturnService(storage, default_catalog(), today=dt.date(2026, 1, 20))


def fill_t1(svc: ReturnService, year: int = 2025):  # type: ignore[no-untyped-def]
    loaded = svc.load(svc.open("盂县", "t1", year))
    sample = sample_return(loaded.form, "盂县", year)
    svc.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
    return loaded


def test_typed_text_survives_reopening_even_when_refused(data: Path) -> None:
    with open_storage(data) as storage:
        svc = service(storage)
        loaded = fill_t1(svc)
        changes = svc.enter_value(
            loaded, "total_use", "１,２３４．５万立方米"
        )  # full-width digits and a unit
        assert changes.returns == {loaded.info.id}  # what the edit changed: this return
        entry = loaded.data.values["total_use"]
        assert entry.value is not None and entry.refusal is None
        svc.enter_value(loaded, "supply_total", "约3000")
        refused = loaded.data.values["supply_total"]
        assert refused.value is None and refused.refusal and "约" in refused.refusal
    with open_storage(data) as storage:  # a new process would see exactly this
        svc = service(storage)
        again = svc.load(svc.open("盂县", "t1", 2025))
        assert again.data.values["total_use"].text == "１,２３４．５万立方米"
        assert again.data.values["total_use"].value == entry.value
        assert again.data.values["supply_total"].text == "约3000"
        assert again.data.values["supply_total"].value is None
        rules = {f.rule for f in svc.validate(again)}
        assert "D02" in rules  # the refused text is an error until it is fixed


def test_finalise_is_refused_with_reasons_then_locks_with_a_digest(data: Path) -> None:
    with open_storage(data) as storage:
        svc = service(storage)
        loaded = fill_t1(svc)
        svc.enter_value(loaded, "supply_total", "约3000")
        with pytest.raises(FinaliseRefused) as refused:
            svc.finalise(loaded)
        assert any("错误" in r for r in refused.value.reasons)
        svc.enter_value(loaded, "supply_total", "3000")
        for finding in svc.validate(loaded):
            if finding.blocking:
                svc.set_explanation(loaded, finding.key, "情况说明：已整改")
        revision = svc.finalise(loaded)
        assert revision.revision == 1 and revision.digest
        with pytest.raises(StorageError, match="已定稿"):
            svc.enter_value(loaded, "total_use", "9001")
        # the locked content reloads to the same digest, signatures included
        reread = svc.load(svc.open("盂县", "t1", 2025))
        assert content_digest(reread.data) == revision.digest
        assert reread.data.metadata.preparer == "赵一"
        assert reread.data.metadata.date == "2026-01-20"
        snapshot = storage.returns.snapshot(reread.info.id, 1)
        assert json.loads(snapshot.content_json)["county"] == "盂县"


def test_correction_opens_revision_two_and_keeps_revision_one(data: Path) -> None:
    with open_storage(data) as storage:
        svc = service(storage)
        loaded = fill_t1(svc)
        for finding in svc.validate(loaded):
            if finding.blocking:
                svc.set_explanation(loaded, finding.key, "说明")
        first = svc.finalise(loaded)
        svc.correct(loaded, "统计局修订了GDP")
        assert loaded.revision == 2 and not loaded.locked
        svc.enter_value(loaded, "total_use", "9005")
        old = svc.load(loaded.info, revision=1)
        assert old.data.values["total_use"].text != "9005"
        assert content_digest(old.data) == first.digest
        assert svc.load(loaded.info).data.values["total_use"].text == "9005"


def test_ledger_and_task_rows_round_trip(data: Path) -> None:
    with open_storage(data) as storage:
        svc = service(storage)
        ledger = svc.load(svc.open("盂县", "t4", 2025))
        svc.put_ledger_row(ledger, 0, {"name": "示例化工厂", "plan": "12", "annual": "１３"})
        svc.put_ledger_row(ledger, 0, {"name": "示例化工厂", "plan": "12", "annual": "14"})
        tasks = svc.load(svc.open("盂县", "t3", 2025))
        svc.enter_task(tasks, 0, "status", "已完成")
        svc.enter_task(tasks, 0, "done_date", "2025年11月30日")
    with open_storage(data) as storage:
        svc = service(storage)
        ledger = svc.load(svc.open("盂县", "t4", 2025))
        assert len(ledger.data.rows) == 1
        assert ledger.data.rows[0].cells["annual"].text == "14"
        tasks = svc.load(svc.open("盂县", "t3", 2025))
        first = tasks.data.rows[0]
        assert first.cells["status"].text == "已完成"
        assert first.cells["done_date"].date == dt.date(2025, 11, 30)
