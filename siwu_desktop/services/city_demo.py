"""County exports for trying city mode (and for its tests and benchmark): each county of a
city fills its annual 表一 in its own data directory, finalises it and exports the
standard workbook, exactly as a county bureau would before emailing it.

The figures are core's sample return with a few base quantities set per county, so
the city's consolidated figures can be worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.export import export_filename, export_returns
from siwu_desktop.services.keys import KEY_FILE_SUFFIX, export_public_key, import_key
from siwu_desktop.services.returns import LoadedReturn, ReturnService
from siwu_desktop.storage import Profile, Storage, open_storage

#: a small county's base quantities (万m³, 亿元, %); the parts sized within the total
SMALL = {
    "total_use": "1000",
    "total_use_b2020": "1000",
    "gdp_index_b2020": "125",
    "gdp_b2020": "100",
    "supply_total": "1000",
    "billed_use": "900",
    "household_metered_share": "40",
    "irrigation_net": "600",
    "irrigation_gross": "1000",
    "groundwater_use": "300",
    "agricultural_use": "400",
    "industrial_use": "200",
}
#: one large county
LARGE = {
    "total_use": "12000",
    "total_use_b2020": "10000",
    "gdp_index_b2020": "110",
    "gdp_b2020": "900",
    "supply_total": "10000",
    "billed_use": "8000",
    "household_metered_share": "60",
    "irrigation_net": "2000",
    "irrigation_gross": "5000",
}
EXPLAINED = "已核实。"


def county_profile(catalog: TargetCatalog, city: str, county: str) -> Profile:
    code = catalog.county(city, county).code
    return Profile(
        mode="county",
        city=city,
        county=county,
        unit_name=f"{county}水利局",
        preparer="张三",
        reviewer="李四",
        head="王五",
        counties=((county, code),),
    )


def fill_and_finalise(
    service: ReturnService, county: str, year: int, overrides: Mapping[str, str]
) -> LoadedReturn:
    """表一 of the year from core's sample with `overrides`, every finding explained, finalised."""
    loaded = service.load(service.open(county, "t1", year))
    texts = {f: e.text for f, e in sample_return(loaded.form, county, year).values.items()}
    texts.update(overrides)
    service.enter_values(loaded, texts)
    for finding in service.validate(loaded):
        service.set_explanation(loaded, finding.key, EXPLAINED)
    service.finalise(loaded)
    return loaded


def fill_form_and_finalise(
    service: ReturnService, county: str, form_id: str, year: int, period: str = "Y"
) -> LoadedReturn:
    """Any form of the period from core's sample (表四: 6 units), every finding explained,
    finalised: a county's whole year for the city's 汇总 of all four returns."""
    loaded = service.load(service.open(county, form_id, year, period))
    sample = sample_return(loaded.form, county, year, period, ledger_rows=6)
    if form_id in ("t1", "t2"):
        service.enter_values(loaded, {f: e.text for f, e in sample.values.items()})
    elif form_id == "t3":
        for row, sample_row in enumerate(sample.rows):
            for column, entry in sample_row.cells.items():
                service.enter_task(loaded, row, column, entry.text)
    else:
        for row, sample_row in enumerate(sample.rows):
            service.put_ledger_row(loaded, row, {c: e.text for c, e in sample_row.cells.items()})
    for finding in service.validate(loaded):
        service.set_explanation(loaded, finding.key, EXPLAINED)
    service.finalise(loaded)
    return loaded


def correct_and_finalise(
    service: ReturnService, loaded: LoadedReturn, changes: Mapping[str, str], reason: str
) -> LoadedReturn:
    """更正: revision n+1 with `changes`, explained again and finalised."""
    service.correct(loaded, reason)
    service.enter_values(loaded, dict(changes))
    for finding in service.validate(loaded):
        service.set_explanation(loaded, finding.key, EXPLAINED)
    service.finalise(loaded)
    return loaded


def export_county_returns(
    catalog: TargetCatalog,
    city: str,
    year: int,
    out_dir: Path,
    work_dir: Path,
    *,
    counties: Sequence[str] | None = None,
    large: str | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """One finalised 表一 export per county in `out_dir`; the county databases in `work_dir`."""
    names = list(counties or [c.name for c in catalog.counties_for(city)])
    big = large if large is not None else names[-1]
    out: list[Path] = []
    for county in names:
        with open_storage(work_dir / county, daily_backup=False) as storage:
            storage.profile.save(county_profile(catalog, city, county))
            service = ReturnService(storage, catalog, today=today or dt.date(year + 1, 1, 20))
            loaded = fill_and_finalise(service, county, year, LARGE if county == big else SMALL)
            loaded = service.load(loaded.info)
            target = out_dir / export_filename(loaded)
            out.append(export_returns(service, [loaded], target).path)
            export_public_key(storage, key_folder(work_dir) / f"{county}{KEY_FILE_SUFFIX}")
    return out


def key_folder(work_dir: Path) -> Path:
    """Where `export_county_returns` leaves each county's public key file."""
    return work_dir / "公钥"


def register_county_keys(storage: Storage, folder: Path) -> list[str]:
    """The city registers every county key file in `folder` (e.g. `key_folder(work_dir)`),
    as it would after comparing each with its stamped 密钥备案表; one message per key."""
    return [import_key(storage, p) for p in sorted(Path(folder).glob(f"*{KEY_FILE_SUFFIX}"))]
