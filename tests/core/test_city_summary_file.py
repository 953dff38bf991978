"""The machine-readable city summary (issue #16 item 11): written, read back, verified, and
enough for a province to consolidate cities as a city consolidates counties."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.city_summary_file import (
    SummaryFileError,
    read_summary_file,
    summary_content,
    write_summary_file,
)
from siwu_desktop.core.consolidation import consolidate
from siwu_desktop.core.terms import Verdict
from tests.core.test_consolidation import CITY, COUNTIES, city_returns


@pytest.fixture(scope="module")
def catalog() -> TargetCatalog:
    return default_catalog()


def test_written_and_read_back(catalog: TargetCatalog, tmp_path: Path) -> None:
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025, leave_out=("沁县",)))
    path = tmp_path / "长治市_2025.siwusum"
    written = write_summary_file(summary_content(result, (), city_code="140400"), path)
    back = read_summary_file(path)
    assert back.digest == written.digest and len(back.digest) == 64
    assert back.signature is None  # written without a key: unsigned
    # 10 × 1000 + 12000 = 22000 万m³, without 沁县, and said to be incomplete
    assert back.value("total_use") == Decimal(22000)
    assert back.content["missing"] == ["沁县"]
    total = next(j for j in back.content["judgements"] if j["field"] == "total_use")
    # the status is the verdict's ASCII value (as bound is "max"); the note says it in Chinese
    assert total["status"] == Verdict.INCOMPLETE.value == "incomplete"
    assert total["notes"][0] == "不完整（未报：沁县），不作判定"


def test_a_changed_file_is_refused(catalog: TargetCatalog, tmp_path: Path) -> None:
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025))
    path = tmp_path / "s.siwusum"
    write_summary_file(summary_content(result, ()), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["t1"]["total_use"]["value"] = "2300"  # 23000 → 2300
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SummaryFileError, match="内容摘要不符"):
        read_summary_file(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SummaryFileError, match="不是有效的 JSON"):
        read_summary_file(path)


def test_a_province_can_consolidate_cities_like_counties(
    catalog: TargetCatalog, tmp_path: Path
) -> None:
    returns = city_returns(catalog, 2025)
    halves = (COUNTIES[:6], COUNTIES[6:])
    files = []
    for n, part in enumerate(halves):
        result = consolidate(catalog, CITY, 2025, {c: returns[c] for c in part}, counties=part)
        path = tmp_path / f"part{n}.siwusum"
        write_summary_file(summary_content(result, ()), path)
        files.append(read_summary_file(path))
    supply = [f.value("supply_total") for f in files]
    leakage = [f.value("leakage_rate") for f in files]
    assert None not in supply and None not in leakage
    # part 1: six small counties, Qs 6000, R 5.7407 %; part 2: five small + 沁源县,
    # Qs 15000, R (5 × 5.7407 × 1000 + 14.1407 × 10000)/15000 = 170110.5/15000 = 11.3407 %
    assert supply == [Decimal(6000), Decimal(15000)]
    # province: (5.7407 × 6000 + 11.3407 × 15000)/21000 = 204554.7/21000 = 9.7407 %, the
    # figure of the twelve counties consolidated at once
    province = sum(r * q for r, q in zip(leakage, supply, strict=True)) / sum(supply)  # type: ignore[operator, misc]
    assert province == Decimal("9.7407")
    # quantities add up the same way: 6 × 1000 + (5 × 1000 + 12000) = 23000
    assert sum(f.value("total_use") for f in files) == Decimal(23000)  # type: ignore[misc]


def test_signed_with_the_city_key(catalog: TargetCatalog, tmp_path: Path) -> None:
    from siwu_desktop.core.signing import new_key_pair

    city, other = new_key_pair(), new_key_pair()
    result = consolidate(catalog, CITY, 2025, city_returns(catalog, 2025))
    path = tmp_path / "signed.siwusum"
    write_summary_file(summary_content(result, ()), path, city)
    back = read_summary_file(path)
    assert back.signature is not None and back.signature["fingerprint"] == city.fingerprint
    assert back.signed_by(city.public) and not back.signed_by(other.public)
