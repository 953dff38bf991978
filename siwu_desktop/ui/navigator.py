"""The returns navigator: periods and returns with their status (草稿, 有错误, 已定稿 …).

County mode: year → returns. City mode: county → year → returns (whatever the
city has imported). Statuses come from storage; "有错误" is filled in as the
returns are judged (the open one at once, the others after the window shows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from siwu_desktop.core.forms import FORM_IDS
from siwu_desktop.core.terms import Period, ReturnStatus, period_label
from siwu_desktop.services.data import ReturnInfo
from siwu_desktop.services.receipt_status import ACCEPTED, RETURNED
from siwu_desktop.ui import strings as S
from siwu_desktop.ui.return_editor import shown_status

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

INFO_ROLE = Qt.ItemDataRole.UserRole
YEAR_ROLE = Qt.ItemDataRole.UserRole + 1  # on a year's heading
STATUS_COLORS = {
    ReturnStatus.DRAFT: "#4b5563",
    ReturnStatus.ERRORS: "#b3261e",
    ReturnStatus.VALIDATED: "#1d4ed8",
    ReturnStatus.FINALISED: "#1e7b34",
    ReturnStatus.EXPORTED: "#1e7b34",
    ReturnStatus.CORRECTED: "#9a5b00",
}
RECEIPT_COLORS = {ACCEPTED: "#1e7b34", RETURNED: "#b3261e"}
RETURNED_GROUND = "#fde8e6"
REASON_CHARS = 8  # of the reason in the status column; the tooltip has it whole


def short_reason(reason: str) -> str:
    return reason if len(reason) <= REASON_CHARS else reason[:REASON_CHARS] + "…"


_FORM_ORDER = {f: i for i, f in enumerate(FORM_IDS)}
_NUMBERS = dict(zip(FORM_IDS, S.NAV_NUMBERS, strict=True))
_PERIOD_ORDER = {"Y": 0, "Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4}


class ReturnNavigator(QTreeWidget):
    """Signal `chosen(ReturnInfo)` when a return is selected."""

    chosen = Signal(object)
    #: the rows were rebuilt or a row's text changed: the width they need may differ
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([S.NAV_TITLE, "状态"])
        # Sized by fit_columns: the titles whole, the status the rest.
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.header().setStretchLastSection(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.errors: dict[int, bool] = {}
        self.exported: set[tuple[int, int]] = set()
        # the city's receipts by (county, form, year, period): services.receipt_status.latest_receipts
        self.receipts: dict[tuple[str, str, int, str], Any] = {}
        self.titles: dict[str, str] = {}
        self.currentItemChanged.connect(self._changed)
        self.rows_changed.connect(self.fit_columns)

    def fit_columns(self) -> None:
        """The titles (年度, 表一 主要指标) are never elided: in a navigator narrower than its
        content (a window at its 960 px minimum) the status gives up width, down to its
        colour and "…" (its tooltip whole), not the title ("20···" and "···" before)."""
        header = self.header()  # as wide as the viewport, which is never handed to Python
        titles = self.sizeHintForColumn(0)
        status = max(self.fontMetrics().horizontalAdvance("中…"), header.width() - titles)
        if (header.sectionSize(0), header.sectionSize(1)) != (titles, status):
            header.resizeSection(0, titles)
            header.resizeSection(1, status)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def content_width(self) -> int:
        """The width that shows every title and status whole (the titles' indentation
        included), with the frame."""
        return sum(self.sizeHintForColumn(c) for c in range(self.columnCount())) + (
            2 * self.frameWidth()
        )

    def show_returns(
        self,
        returns: list[ReturnInfo],
        titles: dict[str, str],
        city_mode: bool,
        counties: Sequence[str] = (),
    ) -> None:
        """Rebuild the tree; the selected return (by id) stays selected. City mode: the
        counties in `counties`' order (the city's, as on the board), others after them."""
        self.titles = titles
        keep = self.current_info()
        self.blockSignals(True)
        self.clear()
        parents: dict[tuple[object, ...], QTreeWidgetItem] = {}
        place = {c: i for i, c in enumerate(counties)}
        ordered = sorted(
            returns,
            key=lambda r: (
                (place.get(r.county, len(place)), r.county) if city_mode else (0, ""),
                -r.year,
                _PERIOD_ORDER.get(r.period, 9),
                _FORM_ORDER.get(r.form, 9),
            ),
        )
        selected = None
        for info in ordered:
            parent: QTreeWidget | QTreeWidgetItem = self
            key: tuple[object, ...] = ()
            if city_mode:
                key = (info.county,)
                if key not in parents:
                    parents[key] = self._group(parent, info.county)
                parent = parents[key]
            key = (*key, info.year)
            if key not in parents:
                parents[key] = self._group(parent, S.NAV_YEAR.format(year=info.year))
                parents[key].setData(0, YEAR_ROLE, info.year)
            parent = parents[key]
            item = QTreeWidgetItem(parent)
            item.setData(0, INFO_ROLE, info)
            self.update_item(item)
            if keep is not None and keep.id == info.id:
                selected = item
        self.expandToDepth(1 if city_mode else 0)
        self.blockSignals(False)
        if selected is not None:
            self.setCurrentItem(selected)
        self.rows_changed.emit()

    def _group(self, parent: QTreeWidget | QTreeWidgetItem, label: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent)
        item.setText(0, label)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def update_item(self, item: QTreeWidgetItem) -> None:
        info: ReturnInfo = item.data(0, INFO_ROLE)
        period = "" if info.period == Period.YEAR else f"（{period_label(info.period)}）"
        title = self.titles.get(info.form, info.form)
        item.setText(0, self.item_text(info))
        status = self.status_text(info)
        item.setText(1, status)
        color = STATUS_COLORS[self.shown(info)]
        item.setData(1, Qt.ItemDataRole.ForegroundRole, QColor(color))
        for col in (0, 1):  # the status whole, also where its column elides it
            item.setToolTip(col, f"{info.year}年 {title}{period}　{status}")
        self._show_receipt(item, info)

    def item_text(self, info: ReturnInfo) -> str:
        """表一 主要指标 …; a quarterly return by its quarter (表三 第三季度), which a longer
        label would lose to the navigator's width."""
        if info.period == Period.YEAR:
            return self.titles.get(info.form, info.form)
        number = _NUMBERS.get(info.form, info.form)
        return S.NAV_QUARTERLY.format(number=number, quarter=period_label(info.period))

    def receipt_of(self, info: ReturnInfo) -> Any | None:
        """The city's last receipt line for the return's current revision (#14 item 7)."""
        r = self.receipts.get((info.county, info.form, info.year, info.period))
        return r if r is not None and r.revision == info.revision else None

    def _show_receipt(self, item: QTreeWidgetItem, info: ReturnInfo) -> None:
        """市局已接收（第n版） in green, or 市局退回（原因） in red on a red ground with the
        reason and the city's findings in the tooltip; nothing without a receipt."""
        r = self.receipt_of(info)
        returned = r is not None and r.outcome == RETURNED
        for col in (0, 1):
            item.setData(
                col, Qt.ItemDataRole.BackgroundRole, QColor(RETURNED_GROUND) if returned else None
            )
        if r is None:
            return
        if returned:
            text = S.NAV_RECEIPT_RETURNED.format(reason=short_reason(r.reason))
            tip = S.NAV_RECEIPT_RETURNED_TIP.format(at=r.issued_at[:10], reason=r.reason)
            tip += "".join(S.NAV_RECEIPT_FINDING.format(finding=f) for f in r.findings)
        else:
            text = S.NAV_RECEIPT_ACCEPTED.format(revision=r.revision)
            tip = S.NAV_RECEIPT_ACCEPTED_TIP.format(at=r.issued_at[:10], revision=r.revision)
        item.setText(1, text)
        item.setData(1, Qt.ItemDataRole.ForegroundRole, QColor(RECEIPT_COLORS[r.outcome]))
        for col in (0, 1):
            item.setToolTip(col, tip)

    def shown(self, info: ReturnInfo) -> ReturnStatus:
        return shown_status(
            info.status,
            info.revision,
            exported=(info.id, info.revision) in self.exported,
            errors=self.errors.get(info.id, False),
        )

    def status_text(self, info: ReturnInfo) -> str:
        return S.STATUS_REVISION.format(status=self.shown(info).label, revision=info.revision)

    def items(self) -> list[QTreeWidgetItem]:
        out = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item.data(0, INFO_ROLE) is not None:
                out.append(item)
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return out

    def item_for(self, return_id: int) -> QTreeWidgetItem | None:
        return next((i for i in self.items() if i.data(0, INFO_ROLE).id == return_id), None)

    def refresh_info(self, info: ReturnInfo, errors: bool | None = None) -> None:
        if errors is not None:
            self.errors[info.id] = errors
        item = self.item_for(info.id)
        if item is not None:
            before = item.text(0), item.text(1)
            item.setData(0, INFO_ROLE, info)
            self.update_item(item)
            if (item.text(0), item.text(1)) != before:
                self.rows_changed.emit()

    def select(self, return_id: int) -> bool:
        item = self.item_for(return_id)
        if item is not None:
            self.setCurrentItem(item)
        return item is not None

    def current_info(self) -> ReturnInfo | None:
        item = self.currentItem()
        return item.data(0, INFO_ROLE) if item is not None else None

    def selected_year(self) -> int | None:
        """The year of the selected return or year heading (None: nothing of a year)."""
        item = self.currentItem()
        if item is None:
            return None
        info = item.data(0, INFO_ROLE)
        if info is not None:
            return int(info.year)
        year = item.data(0, YEAR_ROLE)
        return int(year) if year is not None else None

    def _changed(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and item.data(0, INFO_ROLE) is not None:
            self.chosen.emit(item.data(0, INFO_ROLE))
