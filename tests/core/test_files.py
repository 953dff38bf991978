"""core.files: an output written whole or not at all, its refusals said in Chinese.

The disk cases (full, read-only) run through the commands (tests/cli/test_outputs_on_bad_disks.py);
here the refusal of a folder the user may not write to, as an unprivileged user (nobody) in a
real root-owned folder: on Windows the same PermissionError comes from a file Excel holds open.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from siwu_desktop.core.files import write_atomically

CHILD_AS_NOBODY = """
import json, os, sys
from siwu_desktop.core.files import OutputWriteError, write_atomically
os.setgid(65534); os.setuid(65534)
try:
    write_atomically(sys.argv[1], b"new")
    print(json.dumps(["written", ""]))
except OutputWriteError as exc:
    print(json.dumps([exc.strerror, str(exc)], ensure_ascii=False))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_folder_without_permission_is_said_and_the_old_file_kept() -> None:
    base = Path(tempfile.mkdtemp(prefix="siwu-perm-"))
    try:
        base.chmod(0o755)  # nobody may read, not write
        target = base / "表一.xlsx"
        target.write_bytes(b"old")
        out = subprocess.run(
            [sys.executable, "-c", CHILD_AS_NOBODY, str(target)],
            capture_output=True,
            text=True,
            check=True,
        )
        reason, message = json.loads(out.stdout)
        assert "没有写入权限" in reason and "Excel、WPS" in reason, reason
        assert message.startswith(f"无法写入文件“{target}”：没有写入权限")
        assert target.read_bytes() == b"old" and sorted(base.iterdir()) == [target]
    finally:
        shutil.rmtree(base)


def test_a_written_file_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")
    assert write_atomically(target, b"new content") == target
    assert target.read_bytes() == b"new content" and sorted(tmp_path.iterdir()) == [target]
