"""An unreadable subfolder in a folder the city imports is listed as 已跳过, not silently
passed over (#15 item 8). Root reads every folder, so the walk runs as user nobody."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

CHILD_AS_NOBODY = """
import json, os, sys
from siwu_desktop.services import city_import as ci  # imported as root: nobody may not read it
os.setgid(65534); os.setuid(65534)
lines = ci.skipped_in([sys.argv[1]])
print(json.dumps([[line.file, str(line.outcome), line.detail] for line in lines], ensure_ascii=False))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_an_unreadable_subfolder_is_listed_as_skipped() -> None:
    base = Path(tempfile.mkdtemp(prefix="siwu-walk-"))
    base.chmod(0o755)
    inbox = base / "收到的报表"
    (inbox / "潞州区").mkdir(parents=True)
    (inbox / "潞州区" / "表一.xlsx").write_bytes(b"PK")
    closed = inbox / "屯留区"
    closed.mkdir()
    inbox.chmod(0o755)
    (inbox / "潞州区").chmod(0o755)
    closed.chmod(0o700)  # root's own: nobody cannot list it
    out = subprocess.run(
        [sys.executable, "-c", CHILD_AS_NOBODY, str(inbox)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = json.loads(out.stdout)
    assert [(Path(f).name, outcome) for f, outcome, _ in lines] == [("屯留区", "skipped")]
    assert lines[0][2]  # says why it was skipped
