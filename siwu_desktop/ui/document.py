"""One open return in the window: the Qt-free editing model (services.editing) behind a
thin QObject, with the return's undo stack.

The model does the work (writes through the service, judging, which cells changed);
this adapter subscribes to its plain callbacks and re-emits them as Qt signals for the
views, and gives the undo commands (ui.commands) their QUndoStack.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from siwu_desktop.services.editing import Change, Ref, ReturnEditing
from siwu_desktop.services.returns import LoadedReturn, ReturnService

__all__ = ["Change", "Ref", "ReturnDocument"]

# What the views read of the model, forwarded as it is (state and queries).
_FORWARDED = frozenset(
    {
        "service",
        "loaded",
        "form",
        "data",
        "read_only",
        "city_mode",
        "findings",
        "values",
        "last_year",
        "judged",
        "row_values",
        "overdue",
        "dirty",
        "pending",
        "column",
        "field",
        "entry",
        "text",
        "findings_at",
        "severity_at",
        "explained",
        "needs_explanation",
        "counts",
        "judge_pending",
        "refresh",
        "reload",
        "apply",
        "change",
        "changes",
        "insert_rows",
        "remove_rows",
        "move_row",
        "set_explanation",
    }
)


class ReturnDocument(QObject):
    """Signals: `refreshed`, `rows_changed`, `saved(str)`, `failed(str)`: the model's events."""

    refreshed = Signal()
    rows_changed = Signal()
    saved = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        service: ReturnService,
        loaded: LoadedReturn,
        parent: QObject | None = None,
        judge: bool = True,
    ) -> None:
        super().__init__(parent)
        self.editing = ReturnEditing(service, loaded, judge=judge)
        self.undo_stack = QUndoStack(self)
        self.editing.refreshed.connect(self.refreshed.emit)
        self.editing.rows_changed.connect(self.rows_changed.emit)
        self.editing.saved.connect(self.saved.emit)
        self.editing.failed.connect(self.failed.emit)

    def __getattr__(self, name: str) -> Any:
        # Not reached for the forwarded names (the properties below answer them); it gives
        # them their type for mypy and says which name is unknown.
        if name in _FORWARDED:
            return getattr(self.__dict__["editing"], name)
        raise AttributeError(name)

    @property
    def context(self) -> Any:
        return self.editing.context

    @context.setter
    def context(self, context: Any) -> None:
        self.editing.context = context


# Each forwarded name is a property reading the model's attribute (a C getter, no Python
# frame): a name not found on a QObject reaches __getattr__ only after PySide has looked
# for a signal or property of that name, ~2 µs a read, and the table models read the
# model several times for every cell they paint (start-up, issue #13).
for _name in _FORWARDED:
    setattr(ReturnDocument, _name, property(attrgetter(f"editing.{_name}")))
