"""Signed returns (issue #14, item 2): the city accepts a return only when it is signed by
the key its county registered, over its content digest and every fact of its standing.

Each attack of the issue is made the way a forger would: the workbook is laid out again
by the app's own excel layer (so every digest, snapshot and hidden content is consistent,
as openpyxl + hashlib would make them), carrying a genuine signature taken from a real
export of the county. Each is refused, names the file and what to do, and stores nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from siwu_desktop.core import signing
from siwu_desktop.core.returns import parse_entry
from siwu_desktop.excel.export import build_workbook as lay_out
from siwu_desktop.excel.export import save_atomically
from siwu_desktop.excel.reader import read_workbook
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import SMALL, county_profile, fill_and_finalise
from siwu_desktop.services.export import export_returns, export_sheet
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import Storage, open_storage

from .conftest import CATALOG, CITY, take

COUNTY, YEAR = "潞州区", 2025


@dataclasses.dataclass
class County:
    storage: Storage
    service: ReturnService
    loaded: LoadedReturn
    genuine: Path
    key_file: Path


def _county(root: Path, name: str = "county") -> County:
    storage = open_storage(root / name, daily_backup=False)
    storage.profile.save(county_profile(CATALOG, CITY, COUNTY))
    service = ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))
    loaded = service.load(fill_and_finalise(service, COUNTY, YEAR, SMALL).info)
    genuine = export_returns(service, [loaded], root / f"{name}_genuine.xlsx").path
    key_file = keys.export_public_key(storage, root / f"{name}{keys.KEY_FILE_SUFFIX}")
    return County(storage, service, loaded, genuine, key_file)


@pytest.fixture
def county(tmp_path: Path) -> Iterator[County]:
    c = _county(tmp_path)
    yield c
    c.storage.close()


def _genuine_signature(path: Path) -> tuple[signing.Signature, dt.datetime]:
    parsed = read_workbook(path, CATALOG)
    signature = parsed.returns[0].signature
    assert signature is not None
    return signature, dt.datetime.fromisoformat(parsed.exported_at)


def _forge(c: County, out: Path, source: Path, **changes: object) -> Path:
    """The workbook laid out again with `changes` to its sheet, the genuine signature of
    `source` copied in, at `source`'s export time: consistent in every digest."""
    signature, at = _genuine_signature(source)
    sheet = msgspec.structs.replace(export_sheet(c.service, c.loaded), **changes)  # type: ignore[arg-type]
    wb = lay_out(CATALOG, [sheet], at, sign=lambda facts: signature)
    return save_atomically(wb, out)


def test_a_genuine_return_signed_by_the_registered_key_is_accepted(
    county: County, city: Storage
) -> None:
    print(keys.import_key(city, county.key_file))
    line = take(city, county.genuine)
    assert line.outcome == ci.ACCEPTED, line.detail
    [revision] = city.returns.list_returns()
    row = city.session.conn.execute("SELECT signer FROM revisions").fetchone()
    assert row[0] == county.storage.keys.ensure_own().fingerprint
    assert revision.county == COUNTY


def test_an_unregistered_county_is_refused_with_what_to_do(county: County, city: Storage) -> None:
    line = take(city, county.genuine)
    assert line.rejected and line.reason == keys.R_NOT_REGISTERED
    assert "尚未备案" in line.detail and "siwu keys import" in line.detail
    # the window's user is told where: the 密钥与备案 page, not only the command
    assert "在“密钥与备案”页" in line.detail
    assert county.genuine.name in line.detail
    assert city.returns.list_returns() == []


def test_forged_values_with_recomputed_digest_are_refused(
    tmp_path: Path, county: County, city: Storage
) -> None:
    keys.import_key(city, county.key_file)
    data = county.loaded.data
    spec = county.loaded.form.index["total_use"]
    forged_data = msgspec.structs.replace(
        data, values={**data.values, "total_use": parse_entry(spec, "1")}
    )
    forged = _forge(county, tmp_path / "forged.xlsx", county.genuine, data=forged_data)
    parsed = read_workbook(forged, CATALOG)  # every digest check of the reader passes
    assert parsed.returns[0].verified and parsed.returns[0].digest != county.loaded.info.digest
    line = take(city, forged)
    assert line.rejected and line.reason == keys.R_BAD_SIGNATURE
    assert "签名无效" in line.detail and "forged.xlsx" in line.detail
    assert city.returns.list_returns() == []


