"""What the service tests share: the demo county's service (`demo_service`), and for the
city's side the 长治 city database and taking one file in. A module that needs another kind of city (with keys registered, or as a
`ReturnService`) defines its own `city` fixture, which pytest prefers to this one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services import city_import as ci
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, Storage, open_storage

CATALOG = default_catalog()
CITY = "长治市"
COUNTIES = tuple((c.name, c.code) for c in CATALOG.counties_for(CITY))
CITY_PROFILE = Profile(mode="city", city=CITY, unit_name="长治市水利局", counties=COUNTIES)


@pytest.fixture
def city(tmp_path: Path) -> Iterator[Storage]:
    """An empty 长治 city database (no county key registered yet)."""
    with open_storage(tmp_path / "city", daily_backup=False) as storage:
        storage.profile.save(CITY_PROFILE)
        yield storage


def take(city: Storage, path: Path) -> ci.ReportLine:
    """The city's import of one file: its one report line."""
    [line] = ci.import_paths(ReturnService(city, CATALOG), [path]).lines
    return line


@pytest.fixture
def demo_service(tmp_path: Path) -> Iterator[ReturnService]:
    """The demo county 潞城区 (services.demo) in a fresh data directory."""
    storage: Storage = open_storage(tmp_path / "demo", daily_backup=False)
    build_demo(storage, CATALOG)
    yield ReturnService(storage, CATALOG)
    storage.close()
