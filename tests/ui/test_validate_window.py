"""校验 in the window is the service's check: it records 已校验 exactly as `siwu validate`
does (services.returns.ReturnService.check), and the navigator shows it from the changes."""

from __future__ import annotations

from siwu_desktop.services.data import Storage
from siwu_desktop.ui.main_window import MainWindow

from .conftest import find_return, open_return


def test_validate_records_validated_and_the_navigator_shows_it(
    yangquan_window: MainWindow, yangquan_storage: Storage
) -> None:
    win = yangquan_window
    editor = open_return(win, 2025, "t1")
    rid = editor.doc.loaded.info.id
    assert yangquan_storage.returns.get(rid).status == "draft"
    assert win.page is not None
    win.page.validate()
    # core's sample of 盂县 2025 has no data error (tests/services/test_changes.py)
    stored = yangquan_storage.returns.get(rid)
    assert stored.status == "validated"
    assert stored.id == find_return(win, 2025, "t1").id
    item = win.page.navigator.item_for(rid)
    assert item is not None and item.text(1).startswith("已校验")
    assert editor.doc.loaded.info.status == "validated"
