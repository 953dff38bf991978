"""Browsing a city's embedded targets and tasks, with the source of every number at hand."""

from __future__ import annotations

import html

from msgspec import Struct
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.catalog import Target, TargetCatalog, Task
from siwu_desktop.core.terms import Bound
from siwu_desktop.ui import strings as S

CONFLICT_BRUSH = QBrush(QColor("#fff2b3"))
DRAFT_BRUSH = QBrush(QColor("#eef3fb"))
_Index = QModelIndex | QPersistentModelIndex


class _TargetRow(Struct):
    indicator: str
    unit: str
    attribute: str
    bound: str
    by_year: dict[int | None, Target]


class TargetTableModel(QAbstractTableModel):
    """One row per indicator (and scope), one column per milestone year."""

    COL_INDICATOR, COL_UNIT, COL_ATTRIBUTE, COL_BOUND = range(4)
    FIXED = 4

    def __init__(self, targets: list[Target]) -> None:
        super().__init__()
        self._rows: list[_TargetRow] = []
        rows: dict[tuple[str, str, str, str, str], _TargetRow] = {}
        for t in targets:
            name = t.display_name
            bound = Bound(t.bound).label if t.judged else S.BOUND_REFERENCE
            key = (t.key, name, t.unit, bound, t.attribute.label)
            row = rows.setdefault(key, _TargetRow(name, t.unit, t.attribute.label, bound, {}))
            row.by_year[t.year] = t
            self._rows = list(rows.values())
        self._years: list[int | None] = sorted(
            {y for r in self._rows for y in r.by_year}, key=lambda y: (y is None, y or 0)
        )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.FIXED + len(self._years)

    def year_of_column(self, column: int) -> int | None:
        return self._years[column - self.FIXED]

    def target_at(self, index: _Index) -> Target | None:
        if not index.isValid() or index.column() < self.FIXED:
            row = self._rows[index.row()] if index.isValid() else None
            return next(iter(row.by_year.values())) if row else None
        return self._rows[index.row()].by_year.get(self.year_of_column(index.column()))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        fixed = (S.COL_INDICATOR, S.COL_UNIT, S.COL_ATTRIBUTE, S.COL_BOUND)
        if section < self.FIXED:
            return fixed[section]
        year = self.year_of_column(section)
        return S.COL_NO_YEAR if year is None else f"{year}年"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column < self.FIXED:
            if role == Qt.ItemDataRole.DisplayRole:
                return (row.indicator, row.unit, row.attribute, row.bound)[column]
            return None
        target = row.by_year.get(self.year_of_column(column))
        if target is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = target.value_text
            if target.base_year:
                text += f"（较{target.base_year}年）"
            if target.from_year:
                text += f"（{target.year_label}）"
            return text + (" ≠" if target.conflicts else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if target.conflicts:
                return CONFLICT_BRUSH
            return DRAFT_BRUSH if target.draft else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{target.citation}\n{target.quote}"
        return None


class TaskTableModel(QAbstractTableModel):
    COL_NUMBER, COL_TEXT, COL_LEAD, COL_DEADLINE, COL_ASSIGNEE = range(5)
    HEADERS = (
        S.COL_TASK_NUMBER,
        S.COL_TASK_TEXT,
        S.COL_TASK_LEAD,
        S.COL_TASK_DEADLINE,
        S.COL_TASK_ASSIGNEE,
    )

    def __init__(self, tasks: list[Task]) -> None:
        super().__init__()
        self._tasks = tasks

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tasks)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def task_at(self, index: _Index) -> Task | None:
        return self._tasks[index.row()] if index.isValid() else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        task = self._tasks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                task.number,
                task.text,
                task.lead_text,
                task.deadline,
                task.assignee,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(
                filter(None, (task.text, task.measures, "、".join(task.lead + task.participants)))
            )
        return None


def target_source_html(target: Target) -> str:
    """The answer to "where does this number come from?"."""
    e = html.escape
    parts = [
        f"<h3>{e(target.indicator)} {e(target.value_text)} {e(target.unit)}</h3>",
        f"<p><b>{S.SOURCE_DOCUMENT}：</b>{e(target.document.citation)}</p>",
        f"<p><b>{S.SOURCE_SECTION}：</b>{e(target.source)}</p>",
        f"<p><b>{S.SOURCE_QUOTE}：</b>“{e(target.quote)}”</p>",
    ]
    if target.base_year:
        parts.append(f"<p><b>{S.SOURCE_BASE_YEAR}：</b>{target.base_year}年</p>")
    if target.departments:
        parts.append(f"<p><b>{S.SOURCE_DEPARTMENTS}：</b>{e('、'.join(target.departments))}</p>")
    if not target.judged:
        parts.append(f"<p style='color:#555'><b>{S.SOURCE_REFERENCE_ONLY}</b></p>")
    if target.draft:
        parts.append(f"<p style='color:#a33'><b>{S.SOURCE_DRAFT}</b></p>")
    for c in target.conflicts:
        parts.append(
            f"<p style='background:#fff2b3'><b>{S.SOURCE_CONFLICT}：</b>{e(c.value_text)}"
            f"（{e(c.source)}：“{e(c.quote)}”）。{S.SOURCE_VALIDATED_AGAINST} {e(target.value_text)}。</p>"
        )
    if target.note:
        parts.append(f"<p><b>{S.SOURCE_NOTE}：</b>{e(target.note)}</p>")
    return "".join(parts)


