"""Helpers for testing the review, home-list and families pages built directly on a store."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.encounters import EncounterInput
from peerdesk.services import encounters
from peerdesk.services.store import Store

NARRATIVE = "Met at the library; worked on a housing application together."


def note(store: Store, participant_id: int, day: date, start: time = time(10, 0),
         end: time = time(10, 45), narrative: str = NARRATIVE, sign: bool = True) -> int:
    """A service note written (and by default signed) by the store's user."""
    with store.session() as s:
        saved = encounters.save_encounter(s, store.actor, EncounterInput(
            participant_id, day, start, end, "community", "recovery_coaching", narrative))
        if sign:
            encounters.sign_encounter(s, store.actor, saved.id)
        return saved.id


def show(qtbot: QtBot, widget: QWidget) -> None:
    """Show a page as its own active window, so focus and shortcuts behave as on screen."""
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def all_texts(root: QWidget) -> str:
    """Every text a person or a screen reader could get from ``root`` and its children."""
    texts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        texts += [w.accessibleName(), w.accessibleDescription(), w.toolTip(), w.windowTitle()]
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append(w.text())
        if isinstance(w, QPlainTextEdit | QTextEdit):
            texts.append(w.toPlainText())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    texts.append(str(model.index(r, c).data() or ""))
    return "\n".join(texts)


def rows(view: QAbstractItemView) -> list[list[str]]:
    model = view.model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
