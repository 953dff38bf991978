"""A table cell's history (issue #17 版本工具): 表三 and 表四 cells are named as a reader
knows them in a comparison (序号·column, 第n行·column), and a cell's 修改记录 follows its
row's audit rows, in the demo county 潞城区 2024 (finalised 第1版, corrected as 第2版 by
its 填报人 张晓燕)."""

from __future__ import annotations

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.history import cell_trail, compare
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import ReturnKey

CATALOG = default_catalog()


@pytest.fixture
def service(demo_service: ReturnService) -> ReturnService:
    return demo_service


def _corrected(service: ReturnService, form: str) -> LoadedReturn:
    info = service.storage.returns.find(ReturnKey("潞城区", form, 2024))
    assert info is not None and info.locked
    loaded = service.load(info)
    service.correct(loaded, "核对台账")
    return service.load(service.info(info.id))


def test_a_ledger_cell_is_named_by_its_row_and_column_and_traced(service: ReturnService) -> None:
    loaded = _corrected(service, "t4")
    old = loaded.data.rows[1].cells["name"].text
    service.enter_cells(loaded, [(1, "name", "潞城区新建自来水厂")])
    # 第2行 (row index 1) 单位名称: old → new, by 张晓燕, nothing else changed
    [change] = compare(service, loaded.info, 1, 2)
    assert (change.field, change.label) == ("第2行·name", "第2行·单位名称")
    assert (change.old, change.new, change.who) == (old, "潞城区新建自来水厂", "张晓燕")
    loaded = service.load(loaded.info)
    *earlier, last = cell_trail(service, loaded, 1, "name")
    assert (last.revision, last.who, last.old, last.new) == (2, "张晓燕", old, "潞城区新建自来水厂")
    assert all(t.revision == 1 for t in earlier)  # the demo's own entry of it, if any
    # the row beside it was not touched in 第2版
    assert all(t.revision == 1 for t in cell_trail(service, loaded, 0, "name"))


def test_a_task_cell_is_named_by_its_number_and_traced(service: ReturnService) -> None:
    loaded = _corrected(service, "t3")
    row = loaded.data.rows[0]
    number = loaded.form.table.fixed_rows[0].task.number  # type: ignore[union-attr]
    old = row.cells["problems"].text if "problems" in row.cells else ""
    service.enter_cells(loaded, [(0, "problems", "资金未到位")])
    [change] = compare(service, loaded.info, 1, 2)
    assert (
        change.label == f"序号{number}·存在问题及下步措施" and change.field == f"{row.key}·problems"
    )
    assert (change.old, change.new, change.who) == (old, "资金未到位", "张晓燕")
    last = cell_trail(service, service.load(loaded.info), 0, "problems")[-1]
    assert (last.revision, last.old, last.new) == (2, old, "资金未到位")
