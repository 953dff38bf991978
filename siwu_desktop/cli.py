"""The `siwu` command: the headless contract of ARCHITECTURE.md, and the way into the window.

No Qt import at module level: headless commands must stay fast and run where Qt
cannot. Exit codes: 0 success, 1 rejected input or validation errors, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from siwu_desktop import __version__
from siwu_desktop.core.catalog import CatalogError, TargetCatalog, default_catalog

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

# argparse's own words, in Chinese: users never see English from this program.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


argparse._ = _zh  # type: ignore[attr-defined]  # argparse looks its messages up at call time


class UsageError(Exception):
    """Wrong usage: an unknown city, county or option value. Exit code 2."""


class Rejected(Exception):
    """Input refused (a file, a value). Exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"错误：{message}\n")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned for a terminal, counting CJK characters as two cells wide."""
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _city(catalog: TargetCatalog, name: str | None) -> list[str]:
    if name is None:
        return list(catalog.cities)
    try:
        return [catalog.city(name).name]
    except KeyError:
        raise UsageError(f"未知城市：{name}。可选：{'、'.join(catalog.cities)}") from None


def _number(text: str) -> int | float:
    """A decimal text as a JSON number; short decimals survive float's repr exactly."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


# --- commands ------------------------------------------------------------------------------


def cmd_targets(args: argparse.Namespace) -> int:
    from siwu_desktop.core.indicators import BOUND_LABELS

    catalog = default_catalog()
    targets = [t for city in _city(catalog, args.city) for t in catalog.targets_for(city)]
    if args.json:
        _print_json(
            [
                {
                    "id": t.id,
                    "city": t.city,
                    "indicator": t.indicator,
                    "key": t.key,
                    "unit": t.unit,
                    "attribute": t.attribute,
                    "year": t.year,
                    "value": _number(t.value_text),
                    "value_text": t.value_text,
                    "bound": t.bound,
                    "base_year": t.base_year,
                    "scope": t.scope,
                    "county": t.county or None,
                    "draft": t.draft,
                    "departments": list(t.departments),
                    "source": t.citation,
                    "quote": t.quote,
                    "note": t.note,
                    "every_year": t.year is None and t.judged,
                    "judged": t.judged,
                    "level": t.level,
                    "conflicts": [
                        {
                            "value": _number(c.value_text),
                            "source": f"{t.document.citation} {c.source}",
                            "quote": c.quote,
                        }
                        for c in t.conflicts
                    ],
                }
                for t in targets
            ]
        )
        return EXIT_OK
    rows = []
    for t in targets:
        flags = ("征求意见稿 " if t.draft else "") + ("有冲突" if t.conflicts else "")
        bound = BOUND_LABELS[t.bound] + (f"（基准{t.base_year}年）" if t.base_year else "")
        rows.append(
            [
                t.city,
                t.display_name,
                t.unit,
                t.attribute,
                t.year_label,
                t.value_text,
                bound if t.judged else "仅供参考，不判定",
                f"{t.source} {flags}".strip(),
            ]
        )
    headers = ["城市", "指标", "单位", "属性", "年份", "目标值", "约束", "来源"]
    print(format_table(headers, rows))
    return EXIT_OK


