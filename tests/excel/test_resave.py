"""Harmless re-saves pass, edits do not (issue #14, item 4).

A county exports, opens the file in LibreOffice to look, and saves it unchanged. The city
must accept it. Before 0.2 the export wrote computed cells with 16–17 significant digits
(17.32120711037619) and LibreOffice wrote them back with 15 (17.3212071103762), so the
city refused the file as edited. Now computed cells are written rounded to their shown
decimals plus guard digits (never over 15 significant digits) and the reader compares
numbers at the 15 digits a spreadsheet program keeps; a value that really changed is
still refused and named (sheet, cell, old, new).

Real LibreOffice: every form's export for two cities (长治市潞城区, 阳泉市盂县), and the
0.1.0 exports kept in tests/fixtures, are re-saved by one `soffice --convert-to xlsx` run.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.returns import ReturnData
from siwu_desktop.excel import book
from siwu_desktop.excel import style as st
from siwu_desktop.services import city_import as ci
from siwu_desktop.services import keys
from siwu_desktop.services.city_demo import (
    correct_and_finalise,
    county_profile,
    fill_form_and_finalise,
)
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage

CATALOG = default_catalog()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exported_0_1_0"
FORMS = ("t1", "t2", "t3", "t4")
CORRECTION = "水司账册复核"


def _finalise_all(service: ReturnService, county: str, year: int) -> None:
    """Every form of the year from core's sample, every finding explained, finalised."""
    for form_id in FORMS:
        fill_form_and_finalise(service, county, form_id, year)


def _export_each_form(service: ReturnService, county: str, year: int, out: Path) -> list[Path]:
    paths = []
    for info in service.returns_of(county, year):
        loaded = service.load(info)
        target = out / f"{county}_{loaded.form.id}.xlsx"
        paths.append(export_returns(service, [loaded], target).path)
    return paths


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("resave")
    exports = root / "exports"
    with open_storage(root / "潞城区", daily_backup=False) as storage:
        build_demo(storage, CATALOG)
        service = ReturnService(storage, CATALOG, today=dt.date(2025, 1, 20))
        # 表一 goes as a correction, 第2版 with its 修订记录 sheet (#14 item 5)
        t1 = service.load(next(i for i in service.returns_of("潞城区", 2024) if i.form == "t1"))
        correct_and_finalise(service, t1, {"billed_use": "2750"}, CORRECTION)
        luc = _export_each_form(service, "潞城区", 2024, exports)
        # 2026 表三 lists two documents' tasks under heading rows (#18 point 2): the demo's
        # 第一季度 draft, finalised and exported
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 4, 10))
        q1 = service.load(service.open("潞城区", "t3", 2026, "Q1"))
        for finding in service.validate(q1):
            service.set_explanation(q1, finding.key, "已核实。")
        service.finalise(q1)
        grouped = [export_returns(service, [q1], exports / "潞城区_t3_2026Q1.xlsx").path]
        keys.export_public_key(storage, root / "keys" / f"潞城区{keys.KEY_FILE_SUFFIX}")
    with open_storage(root / "盂县", daily_backup=False) as storage:
        storage.profile.save(county_profile(CATALOG, "阳泉市", "盂县"))
        service = ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))
        _finalise_all(service, "盂县", 2025)
        yu = _export_each_form(service, "盂县", 2025, exports)
        keys.export_public_key(storage, root / "keys" / f"盂县{keys.KEY_FILE_SUFFIX}")
    old = sorted(FIXTURES.glob("*.xlsx"))
    resaved = root / "resaved"
    resaved.mkdir()
    sources = [*luc, *grouped, *yu, *old]
    result = subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(resaved)]
        + [str(p) for p in sources],
        capture_output=True,
        text=True,
        env=dict(os.environ, HOME=str(root / "home")),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    def again(paths: list[Path]) -> list[Path]:
        out = [resaved / p.name for p in paths]
        assert all(p.is_file() for p in out), result.stdout + result.stderr
        return out

    return {
        "长治市": again(luc),
        "长治市_groups": again(grouped),
        "长治市_groups_orig": grouped,
        "阳泉市": again(yu),
        "old": again(old),
        "keys": [root / "keys"],
        "长治市_orig": luc,
        "阳泉市_orig": yu,
    }


