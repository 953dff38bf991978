"""The standard return workbook: one sheet per return, numbers as numbers, 完成情况,
explanations, findings, the content digest on the sheet, and a veryHidden sheet with
the canonical content, so the city can check the file against the signed paper.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct
from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from siwu_desktop import __version__
from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.digest import canonical_bytes, content_digest, return_content, short_digest
from siwu_desktop.core.files import write_atomically
from siwu_desktop.core.forms import FormSpec
from siwu_desktop.core.returns import ReturnData
from siwu_desktop.core.revision_log import LoggedRevision, log_digest, to_wire
from siwu_desktop.core.rules import RULE_INDEX
from siwu_desktop.core.signing import Signature, return_facts
from siwu_desktop.core.terms import Period
from siwu_desktop.core.validation import Finding, ValidationContext
from siwu_desktop.excel import book
from siwu_desktop.excel import messages as msg
from siwu_desktop.excel import style as st
from siwu_desktop.excel.fill import build_fill
from siwu_desktop.excel.layout import SheetHeader, page_numbers, write_sheet

INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


class ExportSheet(Struct, frozen=True):
    """One return as its sheet shows it: what the export service hands this layer.

    Everything the database knows (revision, status, pack, signatures) is decided by
    services.export; this layer only lays it out."""

    form: FormSpec
    data: ReturnData
    context: ValidationContext
    findings: Sequence[Finding]
    return_id: int
    county: str
    year: int
    period: str
    revision: int
    final: bool
    unit_name: str
    pack_version: str | None
    # each revision's reason and changes, up to this one (services.history.revision_log);
    # None writes none (and signs as before it travelled, core.signing RETURN_SCHEMA_V1)
    log: tuple[LoggedRevision, ...] | None = None


def period_label(period: str) -> str:
    return "" if period == Period.YEAR else Period(period).label


def sheet_title(sheet: ExportSheet, counties: int, used: set[str]) -> str:
    title = sheet.form.short
    if sheet.period != "Y":
        title += f"（{period_label(sheet.period)}）"
    if counties > 1:
        title = f"{sheet.county}{title}"
    title = title.translate(INVALID_SHEET_CHARS)[:28]
    base, n = title, 2
    while title in used:
        title, n = f"{base}{n}", n + 1
    used.add(title)
    return title


def county_code(catalog: TargetCatalog, city: str, county: str) -> str:
    try:
        return catalog.county(city, county).code
    except KeyError:
        return ""


def save_atomically(wb: Workbook, out: Path) -> Path:
    """Save whole or not at all (`core.files.write_atomically`): the workbook is made in
    memory, so a full disk never leaves half a zip open for the garbage collector to report."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return write_atomically(Path(out), buffer.getvalue())


def build_workbook(
    catalog: TargetCatalog,
    sheets: Sequence[ExportSheet],
    now: dt.datetime | None = None,
    sign: Callable[[dict[str, object]], Signature] | None = None,
) -> Workbook:
    """The export workbook of `sheets` (not saved); `sign` signs each sheet's facts."""
    if not sheets:
        raise ValueError("nothing to export")
    at = (now or dt.datetime.now()).replace(microsecond=0).isoformat(sep=" ")
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    counties = len({s.county for s in sheets})
    sheets_meta: list[dict[str, Any]] = []
    contents: dict[str, str] = {}
    all_findings: list[tuple[str, FormSpec, Sequence[Finding]]] = []
    logs: list[tuple[str, Sequence[LoggedRevision]]] = []
    cat_version = book.catalog_version(catalog)
    for sheet in sheets:
        data, form, final = sheet.data, sheet.form, sheet.final
        d = content_digest(data)
        title = sheet_title(sheet, counties, used)
        ws = wb.create_sheet(title)
        code = county_code(catalog, data.city, sheet.county)
        form_version = book.form_version(form)
        status = msg.FINAL_MARK.format(revision=sheet.revision) if final else msg.DRAFT_MARK
        meta_line = msg.EXPORT_META.format(
            county=sheet.county,
            code=code,
            period=msg.period_text(sheet.year, sheet.period),
            status=status,
            form_version=form_version,
            catalog_version=cat_version,
            app_version=__version__,
            at=at,
        )
        header = SheetHeader(
            form=form,
            issuer=catalog.city(data.city).water_bureau,
            unit_name=sheet.unit_name,
            county=sheet.county,
            code=code,
            year=sheet.year,
            period=sheet.period,
            template=False,
            status_line=f"{status}　{msg.DIGEST_SHORT.format(short=short_digest(d))}",
            draft=not final,
            digest=d,
            meta_line=meta_line,
            signatures=data.metadata,
        )
        write_sheet(ws, header, build_fill(form, data, sheet.context))
        ws.protection.sheet = True
        content = canonical_bytes(return_content(data)).decode("utf-8")
        contents[f"content:{title}"] = content
        if sheet.log is not None:
            contents[f"{book.LOG_PREFIX}{title}"] = book.dumps(to_wire(sheet.log))
        sheets_meta.append(
            {
                "sheet": title,
                "form": form.id,
                "form_version": form_version,
                "columns_version": book.columns_version(form),
                "city": data.city,
                "county": sheet.county,
                "code": code,
                "year": sheet.year,
                "period": sheet.period,
                "revision": sheet.revision,
                "status": "finalised" if final else "draft",
                "digest": d,
                "return_id": sheet.return_id,
                "pack_version": sheet.pack_version,
            }
        )
        if sign is not None:
            log = None if sheet.log is None else log_digest(sheet.log)
            sheets_meta[-1]["signature"] = _signature(sheets_meta[-1], at, sign, log)
        all_findings.append((title, form, sheet.findings))
        logs.append((title, sheet.log or ()))
    _findings_sheet(wb, all_findings)
    if any(r.revision > 1 for _, log in logs for r in log):
        _log_sheet(wb, logs)
    shown = book.snapshot(wb.worksheets)
    meta = {
        "kind": book.KIND_EXPORT,
        "layout": book.LAYOUT_VERSION,
        "app_version": __version__,
        "catalog_version": cat_version,
        "exported_at": at,
        "sheets": sheets_meta,
    }
    book.write_hidden(wb, {"meta": book.dumps(meta), "snapshot": book.dumps(shown), **contents})
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    return wb


