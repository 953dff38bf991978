"""A workbook made from an older declaration of the same form still reads (#13 item 4, #18).

Labels, help texts and 表三's task list change with the domain (a catalog edit changes the
form's version); the cells a file is read from do not. Such a file is read by its defined
names and its key column, and an export must still match its own hidden content and digest.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.excel import book
from siwu_desktop.excel.reader import WorkbookRejected, read_workbook

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exported_0_1_0"
# digests printed by 0.1.0's `siwu export` (tests/fixtures/exported_0_1_0/README.md)
DIGESTS_2024 = {
    "t1": "4eb96b14b88283762964f2943861d19adbbebf10c8db4f9f951d695b74bc2b8f",
    "t2": "fd8bbd0d02483964b1396322a5de24364dc5563c513b7166ad5ebb0b27b60eb9",
    "t3": "c73685f3a00ab2b9ce6c009a27929d0275412efb2c6f9472753d98e19dc18363",
    "t4": "d16697a98dfd99699dfaf738275a95a7d866a69a33231991d6a2c5b7705d6dbf",
}


def test_export_of_0_1_0_reads_and_verifies_although_the_forms_changed() -> None:
    catalog = default_catalog()
    path = FIXTURES / "长治市潞城区_2024_全部报表.xlsx"
    read = read_workbook(path, catalog)
    got = {p.form.id: p for p in read.returns}
    assert {k: p.digest for k, p in got.items()} == DIGESTS_2024
    assert all(p.verified and p.computed_digest == p.digest for p in got.values())
    # the 长治 表一 row label changed since 0.1.0 (黄河干支流耗水量), so the versions differ
    meta = _meta(path)
    t1 = next(m for m in meta if m["form"] == "t1")
    assert t1["form_version"] != book.form_version(got["t1"].form)


def _meta(path: Path) -> list[dict]:  # type: ignore[type-arg]
    wb = openpyxl.load_workbook(path)
    ws = wb[book.HIDDEN_SHEET]
    for row in ws.iter_rows(values_only=True):
        for cell in row:
            if isinstance(cell, str) and cell.startswith("{") and '"sheets"' in cell:
                return json.loads(cell)["sheets"]  # type: ignore[no-any-return]
    raise AssertionError("no sheet metadata in the hidden sheet")


def test_a_cell_the_current_form_does_not_know_is_refused(tmp_path: Path) -> None:
    """An older file that holds a field the current form lacks would lose it: refused."""
    catalog = default_catalog()
    source = FIXTURES / "长治市潞城区_2024_表一_v1.xlsx"
    wb = openpyxl.load_workbook(source)
    ws = wb["表一"]
    from openpyxl.workbook.defined_name import DefinedName

    ws.defined_names["T1_no_such_field"] = DefinedName(
        "T1_no_such_field", attr_text=f"'{ws.title}'!$Z$99"
    )
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(out, catalog)
    assert "报表格式" in str(caught.value)
