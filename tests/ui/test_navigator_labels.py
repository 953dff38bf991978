"""The navigator's labels are read whole at the clerk's screen size (#17, the clerk's day)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Storage
from siwu_desktop.ui.navigator import INFO_ROLE, ReturnNavigator
from tests.ui.conftest import TODAY, make_window


def _shown_whole(nav: ReturnNavigator, item: QTreeWidgetItem) -> bool:
    """The label fits its cell (after the tree's indentation) without being cut to "…"."""
    cell = nav.visualRect(nav.indexFromItem(item, 0))
    margin = 2 * (nav.style().pixelMetric(nav.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    return QFontMetrics(nav.font()).horizontalAdvance(item.text(0)) + margin <= cell.width()


def test_a_quarterly_return_is_named_by_its_quarter_and_read_whole(
    qtbot: QtBot, tmp_path: Path, yangquan_storage: Storage
) -> None:
    """盂县 with 2025 第三季度 表三 beside the annual returns, in a 1400 px window: the row
    reads "表三 第三季度" whole (it was "表三 重点任务（第三季度）", cut to "表三 重点任务…",
    so the clerk could not tell the quarter from the annual 表三)."""
    ReturnService(yangquan_storage, default_catalog(), today=TODAY).open("盂县", "t3", 2025, "Q3")
    win = make_window(qtbot, tmp_path, yangquan_storage)
    win.resize(1400, 860)
    qtbot.waitUntil(lambda: win.width() == 1400)
    assert win.page is not None
    nav = win.page.navigator
    quarter = next(i for i in nav.items() if i.data(0, INFO_ROLE).period == "Q3")
    assert quarter.text(0) == "表三 第三季度"
    assert "2025年 表三 重点任务（第三季度）" in quarter.toolTip(0)
    for item in nav.items():
        assert _shown_whole(nav, item), item.text(0)
    win.close()
