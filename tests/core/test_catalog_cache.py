"""The parsed-catalog cache: served only while every input is unchanged, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from siwu_desktop.core import catalog_cache
from siwu_desktop.core.catalog import CatalogError, default_catalog, load_catalog
from siwu_desktop.paths import resource_path


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the embedded targets and counties that a test may edit."""
    targets = tmp_path / "targets"
    shutil.copytree(resource_path("targets"), targets)
    counties = tmp_path / "counties.toml"
    shutil.copyfile(resource_path("counties.toml"), counties)
    return targets, counties


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records each real parse, so a test can tell a cache hit from a parse."""
    seen: list[Path] = []

    def counting(directory: Path, counties_file: Path):  # type: ignore[no-untyped-def]
        seen.append(directory)
        return load_catalog(directory, counties_file)

    monkeypatch.setattr(catalog_cache, "load_catalog", counting)
    return seen


def _first_target_file(targets: Path) -> Path:
    return sorted(targets.glob("*.toml"))[0]


def test_second_load_is_served_from_the_cache(inputs, parses, tmp_path):
    targets, counties = inputs
    cache = tmp_path / "cache" / "catalog.pickle"
    first = catalog_cache.cached_catalog(targets, counties, cache)
    assert cache.is_file() and len(parses) == 1
    second = catalog_cache.cached_catalog(targets, counties, cache)
    assert len(parses) == 1  # no parse: the cache answered
    assert second == first == load_catalog(targets, counties)


def test_a_changed_target_file_is_never_served_stale(inputs, parses, tmp_path):
    targets, counties = inputs
    cache = tmp_path / "catalog.pickle"
    before = catalog_cache.cached_catalog(targets, counties, cache)
    path = _first_target_file(targets)
    text = path.read_text(encoding="utf-8")
    title = next(d.title for d in before.documents if f'id = "{d.id}"' in text)
    line = f'title = "{title}"'
    assert line in text
    path.write_text(text.replace(line, f'title = "{title}（修订）"', 1), encoding="utf-8")
    after = catalog_cache.cached_catalog(targets, counties, cache)
    assert len(parses) == 2
    assert title + "（修订）" in {d.title for d in after.documents}
    assert after == load_catalog(targets, counties)
    # …and the rewritten cache now serves the new content.
    assert catalog_cache.cached_catalog(targets, counties, cache) == after
    assert len(parses) == 2


def test_an_added_or_removed_target_file_invalidates(inputs, parses, tmp_path):
    targets, counties = inputs
    cache = tmp_path / "catalog.pickle"
    full = catalog_cache.cached_catalog(targets, counties, cache)
    removed = _first_target_file(targets)
    removed.unlink()
    fewer = catalog_cache.cached_catalog(targets, counties, cache)
    assert len(parses) == 2 and len(fewer.documents) == len(full.documents) - 1


def test_a_changed_counties_file_invalidates(inputs, parses, tmp_path):
    targets, counties = inputs
    cache = tmp_path / "catalog.pickle"
    catalog_cache.cached_catalog(targets, counties, cache)
    counties.write_text(counties.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    catalog_cache.cached_catalog(targets, counties, cache)
    assert len(parses) == 2


def test_a_broken_file_still_fails_even_with_a_cache(inputs, tmp_path):
    targets, counties = inputs
    cache = tmp_path / "catalog.pickle"
    catalog_cache.cached_catalog(targets, counties, cache)
    _first_target_file(targets).write_text("[document\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        catalog_cache.cached_catalog(targets, counties, cache)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:60] + b"\x00garbage" + data[68:],  # bytes flipped after the key
        lambda data: b"not a cache at all",
        lambda data: b"",
    ],
    ids=["truncated", "garbled", "foreign", "empty"],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(inputs, parses, tmp_path, damage):
    targets, counties = inputs
    cache = tmp_path / "catalog.pickle"
    good = catalog_cache.cached_catalog(targets, counties, cache)
    cache.write_bytes(damage(cache.read_bytes()))
    again = catalog_cache.cached_catalog(targets, counties, cache)
    assert again == good and len(parses) == 2
    catalog_cache.cached_catalog(targets, counties, cache)  # rewritten: a hit again
    assert len(parses) == 2


def test_an_unwritable_cache_only_costs_time(inputs, parses, tmp_path):
    targets, counties = inputs
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = blocker / "sub" / "catalog.pickle"  # its folder can never be created
    first = catalog_cache.cached_catalog(targets, counties, cache)
    assert first == catalog_cache.cached_catalog(targets, counties, cache)
    assert len(parses) == 2 and not cache.exists()


def test_default_catalog_uses_the_cache_folder_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(catalog_cache.CACHE_ENV, str(tmp_path))
    assert catalog_cache.cache_file() == tmp_path / catalog_cache.CACHE_NAME
    assert catalog_cache.cached_catalog() == default_catalog() == load_catalog()
    assert (tmp_path / catalog_cache.CACHE_NAME).is_file()
