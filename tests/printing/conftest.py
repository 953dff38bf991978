"""Real storage for the printing tests: the demo county, and a finalised 500-row ledger."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.demo import DEMO_COUNTY, build_demo
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import open_storage
from siwu_desktop.storage.returns import ReturnKey

LEDGER_ROWS = 500


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo")
    with open_storage(path) as storage:
        build_demo(storage, default_catalog())
    return path


@pytest.fixture
def demo(demo_dir: Path, tmp_path: Path) -> Iterator[ReturnService]:
    """The demo county, in a copy of its own so a test may record prints."""
    copy = tmp_path / "demo"
    shutil.copytree(demo_dir, copy, ignore=shutil.ignore_patterns("*.lock"))
    with open_storage(copy) as storage:
        yield ReturnService(storage, default_catalog())


def load(service: ReturnService, form: str, year: int, period: str = "Y") -> LoadedReturn:
    info = service.storage.returns.find(ReturnKey(DEMO_COUNTY, form, year, period))
    assert info is not None
    return service.load(info)


@pytest.fixture(scope="session")
def ledger_dir(tmp_path_factory: pytest.TempPathFactory, demo_dir: Path) -> Path:
    """The demo county with a 2025 ledger of 500 planned water users, finalised."""
    path = tmp_path_factory.mktemp("ledger")
    shutil.copytree(demo_dir, path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))
    with open_storage(path) as storage:
        service = ReturnService(storage, default_catalog(), today=dt.date(2026, 1, 20))
        info = service.open(DEMO_COUNTY, "t4", 2026)
        loaded = service.load(info)
        sample = sample_return(loaded.form, DEMO_COUNTY, 2026, ledger_rows=LEDGER_ROWS)
        for row, sample_row in enumerate(sample.rows):
            texts = {c: e.text for c, e in sample_row.cells.items()}
            service.put_ledger_row(loaded, row, texts)
        service.finalise(loaded)
    return path


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    return result.stdout


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The PDF's text layer in drawing order (a wrapped cell's lines stay together)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-raw", "-enc", "UTF-8", *pages, str(pdf), "-")


def flat(text: str) -> str:
    return "".join(text.split())
