"""County mode: a filled template or an exported return into the local database.

Everything is checked before anything is written: the file (excel's read_workbook),
the county against the local profile, and locked revisions. A backup is taken first,
and every value goes in through the returns service, so an import is judged and
audited like typing. The city's import of the counties' exports is services.city_import.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field

from siwu_desktop.core.digest import content_digest, short_digest
from siwu_desktop.core.forms import INPUT
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel.reader import ParsedReturn, WorkbookRejected, read_workbook
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.returns import TASK_COLUMNS, LoadedReturn, ReturnService
from siwu_desktop.storage import StorageError


class ImportedReturn(Struct, frozen=True):
    county: str
    form: str
    year: int
    period: str
    revision: int | None  # the file's revision (exports)
    digest: str | None  # the file's stated digest (exports)
    verified: bool
    status: str  # template | draft | finalised (as in the file)
    changed: bool = True


class ValueChange(Struct, frozen=True):
    """One value an import changed, for the person to check (old → new, as typed)."""

    form: str  # 表一 …
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return msg.VALUE_CHANGE.format(
            form=self.form, label=self.label, old=self.old or msg.EMPTY, new=self.new or msg.EMPTY
        )


class ImportResult(Struct):
    ok: bool
    message: str
    returns: list[ImportedReturn] = field(default_factory=list)
    changes: Changes = NONE
    changed: list[ValueChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # dropped links/macros, 0.45 in a % field


def _check_profile(service: ReturnService, path: Path, parsed: list[ParsedReturn]) -> None:
    profile = service.profile()
    for p in parsed:
        if profile.mode == "city":
            names = {n for n, _ in profile.counties}
            if p.city != profile.city or p.county not in names:
                raise WorkbookRejected(
                    msg.CITY_MISMATCH.format(
                        file=path.name, found=f"{p.city}{p.county}", expected=profile.city
                    )
                )
        elif (p.city, p.county) != (profile.city, profile.county):
            raise WorkbookRejected(
                msg.COUNTY_MISMATCH.format(
                    file=path.name, found=f"{p.city}{p.county}", expected=profile.label
                )
            )


def import_workbook(service: ReturnService, path: Path, *, replace: bool = False) -> ImportResult:
    """Read, check, then write; a rejected file changes nothing in the database.

    A filled template changes only the cells it fills (and adds the ledger rows it
    fills); `replace` makes the draft exactly the file, blanks included. An exported
    return always replaces: it is the whole return."""
    path = Path(path)
    try:
        workbook = read_workbook(
            path, service.catalog, service.pack_in_force().tasks, service.tasks_by_version()
        )
        parsed = workbook.returns
        notes = [*workbook.notes, *workbook.warnings]
        _check_profile(service, path, parsed)
        for p in parsed:
            if p.status == "template" and not _has_data(p):
                raise WorkbookRejected(msg.EMPTY_TEMPLATE.format(file=path.name, sheet=p.sheet))
        plans = []
        for p in parsed:
            loaded = service.load(service.open(p.county, p.form.id, p.year, p.period))
            same = content_digest(loaded.data) == p.computed_digest
            if loaded.info.locked and not same:
                raise WorkbookRejected(
                    msg.LOCKED.format(
                        file=path.name,
                        county=p.county,
                        year=p.year,
                        form=p.form.short,
                        revision=loaded.revision,
                    )
                )
            plans.append((p, loaded, same))
    except WorkbookRejected as exc:
        return ImportResult(False, exc.message)
    except StorageError as exc:
        return ImportResult(False, msg.STORAGE.format(file=path.name, reason=exc))
    items: list[str] = []
    results: list[ImportedReturn] = []
    changed: list[ValueChange] = []
    # opening a return the database did not have yet adds it to the list
    changes = Changes(listing=True)
    try:
        if any(not same for _, _, same in plans):
            service.storage.backup("import")
        with service.storage.batch():  # all sheets or none: a full disk at sheet 3 undoes 1-2
            for p, loaded, same in plans:
                if not same:
                    only_filled = p.status == "template" and not replace
                    changed += _write(service, loaded, p, only_filled=only_filled)
                    changes |= Changes.content(loaded.info.id)
                items.append(_describe(p, loaded.revision, same))
                results.append(
                    ImportedReturn(
                        p.county,
                        p.form.id,
                        p.year,
                        p.period,
                        p.revision,
                        p.digest,
                        p.verified,
                        p.status,
                        changed=not same,
                    )
                )
    except StorageError as exc:  # nothing of this file was kept: only the returns opened above
        return ImportResult(
            False, msg.STORAGE.format(file=path.name, reason=exc), [], Changes(listing=True)
        )
    service.checkpoint()  # the imported values into the database file itself
    text = msg.IMPORTED.format(file=path.name, items="；".join(items))
    if changed:
        shown = "；".join(str(c) for c in changed[: msg.CHANGES_SHOWN])
        more = msg.CHANGES_MORE if len(changed) > msg.CHANGES_SHOWN else ""
        text += msg.CHANGES.format(count=len(changed), items=shown, more=more)
    for note in notes:  # each after a full stop of its own: a note's own "。" was doubled
        text = text.rstrip("。") + msg.NOTE.format(note=note)
    return ImportResult(True, text, results, changes, changed, notes)


def _has_data(p: ParsedReturn) -> bool:
    return bool(p.data.values) or any(r.cells for r in p.data.rows)


def _describe(p: ParsedReturn, local_revision: int, same: bool) -> str:
    period = msg.period_text(p.year, p.period)
    if same:
        return msg.UNCHANGED_ITEM.format(
            county=p.county, year=p.year, period=period, form=p.form.short, revision=local_revision
        )
    if p.status == "template":
        kind = msg.KIND_TEMPLATE
    elif p.status == "draft":
        kind = msg.KIND_DRAFT_EXPORT
    else:
        kind = msg.KIND_EXPORT_VERIFIED.format(short=short_digest(p.digest or ""))
    return msg.IMPORTED_ITEM.format(
        county=p.county, year=p.year, period=period, form=p.form.short, kind=kind
    )


def _write(
    service: ReturnService, loaded: LoadedReturn, p: ParsedReturn, *, only_filled: bool
) -> list[ValueChange]:
    """Put the file's content in the return; `only_filled`: leave what the file leaves blank."""
    form, new = loaded.form, p.data
    short = form.short
    done: list[ValueChange] = []
    if form.table is None:
        texts = {}
        for spec in form.fields:
            if spec.kind != INPUT:
                continue
            old = loaded.data.values.get(spec.id)
            entry = new.values.get(spec.id)
            if entry is None and only_filled:
                continue
            text = entry.text if entry is not None else ""
            before = old.text if old is not None else ""
            if before != text:
                texts[spec.id] = text
                done.append(ValueChange(short, spec.label, before, text))
        if texts:
            service.enter_values(loaded, texts)
    elif form.id == "t3":
        labels = {c.id: c.label for c in form.table.columns}
        new_rows = {r.key: r for r in new.rows}
        for i, row in enumerate(loaded.data.rows):
            incoming = new_rows.get(row.key)
            if incoming is None:
                continue
            for column in TASK_COLUMNS:
                old = row.cells.get(column)
                entry = incoming.cells.get(column)
                if entry is None and only_filled:
                    continue
                text = entry.text if entry is not None else ""
                before = old.text if old is not None else ""
                if before != text:
                    service.enter_task(loaded, i, column, text)
                    label = msg.ROW_LABEL.format(row=i + 1, label=labels.get(column, column))
                    done.append(ValueChange(short, label, before, text))
    elif only_filled:  # a template's ledger rows are new rows: added after the draft's
        for row in new.rows:
            texts = {c: e.text for c, e in row.cells.items()}
            index = len(loaded.data.rows)
            service.put_ledger_row(loaded, index, texts)
            label = msg.ROW_ADDED.format(row=index + 1)
            done.append(ValueChange(short, label, "", "，".join(texts.values())))
    else:
        for i, row in enumerate(new.rows):
            texts = {c: e.text for c, e in row.cells.items()}
            old_texts = {}
            if i < len(loaded.data.rows):
                old_texts = {c: e.text for c, e in loaded.data.rows[i].cells.items()}
                if old_texts == texts:
                    continue
            service.put_ledger_row(loaded, i, texts)
            label = msg.ROW_LABEL.format(row=i + 1, label="")
            done.append(
                ValueChange(short, label, "，".join(old_texts.values()), "，".join(texts.values()))
            )
        while len(loaded.data.rows) > len(new.rows):
            gone = {c: e.text for c, e in loaded.data.rows[-1].cells.items()}
            service.delete_ledger_row(loaded, len(loaded.data.rows) - 1)
            label = msg.ROW_LABEL.format(row=len(loaded.data.rows) + 1, label="")
            done.append(ValueChange(short, label, "，".join(gone.values()), ""))
    for key in sorted(set(loaded.data.explanations) | set(new.explanations)):
        old_text = loaded.data.explanations.get(key, "").strip()
        text = new.explanations.get(key, "").strip()
        if only_filled and not text:
            continue
        if old_text != text:
            service.set_explanation(loaded, key, text)
            done.append(ValueChange(short, msg.NOTES_TITLE, old_text, text))
    return done
