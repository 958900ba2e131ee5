"""A scroll area for a whole tab: the content fills the space it is given and scrolls only
when the window is smaller than the content's minimum size (large fonts, small screens).

Unlike ``QScrollArea.setWidgetResizable(True)``, word-wrapped labels in the content do not
force it to its preferred height, so lists and text boxes still shrink and grow with the
window; and the tab asks its window for very little minimum space."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(content)
        content.installEventFilter(self)

    def _fit(self) -> None:
        content = self.widget()
        if content is None:
            return
        room, least = self.viewport().size(), content.minimumSizeHint()
        content.resize(max(room.width(), least.width()), max(room.height(), least.height()))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return super().viewportEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        content = self.widget()
        return content.sizeHint() if content is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 12, line * 8)
