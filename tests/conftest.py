"""Shared test set-up: headless Qt, and a place for screenshots a person looks at."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The parsed-catalog cache goes to a throw-away folder, never the user's cache.
os.environ.setdefault("SIWU_CACHE_DIR", tempfile.mkdtemp(prefix="siwu-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "out" / "test-artifacts"


@pytest.fixture
def artifacts_dir() -> Path:
    """Screenshots and rendered pages land here (git-ignored) so they can be looked at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory, also exported as SIWU_DATA_DIR for subprocesses."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("SIWU_DATA_DIR", str(path))
    return path
