"""Our code never touches another library's private members (issue #13, item 6), not even to
read them: `ws._cells`, `cell._style`, `migrations._migrations`, `argparse._SubParsersAction`,
`sys._MEIPASS` each tie the program to one release of someone else's internals.

The rule is read off the source with `ast`, without an allow-list:
- every `x._name` (and `getattr(x, "_name")`, `setattr`, `hasattr`, `delattr`) must name
  something defined in siwu_desktop/ itself: a function, class, variable or `self._name`;
- where `x` is not `self`/`cls`, `_name` must not also be a private member of one of the
  libraries we use, so a name of ours cannot hide a reach into theirs (`ws._cells` next to
  our own `self._cells`).
Dunder names (`__init__`, `__name__`) are public protocol and not checked.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "siwu_desktop"

# the libraries siwu_desktop imports (pyproject dependencies, and the standard modules whose
# private names were once used)
LIBRARIES = (
    "openpyxl",
    "PySide6",
    "shiboken6",
    "sqlite_utils",
    "cryptography",
    "segno",
    "defusedxml",
    "platformdirs",
    "argparse",
)
ACCESSORS = {"getattr", "setattr", "hasattr", "delattr"}
OWN_RECEIVERS = {"self", "cls"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@dataclass(frozen=True)
class Use:
    where: str
    line: int
    receiver: str  # the name left of the dot, or "" for an expression
    name: str


def defined_names(trees: Iterable[ast.AST]) -> set[str]:
    """Every name a module defines: functions, classes, variables, imports, self attributes."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id in OWN_RECEIVERS
            ):
                names.add(node.attr)
    return names


def _receiver(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else ""


def private_uses(tree: ast.AST, where: str) -> Iterator[Use]:
    """Every `x._name` and every `getattr(x, "_name")`-style access in one module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            yield Use(where, node.lineno, _receiver(node.value), node.attr)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ACCESSORS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            yield Use(where, node.lineno, _receiver(node.args[0]), node.args[1].value)


def violations(sources: dict[str, str], theirs: set[str]) -> list[Use]:
    """The accesses that break the rule, given our modules' sources (name → text) and the
    private names the libraries define."""
    trees = {where: ast.parse(text, where) for where, text in sources.items()}
    ours = defined_names(trees.values())
    found = []
    for where, tree in trees.items():
        for use in private_uses(tree, where):
            foreign = use.receiver not in OWN_RECEIVERS and use.name in theirs
            if use.name not in ours or foreign:
                found.append(use)
    return sorted(found, key=lambda u: (u.where, u.line))


def _library_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, f"{name} is not installed"
    origin = Path(spec.origin)
    if spec.submodule_search_locations is None:
        return [origin]
    folders = [Path(p) for p in spec.submodule_search_locations]
    return [f for folder in folders for f in folder.rglob("*.py")]


@cache
def library_private_names() -> frozenset[str]:
    """The private names the libraries define, read from their Python sources (the type stubs
    of Qt's compiled modules describe the public API, and take seconds to parse)."""
    names: set[str] = set()
    for library in LIBRARIES:
        for path in _library_files(library):
            try:
                tree = ast.parse(path.read_bytes(), str(path))
            except (SyntaxError, ValueError):
                continue  # a file for another Python version
            names.update(n for n in defined_names([tree]) if _private(n))
    return frozenset(names)


def _our_sources() -> dict[str, str]:
    return {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for p in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_private_member_of_another_library_is_touched() -> None:
    found = violations(_our_sources(), set(library_private_names()))
    assert not found, "\n".join(f"{u.where}:{u.line}: {u.receiver}.{u.name}" for u in found)


def test_the_libraries_private_names_are_found() -> None:
    # the scan of the libraries must see what it guards against, or it guards nothing:
    # openpyxl's Worksheet keeps its cells in `self._cells`, a Cell its style in `self._style`
    names = library_private_names()
    assert {"_cells", "_style", "_migrations", "_SubParsersAction"} <= names


def test_the_rule_catches_each_kind_of_reach() -> None:
    ours = {
        "siwu_desktop/a.py": (
            "class Grid:\n"
            "    def __init__(self):\n"
            "        self._cells = {}\n"
            "        self._rows = []\n"
            "    def size(self):\n"
            "        return len(self._cells) + len(self._rows)\n"
        ),
        "siwu_desktop/b.py": (
            "import sys\n"
            "def snapshot(ws, c, grid):\n"
            "    a = ws._cells.items()\n"  # 3: ours defines _cells, but it is openpyxl's too
            "    c._style = None\n"  # 4: defined nowhere in our code
            "    b = getattr(sys, '_MEIPASS', None)\n"  # 5: through getattr
            "    n = grid._rows\n"  # 6: our own name, no library has it: allowed
            "    return a, b, n, grid.__class__.__name__\n"  # dunders are public
        ),
    }
    found = violations(ours, theirs={"_cells", "_style", "_MEIPASS"})
    assert [(u.where, u.line, u.name) for u in found] == [
        ("siwu_desktop/b.py", 3, "_cells"),
        ("siwu_desktop/b.py", 4, "_style"),
        ("siwu_desktop/b.py", 5, "_MEIPASS"),
    ]


if __name__ == "__main__":  # pragma: no cover - a quick listing while fixing
    for use in violations(_our_sources(), set(library_private_names())):
        print(f"{use.where}:{use.line}: {use.receiver}.{use.name}", file=sys.stderr)