def cmd_counties(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    counties = [c for city in _city(catalog, args.city) for c in catalog.counties_for(city)]
    if args.json:
        _print_json([{"city": c.city, "county": c.name, "code": c.code} for c in counties])
    else:
        print(
            format_table(
                ["城市", "县级单位", "区划代码"], [[c.city, c.name, c.code] for c in counties]
            )
        )
    return EXIT_OK


def cmd_tasks(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    tasks = [t for city in _city(catalog, args.city) for t in catalog.tasks_for(city)]
    if args.json:
        _print_json(
            [
                {
                    "id": t.id,
                    "city": t.city,
                    "number": t.number,
                    "group": t.group,
                    "main_task": t.main_task,
                    "text": t.text,
                    "measures": t.measures,
                    "deadline": t.deadline,
                    "due_date": t.due_date,
                    "year": t.year,
                    "lead": list(t.lead),
                    "participants": list(t.participants),
                    "assignee": t.assignee,
                    "source": f"{t.document.citation} {t.source}",
                }
                for t in tasks
            ]
        )
        return EXIT_OK
    rows = [
        [
            t.city,
            t.number,
            t.text[:30] + ("…" if len(t.text) > 30 else ""),
            "、".join(t.lead),
            t.deadline,
        ]
        for t in tasks
    ]
    print(format_table(["城市", "序号", "任务", "牵头单位", "完成时限"], rows))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """Create or update the local profile; names are checked against the catalog."""
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


def cmd_forms(args: argparse.Namespace) -> int:
    from siwu_desktop.core.describe import field_rows, form_to_dict
    from siwu_desktop.core.forms import FORM_IDS, build_form, resolve_form_id

    catalog = default_catalog()
    try:
        form_ids = [resolve_form_id(args.form)] if args.form else list(FORM_IDS)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    forms = [
        build_form(catalog, city, f, year=args.year)
        for city in _city(catalog, args.city)
        for f in form_ids
    ]
    if args.json:
        _print_json([form_to_dict(f) for f in forms])
        return EXIT_OK
    for form in forms:
        print(f"{form.city} {form.short} {form.title}")
        headers = ["编号", "名称", "单位", "类型", "必填", "单元格名称"]
        print(format_table(headers, field_rows(form)))
        print()
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from siwu_desktop.core.describe import field_checks, rule_rows, rule_to_dict
    from siwu_desktop.core.forms import build_form, resolve_form_id
    from siwu_desktop.core.rules import rules_for

    try:
        form_id = resolve_form_id(args.form) if args.form else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rules = rules_for(form_id)
    checks: list[list[str]] = []
    if args.city:
        catalog = default_catalog()
        for city in _city(catalog, args.city):
            for f in [form_id] if form_id else ["t1", "t2", "t3", "t4"]:
                form = build_form(catalog, city, f)
                checks += [[city, form.short, *row] for row in field_checks(form)]
    if args.json:
        data: dict[str, Any] = {"rules": [rule_to_dict(r) for r in rules]}
        if args.city:
            names = ("city", "form", "rule", "field", "check")
            data["checks"] = [dict(zip(names, c, strict=True)) for c in checks]
        _print_json(data)
        return EXIT_OK
    print(format_table(["规则", "级别", "名称", "检查内容"], rule_rows(rules)))
    if checks:
        print()
        print(format_table(["城市", "报表", "规则", "栏目", "要求"], checks))
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from siwu_desktop.ui.app import run_gui

    return run_gui(data_dir=args.data_dir)


# --- wiring --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="siwu", description="四水四定 县区填报与市级汇总")
    parser.add_argument("--version", action="version", version=f"siwu {__version__}")
    parser.add_argument(
        "--self-test", action="store_true", help="自检（同 siwu self-test），通过时退出码为0"
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("SIWU_DATA_DIR"),
        help="数据目录（数据库与备份），默认为当前用户的数据目录；也可用环境变量 SIWU_DATA_DIR",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    add("gui", cmd_gui, "打开窗口")
    for name, func, help_text in (
        ("targets", cmd_targets, "列出内置目标（指标、年份、目标值、来源）"),
        ("counties", cmd_counties, "列出各市的县级单位及区划代码"),
        ("tasks", cmd_tasks, "列出各市分解到县区的重点任务"),
    ):
        p = add(name, func, help_text)
        p.add_argument("--city", help="城市名称，如 长治市")
        p.add_argument("--json", action="store_true", help="输出 JSON，供脚本使用")

    p = add("forms", cmd_forms, "列出四张报表的栏目（名称、单位、填报/计算、必填、单元格名称）")
    p.add_argument("--city", help="城市名称，如 长治市")
    p.add_argument("--form", help="只列一张报表：表一/表二/表三/表四 或 t1～t4")
    p.add_argument("--year", type=int, help="年份（表三按年份列出任务）")
    p.add_argument("--json", action="store_true", help="输出 JSON，供脚本使用")

    p = add("rules", cmd_rules, "列出校验规则；给出城市时同时列出各栏目的具体检查")
    p.add_argument("--form", help="只列一张报表的规则：表一/表二/表三/表四 或 t1～t4")
    p.add_argument("--city", help="城市名称，如 长治市")
    p.add_argument("--json", action="store_true", help="输出 JSON，供脚本使用")

    p = add("init", cmd_init, "创建或更新本机填报单位信息（县区模式或市级模式）")
    p.add_argument("--city", required=True, help="城市名称，如 长治市")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--county", help="县区名称，如 潞州区（县区模式）")
    which.add_argument("--city-mode", action="store_true", help="市级模式：管理本市全部县区的报表")
    p.add_argument("--unit", help="填报单位名称，默认为“县区名+水利局”或市水利（务）局")
    p.add_argument("--preparer", help="填报人")
    p.add_argument("--reviewer", help="审核人")
    p.add_argument("--head", help="单位负责人")
    p.add_argument("--phone", help="联系电话")

    add("demo", _lazy("cmd_demo"), "创建示例县区（长治市潞城区）及多年示例数据，便于试用")
    p = add("validate", _lazy("cmd_validate"), "校验本机报表，列出问题；有错误时退出码为1")
    p.add_argument("file", nargs="?", help="报表文件（.xlsx）")
    p.add_argument("--county", help="县区名称")
    p.add_argument("--year", type=int, help="年份")
    p.add_argument("--form", help="只校验一张报表：表一/表二/表三/表四 或 t1～t4")
    p.add_argument("--period", default="Y", help="报告期：Y（年度，默认）、Q1～Q4，或 all")
    p.add_argument("--json", action="store_true", help="输出 JSON，供脚本使用")
    for name, help_text in (
        ("finalize", "定稿：锁定当前版本并生成内容摘要（有错误或未说明的约束性指标未达标时拒绝）"),
        ("correct", "更正：把已定稿的报表重新打开为新版本（需写明原因）"),
    ):
        p = add(name, _lazy(f"cmd_{name}"), help_text)
        p.add_argument("--county", required=True, help="县区名称")
        p.add_argument("--year", type=int, required=True, help="年份")
        p.add_argument("--form", required=True, help="表一/表二/表三/表四 或 t1～t4")
        p.add_argument("--period", default="Y", help="报告期：Y（年度，默认）或 Q1～Q4")
        if name == "correct":
            p.add_argument("--reason", required=True, help="更正原因")
    add(
        "self-test",
        _lazy("cmd_self_test", "selftest"),
        "自检：在临时目录中演练载入目标、校验、导出、打印与窗口（用于验证安装包）",
    )
    p = add("restore", _lazy("cmd_restore"), "数据库损坏时从最近一份完好的备份恢复（原文件保留）")
    p.add_argument("--list", action="store_true", help="只列出备份")
    p.add_argument("--backup", help="指定要恢复的备份文件")
    p = add("print", _lazy("cmd_print", "cli_print"), "打印：生成带内容摘要与二维码的签章报表 PDF")
    p.add_argument("--county", required=True, help="县区名称")
    p.add_argument("--year", type=int, required=True, help="年份")
    p.add_argument("--form", required=True, help="表一/表二/表三/表四 或 t1～t4")
    p.add_argument("--period", default="Y", help="报告期：Y（年度，默认）或 Q1～Q4")
    p.add_argument("--revision", type=int, help="版本号，默认为当前版本")
    p.add_argument("--pdf", required=True, help="输出的 PDF 文件")
    p = add(
        "template", _lazy("cmd_template", "cli_excel"), "生成空白报表（Excel 模板），供填写后导入"
    )
    p.add_argument("--form", required=True, help="表一/表二/表三/表四 或 t1～t4")
    p.add_argument("--year", type=int, required=True, help="年份")
    p.add_argument("--period", default="Y", help="报告期：Y（年度，默认）或 Q1～Q4")
    p.add_argument("--county", required=True, help="县区名称")
    p.add_argument("--city", help="城市名称（县区名称在多个城市中重复时）")
    p.add_argument("--out", required=True, help="输出文件（.xlsx）")
    p = add("export", _lazy("cmd_export", "cli_excel"), "导出标准报表工作簿（含内容摘要）")
    p.add_argument("--county", required=True, help="县区名称")
    p.add_argument("--year", type=int, required=True, help="年份")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--form", help="表一/表二/表三/表四 或 t1～t4")
    which.add_argument("--all", action="store_true", help="该年全部报表，每张一个工作表")
    p.add_argument("--period", default="Y", help="报告期：Y（年度，默认）或 Q1～Q4")
    p.add_argument("--out", required=True, help="输出文件（.xlsx）或文件夹")
    p = add(
        "import",
        _lazy("cmd_import", "cli_excel"),
        "导入填好的模板或导出的报表；有文件被拒绝时退出码为1",
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="报表文件（.xlsx）；市级模式也可为文件夹"
    )
    p.add_argument("--report", metavar="FILE", help="市级模式：导入结果清单另存为 .csv 或 .xlsx")
    from siwu_desktop.cli_city import add_commands as add_city_commands

    add_city_commands(sub, _lazy)  # pack new|import|show, consolidate
    return parser


def _lazy(name: str, module: str = "cli_returns") -> Callable[[argparse.Namespace], int]:
    """A command living in `siwu_desktop.<module>`, imported only when it runs, so that
    `siwu targets` and friends start without loading storage, openpyxl or Qt."""

    def run(args: argparse.Namespace) -> int:
        command = getattr(importlib.import_module(f"siwu_desktop.{module}"), name)
        return int(command(args))

    return run


def window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """`siwu` and `siwu --data-dir DIR`: what the full parser would make of them, without
    building every command's parser first (a few ms of every start of the window, #6).
    None for anything else, which the full parser handles (and explains)."""
    if not argv:
        data_dir = os.environ.get("SIWU_DATA_DIR")
    elif len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-"):
        data_dir = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--data-dir=") and len(argv[0]) > 11:
        data_dir = argv[0][11:]
    else:
        return None
    return argparse.Namespace(self_test=False, data_dir=data_dir, command=None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = window_only(argv) or build_parser().parse_args(argv)
    func = getattr(args, "func", cmd_gui)
    if args.self_test:
        func = _lazy("cmd_self_test", "selftest")
    try:
        return int(func(args))
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except Rejected as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_REJECTED
    except CatalogError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
