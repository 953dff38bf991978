"""README's table of operations names real service methods: every `module.name` and
`Class.method` (and each `/ alternative` after it) resolves, so the table cannot drift
from the code."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def table_names() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| operation | the one method |")
    rows = [line for line in text[start:].splitlines()[2:] if line.strip().startswith("|")]
    rows = rows[: next((i for i, r in enumerate(rows) if not r.strip()), len(rows))]
    names: list[str] = []
    for row in rows:
        method_cell = row.strip().strip("|").split("|")[-1]
        dotted = ""
        for code in re.findall(r"`([^`]+)`", method_cell):
            if "." in code:
                dotted = code
            else:  # `/ other`: a method of the same class as the name before it
                code = dotted.rsplit(".", 1)[0] + "." + code
            names.append(code)
    return names


def resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module("siwu_desktop." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


def test_every_operation_in_the_readme_is_a_real_method() -> None:
    names = table_names()
    assert "services.returns.ReturnService.check" in names and len(names) >= 20
    for name in names:
        assert callable(resolve(name)), name
