"""Files dropped on the main window, in both modes: one event filter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


class FileDrops(QObject):
    """Files dropped on a window, handed to `drop` as paths (the county: receipts taken in,
    workbooks imported; the city: county returns imported)."""

    def __init__(self, window: QWidget, drop: Callable[[list[Path]], Any]) -> None:
        super().__init__(window)
        self.drop = drop
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind == QEvent.Type.DragEnter
            and isinstance(event, QDragEnterEvent)
            and event.mimeData().hasUrls()
        ):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.drop(paths)
                return True
        return super().eventFilter(watched, event)
