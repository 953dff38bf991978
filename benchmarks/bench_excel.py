"""Excel benchmark: export and import of one return against plain openpyxl, same run.

Run: python benchmarks/bench_excel.py
Targets (issue #5): exporting one return ≤ 1.5 × openpyxl opening the same template and
saving it unchanged; importing one return ≤ 1.5 × a plain openpyxl load of the file.
Figures only, no assertions.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl
from _figures import report

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.excel.reader import read_workbook
from siwu_desktop.excel.template import write_template
from siwu_desktop.services.county_import import import_workbook
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.export import build_workbook, export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage

ROUNDS = 7


def median_ms(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    fn()  # warm caches (catalog, forms)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    catalog = default_catalog()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with open_storage(root / "data") as storage:
            build_demo(storage, catalog)
            service = ReturnService(storage, catalog, today=dt.date(2025, 1, 20))
            for info in service.returns_of("潞城区", 2024):
                loaded = service.load(info)
                template = write_template(
                    catalog, "长治市", "潞城区", info.form, 2024, "Y", root / f"t_{info.form}.xlsx"
                )
                out = root / f"e_{info.form}.xlsx"

                def plain_roundtrip(template: Path = template) -> None:
                    openpyxl.load_workbook(template).save(root / "plain.xlsx")

                def export(loaded=loaded, out=out) -> None:  # type: ignore[no-untyped-def]
                    export_returns(service, [loaded], out)

                def build_only(loaded=loaded) -> None:  # type: ignore[no-untyped-def]
                    build_workbook(service, [loaded])

                def plain_load(out: Path = out) -> None:
                    openpyxl.load_workbook(out)

                def read(out: Path = out) -> None:
                    read_workbook(out, catalog)

                def imp(out: Path = out) -> None:
                    result = import_workbook(service, out)
                    assert result.ok, result.message

                base_e = median_ms(plain_roundtrip)
                exp = median_ms(export)
                built = median_ms(build_only)
                base_i = median_ms(plain_load)
                rd = median_ms(read)
                im = median_ms(imp)
                rows.append(
                    (
                        loaded.form.short,
                        base_e,
                        exp,
                        exp / base_e,
                        built,
                        base_i,
                        rd,
                        im,
                        im / base_i,
                    )
                )
    head = (
        "form",
        "open+save ms",
        "export ms",
        "ratio",
        "(build ms)",
        "load ms",
        "read ms",
        "import ms",
        "ratio",
    )
    print("  ".join(f"{h:>12}" for h in head))
    for r in rows:
        print(
            f"{r[0]:>11}  "
            + "  ".join(
                f"{v:12.1f}" if i not in (2, 7) else f"{v:12.2f}" for i, v in enumerate(r[1:])
            )
        )
    print("targets: export ratio ≤ 1.5, import ratio ≤ 1.5 (median of", ROUNDS, "rounds)")
    report(
        {
            r[0]: {"openpyxl_open_save_ms": r[1], "export_ms": r[2], "export_ratio": r[3]}
            | {"openpyxl_load_ms": r[5], "import_ms": r[7], "import_ratio": r[8]}
            for r in rows
        }
        | {"target_ratio": 1.5}
    )


if __name__ == "__main__":
    main()
