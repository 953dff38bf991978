"""The entry table: spreadsheet keys over a return model.

Typing on a selected cell starts editing it with that key; Enter commits and moves
down, Tab / Shift+Tab commit and move to the next / previous cell that can be filled
in (never out of the table, never onto a computed column), Esc cancels; Delete
clears the selected cells; Ctrl+C/Ctrl+V copy and paste tab-separated blocks (what
Excel puts on the clipboard). Choices get a drop-down, dates a calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from siwu_desktop.core.forms import CHOICE, DATE
from siwu_desktop.core.returns import parse_date
from siwu_desktop.ui import icons
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.entry_models import CellModel, Ref

if TYPE_CHECKING:  # built when a date is picked or a ledger opens, not on a start (#13)
    from PySide6.QtCore import QDate, QSortFilterProxyModel

_Index = QModelIndex | QPersistentModelIndex
_MOVE_KEYS = {
    Qt.Key.Key_Return: "down",
    Qt.Key.Key_Enter: "down",
    Qt.Key.Key_Tab: "next",
    Qt.Key.Key_Backtab: "previous",
}
#: The column a paste starts at when no cell is current (a blank table was clicked).
AUTO_COLUMN = -1


class CellDelegate(QStyledItemDelegate):
    """A line edit whose Enter/Tab commit and tell the view where to go next."""

    def __init__(self, view: EntryTableView) -> None:
        super().__init__(view)
        self.view = view

    # The editors' widget classes load with the first edit, not at start-up (issue #6).

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        from PySide6.QtWidgets import QLineEdit

        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        from PySide6.QtWidgets import QLineEdit

        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            move = _move_of(event)
            if move is not None and isinstance(editor, QWidget):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.view.move_cursor(move)
                return True
        return super().eventFilter(editor, event)


class WrapDelegate(CellDelegate):
    """A cell whose text wraps (between words, and between any two Chinese characters) and
    is never elided: the view makes its row as tall as the text needs (`fit_rows`)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText


#: The margin left and right of a cell's text, as the style draws it: QCommonStyle's
#: textMargin, pixelMetric(PM_FocusFrameHMargin) + 1, 2 + 1 px in the Fusion and Windows
#: styles (tests/ui/test_wrapped_names.py checks it against the style in use). A constant:
#: asking the style would build PySide6's QStyle class before the first paint.
TEXT_MARGIN = 3

#: A note under a name (表一's help under 栏目) in this share of the cell's font size, grey:
#: it reads as secondary to the name and takes fewer lines (the row less tall).
NOTE_SCALE = 0.86
NOTE_COLOR = QColor("#6b7280")


class NoteDelegate(WrapDelegate):
    """A wrapped cell whose first line is a name and the rest a note on it (表一's 栏目:
    the field's name, then what to enter): the note is drawn under the name, smaller and
    grey, both word-wrapped and whole (`name_and_note`: the same lay-out measures the row).

    The style paints the cell (background, selection, focus) without its text, and the
    name and note are drawn in the cell less its text margins: such a cell has no icon or
    check box, so that is where the style puts its text. Nothing here asks the style from
    Python: PySide6 would build the QStyle class (≈560 enum members) for the first paint."""

    def __init__(self, view: EntryTableView) -> None:
        super().__init__(view)
        self._text_apart = False  # paint: the style paints the cell without the text

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        if self._text_apart:
            option.text = ""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        text = str(index.data() or "")
        if "\n" not in text:
            super().paint(painter, option, index)
            return
        self._text_apart = True
        try:
            super().paint(painter, option, index)
        finally:
            self._text_apart = False
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        margin = TEXT_MARGIN
        rect = opt.rect.adjusted(margin, 0, -margin, 0)
        name, note, name_height, note_height = name_and_note(text, rect.width(), opt.font)
        top = rect.top() + max(0, (rect.height() - name_height - note_height) // 2)
        selection = self.view.selectionModel()
        selected = selection is not None and selection.isSelected(index)
        text_color = opt.palette.highlightedText() if selected else opt.palette.text()
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(text_color.color())
        painter.drawText(QRect(rect.left(), top, rect.width(), name_height), flags, name)
        painter.setFont(note_font(opt.font))
        painter.setPen(text_color.color() if selected else NOTE_COLOR)
        box = QRect(rect.left(), top + name_height, rect.width(), note_height)
        painter.drawText(box, flags, note)
        painter.restore()


def note_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * NOTE_SCALE)
    return small


