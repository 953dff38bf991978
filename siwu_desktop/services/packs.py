"""Target packs on disk and in the database: make from a CSV, write, read, import, apply.

core.target_pack knows what a pack is; this module does the file I/O and keeps
packs in `storage.packs` (verbatim file text, issuer, version, date, digest). The
pack in force for a city is the latest stored pack of that city (by date, then by
import order): validation applies it from the moment it is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from siwu_desktop.core import messages as core_msg
from siwu_desktop.core import units
from siwu_desktop.core.catalog import TargetCatalog, Task
from siwu_desktop.core.compliance import CountyAllocation
from siwu_desktop.core.formulas import DEFAULT_SURCHARGE_BANDS, SurchargeBand
from siwu_desktop.core.indicators import INDICATORS
from siwu_desktop.core.target_pack import (
    Change,
    PackAllocation,
    PackError,
    TargetPack,
    decimal_value,
    diff_packs,
    make_pack,
    pack_from_dict,
    pack_tasks,
    pack_to_json,
    read_pack,
)
from siwu_desktop.core.terms import bound_text
from siwu_desktop.services.changes import Changes
from siwu_desktop.storage import Storage, StorageError, audit

CSV_COLUMNS = ("县区", "指标", "年份", "目标值", "单位")
EVERY_YEAR_WORDS = ("", "每年", "—", "-")

# Chinese messages of this module (the service layer's own).
CSV_MISSING_COLUMNS = "分解指标表缺少列：{columns}（应有：县区,指标,年份,目标值,单位）"
CSV_BAD_YEAR = "分解指标表第{row}行：年份“{text}”应为四位数字，或留空/写“每年”表示每年适用。"
CSV_UNKNOWN_INDICATOR = (
    "分解指标表第{row}行：未知指标“{text}”（可写指标名称如“用水总量”或英文键名）。"
)
CSV_ROW = "分解指标表第{row}行：{reason}"
CSV_UNREADABLE = "无法读取分解指标表“{path}”：{reason}"
PACK_UNREADABLE = "无法读取目标包文件“{path}”：{reason}"


@dataclass(frozen=True)
class PackInForce:
    """What validation applies: the pack's allocations and bands (or the defaults)."""

    pack: TargetPack | None
    allocations: tuple[CountyAllocation, ...] = ()
    surcharge_bands: tuple[SurchargeBand, ...] = DEFAULT_SURCHARGE_BANDS
    tasks: tuple[Task, ...] = ()  # the pack's extra tasks, as 表三 rows (core.target_pack)

    @property
    def version(self) -> str | None:
        return self.pack.version if self.pack else None


@dataclass(frozen=True)
class ImportResult:
    pack: TargetPack
    previous: TargetPack | None
    changes: list[Change]
    already: bool  # the same pack was stored before


# --- making ----------------------------------------------------------------------------------


def _indicator_key(text: str) -> str | None:
    text = text.strip()
    if text in INDICATORS:
        return text
    for spec in INDICATORS.values():
        if text == spec.label:
            return spec.key
    return None


def allocations_from_csv(text: str, catalog: TargetCatalog, city: str) -> list[PackAllocation]:
    """Rows 县区,指标,年份,目标值,单位 (Chinese headers; a BOM from Excel is fine)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise PackError(CSV_MISSING_COLUMNS.format(columns="、".join(missing)))
    out = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        year_text = row["年份"]
        year_text = year_text if year_text in EVERY_YEAR_WORDS else year_text.removesuffix("年")
        if year_text in EVERY_YEAR_WORDS:
            year = None
        elif year_text.isdigit() and len(year_text) == 4:
            year = int(year_text)
        else:
            raise PackError(CSV_BAD_YEAR.format(row=n, text=row["年份"]))
        key = _indicator_key(row["指标"])
        if key is None:
            raise PackError(CSV_UNKNOWN_INDICATOR.format(row=n, text=row["指标"]))
        try:
            value = decimal_value(row["目标值"].replace(",", ""), f"第{n}行")
        except PackError as exc:
            raise PackError(CSV_ROW.format(row=n, reason=exc)) from None
        out.append(PackAllocation(row["县区"], key, year, value, row["单位"]))
    # the reader's checks (county, unit, key) with the row numbers of the CSV
    for n, a in enumerate(out, start=1):
        try:
            pack_from_dict(
                {
                    "city": city,
                    "issuer": "",
                    "version": "",
                    "date": "2000-01-01",
                    "allocations": [
                        {
                            "county": a.county,
                            "key": a.key,
                            "year": a.year,
                            "value": format(a.value, "f"),
                            "unit": a.unit,
                        }
                    ],
                },
                catalog,
            )
        except PackError as exc:
            raise PackError(CSV_ROW.format(row=n + 1, reason=exc)) from None
    return out


def new_pack(
    catalog: TargetCatalog,
    city: str,
    version: str,
    allocations: Sequence[PackAllocation],
    *,
    issuer: str | None = None,
    date: dt.date | None = None,
    surcharge_bands: Sequence[SurchargeBand] = DEFAULT_SURCHARGE_BANDS,
    allow_over: bool = False,
) -> tuple[TargetPack, list[str]]:
    """A checked pack and the violations allowed through (see target_pack.make_pack)."""
    c = catalog.city(city)
    pack = TargetPack(
        issuer=issuer or c.water_bureau,
        city=c.name,
        version=version,
        date=(date or dt.date.today()).isoformat(),
        based_on=tuple(d.citation for d in catalog.documents_for(c.name)),
        allocations=tuple(allocations),
        surcharge_bands=tuple(surcharge_bands),
    )
    return pack, make_pack(pack, catalog, allow_over=allow_over)


def read_csv_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(CSV_UNREADABLE.format(path=path, reason=exc)) from None


def write_pack(pack: TargetPack, path: Path) -> None:
    path.write_text(pack_to_json(pack), encoding="utf-8", newline="\n")


def read_pack_file(path: Path, catalog: TargetCatalog, city: str | None = None) -> TargetPack:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(PACK_UNREADABLE.format(path=path, reason=exc)) from None
    return read_pack(text, catalog, city)


# --- stored packs ----------------------------------------------------------------------------


def stored_packs(storage: Storage, catalog: TargetCatalog, city: str) -> list[TargetPack]:
    """The city's stored packs, oldest first (a stored pack was checked when imported)."""
    out = []
    for stored in storage.packs.list_packs():
        try:
            pack = read_pack(stored.payload_json, catalog)
        except PackError:
            continue  # a pack for a catalog this build no longer has: not applied
        if pack.city == catalog.city(city).name:
            out.append(pack)
    return out


