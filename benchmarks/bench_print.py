"""Printing benchmark: one 表一 sheet to PDF, and a 500-row 表四 ledger.

Run: python benchmarks/bench_print.py
Targets (issue #7): 表一 to PDF < 300 ms; 500-row ledger < 3 s. Figures only, no assertions.
Build = reading the return, judging it and formatting the texts; PDF = layout and drawing.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _figures import report
from PySide6.QtGui import QGuiApplication

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.printing.paint import write_pdf
from siwu_desktop.printing.sheet import build_report
from siwu_desktop.services.demo import DEMO_COUNTY, build_demo
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import open_storage
from siwu_desktop.storage.returns import ReturnInfo, ReturnKey

ROUNDS = 5


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(service: ReturnService, info: ReturnInfo, pdf: Path) -> tuple[int, float, float, float]:
    """(pages, build ms, PDF ms, build + PDF ms) for one return."""

    def load() -> LoadedReturn:
        return service.load(info)

    sheet = build_report(service, load())
    pages = write_pdf(sheet, pdf)
    build = median_ms(lambda: build_report(service, load()))
    paint = median_ms(lambda: write_pdf(sheet, pdf))
    total = median_ms(lambda: write_pdf(build_report(service, load()), pdf))
    return pages, build, paint, total


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with open_storage(root / "data") as storage:
            catalog = default_catalog()
            build_demo(storage, catalog)
            service = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
            loaded = service.load(service.open(DEMO_COUNTY, "t4", 2026))
            sample = sample_return(loaded.form, DEMO_COUNTY, 2026, ledger_rows=500)
            for row, sample_row in enumerate(sample.rows):
                service.put_ledger_row(
                    loaded, row, {c: e.text for c, e in sample_row.cells.items()}
                )
            service.finalise(loaded)
            rows = []
            for label, form, year in (
                ("表一 (finalised)", "t1", 2024),
                ("表四 500 rows", "t4", 2026),
            ):
                info = storage.returns.find(ReturnKey(DEMO_COUNTY, form, year))
                assert info is not None

                pages, build, paint, total = measure(service, info, root / f"{form}.pdf")
                target = 300 if form == "t1" else 3000
                rows.append((label, pages, build, paint, total, target))
    print(
        f"{'sheet':<18}{'pages':>6}{'build ms':>10}{'pdf ms':>9}{'total ms':>10}{'target ms':>11}"
    )
    for label, pages, build, paint, total, target in rows:
        print(f"{label:<18}{pages:>6}{build:>10.1f}{paint:>9.1f}{total:>10.1f}{target:>11}")
    report(
        {
            label: {"pages": pages, "build_ms": build, "pdf_ms": paint, "total_ms": total}
            | {"target_ms": target}
            for label, pages, build, paint, total, target in rows
        }
    )
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
