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
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from siwu_desktop.core.files import HIDDEN_PREFIX, part_prefix

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


# --- the hidden file a killed write leaves, and the next write to that target -------------

PAUSED = """
import sys
target = sys.argv[1]

def hook(event, args):  # at the rename over the target: say so, wait to be let go
    if event == "os.rename" and str(args[1]) == target:
        print("ready", flush=True)
        sys.stdin.readline()

sys.addaudithook(hook)
from siwu_desktop.cli.program import main
sys.exit(main(sys.argv[2:]))
"""


def _export(demo_dir: Path, target: Path) -> list[str]:
    return ["--data-dir", str(demo_dir), *COMMANDS["export"], str(target)]


def _killed_at_rename(demo_dir: Path, target: Path) -> str:
    """An export to `target` killed at its rename: the hidden file it left (name)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, "rename", str(target), *_export(demo_dir, target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, err = child.communicate()
    assert child.returncode == -signal.SIGKILL, err
    [part] = [p.name for p in target.parent.iterdir() if p.name.startswith(part_prefix(target))]
    assert part.startswith(f"{part_prefix(target)}{child.pid}.") and part.endswith(".part")
    return part


def test_the_next_write_to_a_target_removes_what_a_killed_write_of_it_left(
    demo_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    mine, other = out / "潞城区2024.xlsx", out / "潞城区2024（复核）.xlsx"
    mine_part = _killed_at_rename(demo_dir, mine)
    other_part = _killed_at_rename(demo_dir, other)
    # by hand: two dead writers' hidden files, one per target, and no workbook yet
    assert sorted(p.name for p in out.iterdir()) == sorted([mine_part, other_part])
    # the same one as another computer (host digest 00000000) would name it in a shared
    # folder: that process number means nothing here, so it is kept
    ours = part_prefix(mine)
    foreign = mine_part.replace(ours, ours[: -len("0123abcd.")] + "00000000.")
    shutil.copyfile(out / mine_part, out / foreign)
    again = subprocess.run(
        [sys.executable, "-m", "siwu_desktop", *_export(demo_dir, mine)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    # the export to 潞城区2024.xlsx took its own leftover away; the other target's stays
    # until that target is written again, and another computer's stays
    assert sorted(p.name for p in out.iterdir()) == sorted([mine.name, other_part, foreign])
    assert mine.read_bytes()[:4] == b"PK\x03\x04"


def test_a_hidden_file_a_running_process_is_writing_is_kept(demo_dir: Path, tmp_path: Path) -> None:
    """A first export stands at its rename (alive, its hidden file whole); a second export
    to the same target meanwhile (another data directory: the first one holds its own)
    keeps that file; let go, the first one finishes."""
    target = tmp_path / "潞城区2024.xlsx"
    other_dir = shutil.copytree(
        demo_dir, tmp_path / "other", ignore=shutil.ignore_patterns("*.lock")
    )
    first = subprocess.Popen(
        [sys.executable, "-c", PAUSED, str(target), *_export(demo_dir, target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None and first.stdout.readline() == "ready\n"
        [part] = [p for p in tmp_path.iterdir() if p.name.startswith(part_prefix(target))]
        assert part.name.startswith(f"{part_prefix(target)}{first.pid}.")
        second = subprocess.run(
            [sys.executable, "-m", "siwu_desktop", *_export(other_dir, target)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert part.exists() and target.exists()
        _, err = first.communicate("\n")
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, err
    assert not part.exists() and target.read_bytes()[:4] == b"PK\x03\x04"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(HIDDEN_PREFIX)] == []