def _signature(
    meta: dict[str, Any],
    at: str,
    sign: Callable[[dict[str, object]], Signature],
    log: str | None = None,
) -> dict[str, str]:
    """The sheet's signature over its facts (core.signing.return_facts), the export time
    and the digest of its revision log (`log`)."""
    facts = return_facts(
        city=meta["city"],
        county=meta["county"],
        code=meta["code"],
        year=meta["year"],
        period=meta["period"],
        form=meta["form"],
        revision=meta["revision"],
        status=meta["status"],
        digest=meta["digest"],
        pack_version=meta["pack_version"],
        exported_at=at,
        log=log,
    )
    return sign(facts).as_dict()


def _rule_text(rule_id: str) -> str:
    rule = RULE_INDEX.get(rule_id)
    return f"{rule_id} {rule.title}" if rule else rule_id


def _list_sheet(wb: Workbook, title: str, head: Sequence[str], widths: Sequence[int]) -> Worksheet:
    """A sheet of one line per item (校验结果, 修订记录): its header row and column widths."""
    ws = wb.create_sheet(title)
    for col, (label, w) in enumerate(zip(head, widths, strict=True), start=1):
        c = st.put(ws.cell(1, col), label)
        c.font, c.fill, c.border, c.alignment = st.HEAD, st.HEAD_FILL, st.BOX, st.CENTER
        ws.column_dimensions[c.column_letter].width = w
    return ws


def _finish_list(ws: Worksheet) -> None:
    """A list sheet printed landscape, one page wide, its header on every page; locked."""
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    page_numbers(ws)
    ws.protection.sheet = True


def _log_rows(title: str, log: Sequence[LoggedRevision]) -> list[list[Any]]:
    """One line per changed value; a revision that changed none has one line of its own."""
    rows: list[list[Any]] = []
    for r in log:
        when = r.finalised_at[:16].replace("T", " ") or msg.DRAFT_MARK
        reason = r.reason or (msg.LOG_FIRST if r.revision == 1 else "")
        head = [title, f"第{r.revision}版", when, reason]
        if not r.changes:
            rows.append([*head, msg.LOG_NO_CHANGES if r.revision > 1 else "", "", "", "", ""])
        for c in r.changes:
            rows.append([*head, c.label, c.old or msg.EMPTY, c.new or msg.EMPTY, c.who, c.at])
    return rows


def _log_sheet(wb: Workbook, logs: Sequence[tuple[str, Sequence[LoggedRevision]]]) -> None:
    """修订记录: each revision's 更正原因 and the values it changed, in words a reader knows
    (field labels, never ids); what the city stores comes from the signed hidden log."""
    ws = _list_sheet(wb, msg.LOG_SHEET, msg.LOG_HEAD, (10, 7, 17, 28, 28, 16, 16, 9, 17))
    row = 2
    for title, log in logs:
        for line in _log_rows(title, log):
            for col, value in enumerate(line, start=1):
                c = ws.cell(row, col)
                if value != "":
                    st.put(c, value)
                c.font, c.border = st.BODY, st.BOX
                c.alignment = st.LEFT if col in (4, 5, 6, 7) else st.CENTER
            lines = max(st.width(str(line[3])) // 26, st.width(str(line[4])) // 26)
            ws.row_dimensions[row].height = max(20.0, 14.0 * (1 + lines) + 4)
            row += 1
    _finish_list(ws)


def _findings_sheet(wb: Workbook, items: list[tuple[str, FormSpec, Sequence[Finding]]]) -> None:
    """One line per finding, in words a reader knows: the rule's code and title, the
    field's label (never the internal ids)."""
    ws = _list_sheet(wb, msg.FINDINGS_SHEET, msg.FINDINGS_HEAD, (10, 6, 24, 24, 5, 80))
    row = 2
    for title, form, findings in items:
        lines: list[list[Any]] = [
            [
                title,
                f.severity.label,
                _rule_text(f.rule),
                form.label_of(f.field),
                f.row,
                f.message,
            ]
            for f in findings
        ] or [[title, "", "", "", None, msg.NO_FINDINGS]]
        for line in lines:
            for col, value in enumerate(line, start=1):
                c = ws.cell(row, col)
                if value is not None and value != "":
                    st.put(c, value)
                c.font, c.border = st.BODY, st.BOX
                c.alignment = st.LEFT if col == 6 else st.CENTER
            ws.row_dimensions[row].height = max(20.0, 14.0 * (1 + st.width(line[5]) // 88) + 4)
            row += 1
    _finish_list(ws)
