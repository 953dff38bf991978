"""The city's own statistics-bureau figures per report year (issue #16 item 5)."""

from __future__ import annotations

import json
from decimal import Decimal

from msgspec import Struct

from siwu_desktop.storage import audit
from siwu_desktop.storage.session import Session


class StoredStatistics(Struct, frozen=True):
    year: int
    values: dict[str, Decimal]  # field id → value in the field's unit
    source: str
    updated_at: str
    who: str


class StatisticsRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, year: int) -> StoredStatistics | None:
        with self._s.read() as db:
            row = db.execute(
                "SELECT values_json, source, updated_at, who FROM city_statistics WHERE year = ?",
                [year],
            ).fetchone()
        if row is None:
            return None
        values = {str(k): Decimal(str(v)) for k, v in json.loads(str(row[0])).items()}
        return StoredStatistics(year, values, str(row[1]), str(row[2]), str(row[3]))

    def put(self, year: int, values: dict[str, Decimal], source: str) -> bool:
        """Store the year's figures (replacing what was there); no values: remove them.
        Returns whether anything changed; the change is audited."""
        old = self.get(year)
        new_json = json.dumps({k: str(v) for k, v in values.items()}, ensure_ascii=False)
        old_json = (
            json.dumps({k: str(v) for k, v in old.values.items()}, ensure_ascii=False)
            if old
            else None
        )
        if old is not None and old_json == new_json and old.source == source:
            return False
        if old is None and not values:
            return False
        with self._s.write() as db:
            if values:
                db.execute(
                    "INSERT INTO city_statistics (year, values_json, source, updated_at, who)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET"
                    " values_json = excluded.values_json, source = excluded.source,"
                    " updated_at = excluded.updated_at, who = excluded.who",
                    [year, new_json, source, audit.now_iso(), self._s.who()],
                )
            else:
                db.execute("DELETE FROM city_statistics WHERE year = ?", [year])
            audit.record(
                db,
                who=self._s.who(),
                kind="city_statistics",
                key=str(year),
                old=None if old is None else f"{old_json} {old.source}",
                new=f"{new_json} {source}" if values else None,
            )
        return True
