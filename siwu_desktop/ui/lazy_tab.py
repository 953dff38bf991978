"""A tab whose content is built the first time it is shown, not while the window starts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyTab(QWidget):
    """Holds a factory; `content()` builds the widget once (on first show or when asked)."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[], QWidget] | None = build
        self._content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    def content(self) -> QWidget:
        if self._content is None:
            assert self._build is not None
            self._content, self._build = self._build(), None
            self.layout().addWidget(self._content)
            if self.isVisible():
                self._content.show()  # added to a shown parent: not shown by itself
        return self._content

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.content()
        super().showEvent(event)
