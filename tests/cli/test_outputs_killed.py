"""`siwu export` and `siwu print --pdf` killed (SIGKILL: power cut, task manager) while writing
over yesterday's file: the file under the chosen name is yesterday's, whole; never half.

The kill comes at the worst moments, found by a Python audit hook in the child (no timing):
when the hidden file beside the target is opened, and when the finished hidden file is about
to be renamed over the target. A guard rather than a fix's test for the export (its temp file
and rename held before core/files.py too). For the PDF it is new: before printing/pdf_file.py
QPdfWriter wrote straight into the target, which `write_pdf` first truncated to 0 bytes, so a
kill while painting left a cut PDF under the name; run against that code the print cases fail
("0 == -SIGKILL": there was no hidden file and no rename at which to be killed).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from siwu_desktop.core.files import HIDDEN_PREFIX

CHILD = """
import os, signal, sys
event_wanted, target = sys.argv[1], sys.argv[2]

def hook(event, args):
    if event == "open" and event_wanted == "open" and isinstance(args[0], str) \\
            and os.path.basename(args[0]).startswith(".siwu-"):
        os.kill(os.getpid(), signal.SIGKILL)
    if event == "os.rename" and event_wanted == "rename" and str(args[1]) == target:
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
from siwu_desktop.cli.program import main
sys.exit(main(sys.argv[3:]))
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


COMMANDS = {
    "export": ("export", "--county", "潞城区", "--year", "2024", "--all", "--out"),
    "print": ("print", "--county", "潞城区", "--year", "2024", "--form", "t1", "--pdf"),
}


@pytest.mark.parametrize("moment", ["open", "rename"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_killed_output_leaves_yesterdays_file_whole(
    command: str, moment: str, demo_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "潞城区2024.out"
    target.write_bytes(b"yesterday's file\n")
    before = _digest(target)
    args = ["--data-dir", str(demo_dir), *COMMANDS[command], str(target)]
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, moment, str(target), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert _digest(target) == before
    # at most the hidden part file is left beside it, never a file the user would open
    assert all(p.name.startswith(HIDDEN_PREFIX) for p in out.iterdir() if p != target)
    # and the next export writes it whole
    again = subprocess.run(
        [sys.executable, "-m", "siwu_desktop", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert target.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF") and os.path.getsize(target) > 1000
