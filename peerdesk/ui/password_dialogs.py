"""Your own password and quick unlock (PIN) on this computer."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.services import quick_unlock, settings, users
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import (
    ProblemLabel,
    add_row,
    password_problems,
    rules_text,
    set_min_width_chars,
    with_busy_cursor,
)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _secret_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ChangePasswordDialog(QDialog):
    """Current, new and confirm. ``forced`` = the user must choose one before going on."""

    def __init__(self, store: Store, forced: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rules = ops.read(store, lambda s, _actor: settings.load(s).password_rules)
        self.setWindowTitle(self.tr("Change my password — PeerDesk"))
        self.setAccessibleName(self.tr("Change my password"))
        layout = QVBoxLayout(self)
        if forced:
            layout.addWidget(_wrapped(self.tr(
                "Your password was set by someone else. Before you go on, please choose a new "
                "password that only you know.")))
        layout.addWidget(_wrapped(rules_text(self.rules)))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.current = _secret_edit()
        add_row(form, self.tr("&Current password:"), self.current)
        self.new = _secret_edit()
        add_row(form, self.tr("&New password:"), self.new)
        self.confirm = _secret_edit()
        add_row(form, self.tr("Con&firm new password:"), self.confirm)
        layout.addLayout(form)
        self.problem = ProblemLabel(self, self.new)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("&Change password"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        cancel_text = self.tr("Sign &out") if forced else self.tr("Cancel")
        self.cancel_button = buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button.setDefault(True)  # after the box is in the dialog, or Qt ignores it
        for edit in (self.new, self.confirm):
            edit.textChanged.connect(self._live_check)
        set_min_width_chars(self, 62)
        self.current.setFocus()

    def _live_check(self) -> None:
        problems = password_problems(self.rules, self.new.text(), self.confirm.text())
        if problems and self.confirm.text():
            self.problem.show_problem(" ".join(problems))
        else:
            self.problem.clear_problem()

    def save(self) -> None:
        problems = password_problems(self.rules, self.new.text(), self.confirm.text())
        if problems:
            self.problem.show_problem(" ".join(problems))
            self.new.setFocus()
            return
        current, new = self.current.text(), self.new.text()
        out = with_busy_cursor(lambda: ops.run(
            self, self.store, lambda s, actor: users.try_change_own_password(
                s, actor, self.store.vault, current, new),
            problem=self.problem, changed=ops.USERS))
        if not out:
            return
        if not out.value:
            self.current.clear()
            self.problem.show_problem(self.tr("The current password is not right."))
            self.current.setFocus()
            return
        for edit in (self.current, self.new, self.confirm):
            edit.clear()
        self.accept()


class QuickUnlockDialog(QDialog):
    """Turn quick unlock on (a PIN, typed twice) or off for the signed-in user."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Quick unlock — PeerDesk"))
        self.setAccessibleName(self.tr("Quick unlock"))
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(self.tr(
            "On a computer only you use, quick unlock lets you sign in with a short PIN. The "
            "PIN works only together with a secret kept in this computer's password store. "
            "Five wrong PINs turn it off.")))
        status = quick_unlock.keyring_status()
        self.available = status.available
        self.reason = _wrapped(status.reason)
        self.reason.setObjectName("keyring-reason")
        self.reason.setAccessibleName(self.tr("Password store"))
        layout.addWidget(self.reason)
        self.state = _wrapped("")
        self.state.setAccessibleName(self.tr("Quick unlock status"))
        layout.addWidget(self.state)

        self.group = QGroupBox(self.tr("Set a PIN"))
        form = QFormLayout(self.group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        digits = QRegularExpression(rf"\d{{0,{quick_unlock.PIN_MAX}}}")
        self.pin = _secret_edit()
        self.pin.setValidator(QRegularExpressionValidator(digits, self.pin))
        add_row(form, self.tr("&PIN (4 to 12 digits):"), self.pin, accessible_name=self.tr("PIN"))
        self.pin_again = _secret_edit()
        self.pin_again.setValidator(QRegularExpressionValidator(digits, self.pin_again))
        add_row(form, self.tr("PIN &again:"), self.pin_again)
        self.turn_on = QPushButton(self.tr("&Turn on quick unlock"))
        self.turn_on.setAccessibleName(self.tr("Turn on quick unlock"))
        self.turn_on.clicked.connect(self.enable)
        form.addRow("", self.turn_on)
        layout.addWidget(self.group)

        self.turn_off = QPushButton(self.tr("Turn &off quick unlock"))
        self.turn_off.setAccessibleName(self.tr("Turn off quick unlock"))
        self.turn_off.clicked.connect(self.disable)
        layout.addWidget(self.turn_off, 0, Qt.AlignmentFlag.AlignLeft)
        self.problem = ProblemLabel(self, self.pin)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        set_min_width_chars(self, 65)
        self._refresh()

    def is_on(self) -> bool:
        return quick_unlock.is_enabled(self.store.path, self.store.actor.username)

    def _refresh(self) -> None:
        on = self.available and self.is_on()
        if not self.available:
            self.state.setText(self.tr("Quick unlock cannot be used on this computer."))
        elif on:
            self.state.setText(self.tr("Quick unlock is on for you on this computer."))
        else:
            self.state.setText(self.tr("Quick unlock is off."))
        self.group.setEnabled(self.available)
        self.group.setTitle(self.tr("Change the PIN") if on else self.tr("Set a PIN"))
        self.turn_on.setText(self.tr("&Change PIN") if on else self.tr("&Turn on quick unlock"))
        self.turn_on.setAccessibleName(self.turn_on.text().replace("&", ""))
        self.turn_off.setVisible(on)

    def enable(self) -> None:
        pin = self.pin.text()
        if (problem := quick_unlock.pin_problem(pin)) is not None:
            self.problem.show_problem(problem)
            self.pin.setFocus()
            return
        if pin != self.pin_again.text():
            self.problem.show_problem(self.tr("The two PINs are not the same."))
            self.pin_again.clear()
            self.pin_again.setFocus()
            return
        try:
            with_busy_cursor(lambda: quick_unlock.enable(self.store, pin))
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.pin.clear()
        self.pin_again.clear()
        self.problem.clear_problem()
        self._refresh()

    def disable(self) -> None:
        try:
            quick_unlock.disable(self.store.path, self.store.actor.username)
        except Exception as exc:  # the key file could not be rewritten
            self.problem.show_problem(ops.message_for(exc))
            return
        self.problem.clear_problem()
        self._refresh()
