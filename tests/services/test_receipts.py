"""Receipts (回执, issue #14 item 7) and the history of a return (item 5).

The city takes in 潞州区's signed 表一, issues a receipt (已接收) and another (退回修改 with its
reason); the county verifies each against the city key it pinned and keeps them; its
history shows them beside the revision. A forged or foreign receipt is refused."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import (
    SMALL,
    correct_and_finalise,
    county_profile,
    fill_and_finalise,
)
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.history import return_history
from siwu_desktop.services.receipts import make_receipt, take_receipt
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, ReturnKey, open_storage
from tests.disks import fill, mounted_tmpfs, needs_root

CATALOG = default_catalog()
CITY, COUNTY, YEAR = "长治市", "潞州区", 2025
COUNTIES = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
KEY = ReturnKey(COUNTY, "t1", YEAR, "Y")


@dataclass
class Pair:
    county: ReturnService
    city: ReturnService
    root: Path


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    with (
        open_storage(tmp_path / "county", daily_backup=False) as cs,
        open_storage(tmp_path / "city", daily_backup=False) as ts,
    ):
        cs.profile.save(county_profile(CATALOG, CITY, COUNTY))
        ts.profile.save(Profile(mode="city", city=CITY, counties=COUNTIES))
        county = ReturnService(cs, CATALOG, today=dt.date(2026, 1, 20))
        city = ReturnService(ts, CATALOG, today=dt.date(2026, 1, 20))
        loaded = county.load(fill_and_finalise(county, COUNTY, YEAR, SMALL).info)
        keys.import_key(ts, keys.export_public_key(cs, tmp_path / "c.siwukey"))
        keys.import_key(cs, keys.export_public_key(ts, tmp_path / "city.siwukey"))  # pinned
        export = export_returns(county, [loaded], tmp_path / "t1.xlsx").path
        assert ci.import_paths(city, [export]).lines[0].outcome == ci.ACCEPTED
        yield Pair(county, city, tmp_path)


def test_receipts_travel_and_show_in_the_history(pair: Pair) -> None:
    accepted = make_receipt(pair.city, COUNTY, YEAR, pair.root / "ok").path
    made = make_receipt(
        pair.city, COUNTY, YEAR, pair.root / "back", form="t1", reject="用水总量与表二合计不符"
    )
    returned, items = made.path, made.items
    assert items[0].outcome == "returned" and items[0].reason == "用水总量与表二合计不符"
    assert "市局已接收" in take_receipt(pair.county, accepted).message
    taken = take_receipt(pair.county, returned)
    assert "市局退回（用水总量与表二合计不符）" in taken.message
    # the county's 表一 (the only return the city holds) is the one whose state changed
    t1 = pair.county.storage.returns.find(KEY)
    assert t1 is not None and taken.changes.statuses == {t1.id}
    assert (taken.accepted, taken.returned) == (0, 1)
    history = return_history(pair.county, KEY)
    assert history is not None
    [rev] = history.revisions
    assert [(r.outcome, r.reason) for r in rev.receipts] == [
        ("accepted", ""),
        ("returned", "用水总量与表二合计不符"),
    ]
    assert rev.signer == pair.county.storage.keys.ensure_own().fingerprint


def test_a_forged_receipt_is_refused(pair: Pair) -> None:
    path = make_receipt(pair.city, COUNTY, YEAR, pair.root / "back", reject="数据有误").path
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][0]["outcome"], data["items"][0]["reason"] = "accepted", ""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(keys.KeyRefused) as refused:
        take_receipt(pair.county, path)
    assert "签名无效" in refused.value.message
    assert pair.county.storage.receipts.for_return(COUNTY, "t1", YEAR, "Y") == []


def test_a_receipt_from_another_key_is_refused(pair: Pair, tmp_path: Path) -> None:
    with open_storage(tmp_path / "impostor", daily_backup=False) as other:
        other.profile.save(Profile(mode="city", city=CITY, counties=COUNTIES))
        impostor = ReturnService(other, CATALOG)
        path = make_receipt(pair.city, COUNTY, YEAR, tmp_path / "real").path
        data = json.loads(path.read_text(encoding="utf-8"))
        # the impostor signs the same content with its own key
        from siwu_desktop.core import signing

        content = {k: v for k, v in data.items() if k not in ("signature", "signer_key")}
        pair_key = impostor.storage.keys.ensure_own()
        data["signature"] = signing.sign(pair_key, signing.RECEIPT_SCHEMA, content).as_dict()
        data["signer_key"] = signing.encode_public(pair_key.public)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(keys.KeyRefused) as refused:
        take_receipt(pair.county, path)
    assert "不是本机登记的市局密钥" in refused.value.message


def test_a_correction_lists_its_changes_in_both_modes(pair: Pair) -> None:
    loaded = pair.county.load(pair.county.storage.returns.find(KEY))  # type: ignore[arg-type]
    correct_and_finalise(pair.county, loaded, {"total_use": "1100"}, "更正用水总量")
    history = return_history(pair.county, KEY)
    assert history is not None
    second = history.revisions[1]
    assert second.reason == "更正用水总量"
    [change] = [c for c in second.changes if c.field == "total_use"]
    assert (change.old, change.new) == ("1000", "1100") and change.who  # the county knows who
    # the city, after taking in 第2版, lists the same change (without the county's audit)
    export = export_returns(
        pair.county, [pair.county.load(history_info(pair))], pair.root / "2.xlsx"
    )
    assert ci.import_paths(pair.city, [export.path]).lines[0].outcome == ci.ACCEPTED
    city_history = return_history(pair.city, KEY)
    assert city_history is not None
    city_change = [c for c in city_history.revisions[1].changes if c.field == "total_use"]
    assert [(c.old, c.new) for c in city_change] == [("1000", "1100")]
    assert city_history.revisions[1].signer == pair.county.storage.keys.ensure_own().fingerprint


def history_info(pair: Pair):  # type: ignore[no-untyped-def]
    info = pair.county.storage.returns.find(KEY)
    assert info is not None
    return info


def test_a_receipt_line_names_the_quarter_in_chinese() -> None:
    """Issue #17 item 18: the period is written out (表三（第三季度）), never the id Q3."""
    from siwu_desktop.services.receipts import receipt_line

    assert receipt_line("t3", "Q3", 1, "returned", "逾期未说明") == (
        "表三（第三季度）第1版 市局退回（逾期未说明）"
    )
    assert receipt_line("t1", "Y", 2, "accepted", "") == "表一第2版 市局已接收"


@needs_root
def test_a_returned_receipt_the_disk_refused_records_no_return(pair: Pair) -> None:
    """The 退回 was recorded for the board before the receipt file was written: on a full disk
    the board said 已拒绝 for a receipt the county never got. Now the file comes first, whole
    or not at all (core/files.py), and a refused file records nothing."""
    before = pair.city.storage.refusals.latest()
    with mounted_tmpfs("1m") as disk:
        fill(disk)
        with pytest.raises(OSError) as refused:
            make_receipt(pair.city, COUNTY, YEAR, disk / "back", form="t1", reject="数据有误")
        assert "磁盘空间不足" in str(refused.value)
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
    assert pair.city.storage.refusals.latest() == before
