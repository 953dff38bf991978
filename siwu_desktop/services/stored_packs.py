"""The stored target packs read back: the pack in force and the 表三 tasks by version.

Judging a return needs only this (issue #13 item 7): it leaves the making, writing,
signing and importing of packs (services.packs, with its CSV, file and key modules)
unloaded until one of those is asked for, and core.target_pack (with its digests)
until a pack is stored: a county without one judges its returns without it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct

from siwu_desktop.core.catalog import TargetCatalog, Task
from siwu_desktop.core.formulas import DEFAULT_SURCHARGE_BANDS, SurchargeBand
from siwu_desktop.storage import Storage

if TYPE_CHECKING:
    from siwu_desktop.core.compliance import CountyAllocation
    from siwu_desktop.core.target_pack import TargetPack


class PackInForce(Struct, frozen=True):
    """What validation applies: the pack's allocations and bands (or the defaults)."""

    pack: TargetPack | None
    allocations: tuple[CountyAllocation, ...] = ()
    surcharge_bands: tuple[SurchargeBand, ...] = DEFAULT_SURCHARGE_BANDS
    tasks: tuple[Task, ...] = ()  # the pack's extra tasks, as 表三 rows (core.target_pack)

    @property
    def version(self) -> str | None:
        return self.pack.version if self.pack else None


def stored_packs(storage: Storage, catalog: TargetCatalog, city: str) -> list[TargetPack]:
    """The city's stored packs, oldest first (a stored pack was checked when imported)."""
    rows = storage.packs.list_packs()
    if not rows:
        return []
    from siwu_desktop.core.target_pack import PackError, read_pack

    out = []
    for stored in rows:
        try:
            pack = read_pack(stored.payload_json, catalog)
        except PackError:
            continue  # a pack for a catalog this build no longer has: not applied
        if pack.city == catalog.city(city).name:
            out.append(pack)
    return out


def latest_pack(storage: Storage, catalog: TargetCatalog, city: str) -> TargetPack | None:
    """The pack in force: the highest version (import lets versions only increase; the
    latest date no longer wins, so a pack dated far ahead cannot hold later ones out)."""
    packs = stored_packs(storage, catalog, city)
    return max(packs, key=lambda p: version_key(p.version)) if packs else None


def tasks_by_version(
    storage: Storage, catalog: TargetCatalog, city: str
) -> dict[str, tuple[Task, ...]]:
    """The 表三 tasks of every stored pack of the city, by version: a county's workbook
    is read with the tasks of the pack it was made under, not only the one now in force."""
    packs = stored_packs(storage, catalog, city)
    if not packs:
        return {}
    from siwu_desktop.core.target_pack import pack_tasks

    code = catalog.city(city).code
    return {p.version: pack_tasks(p, code) for p in packs}


def pack_in_force(storage: Storage, catalog: TargetCatalog, city: str) -> PackInForce:
    pack = latest_pack(storage, catalog, city)
    if pack is None:
        return PackInForce(None)
    from siwu_desktop.core.target_pack import pack_tasks

    code = catalog.city(city).code
    return PackInForce(
        pack, tuple(pack.county_allocations()), pack.surcharge_bands, pack_tasks(pack, code)
    )


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """2026.10 after 2026.9: numbers compare as numbers, the rest as text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.findall(r"\d+|[^\d.\-_ ]+", version)
    )