def latest_pack(storage: Storage, catalog: TargetCatalog, city: str) -> TargetPack | None:
    packs = stored_packs(storage, catalog, city)
    return packs[-1] if packs else None


def tasks_by_version(
    storage: Storage, catalog: TargetCatalog, city: str
) -> dict[str, tuple[Task, ...]]:
    """The 表三 tasks of every stored pack of the city, by version: a county's workbook
    is read with the tasks of the pack it was made under, not only the one now in force."""
    code = catalog.city(city).code
    return {p.version: pack_tasks(p, code) for p in stored_packs(storage, catalog, city)}


def pack_in_force(storage: Storage, catalog: TargetCatalog, city: str) -> PackInForce:
    pack = latest_pack(storage, catalog, city)
    if pack is None:
        return PackInForce(None)
    code = catalog.city(city).code
    return PackInForce(
        pack, tuple(pack.county_allocations()), pack.surcharge_bands, pack_tasks(pack, code)
    )


def preview_pack(storage: Storage, catalog: TargetCatalog, path: Path) -> ImportResult:
    """Read and check a pack file against the profile's city and diff it against the pack
    in force, storing nothing (the window shows the changes before the user applies them)."""
    city = storage.profile.require().city
    pack = read_pack_file(path, catalog, city)
    previous = latest_pack(storage, catalog, city)
    already = any(p.digest == pack.digest for p in stored_packs(storage, catalog, city))
    return ImportResult(pack, previous, diff_packs(previous, pack), already)


def store_pack(storage: Storage, pack: TargetPack) -> Changes:
    """Keep a checked pack; from then on it is the pack in force (if it is the latest)."""
    try:
        storage.packs.add(pack.issuer, pack.version, pack.date, pack.digest, pack_to_json(pack))
    except StorageError as exc:
        raise PackError(str(exc)) from None
    return Changes(pack=True)


@dataclass(frozen=True)
class IssuedPack:
    path: Path
    over: tuple[str, ...]  # county sums beyond the city's targets, let through on purpose
    changes: Changes


def issue_pack(
    storage: Storage, catalog: TargetCatalog, pack: TargetPack, path: Path, *, allow_over: bool
) -> IssuedPack:
    """Check, store and write a pack the city issues. A county sum beyond the city's
    target refuses it (PackError) unless `allow_over`; then the violations let through
    are kept in the audit trail."""
    over = tuple(make_pack(pack, catalog, allow_over=allow_over))
    changes = store_pack(storage, pack)
    if over:
        with storage.session.write() as db:
            audit.record(
                db,
                who=storage.session.who(),
                kind="target_pack_over",
                key=f"{pack.issuer} {pack.version}",
                old=None,
                new="\n".join(over),
            )
    write_pack(pack, path)
    return IssuedPack(path, over, changes)


def import_pack(storage: Storage, catalog: TargetCatalog, path: Path) -> ImportResult:
    """Read, check against the profile's city, diff against the pack in force, store."""
    result = preview_pack(storage, catalog, path)
    store_pack(storage, result.pack)
    return result


def allocation_rows(pack: TargetPack) -> list[list[str]]:
    """The pack's allocations as table rows (县区, 年份, 指标, 目标值, 单位, 约束)."""
    rows = []
    for a in pack.allocations:
        spec = INDICATORS.get(a.key)
        rows.append(
            [
                a.county,
                core_msg.EVERY_YEAR if a.year is None else str(a.year),
                spec.label if spec else a.key,
                units.plain(a.value),
                a.unit,
                bound_text(a.effective_bound, a.base_year),
            ]
        )
    return rows
