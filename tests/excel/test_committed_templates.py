"""The committed template skeletons in templates_xlsx/ are exactly what the generator beside
them produces: cells, styles that matter, defined names, merges, widths, validation,
protection and print set-up (zip timestamps aside, which is why bytes are not compared)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import openpyxl

from siwu_desktop.core.catalog import TargetCatalog

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "templates_xlsx" / "generate.py"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("templates_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dump(wb: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        out[ws.title] = {
            "state": ws.sheet_state,
            "cells": {
                c.coordinate: (
                    c.value,
                    c.number_format,
                    c.protection.locked,
                    c.font.name,
                    c.font.b,
                    c.border.left.style,
                    c.fill.fgColor.rgb,
                    c.alignment.horizontal,
                )
                for row in ws.iter_rows()
                for c in row
                if c.value is not None or c.border.left.style
            },
            "names": {n: d.attr_text for n, d in ws.defined_names.items()},
            "merges": sorted(str(r) for r in ws.merged_cells.ranges),
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
            "validation": sorted(
                (dv.type, dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation
            ),
            "protected": ws.protection.sheet,
            "print": (
                ws.page_setup.paperSize,
                ws.page_setup.orientation,
                ws.page_setup.fitToWidth,
                ws.print_title_rows,
                ws.freeze_panes,
            ),
        }
    return out


def test_committed_templates_match_the_generator(catalog: TargetCatalog, tmp_path: Path) -> None:
    gen = _generator()
    files = gen.targets(catalog)
    committed = sorted(p.relative_to(ROOT) for p in (ROOT / "templates_xlsx").rglob("*.xlsx"))
    assert committed == sorted(p.relative_to(ROOT) for p in files), "run templates_xlsx/generate.py"
    for path, (city, form_id) in files.items():
        fresh = tmp_path / "fresh.xlsx"
        gen.build(catalog, city, form_id).save(fresh)
        assert dump(openpyxl.load_workbook(path)) == dump(openpyxl.load_workbook(fresh)), path
