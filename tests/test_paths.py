"""siwu_desktop.paths: where the bundled files are."""

from __future__ import annotations

from pathlib import Path

from siwu_desktop import paths

ROOT = Path(__file__).resolve().parent.parent


def test_the_bundle_folder_is_beside_the_package() -> None:
    assert paths.bundle_root() == ROOT
    assert paths.resource_path("icons", "file-16.png").is_file()
    assert paths.template_path().is_dir()


def test_the_bundle_folder_is_found_once_per_process() -> None:
    """A start asks for some 40 resources; the folder is resolved (every folder on its
    path looked up) for the first of them only, and the same path serves the rest."""
    assert paths.bundle_root() is paths.bundle_root()
    assert paths.resource_path("icons") == paths.bundle_root() / "resources" / "icons"
