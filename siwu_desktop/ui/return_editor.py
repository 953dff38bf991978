"""The centre of the window: one return's header, its entry table, and (表三/表四) row tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core import terms
from siwu_desktop.core.forms import DERIVED
from siwu_desktop.core.terms import ReturnStatus
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.commands import (
    EditCellsCommand,
    InsertRowsCommand,
    MoveRowCommand,
    RemoveRowsCommand,
)
from siwu_desktop.ui.document import Change, ReturnDocument
from siwu_desktop.ui.entry_models import (
    CellModel,
    IndicatorModel,
    LedgerModel,
    StructureModel,
    TaskModel,
)
from siwu_desktop.ui.entry_view import EntryTableView, RowFilter

if TYPE_CHECKING:
    from siwu_desktop.core.validation import Finding

MODELS = {"t1": IndicatorModel, "t2": StructureModel, "t3": TaskModel, "t4": LedgerModel}
# Column widths in characters of the interface font (roughly), per form.
# 表一's 栏目 and 目标 (0 here) share the width the others leave, elided, full text in tooltips.
T1_WIDTHS = (0, 4.5, 6, 7, 0, 5, 7.5, 6)
T1_FLEX = {0: (0.62, 7.0), 4: (0.38, 5.0)}  # column: (share of the free width, minimum in em)
T3_WIDTHS = {
    "number": 3,
    "deadline": 6,
    "lead": 7,
    "status": 5.5,
    "done_date": 7,
    "overdue": 5,
}
T3_FLEX = {"task": (0.42, 8.0), "evidence": (0.25, 5.0), "problems": (0.33, 6.0)}  # wrapped
T3_FLEX_MEASURES = {  # with a 落实措施 column (长治 2026): the measures carry the long text
    "task": (0.22, 6.0),
    "measures": (0.3, 8.0),
    "evidence": (0.18, 5.0),
    "problems": (0.3, 9.5),
}
T4_WIDTHS = {"number": 3, "name": 12, "uscc": 13, "industry": 5, "source": 6, "balance_test": 6}


class ReturnEditor(QWidget):
    """Signals `message(str)` for the status bar."""

    message = Signal(str)

    def __init__(
        self,
        doc: ReturnDocument,
        unit: str,
        parent: QWidget | None = None,
        *,
        city_view: bool = False,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.city_view = city_view  # a county's return seen by the city: read-only, its unit
        self.model: CellModel = MODELS[doc.form.id](doc)
        self.view = EntryTableView()
        self.proxy: RowFilter | None = None
        if doc.form.table is not None:
            self.proxy = RowFilter()
            self.proxy.setSourceModel(self.model)
            self.view.setModel(self.proxy)
            self.view.setSortingEnabled(doc.form.id == "t4")
            self.view.horizontalHeader().setSortIndicatorShown(doc.form.id == "t4")
            if doc.form.id == "t4":
                self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        else:
            self.view.setModel(self.model)
        self.view.install_column_delegates()
        self.view.message.connect(self.message)
        self.view.paste_requested.connect(self.paste)

        self.title = QLabel()
        self.title.setObjectName("returnTitle")
        self.title.setStyleSheet("font-size:16pt; font-weight:bold")
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color:#4b5563")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background:#fff4d6; border:1px solid #e6c463; padding:6px; color:#6b4e00"
        )
        self.unit = unit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        if doc.form.table is not None:
            layout.addLayout(self._row_tools())
        layout.addWidget(self.view, 1)
        self._lay_out()
        self.update_header()
        doc.rows_changed.connect(self._rows_changed)

    # --- layout -----------------------------------------------------------------------------

    def _row_tools(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(S.FILTER_PLACEHOLDER)
        self.filter_edit.setClearButtonEnabled(True)
        assert self.proxy is not None
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        bar.addWidget(self.filter_edit, 2)
        self.row_buttons: list[QPushButton] = []
        if self.doc.form.id == "t4":
            for text, slot in (
                (S.ADD_ROW, self.add_row),
                (S.REMOVE_ROWS, self.remove_rows),
                (S.MOVE_UP, lambda: self.move_row(-1)),
                (S.MOVE_DOWN, lambda: self.move_row(1)),
                (S.RESET_SORT, self.reset_sort),
            ):
                button = QPushButton(text)
                button.clicked.connect(slot)
                bar.addWidget(button)
                self.row_buttons.append(button)
            self.filter_edit.setToolTip(S.LEDGER_HINT)
        bar.addStretch(1)
        return bar

    def _lay_out(self) -> None:
        view, form = self.view, self.doc.form
        header = view.horizontalHeader()
        em = view.fontMetrics().horizontalAdvance("中")
        header.setMinimumSectionSize(3 * em)
        self._flex: dict[int, tuple[float, float]] = {}
        if isinstance(self.model, IndicatorModel):
            view.verticalHeader().setVisible(False)
            view.setWordWrap(False)  # one line a row; long names elide (tooltips hold them)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            for column, width in enumerate(T1_WIDTHS):
                header.resizeSection(column, int(width * em))
            self._flex = dict(T1_FLEX)
            for row in self.model.section_rows():
                view.setSpan(row, 0, 1, self.model.columnCount())
        elif isinstance(self.model, StructureModel):
            view.verticalHeader().setVisible(False)
            header.resizeSection(0, 8 * em)
            for column in range(1, self.model.columnCount()):
                header.resizeSection(column, int(5.2 * em))
            header.setStretchLastSection(True)
            header.setMinimumHeight(int(2.2 * em))
        else:
            widths = T3_WIDTHS if form.id == "t3" else T4_WIDTHS
            columns = form.table.columns  # type: ignore[union-attr]
            flex = T3_FLEX_MEASURES if any(c.id == "measures" for c in columns) else T3_FLEX
            for c, spec in enumerate(columns):
                header.resizeSection(c, int(widths.get(spec.id, 6.5) * em))
                if form.id == "t3" and spec.id in flex:
                    self._flex[c] = flex[spec.id]
            view.verticalHeader().setVisible(False)
            if form.id == "t3":
                view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            if isinstance(self.model, TaskModel):  # a heading row per document (#18)
                for row in self.model.section_rows():
                    view.setSpan(row, 0, 1, self.model.columnCount())
            header.setMinimumHeight(int(3.0 * em))
        if self._flex:  # fitted when the view gets its size (always before it is painted)
            view.viewport_resized.connect(self._fit_columns)

    def _fit_columns(self, width: int) -> None:
        """Give the flexible columns what the fixed ones leave of `width`, so nothing needs
        scrolling sideways at the usual window size (a narrow window still scrolls)."""
        header = self.view.horizontalHeader()
        em = self.view.fontMetrics().horizontalAdvance("中")
        fixed = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c not in self._flex and not header.isSectionHidden(c)
        )
        free = max(0, width - fixed)
        widths = {c: max(int(m * em), int(share * free)) for c, (share, m) in self._flex.items()}
        spare = free - sum(widths.values())
        if spare < 0 < len(widths):  # minimums won: scroll sideways rather than squeeze
            spare = 0
        last = max(widths)
        for c, w in widths.items():
            header.resizeSection(c, w + (spare if c == last else 0))

    def _rows_changed(self) -> None:
        self.update_header()

    def update_header(self) -> None:
        doc = self.doc
        loaded = doc.loaded
        info = loaded.info
        self.title.setText(f"{doc.form.short}　{doc.form.title}")
        status = status_label(info.status, info.revision)
        period_text = terms.period_text(info.year, info.period)
        self.subtitle.setText(
            f"{S.LABEL_UNIT}：{self.unit_shown()}　　报告期：{period_text}　　状态：{status}"
        )
        if loaded.revision != info.revision:
            self.banner.setText(S.OLD_REVISION_BANNER.format(revision=loaded.revision))
            self.banner.setVisible(True)
        elif self.city_view:
            self.banner.setText(S.CITY_LOCKED_BANNER.format(revision=loaded.revision))
            self.banner.setVisible(True)
        elif loaded.locked:
            self.banner.setText(S.LOCKED_BANNER.format(revision=info.revision))
            self.banner.setVisible(True)
        else:
            self.banner.setVisible(False)
        for button in getattr(self, "row_buttons", []):
            button.setEnabled(not doc.read_only)

    # --- navigation ---------------------------------------------------------------------------

    def select_finding(self, finding: Finding) -> None:
        row = (finding.row - 1) if (finding.row and self.doc.form.table is not None) else None
        source = self.model.index_of(row, finding.field)
        if not source.isValid():
            return
        index = self.view.from_source(source)
        if not index.isValid() and self.proxy is not None:
            self.filter_edit.clear()
            index = self.view.from_source(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()

    def current_source_rows(self) -> list[int]:
        rows = {self.view.to_source(i).row() for i in self.view.selectedIndexes()}
        current = self.view.currentIndex()
        if not rows and current.isValid():
            rows.add(self.view.to_source(current).row())
        return sorted(r for r in rows if r >= 0)

    # --- row tools (表四) -----------------------------------------------------------------------

    def unit_shown(self) -> str:
        """The unit that filed the return: the county's own in the city's view (as its
        return states it), never the city bureau's."""
        if not self.city_view:
            return self.unit
        county = self.doc.loaded.info.county
        return self.doc.loaded.data.metadata.unit or S.COUNTY_UNIT.format(county=county)

    def _refuse_locked(self) -> bool:
        if self.doc.read_only:
            self.message.emit(S.CITY_READ_ONLY if self.city_view else S.EDIT_LOCKED)
            return True
        return False

    def add_row(self) -> None:
        if self._refuse_locked():
            return
        rows = self.current_source_rows()
        at = rows[-1] + 1 if rows else len(self.doc.data.rows)
        self.doc.undo_stack.push(InsertRowsCommand(self.doc, at, [{}]))
        target = self.view.from_source(self.model.index(at, 1))
        self.view.setCurrentIndex(target)
        self.view.setFocus()

    def remove_rows(self) -> None:
        if self._refuse_locked():
            return
        rows = self.current_source_rows()
        if rows:
            self.doc.undo_stack.push(RemoveRowsCommand(self.doc, rows))

    def move_row(self, delta: int) -> None:
        if self._refuse_locked():
            return
        rows = self.current_source_rows()
        if len(rows) != 1:
            return
        row, to = rows[0], rows[0] + delta
        if not 0 <= to < len(self.doc.data.rows):
            return
        self.reset_sort()
        column = max(self.view.currentIndex().column(), 0)
        self.doc.undo_stack.push(MoveRowCommand(self.doc, row, to))
        self.view.setCurrentIndex(self.view.from_source(self.model.index(to, column)))

    def reset_sort(self) -> None:
        if self.proxy is not None:
            self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
            self.proxy.sort(-1)

    # --- paste --------------------------------------------------------------------------------

    def paste(self, row: int, column: int, block: list[list[str]]) -> None:
        """Paste a block copied from Excel at (row, column) of the source model; one undo step."""
        if self._refuse_locked() or not block:
            return
        model, doc = self.model, self.doc
        if isinstance(model, IndicatorModel):
            column = IndicatorModel.COL_VALUE
        width = max(len(r) for r in block)
        cells: list[tuple[tuple[int | None, str], str]] = []
        new_rows: list[dict[str, str]] = []
        targets = self._paste_rows(row, column, len(block))
        skipped = 0
        for i, values in enumerate(block):
            r = targets[i] if i < len(targets) else None
            if r is None and doc.form.id == "t4":
                texts: dict[str, str] = {}
                columns = doc.form.table.columns  # type: ignore[union-attr]
                for j, text in enumerate(values):
                    c = column + j
                    if c < len(columns) and columns[c].kind != DERIVED:
                        texts[columns[c].id] = text
                    elif c >= len(columns):
                        skipped = max(skipped, c - len(columns) + 1)
                new_rows.append(texts)
                continue
            if r is None:
                continue
            for j, text in enumerate(values):
                index = model.index(r, column + j)
                if not index.isValid():
                    skipped = max(skipped, column + j - model.columnCount() + 1)
                    continue
                ref = model.ref(index)
                if ref is not None and model.editable(index):
                    cells.append((ref, text))
        changes = [
            Change(r, f, doc.text(r, f), text) for (r, f), text in cells if doc.text(r, f) != text
        ]
        if not changes and not new_rows:
            return
        stack = doc.undo_stack
        stack.beginMacro(S.PASTE)
        if changes:
            stack.push(EditCellsCommand(doc, changes, S.PASTE))
        if new_rows:
            stack.push(InsertRowsCommand(doc, len(doc.data.rows), new_rows))
        stack.endMacro()
        message = S.PASTE_DONE.format(rows=len(block), cells=len(changes) + sum(map(len, new_rows)))
        if skipped:
            message += S.PASTE_TOO_WIDE.format(columns=width, extra=skipped)
        self.message.emit(message)

    def _paste_rows(self, row: int, column: int, count: int) -> list[int]:
        """Source rows a pasted block lands on: 表一 skips its section rows."""
        model = self.model
        rows: list[int] = []
        r = row
        while len(rows) < count and r < model.rowCount():
            if (
                isinstance(model, IndicatorModel | TaskModel)
                and model.ref(model.index(r, column)) is None
            ):
                r += 1
                continue
            rows.append(r)
            r += 1
        return rows


def shown_status(
    status: str, revision: int, exported: bool = False, errors: bool = False
) -> ReturnStatus:
    """What the window shows a return as: its stored status, or exported, with errors,
    under correction."""
    if status == ReturnStatus.FINALISED:
        return ReturnStatus.EXPORTED if exported else ReturnStatus.FINALISED
    if errors:
        return ReturnStatus.ERRORS
    if revision > 1:
        return ReturnStatus.CORRECTED
    return ReturnStatus.VALIDATED if status == ReturnStatus.VALIDATED else ReturnStatus.DRAFT


def status_label(status: str, revision: int, exported: bool = False, errors: bool = False) -> str:
    shown = shown_status(status, revision, exported, errors)
    return S.STATUS_REVISION.format(status=shown.label, revision=revision)
