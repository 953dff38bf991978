"""Core timings, printed as a table (run on demand: `python benchmarks/bench_core.py`).

- re-validating a complete 表一 + 表二 after one edit (target: median under 2 ms);
- validating a 表四 ledger of 2,000 rows (target: under 50 ms);
beside a bare-Python baseline (a trivial loop) so figures from different machines
can be compared. Uses the embedded catalog when it loads, else a built-in fixture.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from siwu_desktop.cli.common import format_table
from siwu_desktop.core.catalog import CatalogError, TargetCatalog, default_catalog, load_catalog
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.returns import enter
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.validation import ValidationContext, validate


def _catalog() -> tuple[TargetCatalog, str]:
    try:
        return default_catalog(), "内置目标库"
    except CatalogError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))
        from conftest import write_catalog  # type: ignore[import-not-found]

        folder = write_catalog(Path(tempfile.mkdtemp()) / "targets")
        return load_catalog(folder), "测试目标库"


def _time(func: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    catalog, which = _catalog()
    city, county, year = "聊城市", "临清市", 2025
    t1_form, t2_form, t4_form = (build_form(catalog, city, f) for f in ("t1", "t2", "t4"))
    t1, t2 = sample_return(t1_form, county, year), sample_return(t2_form, county, year)
    ctx = ValidationContext(catalog, companions={"t1": t1, "t2": t2})
    validate(t1, ctx)  # warm the form and target caches

    edits = iter(range(10**9))

    def one_edit() -> None:
        enter(t2, t2_form, "industry_surface", str(400 + next(edits) % 7))
        validate(t1, ctx)
        validate(t2, ctx)

    ledger = sample_return(t4_form, county, year, ledger_rows=2000)
    ledger_ctx = ValidationContext(catalog, companions={"t2": t2})

    def bare_loop() -> None:
        total = 0
        for i in range(100_000):
            total += i

    edit = _time(one_edit, 500)
    big = _time(lambda: validate(ledger, ledger_ctx), 20)
    base = _time(bare_loop, 50)
    rows = [
        (
            "表一+表二 改一格后重新校验",
            f"{len(t1_form.fields) + len(t2_form.fields)} 栏",
            edit,
            "< 2 ms",
        ),
        ("表四 台账校验", "2000 行", big, "< 50 ms"),
        ("基准：空循环 10万次", "", base, ""),
    ]
    print(f"siwu core benchmark（{which}，{city}，Python {sys.version.split()[0]}）")
    table = [
        [name, size, f"{statistics.median(t):.3f}", f"{min(t):.3f}", f"{max(t):.3f}", goal]
        for name, size, t, goal in rows
    ]
    print(format_table(["项目", "规模", "中位数 ms", "最小 ms", "最大 ms", "目标"], table))


if __name__ == "__main__":
    main()
