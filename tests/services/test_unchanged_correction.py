"""定稿 of a correction that changed nothing (city review follow-up, item 3): 更正 then 定稿
with every value as it was made 第2版 with 第1版's digest. The clerk meant to change
something or nothing: either way a second copy of the same return is no revision. So the
one door, `ReturnService.finalise`, withdraws the correction (撤销更正): 第1版 is current
and finalised again and no revision is added. A changed value still makes 第2版. Demo
county 潞城区, 2024 表一 (finalised 第1版, 注册用户用水量 Qa 2700)."""

from __future__ import annotations

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.city_demo import correct_and_finalise
from siwu_desktop.services.returns import WITHDRAWN, LoadedReturn, ReturnService
from siwu_desktop.storage import ReturnKey

CATALOG = default_catalog()
KEY = ReturnKey("潞城区", "t1", 2024)


@pytest.fixture
def service(demo_service: ReturnService) -> ReturnService:
    return demo_service


def _corrected(service: ReturnService) -> LoadedReturn:
    info = service.storage.returns.find(KEY)
    assert info is not None and info.locked and info.revision == 1
    loaded = service.load(info)
    service.correct(loaded, "核对账册")
    return service.load(service.info(info.id))


def test_an_unchanged_correction_is_withdrawn_not_made_a_revision(service: ReturnService) -> None:
    loaded = _corrected(service)
    first = service.storage.returns.revision(loaded.info.id, 1)
    assert loaded.revision == 2 and service.unchanged_correction(loaded) == 1
    revised = service.finalise(loaded)
    assert revised.withdrawn and revised.revision == 1 and revised.digest == first.digest
    info = service.info(loaded.info.id)
    assert info.revision == 1 and info.locked and loaded.revision == 1
    assert [r.revision for r in service.storage.returns.revisions(info.id)] == [1]
    # a correction can be opened again: it is 第2版 once more
    assert service.correct(service.load(info), "再次核对").revision == 2


def test_a_value_changed_and_changed_back_is_still_no_change(service: ReturnService) -> None:
    loaded = _corrected(service)
    service.enter_value(loaded, "billed_use", "2750")
    assert service.unchanged_correction(loaded) is None
    service.enter_value(loaded, "billed_use", "2700")  # back as it was in 第1版
    assert service.unchanged_correction(loaded) == 1
    assert service.finalise(loaded).withdrawn


def test_a_changed_value_makes_the_new_revision(service: ReturnService) -> None:
    info = service.storage.returns.find(KEY)
    assert info is not None
    loaded = correct_and_finalise(service, service.load(info), {"billed_use": "2750"}, "复核")
    revisions = service.storage.returns.revisions(loaded.info.id)
    assert [(r.revision, r.status) for r in revisions] == [(1, "finalised"), (2, "finalised")]
    assert revisions[0].digest != revisions[1].digest


def test_the_message_names_both_revisions() -> None:
    assert WITHDRAWN.format(new=2, old=1).startswith(
        "第2版与第1版相比没有任何更改：已撤销更正，报表仍为第1版（已定稿），未产生新版本。"
    )


def test_withdrawing_with_no_correction_open_is_refused(service: ReturnService) -> None:
    from siwu_desktop.storage import LifecycleError

    info = service.storage.returns.find(KEY)
    assert info is not None and info.locked  # 第1版, finalised: nothing to withdraw
    with pytest.raises(LifecycleError, match="这张报表没有正在进行的更正，无需撤销。"):
        service.storage.returns.withdraw_correction(info.id)
    assert [r.revision for r in service.storage.returns.revisions(info.id)] == [1]
