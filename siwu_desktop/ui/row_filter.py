"""The sort and filter over a ledger's rows (表三, 表四): loaded when such a return opens.

The reopened 表一 shows its rows as they are: a start builds no QSortFilterProxyModel (nor
its base QAbstractProxyModel), which PySide6 would on this module's import (#13 item 7).
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from siwu_desktop.ui.entry_models import SORT_ROLE


class RowFilter(QSortFilterProxyModel):
    """Sort by the numbers (not their text) and filter on any column's text."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
