"""Read-only data and a full disk: a clear Chinese message, the previous state intact.

What each test proves (tests run as root, and root ignores file permissions):
- test_unwritable_directory_check: our os.access() check and its message, with
  os.access patched; it does not prove the OS refuses anything.
- test_sqlite_refusal_is_translated: SQLite's own SQLITE_READONLY (the file opened
  with mode=ro) reaches the user as ReadOnlyError, nothing changed.
- test_really_unwritable_for_an_unprivileged_user: a child drops to user nobody,
  so the kernel really refuses writes to a root-owned database; the whole open
  path reports ReadOnlyError and the file is unchanged.
- test_disk_full_via_file_size_limit: a child with RLIMIT_FSIZE (SIGXFSZ ignored,
  so writes fail with EFBIG) tries a large edit: the edit fails with a Chinese
  message, the data before it is intact, and the connection keeps working.
Checked to fail without its mechanism: with translated() re-raising the raw
sqlite3 error, test_sqlite_refusal_is_translated, the 0o777 case and the disk-full
test fail (an English OperationalError reaches the caller); with the os.access()
check removed, test_unwritable_directory_check and the 0o755 case fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.storage import ReadOnlyError, ReturnKey, open_storage


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _prepared(data_dir: Path) -> int:
    with open_storage(data_dir) as s:
        rid = s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025)).id
        s.returns.set_value(rid, "gdp", "200", Decimal(200))
    return rid


def test_unwritable_directory_check(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _prepared(data_dir)
    before = _digest(data_dir / "siwu.db")
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(ReadOnlyError, match=r"无法写入数据目录.*已有数据没有任何改动"):
        open_storage(data_dir)
    assert _digest(data_dir / "siwu.db") == before


def test_sqlite_refusal_is_translated(data_dir: Path) -> None:
    rid = _prepared(data_dir)
    with open_storage(data_dir, read_only=True) as s:
        s.session.read_only = False  # get past our own guard: let SQLite refuse
        with pytest.raises(ReadOnlyError, match="只读"):
            s.returns.set_value(rid, "gdp", "999", Decimal(999))
    with open_storage(data_dir) as s:
        assert s.returns.values(rid)["gdp"].text == "200"


CHILD_AS_NOBODY = """
import json, os, pwd, sys, getpass, socket, fcntl, _strptime
from decimal import Decimal
import siwu_desktop.storage.lock, siwu_desktop.storage.backups, sqlite_utils  # nobody cannot read site-packages
from siwu_desktop.storage import StorageError, open_storage
data_dir, rid = sys.argv[1], int(sys.argv[2])
os.setgid(65534); os.setuid(65534)
with open(os.path.join(data_dir, "siwu.db"), "rb") as fh:  # readable, so truly read-only
    assert fh.read(16) == b"SQLite format 3\\x00"
try:
    with open_storage(data_dir) as s:
        s.returns.set_value(rid, "gdp", "999", Decimal(999))
    print(json.dumps(["saved", ""]))
except StorageError as exc:
    print(json.dumps([type(exc).__name__, str(exc)], ensure_ascii=False))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
@pytest.mark.parametrize("dir_mode", [0o755, 0o777])
def test_really_unwritable_for_an_unprivileged_user(dir_mode: int) -> None:
    """0o755: the folder is read-only for nobody (our os.access check answers);
    0o777: the folder is writable but the root-owned database file is not, so
    SQLite itself refuses the edit (SQLITE_READONLY) and we translate it."""
    base = Path(tempfile.mkdtemp(prefix="siwu-ro-"))
    try:
        base.chmod(0o755)
        data_dir = base / "data"
        rid = _prepared(data_dir)
        before = _digest(data_dir / "siwu.db")
        data_dir.chmod(dir_mode)
        (data_dir / "siwu.db").chmod(0o644)  # readable by nobody (the program makes it 0600)
        (data_dir / "siwu.lock").chmod(0o666)  # so that 0o777 gets past the lock to SQLite
        out = subprocess.run(
            [sys.executable, "-c", CHILD_AS_NOBODY, str(data_dir), str(rid)],
            capture_output=True,
            text=True,
            check=True,
        )
        kind, message = json.loads(out.stdout)
        assert kind == "ReadOnlyError" and "无法写入数据目录" in message
        assert _digest(data_dir / "siwu.db") == before
        with open_storage(data_dir) as s:
            assert s.returns.values(rid)["gdp"].text == "200"
    finally:
        shutil.rmtree(base)


CHILD_DISK_FULL = """
import json, os, resource, signal, sys
from decimal import Decimal
from siwu_desktop.storage import StorageError, open_storage
data_dir, rid = sys.argv[1], int(sys.argv[2])
s = open_storage(data_dir)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
files = [p for p in os.listdir(data_dir) if p.startswith("siwu.db")]
biggest = max(os.path.getsize(os.path.join(data_dir, p)) for p in files)
limit = biggest + 64 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
result = {}
try:
    s.returns.set_value(rid, "big", "9" * 2_000_000, None)
    result["error"] = None
except StorageError as exc:
    result["error"] = [type(exc).__name__, str(exc)]
s.returns.set_value(rid, "small", "1", Decimal(1))  # the connection still works
result["values"] = sorted(s.returns.values(rid))
s.close()
print(json.dumps(result, ensure_ascii=False))
"""


def test_disk_full_via_file_size_limit(data_dir: Path) -> None:
    rid = _prepared(data_dir)
    out = subprocess.run(
        [sys.executable, "-c", CHILD_DISK_FULL, str(data_dir), str(rid)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["error"] is not None, "the file-size limit did not bite"
    kind, message = result["error"]
    assert kind in ("DiskFullError", "WriteFailedError")
    assert "没有保存" in message and "已有数据完好" in message
    assert result["values"] == ["gdp", "small"]
    with open_storage(data_dir) as s:
        assert s.session.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        values = s.returns.values(rid)
        assert set(values) == {"gdp", "small"} and values["gdp"].text == "200"
        assert [a.key for a in s.returns.audit_trail(rid) if a.kind == "value"] == [
            "gdp",
            "small",
        ]
