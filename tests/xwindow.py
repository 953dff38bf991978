"""Real X window tests: a private Xvfb for the session, and `@pytest.mark.xwindow` tests rerun in it.

The offscreen platform does not show every crash (the print preview segfaulted only in a
real window), so tests of dialogs, printing, paste and keys also run under the xcb platform.
A test marked `xwindow` is not run in the main pytest process: the main process starts one
Xvfb for the whole session (`-displayfd`, so the server picks a free display number and two
test runs never collide), runs the test in a child `pytest` with `QT_QPA_PLATFORM=xcb` and
`DISPLAY` set, and reports the child's outcome (a crash of the child is a failure showing its
output). In the child, the same test runs as an ordinary pytest-qt test, and the whole screen
is saved to `out/test-artifacts/xwindow/` after it (plus any shots it takes with `x_screenshot`).
`@pytest.mark.xwindow(scale=1.5)` runs the child at Qt scale factor 1.5 (a 150 % desktop).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cups import die_with_parent

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

CHILD_ENV = "SIWU_XWINDOW_CHILD"
MARK = "xwindow"
ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "out" / "test-artifacts" / "xwindow"
CHILD_TIMEOUT_S = 600


def in_child() -> bool:
    return os.environ.get(CHILD_ENV) == "1"


class XServer:
    """One Xvfb for the session, started on first use, with a display number it chose itself."""

    def __init__(self) -> None:
        self.display: str | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    def ensure(self) -> str:
        if self.display is not None:
            return self.display
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            raise RuntimeError("Xvfb is not installed (Debian: xvfb; see .ci/apt-test.txt)")
        read_fd, write_fd = os.pipe()
        self._proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            self.stop()
            raise RuntimeError("Xvfb did not report a display number")
        self.display = f":{number}"
        return self.display

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
        self._proc = None
        self.display = None


SERVER = XServer()


def child_env(display: str, scale: float | None = None) -> dict[str, str]:
    """The child's environment; `scale` (`@pytest.mark.xwindow(scale=1.5)`): Qt's scale
    factor, a 150 % desktop (device pixel ratio 1.5)."""
    env = dict(os.environ)
    env.update({CHILD_ENV: "1", "QT_QPA_PLATFORM": "xcb", "DISPLAY": display})
    env.pop("WAYLAND_DISPLAY", None)
    if scale is not None:
        env["QT_SCALE_FACTOR"] = str(scale)
    return env


def shot_name(nodeid: str, suffix: str = "") -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")
    return f"{name}{'-' + suffix if suffix else ''}.png"


def grab_widget(widget: QWidget, path: Path) -> Path:
    """One window as a PNG, at its device pixel ratio (a window larger than the screen too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    return path


def grab_screen(path: Path) -> Path | None:
    """The whole X screen (every mapped window, dialogs included) as a PNG."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen() if app is not None else None
    if screen is None:
        return None
    QGuiApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    screen.grabWindow(0).save(str(path))
    return path


def run_in_child(item: pytest.Item) -> tuple[str, str]:
    """Run one test in a child pytest on the session's X server: (outcome, output)."""
    display = SERVER.ensure()
    marker = item.get_closest_marker(MARK)
    scale = marker.kwargs.get("scale") if marker is not None else None
    with tempfile.TemporaryDirectory(prefix="siwu-xwindow-") as tmp:
        cmd = [
            sys.executable,
            "-X",
            "faulthandler",
            "-m",
            "pytest",
            item.nodeid,
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(Path(tmp) / "t"),
        ]
        try:
            done = subprocess.run(
                cmd,
                cwd=item.config.rootpath,
                env=child_env(display, scale),
                capture_output=True,
                text=True,
                timeout=CHILD_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            return "failed", f"timed out after {CHILD_TIMEOUT_S} s\n{exc.stdout or ''}"
    output = done.stdout + done.stderr
    if done.returncode == 0:
        return "passed", output
    return "failed", f"child pytest exit code {done.returncode} ({display})\n{output}"


def run_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool:
    """pytest_runtest_protocol for a marked test in the main process: reports from the child.

    No fixture of the test is set up here, but the fixtures the previous test left for
    this one (its module's, say) are torn down as the normal protocol would, up to what
    `nextitem` shares: else the next module's first test finds them still set up."""
    TestReport = pytest.TestReport

    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    outcome, output = run_in_child(item)
    for when in ("setup", "call", "teardown"):
        failed = when == "call" and outcome == "failed"
        report = TestReport(
            item.nodeid,
            item.location,
            dict.fromkeys(item.keywords, 1),
            "failed" if failed else "passed",
            output if failed else None,
            when,  # type: ignore[arg-type]
        )
        item.ihook.pytest_runtest_logreport(report=report)
    item.session._setupstate.teardown_exact(nextitem)  # what runner.runtestprotocol does
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


@pytest.fixture(scope="session")
def x_display() -> str:
    """The session's X display (e.g. ':7'), for tests that start a window process themselves
    (env: `child_env(display)`)."""
    return SERVER.ensure()


@pytest.fixture
def x_screenshot(request: pytest.FixtureRequest) -> Callable[[str], Path | None]:
    """x_screenshot("dialog") saves the whole X screen now, named after the test."""

    def take(suffix: str) -> Path | None:
        return grab_screen(SHOTS / shot_name(request.node.nodeid, suffix))

    return take


def screenshot_after(item: pytest.Item) -> Iterator[None]:
    yield
    if in_child() and item.get_closest_marker(MARK) is not None:
        grab_screen(SHOTS / shot_name(item.nodeid))
