"""Excel returns: templates, export, import (openpyxl; no Qt).

Public API for the CLI and the window:
  export_returns(service, returns, out) -> ExportResult
  export_filename(loaded) -> str
  read_workbook(path, catalog) -> ParsedWorkbook   (raises WorkbookRejected)
  import_workbook(service, path) -> ImportResult
  write_template(catalog, city, county, form_id, year, period, out) -> Path

Imported lazily (PEP 562) so `import siwu_desktop.excel` does not load openpyxl.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "export_returns": "export",
    "export_filename": "export",
    "ExportResult": "export",
    "read_workbook": "reader",
    "ParsedWorkbook": "reader",
    "ParsedReturn": "reader",
    "WorkbookRejected": "reader",
    "import_workbook": "importer",
    "ImportResult": "importer",
    "ImportedReturn": "importer",
    "write_template": "template",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(import_module(f"siwu_desktop.excel.{module}"), name)
