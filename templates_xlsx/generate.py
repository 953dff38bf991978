"""Generate the committed template skeletons: one per form per city, reference year 2025.

Run: python templates_xlsx/generate.py
The committed files are what a city opens to restyle its forms; the app fills and
reads every cell through the workbook's defined names, so a restyled file keeps
working as long as the names stay. tests/excel/test_committed_templates.py proves
the committed files match this generator (cell by cell, names, merges, widths,
validation, protection and print set-up).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from siwu_desktop.core.catalog import TargetCatalog, default_catalog  # noqa: E402
from siwu_desktop.core.forms import FORM_IDS  # noqa: E402
from siwu_desktop.excel.template import template_workbook  # noqa: E402

REFERENCE_YEAR = 2025
FIXED_TIME = datetime.datetime(2025, 1, 1)
SHORT = {"t1": "表一", "t2": "表二", "t3": "表三", "t4": "表四"}


def targets(catalog: TargetCatalog) -> dict[Path, tuple[str, str]]:
    """file → (city, form id)"""
    return {
        HERE / city / f"{SHORT[form_id]}_{REFERENCE_YEAR}.xlsx": (city, form_id)
        for city in catalog.cities
        for form_id in FORM_IDS
    }


def build(catalog: TargetCatalog, city: str, form_id: str):  # type: ignore[no-untyped-def]
    return template_workbook(catalog, city, None, form_id, REFERENCE_YEAR, "Y")


def main() -> None:
    catalog = default_catalog()
    for path, (city, form_id) in targets(catalog).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        wb = build(catalog, city, form_id)
        wb.properties.created = wb.properties.modified = FIXED_TIME
        wb.save(path)
        print(path.relative_to(HERE.parent))


if __name__ == "__main__":
    main()
