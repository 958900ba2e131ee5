"""Every control has a name a screen reader can say, every form field has a label
(buddy), and the main screens can be used from the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, signed_in_window, type_into

from peerdesk.services.store import Store
from peerdesk.ui.participant_dialog import AddParticipantDialog
from peerdesk.ui.setup_wizard import SetupWizard
from peerdesk.ui.unlock_dialog import RecoveryDialog

CONTROLS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView,
            QPlainTextEdit)


def _is_part_of_another_control(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView | QLineEdit):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or _is_part_of_another_control(widget):
            continue
        name = widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "")
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def unlabelled_fields(root: QWidget) -> list[str]:
    """Text fields, lists and spin boxes that no label points at."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    fields = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit)
    return [f"{type(w).__name__} {w.accessibleName()!r}" for w in root.findChildren(QWidget)
            if isinstance(w, fields) and not _is_part_of_another_control(w)
            and id(w) not in buddies]


def test_setup_wizard_controls_are_named(make_app: MakeApp) -> None:
    app = make_app()
    app.start()
    wizard = app.setup_wizard
    assert isinstance(wizard, SetupWizard)
    assert unnamed_controls(wizard) == []
    assert unlabelled_fields(wizard) == []


def test_sign_in_and_recovery_controls_are_named(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store) -> None:
    app = make_app()
    app.start()
    dialog = app.unlock_dialog
    assert dialog is not None
    assert unnamed_controls(dialog) == []
    assert unlabelled_fields(dialog) == []
    recovery = RecoveryDialog(dialog.db_path, dialog)
    assert unnamed_controls(recovery) == []
    assert unlabelled_fields(recovery) == []


def test_main_window_and_forms_are_named(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    assert unnamed_controls(window) == []
    assert unlabelled_fields(window) == []
    assert app.store is not None
    add = AddParticipantDialog(app.store, window)
    assert unnamed_controls(add) == []
    assert unlabelled_fields(add) == []
    # Person-first words: no label calls anyone a client, patient or addict.
    words = " ".join(w.text() for w in window.findChildren(QLabel)).lower()
    assert not any(bad in words for bad in ("addict", "abuser", "client", "patient"))


def test_sign_in_with_the_keyboard_only(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    app.start()
    dialog = app.unlock_dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.username
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, admin_password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.main_window is not None)


def test_the_add_participant_form_tabs_in_reading_order(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    window.nav.setCurrentRow(1)
    window.participants_page.open_add_dialog()
    dialog = window.participants_page.dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    type_into(qtbot, dialog.first_name, "A")
    expected = [dialog.last_name, dialog.preferred_name, dialog.date_of_birth, dialog.phone,
                dialog.email, dialog.address, dialog.city, dialog.postal_code,
                dialog.preferred_language, dialog.gender, dialog.race, dialog.ethnicity,
                dialog.veteran, dialog.justice_involved, dialog.payer, dialog.member_id,
                dialog.assigned_worker]
    for field in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is field, (field.accessibleName(), focused.accessibleName())
