"""Window benchmark: start-up to a filled 表一 on screen, and one edit to updated findings.

Run: python benchmarks/bench_ui.py [--runs N]
Targets (issues #6, #13): process start → main window showing the demo's 表一 at most
2.0 × a bare PySide6 window measured in the same run; one edit → findings on
screen under 16 ms median. Figures only, no assertions.

Start-up is timed exactly as run_all.py times it (benchmarks/_startup.py): `siwu`
and a bare window started in turns, each reporting when its window is exposed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _figures import report  # noqa: E402
from _startup import BARE_WINDOW, siwu_command, time_starts  # noqa: E402


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
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.demo import build_demo
    from siwu_desktop.storage import open_storage

    with tempfile.TemporaryDirectory() as tmp:
        with open_storage(tmp) as storage:
            build_demo(storage, default_catalog())
        started = time_starts(
            {"bare": [sys.executable, "-c", BARE_WINDOW], "siwu": siwu_command(tmp)}, args.runs
        )
        edits = edit_latency(tmp, args.edits)
    b, f = started["bare"].median_s, started["siwu"].median_s
    e = statistics.median(edits)
    rows = [
        ("bare PySide6 window: start → shown", f"{b * 1000:.0f} ms", ""),
        ("siwu: start → 表一 shown", f"{f * 1000:.0f} ms", f"ratio {f / b:.2f} (target ≤ 2.0)"),
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
