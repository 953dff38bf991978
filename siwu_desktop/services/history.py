"""The history of one return (issue #14 item 5), in both modes: every revision with its
status, digest, signer fingerprint, reason, the values it changed, and the city's receipts.

One API for every view of it: `siwu history`, and the window's revision list, read-only
view of an older revision, side-by-side comparison and a cell's 修改记录 (issue #17's
version tools; both modes use these functions, the window never reads storage for it):

- `return_history(service, key)` → `ReturnHistory | None`: the list, oldest first;
- `revision_values(service, info, revision)` → {field or row cell: shown text}: any
  revision's content, read-only (a finalised one from the content its digest covers);
- `compare(service, info, a, b)` → `[ValueChange]`: what differs between two revisions;
- `revision_log(service, info, revision)`: what an export carries of the revisions up
  to `revision` (reasons and changes, core.revision_log), so the city learns them too;
- `cell_trail(service, loaded, row, field_id)` → `[TrailEntry]`: one cell's changes.

Changes are the difference of the content between a revision and the one before. The
county's audit says who made each and when (never a row typed in a correction later
withdrawn, whose number a later correction reuses: storage.audit); the city has no audit
of the county's, so it keeps the log each signed file carried and takes who/when (and the
changes of revisions it never received, e.g. 第2版 when it holds 第1版 and 第3版) from
there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from msgspec import Struct, field

from siwu_desktop.core import units
from siwu_desktop.core.revision_log import BadLog, LoggedRevision, ValueChange, from_wire
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import ReturnInfo, ReturnKey
from siwu_desktop.storage.receipts import StoredReceipt
from siwu_desktop.storage.returns import RevisionInfo

__all__ = [
    "ComparedValue",
    "ReturnHistory",
    "RevisionEntry",
    "TrailEntry",
    "ValueChange",
    "cell_key",
    "cell_trail",
    "compare",
    "return_history",
    "revision_log",
    "revision_values",
    "side_by_side",
]

NOTE_LABEL = "情况说明"
FIRST_LABEL = "首次定稿"
MISSING_STATUS = "未收到"
MISSING_NOTE = "市局没有收到这一版本的报送文件，请向县区索取"


class RevisionEntry(Struct, frozen=True):
    revision: int
    status: str
    digest: str | None
    signer: str | None
    reason: str
    created_at: str
    finalised_at: str | None
    origin: str
    source_file: str | None
    pack_version: str | None
    changes: tuple[ValueChange, ...] = ()
    receipts: tuple[StoredReceipt, ...] = ()
    who: str = ""  # who finalised it (the county's 填报人, as its file says, at the city)

    def as_dict(self) -> dict[str, object]:
        return {
            "revision": self.revision,
            "status": self.status,
            "who": self.who,
            "digest": self.digest,
            "signer": self.signer,
            "reason": self.reason,
            "created_at": self.created_at,
            "finalised_at": self.finalised_at,
            "origin": self.origin,
            "source_file": self.source_file,
            "pack_version": self.pack_version,
            "changes": [c.as_dict() for c in self.changes],
            "receipts": [
                {
                    "outcome": r.outcome,
                    "reason": r.reason,
                    "findings": list(r.findings),
                    "issued_at": r.issued_at,
                    "digest": r.digest,
                }
                for r in self.receipts
            ],
        }


class ReturnHistory(Struct, frozen=True):
    key: ReturnKey
    return_id: int
    revisions: tuple[RevisionEntry, ...] = field(default_factory=tuple)

    @property
    def missing(self) -> tuple[int, ...]:
        """The revisions below the latest one that are not here: at the city, the county's
        revisions it never received (it holds 第1版 and 第3版: 第2版 is missing)."""
        held = {r.revision for r in self.revisions}
        return tuple(n for n in range(1, max(held, default=0)) if n not in held)

    def in_order(self) -> list[RevisionEntry | int]:
        """Every revision from 第1版 on: the entry held, or the number of one missing."""
        held = {r.revision: r for r in self.revisions}
        return [held.get(n, n) for n in range(1, max(held, default=0) + 1)]

    def as_dict(self) -> dict[str, object]:
        k = self.key
        return {
            "county": k.county,
            "form": k.form,
            "year": k.year,
            "period": k.period,
            "revisions": [r.as_dict() for r in self.revisions],
            "missing_revisions": list(self.missing),
        }


def _flat(content: Mapping[str, object]) -> dict[str, str]:
    """Every value of a canonical content as text, keyed by field / row cell / note."""
    out: dict[str, str] = {}

    def text(v: object) -> str:
        if isinstance(v, dict) and "$d" in v:
            return str(v["$d"])
        if isinstance(v, dict):
            return "不适用" if v.get("na") else str(v.get("refused", ""))
        return "" if v is None else str(v)

    values = content.get("values", {})
    if isinstance(values, dict):
        out.update({k: text(v) for k, v in values.items()})
    rows = content.get("rows", [])
    if isinstance(rows, list):
        for n, row in enumerate(rows, start=1):
            cells = row.get("cells", {}) if isinstance(row, dict) else {}
            key = row.get("key") if isinstance(row, dict) else None
            name = str(key) if key else f"第{n}行"
            for column, v in cells.items():
                out[f"{name}·{column}"] = text(v)
    notes = content.get("explanations", {})
    if isinstance(notes, dict):
        out.update({f"note:{k}": str(v) for k, v in notes.items()})
    return out


def revision_values(service: ReturnService, info: ReturnInfo, revision: int) -> dict[str, str]:
    """Any revision's values as shown text, read-only (the finalised content as locked;
    the current draft as it stands)."""
    rev = service.storage.returns.revision(info.id, revision)
    if rev.status == "finalised":
        snap = service.storage.returns.snapshot(info.id, revision)
        return _flat(json.loads(snap.content_json))
    from siwu_desktop.core.digest import canonical_bytes, return_content

    loaded = service.load(info, revision)
    return _flat(json.loads(canonical_bytes(return_content(loaded.data)).decode("utf-8")))


def _label(service: ReturnService, info: ReturnInfo, key: str) -> str:
    """A field or cell as a reader names it: 用水总量（万立方米）, 第2行·单位名称, 序号3·进展情况."""
    form = service.form(info.form, info.year, info.county)
    if key.startswith("note:"):
        spec = form.index.get(key.rsplit(":", 1)[-1])  # note:<rule>:<field>
        return f"{NOTE_LABEL}（{spec.label}）" if spec else NOTE_LABEL
    if "·" in key:
        row, column = key.split("·", 1)
        spec = form.table.column_index.get(column) if form.table else None
        if form.table is not None and form.table.fixed_rows:
            numbers = {r.key: r.task.number for r in form.table.fixed_rows}
            row = f"序号{numbers[row]}" if row in numbers else row
        return f"{row}·{spec.label if spec else column}"
    spec = form.index.get(key)
    if spec is None:
        return key
    unit = units.shown_unit(spec.unit).strip()
    return f"{spec.label}（{unit}）" if unit else spec.label


def compare(service: ReturnService, info: ReturnInfo, a: int, b: int) -> list[ValueChange]:
    """The values that differ from revision `a` to revision `b`, in field order; who and
    when from the county's audit (or, for an imported `b`, from the log its file carried)."""
    old, new = revision_values(service, info, a), revision_values(service, info, b)
    who = _who(service, info, b)
    out = []
    for key in _in_form_order(service, info, old, new):
        if old.get(key, "") != new.get(key, ""):
            by, at = who.get(key, ("", ""))
            out.append(
                ValueChange(
                    key, _label(service, info, key), old.get(key, ""), new.get(key, ""), by, at
                )
            )
    return out


