"""A plausible, internally consistent county return for every form: for `siwu demo`,
the benchmark and tests. The numbers are invented (a mid-sized county, 万m³) and
agree across forms: 表二's totals equal 表一's quantities.
"""

from __future__ import annotations

from decimal import Decimal

from msgspec.structs import replace

from siwu_desktop.core import formulas, units
from siwu_desktop.core.forms import INPUT, NUMBER, FormSpec
from siwu_desktop.core.returns import ReturnData, add_row, enter, enter_cell, new_return
from siwu_desktop.core.terms import TaskState

T1_SAMPLE = {
    "total_use": "8000",
    "groundwater_use": "2500",
    "agricultural_use": "3500",
    "industrial_use": "1500",
    "nonconventional_use": "700",
    "reclaimed_use": "600",
    "yellow_river_use": "100",
    "transferred_use": "200",
    "gdp": "300",
    "industrial_va": "100",
    "irrigation_net": "1800",
    "irrigation_gross": "3000",
    "sewage_treated": "2000",
    "supply_total": "3000",
    "billed_use": "2700",
    "household_metered_share": "40",
    "main_density": "0.08",
    "outlet_pressure": "0.30",
    "industrial_reused": "9000",
    "industrial_fresh": "1000",
    "fixtures_saving": "9600",
    "fixtures_total": "10000",
    "irrigated_area": "20",
    "high_standard_farmland": "15",
    "efficient_irrigation_area": "5",
    "urban_boundary": "40",
    "green_covered_area": "16.8",  # of 40 km² built up: 42 %
    "built_up_area": "40",
    "chem_park_nonconventional": "300",  # of 1,000 万m³: 30 %
    "chem_park_allocated": "1000",
    "wwtp_upgraded_capacity": "13",  # of 16 万m³/日: 81.25 %
    "wwtp_capacity": "16",
}
_BASE_YEAR_SAMPLE = {
    "total_use": "8200",
    "gdp_index": "125",
    "industrial_use": "1700",
    "industrial_va_index": "120",
    "gdp": "240",
    "industrial_va": "80",
}
_UNIT_DEFAULTS = {
    units.WAN_M3: "1000",
    units.PERCENT: "50",
    units.WAN_MU: "10",
    units.KM2: "40",
    units.RATIO: "0.6",
}

# 表二: sector → {source: 万m³}; "surface_extra" goes to 地表水 when the city has no
# separate 黄河水 / 引江水 column, so the totals stay those of T1_SAMPLE.
T2_SAMPLE = {
    "urban_residential": {"surface": "600", "groundwater": "600"},
    "rural_residential": {"surface": "100", "groundwater": "400"},
    "urban_public": {"surface": "600", "groundwater": "200"},
    "industry": {
        "surface": "400",
        "yellow_river": "100",
        "transferred": "200",
        "groundwater": "300",
        "reclaimed": "400",
        "mine_water": "100",
    },
    "farmland_irrigation": {"surface": "2200", "groundwater": "800"},
    "forestry_livestock_fishery": {"surface": "300", "groundwater": "200"},
    "ecological": {"surface": "300", "reclaimed": "200"},
}


def t1_value(field_id: str, unit: str) -> str:
    if field_id in T1_SAMPLE:
        return T1_SAMPLE[field_id]
    base, _, year = field_id.rpartition("_b")
    if year.isdigit() and base in _BASE_YEAR_SAMPLE:
        return _BASE_YEAR_SAMPLE[base]
    return _UNIT_DEFAULTS.get(unit, "10")


def fill_t1(form: FormSpec, ret: ReturnData) -> None:
    for f in form.fields:
        if f.kind == INPUT and f.value_type == NUMBER:
            enter(
                ret,
                form,
                f.id,
                t1_value(f.id, f.unit),
            )


def fill_t2(form: FormSpec, ret: ReturnData) -> None:
    for sector, cells in T2_SAMPLE.items():
        extra = Decimal(0)
        for source, text in cells.items():
            field_id = f"{sector}_{source}"
            if field_id in form.index:
                enter(ret, form, field_id, text)
            elif source != "surface":
                extra += Decimal(text)
        if extra:
            surface = Decimal(cells["surface"]) + extra
            enter(ret, form, f"{sector}_surface", units.plain(surface))


def fill_t3(form: FormSpec, ret: ReturnData) -> None:
    for i, _row in enumerate(ret.rows):
        enter_cell(ret, form, i, "status", TaskState.IN_PROGRESS.label)
        enter_cell(ret, form, i, "problems", "按计划推进")


def sample_uscc(n: int) -> str:
    """A well-formed code (valid check digit) for the n-th sample user; not a real unit."""
    body = f"91140400MA{n:07d}"
    return body + formulas.uscc_check_char(body)


def fill_t4(form: FormSpec, ret: ReturnData, rows: int = 20) -> None:
    for n in range(rows):
        i = add_row(ret)
        plan = 10 + n % 50
        quarters = [
            Decimal(plan) / 4 * Decimal("1.02") if n % 7 == 0 else Decimal(plan) / 4
            for _ in range(4)
        ]
        quarters = [q.quantize(Decimal("0.01")) for q in quarters]
        enter_cell(ret, form, i, "name", f"示例用水单位{n + 1}")
        enter_cell(ret, form, i, "uscc", sample_uscc(n))
        enter_cell(ret, form, i, "industry", "工业" if n % 2 else "服务业")
        enter_cell(ret, form, i, "source", "公共供水")
        enter_cell(ret, form, i, "plan", str(plan))
        for q, value in zip(("q1", "q2", "q3", "q4"), quarters, strict=True):
            enter_cell(ret, form, i, q, units.plain(value))
        enter_cell(ret, form, i, "annual", units.plain(sum(quarters, Decimal(0))))
        enter_cell(ret, form, i, "balance_test", "已开展")


def sample_return(
    form: FormSpec, county: str, year: int, period: str = "Y", ledger_rows: int = 20
) -> ReturnData:
    ret = new_return(form, county, year, period)
    if form.id == "t1":
        fill_t1(form, ret)
    elif form.id == "t2":
        fill_t2(form, ret)
    elif form.id == "t3":
        fill_t3(form, ret)
    else:
        fill_t4(form, ret, ledger_rows)
    ret.metadata = replace(
        ret.metadata, preparer="张三", reviewer="李四", head="王五", date=f"{year + 1}-01-15"
    )
    return ret
