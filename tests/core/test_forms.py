"""The four returns declared as data, per city."""

from __future__ import annotations

import pytest

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.forms import DERIVED, INPUT, build_form, build_forms, resolve_form_id

CITIES = ["太原市", "阳泉市", "长治市", "聊城市"]


@pytest.mark.parametrize("alias", ["t1", "T1", "1", "表一", "表1", " 表一 ", "主要指标完成情况表"])
def test_form_id_aliases(alias: str) -> None:
    assert resolve_form_id(alias) == "t1"


def test_unknown_form_id_has_a_chinese_message() -> None:
    with pytest.raises(ValueError, match="未知报表"):
        resolve_form_id("表五")


@pytest.mark.parametrize("city", CITIES)
def test_every_field_has_an_ascii_id_and_a_unique_cell(catalog: TargetCatalog, city: str) -> None:
    forms = build_forms(catalog, city, year=2026)
    cells: set[str] = set()
    for form in forms.values():
        for f in form.fields:
            assert f.id.isascii() and f.id.replace("_", "").isalnum() and f.id.islower(), f.id
            assert f.cell == f"{form.id.upper()}_{f.id}"
            assert f.cell not in cells
            cells.add(f.cell)
            assert f.label and f.kind in (INPUT, DERIVED)
            # a derived field names inputs that exist in the same form
            for i in f.inputs:
                assert i in form.index, (f.id, i)


def test_t1_rows_come_from_the_city_targets(catalog: TargetCatalog) -> None:
    t1 = build_form(catalog, "阳泉市", "表一")
    ids = [f.id for f in t1.fields if f.indicator]
    # grouped by (key, scope, base year): two base years of the decline give two rows
    assert "gdp_intensity_decline_b2020" in ids and "gdp_intensity_decline_b2025" in ids
    assert ids.count("total_use") == 1  # 2025 and 2030 targets share one row
    decline = t1.field("gdp_intensity_decline_b2020")
    assert decline.kind == DERIVED and decline.formula == "decline_percent"
    assert decline.inputs == ("total_use_b2020", "total_use", "gdp_index_b2020")
    assert t1.field("gdp_index_b2020").label == "地区生产总值指数（2020年=100，可比价）"
    # volumes are entered in 万立方米 at county level, whatever the city document uses
    assert t1.field("total_use").unit == "万立方米"
    assert t1.field("total_use").kind == INPUT
    assert t1.field("leakage_rate").inputs == (
        "supply_total",
        "billed_use",
        "household_metered_share",
        "main_density",
        "outlet_pressure",
    )


def test_scoped_targets_get_their_own_rows(catalog: TargetCatalog) -> None:
    t1 = build_form(catalog, "长治市", "t1")
    assert t1.field("surface_use_haihe").label == "地表水取水量（海河流域）"
    assert t1.field("yellow_river_use_yellow_river_main").kind == INPUT


def test_unknown_keys_are_entered_with_the_document_label(catalog: TargetCatalog) -> None:
    t1 = build_form(catalog, "聊城市", "t1")
    f = t1.field("chem_park_nonconventional_rate")
    # derived from its parts since #18 (聊城 附件 第9行 gives it as a percentage)
    assert (f.label, f.unit, f.kind) == ("化工园区非常规水源配置率", "%", DERIVED)
    assert t1.field("gdp_intensity").unit == "立方米/万元"


def test_t2_sources_follow_the_city_caps(catalog: TargetCatalog) -> None:
    changzhi = build_form(catalog, "长治市", "表二")
    liaocheng = build_form(catalog, "聊城市", "表二")
    taiyuan = build_form(catalog, "太原市", "表二")
    assert (
        "industry_yellow_river" in changzhi.index and "industry_transferred" not in changzhi.index
    )
    assert "industry_transferred" in liaocheng.index
    assert "industry_yellow_river" not in taiyuan.index
    total = taiyuan.field("total_use")
    assert total.kind == DERIVED and total.cell == "T2_total_use"
    assert taiyuan.field("industry_total").inputs[-1] == "industry_nonconventional"
    assert taiyuan.field("total_reclaimed").label == "合计·再生水"
    assert taiyuan.field("agriculture_total").inputs == (
        "farmland_irrigation_total",
        "forestry_livestock_fishery_total",
    )


def test_t3_rows_are_the_county_tasks_of_the_year(catalog: TargetCatalog) -> None:
    luzhou = build_form(catalog, "长治市", "t3", year=2026, county="潞州区")
    lucheng = build_form(catalog, "长治市", "t3", year=2026, county="潞城区")
    assert luzhou.table is not None and lucheng.table is not None
    assert [r.key for r in luzhou.table.fixed_rows] == ["fx-cz-t1"]  # 潞城区's own task left out
    assert [r.key for r in lucheng.table.fixed_rows] == ["fx-cz-t1", "fx-cz-t2"]
    assert luzhou.table.first_row_cell == "T3_tasks_first_row"
    assert luzhou.periods == ("Q1", "Q2", "Q3", "Q4", "Y")
    status = luzhou.table.column_index["status"]
    assert status.choices == ("未启动", "推进中", "已完成", "不涉及")


def test_t4_ledger_columns(catalog: TargetCatalog) -> None:
    t4 = build_form(catalog, "聊城市", "表四")
    assert t4.table is not None
    ids = [c.id for c in t4.table.columns]
    assert ids[:6] == ["number", "name", "uscc", "industry", "source", "plan"]
    assert {"q1", "q2", "q3", "q4", "annual", "over", "over_rate", "surcharge"} <= set(ids)
    assert t4.table.first_row_cell == "T4_ledger_first_row"
    assert t4.table.column_index["over"].kind == DERIVED


def test_t1_carries_only_the_base_years_that_matter_that_year() -> None:
    """阳泉 附件1 note 2: 2025 declines are against 2020, 2030 declines against 2025."""
    from siwu_desktop.core.catalog import default_catalog

    catalog = default_catalog()
    ids_2025 = {f.id for f in build_form(catalog, "阳泉市", "t1", year=2025).fields}
    ids_2026 = {f.id for f in build_form(catalog, "阳泉市", "t1", year=2026).fields}
    assert "gdp_intensity_decline_b2020" in ids_2025
    assert "gdp_intensity_decline_b2025" not in ids_2025  # 2025 against itself means nothing
    assert "gdp_intensity_decline_b2025" in ids_2026 and "total_use_b2025" in ids_2026
    assert not [i for i in ids_2026 if i.endswith("_b2020")]


def test_t1_builds_its_base_inputs_once_per_base_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening the window builds 表一 (issue #13 item 7): each base input row was taken from
    a fresh list of all ~30 base inputs, one list per row (18 lists for 阳泉 2026's 18 base
    rows). 阳泉 2026 has declines against 2025 and plain inputs: two base years (2025 and
    none), so two lists, with the same rows as before."""
    from siwu_desktop.core import forms
    from siwu_desktop.core.catalog import default_catalog

    catalog = default_catalog()
    before = build_form(catalog, "阳泉市", "t1", year=2026)
    built: list[int | None] = []
    original = forms._base_inputs

    def counted(by: int | None) -> dict[str, forms.Field]:
        built.append(by)
        return original(by)

    monkeypatch.setattr(forms, "_base_inputs", counted)
    after = build_form(catalog, "阳泉市", "t1", year=2026)
    assert sorted(built, key=str) == [2025, None]
    assert after == before
