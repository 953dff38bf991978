"""Traceability: every quoted passage stands in its source document and holds its value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.paths import resource_path

SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source_text(file: str) -> str:
    return _norm(resource_path("sources", file).read_text(encoding="utf-8"))


CATALOG = default_catalog()


@pytest.mark.parametrize("target", CATALOG.targets, ids=lambda t: t.id)
def test_target_quote_is_in_the_source_and_holds_the_value(target) -> None:  # type: ignore[no-untyped-def]
    text = _source_text(target.document.source_file)
    quote = _norm(target.quote)
    assert quote in text
    assert target.value_text in quote
    for conflict in target.conflicts:
        assert _norm(conflict.quote) in text
        assert conflict.value_text in _norm(conflict.quote)
        assert conflict.value != target.value


@pytest.mark.parametrize(
    "item", [*CATALOG.actuals, *CATALOG.tasks, *CATALOG.placeholders], ids=lambda t: t.id
)
def test_actual_and_task_quotes_are_in_the_source(item) -> None:  # type: ignore[no-untyped-def]
    assert _norm(item.quote) in _source_text(item.document.source_file)


def test_embedded_sources_are_the_seed_documents() -> None:
    """resources/sources is a verbatim copy of the project's seeds, where they are beside the
    repository (../shared/seeds); a fresh clone has nothing to compare them with."""
    seeds = sorted(SHARED_SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seed documents at {SHARED_SEEDS} to compare resources/sources with")
    for seed in seeds:
        assert resource_path("sources", seed.name).read_bytes() == seed.read_bytes(), seed.name
