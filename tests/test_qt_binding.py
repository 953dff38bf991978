"""The Qt binding in use keeps Python's singletons alive.

PySide6 6.12.0 on Python 3.11 drops a reference to True on every Python-side
signal emit and to None on every void method call (measured here: 1,000 emits
abort the interpreter with "bool_dealloc"). pyproject.toml excludes it; this
test fails — by the child process aborting — if such a build comes back.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
app = QApplication([])
class Emitter(QObject):
    changed = Signal(bool)
emitter = Emitter()
emitter.changed.connect(lambda flag: None)
image = QImage(64, 64, QImage.Format.Format_RGB32)
painter = QPainter(image)
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(20_000):
    emitter.changed.emit(True)
    painter.drawRect(1, 1, 5, 5)
painter.end()
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_signals_and_painting_do_not_leak_singleton_references() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    none_delta, true_delta = (int(x) for x in result.stdout.split())
    assert abs(none_delta) < 100 and abs(true_delta) < 100
