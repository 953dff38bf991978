"""Window benchmark: start-up to a filled 表一 on screen, and one edit to updated findings.

Run: python benchmarks/bench_ui.py [--runs N]
Targets (issue #6): process start → main window showing the demo's 表一 at most
2.5 × a bare PySide6 QWidget measured in the same run; one edit → findings on
screen under 16 ms median. Figures only, no assertions.

Start-up is timed from the parent: the wall clock before spawning a child process,
to the timestamp the child prints when its window is exposed (first paint done).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _figures import report  # noqa: E402

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(800, 600); w.show()
from PySide6.QtTest import QTest
QTest.qWaitForWindowExposed(w)
print(time.time(), flush=True)
"""

FULL = """
import sys, time
from siwu_desktop.ui.app import create_app, settings_for
app = create_app()
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from siwu_desktop.ui.main_window import MainWindow
catalog = default_catalog()
storage = open_storage(sys.argv[1], daily_backup=False)
window = MainWindow(catalog, settings_for(sys.argv[1]), service=ReturnService(storage, catalog))
window.resize(1500, 900); window.show()
from PySide6.QtTest import QTest
QTest.qWaitForWindowExposed(window)
assert window.page.current is not None and window.page.current.form.id == "t1"
print(time.time(), flush=True)
storage.close()
"""


def spawn(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = str(ROOT)
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1]) - start


def edit_latency(data_dir: str, rounds: int) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import open_storage
    from siwu_desktop.ui.app import create_app, settings_for
    from siwu_desktop.ui.main_window import MainWindow

    app = create_app()
    catalog = default_catalog()
    storage = open_storage(data_dir, daily_backup=False)
    window = MainWindow(catalog, settings_for(data_dir), service=ReturnService(storage, catalog))
    window.resize(1500, 900)
    window.show()
    app.processEvents()
    page = window.page
    assert page is not None
    editor = page.current_editor()
    assert editor is not None
    index = editor.model.index_of(None, "billed_use")
    times = []
    for i in range(rounds):
        text = str(2500 + (i % 50) * 7)
        start = time.perf_counter()
        editor.model.setData(index, text)  # parse, save, validate, findings panel
        QApplication.processEvents()  # the dirty regions repainted
        times.append((time.perf_counter() - start) * 1000)
    window.close()
    storage.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.demo import build_demo
    from siwu_desktop.storage import open_storage

    with tempfile.TemporaryDirectory() as tmp:
        with open_storage(tmp) as storage:
            build_demo(storage, default_catalog())
        spawn(BARE)  # warm the file cache for both
        spawn(FULL, tmp)
        bare = [spawn(BARE) for _ in range(args.runs)]
        full = [spawn(FULL, tmp) for _ in range(args.runs)]
        edits = edit_latency(tmp, args.edits)
    b, f = statistics.median(bare), statistics.median(full)
    e = statistics.median(edits)
    rows = [
        ("bare QWidget: start → shown", f"{b * 1000:.0f} ms", ""),
        ("siwu: start → 表一 shown", f"{f * 1000:.0f} ms", f"ratio {f / b:.2f} (target ≤ 2.5)"),
        ("edit → findings on screen, median", f"{e:.1f} ms", "target < 16 ms"),
        (
            "edit → findings on screen, 90th pct",
            f"{sorted(edits)[int(len(edits) * 0.9)]:.1f} ms",
            "",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>9}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")
    report(
        {
            "bare_start_s": b,
            "siwu_start_s": f,
            "edit_median_ms": e,
            "edit_p90_ms": sorted(edits)[int(len(edits) * 0.9)],
            "edit_target_ms": 16,
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
