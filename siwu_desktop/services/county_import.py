"""County mode: a filled template or an exported return into the local database.

Everything is checked before anything is written: the file (excel's read_workbook),
the county against the local profile, and locked revisions. A backup is taken first,
and every value goes in through the returns service, so an import is judged and
audited like typing. The city's import of the counties' exports is services.city_import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from siwu_desktop.core.digest import content_digest, short_digest
from siwu_desktop.core.forms import INPUT
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel.reader import ParsedReturn, WorkbookRejected, read_workbook
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.returns import TASK_COLUMNS, LoadedReturn, ReturnService
from siwu_desktop.storage import StorageError


@dataclass(frozen=True)
class ImportedReturn:
    county: str
    form: str
    year: int
    period: str
    revision: int | None  # the file's revision (exports)
    digest: str | None  # the file's stated digest (exports)
    verified: bool
    status: str  # template | draft | finalised (as in the file)
    changed: bool = True


@dataclass
class ImportResult:
    ok: bool
    message: str
    returns: list[ImportedReturn] = field(default_factory=list)
    changes: Changes = NONE


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


def import_workbook(service: ReturnService, path: Path) -> ImportResult:
    """Read, check, then write; a rejected file changes nothing in the database."""
    path = Path(path)
    try:
        parsed = read_workbook(
            path, service.catalog, service.pack_in_force().tasks, service.tasks_by_version()
        ).returns
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
    # opening a return the database did not have yet adds it to the list
    changes = Changes(listing=True)
    try:
        if any(not same for _, _, same in plans):
            service.storage.backup("import")
        for p, loaded, same in plans:
            if not same:
                _write(service, loaded, p)
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
    except StorageError as exc:
        return ImportResult(False, msg.STORAGE.format(file=path.name, reason=exc), results, changes)
    return ImportResult(
        True, msg.IMPORTED.format(file=path.name, items="；".join(items)), results, changes
    )


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


def _write(service: ReturnService, loaded: LoadedReturn, p: ParsedReturn) -> None:
    form, new = loaded.form, p.data
    if form.table is None:
        texts = {}
        for spec in form.fields:
            if spec.kind != INPUT:
                continue
            old = loaded.data.values.get(spec.id)
            entry = new.values.get(spec.id)
            text = entry.text if entry is not None else ""
            if (old.text if old is not None else "") != text:
                texts[spec.id] = text
        if texts:
            service.enter_values(loaded, texts)
    elif form.id == "t3":
        new_rows = {r.key: r for r in new.rows}
        for i, row in enumerate(loaded.data.rows):
            incoming = new_rows.get(row.key)
            if incoming is None:
                continue
            for column in TASK_COLUMNS:
                old = row.cells.get(column)
                entry = incoming.cells.get(column)
                text = entry.text if entry is not None else ""
                if (old.text if old is not None else "") != text:
                    service.enter_task(loaded, i, column, text)
    else:
        for i, row in enumerate(new.rows):
            texts = {c: e.text for c, e in row.cells.items()}
            if i < len(loaded.data.rows):
                old_texts = {c: e.text for c, e in loaded.data.rows[i].cells.items()}
                if old_texts == texts:
                    continue
            service.put_ledger_row(loaded, i, texts)
        while len(loaded.data.rows) > len(new.rows):
            service.delete_ledger_row(loaded, len(loaded.data.rows) - 1)
    for key in sorted(set(loaded.data.explanations) | set(new.explanations)):
        old_text = loaded.data.explanations.get(key, "").strip()
        text = new.explanations.get(key, "").strip()
        if old_text != text:
            service.set_explanation(loaded, key, text)
