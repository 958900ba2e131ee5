"""Sign-in: password, quick-unlock PIN, or the recovery key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import DamagedDatabase, NotEncrypted, StoreError, WrongKey
from peerdesk.domain.passwords import PasswordRules
from peerdesk.domain.usernames import normalize_username
from peerdesk.services import quick_unlock, settings, users
from peerdesk.services import recovery as recovery_service
from peerdesk.services import store as store_mod
from peerdesk.services.errors import KeyFileProblem
from peerdesk.ui import ops
from peerdesk.ui.backup_dialogs import RestoreInPlace
from peerdesk.ui.common import (
    ProblemLabel,
    add_row,
    monospace_font,
    password_problems,
    rules_text,
    set_min_width_chars,
    with_busy_cursor,
)
from peerdesk.ui.crash_guard import open_failure


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class UnlockDialog(QDialog):
    """Emits ``unlocked(store)`` and closes when someone signs in; rejected means quit."""

    unlocked = Signal(object)

    def __init__(self, db_path: Path, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.setWindowTitle(self.tr("Sign in — PeerDesk"))
        self.setAccessibleName(self.tr("Sign in to PeerDesk"))
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("PeerDesk"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(_wrapped(self.tr("Sign in to open your organization's records.")))
        self.file_label = _wrapped(self.tr("File: {path}").format(path=self.db_path))
        self.file_label.setAccessibleName(self.tr("Database file"))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.file_label)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.username = QLineEdit(username)
        self.username.setMaxLength(32)
        add_row(form, self.tr("&User name:"), self.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = add_row(form, self.tr("&Password:"), self.password)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(quick_unlock.PIN_MAX)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), self.pin))
        self.pin_label = add_row(form, self.tr("P&IN:"), self.pin,
                                 accessible_name=self.tr("Quick unlock PIN"))
        self.use_pin = QCheckBox(self.tr("Use my quick-unlock PI&N instead of my password"))
        self.use_pin.setAccessibleName(self.tr("Use my quick-unlock PIN instead of my password"))
        form.addRow("", self.use_pin)
        layout.addLayout(form)
        self.problem = ProblemLabel(self)
        self.problem.setObjectName("unlock-problem")
        layout.addWidget(self.problem)
        self.notice = _wrapped("")
        self.notice.setAccessibleName(self.tr("Restore result"))
        self.notice.hide()
        layout.addWidget(self.notice)
        self.restore_button = QPushButton(self.tr("Restore a &backup…"))
        self.restore_button.setAccessibleName(self.tr("Restore a backup in place of this file"))
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.open_restore)
        self.restore_button.hide()  # offered when the file itself cannot be opened
        layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.recovery_button = QPushButton(self.tr("Use &recovery key…"))
        self.recovery_button.setAccessibleName(self.tr("Use recovery key"))
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.clicked.connect(self.open_recovery)
        buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        self.quit_button = QPushButton(self.tr("&Quit"))
        self.quit_button.setAccessibleName(self.tr("Quit PeerDesk"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.sign_in_button = QPushButton(self.tr("&Sign in"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.sign_in_button)
        layout.addLayout(buttons)
        for first, second in [(self.username, self.password), (self.password, self.pin),
                              (self.pin, self.use_pin), (self.use_pin, self.sign_in_button),
                              (self.sign_in_button, self.quit_button),
                              (self.quit_button, self.recovery_button),
                              (self.recovery_button, self.restore_button)]:
            QWidget.setTabOrder(first, second)

        self._pin_check = QTimer(self)
        self._pin_check.setSingleShot(True)
        self._pin_check.setInterval(300)
        self._pin_check.timeout.connect(self.refresh_pin_option)
        self.username.textChanged.connect(self._pin_check.start)
        self.username.editingFinished.connect(self.refresh_pin_option)
        self.use_pin.toggled.connect(self._show_mode)
        self.recovery: RecoveryDialog | None = None
        self._pin_offered = False
        self.refresh_pin_option()
        set_min_width_chars(self, 60)
        (self._secret_field() if username else self.username).setFocus()

    # -- quick unlock ---------------------------------------------------------------
    def refresh_pin_option(self) -> None:
        name = normalize_username(self.username.text())
        available = bool(name) and quick_unlock.is_enabled(self.db_path, name)
        if available != self._pin_offered:  # offer the PIN first when it is set up
            self.use_pin.setChecked(available)
        self._pin_offered = available
        self.use_pin.setVisible(available)
        self._show_mode()

    def pin_mode(self) -> bool:
        return self._pin_offered and self.use_pin.isChecked()

    def _show_mode(self) -> None:
        pin = self.pin_mode()
        hidden_had_focus = self.focusWidget() is (self.pin if not pin else self.password)
        for widget in (self.pin, self.pin_label):
            widget.setVisible(pin)
        for widget in (self.password, self.password_label):
            widget.setVisible(not pin)
        if hidden_had_focus:  # never move focus away from what the person is typing in
            self._secret_field().setFocus()

    # -- signing in -----------------------------------------------------------------
    def _secret_field(self) -> QLineEdit:
        return self.pin if self.pin_mode() else self.password

    def sign_in(self) -> None:
        name = normalize_username(self.username.text())
        field = self._secret_field()
        if not name:
            self.problem.show_problem(self.tr("Please type your user name."))
            self.username.setFocus()
            return
        secret = field.text()
        try:
            if self.pin_mode():
                store = with_busy_cursor(
                    lambda: quick_unlock.unlock_with_pin(self.db_path, name, secret))
            else:
                store = with_busy_cursor(lambda: store_mod.unlock(self.db_path, name, secret))
        except Exception as exc:  # a message (who holds the file, what is damaged), never a
            self._failed(open_failure(exc, self.db_path), field)  # traceback
            self.restore_button.setVisible(isinstance(
                exc, DamagedDatabase | WrongKey | NotEncrypted | KeyFileProblem))
            return
        self.password.clear()
        self.pin.clear()
        self.problem.clear_problem()
        self.accept()
        self.unlocked.emit(store)

    def _failed(self, message: str, field: QLineEdit) -> None:
        field.clear()
        self.problem.show_problem(message)
        if field is self.pin:
            self.refresh_pin_option()
        self._secret_field().setFocus()

    def open_restore(self) -> None:
        self.restorer = RestoreInPlace(self, self.db_path)
        self.restorer.restored.connect(self._restored)
        self.restorer.start()

    def _restored(self, message: str) -> None:
        self.problem.clear_problem()
        self.restore_button.hide()
        self.notice.setText(message)
        self.notice.show()
        self._secret_field().setFocus()

    # -- recovery key ---------------------------------------------------------------
    def open_recovery(self) -> None:
        self.recovery = RecoveryDialog(self.db_path, self)
        self.recovery.unlocked.connect(self._recovered)
        self.recovery.open()

    def _recovered(self, store: store_mod.Store) -> None:
        self.username.setText(store.actor.username)
        self.accept()
        self.unlocked.emit(store)


class RecoveryDialog(QDialog):
    """Open the file with the recovery key, then give an administrator a new password."""

    unlocked = Signal(object)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.store: store_mod.Store | None = None
        self.rules = PasswordRules()
        self.setWindowTitle(self.tr("Use the recovery key — PeerDesk"))
        self.setAccessibleName(self.tr("Use the recovery key"))
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)

        first = QWidget()
        column = QVBoxLayout(first)
        column.addWidget(_wrapped(self.tr(
            "Type the recovery key exactly as printed on your Recovery Kit. Spaces and line "
            "breaks do not matter.")))
        caption = QLabel(self.tr("Recovery &key:"))
        self.key = QPlainTextEdit()
        self.key.setTabChangesFocus(True)
        self.key.setFont(monospace_font(1.2))
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.key.setFixedHeight(self.key.fontMetrics().lineSpacing() * 4)
        caption.setBuddy(self.key)
        column.addWidget(caption)
        column.addWidget(self.key)
        self.pages.addWidget(first)

        second = QWidget()
        form = QFormLayout(second)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_wrapped(self.tr(
            "The recovery key opened the file. Choose an administrator account and give it a "
            "new password.")))
        self.account = QComboBox()
        add_row(form, self.tr("&Administrator:"), self.account,
                accessible_name=self.tr("Administrator account"))
        self.rules_label = _wrapped("")
        form.addRow(self.rules_label)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(form, self.tr("&New password:"), self.new_password)
        self.confirm_password = QLineEdit()
        self.confirm_password.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(form, self.tr("Con&firm new password:"), self.confirm_password)
        self.pages.addWidget(second)

        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = self.buttons.addButton(self.tr("&Open with this key"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setDefault(True)
        self.buttons.accepted.connect(self.next_step)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.new_password, self.confirm_password):
            edit.textChanged.connect(self._check_password)
        set_min_width_chars(self, 74)
        self.key.setFocus()

    def next_step(self) -> None:
        if self.pages.currentIndex() == 0:
            self._open_with_key()
        else:
            self._set_password()

    def _open_with_key(self) -> None:
        text = self.key.toPlainText()
        try:
            store = with_busy_cursor(
                lambda: store_mod.unlock_with_recovery_key(self.db_path, text))
        except Exception as exc:
            self.problem.show_problem(open_failure(exc, self.db_path))
            return
        out = ops.attempt(self, lambda: recovery_service.administrators(store),
                          problem=self.problem)
        found = out and ops.run(self, store, lambda s, actor: (
            {u.username: u.full_name for u in users.list_users(s, actor)},
            settings.load(s).password_rules), problem=self.problem)
        if not found or out.value is None or found.value is None:
            store.lock("lock")
            return
        usernames = out.value
        names, self.rules = found.value
        if not usernames:
            store.lock("lock")
            self.problem.show_problem(self.tr(
                "This file has no active administrator account, so no password can be set "
                "here. Nothing was changed."))
            return
        self.store = store
        self.key.clear()
        admins = [(name, names.get(name, name)) for name in usernames]
        for username, full_name in admins:
            self.account.addItem(f"{full_name} ({username})", username)
        self.rules_label.setText(rules_text(self.rules))
        self.problem.clear_problem()
        self.pages.setCurrentIndex(1)
        self.next_button.setText(self.tr("&Set password and sign in"))
        self.account.setFocus()

    def _check_password(self) -> None:
        problems = password_problems(self.rules, self.new_password.text(),
                                     self.confirm_password.text())
        if problems and self.confirm_password.text():
            self.problem.show_problem(" ".join(problems))
        else:
            self.problem.clear_problem()

    def _set_password(self) -> None:
        if self.store is None:  # a failed attempt already locked the file again: start over
            self._restart()
            return
        password = self.new_password.text()
        problems = password_problems(self.rules, password, self.confirm_password.text())
        if problems:
            self.problem.show_problem(" ".join(problems))
            self.new_password.setFocus()
            return
        username = str(self.account.currentData())
        opened = self.store
        try:
            # Also rebuilds a lost or damaged key file; other users' readable slots are kept.
            recovery_service.rebuild_admin_slot(opened, password, username)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        except Exception as exc:  # e.g. the key file cannot be written
            self.problem.show_problem(
                self.tr("The new password could not be saved. {reason}").format(
                    reason=ops.message_for(exc)))
            return
        opened.lock("lock")
        self.store = None
        try:
            store = with_busy_cursor(lambda: store_mod.unlock(self.db_path, username, password))
        except Exception as exc:
            self._restart()
            self.problem.show_problem(open_failure(exc, self.db_path))
            return
        self.new_password.clear()
        self.confirm_password.clear()
        self.accept()
        self.unlocked.emit(store)

    def _restart(self) -> None:
        self.account.clear()
        self.new_password.clear()
        self.confirm_password.clear()
        self.pages.setCurrentIndex(0)
        self.next_button.setText(self.tr("&Open with this key"))
        self.problem.clear_problem()
        self.key.setFocus()

    def done(self, result: int) -> None:
        if self.store is not None:  # cancelled after opening with the key: lock it again
            self.store.lock("lock")
            self.store = None
        super().done(result)