def test_a_raised_revision_is_refused(tmp_path: Path, county: County, city: Storage) -> None:
    keys.import_key(city, county.key_file)
    forged = _forge(county, tmp_path / "rev999.xlsx", county.genuine, revision=999)
    assert read_workbook(forged, CATALOG).returns[0].revision == 999
    line = take(city, forged)
    assert line.rejected and line.reason == keys.R_BAD_SIGNATURE
    assert city.returns.list_returns() == []


def test_a_draft_promoted_to_finalised_is_refused(
    tmp_path: Path, county: County, city: Storage
) -> None:
    keys.import_key(city, county.key_file)
    county.service.correct(county.loaded, "再次核对")
    draft = county.service.load(county.service.open(COUNTY, "t1", YEAR))
    assert not draft.locked
    draft_file = export_returns(county.service, [draft], tmp_path / "draft.xlsx").path
    county.loaded = draft
    forged = _forge(county, tmp_path / "promoted.xlsx", draft_file, final=True)
    assert read_workbook(forged, CATALOG).returns[0].status == "finalised"
    line = take(city, forged)
    assert line.rejected and line.reason == keys.R_BAD_SIGNATURE
    assert city.returns.list_returns() == []


def test_another_installation_as_the_same_county_is_refused(
    tmp_path: Path, county: County, city: Storage
) -> None:
    keys.import_key(city, county.key_file)
    other = _county(tmp_path, "impostor")
    try:
        line = take(city, other.genuine)
    finally:
        other.storage.close()
    assert line.rejected and line.reason == keys.R_BAD_SIGNATURE
    assert "不是潞州区备案的密钥" in line.detail
    assert city.returns.list_returns() == []


def test_an_unsigned_export_is_refused_as_unsigned(
    tmp_path: Path, county: County, city: Storage
) -> None:
    """An export made without a signature (as 0.1.0 made them): refused at the city as
    未签名 with what to do; the county that made it still reads it (its own import)."""
    keys.import_key(city, county.key_file)
    _, at = _genuine_signature(county.genuine)
    sheet = export_sheet(county.service, county.loaded)
    unsigned = save_atomically(lay_out(CATALOG, [sheet], at), tmp_path / "unsigned.xlsx")
    line = take(city, unsigned)
    assert line.rejected and line.reason == keys.R_UNSIGNED
    assert "未签名" in line.detail and "重新导出" in line.detail
    # no version number: this program is 0.1.0 itself and once said "0.2 以前的版本"
    assert re.search(r"\d\.\d", line.detail) is None, line.detail
    assert "与市局相同版本" in line.detail
    assert read_workbook(unsigned, CATALOG).returns[0].verified


def test_a_second_key_for_a_county_needs_replace_and_the_old_one_is_kept(
    tmp_path: Path, county: County, city: Storage
) -> None:
    keys.import_key(city, county.key_file)
    other = _county(tmp_path, "reinstalled")
    other.storage.close()
    with pytest.raises(keys.KeyRefused) as refused:
        keys.import_key(city, other.key_file)
    assert "--replace" in refused.value.message
    message = keys.import_key(city, other.key_file, replace=True)
    assert "已更换" in message
    kept = city.keys.trusted("county", COUNTY)
    assert [k.active for k in kept] == [True, False]
    audit = city.session.conn.execute(
        "SELECT old, new FROM audit WHERE kind = 'key' AND key = 'county:潞州区' ORDER BY id"
    ).fetchall()
    assert [a[1] for a in audit] == [kept[1].fingerprint, kept[0].fingerprint]
    assert audit[1][0] == kept[1].fingerprint
    # now the reinstalled installation's returns pass and the old key's do not
    assert take(city, other.genuine).outcome == ci.ACCEPTED
    assert take(city, county.genuine).reason == keys.R_BAD_SIGNATURE


def test_a_key_file_whose_fingerprint_was_changed_is_refused(
    tmp_path: Path, county: County, city: Storage
) -> None:
    data = json.loads(county.key_file.read_text(encoding="utf-8"))
    data["fingerprint"] = "0000 0000 0000 0000 0000 0000 0000 0000"
    bad = tmp_path / "bad.siwukey"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(keys.KeyRefused) as refused:
        keys.import_key(city, bad)
    assert "指纹与公钥不符" in refused.value.message
    assert city.keys.all_trusted() == []


def test_fingerprint_is_eight_groups_of_four_hex_digits(county: County) -> None:
    fp = county.storage.keys.ensure_own().fingerprint
    groups = fp.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert all(c in "0123456789ABCDEF" for c in "".join(groups))
