"""The centre of the window: one return's header, its entry table, and (表三/表四) row tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core import terms
from siwu_desktop.core.forms import DERIVED, NUMBER
from siwu_desktop.core.parsing import is_header_row
from siwu_desktop.core.terms import ReturnStatus
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.column_widths import PAD_PX, ColumnWidths
from siwu_desktop.ui.commands import (
    EditCellsCommand,
    InsertRowsCommand,
    MoveRowCommand,
    RemoveRowsCommand,
)
from siwu_desktop.ui.document import ReturnDocument
from siwu_desktop.ui.entry_models import (
    CARRIED_COLOR,
    CellModel,
    IndicatorModel,
    LedgerModel,
    RowsModel,
    StructureModel,
    TaskModel,
)
from siwu_desktop.ui.entry_view import EntryTableView
from siwu_desktop.ui.preferences import Preferences

if TYPE_CHECKING:
    from siwu_desktop.core.validation import Finding
    from siwu_desktop.ui.row_filter import RowFilter

MODELS = {"t1": IndicatorModel, "t2": StructureModel, "t3": TaskModel, "t4": LedgerModel}
# Column widths in characters of the interface font (roughly), per form.
# 表一's 栏目 and 目标 (0 here) share the width the others leave. They, 单位, 识别为 and
# 完成情况 wrap, never elided: a row grows to what its text needs (EntryTableView.wrap_columns).
T1_WIDTHS = (0, 4, 6, 7, 0, 5, 7, 6)
T1_FLEX = {0: (0.62, 6.0), 4: (0.38, 5.0)}  # column: (share of the free width, minimum in em)
T1_WRAPPED = (
    IndicatorModel.COL_FIELD,
    IndicatorModel.COL_UNIT,
    IndicatorModel.COL_PARSED,
    IndicatorModel.COL_TARGET,
    IndicatorModel.COL_JUDGEMENT,
)
# Fixed columns that give up width (down to this, in em) when the window is too narrow for
# all the columns at their content's width and the flexible ones at their minimum: 单位,
# 识别为 (one line for 2500 万立方米) and 完成情况 then wrap, 目标来源 elides (its tooltip
# holds it). 本年填报 and 上年 (the figures) never give up width.
T1_SQUEEZE = {
    IndicatorModel.COL_UNIT: 5.0,
    IndicatorModel.COL_PARSED: 6.0,
    IndicatorModel.COL_JUDGEMENT: 5.0,
    IndicatorModel.COL_SOURCE: 5.0,
}
# 栏目 comes first: the squeezed columns give up width until 栏目 and 目标 have this (em),
# not only their minimum (a 1280 px window at 150 % had 栏目 at 6 em, 黄河干支流耗水量 and
# its help 11 lines tall, while 识别为 and 完成情况 kept 8 em).
T1_WANTED = {IndicatorModel.COL_FIELD: 11.0, IndicatorModel.COL_TARGET: 6.0}
T3_WANTED = {"task": 9.0}  # 表三's 任务内容 likewise, before 完成时限 and 市级牵头单位
T3_WIDTHS = {
    "number": 3,
    "deadline": 6,
    "lead": 7,
    "status": 5.5,
    "done_date": 7,
    "overdue": 5,
}
T3_FLEX = {"task": (0.42, 7.0), "evidence": (0.25, 5.0), "problems": (0.33, 6.0)}  # wrapped
# 表三's cells and headings wrap; in a narrow window these give up width first (em).
T3_SQUEEZE = {"deadline": 5.0, "lead": 5.0, "status": 5.0, "done_date": 6.3}
T3_FLEX_MEASURES = {  # with a 落实措施 column (长治 2026): the measures carry the long text
    "task": (0.22, 6.0),
    "measures": (0.3, 8.0),
    "evidence": (0.18, 5.0),
    "problems": (0.3, 9.5),
}
T4_WIDTHS = {"number": 3, "name": 12, "uscc": 13, "industry": 5, "source": 6, "balance_test": 6}
# Content may widen a fixed column up to (em): longer text elides, its tooltip holds it.
T1_CAPS = {1: 5.5, 2: 12.0, 3: 8.0, 5: 8.0, 6: 8.0, 7: 6.0}
T2_CAP = 9.0
T2_SECTOR_LEAST = 5.0  # em: 表二's sector names wrap (人工生态/环境补水) rather than scroll
WRAP_HEADING = Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)  # a heading's lines wrap
# 表二's columns start as wide as a typed figure (so all eleven, 合计 last, fit a 1400 px
# window); a heading or a figure that needs more widens its column.
T2_FIGURE = "12345.6"
T4_CAPS = {"name": 16.0, "uscc": 14.0, "task": 12.0}
ROWS_CAP = 9.0


def flex_widths(free: int, flex: dict[int, tuple[float, int]]) -> dict[int, int]:
    """Share `free` pixels among the flexible columns ({column: (share, minimum)}): a column
    whose share is below its minimum gets its minimum and the others share what is left, so
    they fill `free` exactly; if even the minimums do not fit, each gets its minimum (the
    view scrolls sideways rather than squeeze a column)."""
    pinned: dict[int, int] = {}
    while True:
        rest = free - sum(pinned.values())
        shares = {c: share for c, (share, _) in flex.items() if c not in pinned}
        total = sum(shares.values())
        low = {
            c: flex[c][1] for c, s in shares.items() if total <= 0 or s / total * rest < flex[c][1]
        }
        if not low:
            break
        pinned.update(low)
    if not shares:
        return pinned
    widths = {**pinned, **{c: int(s / total * rest) for c, s in shares.items()}}
    widths[max(shares)] += free - sum(widths.values())  # the rounding, to the last one
    return widths


def squeeze_widths(short: int, columns: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Take `short` pixels from the columns ({column: (natural width, minimum)}), from each
    in proportion to what it has above its minimum (rounded up, so at least `short` in
    all), never below its minimum."""
    room = {c: max(0, natural - least) for c, (natural, least) in columns.items()}
    total = sum(room.values())
    if total <= short:
        return {c: natural - room[c] for c, (natural, _) in columns.items()}
    return {
        c: natural - min(room[c], -(-short * room[c] // total))  # the cut, rounded up
        for c, (natural, _) in columns.items()
    }


SUBTITLE_COLOR = QColor("#4b5563")
BANNER_STYLE = "background:#fff4d6; border:1px solid #e6c463; padding:6px; color:#6b4e00"


def set_text_color(label: QLabel, color: QColor) -> None:
    """The label's text in `color`, as a style sheet's color: would draw it. A style sheet
    on any widget of the window brings in Qt's style-sheet style for it, ~40 M instructions
    of the start before the first paint (issue #13), so the labels of the first frame
    take their colour and size from their palette and font instead."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)


def set_font(label: QLabel, points: float, bold: bool = False) -> None:
    """The label's font at `points` (bold if asked), its family as the window's, as a style
    sheet's font-size and font-weight would set it (see set_text_color)."""
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    label.setFont(font)


def placeholder_width(edit: QLineEdit) -> int:
    """A line edit's width that shows its placeholder whole: the text, the edit's frame and
    margins (its minimum size less the widest character it allows for) and the clear
    button's room (an icon and a quarter, as QLineEdit lays out its side widgets), and half
    an em to spare. (Only 表三 and 表四 have the filter: the style is asked when one opens,
    not at start-up, where PySide6 would build its QStyle class before 表一 is painted.)"""
    from PySide6.QtWidgets import QStyle

    metrics = edit.fontMetrics()
    chrome = edit.minimumSizeHint().width() - metrics.maxWidth()
    icon = edit.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, edit)
    clear = icon + icon // 4 if edit.isClearButtonEnabled() else 0
    spare = metrics.horizontalAdvance("中") // 2
    return metrics.horizontalAdvance(edit.placeholderText()) + chrome + clear + spare


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
        prefs: Preferences | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.prefs = prefs
        self.city_view = city_view  # a county's return seen by the city: read-only, its unit
        self.model: CellModel = MODELS[doc.form.id](doc)
        self.view = EntryTableView()
        # no form shows row numbers; hidden before the model is set, the view does not
        # measure every row's number for a header that goes away (#13 item 7)
        self.view.verticalHeader().setVisible(False)
        self.proxy: RowFilter | None = None
        if doc.form.table is not None:
            from siwu_desktop.ui.row_filter import RowFilter  # ledgers only: not for 表一 (#13)

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
        if isinstance(self.model, LedgerModel):
            self.view.first_row_wanted.connect(self.add_row)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.cell_menu)
        self._place: tuple[int, int] | None = None  # the current cell over a model reset
        self.view.model().modelAboutToBeReset.connect(self._keep_place)
        self.view.model().modelReset.connect(self._restore_place)
        self.last_dialog: QWidget | None = None

        self.title = QLabel()
        self.title.setObjectName("returnTitle")
        set_font(self.title, 16.0, bold=True)
        self.subtitle = QLabel()
        set_text_color(self.subtitle, SUBTITLE_COLOR)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.unit = unit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        if doc.form.table is not None:
            layout.addLayout(self._row_tools())
        self.carried_note = QLabel()  # 表四: what the blue cells carried from last year are
        self.carried_note.setWordWrap(True)
        set_text_color(self.carried_note, CARRIED_COLOR)
        layout.addWidget(self.carried_note)
        layout.addWidget(self.view, 1)
        self._lay_out()
        self.update_header()
        doc.rows_changed.connect(self._rows_changed)
        doc.refreshed.connect(self._show_carried)

    # --- layout -----------------------------------------------------------------------------

    def _row_tools(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(S.FILTER_PLACEHOLDER)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(placeholder_width(self.filter_edit))
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
        self._wanted: dict[int, float] = {}  # em a flexible column takes from squeezable ones
        if isinstance(self.model, IndicatorModel):
            view.setWordWrap(False)  # the figures' columns elide (tooltips hold their text)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            view.wrap_columns(T1_WRAPPED, noted=(IndicatorModel.COL_FIELD,))
            for column, width in enumerate(T1_WIDTHS):
                header.resizeSection(column, int(width * em))
            self._flex = dict(T1_FLEX)
            self._wanted = dict(T1_WANTED)
            for row in self.model.section_rows():
                view.setSpan(row, 0, 1, self.model.columnCount())
        elif isinstance(self.model, StructureModel):
            header.resizeSection(0, 8 * em)
            figure = view.fontMetrics().horizontalAdvance(T2_FIGURE) + PAD_PX
            for column in range(1, self.model.columnCount()):  # content widens (_fit_content)
                header.resizeSection(column, figure)
            header.setStretchLastSection(True)
            header.setMinimumHeight(int(2.2 * em))
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | WRAP_HEADING)
            view.wrap_columns((StructureModel.COL_SECTOR,))
        else:
            widths = T3_WIDTHS if form.id == "t3" else T4_WIDTHS
            columns = form.table.columns  # type: ignore[union-attr]
            flex = T3_FLEX_MEASURES if any(c.id == "measures" for c in columns) else T3_FLEX
            for c, spec in enumerate(columns):
                header.resizeSection(c, int(widths.get(spec.id, 6.5) * em))
                if form.id == "t3" and spec.id in flex:
                    self._flex[c] = flex[spec.id]
                    self._wanted[c] = T3_WANTED.get(spec.id, 0.0)
            if form.id == "t3":
                rows = view.verticalHeader()
                rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
                rows.setMinimumSectionSize(rows.defaultSectionSize())  # room for a drop-down
                header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | WRAP_HEADING)
                header.setTextElideMode(Qt.TextElideMode.ElideNone)  # 存在问题及/下步措施
            if isinstance(self.model, TaskModel):  # a heading row per document (#18)
                for row in self.model.section_rows():
                    view.setSpan(row, 0, 1, self.model.columnCount())
            header.setMinimumHeight(int(3.0 * em))
        self._fit_content()
        if self._flex:  # fitted when the view gets its size (always before it is painted)
            view.viewport_resized.connect(self._fit_columns)
        elif isinstance(self.model, StructureModel):
            view.viewport_resized.connect(self._fit_sectors)

    def _fit_content(self) -> None:
        """Widen the fixed columns to their content (a typed figure shows whole), then
        give back the widths the clerk set for this form."""
        model, form = self.model, self.doc.form
        count = model.columnCount()
        if isinstance(model, RowsModel):
            keys = [c.id for c in model.columns]
        else:
            keys = [str(c) for c in range(count)]
        self.widths = widths = ColumnWidths(self.view, form.id, keys, self.prefs)
        fixed = [c for c in range(count) if c not in self._flex]
        if isinstance(model, IndicatorModel):
            widths.fit(fixed, T1_CAPS, {IndicatorModel.COL_VALUE}, icon_figure=True)
        elif isinstance(model, StructureModel):
            widths.fit(range(count), {c: T2_CAP for c in range(count)}, set())
        elif isinstance(model, RowsModel):
            caps = {c: T4_CAPS.get(spec.id, ROWS_CAP) for c, spec in enumerate(model.columns)}
            figures = {
                c
                for c, spec in enumerate(model.columns)
                if spec.value_type == NUMBER and spec.kind != DERIVED
            }
            widths.fit(fixed, caps, figures)
        widths.restore()
        header = self.view.horizontalHeader()
        squeeze: dict[int, float] = {}
        if isinstance(model, IndicatorModel):
            squeeze = T1_SQUEEZE
        elif form.id == "t3" and isinstance(model, RowsModel):
            squeeze = {
                c: T3_SQUEEZE[s.id] for c, s in enumerate(model.columns) if s.id in T3_SQUEEZE
            }
        elif isinstance(model, StructureModel):
            squeeze = {StructureModel.COL_SECTOR: T2_SECTOR_LEAST}
        self._natural = {c: (header.sectionSize(c), least) for c, least in squeeze.items()}

    def _fit_columns(self, width: int) -> None:
        """Give the flexible columns what the fixed ones leave of `width`, so nothing needs
        scrolling sideways at the usual window size (a narrow window still scrolls)."""
        header = self.view.horizontalHeader()
        em = self.view.fontMetrics().horizontalAdvance("中")
        user = self.widths.user
        flex = {c: f for c, f in self._flex.items() if c not in user}
        if not flex:
            return
        natural = {c: (w, int(least * em)) for c, (w, least) in self._natural.items()}
        squeeze = {c: n for c, n in natural.items() if c not in user}
        wanted = self._wanted
        least = sum(int(max(least, wanted.get(c, 0)) * em) for c, (_, least) in flex.items())
        short = self._fixed_width(flex, squeeze) + least - width
        if squeeze:
            narrower = squeeze_widths(short, squeeze) if short > 0 else {}
            for c, (w, _) in squeeze.items():
                header.resizeSection(c, narrower.get(c, w))
        free = max(0, width - self._fixed_width(flex, {}))
        widths = flex_widths(
            free, {c: (share, int(least * em)) for c, (share, least) in flex.items()}
        )
        for c, w in widths.items():
            header.resizeSection(c, w)

    def _fit_sectors(self, width: int) -> None:
        """表二 in a narrow window: the sector column gives up what the figures' columns
        lack of `width` (down to T2_SECTOR_LEAST, its names wrapping), so 合计 shows."""
        column = StructureModel.COL_SECTOR
        if column in self.widths.user:
            return
        header = self.view.horizontalHeader()
        natural, _ = self._natural[column]
        others = sum(header.sectionSize(c) for c in range(1, header.count() - 1))
        last = self.widths.content_width(header.count() - 1)  # 合计 stretches beyond it
        least = int(T2_SECTOR_LEAST * self.view.fontMetrics().horizontalAdvance("中"))
        header.resizeSection(column, max(least, min(natural, width - others - last)))

    def _fixed_width(self, flex: dict[int, object], natural: dict[int, tuple[int, int]]) -> int:
        """The shown columns' widths but the flexible ones', those in `natural` at it."""
        header = self.view.horizontalHeader()
        return sum(
            natural[c][0] if c in natural else header.sectionSize(c)
            for c in range(header.count())
            if c not in flex and not header.isSectionHidden(c)
        )

    def _rows_changed(self) -> None:
        self.update_header()

    def _keep_place(self) -> None:
        """Before the rows are read again (更正, an import, rows added or removed): the
        clerk's current cell, as a row and column of the model."""
        current = self.view.to_source(self.view.currentIndex())
        self._place = (current.row(), current.column()) if current.isValid() else None

    def _restore_place(self) -> None:
        """After it: the same cell is current again (the last row if rows went), not none;
        the selection stays cleared, as the reset left it (删除行 acts on selected rows)."""
        place, self._place = self._place, None
        rows = self.model.rowCount()
        if place is None or rows == 0:
            return
        index = self.view.from_source(self.model.index(min(place[0], rows - 1), place[1]))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )

    def update_header(self) -> None:
        doc = self.doc
        loaded = doc.loaded
        info = loaded.info
        self.title.setText(f"{doc.form.short}　{doc.form.title}")
        status = status_label(info.status, info.revision)
        if loaded.revision != info.revision:  # an earlier revision: finalised, by its number
            status = status_label(ReturnStatus.FINALISED, loaded.revision)
        period_text = terms.period_text(info.year, info.period)
        self.subtitle.setText(
            f"{S.LABEL_UNIT}：{self.unit_shown()}　　报告期：{period_text}　　状态：{status}"
        )
        if loaded.revision != info.revision:
            self._show_banner(S.OLD_REVISION_BANNER.format(revision=loaded.revision))
        elif self.city_view:
            self._show_banner(S.CITY_LOCKED_BANNER.format(revision=loaded.revision))
        elif loaded.locked:
            self._show_banner(S.LOCKED_BANNER.format(revision=info.revision))
        else:
            self.banner.setVisible(False)
        for button in getattr(self, "row_buttons", []):
            button.setEnabled(not doc.read_only)
        self._show_carried()

    def _show_banner(self, text: str) -> None:
        """The yellow banner over a return that cannot be edited; styled when first shown
        (a draft's editor never shows it: see set_text_color)."""
        if not self.banner.styleSheet():
            self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setText(text)
        self.banner.setVisible(True)

    def _show_carried(self) -> None:
        origin = self.model.carried_origin() if isinstance(self.model, LedgerModel) else None
        if origin is not None:
            self.carried_note.setText(S.CARRIED_LEDGER_LEGEND.format(year=origin.year))
        self.carried_note.setVisible(origin is not None)

    def cell_menu(self, pos: QPoint, show: bool = True) -> QMenu | None:
        """Right-click on a cell: 修改记录… (ui.history_views); the menu, for tests."""
        from siwu_desktop.ui.history_views import cell_menu

        menu = cell_menu(self, pos)
        if menu is not None and show:
            menu.popup(self.view.viewport().mapToGlobal(pos))
        self.last_menu = menu
        return menu

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
        """Paste a block copied from Excel at (row, column) of the source model; one undo step.

        Row -1 / column AUTO_COLUMN: no cell was current (a blank table clicked). A block
        whose first cell would land on a computed column (序号) starts at the next column
        that can be filled in, if it fits there. Every cell is either pasted or counted in
        the message saying why not (a computed column, beyond the table's edge)."""
        if self._refuse_locked() or not block:
            return
        model, doc = self.model, self.doc
        width = max(len(r) for r in block)
        tally = PasteTally()
        titles = [self._column_title(c) for c in range(model.columnCount())]
        tally.headers = [r for r in block if is_header_row(r, titles)]  # 列名 copied: skipped
        block = [r for r in block if not is_header_row(r, titles)]
        row, column = self._paste_origin(row, column, width)
        cells: list[tuple[tuple[int | None, str], str]] = []
        new_rows: list[dict[str, str]] = []
        targets = self._paste_rows(row, column, len(block))
        for i, values in enumerate(block):
            r = targets[i] if i < len(targets) else None
            if r is None and doc.form.id == "t4":
                new_rows.append(self._new_ledger_row(column, values, tally))
                continue
            if r is None:
                tally.below += len(values)
                continue
            landed = 0
            for j, text in enumerate(values):
                index = model.index(r, column + j)
                if not index.isValid():
                    tally.right += 1
                    continue
                ref = model.ref(index)
                if ref is None or not model.editable(index):
                    tally.computed(self._column_title(index.column()))
                    continue
                cells.append((ref, text))
                landed += 1
            tally.landed(landed)
        changes = doc.changes(cells)
        if changes or new_rows:
            stack = doc.undo_stack
            stack.beginMacro(S.PASTE)
            if changes:
                stack.push(EditCellsCommand(doc, changes, S.PASTE))
            if new_rows:
                stack.push(InsertRowsCommand(doc, len(doc.data.rows), new_rows))
            stack.endMacro()
        self._report_paste(tally, width)

    def _paste_origin(self, row: int, column: int, width: int) -> tuple[int, int]:
        model = self.model
        if row < 0:  # below the ledger's rows; the first row of the fixed tables
            row = model.rowCount() if self.doc.form.id == "t4" else 0
        if isinstance(model, IndicatorModel):
            return row, IndicatorModel.COL_VALUE
        column = max(column, 0)
        if not self._column_fillable(column):
            count = model.columnCount()
            first = next((c for c in range(column, count) if self._column_fillable(c)), None)
            if first is not None and first + width <= count:
                column = first
        return row, column

    def _column_fillable(self, column: int) -> bool:
        model = self.model
        if isinstance(model, (TaskModel, LedgerModel)):
            return model.columns[column].kind != DERIVED
        return any(model.editable(model.index(r, column)) for r in range(model.rowCount()))

    def _column_title(self, column: int) -> str:
        title = self.model.headerData(column, Qt.Orientation.Horizontal)
        return str(title or "").split("\n")[0]

    def _new_ledger_row(self, column: int, values: list[str], tally: PasteTally) -> dict[str, str]:
        texts: dict[str, str] = {}
        columns = self.doc.form.table.columns  # type: ignore[union-attr]
        for j, text in enumerate(values):
            c = column + j
            if c >= len(columns):
                tally.right += 1
            elif columns[c].kind == DERIVED:
                tally.computed(self._column_title(c))
            else:
                texts[columns[c].id] = text
        tally.landed(len(texts))
        return texts

    def _report_paste(self, tally: PasteTally, width: int) -> None:
        message = S.PASTE_DONE.format(rows=tally.rows, cells=tally.cells)
        if tally.headers:
            first = "、".join(t for t in tally.headers[0] if t.strip())
            message += S.PASTE_HEADER_SKIPPED.format(count=len(tally.headers), first=first)
        if tally.skipped:
            message += S.PASTE_COMPUTED.format(
                count=tally.skipped, columns="、".join(tally.computed_columns)
            )
        lost = []
        if tally.right:
            lost.append(S.PASTE_TOO_WIDE.format(columns=width, extra=tally.right))
        if tally.below:
            lost.append(S.PASTE_TOO_LONG.format(extra=tally.below))
        message += "".join(lost)
        self.message.emit(message)
        if lost:  # cells the clerk copied that are nowhere now: said in a box, not only 8 s
            from PySide6.QtWidgets import QMessageBox  # built on first use

            box = QMessageBox(QMessageBox.Icon.Warning, S.PASTE, message, parent=self)
            box.open()
            self.last_dialog = box

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


class PasteTally:
    """What became of a pasted block's cells."""

    def __init__(self) -> None:
        self.rows = 0  # rows with at least one pasted cell
        self.cells = 0
        self.skipped = 0  # landed on a computed or read-only column
        self.computed_columns: list[str] = []
        self.right = 0  # beyond the table's last column
        self.below = 0  # beyond the last row of a table with fixed rows
        self.headers: list[list[str]] = []  # header rows (列名), not pasted

    def landed(self, cells: int) -> None:
        self.cells += cells
        self.rows += 1 if cells else 0

    def computed(self, column: str) -> None:
        self.skipped += 1
        if column not in self.computed_columns:
            self.computed_columns.append(column)


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
