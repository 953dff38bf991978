"""A database as an earlier (or later) release left it: made with another list of schema
steps. The steps come from sqlite-utils' public API (`Migrations.pending` on an empty
database lists them all, each with its `name`, `fn` and `transactional`), and the set the
program opens with is swapped for the test's own (the module attribute that
`storage.store` reads when it migrates), never by editing sqlite-utils' private list."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

import siwu_desktop.storage.migrations as program
from siwu_desktop.storage import Profile, ReturnKey, open_storage
from siwu_desktop.storage.schema import MIGRATION_SET


def todays_steps() -> list[Any]:
    """Every schema step of this release, in order."""
    return program.migrations.pending(Database(memory=True))


def step_set(steps: Iterable[Any]) -> Migrations:
    """A migration set of the program's name made of `steps` (as `todays_steps` gives them)."""
    chosen = Migrations(MIGRATION_SET)
    for step in steps:
        chosen(name=step.name, transactional=step.transactional)(step.fn)
    return chosen


@contextmanager
def opening_with(steps: Migrations) -> Iterator[None]:
    """Within: the program opens and migrates databases with `steps` instead of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(program, "migrations", steps)
        yield


def with_extra_step(name: str, fn: Callable[[Database], None]) -> Migrations:
    """Today's steps and one more, as a later release would have them."""
    steps = step_set(todays_steps())
    steps(name=name)(fn)
    return steps


def database_without(data: Path, step_name: str, profile: Profile, key: ReturnKey) -> None:
    """Create `data` with every schema step but `step_name`, holding `profile` and the
    return `key`; the next open applies the missing step."""
    assert step_name in [s.name for s in todays_steps()], step_name
    older = step_set(s for s in todays_steps() if s.name != step_name)
    with opening_with(older), open_storage(data) as storage:
        storage.profile.save(profile)
        storage.returns.get_or_create(key)


def revision_columns(data: Path) -> list[str]:
    db = sqlite3.connect(data / "siwu.db")
    try:
        return [str(r[1]) for r in db.execute("PRAGMA table_info(revisions)")]
    finally:
        db.close()
