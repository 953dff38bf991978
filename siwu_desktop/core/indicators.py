"""What each canonical indicator key means: kind, unit and the way its target binds.

One place for these facts, so the catalog loader, the forms and consolidation
agree on them. Keys are those of `resources/targets/README.md`.
"""

from __future__ import annotations

from enum import StrEnum

from msgspec import Struct

from siwu_desktop.core.terms import Bound


class Kind(StrEnum):
    QUANTITY = "quantity"  # a volume of water; summed across counties
    INTENSITY = "intensity"  # m³ per 万元; recomputed from summed parts
    DECLINE = "decline"  # % fall of an intensity against a base year, comparable prices
    RATE = "rate"  # a percentage recomputed from summed parts
    COEFFICIENT = "coefficient"  # a dimensionless ratio in [0, 1]
    AREA = "area"  # 万亩 or km²; summed


class IndicatorSpec(Struct, frozen=True):
    """A reportable indicator: its kind, the bound its targets set and the units documents use."""

    key: str
    label: str
    kind: Kind
    bound: Bound
    units: tuple[str, ...]  # units the documents use for it


# City documents state volumes in 亿立方米, allocations sometimes in 万立方米.
_VOLUME = ("亿立方米", "万立方米")

_SPECS = (
    IndicatorSpec("total_use", "用水总量", Kind.QUANTITY, Bound.MAX, _VOLUME),
    IndicatorSpec("groundwater_use", "地下水用水量", Kind.QUANTITY, Bound.MAX, _VOLUME),
    IndicatorSpec("surface_use", "地表水取水量", Kind.QUANTITY, Bound.MAX, _VOLUME),
    IndicatorSpec("yellow_river_use", "黄河水", Kind.QUANTITY, Bound.MAX, _VOLUME),
    IndicatorSpec("transferred_use", "引调水", Kind.QUANTITY, Bound.MAX, _VOLUME),
    IndicatorSpec("agricultural_use", "农业用水量", Kind.QUANTITY, Bound.MAX, _VOLUME),
    IndicatorSpec("gdp_intensity", "万元GDP用水量", Kind.INTENSITY, Bound.MAX, ("立方米",)),
    IndicatorSpec(
        "gdp_intensity_decline", "万元GDP用水量下降幅度", Kind.DECLINE, Bound.DECLINE_MIN, ("%",)
    ),
    IndicatorSpec(
        "industrial_intensity", "万元工业增加值用水量", Kind.INTENSITY, Bound.MAX, ("立方米",)
    ),
    IndicatorSpec(
        "industrial_intensity_decline",
        "万元工业增加值用水量下降幅度",
        Kind.DECLINE,
        Bound.DECLINE_MIN,
        ("%",),
    ),
    IndicatorSpec(
        "irrigation_coefficient", "农田灌溉水有效利用系数", Kind.COEFFICIENT, Bound.MIN, ("无量纲",)
    ),
    IndicatorSpec("nonconventional_use", "非常规水利用量", Kind.QUANTITY, Bound.MIN, _VOLUME),
    IndicatorSpec("reclaimed_rate", "再生水利用率", Kind.RATE, Bound.MIN, ("%",)),
    IndicatorSpec("reclaimed_use", "再生水利用量", Kind.QUANTITY, Bound.MIN, _VOLUME),
    IndicatorSpec("leakage_rate", "城镇公共供水管网漏损率", Kind.RATE, Bound.MAX, ("%",)),
    IndicatorSpec(
        "industrial_reuse_rate", "规模以上工业用水重复利用率", Kind.RATE, Bound.MIN, ("%",)
    ),
    IndicatorSpec("fixture_rate", "节水器具普及率", Kind.RATE, Bound.MIN, ("%",)),
    IndicatorSpec("irrigated_area", "灌溉面积", Kind.AREA, Bound.MIN, ("万亩",)),
    IndicatorSpec(
        "high_standard_farmland", "累计建成高标准农田面积", Kind.AREA, Bound.MIN, ("万亩",)
    ),
    IndicatorSpec("efficient_irrigation_area", "高效节水灌溉面积", Kind.AREA, Bound.MIN, ("万亩",)),
    IndicatorSpec("urban_boundary", "城镇开发边界", Kind.AREA, Bound.MAX, ("平方千米",)),
    IndicatorSpec("green_coverage", "建成区绿化覆盖率", Kind.RATE, Bound.MIN, ("%",)),
)

INDICATORS: dict[str, IndicatorSpec] = {s.key: s for s in _SPECS}