def _city(root: Path, city: str, key_dir: Path | None = None) -> ReturnService:
    """The city, with the county keys in `key_dir` of this city registered."""
    counties = tuple((c.name, c.code) for c in CATALOG.counties_for(city))
    storage = open_storage(root, daily_backup=False)
    storage.profile.save(
        Profile(mode="city", city=city, unit_name=f"{city}水利局", counties=counties)
    )
    for key_file in sorted(key_dir.glob("*" + keys.KEY_FILE_SUFFIX)) if key_dir else ():
        if keys.read_key_file(key_file).city == city:
            keys.import_key(storage, key_file)
    return ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))


def _xml_numbers(path: Path) -> list[str]:
    """Every number as written in the sheets' XML (`<c … t="n"><v>17.3212</v>`, or no t=)."""
    out: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = zf.read(name).decode("utf-8")
                for attrs, value in re.findall(r"<c ([^>]*)><v>([^<]*)</v>", xml):
                    if ' t="' not in attrs or ' t="n"' in attrs:
                        out.append(value)
    return out


def _beyond_15_digits(text: str) -> bool:
    """A number that is not a decimal of at most 15 significant digits. openpyxl writes every
    double with %.16g, so 97.76 appears as 97.76000000000001 (the same double, or the next
    one): what counts is that the double is within one step of its 15-digit rounding."""
    value = float(text)
    return abs(value - float(f"{value:.15g}")) > math.ulp(value)


@pytest.mark.parametrize("city", ["长治市", "阳泉市"])
def test_every_number_in_an_export_has_at_most_15_significant_digits(
    files: dict[str, list[Path]], city: str
) -> None:
    county = "潞城区" if city == "长治市" else "盂县"
    numbers = {p.name: _xml_numbers(p) for p in files[f"{city}_orig"]}
    assert all(numbers[f"{county}_{f}.xlsx"] for f in ("t1", "t2", "t4"))
    too_long = {k: [n for n in v if _beyond_15_digits(n)] for k, v in numbers.items()}
    assert too_long == {k: [] for k in numbers}
    # the 0.1.0 export wrote 17.32120711037619 (16 digits) in 表一 of 潞城区
    assert _beyond_15_digits("17.32120711037619")


def test_computed_figures_keep_their_shown_decimals_and_four_guard_digits() -> None:
    # 17.32120711037619 shown with 2 decimals → 17.321207 (2 + 4 decimals)
    assert st.computed(Decimal("17.32120711037619"), 2) == Decimal("17.321207")
    # a large figure keeps 15 significant digits at most: 123456789012.3456789 → 12 + 3 decimals
    assert st.computed(Decimal("123456789012.3456789"), 2) == Decimal("123456789012.346")
    assert st.computed(Decimal("0.58"), 2) == Decimal("0.58")


def test_numbers_are_compared_at_the_15_digits_a_spreadsheet_keeps() -> None:
    # the 0.1.0 file wrote 16 digits, LibreOffice writes 15: the same number
    assert book.same_shown("n:17.32120711037619", "n:17.3212071103762")
    # a change in the 6th decimal is a change
    assert not book.same_shown("n:17.321207", "n:17.321208")
    assert not book.same_shown("n:1", "s:1")


@pytest.mark.parametrize("city", ["长治市", "阳泉市"])
def test_every_form_resaved_by_libreoffice_is_accepted_at_the_city(
    tmp_path: Path, files: dict[str, list[Path]], city: str
) -> None:
    service = _city(tmp_path / "city", city, files["keys"][0])
    with service.storage:
        lines = ci.import_paths(service, files[city]).lines
        assert [line.detail for line in lines if line.rejected] == []
        forms = sorted(r.form for r in service.storage.returns.list_returns())
    assert forms == sorted(FORMS)


def test_a_resaved_correction_keeps_its_revision_sheet_and_reason(
    tmp_path: Path, files: dict[str, list[Path]]
) -> None:
    [resaved] = [p for p in files["长治市"] if p.name == "潞城区_t1.xlsx"]
    assert "修订记录" in load_workbook(resaved).sheetnames
    service = _city(tmp_path / "city", "长治市", files["keys"][0])
    with service.storage:
        [line] = ci.import_paths(service, [resaved]).lines
        assert line.outcome == ci.ACCEPTED and line.revision == 2, line.detail
        [rev] = service.storage.returns.revisions(service.storage.returns.list_returns()[0].id)
    assert rev.reason == CORRECTION


