"""The demo county in a data directory of each test's own (built once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.demo import build_demo
from siwu_desktop.storage import open_storage


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "data"
    with open_storage(path) as storage:
        build_demo(storage, default_catalog())
    return path


@pytest.fixture
def demo_dir(tmp_path: Path, demo_template: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture(autouse=True)
def _qt_application_first(qapp: object) -> None:
    """Commands that print (`print`, `keys sheet`, `consolidate --pdf`) make a
    QGuiApplication when none exists. Run in this process, that one would outlive the test and
    refuse pytest-qt's QApplication to every later window test, so pytest-qt's comes first."""
