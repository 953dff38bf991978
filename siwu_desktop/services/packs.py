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
from decimal import Decimal
from pathlib import Path

from msgspec import Struct

from siwu_desktop.core import messages as core_msg
from siwu_desktop.core import units
from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.files import write_atomically
from siwu_desktop.core.formulas import DEFAULT_SURCHARGE_BANDS, SurchargeBand
from siwu_desktop.core.indicators import INDICATORS
from siwu_desktop.core.parsing import Refusal, parse_quantity
from siwu_desktop.core.signing import KeyPair
from siwu_desktop.core.target_pack import (
    Change,
    PackAllocation,
    PackError,
    TargetPack,
    check_allocations,
    diff_packs,
    inherited_attribute,
    make_pack,
    pack_from_dict,
    pack_to_json,
    read_pack,
)
from siwu_desktop.core.terms import Attribute, attribute_of, bound_text
from siwu_desktop.services.changes import Changes
from siwu_desktop.services.keys import (
    KeyRefused,
    PackSigner,
    pack_signer,
    pin_city_key,
    signed_pack_text,
)
from siwu_desktop.services.stored_packs import latest_pack, stored_packs, version_key
from siwu_desktop.storage import Storage, StorageError, audit

CSV_COLUMNS = ("县区", "指标", "年份", "目标值", "单位")
EVERY_YEAR_WORDS = ("", "每年", "—", "-")

# Chinese messages of this module (the service layer's own).
CSV_MISSING_COLUMNS = (
    "分解指标表缺少列：{columns}（应有：县区,指标,年份,目标值,单位；可另加“属性”列）"
)
CSV_BAD_YEAR = "分解指标表第{row}行：年份“{text}”应为四位数字，或留空/写“每年”表示每年适用。"
CSV_UNKNOWN_INDICATOR = (
    "分解指标表第{row}行：未知指标“{text}”（可写指标名称如“用水总量”或英文键名）。"
)
CSV_ROW = "分解指标表第{row}行：{reason}"
CSV_BAD_VALUE = "目标值“{text}”无法识别：{reason}"
CSV_NO_VALUE = "目标值未填"
CSV_BAD_ATTRIBUTE = "属性“{text}”应为约束性、预期性或未注明（可不填：按市级目标的属性）"
CSV_UNREADABLE = "无法读取分解指标表“{path}”：{reason}"
PACK_UNREADABLE = "无法读取目标包文件“{path}”：{reason}"
PACK_NOT_NEWER = (
    "目标包“{file}”的版本 {version} 不比本机已有的 {latest} 新，不能导入"
    "（目标包版本只能递增）；现行目标包仍为：{in_force}"
)
PACK_FUTURE = (
    "目标包“{file}”的签发日期 {date} 晚于今天（{today}）一天以上，不能导入："
    "请核对市局签发日期或本机日期；现行目标包仍为：{in_force}"
)
PACK_OVER = (
    "目标包“{file}”的分解指标与市级目标不符，不能导入（现行目标包仍为：{in_force}）：\n{violations}"
)
NO_PACK_IN_FORCE = "无（按内置目标）"


class ImportResult(Struct, frozen=True):
    pack: TargetPack
    previous: TargetPack | None
    changes: list[Change]
    already: bool  # the same pack was stored before
    signer: PackSigner | None = None  # who signed it; `first`: its key is pinned on import
    file: str = ""


# --- making ----------------------------------------------------------------------------------


def _indicator_key(text: str) -> str | None:
    text = text.strip()
    if text in INDICATORS:
        return text
    for spec in INDICATORS.values():
        if text == spec.label:
            return spec.key
    return None


def attribute_for(catalog: TargetCatalog, city: str, key: str) -> Attribute:
    """The attribute of the city targets an allocation of `key` divides."""
    return inherited_attribute(
        t for t in catalog.targets_for(city) if t.key == key and not t.county
    )


def _csv_value(text: str, unit: str, key: str) -> tuple[Decimal, str]:
    """目标值 read as the editor reads it (core.parsing): "2.1亿立方米", "６，１７０", "0.58";
    a unit written in the value wins over the 单位 column; a coefficient needs none."""
    spec = INDICATORS.get(key)
    unit = unit or (spec.units[0] if spec is not None else "")
    parsed = parse_quantity(text, unit)
    if isinstance(parsed, Refusal):
        raise PackError(CSV_BAD_VALUE.format(text=text, reason=parsed.reason))
    if parsed.value is None:
        raise PackError(CSV_NO_VALUE)
    return parsed.value, unit


