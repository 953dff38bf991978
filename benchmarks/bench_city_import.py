"""City import at scale (issue #16): 2,016 signed county workbooks (长治市's 12 counties ×
84 years, 2016–2099, × 表一 and 表二, each filled, finalised, signed and exported by the
county's own data directory: set-up, not timed) taken in from one folder by the city
importer: budget ≤ 60 s for 2,000 files. The years past 2035 only make the files many
and distinct (each its own digest and signature), as a city receiving every county's
returns and corrections for years would hold.

The same files are then taken in a second time by the window (city mode, offscreen, the
import with its progress dialog: reading on a worker thread, storing on the GUI thread)
into a second, empty city data directory.

Run: python benchmarks/bench_city_import.py [--files N]   (N rounded to 24 files a year)
Figures only, no assertions. Making the files takes longer than importing them (about
45–90 ms a file on a 2-core machine): the script prints both.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _figures import report
from bench_city import CITY, city_service, make_exports

from siwu_desktop.cli.common import format_table
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.terms import ImportOutcome
from siwu_desktop.services.city_import import import_paths
from siwu_desktop.services.returns import ReturnService

FIRST_YEAR = 2016
FORMS = ("t1", "t2")
FILES = 2016


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=FILES)
    args = parser.parse_args()
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    per_year = len(counties) * len(FORMS)
    years = range(FIRST_YEAR, FIRST_YEAR + max(1, round(args.files / per_year)))
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        made = make_exports(root / "exports", root / "counties", years, FORMS)
        rows.append(
            [f"make {made} signed county exports (set-up)", f"{time.perf_counter() - start:.1f} s"]
        )
        with city_service(root) as service:
            start = time.perf_counter()
            result = import_paths(service, [root / "exports"])
            seconds = time.perf_counter() - start
        rows.append([f"import {made} files from a folder ({result.summary()})", f"{seconds:.1f} s"])
        rows.append(["per file", f"{seconds / max(made, 1) * 1000:.1f} ms"])
        with city_service(root, "city-window") as service:
            in_window, taken = window_import(service, root / "exports")
        rows.append(
            [
                f"the same {made} files by the window's import (progress dialog; {taken} accepted)",
                f"{in_window:.1f} s",
            ]
        )
    print(format_table(["step", "time"], rows))
    report(
        {
            "label": f"市级导入{made}个县区报表文件（核验摘要与签名，入库）",
            "seconds": seconds,
            "budget_s": 60 if made >= 2000 else 60 * made / 2000,
            "window": {
                "label": f"市级窗口导入{made}个县区报表文件（带进度条，接收{taken}张）",
                "seconds": in_window,
                "budget_s": 60 if made >= 2000 else 60 * made / 2000,
            },
        }
    )


def window_import(service: ReturnService, folder: Path) -> tuple[float, int]:
    """The window's 导入文件夹 on `folder`, timed from the call to the job's end; with
    how many returns it accepted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings

    from siwu_desktop.ui.app import create_app
    from siwu_desktop.ui.main_window import MainWindow

    app = create_app()
    settings = QSettings(str(folder.parent / "window.ini"), QSettings.Format.IniFormat)
    win = MainWindow(service.catalog, settings, service=service)
    win.show()
    app.processEvents()
    assert win.city_mode is not None
    loop = QEventLoop()
    start = time.perf_counter()
    job = win.city_mode.import_paths([folder])
    assert job is not None
    job.done.connect(loop.quit)
    loop.exec()
    seconds = time.perf_counter() - start
    win.close()
    accepted = [
        line
        for _, lines, error in job.results
        if error is None
        for line in lines
        if line.outcome == ImportOutcome.ACCEPTED
    ]
    return seconds, len(accepted)


if __name__ == "__main__":
    main()
