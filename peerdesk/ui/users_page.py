"""Users screen (administrators): who can open the file, with which roles."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.passwords import PasswordRules
from peerdesk.domain.roles import ROLE_LABELS, Role, parse_roles
from peerdesk.services import settings, users
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, confirm
from peerdesk.ui.user_dialogs import TemporaryPasswordDialog, UserDialog


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    credential: str
    roles: frozenset[Role]
    active: bool


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(ROLE_LABELS[r] for r in Role if r in roles)


class UsersPage(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rows: list[UserRow] = []
        self.dialog: UserDialog | TemporaryPasswordDialog | None = None
        self.setAccessibleName(self.tr("Users"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Users"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        explain = QLabel(self.tr(
            "Each user signs in with their own password. Deactivated users keep their history "
            "but can no longer open the file."))
        explain.setWordWrap(True)
        layout.addWidget(explain)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("User name"), self.tr("Full name"),
                                              self.tr("Credential"), self.tr("Roles"),
                                              self.tr("Active")])
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())
        layout.addWidget(self.table, 1)

        bar = QHBoxLayout()
        self.add_button = self._button(bar, self.tr("&Add user…"), self.tr("Add user"),
                                       self.add_user)
        self.edit_button = self._button(bar, self.tr("&Edit…"), self.tr("Edit user"),
                                        self.edit_user)
        self.reset_button = self._button(bar, self.tr("&Reset password…"),
                                         self.tr("Reset password"), self.reset_password)
        self.deactivate_button = self._button(bar, self.tr("&Deactivate…"),
                                              self.tr("Deactivate user"), self.deactivate)
        self.reactivate_button = self._button(bar, self.tr("Rea&ctivate…"),
                                              self.tr("Reactivate user"), self.reactivate)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Last change"))
        layout.addWidget(self.notice)
        self.refresh()

    def _button(self, bar: QHBoxLayout, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    # -- data ------------------------------------------------------------------------
    def rules(self) -> PasswordRules:
        out = ops.run(self, self.store, lambda s, _actor: settings.load(s).password_rules,
                      problem=self.problem)
        return out.value if out.value is not None else PasswordRules()

    def refresh(self) -> None:
        selected = self.selected()
        out = ops.run(self, self.store, lambda s, actor: [
            UserRow(u.username, u.full_name, u.credential, parse_roles(u.roles), u.active)
            for u in users.list_users(s, actor)], problem=self.problem)
        if not out or out.value is None:
            return
        self.rows = out.value
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            values = [row.username, row.full_name, row.credential, roles_text(row.roles),
                      self.tr("Yes") if row.active else self.tr("No (deactivated)")]
            for column, value in enumerate(values):
                self.table.setItem(i, column, QTableWidgetItem(value))
            if selected is not None and row.username == selected.username:
                self.table.selectRow(i)
        self._update_buttons()

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def select_user(self, username: str) -> None:
        for i, row in enumerate(self.rows):
            if row.username == username:
                self.table.selectRow(i)
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.reset_button.setEnabled(row is not None and row.active)
        self.deactivate_button.setEnabled(
            row is not None and row.active and row.username != self.store.actor.username)
        self.reactivate_button.setEnabled(row is not None and not row.active)

    def _done(self, message: str) -> None:
        self.problem.clear_problem()
        self.notice.setText(message)
        self.refresh()

    def _open(self, dialog: UserDialog | TemporaryPasswordDialog) -> None:
        if self.dialog is not None:  # keep at most one finished dialog (and password) around
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    # -- actions: each is one transaction ----------------------------------------------
    def add_user(self) -> None:
        def action(problem: ProblemLabel, username: str, full_name: str, credential: str,
                   roles: frozenset[Role], password: str) -> bool:
            out = ops.run(self.dialog, self.store, lambda s, actor: users.add(
                s, actor, self.store.vault,
                users.NewUser(username, full_name, roles, password, credential)),
                problem=problem, changed=ops.USERS)
            if not out or out.value is None:
                return False
            self._done(self.tr("{name} was added. Give them their temporary password in "
                               "private.").format(name=out.value.full_name))
            self.select_user(out.value.username)
            return True

        self._open(UserDialog(self.rules(), action, parent=self))

    def edit_user(self) -> None:
        row = self.selected()
        if row is None:
            return

        def action(problem: ProblemLabel, full_name: str, credential: str,
                   roles: frozenset[Role]) -> bool:
            if not ops.run(self.dialog, self.store, lambda s, actor: users.update(
                    s, actor, row.username, full_name=full_name, credential=credential,
                    roles=roles), problem=problem, changed=ops.USERS):
                return False
            self._done(self.tr("The changes to {name} were saved.").format(name=full_name))
            return True

        self._open(UserDialog(self.rules(), action, username=row.username,
                              full_name=row.full_name, credential=row.credential,
                              roles=row.roles, parent=self))

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return

        def action(problem: ProblemLabel, password: str) -> bool:
            if not ops.run(self.dialog, self.store, lambda s, actor: users.reset_password(
                    s, actor, self.store.vault, row.username, password),
                    problem=problem, changed=ops.USERS):
                return False
            self._done(self.tr("{name} has a new temporary password.").format(
                name=row.full_name))
            return True

        self._open(TemporaryPasswordDialog(
            self.tr("Reset password"),
            self.tr("Set a temporary password for {name}. They choose their own at their next "
                    "sign-in.").format(name=row.full_name),
            self.tr("&Reset password"), self.rules(), action, self))

    def deactivate(self) -> None:
        row = self.selected()
        if row is None:
            return

        def action() -> None:
            if not ops.run(self, self.store, lambda s, actor: users.deactivate(
                    s, actor, self.store.vault, row.username),
                    problem=self.problem, changed=ops.USERS):
                return
            self._done(self.tr("{name} was deactivated.").format(name=row.full_name))

        confirm(self, self.tr("Deactivate user"), self.tr(
            "Deactivate {name}?\n\nTheir password will no longer open the PeerDesk file, and "
            "their quick-unlock PIN is removed. Their notes and history stay. You can "
            "reactivate them later with a new temporary password.").format(name=row.full_name),
            self.tr("&Deactivate"), action)

    def reactivate(self) -> None:
        row = self.selected()
        if row is None:
            return

        def action(problem: ProblemLabel, password: str) -> bool:
            if not ops.run(self.dialog, self.store, lambda s, actor: users.reactivate(
                    s, actor, self.store.vault, row.username, password),
                    problem=problem, changed=ops.USERS):
                return False
            self._done(self.tr("{name} was reactivated.").format(name=row.full_name))
            return True

        self._open(TemporaryPasswordDialog(
            self.tr("Reactivate user"),
            self.tr("Reactivate {name} with a temporary password. They choose their own at "
                    "their next sign-in.").format(name=row.full_name),
            self.tr("Rea&ctivate"), self.rules(), action, self))
