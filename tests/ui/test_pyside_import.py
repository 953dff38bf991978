"""ui.pyside_import: PySide6's per-module "uses PySide6?" check, answered from the file's bytes."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

from siwu_desktop.core import units
from siwu_desktop.ui import app, pyside_import


def _check() -> object:
    return sys.modules["shibokensupport.feature"]._mod_uses_pyside  # type: ignore[attr-defined]


def test_installed_once_before_the_interface_loads() -> None:
    assert pyside_import.install() is True  # this PySide6 has the hook
    check = _check()
    assert hasattr(check, "siwu_original")
    assert pyside_import.install() is True
    assert _check() is check  # not wrapped twice


def test_same_answers_as_pysides_own_check(tmp_path: Path) -> None:
    check = _check()
    original = check.siwu_original  # type: ignore[attr-defined]
    unreadable = types.ModuleType("gone")
    unreadable.__file__ = str(tmp_path / "gone.py")  # no such file: PySide6's check decides
    mentions = tmp_path / "mentions.py"
    mentions.write_text("# uses PySide6 somewhere\n", encoding="utf-8")
    mentioning = types.ModuleType("mentions")
    mentioning.__file__ = str(mentions)
    cases = [(app, True), (units, False), (json, False), (sys, False), (unreadable, False),
             (mentioning, True)]  # fmt: skip
    for module, expected in cases:
        assert check(module) is expected, module  # type: ignore[operator]
        assert original(module) is expected, module
