"""Writing an output file (workbook, PDF, receipt, key, pack) whole or not at all.

A county PC meets full disks, write-protected USB sticks, folders without permission and a
workbook still open in Excel. Each output is made in memory first and written to a hidden
file beside the target, flushed to the disk, then renamed over the target: a failure or a
killed process never leaves half a file under the name the user chose, and an older file of
that name stays as it was. The failure is said in Chinese with what to do (#guide: bad input
is normal input).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from pathlib import Path

from siwu_desktop.core import messages as msg

HIDDEN_PREFIX = ".siwu-"  # the temporary file beside the target, until it is renamed

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
        fd, tmp = tempfile.mkstemp(prefix=HIDDEN_PREFIX, suffix=".part", dir=path.parent)
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


def json_bytes(document: object) -> bytes:
    """A JSON document as the program writes it: UTF-8, Chinese as is, indented, one final
    newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
