"""版本记录, read-only revisions, 版本比较 and a cell's 修改记录 (issue #14 item 5, #17 版本工具).

One set of views for both modes, over services.history (the county's revisions with its
audit; the city's imported revisions with the logs their signed files carried). Thin:
every figure comes from the service; these only lay it out.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.digest import short_digest
from siwu_desktop.core.terms import period_text, revision_status, status_label
from siwu_desktop.services import history
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.ui import strings as S

CHANGED_BG = QColor("#ffe08a")  # a changed cell of the comparison
MISSING_FG = QColor("#b91c1c")  # a revision the city never received


def _table(head: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(head))
    table.setHorizontalHeaderLabels(list(head))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)


def _when(at: str | None) -> str:
    return (at or "")[:16].replace("T", " ")


def _receipts(entry: history.RevisionEntry) -> str:
    out = []
    for r in entry.receipts:
        date = _when(r.issued_at)[:10]
        if r.outcome == "accepted":
            out.append(S.RECEIPT_ACCEPTED.format(date=date))
        else:
            out.append(S.RECEIPT_RETURNED.format(reason=r.reason, date=date))
    return "；".join(out)


def _title(loaded: LoadedReturn) -> str:
    info = loaded.info
    return f"{info.county}{period_text(info.year, info.period)}{loaded.form.short}"


class RevisionsDialog(QDialog):
    """Every revision of the open return: status, date, who, reason, digest, signer and the
    city's receipts; open one read-only, or compare two."""

    def __init__(self, service: ReturnService, loaded: LoadedReturn, parent: QWidget | None):
        super().__init__(parent)
        self.service, self.loaded = service, loaded
        self.setWindowTitle(S.HISTORY_TITLE.format(title=_title(loaded)))
        found = history.return_history(service, loaded.info.key)
        self.entries = list(found.revisions) if found else []
        # a row per revision from 第1版 on; one the city never received is a row saying so
        self.lines = found.in_order() if found else []
        self.table = _table(S.HISTORY_HEAD)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        _fill(self.table, [self._row(e) for e in self.lines])
        self._mark_missing()
        header = self.table.horizontalHeader()
        for c, width in enumerate((60, 90, 130, 80, 220, 160, 300)):
            header.resizeSection(c, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeRowsToContents()
        self.hint = QLabel(S.HISTORY_HINT if self.entries else S.HISTORY_NONE)
        self.hint.setStyleSheet("color:#4b5563")
        self.open_button = QPushButton(S.HISTORY_OPEN)
        self.compare_button = QPushButton(S.HISTORY_COMPARE)
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.compare_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.opened: list[QDialog] = []  # the views opened from here, kept alive
        self._selection_changed()
        self.resize(1180, 360)

    def _mark_missing(self) -> None:
        """A revision not received reads in red and cannot be chosen to open or compare."""
        for r, e in enumerate(self.lines):
            if not isinstance(e, int):
                continue
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setForeground(MISSING_FG)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _row(self, e: history.RevisionEntry | int) -> list[str]:
        if isinstance(e, int):
            return [f"第{e}版", history.MISSING_STATUS, "", "", history.MISSING_NOTE, "", "", ""]
        origin = S.HISTORY_FROM_FILE.format(file=e.source_file) if e.source_file else ""
        return [
            f"第{e.revision}版",
            status_label(revision_status(e.status, e.revision)),
            _when(e.finalised_at or e.created_at),
            e.who,
            e.reason + origin,
            short_digest(e.digest) if e.digest else "",
            e.signer or "",
            _receipts(e),
        ]

    def selected(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        picked = (self.lines[r] for r in rows)
        return [e.revision for e in picked if not isinstance(e, int)]

    def select(self, *revisions: int) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r, e in enumerate(self.lines):
            if not isinstance(e, int) and e.revision in revisions:
                self.table.selectRow(r)
        self.table.setSelectionMode(mode)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.open_button.setEnabled(len(chosen) == 1)
        self.compare_button.setEnabled(len(chosen) == 2)

    def open_selected(self) -> QDialog | None:
        chosen = self.selected()
        if len(chosen) != 1:
            return None
        info = self.service.info(self.loaded.info.id)
        editable = (
            chosen[0] == info.revision and not info.locked and self.service.profile().mode != "city"
        )
        if editable:  # the draft being written: it is the main window's, not a view
            self.hint.setText(S.HISTORY_CURRENT.format(revision=chosen[0]))
            return None
        view = RevisionWindow(self.service, self.service.load(info, chosen[0]), self)
        return self._show(view)

    def compare_selected(self) -> QDialog | None:
        chosen = self.selected()
        if len(chosen) != 2:
            return None
        view = CompareDialog(self.service, self.loaded, chosen[0], chosen[1], self)
        return self._show(view)

    def _show(self, view: QDialog) -> QDialog:
        self.opened.append(view)
        view.show()
        return view


class RevisionWindow(QDialog):
    """One revision as the entry grid shows it, read-only (its banner says so)."""

    def __init__(self, service: ReturnService, loaded: LoadedReturn, parent: QWidget | None):
        super().__init__(parent)
        from siwu_desktop.ui.document import ReturnDocument
        from siwu_desktop.ui.return_editor import ReturnEditor

        self.setWindowTitle(
            S.REVISION_WINDOW_TITLE.format(title=_title(loaded), revision=loaded.revision)
        )
        self.doc = ReturnDocument(service, loaded, self)
        profile = service.profile()
        city = profile.mode == "city"
        self.editor = ReturnEditor(
            self.doc, profile.unit_name or profile.label, self, city_view=city
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        self.resize(1100, 720)


class CompareDialog(QDialog):
    """Two revisions side by side: 栏目 | 第a版 | 第b版; a changed value's cells are marked
    (colour) with old → new, who and when in their tooltip."""

    def __init__(
        self, service: ReturnService, loaded: LoadedReturn, a: int, b: int, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.a, self.b = min(a, b), max(a, b)
        self.setWindowTitle(S.COMPARE_TITLE.format(title=_title(loaded), a=self.a, b=self.b))
        self.values = history.side_by_side(service, loaded.info, self.a, self.b)
        head = tuple(h.format(a=self.a, b=self.b) for h in S.COMPARE_HEAD)
        self.table = _table(head)
        self.only_changed = QCheckBox(S.COMPARE_ONLY_CHANGED)
        self.only_changed.toggled.connect(self._show_rows)
        changed = [v for v in self.values if v.changed]
        text = S.COMPARE_SUMMARY if changed else S.COMPARE_SAME
        self.summary = QLabel(text.format(a=self.a, b=self.b, count=len(changed)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_changed)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.horizontalHeader().resizeSection(0, 360)
        self.table.horizontalHeader().resizeSection(1, 300)
        self._show_rows()  # rows sized to the columns' widths
        self.resize(1000, 680)

    def shown(self) -> list[history.ComparedValue]:
        return [v for v in self.values if v.changed or not self.only_changed.isChecked()]

    def _show_rows(self) -> None:
        values = self.shown()
        _fill(self.table, [[v.label, v.old, v.new] for v in values])
        for r, v in enumerate(values):
            if not v.changed:
                continue
            tip = S.COMPARE_TIP.format(
                a=self.a, b=self.b, old=v.old or S.EMPTY_VALUE, new=v.new or S.EMPTY_VALUE
            )
            if v.who or v.at:
                tip += S.COMPARE_TIP_WHO.format(who=v.who, at=v.at)
            for c in (0, 1, 2):
                item = self.table.item(r, c)
                item.setBackground(CHANGED_BG)
                item.setToolTip(tip)
        self.table.resizeRowsToContents()


def _trail_revision(t: history.TrailEntry) -> str:
    """第2版, or 第2版（已撤销的更正） for an edit of a correction later withdrawn."""
    return (S.TRAIL_WITHDRAWN if t.withdrawn else S.TRAIL_REVISION).format(revision=t.revision)


class CellTrailDialog(QDialog):
    """One cell's 修改记录: who changed it, when, from what to what (every revision; an edit
    of a correction later withdrawn says so, since a later correction reuses its number)."""

    def __init__(
        self, trail: list[history.TrailEntry], label: str, city: bool, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.TRAIL_TITLE.format(label=label))
        self.table = _table(S.TRAIL_HEAD)
        rows = [
            [_trail_revision(t), t.who, t.at, t.old or S.EMPTY_VALUE, t.new or S.EMPTY_VALUE]
            for t in trail
        ]
        _fill(self.table, rows)
        for r, t in enumerate(trail):
            if t.withdrawn:
                tip = S.TRAIL_WITHDRAWN_TIP.format(revision=t.revision)
                for c in range(len(S.TRAIL_HEAD)):
                    self.table.item(r, c).setToolTip(tip)
        for c, width in enumerate((60, 90, 140, 160)):
            self.table.horizontalHeader().resizeSection(c, width)
        if any(t.withdrawn for t in trail):
            self.table.resizeColumnToContents(0)
        note = S.TRAIL_NONE if not trail else (S.TRAIL_CITY_NOTE if city else "")
        self.note = QLabel(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(680, 360)


# --- the grid's right-click menu --------------------------------------------------------------


def cell_menu(editor: QWidget, pos: QPoint) -> QMenu | None:
    """The entry grid's context menu at `pos` (viewport coordinates): 修改记录… of that cell.
    `editor` is a ui.return_editor.ReturnEditor."""
    view = editor.view  # type: ignore[attr-defined]
    index = view.indexAt(pos)
    if not index.isValid():
        return None
    ref = view.cell_model().ref(view.to_source(index))
    menu = QMenu(view)
    action = QAction(S.ACTION_CELL_TRAIL, menu)
    action.setEnabled(ref is not None)
    if ref is not None:
        action.triggered.connect(lambda: show_cell_trail(editor, *ref))
    menu.addAction(action)
    return menu


def show_cell_trail(editor: QWidget, row: int | None, field_id: str) -> CellTrailDialog:
    doc = editor.doc  # type: ignore[attr-defined]
    service: ReturnService = doc.service
    trail = history.cell_trail(service, doc.loaded, row, field_id)
    label = doc.field(row, field_id).label
    if row is not None:
        label = f"第{row + 1}行·{label}"
    dialog = CellTrailDialog(trail, label, service.profile().mode == "city", editor)
    editor.last_dialog = dialog  # type: ignore[attr-defined]
    dialog.show()
    return dialog


def show_revisions(
    service: ReturnService, loaded: LoadedReturn, parent: QWidget
) -> RevisionsDialog:
    dialog = RevisionsDialog(service, loaded, parent)
    dialog.show()
    return dialog
