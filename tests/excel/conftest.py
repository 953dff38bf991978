"""Real storage with the demo county (2023–2024 finalised, 2025 drafts), built once per module."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Storage, open_storage


@pytest.fixture(scope="session")
def catalog() -> TargetCatalog:
    return default_catalog()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, catalog: TargetCatalog) -> Path:
    """A demo data directory built once; tests copy it so each starts from the same state."""
    path = tmp_path_factory.mktemp("demo") / "data"
    with open_storage(path) as storage:
        build_demo(storage, catalog)
    return path


@pytest.fixture
def demo_dir(tmp_path: Path, demo_template: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def storage(demo_dir: Path) -> Iterator[Storage]:
    with open_storage(demo_dir) as s:
        yield s


@pytest.fixture
def service(storage: Storage, catalog: TargetCatalog) -> ReturnService:
    return ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
