"""A database as an earlier release left it: made without one of today's schema steps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from siwu_desktop.storage import Profile, ReturnKey, open_storage
from siwu_desktop.storage.migrations import migrations


def database_without(data: Path, step_name: str, profile: Profile, key: ReturnKey) -> None:
    """Create `data` with every schema step but `step_name`, holding `profile` and the
    return `key`; the step is registered again afterwards (the next open applies it)."""
    position, step = next(
        (i, m) for i, m in enumerate(migrations._migrations) if m.name == step_name
    )
    migrations._migrations.remove(step)
    try:
        with open_storage(data) as storage:
            storage.profile.save(profile)
            storage.returns.get_or_create(key)
    finally:
        migrations._migrations.insert(position, step)


def revision_columns(data: Path) -> list[str]:
    db = sqlite3.connect(data / "siwu.db")
    try:
        return [str(r[1]) for r in db.execute("PRAGMA table_info(revisions)")]
    finally:
        db.close()
