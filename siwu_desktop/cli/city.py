"""`siwu consolidate`: the city summary workbook from the counties' imported returns."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import (
    EXIT_OK,
    Rejected,
    add_city_arg,
    add_command,
    add_year_arg,
    city_name,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands

NO_PROFILE = "尚未设置填报单位：请先运行 siwu init"
NOT_CITY_MODE = (
    "汇总须在市级模式下进行（当前为 {label}）。请用 siwu init --city {city} --city-mode 设置。"
)
WRONG_CITY = "本机为 {mine}，不能汇总 {city}。"
SUMMARY_DONE = "已生成 {path}：{city}{year}年汇总，报送 {n}/{total} 个县区{missing}。"
SUMMARY_MISSING = "，未报：{names}"


def cmd_consolidate(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.excel.summary import write_summary
    from siwu_desktop.services.city import city_picture, summary_parts
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import StorageError, open_storage

    catalog = default_catalog()
    city = city_name(catalog, args.city)
    try:
        with open_storage(args.data_dir) as storage:
            profile = storage.profile.get()
            if profile is None:
                raise Rejected(NO_PROFILE)
            if profile.mode != "city":
                raise Rejected(NOT_CITY_MODE.format(label=profile.label, city=city))
            if profile.city != city:
                raise Rejected(WRONG_CITY.format(mine=profile.label, city=city))
            picture = city_picture(ReturnService(storage, catalog), args.year)
    except StorageError as exc:
        raise Rejected(str(exc)) from None
    result = picture.consolidation
    path = write_summary(result, picture.used, Path(args.out), summary_parts(picture))
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
    return EXIT_OK


def register(sub: Commands) -> None:
    help_text = "市级汇总：由各县区报表生成全市汇总工作簿"
    p = add_command(sub, "consolidate", cmd_consolidate, help_text)
    add_city_arg(p, required=True)
    add_year_arg(p)
    p.add_argument("--out", required=True, help="输出文件（.xlsx）")
