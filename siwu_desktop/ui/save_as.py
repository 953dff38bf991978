"""The save dialog of the city's pages (board, 汇总, charts, import report): it opens in the
folder of 设置 → 偏好设置 (else the last export's folder, else 文档), as the county's
exports do, and remembers the folder written to; not in whatever folder the program was
started from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

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
