"""Real small disks for the tests of full and read-only file systems (root only: CI runs as
root). A tmpfs of its own per test, filled to the last byte or remounted read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting a tmpfs needs root"
)


@contextmanager
def mounted_tmpfs(size: str = "4m") -> Iterator[Path]:
    """A tmpfs of `size`, unmounted afterwards."""
    mount = Path(tempfile.mkdtemp(prefix="siwu-tmpfs-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)
        mount.rmdir()


def fill(mount: Path) -> Path:
    """Write a file until the disk refuses: not one byte is left."""
    filler = mount / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"x" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    assert shutil.disk_usage(mount).free == 0
    return filler


@contextmanager
def read_only(mount: Path) -> Iterator[None]:
    """`mount` remounted read-only for the block, writable again after it."""
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    try:
        yield
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)