def allocations_from_csv(text: str, catalog: TargetCatalog, city: str) -> list[PackAllocation]:
    """Rows 县区,指标,年份,目标值,单位[,属性] (Chinese headers; a BOM from Excel is fine)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise PackError(CSV_MISSING_COLUMNS.format(columns="、".join(missing)))
    rows: list[tuple[int, PackAllocation]] = []
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
            value, unit = _csv_value(row["目标值"], row["单位"], key)
            text = row.get("属性") or ""
            attribute = attribute_of(text) if text else attribute_for(catalog, city, key)
            if attribute is None:
                raise PackError(CSV_BAD_ATTRIBUTE.format(text=text))
        except PackError as exc:
            raise PackError(CSV_ROW.format(row=n, reason=exc)) from None
        rows.append((n, PackAllocation(row["县区"], key, year, value, unit, attribute=attribute)))
    # the reader's checks (county, unit, key) with the row numbers of the CSV
    for n, a in rows:
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
                            "attribute": a.attribute.label,
                        }
                    ],
                },
                catalog,
            )
        except PackError as exc:
            raise PackError(CSV_ROW.format(row=n, reason=_without_where(exc))) from None
    return [a for _, a in rows]


def _without_where(exc: PackError) -> str:
    """The reader names its own place (第1条分解指标：…); the CSV row number replaces it."""
    text = str(exc)
    head, sep, rest = text.partition("：")
    return rest if sep and head.startswith("第") else text


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


def write_pack(pack: TargetPack, path: Path, pair: KeyPair) -> None:
    """The pack file, signed with `pair` (the issuing city's key, #14)."""
    write_atomically(Path(path), signed_pack_text(pair, pack).encode("utf-8"))


def read_pack_file(path: Path, catalog: TargetCatalog, city: str | None = None) -> TargetPack:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(PACK_UNREADABLE.format(path=path, reason=exc)) from None
    return read_pack(text, catalog, city)


# --- stored packs ----------------------------------------------------------------------------


def preview_pack(
    storage: Storage, catalog: TargetCatalog, path: Path, today: dt.date | None = None
) -> ImportResult:
    """Read and check a pack file against the profile's city and diff it against the pack
    in force, storing nothing (the window shows the changes before the user applies them).
    Refused (PackError, KeyRefused): unsigned or not signed by the pinned city key, over-
    allocated (the checks of `pack new`), not a newer version, dated over a day ahead."""
    city = storage.profile.require().city
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(PACK_UNREADABLE.format(path=path, reason=exc)) from None
    pack = read_pack(text, catalog, city)
    try:
        signer = pack_signer(storage, text, pack, path.name)
    except KeyRefused as exc:
        raise PackError(exc.message) from None
    previous = latest_pack(storage, catalog, city)
    stored = stored_packs(storage, catalog, city)
    already = any(p.digest == pack.digest for p in stored)
    if not already:
        _admissible(pack, stored, catalog, path.name, today or dt.date.today(), previous)
    return ImportResult(pack, previous, diff_packs(previous, pack), already, signer, path.name)


def in_force_label(pack: TargetPack | None) -> str:
    return pack.label if pack is not None else NO_PACK_IN_FORCE


def _admissible(
    pack: TargetPack,
    stored: Sequence[TargetPack],
    catalog: TargetCatalog,
    file: str,
    today: dt.date,
    in_force: TargetPack | None,
) -> None:
    now = in_force_label(in_force)
    violations = check_allocations(pack, catalog)
    if violations:
        raise PackError(PACK_OVER.format(file=file, violations="\n".join(violations), in_force=now))
    newest = max(stored, key=lambda p: version_key(p.version), default=None)
    if newest is not None and version_key(pack.version) <= version_key(newest.version):
        raise PackError(
            PACK_NOT_NEWER.format(
                file=file, version=pack.version, latest=newest.version, in_force=now
            )
        )
    if dt.date.fromisoformat(pack.date) > today + dt.timedelta(days=1):
        raise PackError(PACK_FUTURE.format(file=file, date=pack.date, today=today, in_force=now))


def store_pack(storage: Storage, pack: TargetPack) -> Changes:
    """Keep a checked pack; from then on it is the pack in force (if it is the latest)."""
    try:
        storage.packs.add(pack.issuer, pack.version, pack.date, pack.digest, pack_to_json(pack))
    except StorageError as exc:
        raise PackError(str(exc)) from None
    return Changes(pack=True)


class IssuedPack(Struct, frozen=True):
    path: Path
    over: tuple[str, ...]  # county sums beyond the city's targets, let through on purpose
    changes: Changes


def issue_pack(
    storage: Storage, catalog: TargetCatalog, pack: TargetPack, path: Path, *, allow_over: bool
) -> IssuedPack:
    """Check, store (in force on the city's own installation from now on), sign and write a
    pack the city issues. A county sum beyond the city's
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
    write_pack(pack, path, storage.keys.ensure_own())  # signed with the city's key (#14)
    return IssuedPack(path, over, changes)


def apply_pack(storage: Storage, result: ImportResult) -> Changes:
    """Store a previewed pack; a county's first pack pins the city key it was signed with."""
    pinned = result.signer is not None and result.signer.first
    if result.signer is not None:
        pin_city_key(storage, result.signer, result.pack, result.file)
    return store_pack(storage, result.pack) | Changes(keys=pinned)


def import_pack(
    storage: Storage, catalog: TargetCatalog, path: Path, today: dt.date | None = None
) -> ImportResult:
    """Read, check against the profile's city, diff against the pack in force, store."""
    result = preview_pack(storage, catalog, path, today)
    apply_pack(storage, result)
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
