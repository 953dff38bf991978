"""Start-up paints the reopened 表一 first and judges it right after (issue #6): the findings
do appear, and an edit made before they did is judged and kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.validation import validate
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from siwu_desktop.ui.main_window import MainWindow


def unshown_window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    catalog = default_catalog()
    storage = open_storage(tmp_path, daily_backup=False)
    build_demo(storage, catalog)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    service = ReturnService(storage, catalog)
    window = MainWindow(catalog, settings, service=service)
    qtbot.addWidget(window)
    return window, storage, service


def test_findings_appear_after_the_first_paint(qtbot: QtBot, tmp_path: Path) -> None:
    window, storage, service = unshown_window(qtbot, tmp_path)
    try:
        doc = window.page.current
        assert doc is not None and doc.form.id == "t1"
        assert doc.pending and doc.findings == []  # nothing judged before the window paints
        assert any(v is not None for v in doc.values.values())  # derived values are shown
        window.show()
        qtbot.waitUntil(lambda: not doc.pending)
        expected = validate(doc.data, service.context(doc.loaded))
        assert doc.findings == expected and expected
        panel = window.page.findings
        qtbot.waitUntil(lambda: panel.list.count() > 0)
        errors = any(f.severity is Severity.ERROR for f in expected)
        assert window.page.navigator.errors.get(doc.loaded.info.id) == errors
    finally:
        window.close()
        storage.close()


def test_an_edit_before_judging_is_kept_and_judged(qtbot: QtBot, tmp_path: Path) -> None:
    window, storage, service = unshown_window(qtbot, tmp_path)
    try:
        editor = window.page.current_editor()
        model, doc = editor.model, editor.doc
        assert doc.pending
        assert model.setData(model.index_of(None, "billed_use"), "约3000")  # before any paint
        assert not doc.pending
        assert doc.text(None, "billed_use") == "约3000"
        assert doc.findings == validate(doc.data, service.context(doc.loaded))
        assert any(f.field == "billed_use" for f in doc.findings)  # the refused entry
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.page._deferred is None)
        assert doc.text(None, "billed_use") == "约3000"
        stored = service.load(doc.loaded.info)
        assert stored.data.values["billed_use"].text == "约3000"
    finally:
        window.close()
        storage.close()


def test_the_reopened_return_is_judged_before_the_writes_are_prepared(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The findings are what the clerk reads next; loading the write path (sqlite-utils)
    waits one more turn of the event loop."""
    window, storage, service = unshown_window(qtbot, tmp_path)
    order: list[str] = []
    doc = window.page.current
    assert doc is not None
    doc.refreshed.connect(lambda: order.append("judged"))
    prepare = service.prepare_writes
    service.prepare_writes = lambda: (order.append("writes"), prepare())  # type: ignore[method-assign]
    try:
        window.show()
        qtbot.waitUntil(lambda: "writes" in order)
        assert order[0] == "judged"
    finally:
        window.close()
        storage.close()
