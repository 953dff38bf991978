"""Entry-table column widths: wide enough for their heading, their content and a typed
figure, measured with the table's own font (so they follow the font size and scaling),
and, once the clerk drags or double-clicks a column edge, as the clerk left them, per
form (the preferences' `columns/<form>`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractItemModel, QObject, Qt

from siwu_desktop.ui.entry_models import CellModel
from siwu_desktop.ui.entry_view import EntryTableView
from siwu_desktop.ui.preferences import Preferences

#: A figure as a clerk types it (full-width digits): a number column shows it whole.
SAMPLE_FIGURE = "１２３４．５"
ICON_EM = 1.5  # the severity icon beside a cell's text
PAD_PX = 14  # the cell's margins
HEADER_PAD_PX = 10
MEASURED_ROWS = 200  # a long ledger: the first rows tell the width


class ColumnWidths(QObject):
    def __init__(
        self,
        view: EntryTableView,
        form: str,
        keys: Sequence[str],
        prefs: Preferences | None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.form = form
        self.keys = list(keys)
        self.prefs = prefs
        self.user: set[int] = set()  # columns whose width the clerk set
        view.entry_header.sectionResized.connect(self._resized)

    def em(self) -> float:
        return float(self.view.fontMetrics().horizontalAdvance("中"))

    def content_width(self, column: int, figure: bool = False, icon_figure: bool = False) -> int:
        """What the column needs: its heading's longest line, its cells' (with the icon
        of a finding), and for a number column a typed figure (`icon_figure`: with the
        icon beside it, as 表一's values nearly always have)."""
        view, model = self.view, self.view.model()
        metrics = view.fontMetrics()
        heading = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        head = view.horizontalHeader().fontMetrics()
        need = max((head.horizontalAdvance(t) for t in heading.splitlines()), default=0)
        need += HEADER_PAD_PX
        icon = int(ICON_EM * self.em())
        if figure:
            beside = icon if icon_figure else 0
            need = max(need, metrics.horizontalAdvance(SAMPLE_FIGURE) + beside + PAD_PX)
        for row in range(min(model.rowCount(), MEASURED_ROWS)):
            if view.columnSpan(row, column) > 1:
                continue
            text, decorated = self._shown(model, row, column)
            if not text:
                continue
            width = max(metrics.horizontalAdvance(t) for t in text.splitlines()) + PAD_PX
            if decorated:
                width += icon
            need = max(need, width)
        return need

    @staticmethod
    def _shown(model: QAbstractItemModel, row: int, column: int) -> tuple[str, bool]:
        """A cell's text and whether it has an icon: from a return's own model directly
        (start-up, #13), else (a sorting proxy) through its index."""
        if isinstance(model, CellModel):
            return model.shown(row, column)
        index = model.index(row, column)
        text = str(index.data() or "")
        return text, bool(text) and index.data(Qt.ItemDataRole.DecorationRole) is not None

    def fit(
        self,
        columns: Iterable[int],
        caps: dict[int, float],
        figures: set[int],
        icon_figure: bool = False,
    ) -> None:
        """Widen each column to what it needs, up to its cap (in em); never narrower."""
        header = self.view.horizontalHeader()
        em = self.em()
        for column in columns:
            need = self.content_width(column, column in figures, icon_figure)
            cap = caps.get(column)
            if cap is not None:
                need = min(need, int(cap * em))
            if need > header.sectionSize(column):
                header.resizeSection(column, need)

    def restore(self) -> None:
        """The widths the clerk gave this form's columns last time."""
        if self.prefs is None:
            return
        header = self.view.horizontalHeader()
        em = self.em()
        saved = self.prefs.column_widths(self.form)
        for column, key in enumerate(self.keys):
            if key in saved and column < header.count():
                header.resizeSection(
                    column, max(round(saved[key] * em), header.minimumSectionSize())
                )
                self.user.add(column)

    def _resized(self, column: int, _old: int, new: int) -> None:
        """A drag or double-click on a column edge (not the program's own fitting)."""
        if not self.view.entry_header.pressed or column >= len(self.keys):
            return
        self.user.add(column)
        if self.prefs is not None:
            self.prefs.set_column_width(self.form, self.keys[column], new / self.em())
