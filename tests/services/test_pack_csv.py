"""The allocation table (CSV) of a target pack (issue #16 item 10): values read as the
editor reads them, unit-less coefficients, the attribute inherited from the city target
(or stated in a 属性 column), and row messages that name the CSV line once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.target_pack import PackError, inherited_attribute
from siwu_desktop.core.terms import Attribute
from siwu_desktop.services.pack_draft import columns_for
from siwu_desktop.services.packs import allocations_from_csv

CITY = "长治市"
HEAD = "县区,指标,年份,目标值,单位"


def read(text: str):  # type: ignore[no-untyped-def]
    return allocations_from_csv(text, default_catalog(), CITY)


def test_values_are_read_as_the_editor_reads_them() -> None:
    rows = read(
        f"{HEAD}\n潞州区,用水总量,2026,2.1亿立方米,亿立方米\n"
        "上党区,用水总量,2026,2.1亿立方米,万立方米\n"
        '屯留区,用水总量,2026,"６，１７０",万立方米\n'
    )
    # 2.1 亿m³ as typed; in a 万立方米 row the typed unit converts: 2.1 × 10000 = 21000
    assert [(a.value, a.unit) for a in rows] == [
        (Decimal("2.1"), "亿立方米"),
        (Decimal(21000), "万立方米"),
        (Decimal(6170), "万立方米"),
    ]


def test_a_coefficient_needs_no_unit() -> None:
    (row,) = read(f"{HEAD}\n潞州区,农田灌溉水有效利用系数,2026,0.58,\n")
    assert (row.value, row.unit) == (Decimal("0.58"), "无量纲")


def test_the_attribute_comes_from_the_city_target_or_the_column() -> None:
    # 长治's 用水总量 targets state no attribute (未注明): the allocation is not 约束性
    (inherited,) = read(f"{HEAD}\n潞州区,用水总量,2026,6000,万立方米\n")
    assert inherited.attribute is Attribute.UNSTATED
    (stated,) = read(f"{HEAD},属性\n潞州区,用水总量,2026,6000,万立方米,约束性\n")
    assert stated.attribute is Attribute.BINDING
    with pytest.raises(PackError, match="分解指标表第2行：属性“硬性”应为约束性、预期性或未注明"):
        read(f"{HEAD},属性\n潞州区,用水总量,2026,6000,万立方米,硬性\n")
    # the pack editor's allocations inherit the same way
    catalog = default_catalog()
    column = next(c for c in columns_for(catalog, CITY) if c.key == "total_use")
    assert inherited_attribute(column.targets) is Attribute.UNSTATED


def test_row_messages_name_the_line_once() -> None:
    with pytest.raises(PackError) as bad_value:
        read(f"{HEAD}\n潞州区,用水总量,2026,abc,万立方米\n")
    text = str(bad_value.value)
    assert text.startswith("分解指标表第2行：目标值“abc”无法识别") and "第2行：第2行" not in text
    # a blank line does not shift the numbers: the unknown county is on CSV line 4
    with pytest.raises(PackError) as bad_county:
        read(f"{HEAD}\n潞州区,用水总量,2026,6000,万立方米\n,,,,\n小店区,用水总量,2026,1,万立方米\n")
    text = str(bad_county.value)
    assert text.startswith("分解指标表第4行：") and "第1条分解指标" not in text
