"""The 统计部门数据 dialog of the 汇总 page (issue #16 item 5): the city's own GDP, value
added and comparable-price indices of one year, with the publication they come from,
entered or edited and saved through services.city.set_city_statistics."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from siwu_desktop.core.consolidation import official_fields
from siwu_desktop.services.changes import NONE, Changes
from siwu_desktop.services.city import (
    StatisticsError,
    city_statistics,
    set_city_statistics,
    statistics_from_texts,
)
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.ui import strings as S


class StatisticsDialog(QDialog):
    def __init__(self, service: ReturnService, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.year = year
        self.changes: Changes = NONE
        self.setWindowTitle(S.STATISTICS_TITLE.format(year=year))
        stored = city_statistics(service, year)
        values = stored.values if stored else {}
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for f in official_fields(service.forms.get(service.city(), "t1", year)):
            edit = QLineEdit(str(values[f.id]) if f.id in values else "")
            edit.setPlaceholderText(f.unit)
            form.addRow(f"{f.label}（{f.unit}）", edit)
            self.edits[f.id] = edit
        self.source = QLineEdit(stored.source if stored else "")
        self.source.setPlaceholderText(S.STATISTICS_SOURCE_HINT)
        self.source.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 26)
        form.addRow(S.STATISTICS_SOURCE, self.source)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        note = QLabel(S.STATISTICS_NOTE)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> bool:
        """Save what is typed (all blank: the stored figures are removed); the reason in
        Chinese under the fields when it cannot be used, and the dialog stays open."""
        texts = {field_id: edit.text() for field_id, edit in self.edits.items()}
        try:
            read = statistics_from_texts(self.service, self.year, texts, self.source.text())
            self.changes = set_city_statistics(self.service, self.year, read.values, read.source)
        except StatisticsError as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True