class ComparedValue(Struct, frozen=True):
    """One line of a side-by-side comparison: a field or cell in revisions a and b."""

    key: str
    label: str
    old: str
    new: str
    who: str = ""
    at: str = ""

    @property
    def changed(self) -> bool:
        return self.old != self.new


def side_by_side(service: ReturnService, info: ReturnInfo, a: int, b: int) -> list[ComparedValue]:
    """Every value of revisions `a` and `b` (in field order), each with who changed it
    and when, where it differs: what the window's comparison shows."""
    old, new = revision_values(service, info, a), revision_values(service, info, b)
    changed = {c.field: c for c in compare(service, info, a, b)}
    out = []
    for key in _in_form_order(service, info, old, new):
        c = changed.get(key)
        by, at = (c.who, c.at) if c else ("", "")
        label = c.label if c else _label(service, info, key)
        out.append(ComparedValue(key, label, old.get(key, ""), new.get(key, ""), by, at))
    return out


def _in_form_order(
    service: ReturnService, info: ReturnInfo, old: Mapping[str, str], new: Mapping[str, str]
) -> list[str]:
    """The keys of both revisions as the form lists them: fields in form order, then the
    table's cells row by row, then the 情况说明."""
    form = service.form(info.form, info.year, info.county)
    order = {f.id: i for i, f in enumerate(form.fields)}
    keys = [*old, *(k for k in new if k not in old)]
    position = {k: i for i, k in enumerate(keys)}

    def rank(key: str) -> tuple[int, int]:
        if key in order:
            return (0, order[key])
        return (2 if key.startswith("note:") else 1, position[key])

    return sorted(keys, key=rank)


