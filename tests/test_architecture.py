"""The layer rules and code checks, enforced rather than hoped for."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed (pip install -e '.[test]')"
    return found


def test_import_contracts_hold() -> None:
    """core, storage and excel never import Qt; layers point one way (pyproject contracts)."""
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_runs_with_qt_unavailable() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"
        "from siwu_desktop.core.catalog import default_catalog\n"
        "assert default_catalog().targets\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_ruff_lint_and_format() -> None:
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [_tool("ruff"), *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_core_and_storage() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the window reaches the data only through service methods (issue #13 item 1) -----------

UI = ROOT / "siwu_desktop" / "ui"


def _door_breaches(tree: ast.AST) -> list[tuple[int, str]]:
    """`.storage` on anything (a service's database handle), a private member `x._y` of
    any object but the class's own (`self`, `cls`), and a private name imported from
    another layer (outside siwu_desktop.ui): each a way round a service's public methods."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr == "storage":
                out.append((node.lineno, ast.unparse(node)))
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if private and not own:
                out.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("siwu_desktop.ui"):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    out.append((node.lineno, f"from {node.module} import {alias.name}"))
    return sorted(out)


def test_the_scan_sees_each_way_round_a_service() -> None:
    code = (
        "from siwu_desktop.core.compliance import _in_field_unit\n"
        "service.storage.keys.ensure_own()\n"
        "self.storage\n"
        "page.service._metadata(info, 1)\n"
        "self._ask()\n"
        "self.service.keys_view()\n"
        "from siwu_desktop.ui.dialogs import _helper\n"
        "type(x).__name__\n"
    )
    assert [line for line, _ in _door_breaches(ast.parse(code))] == [1, 2, 3, 4]


def test_ui_touches_no_storage_and_no_private_member_of_another_layer() -> None:
    breaches = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in sorted(UI.rglob("*.py"))
        for line, text in _door_breaches(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not breaches, "\n".join(breaches)


# --- value types are msgspec Structs (issue #13 item 7) -------------------------------------

PACKAGE = ROOT / "siwu_desktop"


def _dataclass_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Each import of the dataclasses module. A frozen dataclass costs about 0.6 ms to define
    (Python execs its generated methods), a Struct about 15 µs; the program's ~150 value
    types are defined on the way to the first paint, so they are `msgspec.Struct`s."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, ast.unparse(node)) for a in node.names if a.name == "dataclasses"]
        elif isinstance(node, ast.ImportFrom) and node.module == "dataclasses":
            out.append((node.lineno, ast.unparse(node)))
    return sorted(out)


def test_the_dataclass_scan_sees_each_import() -> None:
    code = (
        "import dataclasses\n"
        "from dataclasses import dataclass, field\n"
        "import os, dataclasses as dc\n"
        "from msgspec import Struct, field\n"
        "from msgspec.structs import replace\n"
    )
    assert [line for line, _ in _dataclass_uses(ast.parse(code))] == [1, 2, 3]


def test_value_types_are_msgspec_structs() -> None:
    uses = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in _dataclass_uses(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not uses, "make these msgspec Structs:\n" + "\n".join(uses)
