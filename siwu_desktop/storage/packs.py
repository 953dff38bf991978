"""Target packs issued by the city (versioned targets and county allocations), kept verbatim."""

from __future__ import annotations

import json

from msgspec import Struct

from siwu_desktop.storage import audit, messages
from siwu_desktop.storage.errors import StorageError
from siwu_desktop.storage.session import Session


class TargetPack(Struct, frozen=True):
    """A stored target pack (the city's allocation) as imported or issued."""

    id: int
    issuer: str
    version: str
    date: str
    digest: str
    payload_json: str
    imported_at: str


_SELECT = "SELECT id, issuer, version, date, digest, payload_json, imported_at FROM target_packs"


class TargetPackRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self, issuer: str, version: str, date: str, digest: str, payload_json: str
    ) -> TargetPack:
        """Store a pack; the same pack again is a no-op, another content under its version is refused."""
        try:
            json.loads(payload_json)
        except ValueError:
            raise StorageError(messages.bad_json("目标包内容")) from None
        with self._s.write() as db:
            row = db.execute(
                _SELECT + " WHERE issuer = ? AND version = ?", [issuer, version]
            ).fetchone()
            if row is not None:
                if row[4] != digest:
                    raise StorageError(messages.pack_conflict(issuer, version))
                return TargetPack(*row)
            at = audit.now_iso()
            cur = db.execute(
                "INSERT INTO target_packs (issuer, version, date, digest, payload_json, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [issuer, version, date, digest, payload_json, at],
            )
            audit.record(
                db,
                who=self._s.who(),
                kind="target_pack",
                key=f"{issuer} {version}",
                old=None,
                new=digest,
                at=at,
            )
            pack_id = int(cur.lastrowid or 0)
        return self.get(pack_id)

    def get(self, pack_id: int) -> TargetPack:
        with self._s.read() as db:
            row = db.execute(_SELECT + " WHERE id = ?", [pack_id]).fetchone()
        if row is None:
            raise StorageError(messages.return_not_found(f"目标包 {pack_id}"))
        return TargetPack(*row)

    def list_packs(self, issuer: str | None = None) -> list[TargetPack]:
        sql, params = _SELECT, []
        if issuer is not None:
            sql += " WHERE issuer = ?"
            params.append(issuer)
        with self._s.read() as db:
            rows = db.execute(sql + " ORDER BY date, id", params).fetchall()
        return [TargetPack(*r) for r in rows]

    def latest(self, issuer: str | None = None) -> TargetPack | None:
        packs = self.list_packs(issuer)
        return packs[-1] if packs else None
