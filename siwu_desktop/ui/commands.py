"""Undoable edits: every change a person makes is one command on the return's QUndoStack.

Each command writes through the document (one committed transaction = autosave);
undo writes the old texts back the same way, so undo is also saved at once.
A command whose write storage refused marks itself obsolete and leaves the stack.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from siwu_desktop.ui import strings as S
from siwu_desktop.ui.document import Change, ReturnDocument


class EditCellsCommand(QUndoCommand):
    def __init__(self, doc: ReturnDocument, changes: Sequence[Change], text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.changes = list(changes)

    def redo(self) -> None:
        if not self.doc.apply(self.changes, use_new=True):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.doc.apply(self.changes, use_new=False):
            self.setObsolete(True)


class InsertRowsCommand(QUndoCommand):
    def __init__(self, doc: ReturnDocument, at: int, rows: Sequence[dict[str, str]]) -> None:
        super().__init__(S.ADD_ROW)
        self.doc = doc
        self.at = at
        self.rows = [dict(r) for r in rows]

    def redo(self) -> None:
        if not self.doc.insert_rows(self.at, self.rows):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.doc.remove_rows(range(self.at, self.at + len(self.rows))):
            self.setObsolete(True)


class RemoveRowsCommand(QUndoCommand):
    def __init__(self, doc: ReturnDocument, rows: Sequence[int]) -> None:
        super().__init__(S.REMOVE_ROWS)
        self.doc = doc
        self.rows = sorted(set(rows))
        svc, loaded = doc.service, doc.loaded
        self.texts = {r: svc.ledger_texts(loaded, r) for r in self.rows}
        self.carried = {r: loaded.carried_row(r) for r in self.rows}  # 取自… comes back too

    def redo(self) -> None:
        if not self.doc.remove_rows(self.rows):
            self.setObsolete(True)

    def undo(self) -> None:
        for row in self.rows:  # ascending: each goes back to its old index
            if not self.doc.insert_rows(row, [self.texts[row]], [self.carried[row]]):
                self.setObsolete(True)
                return


class MoveRowCommand(QUndoCommand):
    def __init__(self, doc: ReturnDocument, row: int, to: int) -> None:
        super().__init__(S.MOVE_UP if to < row else S.MOVE_DOWN)
        self.doc = doc
        self.row = row
        self.to = to

    def redo(self) -> None:
        if not self.doc.move_row(self.row, self.to):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.doc.move_row(self.to, self.row):
            self.setObsolete(True)


class ExplanationCommand(QUndoCommand):
    def __init__(self, doc: ReturnDocument, key: str, text: str) -> None:
        super().__init__(S.EXPLANATION_TITLE)
        self.doc = doc
        self.key = key
        self.new = text
        self.old = doc.data.explanations.get(key, "")

    def redo(self) -> None:
        if not self.doc.set_explanation(self.key, self.new):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.doc.set_explanation(self.key, self.old):
            self.setObsolete(True)
