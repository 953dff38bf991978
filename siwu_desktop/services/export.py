"""Exporting returns: the standard return workbook, written and recorded.

The excel layer lays out the workbook from plain `ExportSheet`s; this service
decides what goes on them (revision, 草稿 or final, findings, the target pack the
return is judged with, signatures) and records each export in the return's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct, field
from openpyxl import Workbook

from siwu_desktop.core.digest import content_digest
from siwu_desktop.core.terms import period_text
from siwu_desktop.core.validation import validate
from siwu_desktop.excel.export import (
    INVALID_SHEET_CHARS,
    ExportSheet,
    save_atomically,
)
from siwu_desktop.excel.export import build_workbook as lay_out
from siwu_desktop.services import keys
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.history import revision_log
from siwu_desktop.services.returns import LoadedReturn, ReturnService


class ExportResult(Struct, frozen=True):
    path: Path
    returns: list[tuple[int, int, str]] = field(
        default_factory=list
    )  # (return id, revision, digest)
    changes: Changes = NONE


def is_final(loaded: LoadedReturn) -> bool:
    """A finalised revision: the current one when locked, or any earlier one."""
    return loaded.locked or loaded.revision < loaded.info.revision


def export_filename(loaded: LoadedReturn) -> str:
    """潞城区_2025年度_表一_第1版.xlsx (草稿 marked; quarters: 2026年第三季度)."""
    info = loaded.info
    year = period_text(info.year, info.period)
    draft = "" if is_final(loaded) else "_草稿"
    name = f"{info.county}_{year}_{loaded.form.short}_第{loaded.revision}版{draft}.xlsx"
    return name.translate(INVALID_SHEET_CHARS)


def year_filename(county: str, year: int) -> str:
    """潞城区_2025_全部报表.xlsx: the one workbook of a year's returns."""
    return f"{county}_{year}_全部报表.xlsx".translate(INVALID_SHEET_CHARS)


def year_returns(service: ReturnService, county: str, year: int) -> list[LoadedReturn]:
    """Every return of a county's year (four forms, every 表三 quarter), in form order: what
    `siwu export --all` and the window's 导出全部报表 put in one workbook."""
    return [service.load(info) for info in service.returns_of(county, year)]


DRAFT_IN_WORKBOOK = (
    "警告：{drafts}是草稿，写入本工作簿后市局不会接收这几张（其余已定稿的报表照常接收）；"
    "如需报送，请先定稿后重新导出"
)
# every sheet a draft: there is no "其余已定稿的报表" to speak of
ALL_DRAFTS_IN_WORKBOOK = (
    "警告：本工作簿的 {count} 张报表（{drafts}）都是草稿，市局一张也不会接收；"
    "如需报送，请先定稿后重新导出"
)


def draft_warning(returns: Sequence[LoadedReturn]) -> str:
    """The warning before a draft goes into a workbook of several returns (issue #14 item 6):
    the city judges each sheet alone and refuses the drafts. Empty when there is none."""
    if len(returns) < 2:
        return ""
    drafts = [r for r in returns if not is_final(r)]
    if not drafts:
        return ""
    names = "、".join(
        f"{r.form.short}（{period_text(r.info.year, r.info.period)}）" for r in drafts
    )
    if len(drafts) == len(returns):
        return ALL_DRAFTS_IN_WORKBOOK.format(count=len(drafts), drafts=names)
    return DRAFT_IN_WORKBOOK.format(drafts=names)


def export_sheet(service: ReturnService, loaded: LoadedReturn) -> ExportSheet:
    """What the workbook shows of one loaded return."""
    info = loaded.info
    ctx = service.context(loaded)
    return ExportSheet(
        form=loaded.form,
        data=loaded.data,
        context=ctx,
        findings=validate(loaded.data, ctx),
        return_id=info.id,
        county=info.county,
        year=info.year,
        period=info.period,
        revision=loaded.revision,
        final=is_final(loaded),
        unit_name=loaded.data.metadata.unit or service.profile().unit_name,
        pack_version=_pack_version(service, loaded),
        log=revision_log(service, info, loaded.revision),
    )


def build_workbook(
    service: ReturnService, returns: Sequence[LoadedReturn], now: dt.datetime | None = None
) -> Workbook:
    """The export workbook of `returns`, signed by this installation's key (#14), not saved
    and not recorded (benchmarks, tests)."""
    storage = service.storage
    pair = storage.keys.ensure_own()
    sheets = [export_sheet(service, r) for r in returns]
    return lay_out(service.catalog, sheets, now, sign=lambda facts: keys.sign_with(pair, facts))


def export_returns(
    service: ReturnService, returns: Sequence[LoadedReturn], out: Path
) -> ExportResult:
    """Write `returns` as one workbook at `out` (atomically) and record each export."""
    if not returns:
        raise ValueError("nothing to export")
    saved = save_atomically(build_workbook(service, returns), out)
    recorded, changes = [], NONE
    for loaded in returns:
        d = content_digest(loaded.data)
        changes |= service.record_output(
            loaded.info.id, loaded.revision, "export", saved, d
        ).changes
        recorded.append((loaded.info.id, loaded.revision, d))
    return ExportResult(saved, recorded, changes)


def _pack_version(service: ReturnService, loaded: LoadedReturn) -> str | None:
    """The target pack the return is judged with: as recorded on its revision, else in force."""
    revision = service.storage.returns.revision(loaded.info.id, loaded.revision)
    if revision.pack_version:
        return revision.pack_version
    return service.pack_in_force().version
