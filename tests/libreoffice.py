"""LibreOffice as the real spreadsheet client of the tests (one headless conversion at a time)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# every sheet as UTF-8 CSV of the shown values (ARCHITECTURE.md, "Tests and checks")
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def soffice_convert(src: Path, outdir: Path, target: str, home: Path) -> Path:
    """One LibreOffice conversion (headless, its own HOME); returns the produced file."""
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["soffice", "--headless", "--convert-to", target, "--outdir", str(outdir), str(src)],
        capture_output=True,
        text=True,
        env=dict(os.environ, HOME=str(home)),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    produced = sorted(outdir.glob(f"{src.stem}*.{target.split(':')[0]}"))
    assert produced, result.stdout + result.stderr
    return produced[0]
