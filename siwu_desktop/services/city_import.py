"""City mode: taking in the counties' exported returns (issue #8, DOMAIN.md "The exchange by file").

Two halves, so the window can parse in a worker thread and write on the GUI thread:
`read_file` only reads (no database), `take_in` checks the file against the profile
and stores each return as the county's revision n, verbatim. Only a finalised export
whose digest verifies is a return; a template or a draft export is refused with the
reason, and so is an edited file (the reader says which cell). The newest revision
per county, form and period is the current one; older ones are kept; the same digest
twice is reported as a duplicate and stored once. Every file gives report lines that
can be written to CSV or xlsx. No Qt here.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from siwu_desktop.core.catalog import TargetCatalog, Task
from siwu_desktop.core.digest import canonical_bytes, return_content, short_digest
from siwu_desktop.core.files import write_atomically
from siwu_desktop.core.forms import INPUT
from siwu_desktop.core.revision_log import to_wire
from siwu_desktop.core.terms import ImportOutcome, period_text
from siwu_desktop.core.text import csv_cell, printable
from siwu_desktop.services import keys
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, ReturnKey, StorageError, TaskProgress
from siwu_desktop.storage.receipts import Refusal
from siwu_desktop.storage.returns import ImportedRevision

if TYPE_CHECKING:  # the workbook reader (openpyxl) loads with the first file read, not
    # with the city window's start
    from siwu_desktop.excel.reader import ParsedReturn, ParsedWorkbook
    from siwu_desktop.excel.scan import StatedReturn

# outcomes (one per return, or one per rejected file), by their short names
ACCEPTED = ImportOutcome.ACCEPTED
ACCEPTED_OLDER = ImportOutcome.ACCEPTED_OLDER
DUPLICATE = ImportOutcome.DUPLICATE
REJECTED = ImportOutcome.REJECTED
SKIPPED = ImportOutcome.SKIPPED  # a lock file or an unreadable folder: listed, not counted
# reasons of a rejection, for sorting the list
R_EDITED = "文件被修改"
R_NOT_FINAL = "未定稿"
R_CITY = "城市不符"
R_COUNTY = "县区不符"
R_VERSION = "模板版本不符"
R_UNREADABLE = "无法读取"
R_CONFLICT = "版本冲突"
R_UNEXPECTED = "读取出错"
SKIP_LOCK_FILE = "Excel 或 WPS 打开工作簿时生成的临时锁定文件（以 ~$ 开头），不是报表"
SKIP_FOLDER = "无法读取文件夹：没有权限"
UNEXPECTED = (
    "文件“{file}”处理时出现意外错误（{kind}），已跳过；其余文件照常导入。请把该文件发给技术人员"
)

NOT_FINAL_DRAFT = (
    "文件“{file}”工作表“{sheet}”是草稿：草稿不能作为正式报表报送（未定稿），请县区定稿后重新导出"
)
NOT_FINAL_TEMPLATE = (
    "文件“{file}”是填报模板，不是定稿的报表（未定稿）：请县区在本程序中导入、定稿后导出"
)
WRONG_CITY = (
    "文件“{file}”是{found}的报表，本机为{expected}（市级），只接收本市县区的报表，未保存："
    "可能是误发，请告知报送单位改报{city}水利（水务）局"
)
WRONG_COUNTY = (
    "文件“{file}”的县区“{county}”不在本机{city}的县区名单中，未保存：请核对文件是否发错；"
    "如县区名单有变化，请在本机重新设置市级模式的县区"
)
NO_PROFILE = "本机不是市级模式，不能按市级方式接收报表"
DONE_NEW = "{county}{period}{form} 第{revision}版（摘要 {short}），现为最新版本"
DONE_OLDER = "{county}{period}{form} 第{revision}版（摘要 {short}）已保存；本机已有更新的第{current}版，仍以第{current}版为准"
DONE_DUPLICATE = "{county}{period}{form} 第{revision}版（摘要 {short}）本机已有，未重复保存"
REPORT_HEAD = ("文件", "结果", "原因", "县区", "报表", "报告期", "版本", "内容摘要", "说明")
SUMMARY = "共 {files} 个文件：接收 {accepted} 张报表，旧版本 {older} 张，重复 {duplicates} 张，拒绝 {rejected} 个文件"

_FORM_SHORT = {"t1": "表一", "t2": "表二", "t3": "表三", "t4": "表四"}


class ReportLine(Struct, frozen=True):
    file: str
    outcome: ImportOutcome
    reason: str = ""
    county: str = ""
    form: str = ""  # 表一 …
    period: str = ""  # 2025年度 …
    revision: int | None = None
    digest: str = ""
    detail: str = ""

    @property
    def rejected(self) -> bool:
        return self.outcome is ImportOutcome.REJECTED

    def cells(self) -> list[str]:
        return [
            self.file,
            self.outcome.label,
            self.reason,
            self.county,
            self.form,
            self.period,
            "" if self.revision is None else str(self.revision),
            self.digest,
            self.detail,
        ]


class FileRead(Struct, frozen=True):
    """What a worker thread found in one file: the parsed workbook or the refusal."""

    path: Path
    parsed: ParsedWorkbook | None = None
    error: str = ""
    stated: tuple[StatedReturn, ...] = ()  # a refused file's own account of its returns


class CityImportReport(Struct):
    lines: list[ReportLine] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len({line.file for line in self.lines if line.outcome != SKIPPED})

    @property
    def rejected_files(self) -> int:
        return len({line.file for line in self.lines if line.rejected})

    def count(self, outcome: ImportOutcome) -> int:
        return sum(1 for line in self.lines if line.outcome is outcome)

    @property
    def changes(self) -> Changes:
        """A stored revision (newest or older) adds to the list of returns and their states."""
        stored = self.count(ACCEPTED) + self.count(ACCEPTED_OLDER)
        return Changes(listing=True) if stored else NONE

    def summary(self) -> str:
        return SUMMARY.format(
            files=self.files,
            accepted=self.count(ACCEPTED),
            older=self.count(ACCEPTED_OLDER),
            duplicates=self.count(DUPLICATE),
            rejected=self.rejected_files,
        )


# --- finding the files ------------------------------------------------------------------------


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder gives its .xlsx files (sub-folders too), in name order.
    Excel's lock files (~$…) and our own half-written temporaries (.siwu-…) are left out
    (`skipped_in` lists the lock files and the folders that could not be read)."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out += sorted(
                p for p in _walk(path) if not p.name.startswith(("~$", ".siwu-")) and p.is_file()
            )
        else:
            out.append(path)
    return out


def _walk(folder: Path, errors: list[Path] | None = None) -> list[Path]:
    """The .xlsx files under `folder`; folders that cannot be read go to `errors`."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append(Path(exc.filename or folder))

    for root, _dirs, files in os.walk(folder, onerror=unreadable):
        found += [Path(root) / f for f in files if f.lower().endswith(".xlsx")]
    return found


