"""`siwu --self-test`: the check a frozen build runs in CI passes on the source tree too."""

from __future__ import annotations

import os
import subprocess
import sys


def test_self_test_passes_every_step() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "siwu_desktop", "--self-test"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert sum(line.startswith("[通过]") for line in lines) == 7
    assert "摘要一致" in result.stdout and "签名有效" in result.stdout
    assert "自检通过" in result.stdout
