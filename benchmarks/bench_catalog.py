"""Catalog load and `siwu targets --json` start-up, against a bare Python start."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def timed(argv: list[str], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    from siwu_desktop.core.catalog import load_catalog

    samples = []
    for _ in range(20):
        start = time.perf_counter()
        load_catalog()
        samples.append(time.perf_counter() - start)
    bare = timed([sys.executable, "-c", "pass"])
    cli = timed([sys.executable, "-m", "siwu_desktop", "targets", "--json"])
    print(f"{'measure':<40}{'median ms':>12}")
    print(f"{'load catalog (in process)':<40}{statistics.median(samples) * 1000:>12.1f}")
    print(f"{'bare python start':<40}{bare * 1000:>12.1f}")
    print(f"{'siwu targets --json (process)':<40}{cli * 1000:>12.1f}")


if __name__ == "__main__":
    main()
