"""City benchmark (issue #8): 120 county returns (长治市's 12 counties × 10 years, 表一 +
表二) stored in a city-mode data directory, then each year consolidated and its summary
workbook written.

Run: python benchmarks/bench_city.py
Budget (issue #8): importing and consolidating 120 county returns under 10 s.
Second part: 120 exported county workbooks (12 counties × 10 years of 表一, each filled,
finalised and exported by the county's own data directory: set-up, not timed) taken in
from a folder by the city importer (digests checked, revisions stored verbatim), then
every year consolidated and its summary written: that sum is the budgeted figure.
Figures only, no assertions.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _figures import report

from siwu_desktop.cli.common import format_table
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.excel.reader import read_workbook
from siwu_desktop.excel.summary import write_summary
from siwu_desktop.services.city import city_picture
from siwu_desktop.services.city_demo import (
    EXPLAINED,
    county_profile,
    key_folder,
    register_county_keys,
)
from siwu_desktop.services.city_import import import_paths
from siwu_desktop.services.export import export_filename, export_returns
from siwu_desktop.services.keys import KEY_FILE_SUFFIX, check_returns, export_public_key
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, Storage, open_storage

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
        make_exports(root / "exports", root / "counties")
        files = root / "exports"
        imported, consolidated = import_and_consolidate(root, files, rows)
    print(format_table(["step", "time"], rows))
    report(  # the row of run_all.py's summary: label it as exactly what `seconds` measured
        {
            "label": "导入120个县区报表文件（12县×10年表一，核验摘要）+ 汇总并写出10年汇总表",
            "seconds": imported + consolidated,
            "budget_s": 10,
        }
    )


def make_exports(
    folder: Path, work: Path, years: range = YEARS, forms: tuple[str, ...] = ("t1",)
) -> int:
    """What the counties email: one finalised workbook per county, year and form (core's
    sample, every finding explained; not timed). Returns how many were made."""
    catalog = default_catalog()
    made = 0
    for county in catalog.counties_for(CITY):
        with open_storage(work / county.name, daily_backup=False) as storage:
            storage.profile.save(county_profile(catalog, CITY, county.name))
            for year in years:
                service = ReturnService(storage, catalog, today=dt.date(year + 1, 1, 20))
                for form_id in forms:
                    loaded = service.load(service.open(county.name, form_id, year))
                    sample = sample_return(loaded.form, county.name, year)
                    service.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
                    for finding in service.validate(loaded):
                        service.set_explanation(loaded, finding.key, EXPLAINED)
                    service.finalise(loaded)
                    loaded = service.load(loaded.info)
                    export_returns(service, [loaded], folder / export_filename(loaded))
                    made += 1
            export_public_key(storage, key_folder(work) / f"{county.name}{KEY_FILE_SUFFIX}")
    return made


def signature_check(storage: Storage, folder: Path) -> str:
    """Mean time of checking one workbook's signatures against the registered keys (#14):
    the part of an import that signatures add, measured on already-read workbooks."""
    catalog = default_catalog()
    parsed = [read_workbook(p, catalog) for p in sorted(folder.glob("*.xlsx"))[:20]]
    start = time.perf_counter()
    for p in parsed:
        assert check_returns(storage, p, "bench") is None
    return f"{(time.perf_counter() - start) / len(parsed) * 1000:.2f} ms"


@contextmanager
def city_service(root: Path, name: str = "city") -> Iterator[ReturnService]:
    """The city's data directory `name` under `root`, every county key of `make_exports`
    registered."""
    catalog = default_catalog()
    counties = catalog.counties_for(CITY)
    with open_storage(root / name, daily_backup=False) as storage:
        storage.profile.save(
            Profile(mode="city", city=CITY, counties=tuple((c.name, c.code) for c in counties))
        )
        register_county_keys(storage, key_folder(root / "counties"))
        yield ReturnService(storage, catalog)


def import_and_consolidate(root: Path, folder: Path, rows: list[list[str]]) -> tuple[float, float]:
    with city_service(root) as service:
        storage = service.storage
        start = time.perf_counter()
        result = import_paths(service, [folder])
        imported = time.perf_counter() - start
        rows.append([f"import 120 files from a folder ({result.summary()})", f"{imported:.2f} s"])
        rows.append(["signature check per file (budget 5 ms)", signature_check(storage, folder)])
        start = time.perf_counter()
        for year in YEARS:
            picture = city_picture(service, year)
            write_summary(picture.consolidation, picture.used, root / f"imported_{year}.xlsx")
        consolidated = time.perf_counter() - start
        rows.append(["consolidate + write the imported, all 10 years", f"{consolidated:.2f} s"])
        rows.append(
            ["import 120 files + consolidate (budget 10 s)", f"{imported + consolidated:.2f} s"]
        )
    return imported, consolidated


if __name__ == "__main__":
    main()
