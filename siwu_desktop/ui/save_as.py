"""The save dialog of the city's pages (board, 汇总, charts, import report): it opens in the
folder of 设置 → 偏好设置 (else the last export's folder, else 文档), as the county's
exports do, and remembers the folder written to; not in whatever folder the program was
started from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from siwu_desktop.ui.preferences import Preferences, documents_folder


def ask_save_path(
    parent: QWidget, prefs: Preferences | None, title: str, name: str, file_filter: str
) -> tuple[Path, str] | None:
    """(the chosen file, the chosen filter), or None when cancelled."""
    folder = prefs.export_dir(documents_folder()) if prefs is not None else documents_folder()
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(folder / name), file_filter)
    if not path:
        return None
    if prefs is not None:
        prefs.exported_to(Path(path))
    return Path(path), chosen


def save_or_warn(parent: QWidget, title: str, save: Callable[[], object]) -> QMessageBox | None:
    """Run `save`; a file the disk refused (full, write-protected, open in Excel) is said in a
    warning that stays open (core.files gives the reason in Chinese) instead of an exception
    lost in a Qt slot. Returns the warning, None when saved."""
    try:
        save()
    except OSError as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, title, str(exc), parent=parent)
        box.open()
        return box
    return None
