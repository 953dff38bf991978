"""For benchmarks only: report when the window is on screen with its return shown, then quit.

Not imported by a normal start. `ui.app.run_gui` imports it only when the environment
variable `SIWU_BENCH_SHOWN` (ui.app.BENCH_ENV, the one switch) is set: benchmarks/run_all.py
sets it to its own `time.time()` just before starting `python -m siwu_desktop` or the frozen
executable, and the process prints one line `SIWU_SHOWN <seconds since process start>` once
the main window is exposed with its first return displayed (its values: the window paints
before it judges), then `SIWU_JUDGED <seconds>` once that return is judged and painted with
its targets, 完成情况 and findings (the 表一 the clerk reads), then exits 0. A window with no
returns page (the bare window) prints only the first line. QtTest is not in the frozen
build, so this waits for the expose event itself.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

PREFIX = "SIWU_SHOWN"
JUDGED = "SIWU_JUDGED"
TIMEOUT_MS = 120_000  # never leave a benchmark hanging: give up and exit 3
_IMPORTED = time.time()


def process_age(launched: str = "") -> float:
    """Seconds since the process was started: the launcher's clock, else the kernel's."""
    try:
        return time.time() - float(launched)
    except ValueError:
        pass
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/uptime", encoding="ascii") as f:
                uptime = float(f.read().split()[0])
            return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
    return time.time() - _IMPORTED


class _ShownWatcher(QObject):
    """Waits for the window's expose event and (if it has a returns page) a current return."""

    def __init__(self, window: QWidget, launched: str) -> None:
        super().__init__(window)
        self.window = window
        self.launched = launched
        self.done = False  # the first frame is reported
        self.judged = False  # and then the judged return
        handle = window.windowHandle()
        self.exposed = handle is not None and handle.isExposed()
        if handle is not None:
            handle.installEventFilter(self)
        page = getattr(window, "page", None)
        changed = getattr(page, "current_changed", None)
        if changed is not None:
            changed.connect(self._check)
        QTimer.singleShot(TIMEOUT_MS, self._give_up)
        self._check()

    def _ready(self) -> bool:
        page = getattr(self.window, "page", None)
        return self.exposed and (page is None or getattr(page, "current", None) is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose:
            handle = self.window.windowHandle()
            self.exposed = handle is not None and handle.isExposed()
            self._check()
        return False

    def _check(self) -> None:
        if not self.done and self._ready():
            self.done = True
            QTimer.singleShot(0, self._report)  # after the pending first paint

    def _report(self) -> None:
        self._say(PREFIX)
        page = getattr(self.window, "page", None)
        doc = getattr(page, "current", None)
        if doc is None or not doc.pending:
            self._judged()
            return
        doc.refreshed.connect(self._refreshed)

    def _refreshed(self) -> None:
        doc = self.window.page.current  # type: ignore[attr-defined]
        if not doc.pending:
            doc.refreshed.disconnect(self._refreshed)
            QTimer.singleShot(0, self._judged)  # after the repaint it asked for

    def _judged(self) -> None:
        self.judged = True
        if getattr(self.window, "page", None) is not None:
            self._say(JUDGED)
        QApplication.quit()

    def _say(self, prefix: str) -> None:
        age = process_age(self.launched)
        if sys.stdout is not None:
            print(f"{prefix} {age:.4f}", flush=True)

    def _give_up(self) -> None:
        if not self.judged:
            what = "judged" if self.done else "shown"
            if sys.stderr is not None:
                print(f"{PREFIX}: window not {what} within {TIMEOUT_MS // 1000} s", file=sys.stderr)
            QApplication.exit(3)


def watch(window: QWidget, launched: str) -> None:
    """Call right after `window.show()`; `launched`: the launcher's `time.time()` as text."""
    _ShownWatcher(window, launched)
