"""City receipts (回执) a county has received (issue #14 item 7), kept as they came."""

from __future__ import annotations

import json
from dataclasses import dataclass

from siwu_desktop.storage import audit
from siwu_desktop.storage.session import Session


@dataclass(frozen=True)
class StoredReceipt:
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
        with self._s.read() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM receipts WHERE county = ? AND form = ? AND year = ?"
                " AND period = ? ORDER BY issued_at, id",
                [county, form, year, period],
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