def skipped_in(paths: Iterable[Path]) -> list[ReportLine]:
    """What a folder holds that is not taken in, for the report: lock files, unreadable folders."""
    lines: list[ReportLine] = []
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            continue
        errors: list[Path] = []
        files = _walk(path, errors)
        for p in sorted(f for f in files if f.name.startswith("~$")):
            lines.append(ReportLine(str(p), SKIPPED, detail=SKIP_LOCK_FILE))
        lines += [ReportLine(str(e), SKIPPED, detail=SKIP_FOLDER) for e in sorted(errors)]
    return lines


# --- reading (any thread) ----------------------------------------------------------------------


def reading_packs(service: ReturnService) -> tuple[tuple[Task, ...], dict[str, tuple[Task, ...]]]:
    """What reading the counties' workbooks needs to know of target packs (read once, on
    the thread that owns the database): the tasks of the pack in force, and of each
    stored pack by version."""
    return service.pack_in_force().tasks, service.tasks_by_version()


def read_file(
    path: Path,
    catalog: TargetCatalog,
    extra_tasks: Sequence[Task] = (),
    packs: Mapping[str, Sequence[Task]] | None = None,
) -> FileRead:
    """`extra_tasks`: the pack in force's tasks (PackInForce.tasks), listed in 表三;
    `packs`: every stored pack's tasks by version (`reading_packs`)."""
    from siwu_desktop.excel.reader import WorkbookRejected, read_workbook

    try:
        return FileRead(Path(path), read_workbook(Path(path), catalog, extra_tasks, packs))
    except WorkbookRejected as exc:
        return FileRead(Path(path), error=exc.message, stated=exc.stated)


