"""build.spec: what the frozen builds leave out (the builds themselves run in CI, .ci/run)."""

from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

Entry = tuple[str, str, str]


def spec_tree() -> ast.Module:
    return ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))


def spec_function(name: str) -> Callable[..., Any]:
    """One function of build.spec, defined on its own (the spec as a whole runs only inside
    PyInstaller, which provides Analysis, EXE and the rest)."""
    (node,) = [n for n in spec_tree().body if isinstance(n, ast.FunctionDef) and n.name == name]
    namespace: dict[str, Any] = {"Path": Path}
    exec(compile(ast.Module(body=[node], type_ignores=[]), "build.spec", "exec"), namespace)
    return namespace[name]  # type: ignore[no-any-return]


def test_libraries_only_a_left_out_part_needed_are_left_out() -> None:
    loaded_libraries = spec_function("loaded_libraries")
    binaries: list[Entry] = [
        ("python3.11/lib-dynload/_sqlite3.so", "/b/_sqlite3.so", "EXTENSION"),
        ("libsqlite3.so.0", "/b/libsqlite3.so.0", "BINARY"),
        ("libz.so.1", "/b/libz.so.1", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/b/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/b/libQt6XcbQpa.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/b/libpython3.11.so.1.0", "BINARY"),
        # what the GTK platform theme (dropped by name) pulled in: nothing kept loads them
        ("libcairo.so.2", "/b/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/b/libpixman-1.so.0", "BINARY"),
    ]
    needs = {
        "/b/_sqlite3.so": {"libsqlite3.so.0", "libc.so.6"},
        "/b/libsqlite3.so.0": {"libz.so.1"},  # reached through a library, not a root
        "/b/libqxcb.so": {"libQt6XcbQpa.so.6"},
        "/b/libQt6XcbQpa.so.6": {"libX11.so.6"},  # not bundled: nothing to keep
        "/b/libcairo.so.2": {"libpixman-1.so.0", "libz.so.1"},
    }
    kept = loaded_libraries(binaries, lambda src: needs.get(src, set()))
    # by hand: roots _sqlite3, libqxcb, libpython; through them libsqlite3, libz, XcbQpa;
    # cairo and pixman are needed only by cairo itself
    assert [b[0] for b in kept] == [
        "python3.11/lib-dynload/_sqlite3.so",
        "libsqlite3.so.0",
        "libz.so.1",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libpython3.11.so.1.0",
    ]


def spec_excludes() -> set[str]:
    """The module names build.spec's Analysis leaves out, as written in the spec."""
    (call,) = [
        n
        for n in ast.walk(spec_tree())
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Analysis"
    ]
    (excludes,) = [k.value for k in call.keywords if k.arg == "excludes"]
    return {
        n.value
        for n in ast.walk(excludes)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def without(modules: tuple[str, ...], script: str) -> dict[str, Any]:
    """What `script` prints last (as JSON), run after importing every module of the program
    in a Python that cannot import `modules` (a frozen build that leaves them out)."""
    ran = subprocess.run(
        [sys.executable, "-c", EVERY_MODULE.format(blocked=modules) + script],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    return json.loads(ran.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


EVERY_MODULE = """
import importlib, json, pkgutil, sys
sys.modules.update(dict.fromkeys({blocked!r}))
import siwu_desktop
for module in pkgutil.walk_packages(siwu_desktop.__path__, "siwu_desktop."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
"""

NO_OPENSSL = """
import hashlib
from siwu_desktop.core.digest import digest
print(json.dumps({
    "openssl": "_hashlib" in sys.modules and sys.modules["_hashlib"] is not None,
    "ssl": sys.modules.get("ssl") is not None,
    "digest": digest({"县区": "潞城区", "年份": "2025"}),
    "blake2b": hashlib.blake2b(b"siwu", digest_size=4).hexdigest(),
}))
"""


def test_the_program_needs_neither_ssl_nor_openssls_hashlib() -> None:
    """build.spec leaves out ssl and _hashlib (and so libssl and libcrypto): every module
    still imports, and hashlib's own sha256 and blake2b give the digests OpenSSL gives."""
    from siwu_desktop.core.digest import digest

    assert {"ssl", "_ssl", "_hashlib"} <= spec_excludes()
    assert without(("ssl", "_ssl", "_hashlib"), NO_OPENSSL) == {
        "openssl": False,
        "ssl": False,
        "digest": digest({"县区": "潞城区", "年份": "2025"}),  # this process: OpenSSL's
        "blake2b": hashlib.blake2b(b"siwu", digest_size=4).hexdigest(),
    }


NO_TYPING_EXTENSIONS = """
import msgspec
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.storage.returns import ReturnInfo
info = ReturnInfo(7, "潞城区", "t1", 2025, "Y", 1, "draft", None, None)
again = msgspec.json.decode(msgspec.json.encode(info), type=ReturnInfo)
print(json.dumps({
    "typing_extensions": sys.modules.get("typing_extensions") is not None,
    "round_trip": again == info,
    "cities": sorted(default_catalog().cities),
}, ensure_ascii=False))
"""


def test_the_program_needs_no_typing_extensions() -> None:
    """Only the test tools bring typing_extensions (mypy, pytest-qt; no runtime dependency
    asks for it): msgspec imports it whenever it is there, 11 M instructions (1%) of a
    start for nothing, so build.spec leaves it out. Without it every module imports, msgspec
    still reads a Struct by its (string) annotations, and the catalog loads."""
    from siwu_desktop.core.catalog import default_catalog

    assert "typing_extensions" in spec_excludes()
    assert without(("typing_extensions",), NO_TYPING_EXTENSIONS) == {
        "typing_extensions": False,
        "round_trip": True,
        "cities": sorted(default_catalog().cities),
    }
