"""Makes the shipped catalog data file, resources/catalog.json, from the TOML files.

The catalog's sources are `resources/targets/*.toml` and `resources/counties.toml`,
written and reviewed by people; parsing TOML took most of a start (issue #6). So the
parsed data ships as JSON, made here and committed, and `core.catalog` reads that at a
start, with the same checks. After editing a TOML file run

    python -m siwu_desktop.core.catalog_data

(tests/core/test_catalog_data.py fails until the shipped file equals what the TOML files
make).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from siwu_desktop.core.catalog import SHIPPED_CATALOG, load_catalog
from siwu_desktop.paths import resource_path


def catalog_data(directory: Path | None = None, counties_file: Path | None = None) -> Any:
    """What the TOML files say, after checking they load as a catalog."""
    directory = directory or resource_path("targets")
    counties_file = counties_file or resource_path("counties.toml")
    load_catalog(directory, counties_file)  # a wrong file fails here, with its line

    def read(path: Path) -> Any:
        return tomllib.loads(path.read_text(encoding="utf-8"))

    return {
        "made_from": "resources/targets/*.toml and resources/counties.toml",
        "counties": read(counties_file),
        "documents": {p.name: read(p) for p in sorted(directory.glob("*.toml"))},
    }


def catalog_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_shipped_catalog(path: Path | None = None) -> Path:
    path = path or resource_path(SHIPPED_CATALOG)
    path.write_text(catalog_json(catalog_data()), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"已生成 {write_shipped_catalog()}")
