"""Hostile workbooks (issue #15 item 2): time and peak memory until each is refused.

Run: python benchmarks/bench_hostile.py
Target: each refused within 5 s and 200 MB. Each read runs in its own process (a fresh
interpreter, catalog loaded) so its peak is its own: VmHWM of /proc/self/status at the
end, and after the imports (printed beside it; ru_maxrss would carry the parent's
peak over the exec on Linux). Figures only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _figures import report  # noqa: E402

from siwu_desktop.core.catalog import default_catalog  # noqa: E402
from siwu_desktop.excel.template import write_template  # noqa: E402
from tests.excel import hostile_files as hf  # noqa: E402

CHILD = """
import json, sys, time
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
def peak_kb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
catalog = default_catalog()
base = peak_kb()
start = time.perf_counter()
try:
    read_workbook(sys.argv[1], catalog)
    outcome = "accepted"
except WorkbookRejected as exc:
    outcome = exc.message
print(json.dumps([time.perf_counter() - start, peak_kb(), base, outcome], ensure_ascii=False))
"""


def measure(path: Path) -> tuple[float, float, float, str]:
    """Seconds, peak MB of the process, MB after imports, and the outcome."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    seconds, peak_kb, base_kb, outcome = json.loads(out.stdout)
    return seconds, peak_kb / 1024, base_kb / 1024, outcome


def main() -> None:
    catalog = default_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = write_template(catalog, "长治市", "潞城区", "t1", 2025, "Y", root / "t.xlsx")
        files = {
            "12 张表 × 1 MB 空单元格": hf.empty_cell_bomb(template, root / "a.xlsx", sheets=12),
            "195 张表 × 1 MB 空单元格": hf.empty_cell_bomb(template, root / "b.xlsx", sheets=195),
            "180 MB 未用共享字符串": hf.unused_shared_strings(template, root / "c.xlsx", 180),
            "40 万个小共享字符串": hf.many_tiny_strings(template, root / "d.xlsx", 400_000),
            "1985 张表": hf.many_sheets(template, root / "e.xlsx", 1985),
            "正常模板（对照）": template,
        }
        rows = []
        for label, path in files.items():
            seconds, peak, base, outcome = measure(path)
            rows.append((label, path.stat().st_size / 1024, seconds, peak, base, outcome))
    print(f"{'file':<24} {'KB':>8} {'s':>6} {'peak MB':>8} {'(after imports)':>15}  outcome")
    for label, kb, seconds, peak, base, outcome in rows:
        print(f"{label:<24} {kb:8.0f} {seconds:6.2f} {peak:8.1f} {base:15.1f}  {outcome[:70]}")
    print("target: every hostile file refused within 5 s and 200 MB")
    report(
        {
            label: {"kb": kb, "seconds": seconds, "peak_mb": peak, "refused": "已拒绝" in outcome}
            for label, kb, seconds, peak, _, outcome in rows
        }
    )


if __name__ == "__main__":
    main()