def test_a_t3_with_heading_rows_resaved_by_libreoffice_is_accepted_with_its_tasks(
    tmp_path: Path, files: dict[str, list[Path]]
) -> None:
    """长治 2026 表三 has a heading row before each document's tasks (merged across the
    table, its key `group:…` in the hidden key column). LibreOffice keeps both; the city
    takes the re-saved file as the county sent it, and no heading is read as a task."""
    [resaved] = files["长治市_groups"]
    [original] = files["长治市_groups_orig"]
    ws = load_workbook(resaved).worksheets[0]
    headings = [
        c.value for c in ws["A"] if isinstance(c.value, str) and c.value[:2] in ("一、", "二、")
    ]
    # the two documents of 2026 (catalog: changzhi_2025_action_plan, changzhi_2026_water_saving)
    assert len(headings) == 2 and "长治市严格落实" in headings[0], headings
    assert "长水资源〔2026〕29号" in headings[1]

    def taken_by_a_new_city(folder: str, path: Path) -> tuple[ci.ReportLine, ReturnData]:
        with _city(tmp_path / folder, "长治市", files["keys"][0]).storage as storage:
            service = ReturnService(storage, CATALOG, today=dt.date(2026, 4, 20))
            [line] = ci.import_paths(service, [path]).lines
            assert line.outcome == ci.ACCEPTED, line.detail
            [info] = service.returns_of("潞城区", 2026)
            return line, service.load(info).data

    _, taken = taken_by_a_new_city("a", resaved)
    line, sent = taken_by_a_new_city("b", original)
    # 17 tasks of the action plan and 12 of the 2026 work points for 潞城区 (NOTE #18)
    assert len(taken.rows) == 17 + 12
    assert not any(r.key.startswith("group:") for r in taken.rows)
    assert [(r.key, r.cells) for r in taken.rows] == [(r.key, r.cells) for r in sent.rows]
    assert line.period == "2026年第一季度"


def test_resaved_0_1_0_exports_are_not_taken_for_edited(
    tmp_path: Path, files: dict[str, list[Path]]
) -> None:
    """The 0.1.0 files wrote 16–17 digits; re-saved by LibreOffice they are judged exactly as
    the files themselves (the snapshot check passes; whatever else is judged is unchanged)."""

    def outcomes(paths: list[Path], name: str) -> list[tuple[str, str, str]]:
        service = _city(tmp_path / name, "长治市")
        with service.storage:
            lines = ci.import_paths(service, paths).lines
        return [(line.outcome, line.reason, line.detail) for line in lines]

    original = outcomes(sorted(FIXTURES.glob("*.xlsx")), "a")
    resaved = outcomes(files["old"], "b")
    assert [o[1] for o in resaved if o[1] == ci.R_EDITED] == []
    assert resaved == original


def _first_number_cell(path: Path, sheet: int = 0, skip: int = 0):  # type: ignore[no-untyped-def]
    wb = load_workbook(path)
    ws = wb.worksheets[sheet]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, float) and c.value]
    return wb, ws, cells[skip]


def test_a_real_edit_after_a_libreoffice_resave_is_refused_and_named(
    tmp_path: Path, files: dict[str, list[Path]]
) -> None:
    resaved = files["长治市"][0]  # 表一 of 潞城区, as LibreOffice saved it
    wb, ws, cell = _first_number_cell(resaved)
    old = cell.value
    cell.value = old + 0.01
    coord, title = cell.coordinate, ws.title
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    service = _city(tmp_path / "city", "长治市", files["keys"][0])
    with service.storage:
        [line] = ci.import_paths(service, [edited]).lines
        assert service.storage.returns.list_returns() == []
    assert line.rejected and line.reason == ci.R_EDITED
    assert f"工作表“{title}”单元格 {coord}" in line.detail
    assert f"导出时为“{book.shown(old)[2:]}”" in line.detail  # type: ignore[index]


def test_a_small_change_of_a_computed_cell_is_still_caught(
    tmp_path: Path, files: dict[str, list[Path]]
) -> None:
    """A computed cell changed in its 5th decimal (below what the sheet shows) is an edit."""
    resaved = files["长治市"][0]
    wb = load_workbook(resaved)
    ws = wb.worksheets[0]
    cell = next(
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, float) and c.value != round(c.value, 2)
    )
    cell.value = cell.value + 0.00001
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    service = _city(tmp_path / "city", "长治市", files["keys"][0])
    with service.storage:
        [line] = ci.import_paths(service, [edited]).lines
    assert line.rejected and line.reason == ci.R_EDITED
    assert f"单元格 {cell.coordinate}" in line.detail
