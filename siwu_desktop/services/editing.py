"""One open return being edited, without Qt: its findings, derived values and judgements,
the cells an edit changed, and the writes (each through `ReturnService`, one committed
transaction each: that is the autosave).

The window wraps it in a thin QObject with an undo stack (ui.document); the model
knows nothing of Qt and tells its views through plain callbacks (napari: the widget
takes the model and subscribes). After each edit the return is judged again by core's
`validate` with a context built once per opened return (last year's return and this
year's other forms do not change while this one is edited), so an edit shows its
findings at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from msgspec import Struct

from siwu_desktop.core.derive import derive_all
from siwu_desktop.core.forms import Field, FormSpec
from siwu_desktop.core.returns import Entry, ReturnData
from siwu_desktop.core.terms import Overdue, Period, Severity
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import ReturnInfo, StorageError

if TYPE_CHECKING:  # judging loads when first needed: after the window's first paint (#6)
    from siwu_desktop.core.compliance import Judgement
    from siwu_desktop.core.validation import Finding, ValidationContext
    from siwu_desktop.services.carry import CarriedRow, Origin


class Change(Struct, frozen=True):
    """One cell: `row` is None for 表一/表二, a 0-based row index for 表三/表四.
    `old_origin`: where the old value was carried from (services.carry), which an undo
    brings back with the old text."""

    row: int | None
    field: str
    old: str
    new: str
    old_origin: Origin | None = None


Ref = tuple[int | None, str]  # a cell: (row or None, field id); field "" means the whole row

# The cells a refused write did not keep, named in the message: the window shows the database's
# value again, so without this what was typed would be gone from the screen (full disk, #guide).
UNSAVED = "以下内容没有保存，请记下，问题解决后重新填写：{cells}"
UNSAVED_CELL = "{where}“{text}”"
UNSAVED_MORE = "等共 {count} 项"
UNSAVED_ROW = "第{row}行·{label}"
UNSAVED_SHOWN_CELLS = 8
UNSAVED_SHOWN_CHARS = 40


class Event:
    """Plain callbacks: views `connect`, the model `emit`s (with the event's arguments)."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., object]] = []

    def connect(self, callback: Callable[..., object]) -> None:
        self._callbacks.append(callback)

    def emit(self, *args: object) -> None:
        for callback in list(self._callbacks):
            callback(*args)


class _Shown(NamedTuple):
    """What the views show besides the entries, kept to find what an edit changed."""

    at: dict[Ref, list[Finding]]
    values: dict[str, Decimal | None]
    judged: dict[str, list[Judgement]]
    row_values: list[dict[str, Decimal | None]]
    overdue: list[Overdue | None]


class ReturnEditing:
    """Events: `refreshed` after any change (cells and findings), `saved(str)` with the time,
    `failed(str)` with storage's Chinese message, `rows_changed` when 表四 gains or loses rows.

    After `refreshed`, `dirty` names the cells whose shown content may have changed
    (None: assume all of them), so views repaint only those after an edit."""

    def __init__(self, service: ReturnService, loaded: LoadedReturn, judge: bool = True) -> None:
        """With `judge=False` only the derived values are worked out: the findings wait
        for `judge_pending()` (or the first edit), so the window can paint first."""
        self.service = service
        self.loaded = loaded
        self.refreshed = Event()
        self.rows_changed = Event()
        self.saved = Event()
        self.failed = Event()
        self._context: ValidationContext | None = None
        # City mode shows the counties' returns as filed: nothing can be typed (issue #8).
        self.city_mode = service.profile().mode == "city"
        self.findings: list[Finding] = []
        self.values: dict[str, Decimal | None] = {}
        self.last_year: dict[str, Decimal | None] = {}
        self.judged: dict[str, list[Judgement]] = {}
        self.row_values: list[dict[str, Decimal | None]] = []
        self.overdue: list[Overdue | None] = []
        self._at: dict[Ref, list[Finding]] = {}
        self.dirty: set[Ref] | None = None
        self.pending = True  # not judged yet: no findings
        if judge:
            self.refresh(emit=False)
        elif self.form.id in ("t1", "t2"):
            self.values = derive_all(self.form, self.data.entered())

    @property
    def context(self) -> ValidationContext:
        """Last year's return and this year's other forms: read when first needed."""
        if self._context is None:
            from siwu_desktop.core.validation import values_of

            self._context = self.service.context(self.loaded)
            last = self._context.last_year.get(self.loaded.form.id)
            if last is not None and self.loaded.form.table is None:
                self.last_year = values_of(last, self._context)
        return self._context

    @context.setter
    def context(self, context: ValidationContext) -> None:
        self._context = context

    def judge_pending(self) -> None:
        """Judge a return opened with `judge=False`, unless an edit already did."""
        if self.pending:
            self.refresh()

    # --- what is shown --------------------------------------------------------------------

    @property
    def form(self) -> FormSpec:
        return self.loaded.form

    @property
    def data(self) -> ReturnData:
        return self.loaded.data

    @property
    def read_only(self) -> bool:
        """Locked (finalised), an earlier revision or city mode: nothing can be typed."""
        return (
            self.city_mode
            or self.loaded.locked
            or self.loaded.revision != self.loaded.info.revision
        )

    def column(self, field_id: str) -> Field:
        assert self.form.table is not None
        return self.form.table.column_index[field_id]

    def field(self, row: int | None, field_id: str) -> Field:
        return self.form.field(field_id) if row is None else self.column(field_id)

    def entry(self, row: int | None, field_id: str) -> Entry | None:
        if row is None:
            return self.data.values.get(field_id)
        if row >= len(self.data.rows):
            return None
        return self.data.rows[row].cells.get(field_id)

    def text(self, row: int | None, field_id: str) -> str:
        entry = self.entry(row, field_id)
        return entry.text if entry is not None else ""

    def findings_at(self, row: int | None, field_id: str) -> list[Finding]:
        return self._at.get((row, field_id), [])

    def severity_at(self, row: int | None, field_id: str) -> Severity | None:
        """Worst of the cell's findings; an explained warning counts as a notice."""
        found = self.findings_at(row, field_id)
        if not found:
            return None
        if any(f.severity is Severity.ERROR for f in found):
            return Severity.ERROR
        if any(self.needs_explanation(f) and not self.explained(f) for f in found):
            return Severity.WARNING
        return Severity.NOTICE

    def explained(self, finding: Finding) -> bool:
        from siwu_desktop.core.validation import explained

        return explained(finding, self.data.explanations)

    def needs_explanation(self, finding: Finding) -> bool:
        from siwu_desktop.core.validation import needs_explanation

        return needs_explanation(finding)

    def counts(self) -> dict[Severity, int]:
        out = dict.fromkeys(Severity, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    # --- judging ----------------------------------------------------------------------------

    def refresh(self, emit: bool = True, edited: Sequence[Ref] | None = None) -> None:
        """Judge the return again. With `edited` (the cells just written), work out which
        cells' shown content changed; without it every cell counts as changed."""
        from siwu_desktop.core.validation import judgements, ledger_rows, validate, values_of

        before = _Shown(self._at, self.values, self.judged, self.row_values, self.overdue)
        self.findings = validate(self.data, self.context)
        self.pending = False
        at: dict[Ref, list[Finding]] = defaultdict(list)
        table = self.form.table is not None
        for f in self.findings:
            row = (f.row - 1) if (table and f.row) else None
            at[(row, f.field)].append(f)
        self._at = dict(at)
        form = self.form
        if form.id in ("t1", "t2"):
            self.values = values_of(self.data, self.context)
            if form.id == "t1" and self.data.period == Period.YEAR:
                judged: dict[str, list[Judgement]] = defaultdict(list)
                for j in judgements(self.data, self.context, self.values):
                    judged[j.field].append(j)
                self.judged = judged
        elif form.id == "t4":
            self.row_values = ledger_rows(self.data, form, self.context.surcharge_bands)
        elif form.id == "t3":
            self.overdue = self._overdue()
        self.dirty = None if edited is None else self._changed(before, edited)
        if emit:
            self.refreshed.emit()

    def _changed(self, before: _Shown, edited: Sequence[Ref]) -> set[Ref]:
        """The edited cells, and every cell whose findings, derived value or judgement differ."""
        out: set[Ref] = set(edited)
        out.update(
            k for k in before.at.keys() | self._at.keys() if before.at.get(k) != self._at.get(k)
        )
        values, judged = before.values, before.judged
        out.update(
            (None, f)
            for f in values.keys() | self.values.keys()
            if values.get(f) != self.values.get(f)
        )
        out.update(
            (None, f)
            for f in judged.keys() | self.judged.keys()
            if judged.get(f) != self.judged.get(f)
        )
        pairs: tuple[tuple[Sequence[object], Sequence[object]], ...] = (
            (before.row_values, self.row_values),
            (before.overdue, self.overdue),
        )
        for old_rows, new_rows in pairs:
            for r in range(max(len(old_rows), len(new_rows))):
                if r >= len(old_rows) or r >= len(new_rows) or old_rows[r] != new_rows[r]:
                    out.add((r, ""))
        return out

    def _overdue(self) -> list[Overdue | None]:
        from siwu_desktop.core.validation import period_end, row_overdue

        assert self.form.table is not None
        report = self.context.reporting_date or period_end(self.data.year, self.data.period)
        return [
            row_overdue(spec.task, row.cells, report)
            for spec, row in zip(self.form.table.fixed_rows, self.data.rows, strict=False)
        ]

    # --- editing (the window's undo commands call these) ------------------------------------

    def _done(self, edited: Sequence[Ref] | None = None) -> None:
        self.refresh(edited=edited)
        self.saved.emit(dt.datetime.now().strftime("%H:%M:%S"))

    def change(self, row: int | None, field_id: str, text: str) -> Change | None:
        """The edit of one cell to `text` (None when it holds that already), keeping what
        an undo needs: the old text and, for a carried value, its origin."""
        old = self.text(row, field_id)
        if old == text:
            return None
        origin = self.loaded.origins.get(field_id) if row is None else None
        return Change(row, field_id, old, text, origin)

    def changes(self, cells: Sequence[tuple[Ref, str]]) -> list[Change]:
        """`change` for each cell, unchanged cells left out."""
        out = [self.change(row, field_id, text) for (row, field_id), text in cells]
        return [c for c in out if c is not None]

    def apply(self, changes: Sequence[Change], use_new: bool) -> bool:
        """Write the cells (new or old texts); False when storage refused (nothing changed).
        The old texts come back with their origins: undo restores the 取自… marker too."""
        cells = [(c.row, c.field, c.new if use_new else c.old) for c in changes]
        origins = {
            c.field: c.old_origin
            for c in changes
            if not use_new and c.row is None and c.old_origin is not None
        }
        try:
            self.service.enter_cells(self.loaded, cells, origins)
        except StorageError as exc:
            self._reload()
            self.failed.emit(
                f"{exc}\n{self.unsaved(cells)}" if any(t for *_, t in cells) else str(exc)
            )
            return False
        self._done([(c.row, c.field) for c in changes])
        return True

    def unsaved(self, cells: Sequence[tuple[int | None, str, str]]) -> str:
        """The non-empty texts of `cells`, each after its label (the first few, then a count)."""
        typed = [(row, field_id, text) for row, field_id, text in cells if text]
        shown = []
        for row, field_id, text in typed[:UNSAVED_SHOWN_CELLS]:
            label = self.field(row, field_id).label
            where = label if row is None else UNSAVED_ROW.format(row=row + 1, label=label)
            if len(text) > UNSAVED_SHOWN_CHARS:
                text = text[:UNSAVED_SHOWN_CHARS] + "…"
            shown.append(UNSAVED_CELL.format(where=where, text=text))
        more = UNSAVED_MORE.format(count=len(typed)) if len(typed) > len(shown) else ""
        return UNSAVED.format(cells="；".join(shown) + more)

    def insert_rows(
        self, at: int, rows: Sequence[dict[str, str]], carried: Sequence[CarriedRow | None] = ()
    ) -> bool:
        """New 表四 rows; `carried` as for `ReturnService.insert_ledger_rows`."""
        return self._structural(
            lambda: self.service.insert_ledger_rows(self.loaded, at, rows, carried)
        )

    def remove_rows(self, rows: Sequence[int]) -> bool:
        return self._structural(lambda: self.service.delete_ledger_rows(self.loaded, rows))

    def move_row(self, row: int, to: int) -> bool:
        return self._structural(lambda: self.service.move_ledger_row(self.loaded, row, to))

    def _structural(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except StorageError as exc:
            self._reload()
            self.failed.emit(str(exc))
            return False
        self.rows_changed.emit()
        self._done()
        return True

    def set_explanation(self, key: str, text: str) -> bool:
        try:
            self.service.set_explanation(self.loaded, key, text)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return False
        self._done()
        return True

    def _reload(self) -> None:
        """After a refused write the database is the truth: read the return again."""
        self.reload(self.loaded.info)

    def reload(self, info: ReturnInfo) -> None:
        """Read the shown revision again, with a new context: another operation (an import,
        a correction, another target pack) wrote to it or changed how it is judged."""
        self.loaded = self.service.load(info, self.loaded.revision)
        self._context = None
        self.rows_changed.emit()
        self.refresh()
