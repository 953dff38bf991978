"""Opening the data at start-up: in use elsewhere, damaged (guided restore), first run, demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.services.data import (
    DataInUseError,
    RestoreNeededError,
    Storage,
    StorageError,
    open_storage,
    restore_backup,
)
from siwu_desktop.ui import strings as S

if TYPE_CHECKING:  # the dialogs load only when needed: not on an ordinary start
    from siwu_desktop.ui.dialogs import ProfileDialog

DEMO_FOLDER = "demo"


def open_data(data_dir: str | Path | None, parent: QWidget | None = None) -> Storage | None:
    """The open data directory, or None when the person cannot or chose not to go on."""
    while True:
        try:
            return open_storage(data_dir)
        except DataInUseError as exc:
            tell(parent, S.DATA_IN_USE_TITLE, str(exc))
            return None
        except RestoreNeededError as exc:
            from PySide6.QtWidgets import QDialog  # shown on demand: not built on a start (#13)

            from siwu_desktop.ui.dialogs import RestoreDialog

            candidate = exc.candidates[0] if exc.candidates else None
            dialog = RestoreDialog(str(exc), candidate, str(exc.path.parent), parent)
            if candidate is None or dialog.exec() != QDialog.DialogCode.Accepted:
                if candidate is None:
                    dialog.exec()
                return None
            try:
                kept = restore_backup(data_dir, candidate.path)
            except StorageError as again:
                tell(parent, S.STORAGE_ERROR_TITLE, str(again), critical=True)
                return None
            tell(parent, S.RESTORE_TITLE, S.RESTORE_DONE.format(kept=kept))
        except StorageError as exc:
            tell(parent, S.STORAGE_ERROR_TITLE, str(exc), critical=True)
            return None


def tell(parent: QWidget | None, title: str, text: str, *, critical: bool = False) -> None:
    """A message on the way in (data in use or damaged, a restore done). Qt's message box
    is loaded here, on these paths only: an ordinary start never builds it (#13 item 7)."""
    from PySide6.QtWidgets import QMessageBox

    if critical:
        QMessageBox.critical(parent, title, text)
    else:
        QMessageBox.information(parent, title, text)


def apply_first_run(storage: Storage, catalog: TargetCatalog, dialog: ProfileDialog) -> Storage:
    """After the first-run dialog was accepted: save the profile, or switch to the demo folder.

    The demo lives in <data dir>/demo so it never mixes with the unit's own data;
    it is built on its first opening and reused after that.
    """
    if not dialog.demo_chosen:
        from siwu_desktop.services.returns import ReturnService

        ReturnService(storage, catalog).save_profile(dialog.profile())  # as 设置 saves it
        return storage
    from siwu_desktop.services.demo import build_demo

    demo_dir = storage.paths.root / DEMO_FOLDER
    storage.close()  # one writer per process: close before opening the demo
    demo = open_storage(demo_dir)
    if demo.profile.get() is None:
        build_demo(demo, catalog)
    return demo


def ensure_profile(
    storage: Storage, catalog: TargetCatalog, parent: QWidget | None = None
) -> Storage | None:
    if storage.profile.get() is not None:
        return storage
    from PySide6.QtWidgets import QDialog  # shown on demand: not built on a start (#13)

    from siwu_desktop.ui.dialogs import ProfileDialog

    dialog = ProfileDialog(catalog, first_run=True, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        storage.close()
        return None
    try:
        return apply_first_run(storage, catalog, dialog)
    except StorageError as exc:
        tell(parent, S.STORAGE_ERROR_TITLE, str(exc), critical=True)
        return None
