"""Carrying last year forward (issue #17): base-year inputs from the county's own earlier
returns, marked with where they came from; last year's 表四 units without their use;
nothing the clerk typed is replaced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.formulas import uscc_check_char
from siwu_desktop.services.carry import carry_forward, create_year, plan, sources_for
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import Storage, open_storage
from tests.profiles import YU_COUNTY
from tests.services.test_return_service import fill_t1


def uscc(body: str) -> str:
    return body + uscc_check_char(body)


@pytest.fixture
def storage(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_storage(tmp_path) as s:
        s.profile.save(YU_COUNTY)
        yield s


def service(storage: Storage) -> ReturnService:
    return ReturnService(storage, default_catalog(), today=dt.date(2027, 1, 20))


def finalised_t1(svc: ReturnService, year: int) -> LoadedReturn:
    """The sample 表一 (total_use 8000, industrial_use 1500: core.sample), explained, locked."""
    loaded = fill_t1(svc, year)
    for finding in svc.validate(loaded):
        if finding.blocking:
            svc.set_explanation(loaded, finding.key, "情况说明：已核实")
    svc.finalise(loaded)
    return loaded


def t1(svc: ReturnService, year: int) -> LoadedReturn:
    return svc.load(svc.open("盂县", "t1", year))


def test_where_a_base_year_input_is_looked_for() -> None:
    # the base year's own 用水总量 first, then the same base field of later returns, newest
    # first; an index runs to each report year, so it is never carried; nor is urban_boundary
    assert sources_for("total_use_b2025", 2028) == [
        (2025, "total_use"),
        (2027, "total_use_b2025"),
        (2026, "total_use_b2025"),
    ]
    assert sources_for("gdp_index_b2025", 2026) == []
    assert sources_for("urban_boundary", 2026) == []
    assert sources_for("total_use_b2025", 2025) == []


def test_base_inputs_come_from_the_finalised_base_year_return(storage: Storage) -> None:
    svc = service(storage)
    finalised_t1(svc, 2025)
    carried = create_year(svc, "盂县", 2026)
    assert len(carried.created) == 4 and carried.changes.listing
    # 阳泉's 2030 declines are against 2025: the 2026 表一 asks for 2025年用水总量 and
    # 2025年工业用水量 (the 2025 return holds 8000 and 1500). 2025's return has no GDP of its
    # own (its declines use the 2020 index), so 2025年地区生产总值 stays for the clerk.
    got = {v.field_id: v.text for v in carried.values}
    assert got == {"total_use_b2025": "8000", "industrial_use_b2025": "1500"}
    loaded = t1(svc, 2026)
    assert loaded.data.values["total_use_b2025"].value == 8000
    origin = loaded.origins["total_use_b2025"]
    assert origin.text() == "取自2025年年报（第1版，已定稿）的“用水总量”"
    assert "gdp_b2025" not in loaded.data.values
    assert "表一“2025年用水总量（基准年）”：8000，取自2025年年报（第1版，已定稿）的“用水总量”" in (
        carried.lines()
    )


def test_a_typed_value_stays_and_is_named(storage: Storage) -> None:
    svc = service(storage)
    finalised_t1(svc, 2025)
    svc.open("盂县", "t1", 2026)
    svc.enter_value(t1(svc, 2026), "total_use_b2025", "7,990")
    carried = carry_forward(svc, "盂县", 2026)
    assert [v.field_id for v in carried.values] == ["industrial_use_b2025"]
    loaded = t1(svc, 2026)
    assert loaded.data.values["total_use_b2025"].text == "7,990"
    assert "total_use_b2025" not in loaded.origins
    assert [(v.field_id, held) for v, held in carried.kept] == [("total_use_b2025", "7,990")]
    assert any("已填写“7,990”，未改动" in line and "8000" in line for line in carried.lines())
    # carrying again writes nothing: both fields hold a value now
    again = carry_forward(svc, "盂县", 2026)
    assert again.values == () and not again.changes


def test_editing_a_carried_value_drops_its_mark(storage: Storage) -> None:
    svc = service(storage)
    finalised_t1(svc, 2025)
    create_year(svc, "盂县", 2026)
    loaded = t1(svc, 2026)
    assert "total_use_b2025" in loaded.origins
    svc.enter_value(loaded, "total_use_b2025", "8010")
    assert "total_use_b2025" not in loaded.origins  # in memory
    assert "total_use_b2025" not in t1(svc, 2026).origins  # and as stored
    # the same text again is no change: the other carried field keeps its mark
    svc.enter_values(loaded, {"industrial_use_b2025": "1500"})
    assert "industrial_use_b2025" in t1(svc, 2026).origins


def test_a_draft_base_year_is_used_and_said_so(storage: Storage) -> None:
    svc = service(storage)
    svc.enter_value(t1(svc, 2025), "total_use", "3,580")
    carried = create_year(svc, "盂县", 2026)
    # "3,580" as typed is the value 3580
    assert [(v.field_id, v.text) for v in carried.values] == [("total_use_b2025", "3580")]
    assert carried.values[0].origin.text() == "取自2025年年报（第1版，草稿，未定稿）的“用水总量”"


def test_a_correction_in_progress_carries_the_finalised_revision(storage: Storage) -> None:
    svc = service(storage)
    loaded = finalised_t1(svc, 2025)
    svc.correct(loaded, "统计局修订")
    svc.enter_value(loaded, "total_use", "8100")  # revision 2, not yet finalised
    carried = create_year(svc, "盂县", 2026)
    value = next(v for v in carried.values if v.field_id == "total_use_b2025")
    assert value.text == "8000" and value.origin.revision == 1 and value.origin.finalised


def test_later_returns_hold_the_base_year_when_its_own_return_is_missing(
    storage: Storage,
) -> None:
    # the county began with this program in 2026 and typed its 2025 base there
    svc = service(storage)
    svc.enter_values(
        t1(svc, 2026), {"total_use_b2025": "8200", "gdp_b2025": "240", "gdp_index_b2025": "105"}
    )
    carried = create_year(svc, "盂县", 2027)
    got = {v.field_id: v.text for v in carried.values}
    assert got == {"total_use_b2025": "8200", "gdp_b2025": "240"}  # not the 2026 index
    origin = t1(svc, 2027).origins["gdp_b2025"]
    assert (
        origin.text()
        == "取自2026年年报（第1版，草稿，未定稿）的“2025年地区生产总值（基准年当年价）”"
    )


# --- 表四 -------------------------------------------------------------------------------------

LAST_YEAR_ROWS = [
    {
        "name": "盂县化工有限公司",
        "uscc": uscc("91140322MA0X00001"),
        "industry": "化学原料制造",
        "source": "自备地下水",
        "plan": "12",
        "q1": "3",
        "q2": "3",
        "q3": "3",
        "q4": "4",
        "annual": "13",
        "balance_test": "已开展",
    },
    {
        "name": "盂县宾馆",
        "uscc": uscc("91140322MA0X00002"),
        "industry": "住宿业",
        "source": "公共供水",
        "plan": "8",
        "annual": "7",
    },
]


def ledger(svc: ReturnService, year: int) -> LoadedReturn:
    return svc.load(svc.open("盂县", "t4", year))


def test_last_years_units_start_the_new_ledger_without_their_use(storage: Storage) -> None:
    svc = service(storage)
    svc.insert_ledger_rows(ledger(svc, 2025), 0, LAST_YEAR_ROWS)
    assert plan(svc, "盂县", 2026).ledger_rows == 2
    carried = create_year(svc, "盂县", 2026, from_last_year=True)
    assert carried.ledger_rows == 2
    new = ledger(svc, 2026)
    rows = [svc.ledger_texts(new, r) for r in range(len(new.data.rows))]
    first, second = LAST_YEAR_ROWS
    keep = ("name", "uscc", "industry", "source", "plan")
    assert rows == [{c: first[c] for c in keep}, {c: second[c] for c in keep}]
    assert any("带入 2 户" in line and "实际用水量不带入" in line for line in carried.lines())


def test_units_already_in_the_ledger_are_not_added_twice(storage: Storage) -> None:
    svc = service(storage)
    svc.insert_ledger_rows(ledger(svc, 2025), 0, LAST_YEAR_ROWS)
    # the clerk already entered 盂县宾馆 this year, with this year's plan, code in lower case
    hotel = dict(LAST_YEAR_ROWS[1], plan="9", uscc=LAST_YEAR_ROWS[1]["uscc"].lower())
    svc.insert_ledger_rows(ledger(svc, 2026), 0, [hotel])
    carried = carry_forward(svc, "盂县", 2026, ledger=True)
    assert carried.ledger_rows == 1 and carried.ledger_skipped == ("盂县宾馆",)
    new = ledger(svc, 2026)
    names_plans = [(r.cells["name"].text, r.cells["plan"].text) for r in new.data.rows]
    assert names_plans == [("盂县宾馆", "9"), ("盂县化工有限公司", "12")]
    assert "表四：已有的 1 户未重复带入：盂县宾馆" in carried.lines()


def test_no_ledger_last_year_is_said(storage: Storage) -> None:
    svc = service(storage)
    carried = create_year(svc, "盂县", 2026, from_last_year=True)
    assert carried.ledger_rows == 0
    assert carried.lines() == ["2025年没有表四台账，未带入"]


def test_carried_ledger_cells_are_marked_until_changed(storage: Storage) -> None:
    svc = service(storage)
    svc.insert_ledger_rows(ledger(svc, 2025), 0, LAST_YEAR_ROWS)
    create_year(svc, "盂县", 2026, from_last_year=True)
    new = ledger(svc, 2026)
    text = "取自2025年年报（第1版，草稿，未定稿）的“计划用水户台账”"
    for row in (0, 1):
        for column in ("name", "uscc", "industry", "source", "plan"):
            origin = new.origin_of(row, column)
            assert origin is not None and origin.text() == text, (row, column)
        assert new.origin_of(row, "annual") is None  # this year's own, never carried
    # the clerk changes this year's plan of the first unit: only that cell loses the mark
    svc.enter_cells(new, [(0, "plan", "15")])
    for loaded in (new, ledger(svc, 2026)):  # in memory and as stored
        assert loaded.origin_of(0, "plan") is None
        assert loaded.origin_of(0, "name") is not None
        assert loaded.origin_of(1, "plan") is not None
    # writing the carried text back (an undo does) shows it as carried again
    svc.enter_cells(new, [(0, "plan", "12")])
    assert ledger(svc, 2026).origin_of(0, "plan") is not None
    # a row typed by the clerk is never marked
    svc.insert_ledger_rows(new, 2, [{"name": "盂县新厂", "plan": "5"}])
    assert ledger(svc, 2026).origin_of(2, "name") is None


def test_the_workbook_and_the_printout_show_carried_values_as_plain_data(
    storage: Storage,
) -> None:
    from siwu_desktop.printing.sheet import build_report
    from siwu_desktop.services.export import build_workbook

    svc = service(storage)
    svc.enter_value(t1(svc, 2025), "total_use", "8000")
    svc.insert_ledger_rows(ledger(svc, 2025), 0, LAST_YEAR_ROWS)
    create_year(svc, "盂县", 2026, from_last_year=True)
    carried = [t1(svc, 2026), ledger(svc, 2026)]
    assert carried[0].origins and carried[1].origin_of(0, "name") is not None
    book = build_workbook(svc, carried)
    cells = [str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value]
    printed = [c for loaded in carried for r in build_report(svc, loaded).rows for c in r.cells]
    for shown in (cells, printed):
        # the values are there (the printout shows 8000.00, the form's two decimals)
        assert "盂县化工有限公司" in shown and any(c.startswith("8000") for c in shown)
        assert not [c for c in shown if "↩" in c or "取自" in c]  # the marker is not


def test_the_plan_says_what_carrying_would_write_and_writes_nothing(storage: Storage) -> None:
    svc = service(storage)
    svc.enter_value(t1(svc, 2025), "total_use", "8000")
    svc.insert_ledger_rows(ledger(svc, 2025), 0, LAST_YEAR_ROWS)
    before = len(storage.returns.list_returns())
    got = plan(svc, "盂县", 2026)
    assert len(storage.returns.list_returns()) == before  # no 2026 return was made
    assert got and not got.exists
    assert [(v.field_id, v.text) for v in got.values] == [("total_use_b2025", "8000")]
    assert got.ledger_rows == 2
    assert got.lines() == [
        "表一基准年数据：2025年用水总量（基准年）：8000（取自2025年年报）",
        "表四：2025年台账的 2 户（单位名称、统一社会信用代码、行业、水源、年计划量）",
    ]
    # once carried, nothing is left to carry, and the year's returns are there
    create_year(svc, "盂县", 2026, from_last_year=True)
    again = plan(svc, "盂县", 2026)
    assert not again and again.exists and again.lines() == []
    # 2025 itself: no 2024 return to carry from
    assert not plan(svc, "盂县", 2025)


def test_unticked_base_inputs_stay_empty(storage: Storage) -> None:
    svc = service(storage)
    svc.enter_value(t1(svc, 2025), "total_use", "8000")
    carried = create_year(svc, "盂县", 2026, base_inputs=False)
    assert len(carried.created) == 4 and carried.values == () and carried.lines() == []
    assert "total_use_b2025" not in t1(svc, 2026).data.values


def test_a_quarter_is_created_once(storage: Storage) -> None:
    from siwu_desktop.core.terms import Period
    from siwu_desktop.services.carry import create_quarter

    svc = service(storage)
    made = create_quarter(svc, "盂县", 2026, Period.Q3)
    info = svc.open("盂县", "t3", 2026, "Q3")
    assert made.created == (info.id,) and made.changes.listing
    again = create_quarter(svc, "盂县", 2026, Period.Q3)
    assert again.created == () and not again.changes
