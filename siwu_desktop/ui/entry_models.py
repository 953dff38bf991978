"""Table models of the four returns over one `ReturnDocument`.

A cell of a return is addressed as (row, field id): row None for 表一/表二, a 0-based
row for 表三/表四. The models only lay the return out; parsing, derived values,
findings and judgements all come from the document (that is, from core).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon

from siwu_desktop.core import units
from siwu_desktop.core.forms import (
    DERIVED,
    NONCONVENTIONAL_PARTS,
    NOT_JUDGED,
    NUMBER,
    SECTOR_GROUPS,
    SECTORS,
    Field,
    TaskGroup,
    catalog_cell,
    reference_commitment,
    reference_sources,
    t2_sources,
)
from siwu_desktop.core.terms import Severity, Verdict
from siwu_desktop.ui import icons
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.commands import EditCellsCommand
from siwu_desktop.ui.document import ReturnDocument

if TYPE_CHECKING:
    from siwu_desktop.core.catalog import Reference
    from siwu_desktop.core.compliance import Judgement
    from siwu_desktop.services.carry import Origin
    from siwu_desktop.services.editing import ReturnEditing

_Index = QModelIndex | QPersistentModelIndex
Ref = tuple[int | None, str]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles as plain numbers: a view asks the model for seven roles of every cell it
# paints, and each Qt.ItemDataRole.X read is two look-ups in PySide's enum types.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
HORIZONTAL, VERTICAL = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
# A cell's flags, combined once: a view asks flags() of every cell it paints, and each
# `|` of two ItemFlag members is several calls into Python's enum module (#13).
READ_ONLY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE_FLAGS = READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsEditable
#: The roles the models answer. A view asks for more (check state, size hint, …) for
#: every cell it paints; those get None before any lookup.
SERVED_ROLES = frozenset(
    {DISPLAY, EDIT, TOOLTIP, ALIGNMENT, BACKGROUND, FOREGROUND, FONT, DECORATION, int(SORT_ROLE)}
)

# Colours for the background and foreground roles: the delegate paints a QColor as it
# would a solid brush (making QBrush objects here would cost the start its QGradient
# enums, issue #6).
DERIVED_BG = QColor("#eef0f3")
SECTION_BG = QColor("#dde7f3")
SUBTOTAL_BG = QColor("#e6e9ee")
SEVERITY_BG = {
    Severity.ERROR: QColor("#fbd9d7"),
    Severity.WARNING: QColor("#fff0c7"),
    Severity.NOTICE: QColor("#e3f0fb"),
}
MET_COLOR, UNMET_COLOR, MUTED_COLOR = QColor("#1e7b34"), QColor("#b3261e"), QColor("#6b7280")
CARRIED_COLOR = QColor("#1d4ed8")  # a value carried from an earlier return, not yet changed
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)


#: A finding's icon (in its cell, the findings list and the legends): the style's message-box
#: icons, as files (ui.icons).
SEVERITY_ICONS = {
    Severity.ERROR: "critical",
    Severity.WARNING: "warning",
    Severity.NOTICE: "information",
}


def severity_icon(severity: Severity) -> QIcon:
    return icons.icon(SEVERITY_ICONS[severity])


def number_text(value: Decimal | None, field: Field) -> str:
    return "" if value is None else units.fixed(value, field.precision)


class CellModel(QAbstractTableModel):
    """What all four return tables share: editing through undo commands, cell decoration."""

    def __init__(self, doc: ReturnDocument) -> None:
        super().__init__()
        self.doc = doc
        self._icons = {s: severity_icon(s) for s in Severity}
        doc.refreshed.connect(self._refreshed)
        doc.rows_changed.connect(self._rows_changed)

    # --- layout, supplied by each return ----------------------------------------------------

    def ref(self, index: _Index) -> Ref | None:
        raise NotImplementedError

    def index_of(self, row: int | None, field_id: str) -> QModelIndex:
        raise NotImplementedError

    def extra(self, index: _Index, role: int) -> object:
        return None

    def derived_value(self, row: int | None, field_id: str) -> str:
        return ""

    # --- Qt ---------------------------------------------------------------------------------

    def dirty_rows(self, dirty: set[Ref]) -> set[int] | None:
        """Model rows holding these cells (None: all rows); the whole row is repainted."""
        return None

    def dirty_indexes(self, dirty: set[Ref]) -> list[QModelIndex] | None:
        """Single cells to repaint, for models that map cells to cells (None: use rows)."""
        return None

    def _refreshed(self) -> None:
        """Tell the views which cells changed: only those are asked for data and repainted."""
        rows, columns = self.rowCount(), self.columnCount()
        if not rows or not columns:
            return
        dirty = self.doc.dirty
        if dirty is not None:
            cells = self.dirty_indexes(dirty)
            if cells is not None:
                for index in cells:
                    self.dataChanged.emit(index, index)
                return
            changed = self.dirty_rows(dirty)
            if changed is not None:
                for first, last in _runs(sorted(r for r in changed if 0 <= r < rows)):
                    self.dataChanged.emit(self.index(first, 0), self.index(last, columns - 1))
                return
        self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))

    def _rows_changed(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def editable(self, index: _Index) -> bool:
        ref = self.ref(index)
        if ref is None or self.doc.read_only:
            return False
        return self.doc.field(*ref).kind != DERIVED

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return EDITABLE_FLAGS if self.editable(index) else READ_ONLY_FLAGS

    def data(self, index: _Index, role: int = DISPLAY) -> object:
        if role not in SERVED_ROLES or not index.isValid():
            return None
        ref = self.ref(index)
        if ref is None:
            return self.extra(index, role)
        return self.cell_data(ref, role)

    def multiData(self, index: _Index, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        """A cell's roles in one call: a delegate asks for seven roles of each cell it
        paints, one call from Qt instead of seven, the cell looked up once (start-up, #13)."""
        if not index.isValid():
            fill_roles(roles, lambda role: None)
            return
        ref = self.ref(index)
        if ref is None:
            fill_roles(roles, lambda role: self.extra(index, role))
        else:
            fill_roles(roles, lambda role: self.cell_data(ref, role))

    def shown(self, row: int, column: int) -> tuple[str, bool]:
        """A cell's text and whether it shows an icon, asked from Python (the column widths
        measure every row: no call from Qt into Python for each, as index.data() makes)."""
        index = self.createIndex(row, column)
        return str(self.data(index, DISPLAY) or ""), self.data(index, DECORATION) is not None

    def cell_data(self, ref: Ref, role: int) -> object:
        row, field_id = ref
        doc = self.doc
        spec = doc.field(row, field_id)
        derived = spec.kind == DERIVED
        if role in (DISPLAY, EDIT):
            if derived and role == DISPLAY:
                return self.derived_value(row, field_id)
            return doc.text(row, field_id)
        if role == SORT_ROLE:
            entry = doc.entry(row, field_id)
            value = entry.value if entry is not None else None
            if derived and spec.value_type == NUMBER:
                text = self.derived_value(row, field_id)
                return float(text) if text else float("-inf")
            if spec.value_type == NUMBER:
                return float(value) if value is not None else float("-inf")
            return self.cell_data(ref, DISPLAY) or ""
        if role == ALIGNMENT:
            return RIGHT if spec.value_type == NUMBER else LEFT
        if role == BACKGROUND:
            severity = doc.severity_at(row, field_id)
            if severity is not None and severity is not Severity.NOTICE:
                return SEVERITY_BG[severity]
            return DERIVED_BG if derived else None
        if role == DECORATION:
            severity = doc.severity_at(row, field_id)
            return self._icons[severity] if severity is not None else None
        if role == FOREGROUND:
            entry = doc.entry(row, field_id)
            if entry is not None and entry.refusal:
                return UNMET_COLOR
            if doc.loaded.origin_of(row, field_id) is not None:
                return CARRIED_COLOR
            return MUTED_COLOR if derived and spec.value_type == NUMBER else None
        if role == TOOLTIP:
            return self.tooltip(row, spec)
        return None

    def tooltip(self, row: int | None, spec: Field) -> str:
        doc = self.doc
        lines = [
            f"{spec.label}" + (f"（{spec.unit}）" if spec.unit and spec.unit != "文本" else "")
        ]
        if spec.help:
            lines.append(spec.help)
        if spec.kind == DERIVED and spec.inputs:
            names = "、".join(doc.field(row, i).label for i in spec.inputs if self._known(row, i))
            lines.append(S.DERIVED_TIP.format(inputs=names or "其他栏目"))
        entry = doc.entry(row, spec.id)
        if entry is not None and not entry.blank:
            lines.append(f"{S.COL_PARSED}：{parsed_text(entry, spec)}")
        origin = doc.loaded.origin_of(row, spec.id)
        if origin is not None:
            lines.append(S.CARRIED_TIP.format(origin=origin.text()))
        lines += [f"【{f.severity.label}】{f.message}" for f in doc.findings_at(row, spec.id)]
        return "\n".join(lines)

    def _known(self, row: int | None, field_id: str) -> bool:
        if row is None:
            return field_id in self.doc.form.index
        return field_id in self.doc.form.table.column_index  # type: ignore[union-attr]

    def setData(self, index: _Index, value: object, role: int = EDIT) -> bool:
        if role != EDIT or not self.editable(index):
            return False
        ref = self.ref(index)
        assert ref is not None
        return self.edit([(ref, str(value))], S.COL_VALUE)

    def edit(self, cells: list[tuple[Ref, str]], label: str) -> bool:
        """Push one undoable command for these cells (unchanged cells are left out)."""
        changes = self.doc.changes(cells)
        if not changes:
            return False
        self.doc.undo_stack.push(EditCellsCommand(self.doc, changes, label))
        return True


def fill_roles(
    roles: QModelRoleDataSpan | QModelRoleData, value_of: Callable[[int], object]
) -> None:
    """Each role of `roles` set to `value_of(role)`, cleared where that is None or the
    role is not one the models answer."""
    # PySide's span has len() and [i], which its stubs do not declare; by index, since
    # iterating it stops only at an IndexError
    items = (
        [roles] if isinstance(roles, QModelRoleData) else cast("Sequence[QModelRoleData]", roles)
    )
    for i in range(len(items)):
        item = items[i]
        role = item.role()
        value = value_of(role) if role in SERVED_ROLES else None
        if value is None:
            item.clearData()
        else:
            item.setData(value)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def parsed_text(entry, spec: Field) -> str:  # type: ignore[no-untyped-def]
    """What the app understood of a typed entry, for the 识别为 column and tooltips."""
    if entry.refusal:
        return f"{S.REFUSED_SHOWN}：{entry.refusal}"
    if entry.not_applicable:
        return S.NOT_APPLICABLE_SHOWN
    if entry.value is not None:
        shown = units.plain(entry.value) + units.shown_unit(spec.unit)
        return S.PARSED_CONVERTED.format(value=shown, note=entry.note) if entry.note else shown
    if entry.date is not None:
        return entry.date.isoformat()
    return entry.text


# --- 表一 -------------------------------------------------------------------------------------


def section_data(text: str, column: int, role: int) -> object:
    """A heading row spanning the table (表一's sections, 表三's documents): bold, shaded."""
    if role == DISPLAY and column == 0:
        return text
    if role == BACKGROUND:
        return SECTION_BG
    if role == FONT:
        font = QFont()
        font.setBold(True)
        return font
    return None


def field_name(spec: Field) -> str:
    """表一's 栏目: the name, and under it the help that says what to enter; a 参考事项's
    help is the quote its 目标 and 目标来源 cells show, so it stays in the tooltip."""
    return "\n".join(filter(None, (spec.label, "" if spec.references else spec.help)))


#: 表一's columns (IndicatorModel.COL_*)
T1_FIELD, T1_UNIT, T1_VALUE, T1_PARSED, T1_TARGET, T1_LAST, T1_JUDGED, T1_SOURCE = range(8)
#: a 参考事项 row (#18 item 5): the commitment, 不作判定（仅供参考）, its sources
T1_REFERENCE: dict[int, Callable[[tuple[Reference, ...]], str]] = {
    T1_TARGET: reference_commitment,
    T1_JUDGED: lambda refs: NOT_JUDGED,
    T1_SOURCE: reference_sources,
}


class IndicatorModel(CellModel):
    """表一: one row per field, in the workbook's sections; target, last year and source beside."""

    COL_FIELD, COL_UNIT, COL_VALUE, COL_PARSED = T1_FIELD, T1_UNIT, T1_VALUE, T1_PARSED
    COL_TARGET, COL_LAST_YEAR, COL_JUDGEMENT, COL_SOURCE = T1_TARGET, T1_LAST, T1_JUDGED, T1_SOURCE
    HEADERS = (
        S.COL_FIELD,
        S.COL_FIELD_UNIT,
        S.COL_VALUE,
        S.COL_PARSED,
        S.COL_TARGET,
        S.COL_LAST_YEAR,
        S.COL_JUDGEMENT,
        S.COL_SOURCE,
    )

    def __init__(self, doc: ReturnDocument) -> None:
        super().__init__(doc)
        self.rows: list[Field | str] = []
        section = None
        for f in doc.form.fields:
            if f.section != section:
                section = f.section
                self.rows.append(section)
            self.rows.append(f)
        self._row_of = {f.id: r for r, f in enumerate(self.rows) if isinstance(f, Field)}
        self.cells = IndicatorCells(doc.editing, self.rows)

    def section_rows(self) -> list[int]:
        return [r for r, f in enumerate(self.rows) if isinstance(f, str)]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.HEADERS[section]
        return None

    def ref(self, index: _Index) -> Ref | None:
        item = self.rows[index.row()]
        if isinstance(item, Field) and index.column() == self.COL_VALUE:
            return (None, item.id)
        return None

    def index_of(self, row: int | None, field_id: str) -> QModelIndex:
        r = self._row_of.get(field_id)
        return self.index(r, self.COL_VALUE) if r is not None else QModelIndex()

    def dirty_rows(self, dirty: set[Ref]) -> set[int] | None:
        return {self._row_of[f] for _, f in dirty if f in self._row_of}

    def derived_value(self, row: int | None, field_id: str) -> str:
        return number_text(self.doc.values.get(field_id), self.doc.form.field(field_id))

    def judgement(self, field_id: str) -> Judgement | None:
        return self.cells.judgement(field_id)

    def multiData(self, index: _Index, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        """A cell outside 本年填报: its row and judgement looked up once for all roles."""
        column = index.column()
        if column == T1_VALUE or not index.isValid():
            super().multiData(index, roles)
            return
        cells = self.cells
        item = cells.rows[index.row()]
        j = cells.judgement_in(item, column)
        fill_roles(roles, lambda role: cells.value(item, column, role, j))

    def extra(self, index: _Index, role: int) -> object:
        cells = self.cells
        item, column = cells.rows[index.row()], index.column()
        return cells.value(item, column, role, cells.judgement_in(item, column))


class IndicatorCells:
    """表一's cells outside 本年填报, from the editing model. A plain object, not the Qt
    model: every attribute read on a QObject goes through PySide's look-up first, and a
    paint reads these for seven roles of every cell (start-up, issue #13)."""

    def __init__(self, editing: ReturnEditing, rows: list[Field | str]) -> None:
        self.editing = editing
        self.rows = rows

    def judgement(self, field_id: str) -> Judgement | None:
        found = self.editing.judged.get(field_id, [])
        return next((j for j in found if j.unmet), found[0] if found else None)

    def judgement_in(self, item: Field | str, column: int) -> Judgement | None:
        """The judgement a 目标/完成情况/目标来源 cell shows (the other columns show none)."""
        if isinstance(item, str) or not item.indicator:
            return None
        if column in (T1_TARGET, T1_JUDGED, T1_SOURCE):
            return self.judgement(item.id)
        return None

    def value(self, item: Field | str, column: int, role: int, j: Judgement | None) -> object:
        if isinstance(item, str):
            return section_data(item, column, role)
        spec = item
        if spec.references and role == DISPLAY and column in T1_REFERENCE:
            return T1_REFERENCE[column](spec.references)
        if role == DISPLAY:
            if column == T1_FIELD:  # the help under the name, whole (the row grows)
                return field_name(spec)
            if column == T1_UNIT:
                return spec.unit
            if column == T1_PARSED:
                entry = self.editing.data.values.get(spec.id)
                if spec.kind == DERIVED:
                    return "自动计算"
                origin = self.editing.loaded.origins.get(spec.id)
                if origin is not None:  # the carried figure is the value typed: the mark only
                    return S.CARRIED_FROM.format(year=origin.year)
                return parsed_text(entry, spec) if entry is not None and not entry.blank else ""
            if column == T1_TARGET:
                return target_text(j)
            if column == T1_LAST:
                return number_text(self.editing.last_year.get(spec.id), spec)
            if column == T1_JUDGED:
                return j_status(j)
            if column == T1_SOURCE:
                return j.citation if j is not None else ""
        if role == TOOLTIP:
            if column == T1_PARSED:
                entry = self.editing.data.values.get(spec.id)
                origin = self.editing.loaded.origins.get(spec.id)
                tips = [parsed_text(entry, spec)] if entry is not None else []
                tips += [S.CARRIED_TIP.format(origin=origin.text())] if origin else []
                return "\n".join(tips) or None
            if column in (T1_TARGET, T1_JUDGED, T1_SOURCE) and j is not None:
                return judgement_tooltip(self.editing.judged.get(spec.id, []))
            if column == T1_FIELD:
                return "\n".join(filter(None, (spec.label, spec.help)))
        if role == ALIGNMENT and column in (
            T1_LAST,
            T1_PARSED,
        ):
            return RIGHT
        if role == FOREGROUND:
            if column == T1_JUDGED and j is not None:
                if j.unmet:
                    return UNMET_COLOR
                return MET_COLOR if j.status is Verdict.MET else MUTED_COLOR
            if column == T1_PARSED:
                entry = self.editing.data.values.get(spec.id)
                if entry is not None and entry.refusal:
                    return UNMET_COLOR
                return CARRIED_COLOR if spec.id in self.editing.loaded.origins else MUTED_COLOR
            if column in (T1_UNIT, T1_SOURCE, T1_LAST):
                return MUTED_COLOR
        if role == FONT and column == T1_JUDGED and j and j.unmet:
            font = QFont()
            font.setBold(True)
            return font
        return None


def target_text(j: Judgement | None) -> str:
    if j is None:
        return ""
    if j.target_text:
        bound = j.bound.label if j.bound is not None else ""
        unit = units.shown_unit(j.target_unit).strip()
        base = f"（较{j.base_year}年）" if j.base_year else ""
        return f"{bound} {j.target_text}{unit}{base}"
    if j.reference:
        return j.reference.split("（")[0]
    return ""


def j_status(j: Judgement | None) -> str:
    return "" if j is None else j.status.label


def judgement_tooltip(found: list[Judgement]) -> str:
    lines = []
    for j in found:
        from siwu_desktop.core.compliance import status_text

        lines.append(f"{status_text(j)}：{target_text(j)}　{j.attribute_label}")
        if j.citation:
            lines.append(S.FINDING_SOURCE.format(citation=j.citation))
        if j.reference:
            lines.append(j.reference)
        lines += list(j.notes)
    return "\n".join(lines)


# --- 表二 -------------------------------------------------------------------------------------


class StructureModel(CellModel):
    """表二: sectors (with 生活/农业 subtotals and the total) × water sources, as in the workbook."""

    COL_SECTOR = 0

    def __init__(self, doc: ReturnDocument) -> None:
        super().__init__(doc)
        catalog = doc.service.catalog
        conventional = t2_sources(catalog, doc.form.city)
        self.columns: list[tuple[str, str]] = [
            *conventional,
            *((p, label.replace("/", "/\n")) for p, label in NONCONVENTIONAL_PARTS),
            ("nonconventional", "非常规\n小计"),
            ("total", "合计"),
        ]
        groups = dict(SECTOR_GROUPS)
        self.rows: list[tuple[str, str, bool]] = []  # (id, label, subtotal)
        for i, (sector, label, group) in enumerate(SECTORS):
            self.rows.append((sector, label, False))
            following = SECTORS[i + 1][2] if i + 1 < len(SECTORS) else None
            if group and following != group:
                self.rows.append((group, f"{groups[group]}小计", True))
        self.rows.append(("total", "合计", True))
        index = doc.form.index
        self._cells: dict[tuple[int, int], str] = {}
        for r, (row_id, _, _) in enumerate(self.rows):
            for c, (column_id, _) in enumerate(self.columns, start=1):
                field_id = f"{row_id}_{column_id}"
                if row_id == "total" and column_id == "total":
                    field_id = "total_use"
                if field_id in index:
                    self._cells[(r, c)] = field_id
        self._where = {f: rc for rc, f in self._cells.items()}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if role == DISPLAY and orientation == HORIZONTAL:
            return S.COL_SECTOR if section == 0 else self.columns[section - 1][1]
        if role == TOOLTIP and orientation == HORIZONTAL:
            return S.T2_UNIT_NOTE
        return None

    def ref(self, index: _Index) -> Ref | None:
        field_id = self._cells.get((index.row(), index.column()))
        return (None, field_id) if field_id else None

    def index_of(self, row: int | None, field_id: str) -> QModelIndex:
        rc = self._where.get(field_id)
        return self.index(*rc) if rc else QModelIndex()

    def dirty_indexes(self, dirty: set[Ref]) -> list[QModelIndex] | None:
        return [self.index(*self._where[f]) for _, f in dirty if f in self._where]

    def derived_value(self, row: int | None, field_id: str) -> str:
        return number_text(self.doc.values.get(field_id), self.doc.form.field(field_id))

    def extra(self, index: _Index, role: int) -> object:
        _, label, subtotal = self.rows[index.row()]
        if index.column() == self.COL_SECTOR:
            if role == DISPLAY:
                return label
            if role == FONT and subtotal:
                font = QFont()
                font.setBold(True)
                return font
        if role == BACKGROUND and subtotal:
            return SUBTOTAL_BG
        return None

    def cell_data(self, ref: Ref, role: int) -> object:
        if role == FONT:
            rc = self._where.get(ref[1])
            if rc and self.rows[rc[0]][2]:
                font = QFont()
                font.setBold(True)
                return font
        return super().cell_data(ref, role)


# --- 表三 and 表四 -------------------------------------------------------------------------------


class RowsModel(CellModel):
    """A table of rows with the form's columns (表三 tasks, 表四 ledger)."""

    def __init__(self, doc: ReturnDocument) -> None:
        super().__init__(doc)
        assert doc.form.table is not None
        self.columns: tuple[Field, ...] = doc.form.table.columns
        self._column_of = {c.id: i for i, c in enumerate(self.columns)}

    def column_of(self, field_id: str) -> int:
        return self._column_of[field_id]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.doc.data.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation == HORIZONTAL:
            spec = self.columns[section]
            if role == DISPLAY:
                return header_label(spec)
            if role == TOOLTIP:
                return spec.label
        elif role == DISPLAY:
            return str(section + 1)
        return None

    def ref(self, index: _Index) -> Ref | None:
        return (index.row(), self.columns[index.column()].id)

    def index_of(self, row: int | None, field_id: str) -> QModelIndex:
        if row is None or field_id not in self._column_of:
            return QModelIndex()
        return self.index(row, self._column_of[field_id])

    def dirty_rows(self, dirty: set[Ref]) -> set[int] | None:
        return {r for r, _ in dirty if r is not None}  # row None: not shown in a cell


def header_label(spec: Field) -> str:
    """The column heading: long labels on two lines (the column stays narrow, nothing is
    clipped), then the unit of a number column."""
    label = S.HEADER_LINES.get(spec.label, spec.label)
    if spec.value_type == NUMBER and spec.unit not in ("", "文本"):
        return f"{label}\n（{spec.unit}）"
    return label


class TaskModel(RowsModel):
    """表三: the city's tasks (read-only) with the county's progress; overdue tasks marked.

    Tasks from several documents sit under a heading row naming each (#18): a view row
    is a task row (its data row) or a heading (`TaskGroup`, not editable, spanned)."""

    def __init__(self, doc: ReturnDocument) -> None:
        super().__init__(doc)
        table = doc.form.table
        assert table is not None
        headings = table.headings([r.key for r in table.fixed_rows])
        self.rows: list[int | TaskGroup] = []
        for data_row in range(len(doc.data.rows)):
            if data_row in headings:
                self.rows.append(headings[data_row])
            self.rows.append(data_row)
        self._view_row = {r: v for v, r in enumerate(self.rows) if isinstance(r, int)}

    def section_rows(self) -> list[int]:
        return [v for v, r in enumerate(self.rows) if not isinstance(r, int)]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation == VERTICAL and role == DISPLAY:
            item = self.rows[section]
            return str(item + 1) if isinstance(item, int) else ""
        return super().headerData(section, orientation, role)

    def ref(self, index: _Index) -> Ref | None:
        item = self.rows[index.row()]
        return (item, self.columns[index.column()].id) if isinstance(item, int) else None

    def index_of(self, row: int | None, field_id: str) -> QModelIndex:
        if row is None or row not in self._view_row:
            return QModelIndex()
        return super().index_of(self._view_row[row], field_id)

    def dirty_rows(self, dirty: set[Ref]) -> set[int] | None:
        return {self._view_row[r] for r, _ in dirty if r in self._view_row}

    def extra(self, index: _Index, role: int) -> object:
        group = self.rows[index.row()]
        assert isinstance(group, TaskGroup)
        if role == TOOLTIP:
            return S.TASK_GROUP_TIP.format(document=group.document.citation)
        return section_data(group.heading, index.column(), role)

    def derived_value(self, row: int | None, field_id: str) -> str:
        assert row is not None and self.doc.form.table is not None
        task = self.doc.form.table.fixed_rows[row].task
        if field_id != "overdue":
            return catalog_cell(task, field_id)
        if field_id == "overdue":
            flag = self.doc.overdue[row] if row < len(self.doc.overdue) else None
            return S.OVERDUE_MARK.format(flag=flag.label) if flag is not None else ""
        return ""

    def cell_data(self, ref: Ref, role: int) -> object:
        row, field_id = ref
        assert row is not None
        if (
            field_id == "overdue"
            and row < len(self.doc.overdue)
            and self.doc.overdue[row] is not None
        ):
            if role == FOREGROUND:
                return UNMET_COLOR
            if role == BACKGROUND:
                return SEVERITY_BG[Severity.ERROR]
        if role == TOOLTIP and field_id in ("task", "measures"):
            assert self.doc.form.table is not None
            task = self.doc.form.table.fixed_rows[row].task
            return "\n".join(filter(None, (task.text, task.measures, task.assignee)))
        if role == ALIGNMENT and field_id in ("number", "done_date"):
            return CENTER
        return super().cell_data(ref, role)


class LedgerModel(RowsModel):
    """表四: one row per planned water user; 超计划量, 超计划率 and 加价倍数 computed by core."""

    def derived_value(self, row: int | None, field_id: str) -> str:
        assert row is not None
        if field_id == "number":
            return str(row + 1)
        values = self.doc.row_values[row] if row < len(self.doc.row_values) else {}
        value = values.get(field_id)
        return number_text(value, self.columns[self.column_of(field_id)])

    def cell_data(self, ref: Ref, role: int) -> object:
        row, field_id = ref
        if role == ALIGNMENT and field_id in ("number", "surcharge"):
            return CENTER
        if field_id == "number" and row is not None:
            marked = self._number_mark(row, role)
            if marked is not None:
                return marked
        return super().cell_data(ref, role)

    def _number_mark(self, row: int, role: int) -> object:
        """A row still holding carried cells is numbered with the mark (↩ 3), its tooltip
        saying where from; the carried cells themselves are blue with the same tooltip."""
        if role not in (
            DISPLAY,
            TOOLTIP,
            FOREGROUND,
        ):
            return None
        origin = self.row_origin(row)
        if origin is None:
            return None
        if role == TOOLTIP:
            return S.CARRIED_TIP.format(origin=origin.text())
        if role == FOREGROUND:
            return CARRIED_COLOR
        return f"{S.CARRIED_MARK} {self.derived_value(row, 'number')}"

    def row_origin(self, row: int) -> Origin | None:
        """Where the row's carried cells came from, while any cell is still the carried one."""
        loaded = self.doc.loaded
        carried = loaded.carried_row(row)
        if carried is None:
            return None
        return next((o for c in carried.cells if (o := loaded.origin_of(row, c))), None)

    def carried_origin(self) -> Origin | None:
        """The ledger rows were carried from (the first row still holding carried cells)."""
        rows = range(len(self.doc.data.rows))
        return next((o for r in rows if (o := self.row_origin(r)) is not None), None)
