"""`siwu correct` then `siwu finalize` with nothing changed (city review follow-up, item 3):
the correction is withdrawn through the same door as the window's, and says so; no 第2版."""

from __future__ import annotations

from pathlib import Path

import pytest

from siwu_desktop.cli import main

RETURN = ["--county", "潞城区", "--year", "2024", "--form", "表一"]


def _run(data: Path, *argv: str) -> int:
    return main(["--data-dir", str(data), *argv])


def test_finalize_of_an_unchanged_correction_withdraws_it(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(demo_dir, "correct", *RETURN, "--reason", "核对账册") == 0
    assert "已打开更正：第2版" in capsys.readouterr().out
    assert _run(demo_dir, "finalize", *RETURN) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        "第2版与第1版相比没有任何更改：已撤销更正，报表仍为第1版（已定稿），未产生新版本。"
        "如需改正，请重新办理更正、修改数据后再定稿。"
    )
    assert _run(demo_dir, "history", *RETURN) == 0
    history = capsys.readouterr().out
    assert "第1版　已定稿" in history and "第2版" not in history
