"""The shipped catalog (resources/catalog.json) is what the TOML files say, and a start
reads it with the same checks and without the TOML parser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import (
    SHIPPED_CATALOG,
    CatalogError,
    default_catalog,
    load_catalog,
    load_shipped_catalog,
)
from siwu_desktop.core.catalog_data import catalog_data, catalog_json, write_shipped_catalog
from siwu_desktop.paths import resource_path

REMAKE = "python -m siwu_desktop.core.catalog_data"


def test_the_shipped_file_is_what_the_toml_files_make() -> None:
    shipped = resource_path(SHIPPED_CATALOG).read_text(encoding="utf-8")
    assert shipped == catalog_json(catalog_data()), f"TOML changed: run {REMAKE} and commit"


def test_the_shipped_catalog_equals_the_catalog_of_the_toml_files() -> None:
    shipped = load_shipped_catalog()
    assert shipped == load_catalog()
    assert default_catalog() == shipped
    assert len(shipped.documents) == len(list(resource_path("targets").glob("*.toml")))


def test_remaking_writes_the_same_bytes(tmp_path: Path) -> None:
    made = write_shipped_catalog(tmp_path / SHIPPED_CATALOG)
    assert made.read_bytes() == resource_path(SHIPPED_CATALOG).read_bytes()


def test_a_start_reads_json_not_toml() -> None:
    code = (
        "import sys\n"
        "from siwu_desktop.core.catalog import default_catalog\n"
        "assert default_catalog().targets\n"
        "sys.exit(sorted(m for m in ('tomllib', 'pickle') if m in sys.modules) and 1 or 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _shipped() -> dict[str, object]:
    data: dict[str, object] = json.loads(resource_path(SHIPPED_CATALOG).read_bytes())
    return data


def test_a_damaged_shipped_file_is_refused_in_chinese(tmp_path: Path) -> None:
    broken = tmp_path / SHIPPED_CATALOG
    broken.write_bytes(resource_path(SHIPPED_CATALOG).read_bytes()[:5000])
    with pytest.raises(CatalogError, match="无法读取目标库"):
        load_shipped_catalog(broken)


def test_the_shipped_data_is_checked_by_the_same_rules(tmp_path: Path) -> None:
    data = _shipped()
    documents = data["documents"]
    assert isinstance(documents, dict)
    name = sorted(documents)[0]
    documents[name]["targets"][0]["bound"] = "sideways"
    edited = tmp_path / SHIPPED_CATALOG
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError, match=name) as refused:
        load_shipped_catalog(edited)
    assert "sideways" in str(refused.value)
