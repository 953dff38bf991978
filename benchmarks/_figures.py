"""Key figures of a benchmark script, machine-readable for run_all.py's summary table.

A script calls `report({...})` after printing its own table; when run_all.py set
SIWU_BENCH_JSON to a file name, the figures are written there as JSON, otherwise
nothing happens (the script's normal output is unchanged either way).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ENV = "SIWU_BENCH_JSON"


def report(figures: dict[str, Any]) -> None:
    target = os.environ.get(ENV)
    if target:
        Path(target).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
