"""A withdrawn correction (撤销更正) keeps its audit rows, under the number a later
correction reuses. They belong to the withdrawn correction, never to the later one: a
cell's 修改记录 shows them as 已撤销, and who/when of the changes a revision makes (its
history and the log its export carries to the city) come only from the correction kept.

The demo county 潞城区 2024 (finalised 第1版, entered by its 填报人 张晓燕) is corrected by
张晓燕, who changes a value and changes it back, so 定稿 withdraws that correction; then 李四
(the new 填报人) opens 第2版 again and makes the changes the kept 第2版 has."""

from __future__ import annotations

import pytest

from siwu_desktop.services.history import cell_trail, compare, revision_log
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import Profile, ReturnKey


@pytest.fixture
def service(demo_service: ReturnService) -> ReturnService:
    return demo_service


def _open(service: ReturnService, form: str) -> LoadedReturn:
    info = service.storage.returns.find(ReturnKey("潞城区", form, 2024))
    assert info is not None and info.locked
    return service.load(info)


def _preparer(service: ReturnService, name: str) -> None:
    p = service.profile()
    service.save_profile(
        Profile(p.mode, p.city, p.county, p.unit_name, name, p.reviewer, p.head, p.phone)
    )


def _withdrawn_edit(service: ReturnService, loaded: LoadedReturn, edit: list[str]) -> None:
    """A correction in which 张晓燕 types `edit` (texts of one cell, in turn), back to the
    first, so 定稿 withdraws it: the return is 第1版 again."""
    service.correct(loaded, "核对")
    loaded = service.load(loaded.info)
    for text in edit:
        service.enter_value(loaded, "total_use", text)
    assert service.finalise(loaded).withdrawn
    assert service.info(loaded.info.id).revision == 1


def test_a_cells_record_names_the_edits_of_a_withdrawn_correction_as_withdrawn(
    service: ReturnService,
) -> None:
    loaded = _open(service, "t1")
    old = loaded.data.values["total_use"].text  # the demo's 8000
    _withdrawn_edit(service, loaded, ["8100", old])
    _preparer(service, "李四")
    service.correct(loaded, "核对用水总量")
    loaded = service.load(loaded.info)
    service.enter_value(loaded, "total_use", "8200")
    trail = cell_trail(service, service.load(loaded.info), None, "total_use")
    # by hand: 第1版's entry (8000, by 张晓燕), the withdrawn correction's two edits
    # (8000 → 8100 → 8000, by 张晓燕, both under the reused number 2 but withdrawn), then the
    # kept 第2版's one edit (8000 → 8200, by 李四)
    assert [(t.revision, t.who, t.old, t.new, t.withdrawn) for t in trail] == [
        (1, "张晓燕", "", old, False),
        (2, "张晓燕", old, "8100", True),
        (2, "张晓燕", "8100", old, True),
        (2, "李四", old, "8200", False),
    ]


def test_who_changed_a_value_comes_only_from_the_correction_kept(
    service: ReturnService,
) -> None:
    """表四: 张晓燕's withdrawn correction edits 第3行's 单位名称 and puts it back; 李四's
    kept correction deletes 第1行, so every later row moves up one. 第3行 then holds what
    was 第4行: a change of 第3行·单位名称 that 张晓燕's withdrawn edit did not make."""
    loaded = _open(service, "t4")
    name = loaded.data.rows[2].cells["name"].text
    service.correct(loaded, "核对台账")
    loaded = service.load(loaded.info)
    service.enter_cells(loaded, [(2, "name", "潞城区临时名称")])
    service.enter_cells(loaded, [(2, "name", name)])
    assert service.finalise(loaded).withdrawn
    _preparer(service, "李四")
    loaded = service.load(service.info(loaded.info.id))
    fourth = loaded.data.rows[3].cells["name"].text
    service.correct(loaded, "删除重复单位")
    loaded = service.load(loaded.info)
    service.delete_ledger_rows(loaded, [0])
    changes = {c.field: c for c in compare(service, loaded.info, 1, 2)}
    moved = changes["第3行·name"]
    assert (moved.old, moved.new) == (name, fourth)
    # nobody of the kept 第2版 typed 第3行's name (the row moved): unknown, never 张晓燕
    assert (moved.who, moved.at) == ("", "")
    assert {c.who for c in changes.values()} <= {"李四", ""}
    # and what an export of 第2版 carries to the city says the same
    [_, second] = revision_log(service, loaded.info, 2)
    assert {c.who for c in second.changes} <= {"李四", ""}
