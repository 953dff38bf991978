"""The allocation editor's draft without Qt: typed entries, every-year fallback, the pack it
makes, the draft file, and the pack's extra tasks in a county's 表三."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.target_pack import make_pack, pack_tasks, pack_to_json, read_pack
from siwu_desktop.services import pack_draft as pd

CATALOG = default_catalog()
CITY = "长治市"
COUNTIES = [c.name for c in CATALOG.counties_for(CITY)]


def test_columns_are_the_city_quantity_targets() -> None:
    columns = pd.columns_for(CATALOG, CITY)
    ids = [c.field_id for c in columns]
    assert ids[0] == "total_use" and "groundwater_use" in ids and "surface_use_haihe" in ids
    assert "leakage_rate" not in ids and "irrigated_area" not in ids  # rates, areas: no
    assert pd.years_for(columns)[:2] == [None, 2025]


def test_entries_parse_convert_refuse_and_fall_back_to_every_year() -> None:
    draft = pd.PackDraft("长治市水利局", "2026.1")
    parsed = draft.set_text(2025, "潞州区", "total_use", "１.２亿立方米")
    assert not isinstance(parsed, str) and parsed.value == Decimal("12000")
    assert draft.text(2025, "潞州区", "total_use") == "12000"
    assert isinstance(draft.set_text(2025, "上党区", "total_use", "大约三千"), str)
    assert draft.text(2025, "上党区", "total_use") == "大约三千"  # kept as typed
    draft.set_text(None, "上党区", "total_use", "3000")
    assert draft.effective(2025, "上党区", "total_use") == Decimal("3000")
    assert draft.total(2025, COUNTIES, "total_use") == Decimal("15000")
    assert [r[1] for r in draft.refusals()] == ["上党区"]


def test_the_draft_makes_a_pack_with_tasks_and_survives_its_file(tmp_path: Path) -> None:
    columns = pd.columns_for(CATALOG, CITY)
    draft = pd.PackDraft("长治市水利局", "2026.1", "2026-03-01")
    draft.set_text(2025, "潞州区", "total_use", "12000")
    draft.set_text(None, "潞州区", "groundwater_use", "0.3亿立方米")
    draft.tasks = [
        pd.TaskRow("完成名录复核", "2025-06-30"),
        pd.TaskRow("编制节水方案", "2026-12-31", "上党区"),
    ]
    pack = draft.pack(CATALOG, CITY, columns)
    assert make_pack(pack, CATALOG) == []
    again = read_pack(pack_to_json(pack), CATALOG, CITY)
    assert {(a.key, a.year, a.value) for a in again.allocations} == {
        ("total_use", 2025, Decimal("12000")),
        ("groundwater_use", None, Decimal("3000")),
    }
    assert [(t.id, t.deadline) for t in again.extra_tasks] == [
        ("T1", "2025年6月30日前"),
        ("T2", "2026年12月31日前"),
    ]
    pd.save_draft(draft, tmp_path)
    loaded = pd.load_draft(tmp_path)
    assert loaded is not None and loaded.texts == draft.texts and loaded.tasks == draft.tasks
    back = pd.PackDraft.from_pack(again, columns)
    assert back.text(None, "潞州区", "groundwater_use") == "3000"
    # 表三: catalog tasks first, then the pack's; a task for 上党区 only is not 潞州区's
    tasks = pack_tasks(again, "140400")
    form = build_form(CATALOG, CITY, "t3", year=2025, county="潞州区", extra_tasks=tasks)
    assert form.table is not None
    ids = [r.task.id for r in form.table.fixed_rows]
    assert ids[-1] == "pack:T1" and "pack:T2" not in ids
    assert not ids[0].startswith("pack:")
    other = build_form(CATALOG, CITY, "t3", year=2025, county="上党区", extra_tasks=tasks)
    assert other.table is not None
    assert [r.task.id for r in other.table.fixed_rows][-2:] == ["pack:T1", "pack:T2"]


def test_rows_that_cannot_go_into_the_pack_come_back_as_row_and_reason() -> None:
    draft = pd.PackDraft("长治市水利局", "2026.1")
    draft.bands = [
        pd.BandRow("5", "10", "1"),  # fine
        pd.BandRow("20", "10", "2"),  # upper limit below lower
        pd.BandRow("30", "", "零"),  # multiplier not a whole number
    ]
    draft.tasks = [
        pd.TaskRow("建立台账", "2026-06-30"),  # fine
        pd.TaskRow("节水宣传", "2026-13-01"),  # no such date
        pd.TaskRow("", "", "不存在县"),  # blank text: not a task, no error
        pd.TaskRow("计量改造", "", "太原县"),  # not a county of 长治市
    ]
    bands, band_errors = draft.surcharge_bands()
    assert len(bands) == 1
    assert band_errors == [
        pd.RowError(2, pd.BAND_ORDER),
        pd.RowError(3, pd.BAND_MULTIPLIER),
    ]
    tasks, task_errors = draft.extra_tasks(COUNTIES)
    assert [t.text for t in tasks] == ["建立台账"]
    assert task_errors == [
        pd.RowError(2, pd.BAD_DUE.format(text="2026-13-01")),
        pd.RowError(4, pd.UNKNOWN_ASSIGNEE.format(text="太原县")),
    ]
