"""The revision log that travels with an exported return (issue #14 item 5, #17 版本工具):
for each revision up to the exported one, its 更正原因 and the values it changed (field,
old → new, who, when), so the city sees why and what a county corrected.

Its wire form is a list of plain objects in the hidden sheet; the signature of a sheet
covers its digest (`log_digest`), so a reason or a change cannot be edited unnoticed.
`from_wire` reads what a file says, refusing any shape but the one written here. No I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from siwu_desktop.core.digest import digest

MAX_REVISIONS = 1000
MAX_CHANGES = 100_000  # in the whole log
MAX_TEXT = 4000


class ValueChange(Struct, frozen=True):
    """One value that differs between two revisions; who/at when known (the county's audit)."""

    field: str  # field id, "第n行·column" / "task id·column" for a table cell, "note:key"
    label: str  # what a person reads: 用水总量（万立方米）, 第2行·单位名称, 情况说明
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


class LoggedRevision(Struct, frozen=True):
    """One revision as the log tells it: its number, reason, when finalised, its digest,
    and what it changed from the revision before (none for the first)."""

    revision: int
    reason: str = ""
    finalised_at: str = ""
    digest: str = ""
    changes: tuple[ValueChange, ...] = ()
    finalised_by: str = ""  # who finalised it (written only when known)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "revision": self.revision,
            "reason": self.reason,
            "finalised_at": self.finalised_at,
            "digest": self.digest,
            "changes": [c.as_dict() for c in self.changes],
        }
        if self.finalised_by:
            out["finalised_by"] = self.finalised_by
        return out


def to_wire(log: Sequence[LoggedRevision]) -> list[dict[str, object]]:
    return [r.as_dict() for r in log]


def log_digest(log: Sequence[LoggedRevision]) -> str:
    """What a signature covers of the log: the digest of its canonical wire form."""
    return digest(to_wire(log))


class BadLog(ValueError):
    """The log a file carries has another shape; `part` says which (for the message)."""

    def __init__(self, part: str) -> None:
        self.part = part
        super().__init__(part)


def _text(value: object, part: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise BadLog(part)
    return value


def from_wire(data: object) -> tuple[LoggedRevision, ...]:
    """The log as a file states it; raises BadLog unless it has exactly the written shape:
    revisions in increasing order, each with text fields and a list of changes."""
    if not isinstance(data, list) or not 0 < len(data) <= MAX_REVISIONS:
        raise BadLog("revisions")
    out: list[LoggedRevision] = []
    total = 0
    for item in data:
        if not isinstance(item, dict):
            raise BadLog("revisions")
        number = item.get("revision")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise BadLog("revision")
        if out and number <= out[-1].revision:
            raise BadLog("revision")
        raw = item.get("changes")
        if not isinstance(raw, list):
            raise BadLog("changes")
        total += len(raw)
        if total > MAX_CHANGES:
            raise BadLog("changes")
        changes = []
        for c in raw:
            if not isinstance(c, dict):
                raise BadLog("changes")
            keys = ("field", "label", "old", "new", "who", "at")
            changes.append(ValueChange(*(_text(c.get(k), k) for k in keys)))
        out.append(
            LoggedRevision(
                number,
                _text(item.get("reason"), "reason"),
                _text(item.get("finalised_at"), "finalised_at"),
                _text(item.get("digest"), "digest"),
                tuple(changes),
                _text(item.get("finalised_by", ""), "finalised_by"),
            )
        )
    return tuple(out)
