"""Writing an output file (workbook, PDF, receipt, key, pack) whole or not at all.

A county PC meets full disks, write-protected USB sticks, folders without permission and a
workbook still open in Excel. Each output is made in memory first and written to a hidden
file beside the target, flushed to the disk, then renamed over the target: a failure or a
killed process never leaves half a file under the name the user chose, and an older file of
that name stays as it was. The failure is said in Chinese with what to do (#guide: bad input
is normal input).

The hidden file is named for its target and its writer, `.siwu-<key>.<host>.<pid>.<random>.part`
(`key`, `host`: short digests of the target's name and of the computer's). A killed writer
leaves it behind; the next write to that target from the same computer removes those of its
part files whose writer is gone (the process no longer exists), never one of a process still
running, which may be writing it now, nor one another computer writes into a shared folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

from siwu_desktop.core import messages as msg

HIDDEN_PREFIX = ".siwu-"  # the temporary file beside the target, until it is renamed
PART_SUFFIX = ".part"

_REASONS = {
    errno.ENOSPC: msg.WRITE_DISK_FULL,
    errno.EFBIG: msg.WRITE_TOO_BIG,
    errno.EROFS: msg.WRITE_READ_ONLY,
    errno.EACCES: msg.WRITE_NO_PERMISSION,
    errno.EPERM: msg.WRITE_NO_PERMISSION,
    errno.ENOENT: msg.WRITE_NO_FOLDER,
    errno.ENOTDIR: msg.WRITE_NO_FOLDER,
    errno.EISDIR: msg.WRITE_IS_FOLDER,
    errno.ENAMETOOLONG: msg.WRITE_NAME_TOO_LONG,
    errno.EIO: msg.WRITE_IO,
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = msg.WRITE_DISK_FULL


class OutputWriteError(OSError):
    """An output file could not be written; `strerror` is the Chinese reason and what to do,
    so callers that print `exc.strerror` say it in Chinese too."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(cause.errno, write_reason(cause), str(path))
        self.path = path

    def __str__(self) -> str:
        return msg.WRITE_FAILED.format(path=self.path, reason=self.strerror)


def write_reason(exc: OSError) -> str:
    """`exc` said in Chinese, with what the user can do about it."""
    if isinstance(exc, OutputWriteError):
        return str(exc.strerror)
    reason = _REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    return msg.WRITE_OTHER.format(detail=exc.strerror or type(exc).__name__)


def write_atomically(path: Path, data: bytes) -> Path:
    """`data` as the file `path`, whole or not at all (see the module's docstring)."""
    path = Path(path)
    tmp: str | None = None
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        prefix = part_prefix(path)
        remove_stale_parts(path.parent, prefix)
        mine = f"{prefix}{os.getpid()}."
        fd, tmp = tempfile.mkstemp(prefix=mine, suffix=PART_SUFFIX, dir=path.parent)
        with open(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on the disk before the name points at it
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputWriteError(path, exc) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def part_prefix(path: Path) -> str:
    """How this computer's hidden files of `path` begin: `.siwu-<key>.<host>.`, `key` the
    first 12 hex digits of the SHA-256 of its name (case folded; short whatever the name's
    length), `host` 8 of the computer's name (a shared folder: another computer's process
    numbers say nothing here)."""
    key = hashlib.sha256(path.name.casefold().encode("utf-8")).hexdigest()[:12]
    host = hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:8]
    return f"{HIDDEN_PREFIX}{key}.{host}."


def remove_stale_parts(folder: Path, prefix: str) -> None:
    """Remove the hidden files in `folder` beginning with `prefix` (a target's, this
    computer's: part_prefix) whose writer was killed: its process is gone. One of a running
    process (this one included) is kept. What cannot be read or removed is left as it is,
    never failing the write."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(PART_SUFFIX)):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or process_alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(folder / name)


def process_alive(pid: int) -> bool:
    """Whether process `pid` exists (anyone's); when it cannot be told, True."""
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether it exists (POSIX)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: another user's process
        return True
    return True


if sys.platform == "win32":  # os.kill(pid, 0) would end the process there

    def _windows_process_alive(pid: int) -> bool:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() != 87  # ERROR_INVALID_PARAMETER: no such process
        try:
            code = ctypes.c_ulong()
            ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return not ok or code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)


def json_bytes(document: object) -> bytes:
    """A JSON document as the program writes it: UTF-8, Chinese as is, indented, one final
    newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
