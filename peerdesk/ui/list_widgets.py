"""Pieces shared by the review, home-list and families screens: a table model over plain
rows, a read-only table, headings, and a one-text-field dialog (return comment, addendum).

Rows are plain objects copied out of a session, so nothing reaches back into a locked file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, fit_to_font, format_date, set_min_width_chars

_Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], str]]


def format_time(value: time) -> str:
    return QLocale().toString(QTime(value.hour, value.minute), QLocale.FormatType.ShortFormat)


def format_moment(value: datetime) -> str:
    """A stored moment (naive UTC, as services write them) in the user's local time."""
    local = value.replace(tzinfo=UTC).astimezone() if value.tzinfo is None else value.astimezone()
    return f"{format_date(local.date())} {format_time(local.time())}"


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of plain rows; each column is (header, row -> text)."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.AccessibleTextRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        return self._columns[index.column()][1](self._rows[index.row()])


class RowsTable(QTableView):
    """A keyboard-friendly, read-only list of rows: arrows move, Enter and double-click
    emit ``open_row(row object)``; Tab leaves the table."""

    open_row = Signal(object)

    def __init__(self, model: RowsModel, accessible_name: str, stretch: int | None = None,
                 parent: QWidget | None = None) -> None:
        """``stretch``: the column that takes the spare width (default: the last)."""
        super().__init__(parent)
        self.rows = model
        self.setModel(model)
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is None:
            header.setStretchLastSection(True)
        else:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.doubleClicked.connect(self._open_index)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row.emit(self.rows.row_at(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the current row (platforms differ on what ``activated`` means)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier):
            self._open_index(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def current(self) -> Any | None:
        """The row the keyboard is on (what Enter opens), if any."""
        index = self.currentIndex()
        return self.rows.row_at(index.row()) if index.isValid() else None

    def fit_rows(self, most: int) -> None:
        """As tall as its rows (at most ``most`` of them; then it scrolls)."""
        shown = max(1, min(self.rows.rowCount(), most))
        row_height = self.verticalHeader().defaultSectionSize()
        frame = 2 * self.frameWidth()
        scroll = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + shown * row_height
                            + frame + scroll)

    def select_row(self, row: int) -> None:
        """Select ``row`` (clamped to the list); nothing when the list is empty."""
        count = self.rows.rowCount()
        if count:
            self.selectRow(max(0, min(row, count - 1)))


def heading(text: str, scale: float = 1.2) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def reading_pane(accessible_name: str) -> QPlainTextEdit:
    """Read-only text a keyboard user can move through and select (Tab leaves it)."""
    pane = QPlainTextEdit()
    pane.setReadOnly(True)
    pane.setTabChangesFocus(True)
    pane.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                 | Qt.TextInteractionFlag.TextSelectableByMouse)
    pane.setAccessibleName(accessible_name)
    return pane


def _discard(_saved: object) -> None:
    """What the dialog keeps of the saved record: nothing (its owner reads it again)."""


class TextEntryDialog(QDialog):
    """One required text (a return comment, an addendum). ``action(session, text)`` is the
    service call, run through :func:`peerdesk.ui.ops.run` (``changed`` announces the kind of
    records it changes); its problems show under the field and the dialog stays open."""

    done_text = Signal(str)

    def __init__(self, store: Store, title: str, intro: str, label: str, button: str,
                 action: Callable[[Any, str], object], parent: QWidget | None = None, *,
                 changed: str | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._action = action
        self._changed = changed
        self.setWindowTitle(title)
        self.setAccessibleName(title.split(" — ")[0])
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setAccessibleName(self.tr("About this"))
        layout.addWidget(self.intro)
        caption = QLabel(label)
        layout.addWidget(caption)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        caption.setBuddy(self.text)
        self.text.setAccessibleName(label.replace("&", "").rstrip(": "))
        layout.addWidget(self.text, 1)
        self.problem = ProblemLabel(self, self.text)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(button.replace("&", "").rstrip("…"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QWidget.setTabOrder(self.text, self.ok_button)
        QWidget.setTabOrder(self.ok_button,
                            buttons.button(QDialogButtonBox.StandardButton.Cancel))
        set_min_width_chars(self, 60)
        fit_to_font(self, 70, 18)
        self.text.setFocus()

    def submit(self) -> None:
        text = self.text.toPlainText()
        if not ops.run(self, self.store, lambda s, _actor: _discard(self._action(s, text)),
                       problem=self.problem, changed=self._changed):
            self.text.setFocus()
            return
        self.accept()
        self.done_text.emit(text.strip())
