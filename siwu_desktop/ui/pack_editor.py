"""目标包 → 编辑分解指标…: the city bureau's allocation editor (issue #8).

A table of the city's counties × the quantity indicators the city has targets for,
one year at a time (or 每年), values in 万立方米 typed as the person likes (core's
parse_quantity: full-width digits, "1.2亿立方米" converted); a refused entry keeps its
text, turns red and says why. Below the counties, a 合计 row checks the sum against the
city's target (core.target_pack.check_allocations) and a 市级目标 row shows it.

The model (`AllocationModel`) wraps a Qt-free `services.pack_draft.PackDraft`; the draft
is kept as `pack_draft.json` in the data directory (保存草稿) and restored when the
editor opens. 导出目标包… checks the pack (make_pack), refuses an over-allocation with
the violations listed unless the user confirms 仍要签发 (then allow_over=True, and the
override is written to the audit log), stores the pack in the city's database (so the
city judges the returns by it) and writes the .siwupack file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core import units
from siwu_desktop.core.target_pack import EXTENSION, PackError, check_allocations, make_pack
from siwu_desktop.core.terms import Bound
from siwu_desktop.services import pack_draft as pd
from siwu_desktop.services.changes import NONE
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.ui import strings as S

Index = QModelIndex | QPersistentModelIndex
REFUSED_BRUSH = QBrush(QColor("#fde2e1"))
OVER_BRUSH = QBrush(QColor("#f8d7da"))
OK_BRUSH = QBrush(QColor("#e3f4e8"))
TOTAL_BRUSH = QBrush(QColor("#f1f3f5"))
RED = QColor("#b3261e")
GREEN = QColor("#1e7b34")
GREY = QColor("#9aa0a6")
BOUND_SIGN = {Bound.MAX: "≤", Bound.MIN: "≥"}


class AllocationModel(QAbstractTableModel):
    """Rows: the counties, then 合计 and 市级目标; columns: the quantity indicators."""

    def __init__(
        self,
        draft: pd.PackDraft,
        counties: list[str],
        columns: list[pd.Column],
        catalog: Any,
        city: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self.counties = counties
        self.columns = columns
        self.catalog = catalog
        self.city = city
        self.year: int | None = None
        self._violations: dict[str, list[str]] = {}
        self._recheck()

    # --- shape ------------------------------------------------------------------------------

    @property
    def total_row(self) -> int:
        return len(self.counties)

    @property
    def target_row(self) -> int:
        return len(self.counties) + 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.counties) + 2

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def index_of(self, county: str, field_id: str) -> QModelIndex:
        row = self.total_row if county == S.EDITOR_TOTAL else self.counties.index(county)
        col = next(i for i, c in enumerate(self.columns) if c.field_id == field_id)
        return self.index(row, col)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return f"{self.columns[section].label}\n（{units.WAN_M3}）"
        if section < len(self.counties):
            return self.counties[section]
        return S.EDITOR_TOTAL if section == self.total_row else S.EDITOR_CITY_TARGET

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self.counties):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # --- what is shown --------------------------------------------------------------------

    def set_year(self, year: int | None) -> None:
        self.beginResetModel()
        self.year = year
        self._recheck()
        self.endResetModel()

    def reset(self, draft: pd.PackDraft) -> None:
        self.beginResetModel()
        self.draft = draft
        self._recheck()
        self.endResetModel()

    def violations(self) -> list[str]:
        return [v for c in self.columns for v in self._violations.get(c.field_id, [])]

    def over(self, field_id: str) -> bool:
        return bool(self._violations.get(field_id))

    def _recheck(self, only: str | None = None) -> None:
        for c in self.columns:
            if only is None or c.field_id == only:
                self._violations[c.field_id] = self.draft.column_violations(
                    self.catalog, self.city, self.columns, c.field_id, self.year
                )

    def total_text(self, column: pd.Column) -> str:
        total = self.draft.total(self.year, self.counties, column.field_id)
        if total is None:
            return ""
        shown = units.plain(total)
        if not self._violations.get(column.field_id):
            return S.EDITOR_OK.format(total=shown) if column.caps(self.year) else shown
        caps = column.caps(self.year)
        short = caps and all(t.bound == Bound.MIN for t in caps)
        return (S.EDITOR_SHORT if short else S.EDITOR_OVER).format(total=shown)

    def target_text(self, column: pd.Column) -> str:
        parts = []
        for t in column.caps(self.year):
            value = units.plain(units.convert(t.value, t.unit, units.WAN_M3))
            when = "" if t.year is not None or self.year is None else f"（{S.EDITOR_EVERY_YEAR}）"
            parts.append(f"{BOUND_SIGN.get(t.bound, '')} {value}{when}")
        return "；".join(parts) or S.EDITOR_NO_TARGET

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), self.columns[index.column()]
        fid = column.field_id
        if row == self.total_row:
            return self._total_data(column, role)
        if row == self.target_row:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.target_text(column)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(t.citation for t in column.caps(self.year)) or None
            if role == Qt.ItemDataRole.BackgroundRole:
                return TOTAL_BRUSH
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        county = self.counties[row]
        text = self.draft.text(self.year, county, fid)
        parsed = self.draft.parsed(self.year, county, fid)
        refused = isinstance(parsed, str)
        fallback = None
        if not text and self.year is not None:
            fallback = self.draft.effective(self.year, county, fid)
        if role == Qt.ItemDataRole.DisplayRole:
            if fallback is not None:
                return units.plain(fallback)
            return text
        if role == Qt.ItemDataRole.EditRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if refused:
                return S.EDITOR_REFUSED.format(reason=parsed)
            if fallback is not None:
                return S.EDITOR_FALLBACK
            return None
        if role == Qt.ItemDataRole.BackgroundRole and refused:
            return REFUSED_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole:
            if refused:
                return QBrush(RED)
            if fallback is not None:
                return QBrush(GREY)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _total_data(self, column: pd.Column, role: int) -> Any:
        over = self.over(column.field_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.total_text(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(self._violations.get(column.field_id, [])) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if over:
                return OVER_BRUSH
            has_total = self.draft.total(self.year, self.counties, column.field_id) is not None
            return OK_BRUSH if has_total and column.caps(self.year) else TOTAL_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(RED if over else GREEN)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.row() >= len(self.counties):
            return False
        column = self.columns[index.column()]
        county = self.counties[index.row()]
        self.draft.set_text(self.year, county, column.field_id, str(value or ""))
        self._recheck(column.field_id)
        col = index.column()
        self.dataChanged.emit(self.index(0, col), self.index(self.target_row, col))
        return True


class PackEditor(QDialog):
    """The allocation editor; `confirm_over` asks before issuing beyond the city's cap."""

    def __init__(self, service: ReturnService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.catalog = service.catalog
        city = self.catalog.city(service.city())
        self.city = city.name
        self.root = service.data_dir()
        self.changes = NONE  # what the packs issued from this editor changed (for the window)
        self.counties = [c.name for c in self.catalog.counties_for(city.name)]
        self.columns = pd.columns_for(self.catalog, city.name)
        self.setWindowTitle(f"{S.EDITOR_TITLE} — {city.name}")
        self.resize(1280, 820)
        draft = pd.load_draft(self.root)
        restored = draft is not None
        if draft is None:
            draft = pd.PackDraft(city.water_bureau)
        self.model = AllocationModel(draft, self.counties, self.columns, self.catalog, city.name)
        self._build()
        self._show_draft()
        years = pd.years_for(self.columns)
        self.year_box.setCurrentIndex(1 if len(years) > 1 else 0)
        self.model.dataChanged.connect(self._update_violations)
        self.model.modelReset.connect(self._update_violations)
        self._update_violations()
        if restored:
            self.say(S.EDITOR_DRAFT_LOADED.format(path=pd.draft_path(self.root)))

    @property
    def draft(self) -> pd.PackDraft:
        return self.model.draft

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.issuer = QLineEdit()
        self.version = QLineEdit()
        self.version.setPlaceholderText("2026.1")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.year_box = QComboBox()
        for year in pd.years_for(self.columns):
            self.year_box.addItem(S.EDITOR_EVERY_YEAR if year is None else f"{year}年", year)
        self.year_box.currentIndexChanged.connect(
            lambda _i: self.model.set_year(self.year_box.currentData())
        )
        head = QHBoxLayout()
        for label, widget, stretch in (
            (S.EDITOR_ISSUER, self.issuer, 2),
            (S.EDITOR_VERSION, self.version, 1),
            (S.EDITOR_DATE, self.date, 0),
            (S.EDITOR_YEAR, self.year_box, 0),
        ):
            head.addWidget(QLabel(label))
            head.addWidget(widget, stretch)
        self.view = QTableView()
        self.view.setModel(self.model)
        T = QTableView.EditTrigger
        self.view.setEditTriggers(
            T.DoubleClicked | T.EditKeyPressed | T.AnyKeyPressed | T.SelectedClicked
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumHeight(44)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(24, self.fontMetrics().height() + 8))
        # every county, 合计 and 市级目标 in view without scrolling
        self.view.setMinimumHeight(
            header.minimumHeight() + rows.defaultSectionSize() * (len(self.counties) + 2) + 4
        )
        self.violations = QLabel()
        self.violations.setWordWrap(True)
        unit_note = QLabel(S.EDITOR_UNIT_NOTE)
        unit_note.setStyleSheet("color:#6b7280")
        allocations = QGroupBox(S.EDITOR_ALLOCATIONS)
        al = QVBoxLayout(allocations)
        al.addWidget(unit_note)
        al.addWidget(self.view, 1)
        al.addWidget(self.violations)

        self.bands = QTableWidget(0, 3)
        self.bands.setHorizontalHeaderLabels(list(S.EDITOR_BAND_HEAD))
        self.bands.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.bands.setToolTip(S.EDITOR_BAND_NOTE)
        self.bands.verticalHeader().setVisible(False)
        add_band, remove_band = QPushButton(S.EDITOR_ADD_BAND), QPushButton(S.EDITOR_REMOVE_BAND)
        add_band.clicked.connect(lambda: self._add_band(pd.BandRow("", "", "")))
        remove_band.clicked.connect(lambda: _remove_current(self.bands))
        bands_box = QGroupBox(S.EDITOR_BANDS)
        bl = QVBoxLayout(bands_box)
        bl.addWidget(self.bands)
        bl.addLayout(_row(add_band, remove_band))

        self.tasks = QTableWidget(0, 3)
        self.tasks.setHorizontalHeaderLabels(list(S.EDITOR_TASK_HEAD))
        th = self.tasks.horizontalHeader()
        th.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        th.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        th.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        th.resizeSection(1, 130)
        th.resizeSection(2, 120)
        self.tasks.verticalHeader().setVisible(False)
        add_task, remove_task = QPushButton(S.EDITOR_ADD_TASK), QPushButton(S.EDITOR_REMOVE_TASK)
        add_task.clicked.connect(lambda: self.add_task(pd.TaskRow("", "")))
        remove_task.clicked.connect(lambda: _remove_current(self.tasks))
        tasks_box = QGroupBox(S.EDITOR_TASKS)
        tl = QVBoxLayout(tasks_box)
        tl.addWidget(self.tasks)
        tl.addLayout(_row(add_task, remove_task))
        lower = QHBoxLayout()
        for table in (self.bands, self.tasks):  # four rows in view
            table.verticalHeader().setDefaultSectionSize(rows.defaultSectionSize())
            table.setMinimumHeight(header.minimumHeight() + rows.defaultSectionSize() * 4)
        lower.addWidget(bands_box, 2)
        lower.addWidget(tasks_box, 3)

        self.load_button = QPushButton(S.EDITOR_LOAD)
        self.save_button = QPushButton(S.EDITOR_SAVE_DRAFT)
        self.export_button = QPushButton(S.EDITOR_EXPORT)
        self.close_button = QPushButton(S.EDITOR_CLOSE)
        self.load_button.clicked.connect(self.load_pack_in_force)
        self.save_button.clicked.connect(self.save_draft)
        self.export_button.clicked.connect(self.export_dialog)
        self.close_button.clicked.connect(self.close)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.status, 1)
        for b in (self.save_button, self.export_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(allocations, 1)
        layout.addLayout(lower, 0)
        layout.addLayout(buttons)

    def _add_band(self, band: pd.BandRow) -> None:
        row = self.bands.rowCount()
        self.bands.insertRow(row)
        for col, text in enumerate((band.above, band.up_to, band.multiplier)):
            self.bands.setItem(row, col, QTableWidgetItem(text))

    def add_task(self, task: pd.TaskRow) -> int:
        row = self.tasks.rowCount()
        self.tasks.insertRow(row)
        item = QTableWidgetItem(task.text)
        item.setData(Qt.ItemDataRole.UserRole, task.id)
        self.tasks.setItem(row, 0, item)
        due = QDateEdit()
        due.setCalendarPopup(True)
        due.setDisplayFormat("yyyy-MM-dd")
        if task.due_date:
            due.setDate(QDate.fromString(task.due_date, "yyyy-MM-dd"))
        else:
            due.setDate(QDate.currentDate().addMonths(6))
        self.tasks.setCellWidget(row, 1, due)
        who = QComboBox()
        who.addItems([S.EDITOR_ALL_COUNTIES, *self.counties])
        who.setCurrentText(task.assignee or S.EDITOR_ALL_COUNTIES)
        self.tasks.setCellWidget(row, 2, who)
        return row

    # --- draft <-> widgets ------------------------------------------------------------------

    def _show_draft(self) -> None:
        d = self.draft
        self.issuer.setText(d.issuer)
        self.version.setText(d.version)
        self.date.setDate(QDate.fromString(d.date, "yyyy-MM-dd"))
        self.bands.setRowCount(0)
        for band in d.bands:
            self._add_band(band)
        self.tasks.setRowCount(0)
        for task in d.tasks:
            self.add_task(task)

    def sync(self) -> pd.PackDraft:
        """Copy the fields, bands and tasks into the draft (the table writes through)."""
        d = self.draft
        d.issuer = self.issuer.text().strip()
        d.version = self.version.text().strip()
        d.date = self.date.date().toString("yyyy-MM-dd")
        d.bands = [
            pd.BandRow(*(_cell(self.bands, r, c) for c in range(3)))
            for r in range(self.bands.rowCount())
        ]
        tasks = []
        for r in range(self.tasks.rowCount()):
            item = self.tasks.item(r, 0)
            due = self.tasks.cellWidget(r, 1)
            who = self.tasks.cellWidget(r, 2)
            assert isinstance(due, QDateEdit) and isinstance(who, QComboBox)
            tasks.append(
                pd.TaskRow(
                    item.text() if item else "",
                    due.date().toString("yyyy-MM-dd"),
                    who.currentText(),
                    str(item.data(Qt.ItemDataRole.UserRole) or "") if item else "",
                )
            )
        d.tasks = tasks
        return d

    def say(self, text: str) -> None:
        self.status.setText(text)

    def _update_violations(self, *_args: Any) -> None:
        found = self.model.violations()
        if found:
            self.violations.setText(S.EDITOR_VIOLATIONS.format(text="\n".join(found)))
            self.violations.setStyleSheet("color:#b3261e")
        else:
            self.violations.setText(S.EDITOR_VIOLATIONS_NONE)
            self.violations.setStyleSheet("color:#1e7b34")

    # --- buttons --------------------------------------------------------------------------

    def save_draft(self) -> Path:
        path = pd.save_draft(self.sync(), self.root)
        self.say(S.EDITOR_DRAFT_SAVED.format(path=path))
        return path

    def load_pack_in_force(self) -> bool:
        pack = self.service.pack_in_force().pack
        if pack is None:
            self.say(S.EDITOR_NO_PACK)
            return False
        self.model.reset(pd.PackDraft.from_pack(pack, self.columns))
        self._show_draft()
        self.say(S.EDITOR_LOADED.format(label=pack.label))
        return True

    def problems(self) -> list[str]:
        """What must be corrected before a pack can be made (typed entries, bands, tasks)."""
        d = self.sync()
        labels = {c.field_id: c.label for c in self.columns}
        out = [
            S.EDITOR_ENTRY_ERROR.format(
                county=county,
                indicator=labels.get(fid, fid),
                year=S.EDITOR_EVERY_YEAR if year is None else f"{year}年",
                text=text,
                reason=reason,
            )
            for year, county, fid, text, reason in d.refusals()
        ]
        _, band_errors = d.surcharge_bands()
        for e in band_errors:
            out.append(S.EDITOR_BAND_ERROR.format(row=e.row, reason=e.reason))
        _, task_errors = d.extra_tasks(self.counties)
        for e in task_errors:
            out.append(S.EDITOR_TASK_ERROR.format(row=e.row, reason=e.reason))
        if not d.version:
            out.append(S.EDITOR_NEED_VERSION)
        return out

    def confirm_over(self, violations: list[str]) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(S.EDITOR_OVER_TITLE)
        box.setText(S.EDITOR_OVER_TEXT.format(text="\n".join(violations)))
        anyway = box.addButton(S.EDITOR_ISSUE_ANYWAY, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(S.BUTTON_CANCEL, QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is anyway

    def export_to(self, path: Path) -> Path | None:
        """Make, store and write the pack; None when refused (the reason is shown)."""
        problems = self.problems()
        if problems:
            self.say(S.EDITOR_ENTRY_ERRORS.format(text="\n".join(problems)))
            return None
        pack = self.draft.pack(self.catalog, self.city, self.columns)
        if path.suffix != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        allow_over = False
        try:
            make_pack(pack, self.catalog)
        except PackError as exc:
            over = check_allocations(pack, self.catalog)
            if not over or not self.confirm_over(over):
                self.say(S.EDITOR_EXPORT_REFUSED.format(reason=exc))
                return None
            allow_over = True
        try:
            issued = self.service.issue_pack(pack, path, allow_over=allow_over)
        except PackError as exc:
            self.say(S.EDITOR_EXPORT_REFUSED.format(reason=exc))
            return None
        over = issued.over
        self.changes |= issued.changes
        pd.save_draft(self.draft, self.root)
        text = S.EDITOR_EXPORTED.format(
            path=path,
            label=pack.label,
            count=len(pack.allocations),
            tasks=len(pack.extra_tasks),
        )
        self.say(text + (S.EDITOR_EXPORTED_OVER if over else ""))
        return path

    def export_dialog(self) -> None:
        name = f"{self.city}目标包{self.version.text().strip()}{EXTENSION}"
        path, _ = QFileDialog.getSaveFileName(self, S.EDITOR_EXPORT, name, S.EDITOR_EXPORT_FILTER)
        if path:
            self.export_to(Path(path))


def _row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    return layout


def _cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text().strip() if item else ""


def _remove_current(table: QTableWidget) -> None:
    row = table.currentRow()
    if row >= 0:
        table.removeRow(row)


__all__ = ["AllocationModel", "PackEditor"]
