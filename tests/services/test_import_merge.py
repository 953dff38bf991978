"""A filled template changes only the cells it fills (#15 item 4); --replace replaces.

The demo county's 2025 表一 is a draft with every input filled. A template with two
cells filled is imported over it. Before the fix the draft was left with those two
values only and the message said nothing of what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from siwu_desktop.cli import main
from siwu_desktop.core.catalog import TargetCatalog, default_catalog
from siwu_desktop.excel.template import write_template
from siwu_desktop.services.county_import import import_workbook
from siwu_desktop.services.demo import build_demo
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage

CATALOG = default_catalog()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    with open_storage(path) as storage:
        build_demo(storage, CATALOG)
    return path


@pytest.fixture
def service(data_dir: Path) -> Iterator[ReturnService]:
    with open_storage(data_dir) as storage:
        yield ReturnService(storage, CATALOG, today=dt.date(2026, 1, 20))


def _draft(service: ReturnService) -> dict[str, str]:
    info = next(r for r in service.returns_of("潞城区", 2025) if r.form == "t1")
    return {k: e.text for k, e in service.load(info).data.values.items()}


def _template_with(catalog: TargetCatalog, out: Path, values: dict[str, object]) -> Path:
    write_template(catalog, "长治市", "潞城区", "t1", 2025, "Y", out)
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    for name, value in values.items():
        ws[ws.defined_names[name].attr_text.split("!")[1].replace("$", "")] = value
    wb.save(out)
    return out


def test_template_changes_only_what_it_fills(service: ReturnService, tmp_path: Path) -> None:
    before = _draft(service)
    assert len(before) >= 10 and before["total_use"] != "8100"
    path = _template_with(
        service.catalog, tmp_path / "两格.xlsx", {"T1_total_use": 8100, "T1_groundwater_use": 2100}
    )
    result = import_workbook(service, path)
    assert result.ok, result.message
    after = _draft(service)
    expected = before | {"total_use": "8100", "groundwater_use": "2100"}
    assert after == expected  # nothing else lost
    changed = {(c.label, c.old, c.new) for c in result.changed}
    labels = {
        spec.id: spec.label
        for spec in service.load(
            next(r for r in service.returns_of("潞城区", 2025) if r.form == "t1")
        ).form.fields
    }
    assert changed == {
        (labels["total_use"], before["total_use"], "8100"),
        (labels["groundwater_use"], before["groundwater_use"], "2100"),
    }
    assert "改动 2 项" in result.message and f"{before['total_use']} → 8100" in result.message


def test_replace_makes_the_draft_the_file(service: ReturnService, tmp_path: Path) -> None:
    path = _template_with(service.catalog, tmp_path / "两格.xlsx", {"T1_total_use": 8100})
    result = import_workbook(service, path, replace=True)
    assert result.ok, result.message
    assert _draft(service) == {"total_use": "8100"}


def test_cli_import_replace(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _template_with(CATALOG, tmp_path / "一格.xlsx", {"T1_total_use": 8100})
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 0
    assert "改动 1 项" in capsys.readouterr().out
    with open_storage(data_dir) as storage:
        assert len(_draft(ReturnService(storage, CATALOG))) > 1
    assert main(["--data-dir", str(data_dir), "import", "--replace", str(path)]) == 0
    with open_storage(data_dir) as storage:
        assert _draft(ReturnService(storage, CATALOG)) == {"total_use": "8100"}
