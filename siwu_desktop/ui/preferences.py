"""The clerk's preferences, kept in the window's QSettings (the data directory's
window.ini, or the user's settings): the default export folder, the warning before a
return for a future year, and the entry tables' column widths per form."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

EXPORT_FOLDER = "export/folder"  # chosen in 设置 → 偏好设置
LAST_EXPORT_FOLDER = "export/last"  # where the last export went
WARN_FUTURE = "returns/warn_future"
COLUMNS = "columns/{form}"


class Preferences:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    # --- export folder ----------------------------------------------------------------------

    def export_folder(self) -> Path | None:
        """The folder set in the preferences, if it still exists."""
        return _folder(self.settings.value(EXPORT_FOLDER))

    def set_export_folder(self, folder: Path | None) -> None:
        if folder is None:
            forget(self.settings, EXPORT_FOLDER)
        else:
            store(self.settings, EXPORT_FOLDER, str(folder))

    def export_dir(self, fallback: Path) -> Path:
        """Where an export or PDF dialog opens: the preferences' folder, else the folder of
        the last export, else `fallback`."""
        return self.export_folder() or _folder(self.settings.value(LAST_EXPORT_FOLDER)) or fallback

    def exported_to(self, path: Path) -> None:
        """Remember the folder of a file just written."""
        store(self.settings, LAST_EXPORT_FOLDER, str(path if path.is_dir() else path.parent))

    # --- future years -----------------------------------------------------------------------

    def warn_future(self) -> bool:
        return str(self.settings.value(WARN_FUTURE, "true")).lower() not in ("false", "0")

    def set_warn_future(self, warn: bool) -> None:
        store(self.settings, WARN_FUTURE, "true" if warn else "false")

    # --- column widths ----------------------------------------------------------------------

    def column_widths(self, form: str) -> dict[str, float]:
        """Widths the clerk gave columns of a form (by column key: the field id of a 表三 or
        表四 column, the position in 表一 and 表二), in em of the table's font."""
        text = str(self.settings.value(COLUMNS.format(form=form), "") or "")
        out: dict[str, float] = {}
        for part in text.split(","):
            column, _, width = part.partition(":")
            try:
                out[column] = float(width)
            except ValueError:
                continue
        return out

    def set_column_width(self, form: str, column: str, em: float) -> None:
        widths = self.column_widths(form)
        widths[column] = round(em, 2)
        text = ",".join(f"{c}:{w:g}" for c, w in sorted(widths.items()))
        store(self.settings, COLUMNS.format(form=form), text)


def store(settings: QSettings, key: str, value: object) -> None:
    """Write `key` only when its value changes: QSettings rewrites its whole file (behind a
    lock file, with two fsyncs) after any setValue, even of the value it already holds, so
    a start that reopens the same return, or a close that moved nothing, writes nothing."""
    held = settings.value(key)
    if held is None or (held != value and str(held) != str(value)):
        settings.setValue(key, value)


def forget(settings: QSettings, key: str) -> None:
    """Remove `key` if it is there (a remove, like a write, rewrites the file)."""
    if settings.contains(key):
        settings.remove(key)


def documents_folder() -> Path:
    """The user's 文档 folder, else the home folder: where an export or PDF dialog opens
    before anything is set or exported. Never the data directory, a hidden folder
    (~/.local/share/siwu_desktop) where the clerk would not find the file again."""
    from PySide6.QtCore import QStandardPaths

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return _folder(docs) or Path.home()


def _folder(value: object) -> Path | None:
    if not value:
        return None
    path = Path(str(value))
    return path if path.is_dir() else None
