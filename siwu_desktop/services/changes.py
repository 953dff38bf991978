"""What an operation changed: every state-changing service method returns one.

The idea of Anki's `OpChanges`: the caller does not guess what to redraw after an
operation; the operation says what it touched and every view refreshes from that.
Values are small and frozen; `a | b` joins the changes of two operations.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct


class Changes(Struct, frozen=True):
    """`returns`: ids whose content (values, rows, notes) changed; `statuses`: ids whose
    status, revision or output record changed; `listing`: returns were added, so a list
    of returns must be read again; `pack`: the target pack in force changed, so every
    return is judged anew; `findings`: ids whose findings are worth judging again
    (an edit also changes the cross-checks of the same county's other returns);
    `statistics`: report years whose city statistics-bureau figures changed (city mode),
    so that year's consolidation must be made again; `keys`: the installation's own key or
    the keys it trusts changed (a county key registered, the city key pinned), so the
    密钥与备案 page reads them again."""

    returns: frozenset[int] = frozenset()
    statuses: frozenset[int] = frozenset()
    listing: bool = False
    pack: bool = False
    findings: frozenset[int] = frozenset()
    statistics: frozenset[int] = frozenset()
    keys: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.returns | other.returns,
            self.statuses | other.statuses,
            self.listing or other.listing,
            self.pack or other.pack,
            self.findings | other.findings,
            self.statistics | other.statistics,
            self.keys or other.keys,
        )

    def __bool__(self) -> bool:
        return bool(
            self.returns
            or self.statuses
            or self.listing
            or self.pack
            or self.findings
            or self.statistics
            or self.keys
        )

    @staticmethod
    def content(return_id: int) -> Changes:
        """An edit of a return: its content, its status (a validated draft is a draft
        again) and its findings."""
        ids = frozenset({return_id})
        return Changes(returns=ids, statuses=ids, findings=ids)

    @staticmethod
    def status(*return_ids: int) -> Changes:
        ids = frozenset(return_ids)
        return Changes(statuses=ids)

    @staticmethod
    def joined(changes: Iterable[Changes]) -> Changes:
        out = NONE
        for c in changes:
            out = out | c
        return out


NONE = Changes()
