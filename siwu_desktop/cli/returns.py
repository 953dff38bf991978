"""`siwu demo | validate | finalize | correct`: returns in the local database (and
`siwu validate FILE`: a workbook's findings without importing it), headless."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    Rejected,
    UsageError,
    add_command,
    add_json_arg,
    add_return_args,
    county_arg,
    error_count,
    finding_dict,
    form_args,
    format_table,
    indented,
    period_arg,
    service_for,
    severity_label,
)
from siwu_desktop.core.terms import period_text

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands
    from siwu_desktop.services.returns import LoadedReturn, ReturnService


def cmd_demo(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.demo import DemoExists, build_demo
    from siwu_desktop.storage import StorageError, open_storage

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


def cmd_new(args: argparse.Namespace) -> int:
    """`siwu new`: the window's 新建年度报表 (or a quarter's 表三), base-year inputs filled
    from the county's earlier returns, and with `--from-last-year` last year's 表四 ledger."""
    from siwu_desktop.core.terms import ANNUAL, Period
    from siwu_desktop.services.carry import NOTHING, create_quarter, create_year
    from siwu_desktop.storage import StorageError

    period = period_arg(args)
    if period != ANNUAL and args.from_last_year:
        raise UsageError("--from-last-year 只用于年度报表（表四台账），不能与季度 --period 同用")
    with service_for(args) as service:
        if service.profile().mode == "city":
            raise Rejected("市级模式不新建县区报表：县区报表由“siwu import”接收")
        county = county_arg(service, args.county)
        try:
            if period != ANNUAL:
                made = create_quarter(service, county, args.year, Period(period))
                done = "已建立" if made.created else "已有，未重复建立"
                print(f"{done}：{county} {period_text(args.year, period)} 表三")
                return EXIT_OK
            carried = create_year(service, county, args.year, from_last_year=args.from_last_year)
        except StorageError as exc:
            raise Rejected(str(exc)) from None
        created = [service.info(i).form for i in carried.created]
        forms = [service.form(f, args.year, county).short for f in created]
    if args.json:
        print(
            json.dumps(
                {
                    "county": county,
                    "year": args.year,
                    "created": created,
                    "values": [
                        {"field": v.field_id, "text": v.text, "origin": v.origin.text()}
                        for v in carried.values
                    ],
                    "kept": [
                        {"field": v.field_id, "text": held, "carried": v.text}
                        for v, held in carried.kept
                    ],
                    "ledger_rows": carried.ledger_rows,
                    "ledger_skipped": list(carried.ledger_skipped),
                    "notes": carried.lines(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if forms:
        print(f"已建立：{county} {args.year}年 {'、'.join(forms)}")
    else:
        print(f"{county} {args.year}年的年度报表已有，未重复建立")
    lines = carried.lines()
    for line in lines or [NOTHING]:
        print(f"  {line}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    if args.file:
        return validate_file(args)
    if not (args.county and args.year):
        raise UsageError("请给出 --county 和 --year（或一个报表文件）")
    wanted = form_args(args)
    period = period_arg(args) if args.period != "all" else "all"
    results = []
    with service_for(args) as service:
        county = county_arg(service, args.county)
        infos = [
            r
            for r in service.returns_of(county, args.year)
            if (not wanted or r.form in wanted) and period in (r.period, "all")
        ]
        if not infos:
            raise Rejected(f"{county}{args.year}年没有可校验的报表")
        for info in infos:
            # the window's 校验 too: an error-free draft is recorded as 已校验
            loaded = service.load(info)
            results.append((loaded, list(service.check(loaded).findings)))
    errors = sum(error_count(fs) for _, fs in results)
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
                "findings": [finding_dict(f, loaded.data.explanations) for f in findings],
            }
            for loaded, findings in results
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for loaded, findings in results:
            info = loaded.info
            period = period_text(info.year, info.period)
            print(f"{info.county} {period} {loaded.form.short} {loaded.form.title}")
            if not findings:
                print("  没有发现问题")
                continue
            rows = [
                [
                    severity_label(f),
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
            print(indented(format_table(["级别", "规则", "说明"], rows)))
        print(f"共 {errors} 个错误" if errors else "没有错误")
    return EXIT_REJECTED if errors else EXIT_OK


def validate_file(args: argparse.Namespace) -> int:
    """`siwu validate FILE`: findings for a workbook, without importing it."""
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.validation import ValidationContext, validate
    from siwu_desktop.excel.reader import WorkbookRejected, read_workbook

    catalog = default_catalog()
    try:
        parsed = read_workbook(Path(args.file), catalog)
    except WorkbookRejected as exc:
        raise Rejected(exc.message) from None
    ctx = ValidationContext(catalog)
    results = [(p, validate(p.data, ctx)) for p in parsed.returns]
    errors = sum(error_count(fs) for _, fs in results)
    if args.json:
        out = [
            {
                "file": str(parsed.path),
                "sheet": p.sheet,
                "county": p.county,
                "year": p.year,
                "period": p.period,
                "form": p.form.id,
                "status": p.status,
                "revision": p.revision,
                "digest": p.digest,
                "verified": p.verified,
                "findings": [finding_dict(f, p.data.explanations) for f in findings],
            }
            for p, findings in results
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for p, findings in results:
            check = "摘要已核验" if p.verified else "未含摘要（模板）"
            period = period_text(p.year, p.period)
            print(f"{parsed.path.name}：{p.county} {period} {p.form.short}（{check}）")
            if not findings:
                print("  没有发现问题")
                continue
            rows = [[severity_label(f), f.rule, f.message] for f in findings]
            print(indented(format_table(["级别", "规则", "说明"], rows)))
        print(f"共 {errors} 个错误" if errors else "没有错误")
    return EXIT_REJECTED if errors else EXIT_OK


def _named_return(service: ReturnService, args: argparse.Namespace, missing: str) -> LoadedReturn:
    """The return `--county --year --form --period` name, loaded; `missing` if there is none."""
    from siwu_desktop.storage.returns import ReturnKey

    (form_id,) = form_args(args)
    county = county_arg(service, args.county)
    info = service.storage.returns.find(ReturnKey(county, form_id, args.year, period_arg(args)))
    if info is None:
        raise Rejected(missing.format(county=county, year=args.year))
    return service.load(info)


def cmd_finalize(args: argparse.Namespace) -> int:
    from siwu_desktop.services.returns import WITHDRAWN, FinaliseRefused
    from siwu_desktop.storage import StorageError

    with service_for(args) as service:
        loaded = _named_return(service, args, "{county}{year}年没有这张报表，无法定稿")
        try:
            revision = service.finalise(loaded)
        except (FinaliseRefused, StorageError) as exc:
            raise Rejected(str(exc)) from None
    if revision.withdrawn:
        print(WITHDRAWN.format(new=revision.revision + 1, old=revision.revision))
        return EXIT_OK
    info = loaded.info
    period = period_text(info.year, info.period)
    print(f"已定稿：{info.county} {period} {loaded.form.short} 第{revision.revision}版")
    print(f"内容摘要（SHA-256）：{revision.digest}")
    return EXIT_OK


def cmd_correct(args: argparse.Namespace) -> int:
    from siwu_desktop.storage import StorageError

    with service_for(args) as service:
        loaded = _named_return(service, args, "{county}{year}年没有这张报表")
        try:
            revision = service.correct(loaded, args.reason)
        except StorageError as exc:
            raise Rejected(str(exc)) from None
    print(f"已打开更正：第{revision.revision}版（原因：{args.reason}）")
    return EXIT_OK


def register(sub: Commands) -> None:
    add_command(sub, "demo", cmd_demo, "创建示例县区（长治市潞城区）及多年示例数据，便于试用")
    p = add_command(
        sub,
        "new",
        cmd_new,
        "新建年度报表（表一至表四；基准年数据取自本县往年报表），或用 --period 新建季度表三",
    )
    add_return_args(p, form="none")
    p.add_argument(
        "--from-last-year",
        action="store_true",
        help="表四从上年台账带入单位名称、统一社会信用代码、行业、水源、年计划量（不带入实际用水量）",
    )
    add_json_arg(p)
    p = add_command(sub, "validate", cmd_validate, "校验本机报表，列出问题；有错误时退出码为1")
    p.add_argument("file", nargs="?", metavar="FILE", help="报表文件（.xlsx）")
    add_return_args(p, required=False, form="optional", period="or_all")
    add_json_arg(p)
    p = add_command(
        sub,
        "finalize",
        cmd_finalize,
        "定稿：锁定当前版本并生成内容摘要（有错误或未说明的约束性指标未达标时拒绝）",
    )
    add_return_args(p)
    p = add_command(
        sub, "correct", cmd_correct, "更正：把已定稿的报表重新打开为新版本（需写明原因）"
    )
    add_return_args(p)
    p.add_argument("--reason", required=True, help="更正原因")
