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
    passed = [line for line in lines if line.startswith("[通过]")]
    assert len(passed) == 7  # 目标库 示例数据库 校验与定稿 导出工作簿 打印PDF 主窗口 Qt对话框中文
    assert passed[-1].startswith("[通过] Qt对话框中文")
    assert "摘要一致" in result.stdout and "签名有效" in result.stdout
    assert "自检通过" in result.stdout
