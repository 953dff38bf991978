"""A workbook of several returns whose import the disk refuses half-way: nothing of it is kept.

Real mechanism: the import runs in a child process under RLIMIT_FSIZE (the file-size limit
a full disk acts like, SIGXFSZ ignored so the write fails with EFBIG), set 200 KB above the
database's size. The workbook holds 表一 (a few changed cells, a few pages of WAL) and then a
表四 of 300 rows of 2,000 characters each (≈ 1.8 MB in UTF-8), which cannot fit.
Checked to fail without the batch in county_import.import_workbook: the refusal said
"导入失败：…磁盘已满、超出文件大小限制…" while 表一's 用水总量 had become 1111 (表一 written, 表四 refused).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage

CHILD = """
import json, os, resource, signal, sys
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.county_import import import_workbook
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
data_dir, workbook = sys.argv[1], sys.argv[2]
s = open_storage(data_dir, daily_backup=False)
service = ReturnService(s, default_catalog())
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
biggest = max(os.path.getsize(os.path.join(data_dir, p)) for p in os.listdir(data_dir)
              if p.startswith("siwu.db"))
limit = biggest + 200 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
result = import_workbook(service, workbook)
print(json.dumps([result.ok, result.message, len(result.returns)], ensure_ascii=False))
"""


def _values(data_dir: Path) -> tuple[str, int]:
    with open_storage(data_dir, daily_backup=False) as s:
        service = ReturnService(s, default_catalog())
        by_form = {i.form: i for i in service.returns_of("潞城区", 2025)}
        t1 = service.load(by_form["t1"]).data.values["total_use"].text
        return t1, len(service.load(by_form["t4"]).data.rows)


def test_a_refused_half_of_a_workbook_keeps_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    with open_storage(source) as s:
        build_demo(s, default_catalog())
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock"))
    before = _values(target)
    assert before[0] != "1111"
    with open_storage(source) as s:
        service = ReturnService(s, default_catalog())
        by_form = {i.form: i for i in service.returns_of("潞城区", 2025)}
        service.enter_values(service.load(by_form["t1"]), {"total_use": "1111"})
        t4 = service.load(by_form["t4"])
        rows = [{"name": f"用水户{i}", "plan": "说明" * 1000} for i in range(300)]
        service.insert_ledger_rows(t4, len(t4.data.rows), rows)
        loaded = [service.load(by_form["t1"]), service.load(by_form["t4"])]
        workbook = export_returns(service, loaded, tmp_path / "two.xlsx").path
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(target), str(workbook)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    accepted, message, returns = json.loads(out.stdout)
    # SQLite reports the limit as an I/O error (SQLITE_IOERR), said as such: 磁盘已满、超出文件大小限制…
    assert not accepted and "导入失败" in message and "超出文件大小限制" in message, message
    assert _values(target) == before  # 表一 not 1111, 表四 without the 300 rows
    assert returns == 0  # none reported as imported
