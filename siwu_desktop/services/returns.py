"""One return, end to end: stored text → core's parsed return → findings → locked revision.

The CLI and the window both work through `ReturnService`, so what is typed is
parsed once (by core), stored as typed (by storage), and judged by the same rules
wherever it is shown. Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

from siwu_desktop.core.catalog import TargetCatalog, Task
from siwu_desktop.core.forms import FORM_IDS, FormCache, FormSpec, resolve_form_id
from siwu_desktop.core.returns import (
    Entry,
    ReturnData,
    ReturnMetadata,
    Row,
    new_return,
    parse_entry,
)
from siwu_desktop.core.terms import ReturnStatus
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.storage import OutputRecord, Profile, Storage
from siwu_desktop.storage.returns import ReturnInfo, ReturnKey, RevisionInfo, TaskProgress

if TYPE_CHECKING:
    # Judging (core.validation, core.compliance) loads with the first judging: in the
    # window that is after its first paint (issue #6).
    from siwu_desktop.core.compliance import CountyAllocation
    from siwu_desktop.core.target_pack import TargetPack
    from siwu_desktop.core.validation import Finding, ValidationContext
    from siwu_desktop.services.carry import CarriedRow, Origin  # with the first carried value
    from siwu_desktop.services.keys import KeyImported, KeysView
    from siwu_desktop.services.packs import ImportResult, IssuedPack
    from siwu_desktop.services.stored_packs import PackInForce

# 表三 columns kept in storage's task-progress record
TASK_COLUMNS = ("status", "done_date", "evidence", "problems")


class FinaliseRefused(Exception):
    """The return still has errors or unexplained 约束性 misses; `reasons` says which."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("不能定稿：\n" + "\n".join(f"· {r}" for r in self.reasons))


class Checked(Struct, frozen=True):
    """A return judged by 校验: its findings, and whether that recorded it as 已校验."""

    findings: tuple[Finding, ...]
    errors: int
    changes: Changes


#: what 定稿 of an unchanged correction says (the CLI's `siwu finalize` and the window)
WITHDRAWN = (
    "第{new}版与第{old}版相比没有任何更改：已撤销更正，报表仍为第{old}版（已定稿），"
    "未产生新版本。如需改正，请重新办理更正、修改数据后再定稿。"
)


class Revised(Struct, frozen=True):
    """A revision finalised (locked) or opened for correction, and what that changed."""

    record: RevisionInfo
    changes: Changes
    #: 定稿 of a correction that changed nothing: withdrawn, `record` is revision n again
    withdrawn: bool = False

    @property
    def revision(self) -> int:
        return self.record.revision

    @property
    def digest(self) -> str | None:
        return self.record.digest

    @property
    def pack_version(self) -> str | None:
        return self.record.pack_version


class Recorded(Struct, frozen=True):
    """An export or print kept in the return's record."""

    record: OutputRecord
    changes: Changes


Cell = tuple[int | None, str, str]  # (row or None for 表一/表二, field or column id, text)


class LoadedReturn(Struct):
    """A return as core sees it, with what storage needs to write back to it."""

    info: ReturnInfo
    form: FormSpec
    data: ReturnData
    revision: int
    row_uids: list[str] = field(default_factory=list)  # 表四: storage uid of each row
    # fields carried from an earlier return and unchanged since (services.carry)
    origins: dict[str, Origin] = field(default_factory=dict)
    # 表四 rows carried from an earlier ledger, by row uid
    carried_rows: dict[str, CarriedRow] = field(default_factory=dict)

    @property
    def locked(self) -> bool:
        return self.info.locked and self.revision == self.info.revision

    def origin_of(self, row: int | None, field_id: str) -> Origin | None:
        """Where a cell's value was carried from, while it is still the carried one."""
        if row is None:
            return self.origins.get(field_id)
        if row >= len(self.row_uids):
            return None
        carried = self.carried_rows.get(self.row_uids[row])
        if carried is None:
            return None
        entry = self.data.rows[row].cells.get(field_id)
        return carried.origin_of(field_id, entry.text if entry is not None else "")

    def carried_row(self, row: int) -> CarriedRow | None:
        return self.carried_rows.get(self.row_uids[row]) if row < len(self.row_uids) else None


