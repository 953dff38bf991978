"""The editing model driven as a view would, in a process where PySide6 cannot be
imported (run by tests/services/test_editing.py). Each check prints one line."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.editing import Change, ReturnEditing
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from tests.profiles import YU_COUNTY


def recorder(editing: ReturnEditing) -> list[str]:
    """The model's events, in order, as a view subscribed to them would see them."""
    seen: list[str] = []
    editing.refreshed.connect(lambda: seen.append("refreshed"))
    editing.rows_changed.connect(lambda: seen.append("rows_changed"))
    editing.saved.connect(lambda at: seen.append("saved"))
    editing.failed.connect(lambda text: seen.append(f"failed:{text}"))
    return seen


def t1_edit_judge_and_undo(service: ReturnService) -> None:
    loaded = service.load(service.open("盂县", "t1", 2025))
    sample = sample_return(loaded.form, "盂县", 2025)
    service.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
    editing = ReturnEditing(service, service.load(loaded.info))
    seen = recorder(editing)
    # 1800 / 3000 = 0.6000 < 0.624 (约束性): C01 on the coefficient
    assert editing.severity_at(None, "irrigation_coefficient") is Severity.WARNING
    # 1950 / 3000 = 0.6500 ≥ 0.624: the miss goes, the derived value changes
    change = Change(None, "irrigation_net", "1800", "1950")
    assert editing.apply([change], use_new=True)
    assert seen == ["refreshed", "saved"]
    assert editing.values["irrigation_coefficient"] == Decimal("0.65")
    assert editing.severity_at(None, "irrigation_coefficient") is None
    assert editing.dirty is not None
    assert {(None, "irrigation_net"), (None, "irrigation_coefficient")} <= editing.dirty
    assert (None, "total_use") not in editing.dirty  # untouched cells are not repainted
    stored = service.load(loaded.info).data.values["irrigation_net"].text
    assert stored == "1950", stored
    # undo writes the old text back the same way
    assert editing.apply([change], use_new=False)
    assert editing.text(None, "irrigation_net") == "1800"
    assert editing.severity_at(None, "irrigation_coefficient") is Severity.WARNING
    # a refused entry is kept as typed and is an error until fixed
    assert editing.apply([Change(None, "supply_total", "", "约3000")], use_new=True)
    assert editing.text(None, "supply_total") == "约3000"
    assert editing.severity_at(None, "supply_total") is Severity.ERROR
    print("t1 ok")


def t4_rows(service: ReturnService) -> None:
    loaded = service.load(service.open("盂县", "t4", 2025))
    editing = ReturnEditing(service, loaded)
    seen = recorder(editing)
    rows = [{"name": "甲厂", "plan": "12", "annual": "15"}, {"name": "乙厂", "plan": "3"}]
    assert editing.insert_rows(0, rows)
    assert seen == ["rows_changed", "refreshed", "saved"]
    # 超计划 = max(0, 15 − 12) = 3 on the first row
    assert editing.row_values[0]["over"] == 3
    assert editing.move_row(1, 0)
    assert [editing.text(r, "name") for r in (0, 1)] == ["乙厂", "甲厂"]
    assert editing.remove_rows([0])
    reread = service.load(loaded.info)
    assert [r.cells["name"].text for r in reread.data.rows] == ["甲厂"]
    print("t4 ok")


def refused_write(service: ReturnService) -> None:
    loaded = service.load(service.open("盂县", "t1", 2025))
    service.enter_value(loaded, "supply_total", "3000")
    for f in service.validate(loaded):
        service.set_explanation(loaded, f.key, "已核实。")
    service.finalise(loaded)
    editing = ReturnEditing(service, service.load(loaded.info))
    seen = recorder(editing)
    assert editing.read_only
    assert not editing.apply([Change(None, "total_use", "", "9001")], use_new=True)
    assert seen[-1].startswith("failed:") and "已定稿" in seen[-1], seen
    assert editing.text(None, "total_use") != "9001"  # read again from the database
    print("locked ok")


def carried_undo(service: ReturnService) -> None:
    """An edit of a carried base-year input drops its origin; undo brings the value and the
    origin back (the window's 取自2025年年报 marker), redo drops it again."""
    from siwu_desktop.services.carry import create_year

    loaded = service.load(service.open("盂县", "t1", 2025))
    sample = sample_return(loaded.form, "盂县", 2025)  # 用水总量 8000 (core.sample)
    service.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
    create_year(service, "盂县", 2026)
    info = service.open("盂县", "t1", 2026)
    editing = ReturnEditing(service, service.load(info))
    origin = editing.loaded.origins["total_use_b2025"]
    assert origin.text() == "取自2025年年报（第1版，草稿，未定稿）的“用水总量”", origin.text()
    change = editing.change(None, "total_use_b2025", "8010")
    assert change is not None and change.old_origin == origin
    assert editing.change(None, "total_use_b2025", "8000") is None  # holds that already
    assert editing.apply([change], use_new=True)
    assert "total_use_b2025" not in editing.loaded.origins
    assert "total_use_b2025" not in service.load(info).origins  # as stored
    assert editing.apply([change], use_new=False)  # undo
    assert editing.text(None, "total_use_b2025") == "8000"
    assert editing.loaded.origins.get("total_use_b2025") == origin
    reread = service.load(info)
    assert reread.data.values["total_use_b2025"].value == 8000
    assert reread.origins.get("total_use_b2025") == origin
    assert editing.apply([change], use_new=True)  # redo
    assert "total_use_b2025" not in editing.loaded.origins
    assert "total_use_b2025" not in service.load(info).origins
    print("carried undo ok")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, open_storage(Path(folder)) as storage:
        storage.profile.save(YU_COUNTY)
        service = ReturnService(storage, default_catalog(), today=dt.date(2026, 1, 20))
        t1_edit_judge_and_undo(service)
        t4_rows(service)
        carried_undo(service)
        refused_write(service)
    assert sys.modules["PySide6"] is None  # still blocked: nothing imported Qt
    assert not any(name.startswith(("PySide6.", "shiboken6.")) for name in sys.modules)
    print("qt-free ok")


if __name__ == "__main__":
    main()
