"""`siwu consolidate` (the city summary workbook, its machine-readable file and the printed
summary) and `siwu board` (every county × return, 异常 marks, the 催报清单)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    Rejected,
    UsageError,
    add_city_arg,
    add_command,
    add_json_arg,
    add_year_arg,
    city_name,
    ensure_gui_application,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands
    from siwu_desktop.core.consolidation import CityStatistics
    from siwu_desktop.services.returns import ReturnService

NOT_CITY_MODE = (
    "汇总须在市级模式下进行（当前为 {label}）。请用 siwu init --city {city} --city-mode 设置。"
)
WRONG_CITY = "本机为 {mine}，不能汇总 {city}。"
SUMMARY_DONE = "已生成 {path}：{city}{year}年汇总，报送 {n}/{total} 个县区{missing}。"
SUMMARY_MISSING = "，未报：{names}"
SUMMARY_FILE = (
    "已生成 {path}：供省级汇总读取的汇总数据（内容摘要 {digest}，本机密钥 {fingerprint} 签名）"
)
SUMMARY_PDF = "已生成 {path}：打印用汇总表（共 {pages} 页）"
BOARD_HEAD = "{year}年县区报表报送情况（统计日期 {today}）"
BOARD_OVERDUE = "逾期：年报 {annual} 份，季报 {quarterly} 份（只计已过报送期限的报表）"
BOARD_INDICATORS = "全市主要指标（本年、上年、同比）："
INDICATOR_HEAD = ("指标", "单位", "本年", "上年", "同比")
BOARD_FLAGS = "异常，需核实："
BOARD_REFUSED = "最近被拒绝的文件或退回的报表："
BOARD_REMINDERS = "催报清单："
BOARD_NONE = "无需催报的县区。"
BOARD_WRITTEN = "已生成 {path}：报送情况与催报清单"
BAD_DATE = "日期应写成 2026-02-10 的形式：{text}"
STATISTICS_UNREADABLE = "无法读取市统计数据表“{path}”：{reason}"
STATISTICS_USED = "采用市统计数据：{line}"
STATISTICS_NOT_CITY = (
    "市统计数据须在市级模式下录入和查看（当前为 {label}）。"
    "请用 siwu init --city {city} --city-mode 设置。"
)
STATISTICS_SAVED = "已保存{year}年市统计数据（{n}项，来源：{source}），此后汇总采用这些数据。"
STATISTICS_UNCHANGED = "{year}年市统计数据与已保存的相同，未作改动。"
STATISTICS_NONE = "{year}年尚未录入市统计数据，汇总采用按县区加权的数据。"
STATISTICS_HEAD = "{year}年市统计数据（来源：{source}）："
STATISTICS_TABLE = ("项目", "数值", "单位")


@contextmanager
def _city_service(
    args: argparse.Namespace, city: str | None, refusal: str = NOT_CITY_MODE
) -> Iterator[ReturnService]:
    """The city-mode service of the data directory (refused in county mode or another city)."""
    from siwu_desktop.cli.common import service_for

    with service_for(args) as service:
        profile = service.profile()
        if profile.mode != "city":
            raise Rejected(refusal.format(label=profile.label, city=city or profile.city))
        if city is not None and profile.city != city:
            raise Rejected(WRONG_CITY.format(mine=profile.label, city=city))
        yield service


def _statistics(args: argparse.Namespace, service: ReturnService) -> CityStatistics | None:
    """`--statistics FILE`: the city's statistics-bureau figures (项目,数值,来源)."""
    from siwu_desktop.services.city import StatisticsError, statistics_from_csv

    if not args.statistics:
        return None
    try:
        text = Path(args.statistics).read_text(encoding="utf-8-sig")
        return statistics_from_csv(text, service, args.year)
    except (OSError, UnicodeDecodeError) as exc:
        raise Rejected(STATISTICS_UNREADABLE.format(path=args.statistics, reason=exc)) from None
    except StatisticsError as exc:
        raise Rejected(str(exc)) from None