def _reason_of(message: str) -> str:
    from siwu_desktop.excel.messages import MODIFIED

    if message.startswith(MODIFIED.split("“")[0]):
        return R_EDITED
    if "模板版本" in message or "报表格式" in message:
        return R_VERSION
    return R_UNREADABLE


# --- storing (the thread that owns the database) ----------------------------------------------


def _period(p: ParsedReturn) -> str:
    return period_text(p.year, p.period)


def _check(profile: Profile, read: FileRead) -> tuple[str, str] | None:
    """(reason, message) when the file as a whole is refused."""
    name = read.path.name
    if read.parsed is None:
        return _reason_of(read.error), read.error
    if read.parsed.kind != "export":
        return R_NOT_FINAL, NOT_FINAL_TEMPLATE.format(file=name)
    counties = {n for n, _ in profile.counties}
    for p in read.parsed.returns:
        if p.city != profile.city:
            found = f"{p.city}{p.county}"
            return R_CITY, WRONG_CITY.format(
                file=name, found=found, expected=profile.city, city=p.city
            )
        if counties and p.county not in counties:
            return R_COUNTY, WRONG_COUNTY.format(file=name, county=p.county, city=profile.city)
    drafts = [p for p in read.parsed.returns if not _final(p)]
    if drafts and len(drafts) == len(read.parsed.returns):
        return R_NOT_FINAL, NOT_FINAL_DRAFT.format(file=name, sheet=drafts[0].sheet)
    return None


def _final(p: ParsedReturn) -> bool:
    """A sheet that is a return: finalised, verified, with its revision and digest. In a
    workbook of several returns each sheet is judged alone (issue #14 item 6)."""
    return p.status == "finalised" and p.verified and bool(p.revision) and bool(p.digest)


def _record_refusals(
    service: ReturnService, file: str, reason: str, detail: str, sheets: Sequence[StatedReturn]
) -> None:
    """Leave a trace of a refusal for the board (issue #14 item 8): per sheet of a county of
    this city; a file that says nothing readable about its county leaves none."""
    profile = service.profile()
    counties = {n for n, _ in profile.counties}
    for p in sheets:
        if p.city == profile.city and p.county in counties:
            service.storage.refusals.record(
                "import_refused",
                Refusal(p.county, p.year, p.form, p.period, p.revision, file, reason, detail, ""),
            )


def _stated(read: FileRead) -> tuple[StatedReturn, ...]:
    """What the file says it holds: its parsed returns, or what a refused file's metadata
    names (an export edited after it left)."""
    if read.parsed is None:
        return read.stated
    return tuple(p.stated for p in read.parsed.returns)


def _stated_county(read: FileRead) -> str:
    """The county a refused file says it is from (one county throughout), for the report."""
    counties = {p.county for p in _stated(read)}
    return counties.pop() if len(counties) == 1 else ""


def _check_signatures(service: ReturnService, read: FileRead) -> tuple[str, str] | None:
    """(reason, message) unless every sheet is signed by its county's registered key."""
    assert read.parsed is not None
    return keys.check_returns(service.storage, read.parsed, read.path.name)


