"""表三 and 表四 across the city (issue #16 item 1): the task × county matrix with its
counts, and the merged ledger with totals, over-plan users and shared codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec
import pytest

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.core.city_ledger import merge_ledgers
from siwu_desktop.core.city_tasks import task_matrix
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.returns import ReturnData, add_row, enter_cell, new_return
from siwu_desktop.core.sample import sample_return, sample_uscc
from siwu_desktop.core.terms import Overdue

CITY = "长治市"


@pytest.fixture(scope="module")
def catalog() -> TargetCatalog:
    return default_catalog()


def _t3(catalog: TargetCatalog, county: str, extra, states) -> ReturnData:  # type: ignore[no-untyped-def]
    form = build_form(catalog, CITY, "t3", year=2026, county=county, extra_tasks=extra)
    ret = sample_return(form, county, 2026)  # every task 推进中
    rows = {r.key: i for i, r in enumerate(ret.rows)}
    for task_id, (status, done) in states.items():
        enter_cell(ret, form, rows[task_id], "status", status)
        if done:
            enter_cell(ret, form, rows[task_id], "done_date", done)
    return ret


def test_task_matrix_counts_and_county_specific_tasks(catalog: TargetCatalog) -> None:
    first = next(t for t in catalog.tasks_for(CITY) if t.id == "cz26-t-01")
    early = msgspec.structs.replace(first, id="pack-1", due_date="2026-06-30", assignee="各县区")
    counties = ("潞州区", "潞城区", "沁源县")
    t3 = {
        "潞城区": _t3(catalog, "潞城区", [early], {"cz26-t-01": ("已完成", "2026-05-10")}),
        "沁源县": _t3(
            catalog,
            "沁源县",
            [early],
            {"cz26-t-01": ("未启动", ""), "pack-1": ("已完成", "2026-07-15")},
        ),
    }
    matrix = task_matrix(catalog, CITY, 2026, t3, counties, extra_tasks=[early])
    assert matrix.report_date == dt.date(2026, 12, 31) and matrix.missing == ("潞州区",)
    lines = {line.task.id: line for line in matrix.lines}
    one = lines["cz26-t-01"]
    # 潞城区 已完成, 沁源县 未启动, 潞州区 未报
    assert (one.done, one.in_progress, one.not_started, one.overdue, one.missing) == (1, 0, 1, 0, 1)
    pack = lines["pack-1"]
    # due 2026-06-30: 潞城区 推进中 at 12-31 → 逾期未完成; 沁源县 done 07-15 → 逾期完成
    assert (pack.done, pack.in_progress, pack.overdue) == (1, 1, 2)
    assert [c.overdue for c in pack.cells] == [None, Overdue.OPEN, Overdue.LATE]
    # 潞城区's own task is only in 潞城区's column (and not counted as missing for 潞州区)
    own = lines["cz26-t-08a"]
    assert [c.applies for c in own.cells] == [False, True, False]
    assert (own.in_progress, own.missing) == (1, 0)
    assert [c.applies for c in lines["cz26-t-08b"].cells] == [False, False, True]
    # as the city reads them, in Chinese (the window once showed in_progress / not_concerned)
    assert [c.shown("，") for c in pack.cells] == ["未报", "推进中，逾期未完成", "已完成，逾期完成"]
    assert [c.shown() for c in own.cells] == ["不涉及", "推进中", "不涉及"]


def test_merged_ledger(catalog: TargetCatalog) -> None:
    form = build_form(catalog, CITY, "t4")
    a = sample_return(form, "潞城区", 2025, ledger_rows=3)
    # sample rows: plan 10 (annual 4 × 2.55 = 10.20), 11 (11.00), 12 (12.00);
    # industries 服务业, 工业, 服务业; source 公共供水
    b = new_return(form, "沁源县", 2025)
    for name, code, plan, annual in (
        ("乙厂", sample_uscc(1), "100", "125"),
        ("丙厂", sample_uscc(9), "50", "52"),
    ):
        i = add_row(b)
        for column, text in (
            ("name", name),
            ("uscc", code),
            ("industry", "工业"),
            ("source", "自备地下水"),
            ("plan", plan),
            ("annual", annual),
        ):
            enter_cell(b, form, i, column, text)
    ledger = merge_ledgers(form, {"潞城区": a, "沁源县": b}, ("潞州区", "潞城区", "沁源县"))
    assert ledger.missing == ("潞州区",) and len(ledger.lines) == 5
    industry = {g.name: g for g in ledger.by_industry}
    # 服务业: 10 + 12 = 22 planned, 10.20 + 12 = 22.20 used, 0.20 over
    assert (industry["服务业"].users, industry["服务业"].plan) == (2, Decimal(22))
    assert industry["服务业"].annual == Decimal("22.20")
    # 工业: 11 + 100 + 50 = 161 planned, 11 + 125 + 52 = 188 used, 0 + 25 + 2 = 27 over
    assert (industry["工业"].users, industry["工业"].plan, industry["工业"].annual) == (
        3,
        Decimal(161),
        Decimal(188),
    )
    assert industry["工业"].over == Decimal(27)
    source = {g.name: g for g in ledger.by_source}
    assert (source["自备地下水"].plan, source["自备地下水"].annual) == (Decimal(150), Decimal(177))
    # over plan: 潞城区 row 1 (0.20, 2 % → no surcharge), 乙厂 (25 %, band 20–30 % → 3×),
    # 丙厂 (2/50 = 4 % → none)
    over = [(x.county, x.name, x.surcharge) for x in ledger.over_plan]
    assert over == [("潞城区", "示例用水单位1", 0), ("沁源县", "乙厂", 3), ("沁源县", "丙厂", 0)]
    # 乙厂 carries the code of 潞城区's 示例用水单位2
    assert [(s.uscc, s.counties) for s in ledger.shared] == [(sample_uscc(1), ("潞城区", "沁源县"))]
