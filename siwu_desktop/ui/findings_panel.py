"""The findings of the open return: a list to walk through, and the explanation (说明) editor.

Selecting a finding selects its cell in the table (signal `activated`). A finding
that needs an explanation (a missed 约束性 target, a warning) opens the editor
below the list; saving it is an undoable edit like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.terms import Severity
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.commands import ExplanationCommand
from siwu_desktop.ui.document import ReturnDocument
from siwu_desktop.ui.entry_models import severity_icon

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent

    from siwu_desktop.core.validation import Finding

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}
SHOWN_SEVERITY = Qt.ItemDataRole.UserRole + 1  # the icon's severity (explained warnings: notice)


class ExplanationEdit(QPlainTextEdit):
    """The explanation box: signals `left` when it loses the focus. From its focus-out
    handler, not an event filter, which Qt calls for every event of the box: the first event
    of no type of its own reaching Python makes PySide build all the event classes (#13)."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.left.emit()
        super().focusOutEvent(event)


class FindingsPanel(QWidget):
    activated = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: ReturnDocument | None = None
        self.summary = QLabel(S.FINDINGS_NONE)
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.explanation = ExplanationEdit()
        self.explanation.setPlaceholderText(S.EXPLANATION_PLACEHOLDER)
        self.explanation.setTabChangesFocus(True)
        self.save_button = QPushButton(S.EXPLANATION_SAVE)
        self.save_button.clicked.connect(self.save_explanation)
        self.editor_box = QWidget()
        box = QVBoxLayout(self.editor_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.editor_label = QLabel(f"<b>{S.EXPLANATION_TITLE}</b>")
        self.editor_label.setWordWrap(True)
        box.addWidget(self.editor_label)
        box.addWidget(self.explanation, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        self.editor_box.setVisible(False)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail)
        lower_layout.addWidget(self.editor_box, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(lower)
        split.setSizes([420, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel(f"<b>{S.FINDINGS_TITLE}</b>")
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemClicked.connect(lambda item: self._activate(item))
        self.explanation.left.connect(self.flush)  # the explanation typed is kept
        self._current: Finding | None = None

    # --- the explanation being typed is kept ------------------------------------------------
    # It was kept only by 保存说明: another finding, another return, an edit in the grid (the
    # panel shows the findings again) or closing the window dropped it without a word.

    def _saved_text(self, finding: Finding) -> str:
        assert self.doc is not None
        ex = self.doc.data.explanations
        return ex.get(finding.key) or ex.get(finding.field) or ""

    def pending(self) -> bool:
        """An explanation typed in the box and not yet saved."""
        doc, finding = self.doc, self._current
        if doc is None or finding is None or doc.read_only or not self.editor_box.isVisible():
            return False
        return self.explanation.toPlainText().strip() != self._saved_text(finding).strip()

    def flush(self) -> None:
        """Save the explanation being typed (as 保存说明 would)."""
        if self.pending():
            self.save_explanation()

    def set_document(self, doc: ReturnDocument | None) -> None:
        self.flush()
        if self.doc is not None:
            self.doc.refreshed.disconnect(self.rebuild)
        self.doc = doc
        if doc is not None:
            doc.refreshed.connect(self.rebuild)
        self.rebuild()

    def findings(self) -> list[Finding]:
        if self.doc is None:
            return []
        return sorted(self.doc.findings, key=lambda f: (_ORDER[f.severity], f.row or 0))

    def _rows(self) -> list[tuple[Finding, Severity, str]]:
        """Each finding with the severity it is shown with and its line of text."""
        doc = self.doc
        out = []
        for finding in self.findings():
            assert doc is not None
            severity = finding.severity
            explained = doc.needs_explanation(finding) and doc.explained(finding)
            if explained:
                severity = Severity.NOTICE
            label = finding.severity.label
            if finding.blocking:
                label = S.EXPLANATION_TITLE if not explained else S.EXPLANATION_SAVED
            elif explained:
                label = S.EXPLANATION_SAVED
            out.append((finding, severity, f"【{label}】{finding.message}"))
        return out

    def rebuild(self) -> None:
        """Show the document's findings. After an edit most lines are unchanged: the items
        are updated in place (only changed texts re-laid out), so the panel keeps up with typing."""
        keep = self._current.key if self._current else None
        rows = self._rows()
        self.list.blockSignals(True)
        if len(rows) != self.list.count():
            self.list.clear()
            for finding, severity, text in rows:
                item = QListWidgetItem(severity_icon(severity), text)
                item.setData(Qt.ItemDataRole.UserRole, finding)
                item.setData(SHOWN_SEVERITY, severity)
                item.setToolTip(finding.message)
                self.list.addItem(item)
        else:
            for i, (finding, severity, text) in enumerate(rows):
                item = self.list.item(i)
                if item.data(Qt.ItemDataRole.UserRole) != finding:
                    item.setData(Qt.ItemDataRole.UserRole, finding)
                    item.setToolTip(finding.message)
                if item.text() != text:
                    item.setText(text)
                if item.data(SHOWN_SEVERITY) is not severity:
                    item.setIcon(severity_icon(severity))
                    item.setData(SHOWN_SEVERITY, severity)
        current_row = next((i for i, row in enumerate(rows) if row[0].key == keep), -1)
        self.list.blockSignals(False)
        doc = self.doc
        summary = S.FINDINGS_NONE
        if doc is not None and doc.findings:
            counts = doc.counts()
            summary = S.FINDINGS_SUMMARY.format(
                errors=counts[Severity.ERROR],
                warnings=counts[Severity.WARNING],
                notices=counts[Severity.NOTICE],
            )
        if self.summary.text() != summary:
            self.summary.setText(summary)
        if current_row >= 0:
            self.list.blockSignals(True)
            self.list.setCurrentRow(current_row)
            self.list.blockSignals(False)
            self._show(self.list.item(current_row))
        else:
            if self.list.currentRow() >= 0:
                self.list.blockSignals(True)
                self.list.setCurrentRow(-1)
                self.list.blockSignals(False)
            self._show(None)

    def select(self, finding: Finding) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole).key == finding.key:
                self.list.setCurrentRow(i)
                return

    def next_finding(self) -> None:
        if self.list.count():
            self.list.setCurrentRow((self.list.currentRow() + 1) % self.list.count())
            self._activate(self.list.currentItem())

    def _current_changed(self, item: QListWidgetItem | None) -> None:
        if self.pending():
            key = item.data(Qt.ItemDataRole.UserRole).key if item is not None else None
            self.flush()  # the panel is rebuilt on the saved explanation: find the row again
            item = next(
                (
                    self.list.item(i)
                    for i in range(self.list.count())
                    if self.list.item(i).data(Qt.ItemDataRole.UserRole).key == key
                ),
                None,
            )
            self.list.blockSignals(True)
            self.list.setCurrentItem(item)
            self.list.blockSignals(False)
        self._show(item)
        if item is not None:
            self._activate(item)

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.activated.emit(item.data(Qt.ItemDataRole.UserRole))

    def _show(self, item: QListWidgetItem | None) -> None:
        finding = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        typing = finding is not None and self._current is not None and self.pending()
        typing = typing and finding.key == self._current.key  # type: ignore[union-attr]
        self._current = finding
        doc = self.doc
        if finding is None or doc is None:
            if self.detail.text():
                self.detail.clear()
            self.editor_box.setVisible(False)
            return
        parts = [finding.message]
        if finding.citation:
            parts.append(S.FINDING_SOURCE.format(citation=finding.citation))
        if self.detail.text() != "\n".join(parts):
            self.detail.setText("\n".join(parts))
        if doc.needs_explanation(finding):
            self.editor_label.setText(
                f"<b>{S.EXPLANATION_TITLE}</b>　"
                + (S.EXPLANATION_REQUIRED if finding.blocking else S.EXPLANATION_ASKED)
            )
            if not typing:  # the same finding shown again after an edit keeps what is typed
                self.explanation.setPlainText(self._saved_text(finding))
            self.explanation.setReadOnly(doc.read_only)
            self.save_button.setEnabled(not doc.read_only)
            self.editor_box.setVisible(True)
        else:
            self.editor_box.setVisible(False)

    def open_explanation(self, finding: Finding) -> None:
        """Select the finding and put the cursor in its explanation."""
        self.select(finding)
        self.explanation.setFocus()

    def save_explanation(self) -> None:
        if self.doc is None or self._current is None or self.doc.read_only:
            return
        text = self.explanation.toPlainText().strip()
        if text == self.doc.data.explanations.get(self._current.key, ""):
            return
        self.doc.undo_stack.push(ExplanationCommand(self.doc, self._current.key, text))