def imported_revision(p: ParsedReturn, source_file: str) -> ImportedRevision:
    """The parsed return as storage keeps it: texts with their values, rows, explanations."""
    data, form = p.data, p.form
    values = {k: (e.text, e.value) for k, e in data.values.items() if form.index[k].kind == INPUT}
    rows: tuple[dict[str, str], ...] = ()
    tasks: dict[str, TaskProgress] = {}
    if form.id == "t3":
        for row in data.rows:
            texts = {c: e.text for c, e in row.cells.items() if e.text != ""}
            if texts:
                tasks[row.key] = TaskProgress(**texts)
    elif form.table is not None:
        rows = tuple({c: e.text for c, e in row.cells.items() if e.text != ""} for row in data.rows)
    assert p.revision is not None and p.digest is not None
    return ImportedRevision(
        revision=p.revision,
        digest=p.digest,
        content_json=canonical_bytes(return_content(data)).decode("utf-8"),
        source_file=source_file,
        values=values,
        explanations=dict(data.explanations),
        ledger_rows=rows,
        tasks=tasks,
        pack_version=p.pack_version,
        signer=p.signature.fingerprint if p.signature else None,
        signature=p.signature.value if p.signature else None,
        reason=_reason(p),
        log_json=None if p.log is None else json.dumps(to_wire(p.log), ensure_ascii=False),
    )


def _reason(p: ParsedReturn) -> str:
    """The county's 更正原因 of this revision, as its signed log states it."""
    return next((r.reason for r in p.log or () if r.revision == p.revision), "")


def take_in(service: ReturnService, read: FileRead, *, backup: bool = True) -> list[ReportLine]:
    """Check one read file against the profile and store its returns; one line per return
    (one line for a refused file). A refused file changes nothing."""
    profile = service.profile()
    name = str(read.path)
    if profile.mode != "city":
        return [ReportLine(name, REJECTED, R_UNREADABLE, detail=NO_PROFILE)]
    refused = _check(profile, read) or _check_signatures(service, read)
    if refused is not None:
        county = _stated_county(read)
        _record_refusals(service, read.path.name, refused[0], refused[1], _stated(read))
        return [ReportLine(name, REJECTED, refused[0], county=county, detail=refused[1])]
    assert read.parsed is not None
    if backup:
        service.storage.backup("import")
    lines = []
    for p in read.parsed.returns:
        base = ReportLine(
            name,
            ACCEPTED,
            county=p.county,
            form=_FORM_SHORT.get(p.form.id, p.form.short),
            period=_period(p),
            revision=p.revision,
            digest=p.digest or "",
        )
        words = {
            "county": p.county,
            "period": base.period,
            "form": base.form,
            "revision": p.revision,
            "short": short_digest(p.digest or ""),
        }
        if not _final(p):
            draft = NOT_FINAL_DRAFT.format(file=read.path.name, sheet=p.sheet)
            lines.append(_with(base, REJECTED, R_NOT_FINAL, draft))
            _record_refusals(service, read.path.name, R_NOT_FINAL, draft, [p.stated])
            continue
        key = ReturnKey(p.county, p.form.id, p.year, p.period)
        try:
            outcome = service.storage.returns.import_revision(
                key, imported_revision(p, read.path.name)
            )
        except StorageError as exc:
            lines.append(_with(base, REJECTED, R_CONFLICT, f"文件“{read.path.name}”：{exc}"))
            continue
        if outcome.kind == "duplicate":
            words["revision"] = outcome.revision
            lines.append(_with(base, DUPLICATE, "", DONE_DUPLICATE.format(**words)))
        elif outcome.kind == "older":
            text = DONE_OLDER.format(**words, current=outcome.current)
            lines.append(_with(base, ACCEPTED_OLDER, "", text))
        else:
            lines.append(_with(base, ACCEPTED, "", DONE_NEW.format(**words)))
    return lines


