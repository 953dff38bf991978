"""Every state-changing service method says what it changed (services.changes), and 校验
records the validated state in the service, so the window and `siwu validate` leave
the same state behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import open_storage
from tests.profiles import YU_COUNTY


def service(storage) -> ReturnService:  # type: ignore[no-untyped-def]
    return ReturnService(storage, default_catalog(), today=dt.date(2026, 1, 20))


def filled(svc: ReturnService) -> LoadedReturn:
    loaded = svc.load(svc.open("盂县", "t1", 2025))
    sample = sample_return(loaded.form, "盂县", 2025)
    svc.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
    return loaded


def test_changes_join_and_say_whether_anything_changed() -> None:
    assert not NONE and Changes.joined([]) == NONE
    a, b = Changes.content(1), Changes.status(2) | Changes(pack=True)
    joined = a | b
    assert joined.returns == {1} and joined.statuses == {1, 2} and joined.findings == {1}
    assert joined.pack and not joined.listing and joined == Changes.joined([a, b])


def test_check_records_validated_only_for_an_error_free_draft(tmp_path: Path) -> None:
    with open_storage(tmp_path) as storage:
        storage.profile.save(YU_COUNTY)
        svc = service(storage)
        loaded = filled(svc)
        rid = loaded.info.id
        # core's sample for 盂县 2025 has no data error
        checked = svc.check(loaded)
        assert checked.errors == 0
        assert not any(f.severity is Severity.ERROR for f in checked.findings)
        assert checked.changes == Changes(statuses=frozenset({rid}))
        assert storage.returns.get(rid).status == "validated" == loaded.info.status
        assert svc.check(loaded).changes == NONE  # already 已校验: nothing to record
        # an edit makes it a draft again, and says so
        edit = svc.enter_value(loaded, "supply_total", "约3000")
        assert edit == Changes.content(rid)
        assert storage.returns.get(rid).status == "draft"
        refused = svc.check(loaded)
        assert refused.errors >= 1 and refused.changes == NONE
        assert storage.returns.get(rid).status == "draft"


def test_check_leaves_a_finalised_return_alone(tmp_path: Path) -> None:
    with open_storage(tmp_path) as storage:
        storage.profile.save(YU_COUNTY)
        svc = service(storage)
        loaded = filled(svc)
        for f in svc.validate(loaded):
            svc.set_explanation(loaded, f.key, "已核实。")
        finalised = svc.finalise(loaded)
        assert finalised.revision == 1 and finalised.changes == Changes.status(loaded.info.id)
        assert svc.check(loaded).changes == NONE
        assert storage.returns.get(loaded.info.id).status == "finalised"
        corrected = svc.correct(loaded, "统计局修订了GDP")
        assert corrected.revision == 2 and corrected.changes == Changes.content(loaded.info.id)


def test_export_and_print_records_say_which_return_changed(tmp_path: Path) -> None:
    from siwu_desktop.services.export import export_returns

    with open_storage(tmp_path / "data") as storage:
        storage.profile.save(YU_COUNTY)
        svc = service(storage)
        loaded = filled(svc)
        result = export_returns(svc, [loaded], tmp_path / "t1.xlsx")
        assert result.changes == Changes.status(loaded.info.id)
        recorded = svc.record_output(loaded.info.id, 1, "print", "打印机甲", "d" * 64)
        assert recorded.changes == Changes.status(loaded.info.id)
        kinds = [r.kind for r in storage.outputs.for_return(loaded.info.id)]
        assert kinds == ["export", "print"]


def test_the_window_reads_listing_outputs_and_warnings_through_the_service(
    tmp_path: Path,
) -> None:
    """What the window lists (a county's returns, a return's outputs, the opening warnings)
    comes from service methods, not from `service.storage` (issue #13 leftovers)."""
    with open_storage(tmp_path) as storage:
        storage.profile.save(YU_COUNTY)
        svc = service(storage)
        t1 = svc.open("盂县", "t1", 2025)
        svc.open("盂县", "t2", 2025)
        # two returns opened for 盂县, none for any other county
        assert sorted(r.form for r in svc.county_returns("盂县")) == ["t1", "t2"]
        assert svc.county_returns("平定县") == []
        assert svc.output_records(t1.id) == []
        svc.record_output(t1.id, 1, "print", "打印机甲", "d" * 64)
        assert [r.kind for r in svc.output_records(t1.id)] == ["print"]
        assert svc.warnings == []  # a fresh data directory: nothing went wrong opening it
        storage.session.warnings.append("备份失败")
        assert svc.warnings == ["备份失败"]