def _short_time(at: str) -> str:
    return at[:16].replace("T", " ")


def _who(service: ReturnService, info: ReturnInfo, revision: int) -> dict[str, tuple[str, str]]:
    """value key → (who, when) of its last change in that revision: from the local audit,
    or from the revision log an imported revision's file carried."""
    rev = service.storage.returns.revision(info.id, revision)
    if rev.origin == "imported":
        logged = _logged(service, info, revision)
        changes = logged.changes if logged else ()
        return {c.field: (c.who, c.at) for c in changes if c.who or c.at}
    out: dict[str, tuple[str, str]] = {}
    for entry in service.storage.returns.audit_trail(info.id):
        if entry.revision != revision or entry.withdrawn:  # another correction's work
            continue
        for key in _audit_keys(entry.kind, entry.key, entry.old, entry.new):
            out[key] = (entry.who, _short_time(entry.at))
    return out


def _audit_keys(kind: str, key: str, old: str | None, new: str | None) -> list[str]:
    """The value keys (revision_values') an audit row is about."""
    if kind == "value":
        return [key]
    if kind == "explanation":
        return [f"note:{key}"]
    if kind == "task":  # a 表三 row: the task id, old and new progress as JSON
        a, b = _json_object(old), _json_object(new)
        return [f"{key}·{c}" for c in a.keys() | b.keys() if a.get(c) != b.get(c)]
    if kind == "ledger":  # a 表四 row: {"position", "cells"} before and after
        a, b = _json_object(old), _json_object(new)
        position = b.get("position", a.get("position"))
        if not isinstance(position, int):
            return []
        ca, cb = _json_object(a.get("cells")), _json_object(b.get("cells"))
        return [f"第{position + 1}行·{c}" for c in ca.keys() | cb.keys() if ca.get(c) != cb.get(c)]
    return []


def _json_object(value: object) -> dict[str, object]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


# --- what travels -----------------------------------------------------------------------


def _stored_log(rev: RevisionInfo) -> tuple[LoggedRevision, ...]:
    if not rev.log_json:
        return ()
    try:
        return from_wire(json.loads(rev.log_json))
    except (BadLog, ValueError):
        return ()


def _logged(service: ReturnService, info: ReturnInfo, revision: int) -> LoggedRevision | None:
    """What the county's files said of `revision`: its own file's log, else a later one's."""
    for rev in service.storage.returns.revisions(info.id):
        if rev.revision < revision:
            continue
        found = next((r for r in _stored_log(rev) if r.revision == revision), None)
        if found is not None:
            return found
    return None


def revision_log(
    service: ReturnService, info: ReturnInfo, revision: int
) -> tuple[LoggedRevision, ...]:
    """Each revision up to `revision`, with its reason and what it changed from the one
    before: what an export of `revision` carries (services.export)."""
    out: list[LoggedRevision] = []
    previous: int | None = None
    for rev in service.storage.returns.revisions(info.id):
        if rev.revision > revision:
            break
        logged = _logged(service, info, rev.revision) if rev.origin == "imported" else None
        if logged is not None:
            out.append(logged)
        else:
            changes = compare(service, info, previous, rev.revision) if previous else []
            out.append(
                LoggedRevision(
                    rev.revision,
                    rev.reason,
                    rev.finalised_at or "",
                    rev.digest or "",
                    tuple(changes),
                    rev.finalised_by or "",
                )
            )
        previous = rev.revision
    return tuple(out)


