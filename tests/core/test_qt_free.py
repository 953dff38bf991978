"""build → fill → validate for each city with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
sys.modules["PySide6"] = None
sys.modules["shiboken6"] = None
from pathlib import Path
from siwu_desktop.core.catalog import load_catalog
from siwu_desktop.core.forms import build_forms
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.digest import content_digest
from siwu_desktop.core.validation import ValidationContext, judgements, validate

catalog = load_catalog(Path(sys.argv[1]))
for city, county in (("太原市", "小店区"), ("阳泉市", "盂县"), ("长治市", "潞城区"), ("聊城市", "临清市")):
    forms = build_forms(catalog, city, year=2025, county=county)
    returns = {f: sample_return(form, county, 2025) for f, form in forms.items()}
    ctx = ValidationContext(catalog, companions=returns)
    for ret in returns.values():
        findings = validate(ret, ctx)
        assert not [f for f in findings if f.severity == "error"], findings
        assert len(content_digest(ret)) == 64
    assert judgements(returns["t1"], ctx)
    print(city, "ok")
assert not any(name.startswith(("PySide6.", "shiboken6.")) for name in sys.modules)
"""


def test_core_builds_fills_and_judges_without_qt(catalog_dir: Path) -> None:
    folder = catalog_dir
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["太原市", "ok", "阳泉市", "ok", "长治市", "ok", "聊城市", "ok"]
