"""`siwu targets | counties | tasks | forms | rules`: the embedded catalog, read only."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from siwu_desktop.cli.common import (
    EXIT_OK,
    UsageError,
    add_city_arg,
    add_command,
    add_form_arg,
    add_json_arg,
    add_year_arg,
    cities,
    format_table,
    number,
    print_json,
)

if TYPE_CHECKING:
    from siwu_desktop.cli.common import Commands


def cmd_targets(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.terms import bound_heading

    catalog = default_catalog()
    targets = [t for city in cities(catalog, args.city) for t in catalog.targets_for(city)]
    if args.json:
        print_json(
            [
                {
                    "id": t.id,
                    "city": t.city,
                    "indicator": t.indicator,
                    "key": t.key,
                    "unit": t.unit,
                    "attribute": t.attribute.label,
                    "year": t.year,
                    "value": number(t.value_text),
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
                    "from_year": t.from_year,
                    "year_label": t.year_label,
                    "concerns": list(t.concerns),
                    "judged": t.judged,
                    "level": t.level,
                    "conflicts": [
                        {
                            "value": number(c.value_text),
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
        bound = bound_heading(t.bound) + (f"（基准{t.base_year}年）" if t.base_year else "")
        rows.append(
            [
                t.city,
                t.display_name,
                t.unit,
                t.attribute.label,
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
    from siwu_desktop.core.catalog import default_catalog

    catalog = default_catalog()
    counties = [c for city in cities(catalog, args.city) for c in catalog.counties_for(city)]
    if args.json:
        print_json([{"city": c.city, "county": c.name, "code": c.code} for c in counties])
    else:
        print(
            format_table(
                ["城市", "县级单位", "区划代码"], [[c.city, c.name, c.code] for c in counties]
            )
        )
    return EXIT_OK


def cmd_tasks(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog

    catalog = default_catalog()
    tasks = [t for city in cities(catalog, args.city) for t in catalog.tasks_for(city)]
    if args.json:
        print_json(
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
                    "lead_inferred": t.lead_inferred,
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
            t.lead_text,
            t.deadline,
        ]
        for t in tasks
    ]
    print(format_table(["城市", "序号", "任务", "牵头单位", "完成时限"], rows))
    return EXIT_OK


def cmd_forms(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.core.describe import field_rows, form_to_dict
    from siwu_desktop.core.forms import FORM_IDS, build_form, resolve_form_id

    catalog = default_catalog()
    try:
        form_ids = [resolve_form_id(args.form)] if args.form else list(FORM_IDS)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    forms = [
        build_form(catalog, city, f, year=args.year)
        for city in cities(catalog, args.city)
        for f in form_ids
    ]
    if args.json:
        print_json([form_to_dict(f) for f in forms])
        return EXIT_OK
    for form in forms:
        print(f"{form.city} {form.short} {form.title}")
        headers = ["编号", "名称", "单位", "类型", "必填", "单元格名称"]
        print(format_table(headers, field_rows(form)))
        print()
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from siwu_desktop.core.catalog import default_catalog
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
        for city in cities(catalog, args.city):
            for f in [form_id] if form_id else ["t1", "t2", "t3", "t4"]:
                form = build_form(catalog, city, f)
                other = {"t1": "t2", "t2": "t1"}.get(f)
                counterpart = build_form(catalog, city, other) if other else None
                checks += [[city, form.short, *row] for row in field_checks(form, counterpart)]
    if args.json:
        data: dict[str, Any] = {"rules": [rule_to_dict(r) for r in rules]}
        if args.city:
            names = ("city", "form", "rule", "field", "check")
            data["checks"] = [dict(zip(names, c, strict=True)) for c in checks]
        print_json(data)
        return EXIT_OK
    print(format_table(["规则", "级别", "名称", "检查内容"], rule_rows(rules)))
    if checks:
        print()
        print(format_table(["城市", "报表", "规则", "栏目", "要求"], checks))
    return EXIT_OK


def register(sub: Commands) -> None:
    for name, handler, help_text in (
        ("targets", cmd_targets, "列出内置目标（指标、年份、目标值、来源）"),
        ("counties", cmd_counties, "列出各市的县级单位及区划代码"),
        ("tasks", cmd_tasks, "列出各市分解到县区的重点任务"),
    ):
        p = add_command(sub, name, handler, help_text)
        add_city_arg(p)
        add_json_arg(p)

    p = add_command(
        sub, "forms", cmd_forms, "列出四张报表的栏目（名称、单位、填报/计算、必填、单元格名称）"
    )
    add_city_arg(p)
    add_form_arg(p, required=False)
    add_year_arg(p, required=False, help="年份（表三按年份列出任务）")
    add_json_arg(p)

    p = add_command(sub, "rules", cmd_rules, "列出校验规则；给出城市时同时列出各栏目的具体检查")
    add_form_arg(p, required=False)
    add_city_arg(p)
    add_json_arg(p)
