"""City mode: consolidate the county returns stored in this data directory (no Qt).

Which revision is used: the latest finalised revision of each county's annual
表一 / 表二 / 表三 / 表四 (a correction in progress does not replace what was filed); a return
never finalised is used as it stands and listed with its status 草稿/已校验, its
digest computed from the content (marked as provisional), so the summary says
exactly what it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from siwu_desktop.core import units
from siwu_desktop.core.city_checks import Change, Flag, city_changes, county_flags
from siwu_desktop.core.city_ledger import CityLedger, merge_ledgers
from siwu_desktop.core.city_summary_file import (
    EXTENSION,
    SummaryFile,
    summary_content,
    write_summary_file,
)
from siwu_desktop.core.city_tasks import TaskMatrix, task_matrix
from siwu_desktop.core.consolidation import CityStatistics, Consolidation, consolidate
from siwu_desktop.core.digest import content_digest
from siwu_desktop.core.returns import ReturnData
from siwu_desktop.core.terms import ReturnStatus, status_label
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.returns import ReturnService

if TYPE_CHECKING:  # the summary workbook (openpyxl) loads with its first export, not with
    # the city window's start
    from siwu_desktop.excel.summary import SummaryParts

PROVISIONAL = "（未定稿，临时摘要）"
FORM_SHORT = {"t1": "表一", "t2": "表二", "t3": "表三", "t4": "表四"}


class UsedReturn(Struct, frozen=True):
    county: str
    form: str  # 表一 / 表二
    revision: int
    status: str  # 已定稿 / 草稿 / 已校验
    digest: str
    pack_version: str | None


class CityPicture(Struct, frozen=True):
    consolidation: Consolidation
    used: tuple[UsedReturn, ...]
    tasks: TaskMatrix | None = None
    ledger: CityLedger | None = None
    last: Consolidation | None = None  # last year's, for 上年/同比 and the ±30 % flags
    flags: tuple[Flag, ...] = ()
    changes: dict[str, Change] = field(default_factory=dict)
    unit_name: str = ""  # the city bureau (填报单位) and its signatories
    preparer: str = ""
    reviewer: str = ""
    head: str = ""
    #: (county, field id) → the county's allocation (target pack), for the chart lines
    allocations: dict[tuple[str, str], Decimal] = field(default_factory=dict)


def _load(
    service: ReturnService, county: str, form_id: str, year: int, period: str = "Y"
) -> tuple[ReturnData, UsedReturn] | None:
    found = service.storage.returns.list_returns(county=county, year=year, form=form_id)
    info = next((r for r in found if r.period == period), None)
    if info is None:
        return None
    revisions = service.storage.returns.revisions(info.id)
    final = [r for r in revisions if r.status == ReturnStatus.FINALISED]
    chosen = final[-1] if final else revisions[-1]
    loaded = service.load(info, chosen.revision)
    digest = chosen.digest or content_digest(loaded.data) + PROVISIONAL
    short = FORM_SHORT[form_id]
    used = UsedReturn(
        county,
        short,
        chosen.revision,
        status_label(chosen.status),
        digest,
        chosen.pack_version,
    )
    return loaded.data, used


def _county_names(service: ReturnService, counties: Sequence[str] | None) -> tuple[str, ...]:
    profile = service.profile()
    return tuple(counties or [n for n, _ in profile.counties]) or tuple(
        c.name for c in service.catalog.counties_for(profile.city)
    )


def _returns(
    service: ReturnService, names: Sequence[str], year: int, forms: Sequence[str]
) -> tuple[dict[str, dict[str, ReturnData]], list[UsedReturn]]:
    loaded: dict[str, dict[str, ReturnData]] = {f: {} for f in forms}
    used: list[UsedReturn] = []
    for county in names:
        for form_id in forms:
            got = _load(service, county, form_id, year)
            if got is not None:
                loaded[form_id][county] = got[0]
                used.append(got[1])
    return loaded, used


def city_consolidation(
    service: ReturnService,
    year: int,
    counties: Sequence[str] | None = None,
    statistics: CityStatistics | None = None,
) -> Consolidation:
    """表一 and 表二 of one year only (the board's charts, trends, last year)."""
    names = _county_names(service, counties)
    loaded, _ = _returns(service, names, year, ("t1", "t2"))
    if statistics is None:
        statistics = city_statistics(service, year)
    return consolidate(
        service.catalog, service.city(), year, loaded["t1"], loaded["t2"] or None, names, statistics
    )


def city_picture(
    service: ReturnService,
    year: int,
    counties: Sequence[str] | None = None,
    statistics: CityStatistics | None = None,
) -> CityPicture:
    """Consolidate the stored annual returns (all four) of every county of the city, with
    last year's figures for 上年/同比 and the 异常 flags."""
    profile = service.profile()
    names = _county_names(service, counties)
    loaded, used = _returns(service, names, year, ("t1", "t2", "t3", "t4"))
    if statistics is None:  # a table given for this run wins over the stored figures
        statistics = city_statistics(service, year)
    result = consolidate(
        service.catalog, profile.city, year, loaded["t1"], loaded["t2"] or None, names, statistics
    )
    pack = service.pack_in_force()
    tasks = task_matrix(
        service.catalog, profile.city, year, loaded["t3"], names, extra_tasks=pack.tasks
    )
    t4_form = service.forms.get(profile.city, "t4")
    ledger = merge_ledgers(t4_form, loaded["t4"], names, pack.surcharge_bands)
    last = city_consolidation(service, year - 1, names)
    last_or_none = last if last.reported else None
    return CityPicture(
        result,
        tuple(used),
        tasks,
        ledger,
        last_or_none,
        tuple(county_flags(result, last_or_none)),
        city_changes(result, last_or_none),
        profile.unit_name or service.catalog.city(profile.city).water_bureau,
        profile.preparer,
        profile.reviewer,
        profile.head,
        allocations_by_field(service, result),
    )


def period_task_matrix(
    service: ReturnService, year: int, period: str, counties: Sequence[str] | None = None
) -> tuple[TaskMatrix, tuple[UsedReturn, ...]]:
    """The counties' 表三 of one 报告期 (全年 or a quarter) side by side: the same revision
    rule as the annual summary (the latest finalised revision, else the return as it
    stands), 逾期 judged at the period's end."""
    profile = service.profile()
    names = _county_names(service, counties)
    loaded: dict[str, ReturnData] = {}
    used: list[UsedReturn] = []
    for county in names:
        got = _load(service, county, "t3", year, period)
        if got is not None:
            loaded[county], _ = got
            used.append(got[1])
    pack = service.pack_in_force()
    matrix = task_matrix(
        service.catalog, profile.city, year, loaded, names, period, extra_tasks=pack.tasks
    )
    return matrix, tuple(used)


def allocations_by_field(
    service: ReturnService, result: Consolidation
) -> dict[tuple[str, str], Decimal]:
    """(county, 表一 field id) → the county's allocation of the year in the field's unit."""
    out: dict[tuple[str, str], Decimal] = {}
    for a in service.allocations:
        spec = result.form.index.get(a.field_id)
        if spec is None or a.year not in (result.year, None):
            continue
        value = a.value
        if units.convertible(a.unit, spec.unit):
            value = units.convert(a.value, a.unit, spec.unit)
        if a.year == result.year or (a.county, a.field_id) not in out:
            out[(a.county, a.field_id)] = value
    return out


def summary_parts(
    picture: CityPicture,
    allocations: dict[tuple[str, str], Decimal] | None = None,
    date: dt.date | None = None,
) -> SummaryParts:
    """What the summary workbook and the printed summary show besides 表一."""
    from siwu_desktop.excel.summary import Signatories, SummaryParts

    signatories = Signatories(
        picture.unit_name,
        picture.preparer,
        picture.reviewer,
        picture.head,
        (date or dt.date.today()).isoformat(),
    )
    return SummaryParts(
        picture.used,
        picture.tasks,
        picture.ledger,
        picture.flags,
        picture.changes,
        signatories,
        allocations if allocations is not None else picture.allocations,
    )


def summary_data(service: ReturnService, picture: CityPicture) -> dict[str, Any]:
    """What the summary's .siwusum data file holds (core.city_summary_file); its digest is
    the one the printed summary shows."""
    result = picture.consolidation
    return summary_content(
        result,
        picture.used,
        picture.tasks,
        picture.ledger,
        picture.flags,
        service.catalog.city(result.city).code,
        {"unit": picture.unit_name, "preparer": picture.preparer},
    )


class ExportedSummary(Struct, frozen=True):
    """The summary workbook, its data file beside it, and the key that signed that."""

    path: Path
    data: Path
    file: SummaryFile
    fingerprint: str


def export_summary(service: ReturnService, picture: CityPicture, out: Path) -> ExportedSummary:
    """导出汇总表 (`siwu consolidate` and the 汇总 page): the workbook at `out`, and beside it
    the .siwusum data file signed with this city's own key."""
    from siwu_desktop.excel.summary import write_summary

    path = write_summary(picture.consolidation, picture.used, out, summary_parts(picture))
    data = path.with_suffix(EXTENSION)
    pair = service.storage.keys.ensure_own()
    written = write_summary_file(summary_data(service, picture), data, pair)
    return ExportedSummary(path, data, written, pair.fingerprint)


# --- the city's own statistics (issue #16 item 5) ----------------------------------------------

STATISTICS_COLUMNS = ("项目", "数值", "来源")
STATISTICS_MISSING = "市统计数据表缺少列：{columns}（应有：项目,数值,来源）"
STATISTICS_UNKNOWN = "市统计数据表第{row}行：“{text}”不是可采用市统计数据的项目（可用：{names}）"
STATISTICS_BAD = "市统计数据表第{row}行：{label}“{text}”无法识别：{reason}"
STATISTICS_NO_SOURCE = "市统计数据表没有写来源（如《2025年长治市国民经济和社会发展统计公报》）"


class StatisticsError(ValueError):
    """A statistics table that cannot be used, with the reason in Chinese."""


def statistics_from_csv(
    text: str, service: ReturnService, year: int, source: str = ""
) -> CityStatistics:
    """The city's statistics-bureau figures from a table 项目,数值,来源: 项目 is the 表一 label
    (or field id) of GDP, value added, a real index or a base-year value; 来源 the
    publication (one is enough). Values are read like any entry (core.parsing). A
    `source` given replaces the 来源 column, which may then be left out."""
    import csv
    import io

    from siwu_desktop.core.consolidation import official_fields
    from siwu_desktop.core.parsing import Refusal, parse_quantity

    form = service.forms.get(service.city(), "t1", year)
    fields = official_fields(form)
    by_name = {f.label: f for f in fields} | {f.id: f for f in fields}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    needed = STATISTICS_COLUMNS[:2] if source else STATISTICS_COLUMNS
    missing = [c for c in needed if c not in header]
    if missing:
        raise StatisticsError(STATISTICS_MISSING.format(columns="、".join(missing)))
    values: dict[str, Decimal] = {}
    sources: list[str] = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        if not row.get("项目"):
            continue
        spec = by_name.get(row["项目"])
        if spec is None:
            names = "、".join(f.label for f in fields)
            raise StatisticsError(STATISTICS_UNKNOWN.format(row=n, text=row["项目"], names=names))
        parsed = parse_quantity(row["数值"], spec.unit)
        if isinstance(parsed, Refusal) or parsed.value is None:
            reason = parsed.reason if isinstance(parsed, Refusal) else "未填"
            raise StatisticsError(
                STATISTICS_BAD.format(row=n, label=spec.label, text=row["数值"], reason=reason)
            )
        values[spec.id] = parsed.value
        if row.get("来源") and row["来源"] not in sources:
            sources.append(row["来源"])
    if source:
        sources = [source.strip()]
    if not sources or not sources[0]:
        raise StatisticsError(STATISTICS_NO_SOURCE)
    return CityStatistics(values, "；".join(sources))


# --- stored: entered once, used by every consolidation of the year -----------------------------

STATISTICS_CITY_ONLY = "市统计数据只能在市级模式下录入（当前为 {label}）。"
STATISTICS_FIELD_BAD = "{label}“{text}”无法识别：{reason}"
STATISTICS_FIELD_UNKNOWN = "“{field}”不是可采用市统计数据的项目"


def statistics_from_texts(
    service: ReturnService, year: int, texts: Mapping[str, str], source: str
) -> CityStatistics:
    """The figures as typed in the window (field id → text; blank: not given), read like
    any entry; the reason in Chinese, naming the item, when one cannot be read."""
    from siwu_desktop.core.consolidation import official_fields
    from siwu_desktop.core.parsing import Refusal, parse_quantity

    fields = {f.id: f for f in official_fields(service.forms.get(service.city(), "t1", year))}
    values: dict[str, Decimal] = {}
    for field_id, text in texts.items():
        if not text.strip():
            continue
        spec = fields.get(field_id)
        if spec is None:
            raise StatisticsError(STATISTICS_FIELD_UNKNOWN.format(field=field_id))
        parsed = parse_quantity(text, spec.unit)
        if isinstance(parsed, Refusal) or parsed.value is None:
            reason = parsed.reason if isinstance(parsed, Refusal) else "未填"
            raise StatisticsError(
                STATISTICS_FIELD_BAD.format(label=spec.label, text=text.strip(), reason=reason)
            )
        values[field_id] = parsed.value
    if values and not source.strip():
        raise StatisticsError(STATISTICS_NO_SOURCE)
    return CityStatistics(values, source.strip())


def set_city_statistics(
    service: ReturnService, year: int, values: Mapping[str, Decimal], source: str
) -> Changes:
    """Store the city's statistics-bureau figures of `year` (replacing those stored; no
    values: remove them). From then on every consolidation of the year uses them instead
    of the county-weighted figures (a `--statistics` table given to one run still wins for
    that run). City mode only; every field must be one a city may take, with a source."""
    from siwu_desktop.core.consolidation import official_fields

    profile = service.profile()
    if profile.mode != "city":
        raise StatisticsError(STATISTICS_CITY_ONLY.format(label=profile.label))
    known = {f.id for f in official_fields(service.forms.get(profile.city, "t1", year))}
    for field_id in values:
        if field_id not in known:
            raise StatisticsError(STATISTICS_FIELD_UNKNOWN.format(field=field_id))
    if values and not source.strip():
        raise StatisticsError(STATISTICS_NO_SOURCE)
    changed = service.storage.statistics.put(year, dict(values), source.strip())
    return Changes(statistics=frozenset({year})) if changed else NONE


def city_statistics(service: ReturnService, year: int) -> CityStatistics | None:
    """The stored statistics-bureau figures of `year`, if the city entered any."""
    stored = service.storage.statistics.get(year)
    return None if stored is None else CityStatistics(stored.values, stored.source)
