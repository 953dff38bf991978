"""The exported workbook's 校验结果 sheet speaks the reader's words: rule titles, field labels."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService


def test_findings_name_rules_and_fields_in_chinese(service: ReturnService, tmp_path: Path) -> None:
    """The demo's 2025 表一 has 约3000 in 毛灌溉用水量 (D02, an error) and the 漏损率 miss (C02)."""
    info = next(r for r in service.returns_of("潞城区", 2025) if r.form == "t1")
    loaded = service.load(info)
    result = export_returns(service, [loaded], tmp_path / "t1.xlsx")
    ws = openpyxl.load_workbook(result.path)["校验结果"]
    lines = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    by_rule = {line[2]: line for line in lines}
    assert by_rule["D02 无法识别的填写内容"][3] == "毛灌溉用水量（渠首取水）"
    assert by_rule["C02 预期性指标未达标"][3] == "城镇公共供水管网漏损率"
    for line in lines:
        for value in line[2:4]:  # no internal ids such as total_use, over, annual
            assert not re.fullmatch(r"[a-z_0-9]+", str(value or "")), line
