"""What the start-up and edit fast paths must not change: the 目标与任务 tab is built when
first shown, an edit repaints only the cells it changed, and the findings stay right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.return_editor import flex_widths


def demo_window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    create_app()  # the program's own font and locale: the widths below depend on them
    catalog = default_catalog()
    storage = open_storage(tmp_path, daily_backup=False)
    build_demo(storage, catalog)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(catalog, settings, service=ReturnService(storage, catalog))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.page._deferred is None)  # judged after the first paint
    return window, storage


def test_targets_tab_is_built_when_first_shown(qtbot: QtBot, tmp_path: Path) -> None:
    window, storage = demo_window(qtbot, tmp_path)
    try:
        assert not window.catalog_tab.built
        window.tabs.setCurrentWidget(window.catalog_tab)
        assert window.catalog_tab.built
        browser = window.catalog_browser
        assert browser.isVisible() and browser.target_model.rowCount() > 0
        assert browser.city_box.currentText() == window.service.profile().city
    finally:
        window.close()
        storage.close()


def test_an_edit_reports_only_the_cells_it_changed(qtbot: QtBot, tmp_path: Path) -> None:
    window, storage = demo_window(qtbot, tmp_path)
    try:
        editor = window.page.current_editor()
        model, doc = editor.model, editor.doc
        changed: list[tuple[int, int]] = []

        def record(top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
            changed.extend((r, 0) for r in range(top.row(), bottom.row() + 1))

        model.dataChanged.connect(record)
        index = model.index_of(None, "billed_use")
        assert model.setData(index, "2600")
        rows = {r for r, _ in changed}
        assert index.row() in rows  # the edited row
        assert len(rows) < model.rowCount() // 2  # not the whole table
        # every row whose shown text differs from a fresh model's is among the reported rows
        fresh = type(model)(doc)
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                if r not in rows:
                    assert model.index(r, c).data() == fresh.index(r, c).data(), (r, c)
        # the findings panel shows exactly the document's findings after in-place updates
        panel = window.page.findings
        assert model.setData(index, "约3000")
        assert model.setData(index, "2700")
        shown = [panel.list.item(i).data(0x0100) for i in range(panel.list.count())]
        assert shown == panel.findings()
        # undo is a full refresh of the same cells
        doc.undo_stack.undo()
        assert doc.text(None, "billed_use") == "约3000"
        shown = [panel.list.item(i).data(0x0100) for i in range(panel.list.count())]
        assert shown == panel.findings()
    finally:
        window.close()
        storage.close()


def test_t1_and_t3_fill_the_width_without_sideways_scrolling(qtbot: QtBot, tmp_path: Path) -> None:
    window, storage = demo_window(qtbot, tmp_path)
    try:
        window.resize(1400, 860)
        qtbot.wait(1)
        for form in ("t1", "t3"):
            info = next(
                i
                for i in window.page.all_returns()
                if i.form == form and i.year == 2025 and i.period == "Y"
            )
            window.page.navigator.select(info.id)
            view = window.page.current_editor().view
            qtbot.waitUntil(lambda v=view: v.isVisible())
            header = view.horizontalHeader()
            assert header.length() <= view.viewport().width() + 1, form
            assert view.horizontalScrollBar().maximum() == 0, form
            # the flexible columns take up what is left: no empty band on the right
            assert header.length() >= view.viewport().width() - 1, form
        narrow = view.viewport().width()
        window.resize(1800, 900)  # a wider window: the flexible columns follow
        qtbot.waitUntil(lambda: view.viewport().width() > narrow + 300)
        qtbot.waitUntil(lambda: view.horizontalHeader().length() >= view.viewport().width() - 1)
    finally:
        window.close()
        storage.close()


def test_flexible_columns_fill_the_width_when_a_minimum_wins() -> None:
    """表一 at 1400 px with the program's font (中 = 14 px): 216 px left for 栏目 (share 0.62,
    minimum 10 em = 140) and 目标 (0.38, 5 em = 70). 0.62 × 216 = 133.9 < 140, so 栏目 gets
    140 and 目标 the other 216 − 140 = 76 (before: 0.38 × 216 = 82, 6 px too wide, so
    the table scrolled sideways)."""
    assert flex_widths(216, {0: (0.62, 140), 4: (0.38, 70)}) == {0: 140, 4: 76}
    # room for both shares: 300 px → 0.62 × 300 = 186, 0.38 × 300 = 114; 186 + 114 = 300
    assert flex_widths(300, {0: (0.62, 140), 4: (0.38, 70)}) == {0: 186, 4: 114}
    # not even the minimums fit (140 + 70 = 210 > 200): each keeps its minimum
    assert flex_widths(200, {0: (0.62, 140), 4: (0.38, 70)}) == {0: 140, 4: 70}
