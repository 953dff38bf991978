"""Signed target packs (issue #14, item 3): the city signs each pack; a county pins the city
key with its first pack and refuses packs from any other key; pack import runs the checks
of `pack new`; versions only increase; a pack dated over a day ahead is refused; every
refusal says which pack stays in force. Nothing is stored on a refusal."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from siwu_desktop.core import signing
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.target_pack import PackAllocation, PackError, TargetPack, pack_to_json
from siwu_desktop.services.packs import import_pack, new_pack, write_pack
from siwu_desktop.services.stored_packs import latest_pack
from siwu_desktop.storage import Profile, Storage, open_storage

CATALOG = default_catalog()
CITY_KEY = signing.new_key_pair()
OTHER_KEY = signing.new_key_pair()  # someone else's installation, claiming to be the city
COUNTY = Profile(mode="county", city="长治市", county="沁县", counties=(("沁县", "140430"),))
TODAY = dt.date(2026, 5, 1)


def _pack(version: str, value: str = "3000", date: str = "2026-03-01") -> TargetPack:
    allocation = PackAllocation("沁县", "groundwater_use", None, Decimal(value), "万立方米")
    pack, _ = new_pack(
        CATALOG, "长治市", version, [allocation], date=dt.date.fromisoformat(date), allow_over=True
    )
    return pack


def _write(tmp: Path, pack: TargetPack, key: signing.KeyPair = CITY_KEY) -> Path:
    path = tmp / f"{pack.version}_{pack.date}_{key.fingerprint[:4]}.siwupack"
    write_pack(pack, path, key)
    return path


@pytest.fixture
def county(tmp_path: Path) -> Any:
    with open_storage(tmp_path / "county", daily_backup=False) as storage:
        storage.profile.save(COUNTY)
        yield storage


def _refused(storage: Storage, path: Path) -> str:
    before = [p.digest for p in storage.packs.list_packs()]
    with pytest.raises(PackError) as refused:
        import_pack(storage, CATALOG, path, today=TODAY)
    assert [p.digest for p in storage.packs.list_packs()] == before  # nothing stored
    return str(refused.value)


def test_the_first_pack_pins_the_city_key(tmp_path: Path, county: Storage) -> None:
    result = import_pack(county, CATALOG, _write(tmp_path, _pack("2026.1")), today=TODAY)
    assert result.signer is not None and result.signer.first
    assert result.signer.fingerprint == CITY_KEY.fingerprint
    pinned = county.keys.active("city")
    assert pinned is not None and pinned.fingerprint == CITY_KEY.fingerprint
    second = import_pack(county, CATALOG, _write(tmp_path, _pack("2026.2")), today=TODAY)
    assert second.signer is not None and not second.signer.first


def test_a_pack_from_another_key_is_refused_after_pinning(tmp_path: Path, county: Storage) -> None:
    import_pack(county, CATALOG, _write(tmp_path, _pack("2026.1")), today=TODAY)
    message = _refused(county, _write(tmp_path, _pack("2026.2"), OTHER_KEY))
    assert "不是本机登记的市局密钥" in message and CITY_KEY.fingerprint in message


def test_a_forged_pack_with_recomputed_digest_is_refused(tmp_path: Path, county: Storage) -> None:
    genuine = _write(tmp_path, _pack("2026.1"))
    data = json.loads(genuine.read_text(encoding="utf-8"))
    forged_pack = msgspec.structs.replace(
        _pack("2026.1"),
        allocations=(PackAllocation("沁县", "groundwater_use", None, Decimal("2900"), "万立方米"),),
    )
    forged = json.loads(pack_to_json(forged_pack))  # digest recomputed for the new content
    forged["signature"], forged["signer_key"] = data["signature"], data["signer_key"]
    path = tmp_path / "forged.siwupack"
    path.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    message = _refused(county, path)
    assert "签名无效" in message and "forged.siwupack" in message


def test_an_unsigned_pack_is_refused(tmp_path: Path, county: Storage) -> None:
    path = tmp_path / "unsigned.siwupack"
    path.write_text(pack_to_json(_pack("2026.1")), encoding="utf-8")
    assert "未签名" in _refused(county, path)


def test_a_pack_dated_more_than_a_day_ahead_is_refused(tmp_path: Path, county: Storage) -> None:
    import_pack(county, CATALOG, _write(tmp_path, _pack("2026.1")), today=TODAY)
    # 2026-05-02 is one day ahead of TODAY: accepted (clocks differ by a day)
    import_pack(county, CATALOG, _write(tmp_path, _pack("2026.2", date="2026-05-02")), today=TODAY)
    message = _refused(county, _write(tmp_path, _pack("2099.1", date="2099-12-31")))
    assert "晚于今天" in message and "现行目标包仍为：长治市水利局目标包（2026.2版" in message


def test_an_over_allocated_pack_is_refused_with_the_checks_of_pack_new(
    tmp_path: Path, county: Storage
) -> None:
    message = _refused(county, _write(tmp_path, _pack("2026.1", value="999999")))
    assert "分解指标与市级目标不符" in message and "超过市级目标 2.2 亿立方米" in message
    assert "现行目标包仍为：无" in message


def test_versions_must_increase(tmp_path: Path, county: Storage) -> None:
    import_pack(county, CATALOG, _write(tmp_path, _pack("2026.10")), today=TODAY)
    message = _refused(county, _write(tmp_path, _pack("2026.9", value="2500")))
    assert "不比本机已有的 2026.10 新" in message


def test_the_highest_version_is_in_force_whatever_its_date(tmp_path: Path, county: Storage) -> None:
    """A later genuine pack with an earlier date than the one before still comes into force
    (before, the latest date won: a pack dated ahead held every later pack out)."""
    import_pack(county, CATALOG, _write(tmp_path, _pack("2026.1", date="2026-04-30")), today=TODAY)
    import_pack(county, CATALOG, _write(tmp_path, _pack("2026.2", date="2026-04-01")), today=TODAY)
    in_force = latest_pack(county, CATALOG, "长治市")
    assert in_force is not None and in_force.version == "2026.2"