def task_source_html(task: Task) -> str:
    e = html.escape
    parts = [
        f"<h3>{e(task.number)}. {e(task.text)}</h3>",
        f"<p><b>{S.TASK_SOURCE}：</b>{e(task.document.citation)} {e(task.source)}</p>",
    ]
    if task.measures:
        parts.append(f"<p>{e(task.measures)}</p>")
    if task.participants:
        parts.append(
            f"<p><b>{S.SOURCE_DEPARTMENTS}：</b>{e('、'.join(task.lead + task.participants))}</p>"
        )
    if task.note:
        parts.append(f"<p><b>{S.SOURCE_NOTE}：</b>{e(task.note)}</p>")
    return "".join(parts)


class CatalogBrowser(QWidget):
    """City picker, targets table, tasks table and the source of the selected item."""

    def __init__(self, catalog: TargetCatalog, city: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.city_box = QComboBox()
        self.city_box.addItems(list(catalog.cities))
        self.draft_banner = QLabel()
        self.draft_banner.setStyleSheet("color:#a33; font-weight:bold")
        self.draft_banner.setWordWrap(True)
        self.targets_view = QTableView()
        self.tasks_view = QTableView()
        for view in (self.targets_view, self.tasks_view):
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setAlternatingRowColors(True)
            view.verticalHeader().setVisible(False)
        self.tasks_view.setWordWrap(True)
        self.source_view = QTextBrowser()

        top = QHBoxLayout()
        top.addWidget(QLabel(S.CITY_LABEL))
        top.addWidget(self.city_box)
        top.addWidget(self.draft_banner, 1)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(_titled(S.TARGETS_TITLE, self.targets_view, QLabel(S.CONFLICT_LEGEND)))
        left.addWidget(_titled(S.TASKS_TITLE, self.tasks_view))
        left.setSizes([360, 260])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(_titled(S.SOURCE_TITLE, self.source_view))
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 1)
        main.setSizes([900, 320])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(main, 1)

        self.city_box.currentTextChanged.connect(self.show_city)
        self.show_city(city or self.city_box.currentText())

    def show_city(self, city: str) -> None:
        if self.city_box.currentText() != city:
            self.city_box.setCurrentText(city)
            return  # currentTextChanged calls back
        targets = self.catalog.targets_for(city)
        self.target_model = TargetTableModel(targets)
        self.targets_view.setModel(self.target_model)
        self.task_model = TaskTableModel(self.catalog.tasks_for(city))
        self.tasks_view.setModel(self.task_model)
        drafts = any(t.draft for t in targets)
        self.draft_banner.setText(S.DRAFT_BANNER.format(city=city) if drafts else "")
        self.show_hint()
        self.targets_view.selectionModel().currentChanged.connect(self._target_selected)
        self.tasks_view.selectionModel().currentChanged.connect(self._task_selected)
        header = self.targets_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        task_header = self.tasks_view.horizontalHeader()
        task_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        task_header.setSectionResizeMode(
            TaskTableModel.COL_NUMBER, QHeaderView.ResizeMode.ResizeToContents
        )
        task_header.setSectionResizeMode(TaskTableModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        task_header.resizeSection(TaskTableModel.COL_LEAD, 200)
        task_header.resizeSection(TaskTableModel.COL_DEADLINE, 140)
        task_header.resizeSection(TaskTableModel.COL_ASSIGNEE, 150)

    def show_hint(self) -> None:
        """What the source pane is for, in grey, wrapped to the pane: as the pane's placeholder
        it was one line, cut at the pane's edge (…出自哪份文件、哪一条，)."""
        self.source_view.setHtml(f'<p style="color: gray">{html.escape(S.SOURCE_HINT)}</p>')

    def _target_selected(self, index: QModelIndex) -> None:
        target = self.target_model.target_at(index)
        if target is not None:
            self.source_view.setHtml(target_source_html(target))

    def _task_selected(self, index: QModelIndex) -> None:
        task = self.task_model.task_at(index)
        if task is not None:
            self.source_view.setHtml(task_source_html(task))


def _titled(title: str, widget: QWidget, footer: QWidget | None = None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(f"<b>{title}</b>")
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    if footer is not None:
        footer.setStyleSheet("color:#666")
        layout.addWidget(footer)
    return box
