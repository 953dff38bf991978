"""The history of one return (issue #14 item 5), in both modes: every revision with its
status, digest, signer fingerprint, reason, the values it changed, and the city's receipts.

One API for every view of it: `siwu history`, and the window's revision list, read-only
view of an older revision and side-by-side comparison (the county side is #13's clerk
work; build on these functions, do not read storage for it):

- `return_history(service, key)` → `ReturnHistory | None`: the list, oldest first;
- `revision_values(service, info, revision)` → {field or row cell: shown text}: any
  revision's content, read-only (a finalised one from the content its digest covers);
- `compare(service, info, a, b)` → `[ValueChange]`: what differs between two revisions.

Changes are the difference of the content between a revision and the one before, so they
are the same at the county (where the audit also says who and when) and at the city
(which holds each revision's content as filed, but not the county's audit trail).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import ReturnInfo, ReturnKey
from siwu_desktop.storage.receipts import StoredReceipt


@dataclass(frozen=True)
class ValueChange:
    """One value that differs between two revisions; who/at from the audit when known."""

    field: str  # field id, or "第n行·column" for a table cell, or "note:key"
    label: str
    old: str
    new: str
    who: str = ""
    at: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "label": self.label,
            "old": self.old,
            "new": self.new,
            "who": self.who,
            "at": self.at,
        }


@dataclass(frozen=True)
class RevisionEntry:
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

    def as_dict(self) -> dict[str, object]:
        return {
            "revision": self.revision,
            "status": self.status,
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


@dataclass(frozen=True)
class ReturnHistory:
    key: ReturnKey
    return_id: int
    revisions: tuple[RevisionEntry, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        k = self.key
        return {
            "county": k.county,
            "form": k.form,
            "year": k.year,
            "period": k.period,
            "revisions": [r.as_dict() for r in self.revisions],
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
    form = service.form(info.form, info.year, info.county)
    if key.startswith("note:"):
        return "情况说明"
    if "·" in key:
        row, column = key.split("·", 1)
        spec = form.table.column_index.get(column) if form.table else None
        return f"{row}·{spec.label if spec else column}"
    spec = form.index.get(key)
    return spec.label if spec else key


def compare(service: ReturnService, info: ReturnInfo, a: int, b: int) -> list[ValueChange]:
    """The values that differ from revision `a` to revision `b`, in field order."""
    old, new = revision_values(service, info, a), revision_values(service, info, b)
    who = _who(service, info, b)
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        if old.get(key, "") != new.get(key, ""):
            by, at = who.get(key, ("", ""))
            out.append(
                ValueChange(
                    key, _label(service, info, key), old.get(key, ""), new.get(key, ""), by, at
                )
            )
    return out


def _who(service: ReturnService, info: ReturnInfo, revision: int) -> dict[str, tuple[str, str]]:
    """field → (who, when) of its last change in that revision, from the local audit."""
    out: dict[str, tuple[str, str]] = {}
    for entry in service.storage.returns.audit_trail(info.id):
        if entry.revision == revision and entry.kind == "value":
            out[entry.key] = (entry.who, entry.at[:16].replace("T", " "))
    return out


def return_history(service: ReturnService, key: ReturnKey) -> ReturnHistory | None:
    storage = service.storage
    info = storage.returns.find(key)
    if info is None:
        return None
    receipts = storage.receipts.for_return(key.county, key.form, key.year, key.period)
    entries = []
    previous: int | None = None
    for rev in storage.returns.revisions(info.id):
        changes = tuple(compare(service, info, previous, rev.revision)) if previous else ()
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
                reason=rev.reason,
                created_at=rev.created_at,
                finalised_at=rev.finalised_at,
                origin=rev.origin,
                source_file=rev.source_file,
                pack_version=rev.pack_version,
                changes=changes,
                receipts=tuple(r for r in receipts if r.revision == rev.revision),
            )
        )
        previous = rev.revision
    return ReturnHistory(key, info.id, tuple(entries))
