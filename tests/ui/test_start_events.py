"""Opening the window hands Qt's events to Python only through the narrow handlers that
need them (issue #13 item 7): the window's first paint (MainWindow.paintEvent), files
dropped on it (dragEnterEvent, dropEvent), the entry table's viewport resized and painted
(resizeEvent, paintEvent), the explanation box left (focusOutEvent); no event filter and
no viewportEvent of ours sees every event of a widget."""

from __future__ import annotations

from pathlib import Path

from .test_bench_hook import judged_start

# The event classes of PySide6.QtWidgets: PySide built them all the first time an event of
# no class of its own (a QEvent) reached a Python handler of a widget's events.
WIDGET_EVENTS = ("QGestureEvent", "QGraphicsSceneEvent", "QGraphicsSceneMouseEvent")


def test_opening_t1_builds_no_widget_event_class(tmp_path: Path) -> None:
    assert judged_start(tmp_path, WIDGET_EVENTS) == ([], [])