def _with(line: ReportLine, outcome: ImportOutcome, reason: str, detail: str) -> ReportLine:
    return ReportLine(
        line.file,
        outcome,
        reason,
        line.county,
        line.form,
        line.period,
        line.revision,
        line.digest,
        detail,
    )


#: files taken in under one commit by `import_paths` (each file still all or nothing)
BATCH = 50


def import_paths(
    service: ReturnService,
    paths: Sequence[Path],
    on_file: Callable[[Path, list[ReportLine]], None] | None = None,
) -> CityImportReport:
    """Files and folders, read and taken in one after another (the CLI's way);
    `on_file` hears each file's lines as soon as it is taken in.

    The files go in batches of `BATCH` under one transaction (one sync to disk instead
    of one per file: most of a large import's storing time); within it each file's
    writes are one savepoint, so a refused or failing file leaves nothing and the others
    of the batch stay. The backup is taken before the first batch that stores anything."""
    report = CityImportReport(skipped_in(paths))
    files = expand_paths(paths)
    tasks, packs = reading_packs(service)
    backed_up = False
    for start in range(0, len(files), BATCH):
        reads = [
            _read_safely(path, service.catalog, tasks, packs)
            for path in files[start : start + BATCH]
        ]
        if not backed_up and any(isinstance(r, FileRead) and r.parsed for r in reads):
            service.storage.backup("import")
            backed_up = True
        with service.storage.batch():
            for path, read in zip(files[start : start + BATCH], reads, strict=True):
                lines = _take_in_safely(service, path, read)
                report.lines += lines
                if on_file is not None:
                    on_file(path, lines)
    service.storage.checkpoint()  # the imported revisions into the database file itself
    return report


def _unexpected(path: Path, exc: Exception) -> list[ReportLine]:
    detail = UNEXPECTED.format(file=path.name, kind=type(exc).__name__)
    return [ReportLine(str(path), REJECTED, R_UNEXPECTED, detail=detail)]


def _read_safely(
    path: Path,
    catalog: TargetCatalog,
    tasks: Sequence[Task],
    packs: Mapping[str, Sequence[Task]],
) -> FileRead | Exception:
    try:
        return read_file(path, catalog, tasks, packs)
    except Exception as exc:  # reported for this file; the others go on
        return exc


def _take_in_safely(
    service: ReturnService, path: Path, read: FileRead | Exception
) -> list[ReportLine]:
    if isinstance(read, Exception):
        return _unexpected(path, read)
    try:
        with service.storage.batch():  # inside the batch: this file's savepoint
            return take_in(service, read, backup=False)
    except Exception as exc:  # the file's savepoint is undone whole; the batch goes on
        return _unexpected(path, exc)


# --- the list, for the people who chase the counties ------------------------------------------


def write_report(lines: Sequence[ReportLine], out: Path) -> Path:
    """The list as CSV (UTF-8 with BOM, so Excel shows the Chinese) or as .xlsx."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        from siwu_desktop.excel import style as st
        from siwu_desktop.excel.export import save_atomically

        wb = Workbook()
        ws = wb.active
        ws.title = "导入结果"
        ws.append(list(REPORT_HEAD))
        for r, line in enumerate(lines, start=2):
            for c, value in enumerate(line.cells(), start=1):
                if c == 7:
                    ws.cell(r, c).value = line.revision
                else:  # text as text: a file named =1+1.xlsx is no formula (style.put)
                    st.put(ws.cell(r, c), printable(value))
        for letter, width in zip("ABCDEFGHI", (36, 14, 12, 10, 8, 16, 6, 66, 90), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
        return save_atomically(wb, out)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(REPORT_HEAD)
    writer.writerows([csv_cell(cell) for cell in line.cells()] for line in lines)
    return write_atomically(out, text.getvalue().encode("utf-8-sig"))
