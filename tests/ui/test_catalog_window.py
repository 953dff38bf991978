"""The first window: a city's targets, the source of a selected number, tasks, in Chinese."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontInfo
from pytestqt.qtbot import QtBot

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.ui.app import create_app
from siwu_desktop.ui.catalog_view import CONFLICT_BRUSH, TargetTableModel
from siwu_desktop.ui.fonts import UI_FAMILIES
from siwu_desktop.ui.main_window import MainWindow


def make_window(qtbot: QtBot, tmp_path: Path, city: str) -> MainWindow:
    create_app()
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(default_catalog(), settings, city=city)
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    return window


def cell_of(model: TargetTableModel, indicator: str, year_header: str) -> tuple[int, int]:
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == indicator)
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == year_header
    )
    return row, column


def test_selecting_a_target_shows_where_it_comes_from(
    qtbot: QtBot, tmp_path: Path, artifacts_dir: Path
) -> None:
    window = make_window(qtbot, tmp_path, "阳泉市")
    browser = window.catalog_browser
    model = browser.target_model
    row, column = cell_of(model, "农田灌溉水利用系数", "2025年")
    index = model.index(row, column)
    assert index.data().startswith("0.624")
    assert (
        index.data(Qt.ItemDataRole.BackgroundRole) == CONFLICT_BRUSH
    )  # BackgroundRole marks the body/annex conflict
    browser.targets_view.setCurrentIndex(index)
    text = browser.source_view.toPlainText()
    assert "阳政办发〔2025〕56号" in text and "附件1" in text
    assert "0.63" in text and "校验采用 0.624" in text
    window.grab().save(str(artifacts_dir / "catalog_yangquan.png"))


def test_liaocheng_shows_the_draft_banner_and_tasks(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path, "聊城市")
    assert "征求意见稿" in window.catalog_browser.draft_banner.text()
    assert window.catalog_browser.task_model.rowCount() > 0
    window.catalog_browser.city_box.setCurrentText("太原市")
    assert window.catalog_browser.draft_banner.text() == ""
    headers = [
        window.catalog_browser.target_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(window.catalog_browser.target_model.columnCount())
    ]
    assert "2027年" in headers and "2030年" in headers


def test_interface_uses_a_named_chinese_font(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path, "长治市")
    family = QFontInfo(window.font()).family()
    assert family in UI_FAMILIES, f"no CJK family chosen, got {family}"


def test_the_interface_text_is_laid_out_unhinted(qtbot: QtBot, tmp_path: Path) -> None:
    """The window's text, the entry table's included, keeps its outlines unhinted (the
    advances it prints with; FreeType loads each glyph without the auto-hinter)."""
    window = make_window(qtbot, tmp_path, "长治市")
    unhinted = QFont.HintingPreference.PreferNoHinting
    assert window.font().hintingPreference() == unhinted
    assert window.catalog_browser.font().hintingPreference() == unhinted
    assert QFont().hintingPreference() == unhinted  # a font made later starts from it


def test_about_box_names_every_source_document(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path, "长治市")
    about = window.about_html()
    for document in default_catalog().documents:
        assert (
            document.citation.replace("“", "&ldquo;")[:4] in about or document.citation[:4] in about
        )


def test_city_and_geometry_are_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path, "长治市")
    window.catalog_browser.city_box.setCurrentText("阳泉市")
    window.close()
    reopened = MainWindow(
        default_catalog(), QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(reopened)
    assert reopened.catalog_browser.city_box.currentText() == "阳泉市"


def test_the_source_pane_says_what_it_is_for_in_lines_that_fit(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """太原市 at 1400 × 850: the pane's hint (28 characters) was its placeholder, one line
    cut at the pane's right edge (#17, the clerk's day). It is the pane's text, wrapped to
    its width, until a target is chosen, and again for another city."""
    window = make_window(qtbot, tmp_path, "太原市")
    browser = window.catalog_browser
    view = browser.source_view
    assert view.toPlainText() == "选中表中的目标值，这里显示它出自哪份文件、哪一条，以及原文。"
    view.document().setTextWidth(view.viewport().width())
    assert view.document().idealWidth() <= view.viewport().width()
    browser.targets_view.setCurrentIndex(browser.target_model.index(0, 4))
    assert "太原市" in view.toPlainText()
    browser.city_box.setCurrentText("阳泉市")
    assert view.toPlainText().startswith("选中表中的目标值")
