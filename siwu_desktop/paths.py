"""Where bundled files live, whether run from a checkout or frozen by PyInstaller."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder holding `resources/` and `templates_xlsx/`.

    Frozen builds unpack them under `sys._MEIPASS`; a checkout or an editable
    install finds them next to the package.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def template_path(*parts: str) -> Path:
    return bundle_root().joinpath("templates_xlsx", *parts)
