"""The editing model (services.editing.ReturnEditing) works with PySide6 unimportable:
edits, judging, the cells an edit changed, undo, 表四 rows and a refused write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK_QT = "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"


def test_the_editing_model_runs_without_qt() -> None:
    code = BLOCK_QT + "from tests.services.editing_script import main\nmain()\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:5] == [
        "t1 ok",
        "t4 ok",
        "carried undo ok",
        "locked ok",
        "qt-free ok",
    ]
