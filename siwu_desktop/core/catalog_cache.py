"""A cache of the parsed embedded catalog, so a start does not re-parse every TOML file.

Parsing and checking `resources/targets` takes 40–60 ms of every start (issue #6);
unpickling the result takes about 3 ms. The cache file starts with a SHA-256 key
over everything the parse depends on: the bytes and names of every target file,
counties.toml, the names of the source texts (a missing source must still fail),
the package version, the Python version and the source of the loading code. Any
difference means parse again and rewrite; an unreadable or corrupt cache is
ignored and rewritten; a cache that cannot be written is simply not written. The
cache only ever saves time: it can never serve a catalog the files do not say.

Lives in the per-user cache directory (platformdirs), or `SIWU_CACHE_DIR`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from siwu_desktop import __version__
from siwu_desktop.core import catalog as _catalog_module
from siwu_desktop.core import indicators as _indicators_module
from siwu_desktop.core.catalog import TargetCatalog, load_catalog
from siwu_desktop.paths import resource_path

CACHE_ENV = "SIWU_CACHE_DIR"
APP_NAME = "siwu_desktop"
CACHE_NAME = "catalog.pickle"
_MAGIC = b"siwu-catalog-cache-1\n"


def cache_file() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser() / CACHE_NAME
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / CACHE_NAME


def _source_of(module: object) -> bytes:
    """The module's source; frozen builds have none (their bundle is fixed per version)."""
    try:
        return Path(str(getattr(module, "__file__", ""))).read_bytes()
    except OSError:
        return b""


def catalog_key(directory: Path, counties_file: Path) -> bytes:
    """A digest of every input of `load_catalog(directory, counties_file)`."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("version", __version__.encode())
    add("python", sys.version.encode())
    add("catalog.py", _source_of(_catalog_module))
    add("indicators.py", _source_of(_indicators_module))
    add("counties", counties_file.read_bytes())
    for path in sorted(directory.glob("*.toml")):
        add(f"target:{path.name}", path.read_bytes())
    sources = resource_path("sources")
    names = sorted(p.name for p in sources.iterdir()) if sources.is_dir() else []
    add("sources", "\n".join(names).encode())
    return digest.digest()


def _read(path: Path, key: bytes) -> TargetCatalog | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = _MAGIC + key
    if not data.startswith(head):
        return None
    try:
        catalog = pickle.loads(data[len(head) :])
    except Exception:  # a corrupt or truncated cache: parse instead
        return None
    return catalog if isinstance(catalog, TargetCatalog) else None


def _write(path: Path, key: bytes, catalog: TargetCatalog) -> None:
    """Write atomically (temp file + rename), so a reader never sees half a cache."""
    import tempfile  # only when writing: most starts just read

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + key)
                pickle.dump(catalog, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # read-only or full disk: the next start parses again


def cached_catalog(
    directory: Path | None = None,
    counties_file: Path | None = None,
    cache: Path | None = None,
) -> TargetCatalog:
    """`load_catalog(directory, counties_file)`, served from the cache when its key matches."""
    directory = directory or resource_path("targets")
    counties_file = counties_file or resource_path("counties.toml")
    cache = cache or cache_file()
    try:
        key = catalog_key(directory, counties_file)
    except OSError:
        return load_catalog(directory, counties_file)  # let the loader report the file
    catalog = _read(cache, key)
    if catalog is None:
        catalog = load_catalog(directory, counties_file)
        _write(cache, key, catalog)
    return catalog
