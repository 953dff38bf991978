"""A real client: LibreOffice opens the exported workbook; its CSV of shown values gives the
database's figures, Chinese intact; its PDF, rendered to PNG, is kept for a person to look at.
One export of all forms, converted once to CSV and once to PDF (one soffice at a time)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.core import units
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.forms import NUMBER
from siwu_desktop.core.validation import values_of
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from tests.libreoffice import CSV_FILTER, soffice_convert

ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("lo")
    catalog = default_catalog()
    with open_storage(root / "data") as storage:
        build_demo(storage, catalog)
        service = ReturnService(storage, catalog, today=dt.date(2025, 1, 20))
        loaded = [service.load(i) for i in service.returns_of("潞城区", 2024)]
        ctx = {x.form.id: service.context(x) for x in loaded}
        expected = {}
        for item in loaded:
            if item.form.table is None:
                values = values_of(item.data, ctx[item.form.id])
                expected[item.form.id] = {
                    f.label: units.fixed(values[f.id], f.precision)
                    for f in item.form.fields
                    if f.value_type == NUMBER and values.get(f.id) is not None
                }
        ledger = [{c: e.text for c, e in r.cells.items()} for r in loaded[3].data.rows]
        path = export_returns(service, loaded, root / "潞城区_2024_全部报表.xlsx").path
    home = root / "home"
    csv_dir = root / "csv"
    soffice_convert(path, csv_dir, CSV_FILTER, home)
    pdf = soffice_convert(path, root / "pdf", "pdf", home)
    return {"csv": csv_dir, "pdf": pdf, "expected": expected, "ledger": ledger, "stem": path.stem}


def _sheet(exported, title: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    files = [p for p in exported["csv"].glob("*.csv") if p.stem.endswith(title)]
    assert len(files) == 1, list(exported["csv"].glob("*.csv"))
    with files[0].open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _number(text: str) -> str:
    return text.replace(",", "")


def test_csv_of_shown_values_gives_the_figures_in_the_database(exported) -> None:  # type: ignore[no-untyped-def]
    rows = _sheet(exported, "表一")
    assert rows[0][0] == "“四水四定”主要指标完成情况表"
    shown = {r[1]: _number(r[5]) for r in rows if len(r) > 5 and r[1]}
    expected = exported["expected"]["t1"]
    assert expected
    for label, value in expected.items():
        assert shown[label] == value, label
    assert any("潞城区" in c for r in rows for c in r)
    assert any("######" in c for r in rows for c in r) is False


def test_csv_of_the_structure_table_and_the_ledger(exported) -> None:  # type: ignore[no-untyped-def]
    rows = _sheet(exported, "表二")
    total_row = next(r for r in rows if len(r) > 2 and r[1] == "合计")
    assert _number(total_row[-1]) == exported["expected"]["t2"]["用水总量（合计）"]
    ledger = _sheet(exported, "表四")
    first = next(r for r in ledger if r and r[0] == "1")
    want = exported["ledger"][0]
    assert first[1] == want["name"] and first[2] == want["uscc"]
    assert Decimal(_number(first[5])) == Decimal(want["plan"])


def test_first_page_renders_as_a_form(exported) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "excel_export"
    for old in ARTIFACTS.glob("excel_export*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "4", str(exported["pdf"]), str(prefix)],
        check=True,
    )
    pngs = sorted(ARTIFACTS.glob("excel_export*.png"))
    assert len(pngs) == 4 and all(p.stat().st_size > 10_000 for p in pngs)
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(exported["pdf"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for expected in ("主要指标完成情况表", "填报单位", "单位负责人", "内容摘要", "第1版"):
        assert expected in text
    assert "###" not in text
    shutil.copy(exported["pdf"], ARTIFACTS / "excel_export.pdf")