def cmd_consolidate(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.city import city_picture, export_summary

    catalog = default_catalog()
    city = city_name(catalog, args.city)
    with _city_service(args, city) as service:
        statistics = _statistics(args, service)
        picture = city_picture(service, args.year, statistics=statistics)
        try:
            exported = export_summary(service, picture, Path(args.out))
        except OSError as exc:  # core.files: the reason in Chinese, nothing half-written
            raise Rejected(str(exc)) from None
    result = picture.consolidation
    for line in result.statistics_notes() if result.statistics else ():
        print(STATISTICS_USED.format(line=line))
    path = exported.path
    missing = SUMMARY_MISSING.format(names="、".join(result.missing)) if result.missing else ""
    print(
        SUMMARY_DONE.format(
            path=path,
            city=city,
            year=args.year,
            n=len(result.reported),
            total=len(result.counties),
            missing=missing,
        )
    )
    print(
        SUMMARY_FILE.format(
            path=exported.data, digest=exported.file.digest, fingerprint=exported.fingerprint
        )
    )
    if args.pdf:
        ensure_gui_application()
        from siwu_desktop.printing.summary import paper_for, write_summary_pdf

        paper = paper_for(picture, catalog.city(city).code, exported.file.digest)
        try:
            pages = write_summary_pdf(picture, paper, Path(args.pdf))
        except OSError as exc:
            raise Rejected(str(exc)) from None
        print(SUMMARY_PDF.format(path=args.pdf, pages=pages))
    return EXIT_OK


def cmd_board(args: argparse.Namespace) -> int:
    import datetime as dt

    from siwu_desktop.cli.common import format_table, print_json
    from siwu_desktop.services.city_board import build_board
    from siwu_desktop.services.city_reminders import board_json, board_view

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise UsageError(BAD_DATE.format(text=args.today)) from None
    with _city_service(args, None) as service:
        board = build_board(service, args.year, today)
        view = board_view(service, board)
    if args.out:
        from siwu_desktop.excel.board import write_board

        try:
            write_board(view, Path(args.out))
        except OSError as exc:
            raise Rejected(str(exc)) from None
    if args.json:
        print_json(board_json(view))
        return EXIT_OK
    print(BOARD_HEAD.format(year=view.year, today=view.today))
    print(format_table(("县区", *view.columns), [(c, *states) for c, states in view.rows]))
    print(BOARD_OVERDUE.format(annual=view.overdue_annual, quarterly=view.overdue_quarterly))
    print(BOARD_INDICATORS)
    lines = [(i.label, i.unit, i.now, i.last, i.change) for i in view.indicators]
    print(format_table(INDICATOR_HEAD, lines))
    if view.flags:
        print(BOARD_FLAGS)
        for county, text in view.flags:
            print(f"  {county}：{text}")
    refused = [(row.county, row.last_refusal) for row in board.rows if row.last_refusal]
    if refused:  # issue #14 item 8: the last refused file of each county, why and when
        print(BOARD_REFUSED)
        for county, text in refused:
            print(f"  {county}：{text}")
    print(BOARD_REMINDERS if view.reminders else BOARD_NONE)
    for r in view.reminders:
        print(f"  {r.county}（{r.contact}）")
        for item in r.items:
            print(f"    {item}")
    if args.out:
        print(BOARD_WRITTEN.format(path=args.out))
    return EXIT_OK


def _read_table(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Rejected(STATISTICS_UNREADABLE.format(path=path, reason=exc)) from None


def cmd_statistics_set(args: argparse.Namespace) -> int:
    """`siwu statistics set --year Y --from-csv FILE [--source TEXT]`: store the figures."""
    from siwu_desktop.services.city import (
        StatisticsError,
        set_city_statistics,
        statistics_from_csv,
    )

    with _city_service(args, None, STATISTICS_NOT_CITY) as service:
        try:
            read = statistics_from_csv(
                _read_table(args.from_csv), service, args.year, args.source or ""
            )
            changes = set_city_statistics(service, args.year, read.values, read.source)
        except StatisticsError as exc:
            raise Rejected(str(exc)) from None
    if changes:
        print(STATISTICS_SAVED.format(year=args.year, n=len(read.values), source=read.source))
    else:
        print(STATISTICS_UNCHANGED.format(year=args.year))
    return EXIT_OK


def cmd_statistics_show(args: argparse.Namespace) -> int:
    """`siwu statistics show --year Y [--json]`: the stored figures of the year."""
    from siwu_desktop.cli.common import format_table, print_json
    from siwu_desktop.core.consolidation import official_fields
    from siwu_desktop.services.city import city_statistics

    with _city_service(args, None, STATISTICS_NOT_CITY) as service:
        stats = city_statistics(service, args.year)
        fields = official_fields(service.forms.get(service.city(), "t1", args.year))
    values = stats.values if stats else {}
    rows = [(f.id, f.label, values[f.id], f.unit) for f in fields if f.id in values]
    if args.json:
        print_json(
            {
                "year": args.year,
                "source": stats.source if stats else None,
                "values": [
                    {"field": i, "label": label, "value": str(v), "unit": unit}
                    for i, label, v, unit in rows
                ],
            }
        )
        return EXIT_OK
    if stats is None:
        print(STATISTICS_NONE.format(year=args.year))
        return EXIT_OK
    print(STATISTICS_HEAD.format(year=args.year, source=stats.source))
    print(format_table(STATISTICS_TABLE, [(label, str(v), unit) for _, label, v, unit in rows]))
    return EXIT_OK


def register(sub: Commands) -> None:
    help_text = "市级汇总：由各县区报表生成全市汇总工作簿"
    p = add_command(sub, "consolidate", cmd_consolidate, help_text)
    add_city_arg(p, required=True)
    add_year_arg(p)
    p.add_argument("--out", required=True, help="输出文件（.xlsx）；同名 .siwusum 为汇总数据文件")
    p.add_argument("--pdf", help="另存打印用汇总表（PDF）")
    p.add_argument(
        "--statistics",
        help="市统计局数据表（CSV：项目,数值,来源），代替按县区加权的地区生产总值指数等",
    )
    p = sub.add_parser("statistics", help="市级：录入或查看市统计部门的地区生产总值、增加值和指数")
    ops = p.add_subparsers(dest="statistics_command", metavar="操作", required=True)
    put = ops.add_parser("set", help="由 CSV（项目,数值,来源）保存某年的市统计数据")
    put.set_defaults(handler=cmd_statistics_set)
    add_year_arg(put)
    put.add_argument("--from-csv", required=True, help="市统计局数据表（CSV：项目,数值,来源）")
    put.add_argument("--source", help="数据来源（代替表中的来源列），如《统计公报》")
    show = ops.add_parser("show", help="查看某年已保存的市统计数据")
    show.set_defaults(handler=cmd_statistics_show)
    add_year_arg(show)
    add_json_arg(show)
    help_text = "市级：各县区各报表的报送情况、异常标记和催报清单"
    p = add_command(sub, "board", cmd_board, help_text)
    add_year_arg(p)
    add_json_arg(p)
    p.add_argument("--out", help="另存为工作簿（.xlsx）：报送情况与催报清单")
    p.add_argument("--today", help="统计日期（默认今天），如 2026-02-10")
