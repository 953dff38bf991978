"""导出全部报表 as one workbook (the service method of `siwu export --all`), and the clerk's
preferences: the default export folder (remembered) and the future-year warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from siwu_desktop.ui.main_window import MainWindow
from siwu_desktop.ui.preferences import Preferences
from siwu_desktop.ui.preferences_dialog import PreferencesDialog

from .conftest import open_return


def export_all_in_one_workbook(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shot: Callable[[str], object],
) -> None:
    """The demo county's 2024 holds 表一–表四 (one each, finalised): with 2024 selected,
    导出全部报表 (Ctrl+Shift+A) → 合成一个工作簿 writes one file holding those 4 returns, in
    the preferences' folder, under the name the command line gives it."""
    from siwu_desktop.excel.reader import read_workbook

    page = window.page
    assert page is not None
    folder = tmp_path / "导出"
    folder.mkdir()
    page.prefs.set_export_folder(folder)
    open_return(window, 2024, "t2")
    offered: list[str] = []

    def save_as(parent, title, path, filters):  # type: ignore[no-untyped-def]
        offered.append(path)
        return path, filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    window.export_all_action.trigger()
    box = page.last_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    one, each = (b for b in box.buttons() if b.text() != "取消")
    assert (
        one.text() == "2024年全部报表合成一个工作簿"
        and each.text() == "每张报表一个文件（全部年度）"
    )
    shot("choice")
    one.click()
    out = folder / "潞城区_2024_全部报表.xlsx"
    assert offered == [str(out)]
    parsed = read_workbook(out, page.service.catalog).returns
    assert sorted((r.year, r.form.id) for r in parsed) == [
        (2024, "t1"),
        (2024, "t2"),
        (2024, "t3"),
        (2024, "t4"),
    ]
    assert page.outputs.last_message == f"已导出 2024年 4 张报表到一个工作簿：{out}"


def test_export_all_writes_one_workbook_of_the_selected_year(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_all_in_one_workbook(window, tmp_path, monkeypatch, lambda _name: None)


@pytest.mark.xwindow
def test_export_all_in_one_workbook_in_a_real_window(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    x_screenshot: Callable[[str], Path | None],
) -> None:
    export_all_in_one_workbook(window, tmp_path, monkeypatch, x_screenshot)


def test_export_all_can_still_write_one_file_per_return(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.page
    assert page is not None
    started: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(tmp_path))
    monkeypatch.setattr(page.outputs, "export_all_to", started.append)
    window.export_all_action.trigger()
    box = page.last_dialog
    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == "每张报表一个文件（全部年度）").click()
    assert started == [tmp_path]


def test_the_export_folder_is_the_preferences_else_the_last_one_used(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing set, nothing exported yet: the user's Documents folder, else the home folder;
    it was the data directory, the hidden ~/.local/share/siwu_desktop (#17, the clerk's day:
    the saved PDF could not be found again)."""
    page = window.page
    assert page is not None
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs there
    assert page.output_dir() == home  # no Documents folder yet
    (home / "Documents").mkdir()
    assert page.output_dir() == home / "Documents"
    assert page.output_dir() != page.service.data_dir()
    last = tmp_path / "上次"
    last.mkdir()
    open_return(window, 2024, "t1")
    assert page.outputs.export_to(last / "表一.xlsx") is not None
    assert page.output_dir() == last
    chosen = tmp_path / "默认"
    chosen.mkdir()
    page.prefs.set_export_folder(chosen)
    assert page.output_dir() == chosen
    window.settings.sync()  # the next start reads the same settings file
    again = Preferences(QSettings(window.settings.fileName(), QSettings.Format.IniFormat))
    assert again.export_dir(tmp_path) == chosen
    chosen.rmdir()  # a folder since removed: the last export's again
    assert page.output_dir() == last


def test_a_preference_set_again_to_what_it_holds_writes_no_settings(
    window: MainWindow, tmp_path: Path
) -> None:
    """A second export to the same folder, or a preference set to what it already holds,
    leaves the settings file as it was: QSettings rewrites the whole file (behind a lock
    file, with two fsyncs) on any setValue or remove, even of the value it holds."""
    page = window.page
    assert page is not None
    folder = tmp_path / "导出"
    folder.mkdir()
    open_return(window, 2024, "t1")
    prefs = page.prefs
    assert page.outputs.export_to(folder / "表一.xlsx") is not None
    prefs.set_export_folder(folder)
    prefs.set_warn_future(False)
    prefs.set_column_width("t1", "0", 12.5)
    prefs.set_export_folder(None)
    window.settings.sync()
    ini = Path(window.settings.fileName())
    before, text = ini.stat(), ini.read_bytes()

    assert page.outputs.export_to(folder / "表一（二）.xlsx") is not None  # the same folder
    prefs.set_warn_future(False)
    prefs.set_column_width("t1", "0", 12.5)
    prefs.set_export_folder(None)  # nothing set: nothing to remove
    window.settings.sync()

    after = ini.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert ini.read_bytes() == text
    assert prefs.export_dir(tmp_path) == folder and not prefs.warn_future()
    assert prefs.column_widths("t1") == {"0": 12.5}


def preferences_dialog(window: MainWindow, tmp_path: Path, shot: Callable[[str], object]) -> None:
    page = window.page
    assert page is not None
    window.preferences_action.trigger()
    dialog = page.last_dialog
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    assert dialog.warn.isChecked()
    dialog.folder.setText(str(tmp_path / "没有这个文件夹"))
    dialog.accept()
    assert dialog.isVisible() and "不存在" in dialog.error.text()
    dialog.folder.setText(str(tmp_path))
    dialog.warn.setChecked(False)
    shot("preferences")
    dialog.accept()
    assert not dialog.isVisible()
    assert page.prefs.export_folder() == tmp_path and not page.prefs.warn_future()


def test_preferences_dialog_sets_the_folder_and_the_warning(
    window: MainWindow, tmp_path: Path
) -> None:
    preferences_dialog(window, tmp_path, lambda _name: None)


@pytest.mark.xwindow
def test_preferences_dialog_in_a_real_window(
    window: MainWindow, tmp_path: Path, x_screenshot: Callable[[str], Path | None]
) -> None:
    preferences_dialog(window, tmp_path, x_screenshot)
