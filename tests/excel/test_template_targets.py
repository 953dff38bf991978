"""A county's 表一 template does not show the city's total as its target (issue #16 item
10): a quantity the city has not yet allocated reads 未下达县级指标; a rate keeps the
city's figure (参照市级目标)."""

from __future__ import annotations

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.excel.template import template_workbook


def _rows(county: str | None) -> dict[str, tuple[object, ...]]:
    wb = template_workbook(default_catalog(), "长治市", county, "t1", 2025, "Y")
    ws = wb.active
    assert ws is not None
    return {str(r[1]): r for r in ws.iter_rows(values_only=True) if r[1]}


def test_a_county_template_shows_no_city_total_as_its_target() -> None:
    rows = _rows("潞城区")
    # 用水总量: the city's cap is 6.17 亿m³ = 61700 万m³, which is not 潞城区's
    assert rows["用水总量"][4] == "未下达县级指标"
    # 农田灌溉水有效利用系数: a rate, judged against the city's 0.58
    assert float(rows["农田灌溉水有效利用系数"][4]) == 0.58  # type: ignore[arg-type]
