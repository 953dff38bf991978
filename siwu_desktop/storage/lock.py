"""One writer per data directory: an OS file lock held for the life of the program.

The lock belongs to the open file, so the operating system releases it when the
process ends in any way (closed window, crash, SIGKILL, power loss): a stale
lock file never blocks the next start. The file also records who holds it, so
the second instance can say which process to close.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import IO

from siwu_desktop.storage import messages
from siwu_desktop.storage.audit import now_iso, os_user
from siwu_desktop.storage.errors import DataInUseError, ReadOnlyError

# Windows locks byte ranges and forbids reading a locked range: lock a byte far
# past the holder information so the second instance can still read it.
_WIN_LOCK_OFFSET = 1 << 20


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WIN_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            handle.seek(0)
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WIN_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _host() -> str:
    """This computer's name, for the "in use by" message (socket only where needed: Windows)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not isinstance(info, dict):
        info = {}
    return messages.holder_info(
        str(info.get("pid", "")),
        str(info.get("host", "")),
        str(info.get("user", "")),
        str(info.get("since", "")),
    )


def _clear(handle: IO[str]) -> None:
    """Empty the holder info; a failure (full disk) leaves stale info, which is harmless."""
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.flush()


class WriterLock:
    """The single-writer lock of one data directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        """Take the lock now or raise DataInUseError; never waits."""
        if self._handle is not None:
            return
        try:
            # "a" creates the file without truncating the holder info of another instance.
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open
        except PermissionError as exc:
            raise ReadOnlyError(messages.read_only(self.path.parent)) from exc
        except OSError as exc:
            if exc.errno in (30,):  # EROFS
                raise ReadOnlyError(messages.read_only(self.path.parent)) from exc
            raise
        if not _try_lock(handle):
            handle.close()
            raise DataInUseError(messages.data_in_use(self.path.parent, _holder(self.path)))
        info = {"pid": os.getpid(), "host": _host(), "user": os_user()}
        info["since"] = now_iso()
        try:  # who holds it is only for the "in use" message: a full disk must not stop work
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(info, ensure_ascii=False))
            handle.flush()
        except OSError:
            _clear(handle)
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            _clear(handle)
            _unlock(handle)
        finally:
            with contextlib.suppress(OSError):  # an unflushable buffer on a full disk
                handle.close()

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
