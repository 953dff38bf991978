"""Target packs in the service layer: imported, applied to validation, recorded per revision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.core import signing
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.target_pack import PackAllocation, PackError
from siwu_desktop.core.terms import Basis, Verdict
from siwu_desktop.core.validation import judgements
from siwu_desktop.services.packs import import_pack, new_pack, write_pack
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.services.stored_packs import pack_in_force
from siwu_desktop.storage import Profile, ReturnKey, find_backups, open_storage
from tests.older_schema import database_without, revision_columns

CITY_KEY = signing.new_key_pair()  # the 长治市 bureau's key, pinned at the first pack
COUNTY = Profile(mode="county", city="长治市", county="沁县", counties=(("沁县", "140430"),))


def _pack(tmp: Path, version: str, value: str, date: dt.date) -> Path:
    catalog = default_catalog()
    allocation = PackAllocation("沁县", "groundwater_use", None, Decimal(value), "万立方米")
    pack, warnings = new_pack(catalog, "长治市", version, [allocation], date=date)
    assert warnings == []
    path = tmp / f"{version}.siwupack"
    write_pack(pack, path, CITY_KEY)
    return path


def _fill(svc: ReturnService, year: int = 2025):  # type: ignore[no-untyped-def]
    loaded = svc.load(svc.open("沁县", "t1", year))
    sample = sample_return(loaded.form, "沁县", year)
    svc.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
    return loaded


def test_imported_pack_applies_to_validation_and_is_recorded(tmp_path: Path) -> None:
    catalog = default_catalog()
    first = _pack(tmp_path, "2026.1", "3000", dt.date(2026, 3, 1))
    second = _pack(tmp_path, "2026.2", "2000", dt.date(2026, 4, 1))
    with open_storage(tmp_path / "data") as storage:
        storage.profile.save(COUNTY)
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        loaded = _fill(svc)
        before = [
            j for j in judgements(loaded.data, svc.context(loaded)) if j.field == "groundwater_use"
        ]
        assert before[0].status == Verdict.NOT_ALLOCATED  # no pack yet
        result = import_pack(storage, catalog, first)
        assert result.previous is None and not result.already
        # the same service sees the pack from now on: 2500 ≤ 3000
        after = [
            j for j in judgements(loaded.data, svc.context(loaded)) if j.field == "groundwater_use"
        ]
        assert after[0].basis == Basis.ALLOCATION and after[0].status == Verdict.MET
        assert "2026.1版" in after[0].citation
        result = import_pack(storage, catalog, second)
        assert [c.text for c in result.changes] == ["沁县 每年 地下水用水量：3000 → 2000 万立方米"]
        assert import_pack(storage, catalog, second).already
        now = [
            j for j in judgements(loaded.data, svc.context(loaded)) if j.field == "groundwater_use"
        ]
        assert now[0].status == Verdict.UNMET  # 2500 > 2000
        assert pack_in_force(storage, catalog, "长治市").version == "2026.2"
        for finding in svc.validate(loaded):
            svc.set_explanation(loaded, finding.key, "已核实。")
        revision = svc.finalise(loaded)
        assert revision.pack_version == "2026.2"
        assert storage.returns.revisions(loaded.info.id)[0].pack_version == "2026.2"


def test_explicit_allocations_still_win(tmp_path: Path) -> None:
    with open_storage(tmp_path / "data") as storage:
        storage.profile.save(COUNTY)
        import_pack(
            storage, default_catalog(), _pack(tmp_path, "2026.1", "3000", dt.date(2026, 3, 1))
        )
        svc = ReturnService(storage, default_catalog(), allocations=())
        assert svc.allocations == () and svc.pack_in_force().version is None


def test_a_pack_for_another_city_is_refused_and_not_stored(tmp_path: Path) -> None:
    path = _pack(tmp_path, "2026.1", "3000", dt.date(2026, 3, 1))
    with open_storage(tmp_path / "data") as storage:
        storage.profile.save(Profile(mode="county", city="阳泉市", county="盂县"))
        with pytest.raises(PackError, match="该目标包是长治市的"):
            import_pack(storage, default_catalog(), path)
        assert storage.packs.list_packs() == []


def test_another_content_under_the_same_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _pack(tmp_path / "a", "2026.1", "3000", dt.date(2026, 3, 1))
    b = _pack(tmp_path / "b", "2026.1", "2500", dt.date(2026, 3, 1))
    with open_storage(tmp_path / "data") as storage:
        storage.profile.save(COUNTY)
        import_pack(storage, default_catalog(), a)
        with pytest.raises(PackError):
            import_pack(storage, default_catalog(), b)


def test_m0002_upgrades_a_database_of_the_first_release(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database_without(data, "m0002_revision_pack_version", COUNTY, ReturnKey("沁县", "t1", 2025))
    assert "pack_version" not in revision_columns(data)
    with open_storage(data, daily_backup=False) as storage:
        info = storage.returns.list_returns()[0]
        assert storage.returns.revisions(info.id)[0].pack_version is None
        storage.returns.set_pack_version(info.id, "2026.1")
        assert storage.returns.revisions(info.id)[0].pack_version == "2026.1"
    assert [b.reason for b in find_backups(data) if b.reason == "migration"] == ["migration"]
