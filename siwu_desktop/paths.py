"""Where bundled files live, whether run from a checkout or frozen by PyInstaller."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def bundle_root() -> Path:
    """The folder holding `resources/` and `templates_xlsx/`: next to the package. Found
    once per process: a start asks for some 40 resources (icons, target documents), and
    resolving the path looks up every folder on it (#13 item 7).

    A frozen build puts them in its bundle folder beside the package, and PyInstaller
    sets each bundled module's `__file__` to its place relative to that folder
    (PyInstaller manual, "Run-time Information: Using __file__"), so one rule serves a
    checkout, an editable install and both builds.
    """
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def template_path(*parts: str) -> Path:
    return bundle_root().joinpath("templates_xlsx", *parts)