# --- one cell ---------------------------------------------------------------------------


class TrailEntry(Struct, frozen=True):
    """One change of one cell: in which revision, by whom, when, from what to what."""

    revision: int
    who: str
    at: str
    old: str
    new: str
    withdrawn: bool = False  # typed in a correction later withdrawn (撤销更正), not `revision`'s


def cell_key(loaded: LoadedReturn, row: int | None, field_id: str) -> str:
    """The key `revision_values` gives a cell of the shown return (row None: 表一/表二)."""
    if row is None:
        return field_id
    rows = loaded.data.rows
    name = rows[row].key if row < len(rows) and rows[row].key else f"第{row + 1}行"
    return f"{name}·{field_id}"


def cell_trail(
    service: ReturnService, loaded: LoadedReturn, row: int | None, field_id: str
) -> list[TrailEntry]:
    """The 修改记录 of one cell, oldest first: the county's audit rows of it (every
    revision, and those of a correction later withdrawn, marked so), or in city mode the
    changes the county's signed files reported for it."""
    info = loaded.info
    key = cell_key(loaded, row, field_id)
    revisions = service.storage.returns.revisions(info.id)
    if any(r.origin == "imported" for r in revisions):
        out = []
        for rev in revisions:
            logged = _logged(service, info, rev.revision)
            for c in logged.changes if logged else ():
                if c.field == key:
                    out.append(TrailEntry(rev.revision, c.who, c.at, c.old, c.new))
        return out
    uids = loaded.row_uids
    uid = uids[row] if row is not None and loaded.form.id == "t4" and row < len(uids) else None
    task = key.split("·", 1)[0] if row is not None and loaded.form.id != "t4" else None
    trail = []
    for e in service.storage.returns.audit_trail(info.id):
        if e.kind == "value" and row is None and e.key == field_id:
            old, new = e.old or "", e.new or ""
        elif e.kind == "task" and task is not None and e.key == task:
            old, new = _column(e.old, field_id), _column(e.new, field_id)
        elif e.kind == "ledger" and uid is not None and e.key == uid:
            old = _column(_json_object(e.old).get("cells"), field_id)
            new = _column(_json_object(e.new).get("cells"), field_id)
        else:
            continue
        if old != new:
            at = _short_time(e.at)
            trail.append(TrailEntry(e.revision or 0, e.who, at, old, new, e.withdrawn))
    return trail


def _column(value: object, field_id: str) -> str:
    found = _json_object(value).get(field_id)
    return "" if found is None else str(found)


# --- the list ---------------------------------------------------------------------------


def return_history(service: ReturnService, key: ReturnKey) -> ReturnHistory | None:
    storage = service.storage
    info = storage.returns.find(key)
    if info is None:
        return None
    receipts = storage.receipts.for_return(key.county, key.form, key.year, key.period)
    entries = []
    previous: int | None = None
    for rev in storage.returns.revisions(info.id):
        logged = _logged(service, info, rev.revision) if rev.origin == "imported" else None
        if logged is not None:  # what the county's signed file said (#14 item 5)
            changes, reason = logged.changes, rev.reason or logged.reason
            who = logged.finalised_by
        else:
            changes = tuple(compare(service, info, previous, rev.revision)) if previous else ()
            reason = rev.reason
            who = "" if rev.origin == "imported" else rev.finalised_by or ""
        entries.append(
            RevisionEntry(
                revision=rev.revision,
                status=rev.status,
                digest=rev.digest,
                signer=storage.keys.signer_of(info.id, rev.revision)
                or (
                    storage.keys.ensure_own().fingerprint
                    if rev.origin == "local" and rev.digest
                    else None
                ),
                reason=reason,
                created_at=rev.created_at,
                finalised_at=rev.finalised_at,
                origin=rev.origin,
                source_file=rev.source_file,
                pack_version=rev.pack_version,
                changes=changes,
                receipts=tuple(r for r in receipts if r.revision == rev.revision),
                who=who,
            )
        )
        previous = rev.revision
    return ReturnHistory(key, info.id, tuple(entries))
