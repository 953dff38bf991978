"""City mode: consolidate the county returns stored in this data directory (no Qt).

Which revision is used: the latest finalised revision of each county's annual
表一 / 表二 (a correction in progress does not replace what was filed); a return
never finalised is used as it stands and listed with its status 草稿/已校验, its
digest computed from the content (marked as provisional), so the summary says
exactly what it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from siwu_desktop.core.consolidation import Consolidation, consolidate
from siwu_desktop.core.digest import content_digest
from siwu_desktop.core.returns import ReturnData
from siwu_desktop.core.terms import ReturnStatus, status_label
from siwu_desktop.services.returns import ReturnService

PROVISIONAL = "（未定稿，临时摘要）"


@dataclass(frozen=True)
class UsedReturn:
    county: str
    form: str  # 表一 / 表二
    revision: int
    status: str  # 已定稿 / 草稿 / 已校验
    digest: str
    pack_version: str | None


@dataclass(frozen=True)
class CityPicture:
    consolidation: Consolidation
    used: tuple[UsedReturn, ...]


def _load(
    service: ReturnService, county: str, form_id: str, year: int
) -> tuple[ReturnData, UsedReturn] | None:
    found = service.storage.returns.list_returns(county=county, year=year, form=form_id)
    info = next((r for r in found if r.period == "Y"), None)
    if info is None:
        return None
    revisions = service.storage.returns.revisions(info.id)
    final = [r for r in revisions if r.status == ReturnStatus.FINALISED]
    chosen = final[-1] if final else revisions[-1]
    loaded = service.load(info, chosen.revision)
    digest = chosen.digest or content_digest(loaded.data) + PROVISIONAL
    short = "表一" if form_id == "t1" else "表二"
    used = UsedReturn(
        county,
        short,
        chosen.revision,
        status_label(chosen.status),
        digest,
        chosen.pack_version,
    )
    return loaded.data, used


def city_picture(
    service: ReturnService, year: int, counties: Sequence[str] | None = None
) -> CityPicture:
    """Consolidate the stored annual returns of every county of the profile's city."""
    profile = service.profile()
    names = tuple(counties or [n for n, _ in profile.counties]) or tuple(
        c.name for c in service.catalog.counties_for(profile.city)
    )
    t1: dict[str, ReturnData] = {}
    t2: dict[str, ReturnData] = {}
    used: list[UsedReturn] = []
    for county in names:
        for form_id, into in (("t1", t1), ("t2", t2)):
            got = _load(service, county, form_id, year)
            if got is not None:
                into[county] = got[0]
                used.append(got[1])
    result = consolidate(service.catalog, profile.city, year, t1, t2 or None, names)
    return CityPicture(result, tuple(used))
