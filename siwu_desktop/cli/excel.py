"""`siwu template | export | import`: Excel returns, headless (in city mode `import` takes
the counties' files and folders and can write a report of what it accepted)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    Rejected,
    UsageError,
    add_city_arg,
    add_command,
    add_form_arg,
    add_return_args,
    city_name,
    county_arg,
    form_args,
    period_arg,
    service_for,
)
from siwu_desktop.core.terms import ImportOutcome, ReturnStatus, period_text
from siwu_desktop.core.text import printable

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands
    from siwu_desktop.services.returns import ReturnService


def cmd_template(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.excel.template import write_template

    catalog = default_catalog()
    (form_id,) = form_args(args)
    matches = [
        c for city in catalog.cities for c in catalog.counties_for(city) if c.name == args.county
    ]
    if args.city:
        matches = [c for c in matches if c.city == city_name(catalog, args.city)]
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
        raise UsageError(f"{form_id} 没有报告期 {period}") from None
    except OSError as exc:
        raise Rejected(f"无法写入文件“{args.out}”：{exc.strerror or exc}") from None
    print(f"已生成空白报表：{out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from siwu_desktop.core.forms import FORM_IDS
    from siwu_desktop.services.export import (
        draft_warning,
        export_filename,
        export_returns,
        year_filename,
        year_returns,
    )
    from siwu_desktop.storage import StorageError

    wanted = list(FORM_IDS) if args.all else form_args(args)
    period = period_arg(args)
    with service_for(args) as service:
        county = county_arg(service, args.county)
        if args.all:
            loaded = year_returns(service, county, args.year)
        else:
            loaded = [
                service.load(r)
                for r in service.returns_of(county, args.year)
                if r.form in wanted and r.period == period
            ]
        if not loaded:
            raise Rejected(f"{county}{args.year}年没有可导出的报表")
        warning = draft_warning(loaded)
        if warning:
            print(warning, file=sys.stderr)
        out = Path(args.out)
        if out.is_dir():
            name = (
                export_filename(loaded[0]) if len(loaded) == 1 else year_filename(county, args.year)
            )
            out = out / name
        try:
            result = export_returns(service, loaded, out)
        except OSError as exc:
            raise Rejected(f"无法写入文件“{out}”：{exc.strerror or exc}") from None
        except StorageError as exc:
            raise Rejected(str(exc)) from None
    print(f"已导出：{result.path}")
    for item, (_rid, revision, digest) in zip(loaded, result.returns, strict=True):
        final = item.locked or revision < item.info.revision
        state = (ReturnStatus.FINALISED if final else ReturnStatus.DRAFT).label
        period = period_text(item.info.year, item.info.period)
        print(f"  {item.form.short} {period} 第{revision}版（{state}） 摘要 {digest}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from siwu_desktop.services.county_import import import_workbook

    failed = 0
    with service_for(args) as service:
        if service.profile().mode == "city":
            return city_import(service, args)
        if args.report:
            raise UsageError("--report 只用于市级模式的导入")
        for name in args.files:
            if name.endswith(RECEIPT_SUFFIX):  # a city receipt (回执, #14)
                failed += _take_receipt(service, Path(name))
                continue
            result = import_workbook(service, Path(name), replace=args.replace)
            if result.ok:
                print(printable(result.message))
            else:
                failed += 1
                print(f"{ImportOutcome.REJECTED.label}：{printable(result.message)}")
    return EXIT_REJECTED if failed else EXIT_OK


RECEIPT_SUFFIX = ".siwureceipt"  # = services.receipts.RECEIPT_SUFFIX (without loading it)


def _take_receipt(service: ReturnService, path: Path) -> int:
    """One receipt taken in (0) or refused (1), its line printed."""
    from siwu_desktop.services.keys import KeyRefused
    from siwu_desktop.services.receipts import take_receipt

    try:
        print(take_receipt(service, path).message)
    except KeyRefused as exc:
        print(f"已拒绝：{exc.message}")
        return 1
    return 0


def city_import(service: ReturnService, args: argparse.Namespace) -> int:
    """One line per file (its returns after it, indented); exit 1 when a file is refused."""
    from siwu_desktop.services.city_import import (
        CityImportReport,
        ReportLine,
        expand_paths,
        import_paths,
        write_report,
    )

    files = expand_paths(Path(f) for f in args.files)
    if not files:
        raise Rejected("没有找到报表文件（.xlsx）：" + "、".join(args.files))

    def show(path: Path, lines: list[ReportLine]) -> None:
        if lines[0].rejected:
            print(
                printable(f"{ImportOutcome.REJECTED.label}：{lines[0].detail}（{lines[0].reason}）")
            )
        else:
            said = "；".join(f"{x.outcome.label} {x.detail}" for x in lines)
            print(printable(f"{path.name}：{said}"))

    report = CityImportReport()
    try:
        report = import_paths(service, [Path(f) for f in args.files], show)
        for line in report.lines:
            if line.outcome == ImportOutcome.SKIPPED:
                print(printable(f"{line.outcome.label}：{line.file}（{line.detail}）"))
        print(report.summary())
    finally:  # the report is written whatever happened to the batch
        if args.report:
            try:
                out = write_report(report.lines, Path(args.report))
            except OSError as exc:
                raise Rejected(f"无法写入文件“{args.report}”：{exc.strerror or exc}") from None
            print(f"导入结果清单：{printable(str(out))}")
    return EXIT_REJECTED if report.rejected_files else EXIT_OK


def register(sub: Commands) -> None:
    p = add_command(sub, "template", cmd_template, "生成空白报表（Excel 模板），供填写后导入")
    add_return_args(p)
    add_city_arg(p, help="城市名称（县区名称在多个城市中重复时）")
    p.add_argument("--out", required=True, help="输出文件（.xlsx）")

    p = add_command(sub, "export", cmd_export, "导出标准报表工作簿（含内容摘要）")
    add_return_args(p, form="none")
    which = p.add_mutually_exclusive_group(required=True)
    add_form_arg(which, required=False)
    which.add_argument("--all", action="store_true", help="该年全部报表，每张一个工作表")
    p.add_argument("--out", required=True, help="输出文件（.xlsx）或文件夹")

    p = add_command(
        sub, "import", cmd_import, "导入填好的模板或导出的报表；有文件被拒绝时退出码为1"
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="报表文件（.xlsx）；市级模式也可为文件夹"
    )
    p.add_argument("--report", metavar="FILE", help="市级模式：导入结果清单另存为 .csv 或 .xlsx")
    p.add_argument(
        "--replace",
        action="store_true",
        help="填报模板：用文件的内容替换整张草稿（含文件中空着的栏目）；默认只改文件中填了的栏目",
    )
