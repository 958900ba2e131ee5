"""Helpers for driving the real PeerDesk windows with pytest-qt (offscreen)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QMessageBox,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.ui.app import PeerDeskApp
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.unlock_dialog import UnlockDialog

MakeApp = Callable[[], PeerDeskApp]


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible(), f"{button.text()!r} is not visible"
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def sign_in(qtbot: QtBot, app: PeerDeskApp, username: str, password: str) -> None:
    dialog = app.unlock_dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    type_into(qtbot, dialog.username, username)
    dialog.refresh_pin_option()
    type_into(qtbot, dialog.password, password)
    click(qtbot, dialog.sign_in_button)


def signed_in_window(qtbot: QtBot, app: PeerDeskApp, username: str,
                     password: str) -> MainWindow:
    app.start()
    sign_in(qtbot, app, username, password)
    qtbot.waitUntil(lambda: app.main_window is not None and app.main_window.isVisible())
    assert app.main_window is not None
    return app.main_window


def find_message(parent: QWidget, name: str = "peerdesk-confirm") -> QMessageBox:
    boxes = [b for b in parent.findChildren(QMessageBox, name) if b.isVisible()]
    assert boxes, f"no visible {name} message"
    return boxes[-1]


def button_named(box: QMessageBox, text: str) -> QAbstractButton:
    for button in box.buttons():
        if button.text().replace("&", "") == text:
            return button
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator, as a person would."""
    assert box.isVisible() and box.isEnabled()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=indicator.center())
