"""Excel returns: workbook ⇄ return content (openpyxl; no Qt, no database).

This layer converts only; exporting and importing a return (what the database
knows and records) are services.export and services.county_import.
  build_workbook(catalog, sheets) -> Workbook   (export.ExportSheet: one return each)
  read_workbook(path, catalog) -> ParsedWorkbook   (raises WorkbookRejected)
  write_template(catalog, city, county, form_id, year, period, out) -> Path

Imported lazily (PEP 562) so `import siwu_desktop.excel` does not load openpyxl.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "build_workbook": "export",
    "ExportSheet": "export",
    "read_workbook": "reader",
    "ParsedWorkbook": "reader",
    "ParsedReturn": "reader",
    "WorkbookRejected": "reader",
    "write_template": "template",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(import_module(f"siwu_desktop.excel.{module}"), name)
