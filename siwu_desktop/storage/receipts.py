"""City receipts (回执) a county has received (issue #14 item 7), kept as they came."""

from __future__ import annotations

import json

from msgspec import Struct

from siwu_desktop.storage import audit
from siwu_desktop.storage.session import Session


class StoredReceipt(Struct, frozen=True):
    """One return's line of a receipt: 已接收 (accepted) or 退回修改 (returned)."""

    county: str
    form: str
    year: int
    period: str
    revision: int
    digest: str
    outcome: str  # accepted | returned
    reason: str
    findings: tuple[str, ...]
    issued_at: str
    signer: str
    source_file: str
    received_at: str
    receipt_id: str  # the receipt's signature: the same receipt twice is stored once


_COLUMNS = (
    "county, form, year, period, revision, digest, outcome, reason, findings_json, issued_at,"
    " signer, source_file, received_at, receipt_id"
)


class ReceiptsRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, items: list[StoredReceipt]) -> int:
        """Store a verified receipt's lines (the same receipt twice: stored once); returns
        how many lines were new."""
        new = 0
        with self._s.write() as db:
            for r in items:
                cur = db.execute(
                    f"INSERT OR IGNORE INTO receipts ({_COLUMNS})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        r.county,
                        r.form,
                        r.year,
                        r.period,
                        r.revision,
                        r.digest,
                        r.outcome,
                        r.reason,
                        json.dumps(list(r.findings), ensure_ascii=False),
                        r.issued_at,
                        r.signer,
                        r.source_file,
                        r.received_at,
                        r.receipt_id,
                    ],
                )
                if cur.rowcount:
                    new += 1
                    audit.record(
                        db,
                        who=self._s.who(),
                        kind="receipt",
                        key=f"{r.form}:{r.year}:{r.period}:{r.revision}",
                        old=None,
                        new=f"{r.outcome} {r.reason}".strip(),
                    )
        return new

    def for_return(self, county: str, form: str, year: int, period: str) -> list[StoredReceipt]:
        return self._select(
            "county = ? AND form = ? AND year = ? AND period = ?", [county, form, year, period]
        )

    def for_county(self, county: str) -> list[StoredReceipt]:
        """Every receipt line of the county's returns, oldest first."""
        return self._select("county = ?", [county])

    def _select(self, where: str, params: list[object]) -> list[StoredReceipt]:
        with self._s.read() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM receipts WHERE {where} ORDER BY issued_at, id", params
            ).fetchall()
        return [
            StoredReceipt(
                str(r[0]),
                str(r[1]),
                int(r[2]),
                str(r[3]),
                int(r[4]),
                str(r[5]),
                str(r[6]),
                str(r[7]),
                tuple(json.loads(str(r[8]))),
                str(r[9]),
                str(r[10]),
                str(r[11]),
                str(r[12]),
                str(r[13]),
            )
            for r in rows
        ]


class Refusal(Struct, frozen=True):
    """A county's file the city refused, or a return it sent back (退回修改), for the board."""

    county: str
    year: int | None
    form: str
    period: str
    revision: int | None
    file: str
    reason: str
    detail: str
    at: str


REFUSAL_KINDS = ("import_refused", "receipt_returned")


class RefusalsRepository:
    """Refusals live in the append-only audit trail (city mode): nothing of the refused file
    is stored, only that it was refused, why, and when."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def record(self, kind: str, refusal: Refusal) -> None:
        assert kind in REFUSAL_KINDS
        payload = {
            "year": refusal.year,
            "form": refusal.form,
            "period": refusal.period,
            "revision": refusal.revision,
            "file": refusal.file,
            "reason": refusal.reason,
            "detail": refusal.detail,
        }
        with self._s.write() as db:
            audit.record(
                db,
                who=self._s.who(),
                kind=kind,
                key=refusal.county,
                old=None,
                new=json.dumps(payload, ensure_ascii=False),
            )

    def latest(self) -> dict[tuple[str, int | None, str, str], Refusal]:
        """The last refusal per (county, year, form, period), oldest overwritten by newer."""
        with self._s.read() as db:
            rows = db.execute(
                "SELECT key, new, at FROM audit WHERE kind IN (?, ?) ORDER BY id", REFUSAL_KINDS
            ).fetchall()
        out: dict[tuple[str, int | None, str, str], Refusal] = {}
        for county, text, at in rows:
            try:
                p = json.loads(str(text))
            except ValueError:
                continue
            r = Refusal(
                str(county),
                p.get("year"),
                str(p.get("form") or ""),
                str(p.get("period") or ""),
                p.get("revision"),
                str(p.get("file") or ""),
                str(p.get("reason") or ""),
                str(p.get("detail") or ""),
                str(at),
            )
            out[(r.county, r.year, r.form, r.period)] = r
        return out
