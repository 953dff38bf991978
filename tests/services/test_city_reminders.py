"""The board's 逾期 (annual and quarterly apart, only past deadlines), its 异常 marks and
the 催报清单 with contacts, and the board workbook (issue #16 items 7, 9).

阳泉市, five counties: 城区 filed 表一 2025; 盂县 filed 表一 2024 and 2025 with ten
times its 2024 用水总量; the others filed nothing. Deadlines: annual 2026-01-31,
quarterly 2025-04-15, 07-15, 10-15 and 2026-01-15."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.excel.board import write_board
from siwu_desktop.services import city_board as cb
from siwu_desktop.services.city_demo import SMALL, fill_and_finalise
from siwu_desktop.services.city_reminders import BoardView, board_json, board_view
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage

CITY = "阳泉市"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("board") / "data"
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    with open_storage(root, daily_backup=False) as storage:
        storage.profile.save(
            Profile(
                mode="city",
                city=CITY,
                preparer="赵六",
                phone="0353-1234567",
                counties=tuple((c.name, c.code) for c in counties),
            )
        )
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        fill_and_finalise(svc, "城区", 2025, SMALL)
        fill_and_finalise(svc, "盂县", 2024, SMALL)
        fill_and_finalise(svc, "盂县", 2025, {**SMALL, "total_use": "10000"})
    return root


def _view(data_dir: Path, today: dt.date) -> BoardView:
    with open_storage(data_dir, daily_backup=False) as storage:
        svc = ReturnService(storage, default_catalog(), today=today)
        board = cb.build_board(svc, 2025, today)
        return board_view(svc, board)


def test_overdue_counts_only_passed_deadlines_annual_and_quarterly_apart(data_dir: Path) -> None:
    before = _view(data_dir, dt.date(2026, 1, 20))
    # 20 January: every quarterly 表三 is past due (Q4 on 15 January): 5 counties × 4 = 20;
    # no annual deadline has passed yet: 5 × 4 annual cells − 2 filed = 18 未报, 0 逾期
    assert (before.overdue_annual, before.overdue_quarterly) == (0, 20)
    assert dict(before.counts)["未报"] == 18
    after = _view(data_dir, dt.date(2026, 2, 10))
    # 10 February: the 18 missing annual returns are 逾期 too
    assert (after.overdue_annual, after.overdue_quarterly) == (18, 20)


def test_the_tenfold_county_is_marked_on_the_board(data_dir: Path) -> None:
    view = _view(data_dir, dt.date(2026, 1, 20))
    states = dict(view.rows)
    # 盂县 1000 → 10000 万m³ = +900 %: 异常 on its 表一; 城区 has no last year: no mark
    assert states["盂县"][0] == "已报，异常" and states["城区"][0] == "已报"
    assert [c for c, _ in view.flags] == ["盂县"]
    assert "+900.0%" in view.flags[0][1]


def test_reminders_list_what_to_chase_with_the_contact(data_dir: Path, tmp_path: Path) -> None:
    view = _view(data_dir, dt.date(2026, 2, 10))
    by_county = {r.county: r for r in view.reminders}
    assert list(by_county) == ["城区", "矿区", "郊区", "平定县", "盂县"]
    chengqu = by_county["城区"]
    # 城区 filed 表一 only: 表二, 表三 (4 quarters and the year) and 表四 to chase
    assert len(chengqu.items) == 7 and chengqu.items[0] == (
        "表二（全年）：逾期，应于2026-01-31前报送"
    )
    assert chengqu.contact == "赵六　0353-1234567"  # from its finalised 表一
    assert by_county["矿区"].contact == "无报送记录，请按通讯录联系"
    data = board_json(view)
    assert json.loads(json.dumps(data, ensure_ascii=False))["overdue"] == {
        "annual": 18,
        "quarterly": 20,
    }
    path = write_board(view, tmp_path / "board.xlsx")
    wb = openpyxl.load_workbook(path)
    reminders = [r for r in wb["催报清单"].iter_rows(values_only=True) if r[1] == "城区"]
    assert "表四（全年）：逾期" in str(reminders[0][2]) and "0353-1234567" in str(reminders[0][3])
    board = [c for r in wb["报送情况"].iter_rows(values_only=True) for c in r if c]
    assert "逾期：年报 18 份，季报 20 份（只计已过报送期限的报表）" in board
