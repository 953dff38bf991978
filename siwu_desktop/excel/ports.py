"""What the Excel layer needs from the returns service, as structural types.

The layers point one way (services → excel), so excel cannot import
`siwu_desktop.services`; `ReturnService` and `LoadedReturn` satisfy these protocols.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.forms import FormSpec
from siwu_desktop.core.returns import Entry, ReturnData
from siwu_desktop.core.validation import Finding, ValidationContext
from siwu_desktop.storage import Profile, Storage
from siwu_desktop.storage.returns import ReturnInfo


class Loaded(Protocol):
    info: ReturnInfo
    form: FormSpec
    data: ReturnData
    revision: int
    row_uids: list[str]

    @property
    def locked(self) -> bool: ...


L = TypeVar("L", bound=Loaded)


class Service(Protocol[L]):
    storage: Storage
    catalog: TargetCatalog

    def profile(self) -> Profile: ...

    def open(self, county: str, form_id: str, year: int, period: str = "Y") -> ReturnInfo: ...

    def load(self, info: ReturnInfo, revision: int | None = None) -> L: ...

    def enter_values(self, loaded: L, texts: dict[str, str]) -> dict[str, Entry]: ...

    def enter_task(self, loaded: L, row: int, column: str, text: str) -> Entry: ...

    def put_ledger_row(self, loaded: L, row: int, texts: dict[str, str]) -> None: ...

    def delete_ledger_row(self, loaded: L, row: int) -> None: ...

    def set_explanation(self, loaded: L, key: str, text: str) -> None: ...

    def context(self, loaded: L) -> ValidationContext: ...

    def validate(self, loaded: L) -> list[Finding]: ...
