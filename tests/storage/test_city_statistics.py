"""The city's statistics-bureau figures per year (m0008): stored exactly, replaced, removed,
audited; an older database gets the table when opened."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.storage import ReturnKey, Storage, open_storage
from siwu_desktop.storage.migrations import known_names
from tests.older_schema import database_without
from tests.profiles import YU_COUNTY

STEP = "m0008_city_statistics"


def test_figures_are_kept_exactly_and_replaced(storage: Storage) -> None:
    repo = storage.statistics
    assert repo.get(2025) is None
    assert repo.put(2025, {"gdp_index_b2020": Decimal("117.90")}, "统计公报")
    got = repo.get(2025)
    assert got is not None and got.values == {"gdp_index_b2020": Decimal("117.90")}
    assert str(got.values["gdp_index_b2020"]) == "117.90"  # the trailing zero too
    assert not repo.put(2025, {"gdp_index_b2020": Decimal("117.90")}, "统计公报")
    assert repo.put(2025, {"gdp": Decimal("2500")}, "年鉴")
    got = repo.get(2025)
    assert got is not None and (got.values, got.source) == ({"gdp": Decimal("2500")}, "年鉴")
    assert repo.put(2025, {}, "")
    assert repo.get(2025) is None
    rows = storage.session.db.execute(
        "SELECT key, old IS NULL, new IS NULL FROM audit WHERE kind = 'city_statistics'"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("2025", 1, 0), ("2025", 0, 0), ("2025", 0, 1)]


def test_m0008_adds_the_table_to_an_older_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert STEP in known_names()
    database_without(data, STEP, YU_COUNTY, ReturnKey("盂县", "t1", 2026))
    db = sqlite3.connect(data / "siwu.db")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    db.close()
    assert "city_statistics" not in tables
    with open_storage(data, daily_backup=False) as storage:
        assert len(storage.returns.list_returns()) == 1  # what was there is kept
        assert storage.statistics.put(2025, {"gdp": Decimal("1")}, "统计公报")
        with pytest.raises(sqlite3.IntegrityError):  # no source: refused by the CHECK
            storage.session.db.execute(
                "INSERT INTO city_statistics VALUES (2024, '{}', '', 'x', 'y')"
            )
