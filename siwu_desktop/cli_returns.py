"""`siwu demo | validate | finalize | correct`: returns in the local database, headless."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager

from siwu_desktop.cli import EXIT_OK, EXIT_REJECTED, Rejected, UsageError, format_table
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.forms import PERIODS, resolve_form_id
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.validation import Finding
from siwu_desktop.services.returns import FinaliseRefused, ReturnService
from siwu_desktop.storage import StorageError, open_storage
from siwu_desktop.storage.returns import ReturnKey

SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTICE: "提示"}


@contextmanager
def service_for(args: argparse.Namespace) -> Iterator[ReturnService]:
    """An open data directory with its profile; storage problems become exit code 1."""
    try:
        with open_storage(args.data_dir) as storage:
            if storage.profile.get() is None:
                raise Rejected("尚未设置填报单位：请先运行 siwu init，或用 siwu demo 创建示例数据")
            yield ReturnService(storage, default_catalog())
    except StorageError as exc:
        raise Rejected(str(exc)) from None


def county_arg(service: ReturnService, name: str) -> str:
    profile = service.profile()
    names = [n for n, _ in profile.counties] or [profile.county or ""]
    if name not in names:
        raise UsageError(
            f"本机填报单位（{profile.label}）没有县区“{name}”。可选：{'、'.join(names)}"
        )
    return name


def form_args(args: argparse.Namespace) -> list[str]:
    if getattr(args, "form", None) is None:
        return []
    try:
        return [resolve_form_id(args.form)]
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def period_arg(args: argparse.Namespace) -> str:
    period = str(args.period).upper()
    if period not in PERIODS:
        raise UsageError(f"报告期应为 Y（年度）或 Q1～Q4，而不是 {args.period}")
    return period


def finding_dict(f: Finding) -> dict[str, object]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "severity_label": SEVERITY_LABELS[f.severity],
        "form": f.form,
        "field": f.field,
        "row": f.row,
        "message": f.message,
        "values": dict(f.values),
        "target": f.target,
        "source": f.citation,
        "blocking": f.blocking,
        "key": f.key,
    }


def cmd_demo(args: argparse.Namespace) -> int:
    from siwu_desktop.services.demo import DemoExists, build_demo

    try:
        with open_storage(args.data_dir) as storage:
            lines = build_demo(storage, default_catalog())
            where = storage.paths.root
    except (StorageError, DemoExists) as exc:
        raise Rejected(str(exc)) from None
    print("已创建示例县区：长治市潞城区")
    for line in lines:
        print(f"  {line}")
    print(f"数据目录：{where}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    if args.file:
        from siwu_desktop.cli_excel import validate_file

        return validate_file(args)
    if not (args.county and args.year):
        raise UsageError("请给出 --county 和 --year（或一个报表文件）")
    wanted = form_args(args)
    period = period_arg(args)
    results = []
    with service_for(args) as service:
        county = county_arg(service, args.county)
        infos = [
            r
            for r in service.returns_of(county, args.year)
            if (not wanted or r.form in wanted) and (r.period == period or args.period == "all")
        ]
        if not infos:
            raise Rejected(f"{county}{args.year}年没有可校验的报表")
        for info in infos:
            loaded = service.load(info)
            results.append((loaded, service.validate(loaded)))
    errors = sum(1 for _, fs in results for f in fs if f.severity is Severity.ERROR)
    if args.json:
        out = [
            {
                "county": loaded.info.county,
                "year": loaded.info.year,
                "period": loaded.info.period,
                "form": loaded.info.form,
                "title": loaded.form.title,
                "revision": loaded.revision,
                "status": loaded.info.status,
                "findings": [finding_dict(f) for f in findings],
            }
            for loaded, findings in results
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for loaded, findings in results:
            info = loaded.info
            print(
                f"{info.county} {info.year} {info.period} {loaded.form.short} {loaded.form.title}"
            )
            if not findings:
                print("  没有发现问题")
                continue
            rows = [
                [
                    SEVERITY_LABELS[f.severity],
                    f.rule,
                    f.message
                    + (
                        f"（来源：{f.citation}）"
                        if f.citation and f.citation not in f.message
                        else ""
                    ),
                ]
                for f in findings
            ]
            print(
                "\n".join(
                    "  " + line
                    for line in format_table(["级别", "规则", "说明"], rows).splitlines()
                )
            )
        print(f"共 {errors} 个错误" if errors else "没有错误")
    return EXIT_REJECTED if errors else EXIT_OK


def cmd_finalize(args: argparse.Namespace) -> int:
    (form_id,) = form_args(args)
    with service_for(args) as service:
        county = county_arg(service, args.county)
        info = service.storage.returns.find(ReturnKey(county, form_id, args.year, period_arg(args)))
        if info is None:
            raise Rejected(f"{county}{args.year}年没有这张报表，无法定稿")
        loaded = service.load(info)
        try:
            revision = service.finalise(loaded)
        except FinaliseRefused as exc:
            raise Rejected(str(exc)) from None
        except StorageError as exc:
            raise Rejected(str(exc)) from None
    print(f"已定稿：{county} {args.year} {loaded.form.short} 第{revision.revision}版")
    print(f"内容摘要（SHA-256）：{revision.digest}")
    return EXIT_OK


def cmd_correct(args: argparse.Namespace) -> int:
    (form_id,) = form_args(args)
    with service_for(args) as service:
        county = county_arg(service, args.county)
        info = service.storage.returns.find(ReturnKey(county, form_id, args.year, period_arg(args)))
        if info is None:
            raise Rejected(f"{county}{args.year}年没有这张报表")
        try:
            revision = service.correct(service.load(info), args.reason)
        except StorageError as exc:
            raise Rejected(str(exc)) from None
    print(f"已打开更正：第{revision.revision}版（原因：{args.reason}）")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Guided restore: the newest good backup replaces a damaged database (kept aside)."""
    from pathlib import Path

    from siwu_desktop.storage import RestoreNeededError, find_backups, restore_backup

    if args.list:
        found = find_backups(args.data_dir)
        if not found:
            print("没有找到备份")
        for b in found:
            print(f"{b.created}  {b.reason:<9}  {b.path}")
        return EXIT_OK
    chosen: Path | None = Path(args.backup) if args.backup else None
    if chosen is None:
        try:
            with open_storage(args.data_dir, daily_backup=False):
                print(
                    "数据库完好，无需恢复。如确需换用某份备份，请用 --backup 指定（当前文件会移到 damaged 文件夹保留）。"
                )
                return EXIT_OK
        except RestoreNeededError as exc:
            print(str(exc))
            if not exc.candidates:
                raise Rejected("没有可用于恢复的完好备份") from None
            chosen = exc.candidates[0].path
        except StorageError as exc:
            raise Rejected(str(exc)) from None
    if not chosen.is_file():
        raise UsageError(f"找不到备份文件：{chosen}")
    try:
        kept = restore_backup(args.data_dir, chosen)
    except StorageError as exc:
        raise Rejected(str(exc)) from None
    print(f"已从备份恢复：{chosen.name}")
    print(f"原数据库文件已保留在：{kept}")
    return EXIT_OK
