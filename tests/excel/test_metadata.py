"""Crafted hidden metadata (#15 item 3): every field refused by name, never an exception.

Each case edits the hidden sheet's JSON text of a real template or export, as anyone
with a text editor inside the zip could. Checked to fail without excel/metadata.py
(the reader before it): Q9 reached storage's period check, revision "x" and 1e400
raised ValueError/OverflowError, `sheets` as a string or numbers raised
AttributeError, and revision -5 passed the reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.excel import book
from siwu_desktop.excel.reader import WorkbookRejected, read_workbook
from siwu_desktop.excel.template import write_template
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService


def _edit_meta(path: Path, edit: str, replace: tuple[str, str] | None = None) -> None:
    """Set `edit` (a JSON path like sheets.0.period=value) in the hidden meta, or replace text."""
    wb = openpyxl.load_workbook(path)
    hidden = wb[book.HIDDEN_SHEET]
    row = next(r for r in range(2, hidden.max_row + 1) if hidden.cell(r, 1).value == "meta")
    text = "".join(str(hidden.cell(row, c).value or "") for c in range(2, hidden.max_column + 1))
    if replace is not None:
        assert replace[0] in text
        text = text.replace(*replace)
    else:
        where, value = edit.split("=", 1)
        meta = json.loads(text)
        target = meta
        *parents, last = where.split(".")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[last] = json.loads(value)
        text = json.dumps(meta, ensure_ascii=False)
    for c in range(2, hidden.max_column + 1):
        hidden.cell(row, c).value = None
    for i in range(0, len(text), 32000):
        hidden.cell(row, 2 + i // 32000).value = text[i : i + 32000]
    wb.save(path)


def _refused(path: Path, catalog: TargetCatalog) -> str:
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(path, catalog)
    return caught.value.message


@pytest.fixture
def template(catalog: TargetCatalog, tmp_path: Path) -> Path:
    return write_template(catalog, "长治市", "潞城区", "t1", 2025, "Y", tmp_path / "模板.xlsx")


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ('sheets.0.period="Q9"', "period"),
        ('sheets.0.year="2025"', "year"),
        ("sheets.0.year=true", "year"),
        ('sheets="表一"', "sheets"),
        ("sheets=[1, 2]", "sheets"),
        ("sheets=[]", "sheets"),
        ('sheets.0.form="t9"', "form"),
        ("sheets.0.county=5", "county"),
        ("sheets.0.form_version=7", "form_version"),
    ],
)
def test_template_field_refused_by_name(
    template: Path, catalog: TargetCatalog, edit: str, field: str
) -> None:
    _edit_meta(template, edit)
    message = _refused(template, catalog)
    assert f"“{field}”的值" in message and "模板.xlsx" in message, message


def test_year_1e400_is_refused_not_infinity(template: Path, catalog: TargetCatalog) -> None:
    _edit_meta(template, "", replace=('"year":2025', '"year":1e400'))
    assert "“year”的值 1E+400 无效（应为 2000～2100 的整数年份）" in _refused(template, catalog)


@pytest.fixture
def export(service: ReturnService, tmp_path: Path) -> Path:
    info = next(r for r in service.returns_of("潞城区", 2024) if r.form == "t1")
    return export_returns(service, [service.load(info)], tmp_path / "导出.xlsx").path


@pytest.mark.parametrize(
    ("edit", "field", "expected"),
    [
        ('sheets.0.revision="x"', "revision", "不小于 0 的整数版本号"),
        ("sheets.0.revision=-5", "revision", "不小于 0 的整数版本号"),
        ('sheets.0.status="approved"', "status", "draft（草稿）或 finalised"),
        ('sheets.0.digest="abc"', "digest", "64 位十六进制摘要"),
    ],
)
def test_export_field_refused_by_name(
    export: Path, service: ReturnService, edit: str, field: str, expected: str
) -> None:
    _edit_meta(export, edit)
    message = _refused(export, service.catalog)
    assert f"“{field}”的值" in message and expected in message, message


def test_revision_1e400(export: Path, service: ReturnService) -> None:
    wb = openpyxl.load_workbook(export)
    text = json.dumps(json.loads(book.read_hidden(wb[book.HIDDEN_SHEET])["meta"]))
    revision = json.loads(text)["sheets"][0]["revision"]
    _edit_meta(export, "", replace=(f'"revision":{revision}', '"revision":1e400'))
    assert "“revision”的值 1E+400 无效" in _refused(export, service.catalog)