def name_and_note(text: str, width: int, font: QFont) -> tuple[str, str, int, int]:
    """A name-and-note cell's text split at its first line, and the heights each takes
    word-wrapped at `width`: the name in `font`, the note in its smaller `note_font`."""
    name, _, note = text.partition("\n")
    box = QRect(0, 0, max(1, width), 1 << 20)
    flags = Qt.TextFlag.TextWordWrap
    name_height = QFontMetrics(font).boundingRect(box, flags, name).height()
    note_height = (
        QFontMetrics(note_font(font)).boundingRect(box, flags, note).height() if note else 0
    )
    return name, note, name_height, note_height


class ChoiceDelegate(CellDelegate):
    def __init__(self, view: EntryTableView, choices: tuple[str, ...]) -> None:
        super().__init__(view)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        from PySide6.QtWidgets import QComboBox

        box = QComboBox(parent)
        box.addItems(["", *self.choices])
        return box

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        from PySide6.QtWidgets import QComboBox

        assert isinstance(editor, QComboBox)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if editor.findText(text) < 0:
            editor.addItem(text)  # a refused text stays visible until it is changed
        editor.setCurrentText(text)

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QComboBox

        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class DateDelegate(CellDelegate):
    """A date typed as the clerk writes it (2026-09-30, 2026/9/30, 2026年9月30日: read by
    core.returns), with a calendar button beside it. A QDateEdit opened on today's date took
    the keys of 2026-09-30 into its sections one by one and stored 2026-12-09."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        from PySide6.QtWidgets import QLineEdit

        editor = super().createEditor(parent, option, index)
        assert isinstance(editor, QLineEdit)
        editor.setPlaceholderText(S.DATE_HINT)
        icon = icons.icon("detailed-view")
        pick = editor.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        pick.setToolTip(S.DATE_PICK)
        pick.triggered.connect(lambda: self.pick_date(editor))
        return editor

    def pick_date(self, editor: QWidget) -> QWidget:
        """A calendar under the cell on the typed day (else today); a click writes the day
        in the cell's form and closes it."""
        from PySide6.QtCore import QDate  # a calendar shown on demand: not on a start (#13)
        from PySide6.QtWidgets import QCalendarWidget, QLineEdit

        assert isinstance(editor, QLineEdit)
        calendar = QCalendarWidget(editor)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        day = parse_date(editor.text())
        calendar.setSelectedDate(
            QDate(day.year, day.month, day.day) if day else QDate.currentDate()
        )

        def chosen(date: QDate) -> None:
            editor.setText(date.toString("yyyy-MM-dd"))
            calendar.close()
            editor.setFocus()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        calendar.move(editor.mapToGlobal(editor.rect().bottomLeft()))
        calendar.show()
        return calendar


