"""The target pack: file format, strict reading, what changed, the city's sum."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from msgspec.structs import replace

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.formulas import SurchargeBand
from siwu_desktop.core.target_pack import (
    ExtraTask,
    PackAllocation,
    PackError,
    TargetPack,
    check_allocations,
    diff_packs,
    make_pack,
    pack_to_json,
    read_pack,
)
from siwu_desktop.core.terms import Attribute


@pytest.fixture(scope="module")
def catalog() -> TargetCatalog:
    return default_catalog()


def pack(*allocations: PackAllocation, version: str = "2026.1") -> TargetPack:
    return TargetPack(
        issuer="长治市水利局",
        city="长治市",
        version=version,
        date="2026-03-01",
        based_on=("《长治市严格落实“四水四定”行动方案》",),
        allocations=allocations,
        extra_tasks=(ExtraTask("x1", "完成县域节水型社会达标复核", "2026年底前", "2026-12-31"),),
    )


QINXIAN_2026 = PackAllocation("沁县", "total_use", 2026, Decimal("3000"), "万立方米")


def test_round_trip_file_is_sorted_indented_json_with_its_digest(catalog: TargetCatalog) -> None:
    p = pack(QINXIAN_2026)
    text = pack_to_json(p)
    data = json.loads(text)
    assert text.startswith('{\n  "allocations": [') and list(data) == sorted(data)
    assert data["allocations"][0]["value"] == "3000" and "沁县" in text  # not \\u escaped
    assert data["digest"] == p.digest and len(p.digest) == 64
    assert read_pack(text, catalog, "长治市") == p


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t[:-3], "不是有效的 JSON"),
        (lambda t: t.replace("siwu-target-pack/1", "siwu-target-pack/9"), "格式标记"),
        (lambda t: t.replace('"3000"', '"3001"'), "在签发后被修改"),
        (lambda t: t.replace('"3000"', "3000.0"), "浮点数"),
    ],
)
def test_reading_refuses(catalog: TargetCatalog, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PackError, match=message):
        read_pack(edit(pack_to_json(pack(QINXIAN_2026))), catalog, "长治市")


def _resealed(data: dict) -> str:  # type: ignore[type-arg]
    """A pack edited and given a fresh digest: only the content checks can catch it."""
    from siwu_desktop.core.digest import digest

    data.pop("digest", None)
    return json.dumps(data | {"digest": digest(_as_content(data))}, ensure_ascii=False)


def _as_content(data: dict) -> dict:  # type: ignore[type-arg]
    from siwu_desktop.core.target_pack import pack_from_dict

    return pack_from_dict(data, default_catalog()).content()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"county": "小店区"}, "没有县级单位“小店区”"),
        ({"key": "water_happiness"}, "未知指标"),
        ({"value": "约3000"}, "不是写成文字的非负精确数值"),
        ({"value": 3000}, "不是写成文字的非负精确数值"),
        ({"value": "-5"}, "不是写成文字的非负精确数值"),
        ({"unit": "万亩"}, "单位“万亩”不适用"),
    ],
)
def test_content_checks(catalog: TargetCatalog, change: dict, message: str) -> None:  # type: ignore[type-arg]
    data = json.loads(pack_to_json(pack(QINXIAN_2026)))
    data["allocations"][0].update(change)
    with pytest.raises(PackError, match=message):
        read_pack(json.dumps(data, ensure_ascii=False), catalog, "长治市")


def test_another_citys_pack_is_refused(catalog: TargetCatalog) -> None:
    with pytest.raises(PackError, match="该目标包是长治市的，本机填报单位属于阳泉市"):
        read_pack(pack_to_json(pack(QINXIAN_2026)), catalog, "阳泉市")


def test_a_field_id_is_accepted_for_a_key(catalog: TargetCatalog) -> None:
    data = json.loads(pack_to_json(pack(QINXIAN_2026)))
    data["allocations"][0].update({"key": "surface_use_haihe", "unit": "亿立方米", "value": "0.2"})
    read = read_pack(_resealed(data), catalog, "长治市")
    a = read.allocations[0]
    assert (a.key, a.scope, a.field_id) == ("surface_use", "海河流域", "surface_use_haihe")


def test_diff_in_chinese() -> None:
    old = pack(
        QINXIAN_2026, PackAllocation("潞州区", "groundwater_use", None, Decimal(900), "万立方米")
    )
    new = replace(
        pack(
            replace(QINXIAN_2026, value=Decimal("3200")),
            PackAllocation("沁源县", "total_use", 2026, Decimal("0.4"), "亿立方米"),
            version="2026.2",
        ),
        surcharge_bands=(SurchargeBand(Decimal("0.05"), None, 2),),
        extra_tasks=(),
    )
    texts = [c.text for c in diff_packs(old, new)]
    assert texts == [
        "沁县 2026年 用水总量：3000 → 3200 万立方米",
        "新增 沁源县 2026年 用水总量：0.4 亿立方米",
        "取消 潞州区 每年 地下水用水量（原为 900 万立方米）",
        "累进加价档次：5%～10% 1倍；10%～20% 2倍；20%～30% 3倍；30%以上 5倍 → 5%以上 2倍",
        "取消任务：完成县域节水型社会达标复核",
    ]
    # the same figure in another unit is no change
    same = pack(replace(QINXIAN_2026, value=Decimal("0.3"), unit="亿立方米"))
    assert diff_packs(pack(QINXIAN_2026), same) == []


def _groundwater(*values: str) -> TargetPack:
    counties = ("潞州区", "上党区", "屯留区")
    return pack(
        *(
            PackAllocation(c, "groundwater_use", None, Decimal(v), "万立方米")
            for c, v in zip(counties, values, strict=False)
        )
    )


def test_county_sum_against_the_city_cap_exactly(catalog: TargetCatalog) -> None:
    # 长治: 地下水 every year ≤ 2.2 亿m³ = 22000 万m³
    assert check_allocations(_groundwater("10000", "11999.99", "0.01"), catalog) == []
    over = check_allocations(_groundwater("10000", "11999.99", "0.02"), catalog)
    assert len(over) == 1
    # 22000.01 万m³ = 2.200001 亿m³, converted exactly (no float noise)
    assert "合计 2.200001 亿立方米，超过市级目标 2.2 亿立方米" in over[0]
    assert "超出 0.000001 亿立方米" in over[0]
    with pytest.raises(PackError, match="未生成目标包"):
        make_pack(_groundwater("10000", "12000.01"), catalog)
    allowed = make_pack(_groundwater("10000", "12000.01"), catalog, allow_over=True)
    assert allowed == check_allocations(_groundwater("10000", "12000.01"), catalog)
    assert len(allowed) == 1


def test_a_year_allocation_replaces_the_every_year_one_in_the_sum(catalog: TargetCatalog) -> None:
    p = pack(
        PackAllocation("潞州区", "groundwater_use", None, Decimal(20000), "万立方米"),
        PackAllocation("潞州区", "groundwater_use", 2026, Decimal(15000), "万立方米"),
        PackAllocation("上党区", "groundwater_use", 2026, Decimal(6000), "万立方米"),
    )
    # every year: 20000 ≤ 22000; 2026: 15000 + 6000 = 21000 ≤ 22000
    assert check_allocations(p, catalog) == []
    p2 = replace(p, allocations=(*p.allocations[:2], replace(p.allocations[2], year=2027)))
    # 2027: 潞州区 falls back to 20000, + 6000 = 26000 > 22000
    assert [m for m in check_allocations(p2, catalog) if "2027年" in m]


def test_the_attribute_reads_as_the_enum_and_is_written_as_the_word_files_hold(
    catalog: TargetCatalog,
) -> None:
    """Packs issued before the Attribute enum hold 约束性/预期性/未注明 in their digested
    content: the content (so the digest and the signed facts) keeps those words."""
    p = pack(replace(QINXIAN_2026, attribute=Attribute.EXPECTED))
    assert p.content()["allocations"][0]["attribute"] == "预期性"  # the bytes of before
    back = read_pack(pack_to_json(p), catalog, "长治市")
    assert back.allocations[0].attribute is Attribute.EXPECTED and back.digest == p.digest
    assert QINXIAN_2026.attribute is Attribute.BINDING  # a file without one: 约束性
