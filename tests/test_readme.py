"""The README's two commands stay true: CI runs exactly the second one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_ci_runs_the_readme_test_command() -> None:
    setup, test = readme_commands()
    assert "siwu" in setup and "pytest" in test
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines


def test_system_package_lists_exist_and_name_cjk_fonts() -> None:
    app = (ROOT / ".ci" / "apt-app.txt").read_text(encoding="utf-8").split()
    tests = (ROOT / ".ci" / "apt-test.txt").read_text(encoding="utf-8").split()
    assert any(p.startswith("fonts-wqy") for p in app)
    assert {"poppler-utils", "libreoffice-calc", "zbar-tools"} <= set(tests)
