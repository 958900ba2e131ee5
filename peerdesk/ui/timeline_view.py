"""The participant's timeline, newest first: notes, addenda, status changes, family contacts.

Each entry is words only (what, when, who, and the note's text where the role may read
it). Enter or double-click on a note or addendum opens the note."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from peerdesk.services.workspace import TimelineEvent
from peerdesk.ui.common import format_date
from peerdesk.ui.forms import local_time

DETAIL_LIMIT = 600
_OPENABLE = ("encounter", "addendum")


_Index = QModelIndex | QPersistentModelIndex
_FLAGS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)


class EntryDelegate(QStyledItemDelegate):
    """Draws an entry's first line (when, what, who) in bold and its text below, wrapped.

    The item's text stays plain, so screen readers read it as it is."""

    MARGIN = 4

    def _parts(self, index: _Index) -> tuple[str, str]:
        head, _, body = str(index.data() or "").partition("\n")
        return head, body

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, option.font

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter,
                          option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        head, body = self._parts(index)
        bold, plain = self._fonts(option)
        area = option.rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.setFont(bold)
        used = painter.boundingRect(area, _FLAGS, head)
        painter.drawText(area, _FLAGS, head)
        if body:
            painter.setFont(plain)
            rest = QRect(area.left(), used.bottom() + 2, area.width(),
                         max(0, area.bottom() - used.bottom() - 2))
            painter.drawText(rest, _FLAGS, body)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        self.initStyleOption(option, index)
        view = option.widget
        width = (view.viewport().width() if isinstance(view, QListWidget)
                 else option.rect.width()) - 2 * self.MARGIN - 4
        width = max(width, 100)
        head, body = self._parts(index)
        bold, plain = self._fonts(option)
        height = QFontMetrics(bold).boundingRect(QRect(0, 0, width, 100_000), _FLAGS,
                                                 head).height()
        if body:
            height += 2 + QFontMetrics(plain).boundingRect(QRect(0, 0, width, 100_000),
                                                           _FLAGS, body).height()
        return QSize(width, height + 2 * self.MARGIN)


class TimelineView(QListWidget):
    """``open_note(note id)`` when the user opens a note or addendum entry."""

    open_note = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Timeline"))
        self.setAccessibleDescription(self.tr(
            "Newest first. Enter opens the selected service note."))
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)
        self.setSpacing(2)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap when the width changes
        self.setItemDelegate(EntryDelegate(self))
        self.itemActivated.connect(self._activated)
        self.kind_labels = {
            "encounter": self.tr("Service note"),
            "addendum": self.tr("Addendum"),
            "status": self.tr("Status change"),
            "family_contact": self.tr("Family contact"),
            "enrolled": self.tr("Enrolled"),
        }

    def show_events(self, events: list[TimelineEvent]) -> None:
        self.clear()
        if not events:
            item = QListWidgetItem(self.tr("Nothing recorded yet."))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)
            return
        for event in events:
            item = QListWidgetItem(self.entry_text(event))
            item.setData(Qt.ItemDataRole.UserRole, (event.kind, event.ref_id))
            self.addItem(item)
        self.setCurrentRow(0)

    def entry_text(self, event: TimelineEvent) -> str:
        when = event.when
        if event.kind == "addendum":  # written_at is stored in UTC
            when = local_time(when)
        stamp = format_date(when.date())
        if when.time() != time(0, 0):
            stamp += " " + when.strftime("%H:%M")
        if event.kind == "encounter":  # other titles already say what they are
            first = f"{stamp} · {self.kind_labels['encounter']}: {event.title}"
        else:
            first = f"{stamp} · {event.title}"
        if event.detail is None:
            return first + "\n" + self.tr("Note: not shown for your role.")
        detail = event.detail.strip()
        if len(detail) > DETAIL_LIMIT:
            detail = detail[:DETAIL_LIMIT].rstrip() + "…"
        return f"{first}\n{detail}" if detail else first

    def entries(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data and data[0] in _OPENABLE:
            self.open_note.emit(int(data[1]))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._activated(self.currentItem())
            return
        super().keyPressEvent(event)

