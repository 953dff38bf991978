"""Storage benchmark: city mode, 10 years × 12 counties × 4 returns, full audit history.

Run: python benchmarks/bench_storage.py [--keep DIR]
Prints a small table; targets (from issue #4): open + list a period < 100 ms,
one edit saved < 5 ms median. Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from siwu_desktop.storage import Profile, ReturnKey, find_backups, open_storage
from siwu_desktop.storage.database import integrity_problems

YEARS = range(2016, 2026)
COUNTIES = [f"县{i:02d}" for i in range(12)]
FORMS = ("table1", "table2", "table3", "table4")
FIELDS = 60
LEDGER_ROWS = 15
EDIT_ROUNDS = 3  # each value typed, then corrected twice: three audit rows per field


def build(data_dir: Path) -> int:
    with open_storage(data_dir) as s:
        s.profile.save(
            Profile(mode="city", city="长治市", counties=tuple((c, "") for c in COUNTIES))
        )
        for year in YEARS:
            for county in COUNTIES:
                for form in FORMS:
                    rid = s.returns.get_or_create(ReturnKey(county, form, year, "Y")).id
                    for round_ in range(EDIT_ROUNDS):
                        s.returns.set_values(
                            rid,
                            {
                                f"field_{f:02d}": (
                                    f"{f * 10 + round_}.25",
                                    Decimal(f"{f * 10 + round_}.25"),
                                )
                                for f in range(FIELDS)
                            },
                        )
                    if form == "table4":
                        for r in range(LEDGER_ROWS):
                            s.returns.put_ledger_row(rid, {"name": f"用水户{r}", "plan": str(r)})
                    if year < YEARS[-1]:
                        s.returns.mark_validated(rid)
                        content = json.dumps(
                            {k: v.text for k, v in s.returns.values(rid).items()},
                            ensure_ascii=False,
                        )
                        s.returns.finalize(rid, f"sha256:{rid:064x}", content)
        return len(s.returns.list_returns())


def timed(fn: object, runs: int) -> list[float]:
    assert callable(fn)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="build in this folder and keep it")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="siwu-bench-"))
    data_dir = folder / "data"
    start = time.perf_counter()
    n_returns = build(data_dir)
    build_s = time.perf_counter() - start
    with open_storage(data_dir):  # today's daily backup, so timed opens measure the usual start
        pass

    def open_and_list() -> None:
        with open_storage(data_dir) as s:
            assert len(s.returns.list_returns(year=2025, period="Y")) == 48

    opens = timed(open_and_list, 30)

    def first_start_of_day() -> None:
        for backup in find_backups(data_dir):
            backup.path.unlink()
        open_and_list()

    firsts = timed(first_start_of_day, 5)
    with open_storage(data_dir) as s:
        db = s.session.db
        audit_rows = db.execute("SELECT count(*) FROM audit").fetchone()[0]
        value_rows = db.execute("SELECT count(*) FROM field_values").fetchone()[0]
        checks = timed(lambda: integrity_problems(db), 5)
        quick = timed(lambda: integrity_problems(db, quick=True), 5)
        listing = timed(lambda: s.returns.list_returns(year=2025, period="Y"), 50)
        rid = s.returns.list_returns(year=2025, period="Y", county="县03", form="table1")[0].id
        counter = iter(range(10**6))

        def one_edit() -> None:
            i = next(counter)
            s.returns.set_value(rid, f"field_{i % FIELDS:02d}", f"{i}.5", Decimal(f"{i}.5"))

        edits = timed(one_edit, 300)
    size_mb = (data_dir / "siwu.db").stat().st_size / 1e6

    rows = [
        ("returns / values / audit rows", f"{n_returns} / {value_rows} / {audit_rows}", ""),
        ("database size", f"{size_mb:.1f} MB", ""),
        ("build (not a target)", f"{build_s:.1f} s", ""),
        ("open + list a period (median)", f"{statistics.median(opens):.1f} ms", "< 100 ms"),
        ("open + list a period (max)", f"{max(opens):.1f} ms", ""),
        ("  of which list a period", f"{statistics.median(listing):.2f} ms", ""),
        ("  quick_check alone", f"{statistics.median(quick):.1f} ms", ""),
        ("first start of a day (median)", f"{statistics.median(firsts):.1f} ms", ""),
        ("  integrity_check alone", f"{statistics.median(checks):.1f} ms", ""),
        ("  (first start = full check + daily backup)", "", ""),
        ("save one edit (median)", f"{statistics.median(edits):.2f} ms", "< 5 ms"),
        ("save one edit (p95)", f"{sorted(edits)[int(len(edits) * 0.95)]:.2f} ms", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>22}  target")
    print("-" * (width + 34))
    for name, result, target in rows:
        print(f"{name:<{width}}  {result:>22}  {target}")
    print(f"data: {data_dir}" if args.keep else "")


if __name__ == "__main__":
    main()
