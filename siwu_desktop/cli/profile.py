"""`siwu init`: the local profile (county mode or city mode), checked against the catalog."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from siwu_desktop.cli.common import EXIT_OK, Rejected, UsageError, add_city_arg, add_command
from siwu_desktop.core.terms import MetaField

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands


def cmd_init(args: argparse.Namespace) -> int:
    """Create or update the local profile; names are checked against the catalog."""
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.storage import Profile, StorageError, open_storage

    catalog = default_catalog()
    try:
        city = catalog.city(args.city)
    except KeyError:
        raise UsageError(f"未知城市：{args.city}。可选：{'、'.join(catalog.cities)}") from None
    if args.city_mode:
        county_name = None
        counties = tuple((c.name, c.code) for c in city.counties)
        unit = city.water_bureau
    else:
        try:
            county = catalog.county(city.name, args.county)
        except KeyError:
            names = "、".join(c.name for c in city.counties)
            raise UsageError(f"{city.name}没有县区“{args.county}”。可选：{names}") from None
        county_name, counties = county.name, ((county.name, county.code),)
        unit = f"{county.name}水利局"
    try:
        with open_storage(args.data_dir) as storage:
            old = storage.profile.get()
            same_unit = old is not None and (old.city, old.county) == (city.name, county_name)

            def keep(given: str | None, attr: str, default: str = "") -> str:
                if given is not None:
                    return given
                return str(getattr(old, attr)) if old is not None and same_unit else default

            profile = Profile(
                mode="city" if args.city_mode else "county",
                city=city.name,
                county=county_name,
                unit_name=keep(args.unit, "unit_name", unit),
                preparer=keep(args.preparer, "preparer"),
                reviewer=keep(args.reviewer, "reviewer"),
                head=keep(args.head, "head"),
                phone=keep(args.phone, "phone"),
                counties=counties,
            )
            storage.profile.save(profile)
            where = storage.paths.root
    except StorageError as exc:
        raise Rejected(str(exc)) from None
    if args.city_mode:
        done = f"已初始化为市级模式：{city.name}（{len(counties)} 个县级单位）"
        print(f"{done}，填报单位：{profile.unit_name}")
    else:
        print(f"已初始化为县区模式：{city.name}{county_name}，填报单位：{profile.unit_name}")
    print(f"数据目录：{where}")
    return EXIT_OK


def register(sub: Commands) -> None:
    p = add_command(sub, "init", cmd_init, "创建或更新本机填报单位信息（县区模式或市级模式）")
    add_city_arg(p, required=True)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--county", help="县区名称，如 潞州区（县区模式）")
    which.add_argument("--city-mode", action="store_true", help="市级模式：管理本市全部县区的报表")
    p.add_argument("--unit", help="填报单位名称，默认为“县区名+水利局”或市水利（务）局")
    p.add_argument("--preparer", help=MetaField.PREPARER.label)
    p.add_argument("--reviewer", help=MetaField.REVIEWER.label)
    p.add_argument("--head", help=MetaField.HEAD.label)
    p.add_argument("--phone", help=MetaField.PHONE.label)
