from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from siwu_desktop.storage import Profile, ReturnKey, Storage, open_storage


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def storage(data_dir: Path) -> Iterator[Storage]:
    with open_storage(data_dir) as s:
        s.profile.save(Profile(mode="county", city="长治市", county="潞州区", preparer="张三"))
        yield s


@pytest.fixture
def key() -> ReturnKey:
    return ReturnKey(county="潞州区", form="table1", year=2025, period="Y")
