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


def test_a_lower_case_credit_code_is_stored_and_shown_upper_case(
    data: Path, tmp_path: Path
) -> None:
    """Issue #17 item 19: 12140322mb1599713c (valid: GB 32100's check character of
    12140322MB1599713 is C) is kept, shown and exported as 12140322MB1599713C; a code stored
    in lower case before this version is shown upper case when the return is opened."""
    import openpyxl

    from siwu_desktop.services.export import export_returns

    row = {"name": "盂县医院", "uscc": "12140322mb1599713c", "industry": "服务业"}
    with open_storage(data) as storage:
        svc = service(storage)
        loaded = svc.load(svc.open("盂县", "t4", 2025))
        svc.put_ledger_row(loaded, 0, row)
        assert loaded.data.rows[0].cells["uscc"].text == "12140322MB1599713C"
        [stored] = storage.returns.ledger_rows(loaded.info.id, loaded.revision)
        assert stored.cells["uscc"] == "12140322MB1599713C"
        assert not [f for f in svc.validate(loaded) if f.rule == "D11"]
        # as an earlier version stored it: lower case in the database
        storage.returns.put_ledger_row(
            loaded.info.id, {**row, "uscc": "92140322ma0x00006x"}, position=1
        )
        again = svc.load(svc.open("盂县", "t4", 2025))
        assert [r.cells["uscc"].text for r in again.data.rows] == [
            "12140322MB1599713C",
            "92140322MA0X00006X",
        ]
        path = export_returns(svc, [again], tmp_path / "t4.xlsx").path
    shown = [c.value for r in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in r]
    assert "12140322MB1599713C" in shown and "12140322mb1599713c" not in shown


def test_a_code_stored_lower_case_is_finalised_upper_case_and_reads_back_the_same(
    data: Path,
) -> None:
    """A draft holding a lower-case code from an earlier version: finalising stores it as
    shown (upper case), so the finalised revision's digest matches what it reads back."""
    from siwu_desktop.core.sample import sample_uscc

    with open_storage(data) as storage:
        svc = service(storage)
        info = svc.open("盂县", "t4", 2025)
        row = {
            "name": "盂县医院",
            "uscc": sample_uscc(3).lower(),
            "industry": "服务业",
            "source": "公共供水",
            "plan": "10",
            "annual": "9",
        }
        storage.returns.put_ledger_row(info.id, row, position=0)  # as an earlier version did
        loaded = svc.load(info)
        svc.finalise(loaded)
        final = svc.load(svc.storage.returns.get(info.id))
        assert final.locked
        assert final.data.rows[0].cells["uscc"].text == sample_uscc(3)
        digest = storage.returns.revisions(info.id)[0].digest
        assert content_digest(final.data) == digest


def test_a_return_finalised_with_a_lower_case_code_still_reads_as_signed(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision finalised by an earlier version with a lower-case code (its digest covers
    the lower case): it is shown as signed, and its export still verifies."""
    from siwu_desktop.core import returns as core_returns
    from siwu_desktop.core.sample import sample_uscc
    from siwu_desktop.excel.reader import read_workbook
    from siwu_desktop.services.export import export_returns

    code = sample_uscc(3).lower()  # 91140400ma0000003u
    with open_storage(data) as storage:
        svc = service(storage)
        info = svc.open("盂县", "t4", 2025)
        row = {"name": "盂县医院", "uscc": code, "industry": "服务业", "source": "公共供水"}
        storage.returns.put_ledger_row(info.id, {**row, "plan": "10", "annual": "9"}, position=0)
        # the earlier version: no upper-casing when reading, none when finalising
        monkeypatch.setattr(core_returns, "UPPER_CASE_CODES", frozenset())
        svc.finalise(svc.load(info))
        monkeypatch.undo()
        final = svc.load(svc.storage.returns.get(info.id))
        assert final.data.rows[0].cells["uscc"].text == code  # as signed
        assert content_digest(final.data) == storage.returns.revisions(info.id)[0].digest
        path = export_returns(svc, [final], tmp_path / "old.xlsx").path
    parsed = read_workbook(path, default_catalog()).returns[0]
    assert parsed.verified and parsed.data.rows[0].cells["uscc"].text == code


def test_t2_cannot_be_finalised_while_it_disagrees_with_t1(data: Path) -> None:
    """Issue #17 item 6: 表二 合计 3480 against 表一 用水总量 3580 said 校验通过 on 表二 and
    let it be finalised. 3580 − 3480 = 100 > 0.5 + 0.5 + 0.5 (three integer entries)."""
    with open_storage(data) as storage:
        svc = service(storage)
        t1 = fill_t1(svc)
        svc.enter_value(t1, "total_use", "3580")
        t2 = svc.load(svc.open("盂县", "t2", 2025))
        svc.enter_values(t2, {"industry_surface": "3000", "urban_public_surface": "480"})
        checked = svc.check(t2)
        d07 = [f for f in checked.findings if f.rule == "D07" and f.field == "total_use"]
        assert d07 and "表一“用水总量”为 3580" in d07[0].message
        assert checked.errors and t2.info.status == "draft"  # not 已校验
        with pytest.raises(FinaliseRefused):
            svc.finalise(t2)


def test_judging_loads_only_the_other_forms_its_checks_read(demo_service: ReturnService) -> None:
    # The demo county has all four 2025 forms. 表一's checks read 表二 (its sectors against
    # the total) and 表四 (the ledger's count), 表二's read 表一, 表四's read 表二 (or 表一),
    # 表三's (tasks) read none: so judging 表一 does not load 表三. The findings are those
    # judged with every other form at hand.
    from siwu_desktop.core.validation import ValidationContext, validate

    svc = demo_service
    returns = {form: svc.load(svc.open("潞城区", form, 2025)) for form in ("t1", "t2", "t3", "t4")}
    read = {"t1": {"t2", "t4"}, "t2": {"t1"}, "t3": set(), "t4": {"t1", "t2"}}
    for form, loaded in returns.items():
        ctx = svc.context(loaded)
        assert set(ctx.companions) == read[form], form
        every = {f: r.data for f, r in returns.items() if f != form}
        full = ValidationContext(
            ctx.catalog,
            allocations=ctx.allocations,
            last_year=ctx.last_year,
            companions=every,
            reporting_date=ctx.reporting_date,
            surcharge_bands=ctx.surcharge_bands,
            extra_tasks=ctx.extra_tasks,
            forms=ctx.forms,
        )
        assert validate(loaded.data, ctx) == validate(loaded.data, full), form
