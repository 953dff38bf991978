"""`siwu template | export | import` and `siwu validate FILE`: Excel returns, headless."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from siwu_desktop.cli import EXIT_OK, EXIT_REJECTED, Rejected, UsageError, format_table
from siwu_desktop.cli_returns import (
    SEVERITY_LABELS,
    county_arg,
    finding_dict,
    form_args,
    period_arg,
    service_for,
)
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.forms import FORM_IDS, resolve_form_id
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.validation import ValidationContext, validate
from siwu_desktop.storage import StorageError


def cmd_template(args: argparse.Namespace) -> int:
    from siwu_desktop.excel.template import write_template

    catalog = default_catalog()
    try:
        form_id = resolve_form_id(args.form)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    matches = [
        c for city in catalog.cities for c in catalog.counties_for(city) if c.name == args.county
    ]
    if args.city:
        matches = [c for c in matches if c.city == catalog.city(args.city).name]
    if len(matches) != 1:
        raise UsageError(
            f"未知或不唯一的县区：{args.county}"
            + ("（请用 --city 指明城市）" if len(matches) > 1 else "")
        )
    county = matches[0]
    period = period_arg(args)
    try:
        out = write_template(
            catalog, county.city, county.name, form_id, args.year, period, Path(args.out)
        )
    except ValueError:
        raise UsageError(f"{resolve_form_id(args.form)} 没有报告期 {period}") from None
    except OSError as exc:
        raise Rejected(f"无法写入文件“{args.out}”：{exc.strerror or exc}") from None
    print(f"已生成空白报表：{out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from siwu_desktop.services.export import export_filename, export_returns

    wanted = list(FORM_IDS) if args.all else form_args(args)
    period = period_arg(args)
    with service_for(args) as service:
        county = county_arg(service, args.county)
        infos = [
            r
            for r in service.returns_of(county, args.year)
            if r.form in wanted and (args.all or r.period == period)
        ]
        if not infos:
            raise Rejected(f"{county}{args.year}年没有可导出的报表")
        loaded = [service.load(info) for info in infos]
        out = Path(args.out)
        if out.is_dir():
            out = (
                out / export_filename(loaded[0])
                if len(loaded) == 1
                else out / (f"{county}_{args.year}_全部报表.xlsx")
            )
        try:
            result = export_returns(service, loaded, out)
        except OSError as exc:
            raise Rejected(f"无法写入文件“{out}”：{exc.strerror or exc}") from None
        except StorageError as exc:
            raise Rejected(str(exc)) from None
    print(f"已导出：{result.path}")
    for item, (_rid, revision, digest) in zip(loaded, result.returns, strict=True):
        state = "已定稿" if item.locked or revision < item.info.revision else "草稿"
        print(f"  {item.form.short} {item.info.period} 第{revision}版（{state}） 摘要 {digest}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from siwu_desktop.services.county_import import import_workbook

    failed = 0
    with service_for(args) as service:
        if service.profile().mode == "city":
            from siwu_desktop.cli_city_import import city_import

            return city_import(service, args)
        if getattr(args, "report", None):
            raise UsageError("--report 只用于市级模式的导入")
        for name in args.files:
            result = import_workbook(service, Path(name))
            if result.ok:
                print(result.message)
            else:
                failed += 1
                print(f"已拒绝：{result.message}")
    return EXIT_REJECTED if failed else EXIT_OK


def validate_file(args: argparse.Namespace) -> int:
    """`siwu validate FILE`: findings for a workbook, without importing it."""
    from siwu_desktop.excel.reader import WorkbookRejected, read_workbook

    catalog = default_catalog()
    try:
        parsed = read_workbook(Path(args.file), catalog)
    except WorkbookRejected as exc:
        raise Rejected(exc.message) from None
    ctx = ValidationContext(catalog)
    results = [(p, validate(p.data, ctx)) for p in parsed.returns]
    errors = sum(1 for _, fs in results for f in fs if f.severity is Severity.ERROR)
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
                "findings": [finding_dict(f) for f in findings],
            }
            for p, findings in results
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for p, findings in results:
            check = "摘要已核验" if p.verified else "未含摘要（模板）"
            print(f"{parsed.path.name}：{p.county} {p.year} {p.period} {p.form.short}（{check}）")
            if not findings:
                print("  没有发现问题")
                continue
            rows = [[SEVERITY_LABELS[f.severity], f.rule, f.message] for f in findings]
            table = format_table(["级别", "规则", "说明"], rows)
            print("\n".join("  " + line for line in table.splitlines()))
        print(f"共 {errors} 个错误" if errors else "没有错误")
    return EXIT_REJECTED if errors else EXIT_OK
