"""Shared test set-up: headless Qt, real X window runs (tests/xwindow.py), and a place for
screenshots a person looks at."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from tests import cups, xwindow
from tests.xwindow import x_display, x_screenshot

__all__ = ["x_display", "x_screenshot"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Printing sees only the session's private cupsd (tests/cups.py), never the system's; a child
# pytest (xwindow) keeps its parent's.
if not xwindow.in_child():
    os.environ["CUPS_SERVER"] = cups.socket_for_session()

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


@pytest.fixture(scope="session")
def print_server() -> Iterator[cups.PrintServer]:
    """The private cupsd with the cups-pdf queue `cups.QUEUE` (started on first use)."""
    server = cups.PrintServer(os.environ["CUPS_SERVER"])
    server.ensure()
    yield server
    server.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """A test marked `xwindow` runs in a child pytest on the session's Xvfb (xcb platform)."""
    if item.get_closest_marker(xwindow.MARK) is not None and not xwindow.in_child():
        return xwindow.run_protocol(item, nextitem)
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    yield from xwindow.screenshot_after(item)


def pytest_sessionfinish(session: pytest.Session) -> None:
    xwindow.SERVER.stop()
