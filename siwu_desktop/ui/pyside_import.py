"""A cheaper answer to the question PySide6 asks about every module imported after it.

PySide6 replaces `__import__` with a hook that, the first time it sees a module,
reads the module's whole source through `inspect.getsource` to find whether the
word "PySide6" occurs in it (modules that do may opt in to its `__feature__`
switches, which this program does not use). About 200 modules are imported
after PySide6 on the way to the first window, and `inspect.getsource` (line
cache, encoding detection) made that 20–30 ms of every start (issue #6).

`install()` swaps in a check that answers the same question from the file's
bytes, and leaves everything it cannot read that way (no `.py` file, a module
from a zip) to PySide6's own check. It changes nothing if a PySide6 release
drops or renames the hook; tests compare both answers on real modules.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def _by_bytes(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as fh:
                    return b"PySide6" in fh.read()
            except OSError:
                pass
        return original(module)

    uses_pyside.siwu_original = original  # type: ignore[attr-defined]
    return uses_pyside


def install() -> bool:
    """Swap in the cheaper check (once); False when PySide6 has no such hook."""
    import PySide6.QtCore  # noqa: F401  # loads shiboken's support modules

    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if not callable(original):
        return False
    if not hasattr(original, "siwu_original"):
        setattr(feature, _CHECK, _by_bytes(original))
    return True
