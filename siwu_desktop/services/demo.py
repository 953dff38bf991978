"""`siwu demo`: a sample county with several years of realistic returns, to try the app.

长治市潞城区: 2023 and 2024 finalised (with the explanations their misses need),
2025 in progress with the kind of problems a clerk meets (a figure typed with 约,
a leakage rate above the city's 9%), the 2025 task list, and a 2026 first-quarter task report.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.forms import INPUT, NUMBER
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.terms import TaskState, period_text
from siwu_desktop.core.validation import needs_explanation
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, Storage

DEMO_CITY, DEMO_COUNTY = "长治市", "潞城区"
DEMO_PROFILE = Profile(
    mode="county",
    city=DEMO_CITY,
    county=DEMO_COUNTY,
    unit_name="长治市潞城区水利局（示例）",
    preparer="张晓燕",
    reviewer="李建国",
    head="王志强",
    phone="0355-6220000",
    counties=((DEMO_COUNTY, "140406"),),
)
# Economic growth by year: GDP (亿元, current prices) and the real index against 2020.
_GDP = {2023: "265", 2024: "283", 2025: "300"}
_GDP_INDEX_2020 = {2023: "112.4", 2024: "118.0", 2025: "123.6"}
EXPLANATION = "受年内重点项目投产影响，用水量阶段性增加；已制定节水改造计划，明年内完成。"


class DemoExists(Exception):
    """The data directory already holds a profile; the demo never overwrites real data."""


def build_demo(storage: Storage, catalog: TargetCatalog) -> list[str]:
    """Fill an empty data directory with the demo county; returns one line per return."""
    if storage.profile.get() is not None:
        raise DemoExists(
            "该数据目录已有填报单位资料，示例数据不会覆盖它。请用 --data-dir 指定一个空目录。"
        )
    catalog.county(DEMO_CITY, DEMO_COUNTY)  # the demo county must exist in the catalog
    storage.profile.save(DEMO_PROFILE)
    lines = []
    for year in (2023, 2024, 2025):
        service = ReturnService(storage, catalog, today=dt.date(year + 1, 1, 20))
        for form_id in ("t1", "t2", "t3", "t4"):
            lines.append(_fill(service, form_id, year, "Y", finalise=year < 2025))
    service = ReturnService(storage, catalog, today=dt.date(2026, 4, 10))
    lines.append(_fill(service, "t3", 2026, "Q1", finalise=False))
    return lines


def _fill(service: ReturnService, form_id: str, year: int, period: str, finalise: bool) -> str:
    info = service.open(DEMO_COUNTY, form_id, year, period)
    loaded = service.load(info)
    sample = sample_return(loaded.form, DEMO_COUNTY, year, period, ledger_rows=24)
    if form_id in ("t1", "t2"):
        texts = {f: e.text for f, e in sample.values.items()}
        if form_id == "t1":
            _vary_t1(loaded.form, texts, year)
        if year == 2025 and form_id == "t1":
            texts["irrigation_gross"] = "约3000"  # refused: kept as typed, asks for a number
            texts["billed_use"] = "2550"  # leakage 10.74% after corrections: misses 9%
        service.enter_values(loaded, texts)
    elif form_id == "t3":
        for row, sample_row in enumerate(sample.rows):
            for column, entry in sample_row.cells.items():
                service.enter_task(loaded, row, column, entry.text)
            if row % 4 == 0 and period == "Y":
                service.enter_task(loaded, row, "status", TaskState.DONE.label)
                service.enter_task(loaded, row, "done_date", f"{year}-11-30")
    else:
        for row, sample_row in enumerate(sample.rows):
            service.put_ledger_row(loaded, row, {c: e.text for c, e in sample_row.cells.items()})
    if not finalise:
        return f"{period_text(year, period)} {loaded.form.title}：草稿"
    for finding in service.validate(loaded):
        if needs_explanation(finding):
            service.set_explanation(loaded, finding.key, EXPLANATION)
    revision = service.finalise(loaded)
    return f"{period_text(year, period)} {loaded.form.title}：已定稿（第{revision.revision}版）"


def _vary_t1(form, texts: dict[str, str], year: int) -> None:  # type: ignore[no-untyped-def]
    """Earlier years: smaller economy, same water; base-year inputs from the same series."""
    for field in form.fields:
        if field.kind != INPUT or field.value_type != NUMBER:
            continue
        if field.id == "gdp":
            texts[field.id] = _GDP[year]
        elif field.id.startswith("gdp_index_b2020"):
            texts[field.id] = _GDP_INDEX_2020[year]
        elif field.id == "industrial_va":
            texts[field.id] = str(Decimal(_GDP[year]) / 3).split(".")[0]
