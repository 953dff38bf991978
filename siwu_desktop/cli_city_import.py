"""`siwu import FILE|FOLDER… [--report FILE]` in a city-mode profile: the counties' returns."""

from __future__ import annotations

import argparse
from pathlib import Path

from siwu_desktop.cli import EXIT_OK, EXIT_REJECTED, Rejected
from siwu_desktop.services.city_import import (
    ACCEPTED,
    ACCEPTED_OLDER,
    DUPLICATE,
    REJECTED,
    ReportLine,
    expand_paths,
    import_paths,
    write_report,
)
from siwu_desktop.services.returns import ReturnService

_PREFIX = {
    ACCEPTED: "已接收",
    ACCEPTED_OLDER: "已接收（旧版本）",
    DUPLICATE: "重复",
    REJECTED: "已拒绝",
}


def city_import(service: ReturnService, args: argparse.Namespace) -> int:
    """One line per file (its returns after it, indented); exit 1 when a file is refused."""
    files = expand_paths(Path(f) for f in args.files)
    if not files:
        raise Rejected("没有找到报表文件（.xlsx）：" + "、".join(args.files))

    def show(path: Path, lines: list[ReportLine]) -> None:
        if lines[0].rejected:
            print(f"已拒绝：{lines[0].detail}（{lines[0].reason}）")
        else:
            print(f"{path.name}：" + "；".join(f"{_PREFIX[x.outcome]} {x.detail}" for x in lines))

    report = import_paths(service, files, show)
    print(report.summary())
    if args.report:
        try:
            out = write_report(report.lines, Path(args.report))
        except OSError as exc:
            raise Rejected(f"无法写入文件“{args.report}”：{exc.strerror or exc}") from None
        print(f"导入结果清单：{out}")
    return EXIT_REJECTED if report.rejected_files else EXIT_OK