class ReturnService:
    def __init__(
        self,
        storage: Storage,
        catalog: TargetCatalog,
        allocations: Sequence[CountyAllocation] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.storage = storage
        self.catalog = catalog
        # None: the latest stored target pack of the profile's city applies (services.packs)
        self._allocations = allocations
        self.forms = FormCache(catalog)
        self.today = today
        self._pack: tuple[tuple[int, ...], PackInForce] | None = None
        self._by_version: tuple[tuple[int, ...], dict[str, tuple[Task, ...]]] | None = None

    def pack_in_force(self) -> PackInForce:
        """The stored pack validation applies, re-read when another pack has been imported."""
        # services.stored_packs (and core.target_pack) load when first needed: not before
        # the window's first paint (issue #6); services.packs only to make or import one
        from siwu_desktop.services.stored_packs import PackInForce, pack_in_force

        if self._allocations is not None:
            return PackInForce(None, tuple(self._allocations))
        stored = tuple(p.id for p in self.storage.packs.list_packs())
        if self._pack is None or self._pack[0] != stored:
            self._pack = (stored, pack_in_force(self.storage, self.catalog, self.city()))
        return self._pack[1]

    @property
    def allocations(self) -> Sequence[CountyAllocation]:
        return self.pack_in_force().allocations

    # --- identity ------------------------------------------------------------------------

    def profile(self) -> Profile:
        return self.storage.profile.require()

    def checkpoint(self) -> bool:
        """Write the write-ahead log into the database file (after an import, and when the
        window goes idle), so no committed work depends on the WAL file surviving."""
        return self.storage.checkpoint()

    def save_profile(self, profile: Profile) -> Changes:
        """The unit's details (names that sign, contact): a draft shows them at once."""
        self.storage.profile.save(profile)
        drafts = [r.id for r in self.all_returns() if not r.locked]
        return Changes.status(*drafts)

    def all_returns(self) -> list[ReturnInfo]:
        """Every return in this data directory (every county of the city in city mode)."""
        return self.storage.returns.list_returns()

    def county_returns(self, county: str) -> list[ReturnInfo]:
        """The returns of one county (the window's navigator lists them county by county)."""
        return self.storage.returns.list_returns(county=county)

    def output_records(self, return_id: int) -> list[OutputRecord]:
        """Every recorded print or export of one return, oldest first."""
        return self.storage.outputs.for_return(return_id)

    @property
    def warnings(self) -> list[str]:
        """What went wrong quietly while opening the data (e.g. the daily backup)."""
        return self.storage.warnings

    def city(self) -> str:
        return self.profile().city

    def form(self, form_id: str, year: int, county: str) -> FormSpec:
        # 表三 also lists the tasks of the target pack in force, after the catalog's
        tasks = self.pack_in_force().tasks if resolve_form_id(form_id) == "t3" else ()
        return self.forms.get(self.city(), form_id, year, county, tasks)

    def data_dir(self) -> Path:
        return self.storage.paths.root

    def prepare_writes(self) -> None:
        """Make the first write fast (the window calls it once it is idle after start)."""
        self.storage.session.prepare_writes()

    def info(self, return_id: int) -> ReturnInfo:
        """A return's current state as stored (status, revision, lock)."""
        return self.storage.returns.get(return_id)

    def open(self, county: str, form_id: str, year: int, period: str = "Y") -> ReturnInfo:
        return self.storage.returns.get_or_create(ReturnKey(county, form_id, year, period))

    # --- loading -------------------------------------------------------------------------

    def load(self, info: ReturnInfo, revision: int | None = None) -> LoadedReturn:
        revision = revision or info.revision
        if resolve_form_id(info.form) == "t3":
            tasks = self._revision_tasks(info, revision)
            form = self.forms.get(self.city(), info.form, info.year, info.county, tasks)
        else:
            form = self.form(info.form, info.year, info.county)
        data = new_return(form, info.county, info.year, info.period)
        repo = self.storage.returns
        signed = repo.revision(info.id, revision).status == ReturnStatus.FINALISED
        origins: dict[str, Origin] = {}
        for field_id, stored in repo.values(info.id, revision).items():
            if field_id in form.index:
                data.values[field_id] = parse_entry(form.field(field_id), stored.text, signed)
                if stored.origin:  # carried (services.carry loads with the first one)
                    from siwu_desktop.services.carry import Origin

                    origin = Origin.from_json(stored.origin)
                    if origin is not None:
                        origins[field_id] = origin
        data.explanations = dict(repo.explanations(info.id, revision))
        uids: list[str] = []
        carried_rows: dict[str, CarriedRow] = {}
        if form.id == "t3" and form.table is not None:
            progress = repo.task_progress(info.id, revision)
            for row in data.rows:
                saved = progress.get(row.key)
                if saved is not None:
                    row.cells = self._task_cells(form, saved)
        elif form.table is not None:
            columns = form.table.column_index
            for stored_row in repo.ledger_rows(info.id, revision):
                cells = {
                    c: parse_entry(columns[c], text, signed)
                    for c, text in stored_row.cells.items()
                    if c in columns and text != ""
                }
                data.rows.append(Row(cells=cells))
                uids.append(stored_row.row_uid)
                if stored_row.origin:  # a row carried from last year's ledger
                    from siwu_desktop.services.carry import CarriedRow

                    carried = CarriedRow.from_json(stored_row.origin)
                    if carried is not None:
                        carried_rows[stored_row.row_uid] = carried
        data.metadata = self._metadata(info, revision)
        return LoadedReturn(info, form, data, revision, uids, origins, carried_rows)

    def _revision_tasks(self, info: ReturnInfo, revision: int) -> tuple[Task, ...]:
        """The pack tasks a 表三 revision lists: a draft, the pack in force's; a finalised
        one, those of the pack it was finalised under (none if none was), so it still
        shows what was signed after a newer pack arrives (or came from a county)."""
        current = self.storage.returns.revision(info.id, revision)
        if current.status != ReturnStatus.FINALISED:
            return self.pack_in_force().tasks
        if current.pack_version is None:
            return ()
        return self.tasks_by_version().get(current.pack_version, self.pack_in_force().tasks)

    def tasks_by_version(self) -> dict[str, tuple[Task, ...]]:
        """The 表三 tasks of every stored target pack of the city, by pack version (read
        again when another pack has been stored, like `pack_in_force`)."""
        from siwu_desktop.services.stored_packs import tasks_by_version

        stored = tuple(p.id for p in self.storage.packs.list_packs())
        if self._by_version is None or self._by_version[0] != stored:
            self._by_version = (stored, tasks_by_version(self.storage, self.catalog, self.city()))
        return self._by_version[1]

    def _task_cells(self, form: FormSpec, saved: TaskProgress) -> dict[str, Entry]:
        assert form.table is not None
        columns = form.table.column_index
        return {
            c: parse_entry(columns[c], getattr(saved, c))
            for c in TASK_COLUMNS
            if getattr(saved, c) != ""
        }

    def signatures(self, loaded: LoadedReturn) -> ReturnMetadata:
        """The 填报单位 and names a revision carries: locked in when finalised, else the
        profile's current ones (what finalising would lock in)."""
        return self._metadata(loaded.info, loaded.revision)

    def _metadata(self, info: ReturnInfo, revision: int) -> ReturnMetadata:
        """Signatures: as locked in a finalised revision, else the profile's current ones."""
        current = self.storage.returns.revision(info.id, revision)
        if current.status == ReturnStatus.FINALISED:
            snapshot = self.storage.returns.snapshot(info.id, revision)
            return ReturnMetadata.from_wire(json.loads(snapshot.content_json).get("metadata", {}))
        profile = self.profile()
        return ReturnMetadata(
            unit=profile.unit_name,
            preparer=profile.preparer,
            reviewer=profile.reviewer,
            head=profile.head,
            phone=profile.phone,
        )

    # --- editing (every call is one committed transaction; each says what it changed) ---

    def enter_value(self, loaded: LoadedReturn, field_id: str, text: str) -> Changes:
        """Parse and store one cell as typed; a refused entry is kept as text, with no value."""
        entry = parse_entry(loaded.form.field(field_id), text)
        self.storage.returns.set_value(loaded.info.id, field_id, text, entry.value)
        self._forget_origins(loaded, {field_id: text})
        loaded.data.values[field_id] = entry
        return Changes.content(loaded.info.id)

    def enter_values(
        self,
        loaded: LoadedReturn,
        texts: dict[str, str],
        origins: Mapping[str, Origin] | None = None,
    ) -> Changes:
        """Many cells in one transaction (import, paste). `origins`: fields that get back
        the origin of a carried value with its text (the window's undo of an edit of it)."""
        entries = {f: parse_entry(loaded.form.field(f), t) for f, t in texts.items()}
        back = {f: o for f, o in (origins or {}).items() if f in texts}
        self.storage.returns.set_values(
            loaded.info.id,
            {f: (texts[f], e.value) for f, e in entries.items()},
            {f: o.to_json() for f, o in back.items()},
        )
        self._forget_origins(loaded, texts)
        loaded.origins.update(back)
        loaded.data.values.update(entries)
        return Changes.content(loaded.info.id)

    @staticmethod
    def _forget_origins(loaded: LoadedReturn, texts: dict[str, str]) -> None:
        """A carried value written anew is the clerk's (storage cleared its origin too)."""
        for field_id, text in texts.items():
            held = loaded.data.values.get(field_id)
            if held is None or held.text != text:
                loaded.origins.pop(field_id, None)

    def enter_cells(
        self,
        loaded: LoadedReturn,
        cells: Sequence[Cell],
        origins: Mapping[str, Origin] | None = None,
    ) -> Changes:
        """Cells of any form in one transaction, as the window's grid writes them (a typed
        cell, a paste, an undo): 表一/表二 values, 表三 progress, whole 表四 rows.
        `origins` as for `enter_values`."""
        with self.storage.session.write():
            singles = {f: text for row, f, text in cells if row is None}
            if singles:
                self.enter_values(loaded, singles, origins)
            rows: dict[int, dict[str, str]] = {}
            for row, f, text in cells:
                if row is not None:
                    rows.setdefault(row, {})[f] = text
            for row, texts in rows.items():
                if loaded.form.id == "t3":
                    for column, text in texts.items():
                        if column in TASK_COLUMNS:
                            self.enter_task(loaded, row, column, text)
                else:
                    self.put_ledger_row(loaded, row, self.ledger_texts(loaded, row) | texts)
        return Changes.content(loaded.info.id)

    def enter_task(self, loaded: LoadedReturn, row: int, column: str, text: str) -> Changes:
        assert loaded.form.table is not None and column in TASK_COLUMNS
        entry = parse_entry(loaded.form.table.column_index[column], text)
        task_row = loaded.data.rows[row]
        task_row.cells[column] = entry
        texts = {c: (e.text if (e := task_row.cells.get(c)) else "") for c in TASK_COLUMNS}
        self.storage.returns.set_task_progress(loaded.info.id, task_row.key, TaskProgress(**texts))
        return Changes.content(loaded.info.id)

    def put_ledger_row(self, loaded: LoadedReturn, row: int, texts: dict[str, str]) -> Changes:
        """Write a whole 表四 row (new when `row` is past the end)."""
        assert loaded.form.table is not None
        columns = loaded.form.table.column_index
        cells = {c: parse_entry(columns[c], t) for c, t in texts.items() if t != ""}
        texts = {c: cells[c].text if c in cells else t for c, t in texts.items()}  # as read
        if row >= len(loaded.data.rows):
            uid = self.storage.returns.put_ledger_row(loaded.info.id, texts, position=row)
            loaded.data.rows.append(Row(cells=cells))
            loaded.row_uids.append(uid)
        else:
            self.storage.returns.put_ledger_row(
                loaded.info.id, texts, row_uid=loaded.row_uids[row], position=row
            )
            loaded.data.rows[row].cells = cells
        return Changes.content(loaded.info.id)

    def ledger_texts(self, loaded: LoadedReturn, row: int) -> dict[str, str]:
        """A 表四 row as typed (what storage keeps and what undo restores)."""
        return {c: e.text for c, e in loaded.data.rows[row].cells.items() if e.text != ""}

    def insert_ledger_rows(
        self,
        loaded: LoadedReturn,
        at: int,
        rows: Sequence[dict[str, str]],
        carried: Sequence[CarriedRow | None] = (),
    ) -> Changes:
        """New 表四 rows before row `at` (rows after it move down), in one transaction.
        `carried`, beside `rows`: where a row was carried from (services.carry; an undo of
        the removal of a carried row)."""
        assert loaded.form.table is not None
        columns = loaded.form.table.column_index
        with self.storage.session.write():
            for offset, texts in enumerate(rows):
                clean = {c: t for c, t in texts.items() if c in columns and t != ""}
                cells = {c: parse_entry(columns[c], t) for c, t in clean.items()}
                stored = {c: e.text for c, e in cells.items()}  # as read (codes upper case)
                came = carried[offset] if offset < len(carried) else None
                uid = self.storage.returns.put_ledger_row(
                    loaded.info.id, stored, origin=came.to_json() if came else None
                )
                if came is not None:
                    loaded.carried_rows[uid] = came
                loaded.data.rows.insert(at + offset, Row(cells=cells))
                loaded.row_uids.insert(at + offset, uid)
            self._renumber(loaded)
        return Changes.content(loaded.info.id)

    def delete_ledger_rows(self, loaded: LoadedReturn, rows: Sequence[int]) -> Changes:
        """Remove 表四 rows (0-based indexes), in one transaction."""
        with self.storage.session.write():
            for row in sorted(set(rows), reverse=True):
                self.storage.returns.delete_ledger_row(loaded.info.id, loaded.row_uids[row])
                del loaded.data.rows[row]
                del loaded.row_uids[row]
            self._renumber(loaded)
        return Changes.content(loaded.info.id)

    def move_ledger_row(self, loaded: LoadedReturn, row: int, to: int) -> Changes:
        """Move one 表四 row to index `to`, in one transaction."""
        with self.storage.session.write():
            loaded.data.rows.insert(to, loaded.data.rows.pop(row))
            loaded.row_uids.insert(to, loaded.row_uids.pop(row))
            self._renumber(loaded)
        return Changes.content(loaded.info.id)

    def _renumber(self, loaded: LoadedReturn) -> None:
        """Positions 0..n-1 in the order shown (unchanged rows are not rewritten)."""
        for position, uid in enumerate(loaded.row_uids):
            self.storage.returns.put_ledger_row(
                loaded.info.id, self.ledger_texts(loaded, position), row_uid=uid, position=position
            )

    def delete_ledger_row(self, loaded: LoadedReturn, row: int) -> Changes:
        """Remove one 表四 row (an import that brings fewer rows than are stored)."""
        self.storage.returns.delete_ledger_row(loaded.info.id, loaded.row_uids[row])
        del loaded.data.rows[row]
        del loaded.row_uids[row]
        return Changes.content(loaded.info.id)

    def set_explanation(self, loaded: LoadedReturn, key: str, text: str) -> Changes:
        self.storage.returns.set_explanation(loaded.info.id, key, text)
        if text.strip():
            loaded.data.explanations[key] = text
        else:
            loaded.data.explanations.pop(key, None)
        return Changes.content(loaded.info.id)

    # --- judging -------------------------------------------------------------------------

    def context(self, loaded: LoadedReturn) -> ValidationContext:
        """Last year's return and this year's other forms, for cross-checks."""
        from siwu_desktop.core.validation import COMPANIONS, ValidationContext

        info = loaded.info
        wanted = COMPANIONS.get(info.form, ())  # the forms its checks read, no others
        last_year: dict[str, ReturnData] = {}
        companions: dict[str, ReturnData] = {}
        for other in self.storage.returns.list_returns(county=info.county):
            if other.period != "Y" and other.form != info.form:
                continue
            if other.year == info.year - 1 and other.form == info.form:
                last_year[other.form] = self.load(other).data
            elif other.year == info.year and other.form in wanted and other.period == "Y":
                companions[other.form] = self.load(other).data
        pack = self.pack_in_force()
        return ValidationContext(
            self.catalog,
            allocations=pack.allocations,
            last_year=last_year,
            companions=companions,
            reporting_date=self.today,
            surcharge_bands=pack.surcharge_bands,
            extra_tasks=pack.tasks,
            forms=self.forms,
        )

    def validate(self, loaded: LoadedReturn) -> list[Finding]:
        from siwu_desktop.core.validation import validate

        return validate(loaded.data, self.context(loaded))

    def check(self, loaded: LoadedReturn) -> Checked:
        """校验: judge the return and, when it has no error, record it as 已校验 (草稿 →
        已校验; an editable county draft only). The window's 校验 and `siwu validate`
        both come here, so they leave the same state."""
        from siwu_desktop.core.rules import Severity

        findings = tuple(self.validate(loaded))
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        info = loaded.info
        editable = not loaded.locked and loaded.revision == info.revision
        if errors or not editable or info.status != "draft" or self.profile().mode == "city":
            return Checked(findings, errors, NONE)
        self.storage.returns.mark_validated(info.id)
        loaded.info = self.storage.returns.get(info.id)
        return Checked(findings, errors, Changes.status(info.id))

    # --- life cycle ----------------------------------------------------------------------

    def unchanged_correction(self, loaded: LoadedReturn) -> int | None:
        """The finalised revision n that the open correction n+1 still equals in every
        value, row, explanation and signature (the 填报日期 aside), else None."""
        info = loaded.info
        if info.revision < 2 or loaded.revision != info.revision or info.locked:
            return None
        previous = self.storage.returns.revision(info.id, info.revision - 1)
        if previous.status != ReturnStatus.FINALISED or not previous.digest:
            return None
        from siwu_desktop.core.digest import content_digest

        then = self._metadata(info, previous.revision)
        now = replace(self._metadata(info, info.revision), date=then.date)
        same = content_digest(replace(loaded.data, metadata=now)) == previous.digest
        return previous.revision if same else None

    def finalise(self, loaded: LoadedReturn) -> Revised:
        """Lock the current revision, or say exactly what stands in the way. A correction
        that changed nothing makes no new revision: it is withdrawn (撤销更正) and the
        finalised revision n is current again (`Revised.withdrawn`)."""
        from siwu_desktop.core.validation import finalise_blockers

        if self.unchanged_correction(loaded) is not None:
            record = self.storage.returns.withdraw_correction(loaded.info.id)
            loaded.info = self.storage.returns.get(loaded.info.id)
            loaded.revision = loaded.info.revision
            return Revised(record, Changes.content(loaded.info.id), withdrawn=True)
        findings = self.validate(loaded)
        blockers = finalise_blockers(findings, loaded.data.explanations)
        if blockers:
            raise FinaliseRefused(blockers)
        data = loaded.data
        self._store_as_read(loaded)
        today = (self.today or dt.date.today()).isoformat()
        data.metadata = replace(self._metadata(loaded.info, loaded.revision), date=today)
        self.storage.returns.mark_validated(loaded.info.id)
        self.storage.returns.set_pack_version(loaded.info.id, self.pack_in_force().version)
        from siwu_desktop.core.digest import canonical_bytes, content_digest, return_content

        content = canonical_bytes(return_content(data)).decode("utf-8")
        revision = self.storage.returns.finalize(loaded.info.id, content_digest(data), content)
        loaded.info = self.storage.returns.get(loaded.info.id)
        return Revised(revision, Changes.status(loaded.info.id))

    def _store_as_read(self, loaded: LoadedReturn) -> None:
        """Before the digest is taken: 表四 rows stored as they read (a code an earlier version
        kept in lower case is stored upper case), so the signed revision reads back the same."""
        if loaded.form.table is None or loaded.form.id == "t3":
            return
        for row, uid in enumerate(loaded.row_uids):
            texts = self.ledger_texts(loaded, row)
            self.storage.returns.put_ledger_row(loaded.info.id, texts, row_uid=uid, position=row)

    def correct(self, loaded: LoadedReturn, reason: str) -> Revised:
        """Open revision n+1 of a finalised return, saying why; n stays as it was."""
        revision = self.storage.returns.correct(loaded.info.id, reason)
        loaded.info = self.storage.returns.get(loaded.info.id)
        loaded.revision = loaded.info.revision
        return Revised(revision, Changes.content(loaded.info.id))

    def record_output(
        self, return_id: int, revision: int, kind: str, file: str | Path, digest: str
    ) -> Recorded:
        """Keep an export or a print (`kind`) of a revision: the file or printer, the digest."""
        record = self.storage.outputs.record(return_id, revision, kind, file, digest)
        return Recorded(record, Changes.status(return_id))

    # --- keys and packs: the window's doors to services.keys and services.packs (the CLI
    # calls the same functions with the storage it opened); each loads on first use

    def keys_view(self) -> KeysView:
        """This installation's key and the keys it trusts (the 密钥与备案 page)."""
        from siwu_desktop.services.keys import show

        return show(self.storage)

    def export_public_key(self, out: Path) -> Path:
        from siwu_desktop.services.keys import export_public_key

        return export_public_key(self.storage, out)

    def import_key(self, path: Path, *, replace: bool = False) -> KeyImported:
        """Register a county's key (city) or replace the pinned city key (county); raises
        services.keys.KeyRefused."""
        from siwu_desktop.services.keys import KeyImported, import_key

        message = import_key(self.storage, path, replace=replace)
        return KeyImported(message, Changes(keys=True))

    def preview_pack(self, path: Path) -> ImportResult:
        """A pack file read, checked and diffed against the pack in force; nothing stored."""
        from siwu_desktop.services.packs import preview_pack

        return preview_pack(self.storage, self.catalog, path)

    def apply_pack(self, result: ImportResult) -> Changes:
        from siwu_desktop.services.packs import apply_pack

        return apply_pack(self.storage, result)

    def issue_pack(self, pack: TargetPack, path: Path, *, allow_over: bool) -> IssuedPack:
        """The city's pack checked, stored (in force here), signed and written to `path`."""
        from siwu_desktop.services.packs import issue_pack

        return issue_pack(self.storage, self.catalog, pack, path, allow_over=allow_over)

    def returns_of(self, county: str, year: int) -> list[ReturnInfo]:
        order = {f: i for i, f in enumerate(FORM_IDS)}
        found = self.storage.returns.list_returns(county=county, year=year)
        return sorted(found, key=lambda r: (order.get(r.form, 9), r.period))
