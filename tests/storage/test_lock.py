"""One writer per data directory: a second instance is told, in Chinese, who holds it.

Checked to fail without its mechanism: with WriterLock.acquire() made a no-op,
the second open succeeds and these tests fail with "DID NOT RAISE".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.storage import DataInUseError, ReturnKey, open_storage

HOLDER = """
import sys
from siwu_desktop.storage import open_storage
with open_storage(sys.argv[1]) as s:
    print("ready", flush=True)
    sys.stdin.readline()
"""


def _holder(data_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    return proc


def _end(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.close()
    proc.wait()
    proc.stdout.close()


def test_second_instance_in_another_process_is_told(data_dir: Path) -> None:
    proc = _holder(data_dir)
    try:
        with pytest.raises(DataInUseError) as err:
            open_storage(data_dir)
        assert "正被另一个正在运行的本程序使用" in str(err.value)
        assert f"进程号 {proc.pid}" in str(err.value)
    finally:
        _end(proc)
    with open_storage(data_dir):  # released when the holder ended
        pass


def test_second_instance_in_the_same_process_is_told(data_dir: Path) -> None:
    with open_storage(data_dir) as first:
        rid = first.returns.get_or_create(ReturnKey("潞州区", "table1", 2025)).id
        with pytest.raises(DataInUseError):
            open_storage(data_dir)
        first.returns.set_value(rid, "a", "1", Decimal(1))  # the first one still writes
    with open_storage(data_dir) as again:
        assert again.returns.values(rid)["a"].text == "1"


def test_lock_of_a_killed_instance_does_not_block(data_dir: Path) -> None:
    proc = _holder(data_dir)
    os.kill(proc.pid, signal.SIGKILL)
    _end(proc)
    assert (data_dir / "siwu.lock").read_text()  # its holder info is still in the file
    with open_storage(data_dir):
        pass


def test_read_only_viewer_needs_no_lock(data_dir: Path) -> None:
    with open_storage(data_dir) as writer:
        writer.returns.get_or_create(ReturnKey("潞州区", "table1", 2025))
        with open_storage(data_dir, read_only=True) as viewer:
            assert len(viewer.returns.list_returns()) == 1
