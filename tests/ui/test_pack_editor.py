"""Issue #8, the target pack in the window: the city's allocation editor (live 合计 against
the city's cap, export refused when over unless 仍要签发), a county importing the pack
(the changes listed, then its 表一 judged against the allocation and its 表三 gaining the
pack's tasks), and the pack version a county's workbook states kept with its revision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.target_pack import read_pack
from siwu_desktop.core.terms import Basis, Overdue, Verdict
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import pack_draft as pd
from siwu_desktop.services.city_demo import SMALL, county_profile, fill_and_finalise
from siwu_desktop.services.export import export_filename, export_returns
from siwu_desktop.services.keys import KEY_FILE_SUFFIX, export_public_key, import_key
from siwu_desktop.services.packs import read_pack_file, store_pack
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.services.stored_packs import latest_pack
from siwu_desktop.storage import Profile, Storage, open_storage
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.city_mode import CityMode
from siwu_desktop.ui.keys_page import KeysPage
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.pack_editor import PackEditor
from siwu_desktop.ui.pack_import import PackImporter

from .conftest import TODAY, key, make_window, type_text

CITY, COUNTY, YEAR = "长治市", "潞州区", 2025
CATALOG = default_catalog()


@pytest.fixture
def city_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    storage = open_storage(tmp_path / "city", daily_backup=False)
    counties = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
    storage.profile.save(
        Profile(mode="city", city=CITY, unit_name="长治市水利局", counties=counties)
    )
    win = make_window(qtbot, tmp_path, storage)
    yield win
    win.close()
    storage.close()


@pytest.fixture
def county_storage(tmp_path: Path) -> Iterator[Storage]:
    """潞州区, 2025 表一 filled (用水总量 1000 万m³) and an empty 表三."""
    storage = open_storage(tmp_path / "county", daily_backup=False)
    storage.profile.save(county_profile(CATALOG, CITY, COUNTY))
    service = ReturnService(storage, CATALOG, today=TODAY)
    loaded = service.load(service.open(COUNTY, "t1", YEAR))
    service.enter_values(loaded, dict(SMALL))
    for form_id in ("t2", "t3", "t4"):
        service.open(COUNTY, form_id, YEAR)
    yield storage
    storage.close()


def _editor(win: MainWindow) -> PackEditor:
    assert isinstance(win.city_mode, CityMode)
    editor = win.city_mode.open_pack_editor()
    editor.year_box.setCurrentIndex(editor.year_box.findData(YEAR))
    assert editor.model.year == YEAR
    return editor


def _fill(editor: PackEditor, values: dict[str, str], field_id: str = "total_use") -> None:
    model = editor.model
    for county, text in values.items():
        assert model.setData(model.index_of(county, field_id), text, Qt.ItemDataRole.EditRole)


def _issue(tmp_path: Path, win: MainWindow, name: str = "pack") -> Path:
    """A pack within the caps: 潞州区 1.2亿 of 用水总量, and two extra tasks."""
    editor = _editor(win)
    _fill(editor, {COUNTY: "１.２亿立方米", "上党区": "5000"})
    editor.version.setText("2026.1")
    editor.add_task(pd.TaskRow("完成县级用水统计调查名录复核", "2025-06-30", "各县区"))
    editor.add_task(pd.TaskRow("编制县级节水型社会建设方案", "2026-12-31", COUNTY))
    out = editor.export_to(tmp_path / name)
    assert out is not None, editor.status.text()
    return out


def test_typing_allocations_updates_the_total_and_marks_the_cap(
    qtbot: QtBot, city_window: MainWindow, artifacts_dir: Path
) -> None:
    editor = _editor(city_window)
    model = editor.model
    view = editor.view
    # typed as a person would: full-width digits and 亿立方米, one key event per character
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    view.setCurrentIndex(model.index_of(COUNTY, "total_use"))
    view.setFocus()
    type_text(view, "１.２亿立方米")
    key(view, "\r", Qt.Key.Key_Return)  # the delegate commits on the next turn of the loop
    qtbot.waitUntil(lambda: editor.draft.text(YEAR, COUNTY, "total_use") == "12000")
    total = model.index_of(S.EDITOR_TOTAL, "total_use")
    assert model.data(total) == S.EDITOR_OK.format(total="12000")
    assert model.data(model.index(model.target_row, 0)).startswith("≤ 61700")  # 6.17亿m³
    # a refused entry keeps its text and says why
    assert model.setData(model.index_of("上党区", "total_use"), "约3000", Qt.ItemDataRole.EditRole)
    refused = model.index_of("上党区", "total_use")
    assert model.data(refused) == "约3000"
    assert "约" in model.data(refused, Qt.ItemDataRole.ToolTipRole)
    assert model.data(refused, Qt.ItemDataRole.BackgroundRole) is not None
    # over the city's cap: the 合计 says so, and the violation is listed under the table
    _fill(editor, {"上党区": "30000", "屯留区": "20000"})
    assert model.data(total) == S.EDITOR_OVER.format(total="62000")
    assert model.over("total_use")
    assert "超" in editor.violations.text() and "用水总量" in editor.violations.text()
    _fill(editor, {"屯留区": "19000"})
    assert model.data(total) == S.EDITOR_OK.format(total="61000")
    _fill(editor, {"屯留区": "20000"})
    editor.add_task(pd.TaskRow("完成县级用水统计调查名录复核", "2025-06-30", "各县区"))
    editor.version.setText("2026.1")
    QApplication.processEvents()
    assert editor.grab().save(str(artifacts_dir / "pack_editor.png"))


def test_export_writes_a_pack_read_back_with_the_same_values(
    city_window: MainWindow, tmp_path: Path
) -> None:
    out = _issue(tmp_path, city_window)
    assert out.suffix == ".siwupack"
    pack = read_pack(out.read_text(encoding="utf-8"), CATALOG, CITY)
    values = {(a.county, a.key, a.year): (a.value, a.unit) for a in pack.allocations}
    assert values == {
        (COUNTY, "total_use", YEAR): (Decimal("12000"), "万立方米"),
        ("上党区", "total_use", YEAR): (Decimal("5000"), "万立方米"),
    }
    assert [(t.text, t.due_date, t.assignee) for t in pack.extra_tasks] == [
        ("完成县级用水统计调查名录复核", "2025-06-30", "各县区"),
        ("编制县级节水型社会建设方案", "2026-12-31", COUNTY),
    ]
    assert pack.issuer == "长治市水利局" and pack.version == "2026.1"
    service = city_window.service
    assert service is not None
    stored = latest_pack(service.storage, CATALOG, CITY)
    assert stored is not None and stored.digest == pack.digest  # the city judges by it too
    # the draft was kept and a new editor starts from it; 载入已有目标包 restores the pack
    draft = pd.load_draft(service.storage.paths.root)
    assert draft is not None and draft.text(YEAR, COUNTY, "total_use") == "12000"
    editor = PackEditor(service)
    assert editor.draft.version == "2026.1" and editor.tasks.rowCount() == 2
    _fill(editor, {COUNTY: "1"})
    assert editor.load_pack_in_force()
    assert editor.draft.text(YEAR, COUNTY, "total_use") == "12000"
    editor.close()


def test_over_allocation_is_refused_unless_issued_anyway(
    city_window: MainWindow, tmp_path: Path
) -> None:
    editor = _editor(city_window)
    _fill(editor, {COUNTY: "40000", "上党区": "30000"})
    editor.version.setText("2026.2")
    asked: list[list[str]] = []
    editor.confirm_over = lambda v: asked.append(v) is not None  # type: ignore[method-assign]
    assert editor.export_to(tmp_path / "over") is None
    assert len(asked) == 1 and "用水总量" in asked[0][0]
    assert not (tmp_path / "over.siwupack").exists()
    assert "未导出" in editor.status.text()
    editor.confirm_over = lambda v: True  # type: ignore[method-assign]
    out = editor.export_to(tmp_path / "over")
    assert out is not None and out.exists()
    assert S.EDITOR_EXPORTED_OVER in editor.status.text()
    pack = read_pack_file(out, CATALOG, CITY)
    assert sum(a.value for a in pack.allocations) == Decimal("70000")
    service = city_window.service
    assert service is not None
    with service.storage.session.read() as db:
        rows = db.execute("SELECT key, new FROM audit WHERE kind = 'target_pack_over'").fetchall()
    assert len(rows) == 1 and rows[0][0] == "长治市水利局 2026.2" and "用水总量" in rows[0][1]


def test_county_imports_the_pack_and_is_judged_by_it(
    qtbot: QtBot, city_window: MainWindow, county_storage: Storage, tmp_path: Path
) -> None:
    pack_file = _issue(tmp_path, city_window)
    win = make_window(qtbot, tmp_path / "county_settings", county_storage)
    try:
        page = win.page
        assert page is not None
        info = next(
            r for r in page.all_returns() if (r.form, r.year, r.period) == ("t1", YEAR, "Y")
        )
        page.navigator.select(info.id)
        doc = page.current
        assert doc is not None and doc.form.id == "t1"
        before = [j.status for j in doc.judged["total_use"]]
        assert Verdict.NOT_ALLOCATED in before
        keys_page = win.keys_tab.content() if win.keys_tab is not None else None
        assert isinstance(keys_page, KeysPage) and keys_page.table.rowCount() == 0
        importer = PackImporter(win)
        dialog = importer.preview(tmp_path / pack_file.name)
        assert dialog is not None
        lines = dialog.lines()
        assert any("潞州区" in t and "用水总量" in t and "12000" in t for t in lines)
        assert any("完成县级用水统计调查名录复核" in t for t in lines)
        service = win.service
        assert service is not None
        assert latest_pack(service.storage, CATALOG, CITY) is None  # nothing applied yet
        dialog.accept()
        assert latest_pack(service.storage, CATALOG, CITY) is not None
        # the first pack pinned the city key: the 密钥与备案 page shows it from the Changes
        assert keys_page.table.rowCount() == 1
        assert keys_page.table.item(0, 0).text() == "市局"
        after = doc.judged["total_use"]
        assert Verdict.NOT_ALLOCATED not in [j.status for j in after]
        judged = next(j for j in after if j.year == YEAR)
        assert judged.status is Verdict.MET and judged.basis is Basis.ALLOCATION  # 1000 ≤ 12000
        assert judged.target_value == Decimal("12000")
        assert "2026.1" in win.statusBar().currentMessage()
        # 表三: the catalog's tasks first, then the pack's, and the past deadline flagged
        t3 = next(r for r in page.all_returns() if (r.form, r.year, r.period) == ("t3", YEAR, "Y"))
        page.navigator.select(t3.id)
        tasks_doc = page.current
        assert tasks_doc is not None and tasks_doc.form.table is not None
        rows = tasks_doc.form.table.fixed_rows
        ours = [r.task for r in rows if r.task.id.startswith("pack:")]
        assert [t.text for t in ours] == [
            "完成县级用水统计调查名录复核",
            "编制县级节水型社会建设方案",
        ]
        assert not rows[0].task.id.startswith("pack:")
        assert ours[0].source == "目标包 长治市水利局 2026.1"
        first = [r.task.id for r in rows].index(ours[0].id)
        second = [r.task.id for r in rows].index(ours[1].id)
        assert tasks_doc.overdue[first] is Overdue.OPEN  # due 2025-06-30, reported 2026-01-20
        assert tasks_doc.overdue[second] is None  # due 2026-12-31
        assert any(f.rule == "T01" and f.row == first + 1 for f in tasks_doc.findings)
    finally:
        win.close()


def test_an_imported_county_revision_keeps_its_pack_version(
    city_window: MainWindow, tmp_path: Path
) -> None:
    pack_file = _issue(tmp_path, city_window)
    pack = read_pack_file(pack_file, CATALOG, CITY)
    with open_storage(tmp_path / "county_work", daily_backup=False) as storage:
        storage.profile.save(county_profile(CATALOG, CITY, COUNTY))
        store_pack(storage, pack)
        service = ReturnService(storage, CATALOG, today=dt.date(YEAR + 1, 1, 20))
        loaded = fill_and_finalise(service, COUNTY, YEAR, SMALL)
        loaded = service.load(loaded.info)
        out = tmp_path / "exports" / export_filename(loaded)
        out.parent.mkdir()
        export_returns(service, [loaded], out)
        key_file = export_public_key(storage, tmp_path / f"{COUNTY}{KEY_FILE_SUFFIX}")
    city_service = city_window.service
    assert city_service is not None
    import_key(city_service.storage, key_file)
    report = ci.import_paths(city_service, [out])
    assert report.count(ci.ACCEPTED) == 1, report.summary()
    (info,) = city_service.storage.returns.list_returns(county=COUNTY)
    revision = city_service.storage.returns.revision(info.id, info.revision)
    assert revision.origin == "imported" and revision.pack_version == "2026.1"
