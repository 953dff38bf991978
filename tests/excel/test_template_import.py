"""A blank template: unlocked inputs, validation, drop-downs, targets for reference; filled
in a spreadsheet program (openpyxl, then re-saved by LibreOffice) it imports cleanly."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.forms import INPUT, NUMBER, build_form
from siwu_desktop.core.sample import sample_return
from siwu_desktop.excel.template import write_template
from siwu_desktop.services.county_import import import_workbook
from siwu_desktop.services.returns import ReturnService
from tests.libreoffice import soffice_convert


def ref(ws, name: str) -> str:  # type: ignore[no-untyped-def]
    return ws.defined_names[name].attr_text.split("!")[1].replace("$", "").split(":")[0]


def test_template_protects_all_but_inputs(catalog: TargetCatalog, tmp_path: Path) -> None:
    path = write_template(catalog, "长治市", "潞城区", "t1", 2025, "Y", tmp_path / "t1.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["表一"]
    form = build_form(catalog, "长治市", "t1", year=2025)
    assert ws.protection.sheet
    for f in form.fields:
        cell = ws[ref(ws, f.cell)]
        assert cell.protection.locked is (f.kind != INPUT), f.id
        assert cell.value is None
    title = ws["A1"]
    assert title.protection.locked
    validated = {str(r) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    inputs = [f for f in form.fields if f.kind == INPUT and f.value_type == NUMBER]
    assert all(ref(ws, f.cell) in validated for f in inputs)
    # the 2025 targets are filled in for reference (E column, same row as the input); the
    # city's 地下水 cap (2.2 亿m³ = 22000 万m³) is no county's: 未下达县级指标 (#16)
    total = ws[ref(ws, "T1_groundwater_use")]
    assert ws.cell(total.row, 5).value == "未下达县级指标"


def test_status_columns_have_drop_downs(catalog: TargetCatalog, tmp_path: Path) -> None:
    for form_id, choices in (("t3", "未启动,推进中,已完成,不涉及"), ("t4", "已开展,未开展")):
        path = write_template(catalog, "长治市", "潞城区", form_id, 2025, "Y", tmp_path / "x.xlsx")
        ws = openpyxl.load_workbook(path).worksheets[0]
        lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert f'"{choices}"' in lists


def _fill(ws, form, sample) -> None:  # type: ignore[no-untyped-def]
    """Type the sample into the template as a clerk would: numbers as numbers, some as text."""
    if form.table is None:
        for field_id, entry in sample.values.items():
            cell = ws[ref(ws, form.field(field_id).cell)]
            cell.value = float(entry.value) if entry.value is not None else entry.text
        return
    first = ws[ref(ws, form.table.first_row_cell)]
    for i, row in enumerate(sample.rows):
        for offset, col in enumerate(form.table.columns):
            entry = row.cells.get(col.id)
            if entry is None or col.kind != INPUT:
                continue
            cell = ws.cell(first.row + i, first.column + offset)
            cell.value = float(entry.value) if entry.value is not None else entry.text


def test_filled_template_resaved_by_libreoffice_imports_cleanly(
    service: ReturnService, catalog: TargetCatalog, tmp_path: Path
) -> None:
    """The done-when: a template filled in a spreadsheet program imports cleanly."""
    expected = {}
    for form_id in ("t1", "t4"):
        path = write_template(
            catalog, "长治市", "潞城区", form_id, 2026, "Y", tmp_path / f"{form_id}.xlsx"
        )
        form = build_form(catalog, "长治市", form_id, year=2026, county="潞城区")
        sample = sample_return(form, "潞城区", 2026, ledger_rows=5)
        wb = openpyxl.load_workbook(path)
        _fill(wb.worksheets[0], form, sample)
        wb.save(tmp_path / f"filled_{form_id}.xlsx")
        resaved = soffice_convert(
            tmp_path / f"filled_{form_id}.xlsx", tmp_path / "lo", "xlsx", tmp_path / "home"
        )
        expected[form_id] = sample
        result = import_workbook(service, resaved)
        assert result.ok, result.message
        assert result.returns[0].status == "template" and not result.returns[0].verified
        info = service.storage.returns.find(service.open("潞城区", form_id, 2026).key)
        assert info is not None and info.status == "draft"
        loaded = service.load(info)
        if form.table is None:
            assert loaded.data.entered() == sample.entered()
        else:
            got = [{c: e.value or e.text for c, e in r.cells.items()} for r in loaded.data.rows]
            want = [{c: e.value or e.text for c, e in r.cells.items()} for r in sample.rows]
            assert got == want
