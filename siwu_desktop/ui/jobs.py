"""Long work with a progress dialog that can be cancelled, the window staying responsive.

`Job` takes a list of items. Per item, `work(item)` (optional) runs in a worker
thread of the global QThreadPool: slow file parsing and writing, never the
database. Then `apply(item, result)` runs on the GUI thread, where the SQLite
connection lives, one item per turn of the event loop. Cancelling stops before
the next item; what was applied stays applied (each item is its own transaction).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from siwu_desktop.ui import strings as S


class _Signals(QObject):
    item_done = Signal(int, object, object)  # index, result, error
    finished = Signal()


class _Worker(QRunnable):
    def __init__(self, items: Sequence[Any], work: Callable[[Any], Any], cancel: threading.Event):
        super().__init__()
        self.items = items
        self.work = work
        self.cancel = cancel
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        for i, item in enumerate(self.items):
            if self.cancel.is_set():
                break
            try:
                result, error = self.work(item), None
            except Exception as exc:  # reported per item, in Chinese where the module gives it
                result, error = None, exc
            self.signals.item_done.emit(i, result, error)
        self.signals.finished.emit()


class Job(QObject):
    """Signal `done(list)` with (item, result, error) triples of the items handled."""

    done = Signal(list)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        items: Sequence[Any],
        label: Callable[[int, Any], str],
        apply: Callable[[Any, Any], Any],
        work: Callable[[Any], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.label = label
        self.apply_item = apply
        self.work = work
        self.results: list[tuple[Any, Any, BaseException | None]] = []
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(title, S.JOB_CANCEL, 0, len(self.items), parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel.set)
        self._pending: list[tuple[int, Any, BaseException | None]] = []
        self._worker: _Worker | None = None
        self._worker_finished = work is None
        self._next = 0

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def start(self) -> None:
        if self.work is not None:
            self._worker = _Worker(self.items, self.work, self.cancel)
            self._worker.signals.item_done.connect(self._worked, Qt.ConnectionType.QueuedConnection)
            self._worker.signals.finished.connect(
                self._worker_done, Qt.ConnectionType.QueuedConnection
            )
            QThreadPool.globalInstance().start(self._worker)
        else:
            QTimer.singleShot(0, self._step)

    def _worked(self, index: int, result: Any, error: BaseException | None) -> None:
        self._pending.append((index, result, error))
        QTimer.singleShot(0, self._step)

    def _worker_done(self) -> None:
        self._worker_finished = True
        QTimer.singleShot(0, self._step)

    def _step(self) -> None:
        """Apply one item on the GUI thread, then yield to the event loop."""
        if self.dialog is None:
            return
        if self.dialog.wasCanceled():
            self.cancel.set()
        if self.cancel.is_set():
            self._finish()
            return
        if self.work is None:
            if self._next >= len(self.items):
                self._finish()
                return
            index, result, error = self._next, None, None
            self._next += 1
        elif self._pending:
            index, result, error = self._pending.pop(0)
        else:
            if self._worker_finished:
                self._finish()
            return
        item = self.items[index]
        self.dialog.setLabelText(self.label(index, item))
        if error is None:
            try:
                result = self.apply_item(item, result)
            except Exception as exc:
                error = exc
        self.results.append((item, result, error))
        self.dialog.setValue(len(self.results))
        QTimer.singleShot(0, self._step)

    def _finish(self) -> None:
        if self.dialog is None:
            return
        # QProgressDialog emits `canceled` when it is closed, also by us at the end: that
        # is not the user's 取消 (it made every finished job report 已取消)
        self.dialog.canceled.disconnect(self.cancel.set)
        self.dialog.close()
        self.dialog.deleteLater()
        self.dialog = None  # type: ignore[assignment]
        self.done.emit(self.results)