class EntryHeader(QHeaderView):
    """The entry table's column heading, with QTableView's own settings (sections
    clickable), which knows whether the clerk's mouse button is down on it (`pressed`): a
    column resized then is the clerk's drag or double-click on its edge, not the program's
    fitting (ui.column_widths). It sees its presses itself: watching its viewport's events
    from Python cost PySide a walk over all widget classes on the first look-up (#13)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.pressed = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pressed = True
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.pressed = True
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.pressed = False
        super().mouseReleaseEvent(event)


class EntryTableView(QTableView):
    """Signals `message(str)` for the status bar (a locked return, a paste)."""

    message = Signal(str)
    paste_requested = Signal(int, int, list)  # source row, column, rows of cells
    # typing on a table with no cell yet (an empty 表四): the editor adds a row and makes
    # its first cell to fill in current, or leaves none (then the view says what to do)
    first_row_wanted = Signal()
    viewport_resized = Signal(int)  # the new width of the visible cell area

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.entry_header = EntryHeader(self)
        self.setHorizontalHeader(self.entry_header)
        self.entry_header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(30)
        self.setItemDelegate(CellDelegate(self))
        self.wrapped: tuple[int, ...] = ()  # columns whose text wraps, their rows growing
        self.noted: tuple[int, ...] = ()  # of them, names with a note under (NoteDelegate)
        self._fitted: tuple[int, ...] | None = None  # their widths when the rows were fitted
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.timeout.connect(self.fit_rows)

    # The viewport's resizes and paints come here (QAbstractScrollArea), not its every
    # event through viewportEvent: the first event of no type of its own reaching Python
    # makes PySide build the event classes (#13). Reported with the event's own size:
    # asking for viewport() from Python costs a walk over all widget classes.

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.viewport_resized.emit(event.size().width())  # the columns fit first
        if self.wrapped and (self._fitted is not None or self._window_on_screen()):
            self.fit_rows()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.wrapped and self._fitted is None:
            self._refit.start(0)  # the window's first paint (start-up, #13): rows fit after it
        super().paintEvent(event)

    def _window_on_screen(self) -> bool:
        handle = self.window().windowHandle()
        return handle is not None and handle.isExposed()

    # --- wrapped columns ----------------------------------------------------------------------

    def wrap_columns(self, columns: Iterable[int], noted: Iterable[int] = ()) -> None:
        """These columns' text wraps instead of eliding, and each row grows to what its
        wrapped cells need at their columns' widths. Rows are measured once the view gets
        its size in a window on screen (a form opened later: before it is painted), or
        right after the window's first paint (the form reopened at start-up: its first
        paint does not wait for them), never for a form not shown; then again for the rows
        an edit changes and when a wrapped column's width changes. `noted` (of `columns`):
        a name with a note under it (NoteDelegate)."""
        self.wrapped = tuple(columns)
        self.noted = tuple(noted)
        delegate, names = WrapDelegate(self), NoteDelegate(self)
        for column in self.wrapped:
            self.setItemDelegateForColumn(column, names if column in self.noted else delegate)
        model = self.model()
        model.dataChanged.connect(self._cells_changed)
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self._rows_moved)
        self.horizontalHeader().sectionResized.connect(self._column_resized)

    def fit_rows(self, rows: Iterable[int] | None = None) -> None:
        """Make `rows` (None: all, unless the wrapped columns' widths are those the rows
        were last fitted to) as tall as their wrapped cells need; one line: the default."""
        if self._fitted is None and rows is not None:
            return  # not measured yet: the first fit (when the view gets its size) does all
        widths = tuple(self.columnWidth(c) for c in self.wrapped)
        if rows is None:
            if widths == self._fitted:
                return
            self._refit.stop()
            rows = range(self.model().rowCount())
        self._fitted = widths
        vertical = self.verticalHeader()
        for row in rows:
            height = self.row_height_needed(row)
            if vertical.sectionSize(row) != height:
                vertical.resizeSection(row, height)

    def row_height_needed(self, row: int) -> int:
        """The default row height, or taller for a wrapped cell of more than one line: its
        text laid out as the style draws it (word-wrapped within the cell's text margins,
        in the view's font: wrapped cells are plain text), with the same space above and
        below as a one-line row has."""
        base = self.verticalHeader().defaultSectionSize()
        model, metrics = self.model(), self.fontMetrics()
        margins = 2 * self.text_margin() + (1 if self.showGrid() else 0)  # the grid's line
        need = base
        for column in self.wrapped:
            text = str(model.index(row, column).data() or "")
            width = self.columnWidth(column) - margins
            if not text or self.columnSpan(row, column) > 1:
                continue
            if "\n" not in text and metrics.horizontalAdvance(text) < width:
                continue  # one line: the default height
            if column in self.noted:
                _, _, name_height, note_height = name_and_note(text, width, self.font())
                lines = name_height + note_height
            else:
                box = QRect(0, 0, width, 1 << 20)
                lines = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, text).height()
            need = max(need, lines + base - metrics.height())
        return need

    def text_margin(self) -> int:
        """The margin left and right of a cell's text (TEXT_MARGIN, the style's)."""
        return TEXT_MARGIN

    def _cells_changed(self, top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
        self.fit_rows(range(top.row(), bottom.row() + 1))

    def _rows_moved(self, *_: object) -> None:
        if self._fitted is not None:
            self._fitted = ()  # stale: refitted all, once the change is complete
            self._refit.start(0)

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if self._fitted is not None and column in self.wrapped:
            self._refit.start(0)  # a column dragged: once, after the drag's last step

    # --- model helpers ----------------------------------------------------------------------

    def row_filter(self) -> QSortFilterProxyModel | None:
        """The ledger's sort and filter over the cells (ui.row_filter), None when the cells
        are shown as they are (表一, 表二)."""
        model = self.model()
        return None if isinstance(model, CellModel) else cast("QSortFilterProxyModel", model)

    def cell_model(self) -> CellModel:
        proxy = self.row_filter()
        model = self.model() if proxy is None else proxy.sourceModel()
        assert isinstance(model, CellModel)
        return model

    def to_source(self, index: _Index) -> QModelIndex:
        proxy = self.row_filter()
        return QModelIndex(index) if proxy is None else proxy.mapToSource(index)

    def from_source(self, index: QModelIndex) -> QModelIndex:
        proxy = self.row_filter()
        return index if proxy is None else proxy.mapFromSource(index)

    def install_column_delegates(self) -> None:
        """Drop-downs for choice columns, calendars for dates (表三, 表四)."""
        model = self.cell_model()
        columns = getattr(model, "columns", ())
        for c, spec in enumerate(columns):
            if not hasattr(spec, "value_type"):
                continue
            if spec.value_type == CHOICE:
                self.setItemDelegateForColumn(c, ChoiceDelegate(self, spec.choices))
            elif spec.value_type == DATE:
                self.setItemDelegateForColumn(c, DateDelegate(self))

    # --- keys ---------------------------------------------------------------------------------

    def move_cursor(self, direction: str) -> None:
        """Down (Enter) stays in the column, next/previous (Tab/Shift+Tab) go along the
        rows; each to the nearest cell that can be filled in (a finalised return: the
        nearest cell), and nowhere at the table's end."""
        current = self.currentIndex()
        if not current.isValid():
            return
        target = self._next_cell(current.row(), current.column(), direction)
        if target is not None:
            self.setCurrentIndex(target)
            self.scrollTo(target)

    def _next_cell(self, row: int, column: int, direction: str) -> QModelIndex | None:
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        cells = self.cell_model()
        any_cell = cells.doc.read_only
        if direction == "down":
            order = ((r, column) for r in range(row + 1, rows))
        else:
            step = 1 if direction == "next" else -1
            start = row * columns + column
            end = rows * columns if step > 0 else -1
            order = (divmod(n, columns) for n in range(start + step, end, step))
        for r, c in order:
            index = model.index(r, c)
            source = self.to_source(index)
            if cells.editable(source) or (any_cell and cells.ref(source) is not None):
                return index
        return None

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab on a selected cell move within the table (Qt would move the
        focus out of it, and the number typed next would go nowhere)."""
        if self.state() != QAbstractItemView.State.EditingState and self.currentIndex().isValid():
            self.move_cursor("next" if next else "previous")
            return True
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        move = _move_of(event)
        if move is not None and self.state() != QAbstractItemView.State.EditingState:
            self.move_cursor(move)
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            self.clear_selected()
            return
        if event.text() and event.text().isprintable():
            if not self._cell_for_typing():
                return
            if self._refuse_typing():
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        text = event.commitString()
        if text and not self.currentIndex().isValid():
            from PySide6.QtWidgets import QApplication, QLineEdit

            if self._cell_for_typing():
                self.edit(self.currentIndex())
                editor = QApplication.focusWidget()
                if isinstance(editor, QLineEdit):  # the IME's text goes where a key would
                    editor.insert(text)
            return
        if text and self._refuse_typing():
            return
        super().inputMethodEvent(event)

    def _cell_for_typing(self) -> bool:
        """A cell to type into: the current one, else (an empty 表四) the first cell of a
        row added for it. Typing on the empty ledger did nothing, and what was typed was
        lost without a word."""
        if self.currentIndex().isValid() or self.state() == QAbstractItemView.State.EditingState:
            return True
        self.first_row_wanted.emit()
        if self.currentIndex().isValid():
            return True
        self.message.emit(S.EDIT_NO_CELL)
        return False

    def _refuse_typing(self) -> bool:
        """Typing on a cell that cannot take it says why, instead of nothing happening."""
        current = self.currentIndex()
        if not current.isValid() or self.state() == QAbstractItemView.State.EditingState:
            return False
        model = self.cell_model()
        source = self.to_source(current)
        if model.editable(source):
            return False
        if model.doc.read_only:
            self.message.emit(S.EDIT_LOCKED)
        else:
            ref = model.ref(source)
            if ref is not None:
                self.message.emit(S.EDIT_DERIVED.format(label=model.doc.field(*ref).label))
        return True

    # --- clipboard ------------------------------------------------------------------------------

    def selected_refs(self) -> list[tuple[QModelIndex, Ref]]:
        model = self.cell_model()
        out = []
        for index in self.selectedIndexes():
            source = self.to_source(index)
            ref = model.ref(source)
            if ref is not None and model.editable(source):
                out.append((source, ref))
        return out

    def clear_selected(self) -> None:
        model = self.cell_model()
        if model.doc.read_only:
            self.message.emit(S.EDIT_LOCKED)
            return
        cells = [(ref, "") for _, ref in self.selected_refs()]
        if cells:
            model.edit(cells, S.CLEAR_CELLS)

    def copy(self) -> None:
        indexes = sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows: dict[int, dict[int, str]] = {}
        for index in indexes:
            rows.setdefault(index.row(), {})[index.column()] = str(index.data() or "")
        columns = sorted({i.column() for i in indexes})
        block = [[rows[r].get(c, "") for c in columns] for r in sorted(rows)]
        QGuiApplication.clipboard().setText(clipboard_text(block))

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        if self.cell_model().doc.read_only:
            self.message.emit(S.EDIT_LOCKED)
            return
        block = parse_clipboard(text)
        current = self.currentIndex()
        # no cell current, or none selected (a click below the rows keeps the current
        # index but selects nothing): the clerk clicked the blank table, the editor chooses
        if not current.isValid() or not self.selectionModel().hasSelection():
            self.paste_requested.emit(-1, AUTO_COLUMN, block)
            return
        source = self.to_source(current)
        self.paste_requested.emit(source.row(), source.column(), block)


def _move_of(event: QKeyEvent) -> str | None:
    """Where a key moves the cursor: Shift+Tab arrives as Backtab on most platforms, as
    Tab with Shift on some."""
    move = _MOVE_KEYS.get(Qt.Key(event.key()))
    if move == "next" and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
        return "previous"
    return move


def clipboard_text(rows: list[list[str]]) -> str:
    """Rows as Excel copies them: a cell holding a tab, a newline or a quote is quoted (its
    quotes doubled), so a 表三 text of two lines pastes back as one cell, here or in Excel."""

    def cell(text: str) -> str:
        if any(ch in text for ch in '\t\n\r"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "\n".join("\t".join(cell(c) for c in row) for row in rows)


def parse_clipboard(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel copies them (quoted cells may hold tabs and newlines)."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    quoted = False
    i = 0
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1 : i + 2] == '"':
                cell.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and not cell:
            quoted = True
        elif ch == "\t":
            row.append("".join(cell))
            cell = []
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]
