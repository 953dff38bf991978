"""The window's icons (toolbar, findings, cells): copies of Qt's own standard icons, read
from resources/icons/ (made by its generate.py), so they look as `style().standardIcon`
drew them. Showing one asks nothing of the style: PySide6 builds the QStyle class (about
560 enum members, ≈10 ms) the first time one of its objects reaches Python, and a start
no longer does that before 表一 is judged and painted (issue #13 item 7)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from siwu_desktop.paths import resource_path

#: Each icon: the Qt standard pixmap (QStyle.StandardPixmap) it copies, and the sizes Qt
#: holds it at: the same pictures at the same sizes, so every scale draws the same pixels.
STANDARD: dict[str, tuple[str, tuple[int, ...]]] = {
    "arrow-back": ("SP_ArrowBack", (16, 32, 128)),
    "arrow-forward": ("SP_ArrowForward", (16, 32, 128)),
    "dialog-apply": ("SP_DialogApplyButton", (16, 32, 128)),
    "dialog-save": ("SP_DialogSaveButton", (16, 32, 128)),
    "browser-reload": ("SP_BrowserReload", (24, 32)),
    "drive-fd": ("SP_DriveFDIcon", (16, 32, 128)),
    "dir-open": ("SP_DirOpenIcon", (16, 32, 128)),
    "file": ("SP_FileIcon", (16, 32, 128)),
    "detailed-view": ("SP_FileDialogDetailedView", (16, 32, 128)),
    "contents-view": ("SP_FileDialogContentsView", (16, 32, 128)),
    "critical": ("SP_MessageBoxCritical", (16, 32, 128)),
    "warning": ("SP_MessageBoxWarning", (16, 32, 128)),
    "information": ("SP_MessageBoxInformation", (16, 32, 128)),
}

_LOADED: dict[str, QIcon] = {}


def icon_file(name: str, size: int) -> str:
    return str(resource_path("icons", f"{name}-{size}.png"))


def icon(name: str) -> QIcon:
    """The icon `name` (a key of STANDARD), one for the program, its files read when first
    drawn."""
    found = _LOADED.get(name)
    if found is None:
        found = _LOADED[name] = load(name)
    return found


def load(name: str) -> QIcon:
    made = QIcon()
    for size in STANDARD[name][1]:
        made.addFile(icon_file(name, size), QSize(size, size))
    return made
