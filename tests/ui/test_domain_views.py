"""What the #18 decisions look like in the window: 落实措施, 自2025年起每年, 黄河干支流耗水量."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.storage import Storage
from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.main_window import MainWindow
from tests.ui.conftest import open_return


def test_t3_shows_the_measures_column(window: MainWindow, artifacts_dir: Path) -> None:
    # 长水资源〔2026〕29号 附件1: "序号 主要工作要点 落实措施 完成时限"
    editor = open_return(window, 2026, "t3", "Q1")
    model = editor.model
    column = model.column_of("measures")
    assert model.headerData(column, Qt.Orientation.Horizontal).startswith("落实措施")
    rows = [r.task.id for r in editor.doc.form.table.fixed_rows]
    row = rows.index("cz26-t-07")
    shown = model.index_of(row, "measures").data()
    assert shown.endswith("各县区至少签订一项以上合同节水项目。")
    window.grab().save(str(artifacts_dir / "t3_measures_changzhi_2026.png"))


def test_t3_of_two_documents_has_a_heading_row_for_each(
    window: MainWindow, artifacts_dir: Path
) -> None:
    # 长治 2026: the 2025 行动方案's tasks, then 长水资源〔2026〕29号's, each numbered from 1
    editor = open_return(window, 2026, "t3", "Q1")
    model, view = editor.model, editor.view
    keys = [r.task.id for r in editor.doc.form.table.fixed_rows]
    plan = keys.index("cz26-t-01")  # the plan's rows come first
    assert model.rowCount() == len(keys) + 2
    for heading, text in (
        (0, "一、《长治市严格落实“四水四定”行动方案》"),
        (plan + 1, "二、《2026年长治市水利系统节约用水工作要点》（长水资源〔2026〕29号）"),
    ):
        index = model.index(heading, 0)
        assert index.data() == text
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert view.columnSpan(heading, 0) == model.columnCount()
    # the rows under them: the data row's own cells (the points' 序号 1 is data row `plan`)
    number = model.column_of("number")
    assert model.index(plan + 2, number).data() == "1"
    assert model.index_of(plan, "number").row() == plan + 2
    window.grab().save(str(artifacts_dir / "t3_groups_changzhi_2026.png"))


def test_t1_shows_reference_rows_not_judged(window: MainWindow, artifacts_dir: Path) -> None:
    # 长治 2025 正文 二、（一）3.: "…非居民用水户，全部实行计划用水管理" (#18 item 5)
    editor = open_return(window, 2025, "t1")
    model = editor.model
    row = model.index_of(None, "planned_use_coverage").row()
    assert model.index(row, model.COL_TARGET).data() == "非居民用水户，全部实行计划用水管理"
    assert model.index(row, model.COL_JUDGEMENT).data() == "不作判定（仅供参考）"
    assert "正文 二、（一）3." in model.index(row, model.COL_SOURCE).data()
    sections = [model.index(r, 0).data() for r in model.section_rows()]
    assert sections[-1] == "参考事项（不作判定）"
    editor.view.scrollTo(model.index(row, 0))
    window.grab().save(str(artifacts_dir / "t1_references_changzhi_2025.png"))


def test_catalog_browser_shows_the_start_year_of_an_every_year_cap(
    qtbot: QtBot, tmp_path: Path, demo_storage: Storage, artifacts_dir: Path
) -> None:
    # 长治 正文 二、（二）5.: "到2025年年底，农业用水总量控制在每年2亿立方米以内"
    create_app()
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(default_catalog(), settings, city="长治市")
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    model = window.catalog_browser.target_model
    texts = [
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert "2（自2025年起每年）" in texts
    window.grab().save(str(artifacts_dir / "catalog_changzhi_from_year.png"))


def _paste_across_the_heading(window: MainWindow, by_keyboard: bool) -> None:
    # two rows pasted onto the plan's last task (潞城区's 17th) land on it and on 长水资源〔2026〕29号's
    # 序号1: the heading row between them takes nothing
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QGuiApplication, QKeyEvent

    from siwu_desktop.ui.entry_view import parse_clipboard

    editor = open_return(window, 2026, "t3", "Q1")
    model, doc = editor.model, editor.doc
    keys = [r.task.id for r in doc.form.table.fixed_rows]
    last = keys.index("cz26-t-01") - 1  # data row of the plan's last task
    start = model.index_of(last, "status")
    if by_keyboard:
        view = editor.view
        view.setCurrentIndex(view.from_source(start))
        view.setFocus()
        QGuiApplication.clipboard().setText("已完成\n未启动\n")
        paste = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier, "v"
        )
        QGuiApplication.sendEvent(view, paste)
    else:
        editor.paste(start.row(), start.column(), parse_clipboard("已完成\n未启动\n"))
    assert doc.data.rows[last].cells["status"].text == "已完成"
    assert doc.data.rows[last + 1].cells["status"].text == "未启动"
    assert doc.data.rows[last + 1].key == "cz26-t-01"


def test_paste_skips_the_heading_row(window: MainWindow) -> None:
    _paste_across_the_heading(window, by_keyboard=False)


@pytest.mark.xwindow
def test_ctrl_v_in_a_real_window_skips_the_heading_row(
    window: MainWindow, x_screenshot: Callable[[str], Path | None]
) -> None:
    _paste_across_the_heading(window, by_keyboard=True)
    x_screenshot("t3_paste_across_heading")
