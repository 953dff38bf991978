"""City benchmark (issue #8): 120 county returns (长治市's 12 counties × 10 years, 表一 +
表二) stored in a city-mode data directory, then each year consolidated and its summary
workbook written.

Run: python benchmarks/bench_city.py
Budget (issue #8): importing and consolidating 120 county returns under 10 s; the
import-of-files part comes with the city importer. Figures only, no assertions.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from siwu_desktop.cli import format_table
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.excel.summary import write_summary
from siwu_desktop.services.city import city_picture
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage

CITY = "长治市"
YEARS = range(2016, 2026)


def main() -> None:
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with open_storage(root / "data") as storage:
            storage.profile.save(
                Profile(mode="city", city=CITY, counties=tuple((c.name, c.code) for c in counties))
            )
            service = ReturnService(storage, catalog)
            start = time.perf_counter()
            for year in YEARS:
                for county in counties:
                    for form_id in ("t1", "t2"):
                        loaded = service.load(service.open(county.name, form_id, year))
                        sample = sample_return(loaded.form, county.name, year)
                        service.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
            stored = time.perf_counter() - start
            rows.append(["store 240 returns (120 × 表一+表二)", f"{stored:.2f} s"])
            total = 0.0
            for year in YEARS:
                t0 = time.perf_counter()
                picture = city_picture(service, year)
                t1 = time.perf_counter()
                write_summary(picture.consolidation, picture.used, root / f"summary_{year}.xlsx")
                t2 = time.perf_counter()
                total += t2 - t0
                rows.append(
                    [
                        f"{year}: consolidate {len(picture.consolidation.reported)} counties"
                        " / write workbook",
                        f"{t1 - t0:.3f} s / {t2 - t1:.3f} s",
                    ]
                )
            rows.append(["consolidate + write, all 10 years", f"{total:.2f} s"])
            rows.append(["store + consolidate (budget 10 s)", f"{stored + total:.2f} s"])
    print(format_table(["step", "time"], rows))


if __name__ == "__main__":
    main()
