"""Dialogs for the Users screen: add or edit a user, set a temporary password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.passwords import PasswordRules
from peerdesk.domain.roles import ROLE_LABELS, Role
from peerdesk.ui.common import (
    ProblemLabel,
    add_row,
    password_problems,
    rules_text,
    set_min_width_chars,
)

# The action a dialog runs on OK: it gets the dialog's problem label (where a failure is shown,
# through ops.run) and the typed values, and returns whether it succeeded.
Action = Callable[..., bool]


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _secret_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _ActionDialog(QDialog):
    """OK runs ``action``; a failure keeps the dialog open with its message shown."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.addLayout(self.form)
        self.problem = ProblemLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        set_min_width_chars(self, 65)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.problem)
        self.layout_.addWidget(self.buttons)

    def save(self) -> None:
        raise NotImplementedError

    def run(self, action: Callable[[], bool]) -> None:
        if action():
            self.accept()


class UserDialog(_ActionDialog):
    """Add a user (with a temporary password) or edit one (name, credential, roles)."""

    def __init__(self, rules: PasswordRules, action: Action, *, username: str = "",
                 full_name: str = "", credential: str = "",
                 roles: frozenset[Role] = frozenset(), parent: QWidget | None = None) -> None:
        super().__init__("", "", parent)
        self.adding = not username
        title = self.tr("Add user") if self.adding else self.tr("Edit user")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.ok_button.setText(self.tr("&Add user") if self.adding else self.tr("&Save changes"))
        self.rules = rules
        self.action = action
        self.username = QLineEdit(username)
        self.username.setMaxLength(32)
        self.username.setReadOnly(not self.adding)
        if self.adding:
            self.username.setPlaceholderText(self.tr("for example: maria.lopez"))
        add_row(self.form, self.tr("&User name:"), self.username)
        self.full_name = QLineEdit(full_name)
        self.full_name.setMaxLength(120)
        add_row(self.form, self.tr("&Full name:"), self.full_name)
        self.credential = QLineEdit(credential)
        self.credential.setMaxLength(60)
        self.credential.setPlaceholderText(self.tr("for example: CPRS, CRPS, CARC"))
        add_row(self.form, self.tr("&Credential:"), self.credential)
        self.roles_box = QGroupBox(self.tr("Roles (choose one or more)"))
        column = QVBoxLayout(self.roles_box)
        self.role_boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(ROLE_LABELS[role])
            box.setAccessibleName(self.tr("Role: {role}").format(role=ROLE_LABELS[role]))
            box.setChecked(role in roles)
            column.addWidget(box)
            self.role_boxes[role] = box
        self.form.addRow(self.roles_box)
        if self.adding:
            self.form.addRow(_wrapped(self.tr(
                "Give the person a temporary password in private. They choose their own at "
                "their first sign-in. ") + rules_text(rules)))
            self.password = _secret_edit()
            add_row(self.form, self.tr("&Temporary password:"), self.password)
            self.confirm = _secret_edit()
            add_row(self.form, self.tr("Con&firm password:"), self.confirm)
        self.finish_layout()
        (self.username if self.adding else self.full_name).setFocus()

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.role_boxes.items() if box.isChecked())

    def save(self) -> None:
        if self.adding:
            problems = password_problems(self.rules, self.password.text(), self.confirm.text())
            if problems:
                self.problem.show_problem(" ".join(problems))
                self.password.setFocus()
                return
            self.run(lambda: self.action(self.problem, self.username.text(), self.full_name.text(),
                                         self.credential.text(), self.roles(),
                                         self.password.text()))
        else:
            self.run(lambda: self.action(self.problem, self.full_name.text(),
                                         self.credential.text(), self.roles()))


class TemporaryPasswordDialog(_ActionDialog):
    """Reset a password, or reactivate a user: a new temporary password, typed twice."""

    def __init__(self, title: str, explanation: str, ok_text: str, rules: PasswordRules,
                 action: Action, parent: QWidget | None = None) -> None:
        super().__init__(title, ok_text, parent)
        self.rules = rules
        self.action = action
        self.form.addRow(_wrapped(explanation + " " + rules_text(rules)))
        self.password = _secret_edit()
        add_row(self.form, self.tr("&Temporary password:"), self.password)
        self.confirm = _secret_edit()
        add_row(self.form, self.tr("Con&firm password:"), self.confirm)
        self.finish_layout()
        self.password.setFocus()

    def save(self) -> None:
        problems = password_problems(self.rules, self.password.text(), self.confirm.text())
        if problems:
            self.problem.show_problem(" ".join(problems))
            self.password.setFocus()
            return
        self.run(lambda: self.action(self.problem, self.password.text()))
