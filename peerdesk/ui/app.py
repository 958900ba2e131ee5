"""The GUI entry point and the controller that moves between setup, sign-in, work and lock.

Tests drive :class:`PeerDeskApp` directly: ``app = PeerDeskApp(db_path); app.start()``, then
the real widgets in ``app.setup_wizard``, ``app.unlock_dialog`` and ``app.main_window``.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import peerdesk
from peerdesk.db.errors import StoreError
from peerdesk.services import settings, upgrades, users
from peerdesk.services.settings import OrgSettings
from peerdesk.services.store import Store
from peerdesk.ui import crash_guard, help_menu, ops, qt_messages
from peerdesk.ui.backup_dialogs import backup_before_close
from peerdesk.ui.common import show_message
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.password_dialogs import ChangePasswordDialog
from peerdesk.ui.setup_wizard import SetupWizard
from peerdesk.ui.sign_in_guard import SignInGuard
from peerdesk.ui.unlock_dialog import UnlockDialog

APP_ORG = "PeerDesk"
APP_NAME = "PeerDesk"

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
})


class ActivityFilter(QObject):
    """Application-wide: any key press or mouse use counts as someone at the keyboard."""

    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.activity.emit()
        return False


class PeerDeskApp(QObject):
    """Owns the open :class:`Store` (if any) and the windows that show its data.

    ``idle_lock_ms`` overrides the organization's automatic-lock minutes (tests set ~200);
    ``guard_options`` the heartbeat and daily-backup timers (see :class:`SignInGuard`).
    ``finished(exit_code)`` is emitted when the user quits, after the backup on close.
    """

    finished = Signal(int)
    locked = Signal()
    signed_in = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.store: Store | None = None
        self.main_window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.setup_wizard: SetupWizard | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.idle_lock_ms: int | None = None
        self.username = ""
        self.home_db = self.db_path  # automatic backups only for the file PeerDesk opened
        self.guard: SignInGuard | None = None
        self.guard_options: dict[str, object] = {}
        self.backup_on_close = True
        self.warned: set[str] = set()
        self._quitting = False
        self.backup_problem: QMessageBox | None = None  # shown on quit if the backup failed
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.auto_lock)
        self._activity = ActivityFilter(self)
        self._activity.activity.connect(self._user_active)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity)

    # -- starting -----------------------------------------------------------------------
    def start(self) -> None:
        if self.db_path.exists():
            self.show_unlock()
        else:
            self.show_setup()

    def show_setup(self) -> None:
        wizard = SetupWizard(self.db_path)
        wizard.accepted.connect(self._setup_finished)
        wizard.rejected.connect(self.quit)
        self.setup_wizard = wizard
        wizard.show()

    def _setup_finished(self) -> None:
        wizard = self.setup_wizard
        if wizard is None or wizard.store is None:
            return
        store = wizard.store
        wizard.forget_key()
        wizard.store = None
        self.setup_wizard = None
        wizard.deleteLater()
        self._signed_in(store)

    def show_unlock(self, username: str = "") -> None:
        dialog = UnlockDialog(self.db_path, username)
        dialog.unlocked.connect(self._signed_in)
        dialog.rejected.connect(self.quit)
        self.unlock_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    # -- signed in ----------------------------------------------------------------------
    def _signed_in(self, store: Store) -> None:
        self.store = store
        self.username = store.actor.username
        if self.unlock_dialog is not None:
            self.unlock_dialog.deleteLater()
            self.unlock_dialog = None
        self._start_idle_timer()
        self.guard = SignInGuard(store, auto_backup=self.auto_backups(), parent=self,
                                  **self.guard_options)  # type: ignore[arg-type]
        self.guard.backup_done.connect(self._auto_backup_done)
        self.guard.start()
        must_change = False
        if store.actor.id is not None:
            must_change = ops.read(store, lambda s, actor: users.user_view(
                s, actor.username)).must_change_password
        if must_change:
            dialog = ChangePasswordDialog(store, forced=True)
            dialog.accepted.connect(self._password_chosen)
            dialog.rejected.connect(self.lock)
            self.password_dialog = dialog
            dialog.show()
        else:
            self.show_main()
        self.signed_in.emit()

    def _password_chosen(self) -> None:
        if self.password_dialog is not None:
            self.password_dialog.deleteLater()
            self.password_dialog = None
        self.show_main()

    def show_main(self) -> None:
        assert self.store is not None
        window = MainWindow(self.store)
        window.lock_requested.connect(self.lock)
        window.quit_requested.connect(self.quit)
        window.settings_saved.connect(self._settings_saved)
        window.open_database_requested.connect(self.open_database)
        self.main_window = window
        if not self.auto_backups():  # a restored copy, opened to look things up
            window.home_page.backup_notice.enabled = False
            window.home_page.backup_notice.hide()
            if window.backups_page is not None:
                window.backups_page.set_copy_mode()
        window.show()
        window.raise_()
        window.activateWindow()
        notices = list(self.store.warnings)  # e.g. the database is on a network share
        upgraded = upgrades.describe(self.store.migration)  # first start after an update
        if upgraded:
            notices.append(upgraded)
        for warning in notices:
            if warning not in self.warned:
                self.warned.add(warning)
                show_message(window, self.tr("PeerDesk"), warning)

    # -- backups and the lock file's heartbeat ------------------------------------------
    def auto_backups(self) -> bool:
        return self.db_path == self.home_db

    def _auto_backup_done(self, message: str, ok: bool) -> None:
        window = self.main_window
        if window is None:
            return
        window.statusBar().showMessage(message, 0 if not ok else 15000)
        window.home_page.refresh()
        if window.backups_page is not None and window.backups_page.isVisible():
            window.backups_page.refresh()

    def _close_store(self, reason: str = "logout", *, backup: bool = True) -> str | None:
        """Stop the timers and background work, make the automatic backup (if ``backup``),
        close the file. Returns a message if the backup failed (the file closes anyway)."""
        if self.guard is not None:
            self.guard.stop()
            self.guard.deleteLater()
            self.guard = None
        store, self.store = self.store, None
        if store is None:
            return None
        problem = None
        try:
            if backup and self.backup_on_close and self.auto_backups() and not store.closed:
                problem = backup_before_close(store, locking=reason != "logout")
        finally:
            store.lock(reason)  # closed even if the backup could not be made
        return problem

    def open_database(self, path: Path) -> None:
        """Sign out (with the usual backup) and ask for a sign-in to another file."""
        if self.store is None:
            return
        if self.guard is not None:
            self.guard.stop()
        self._close_session_windows()
        problem = self._close_store()
        self.db_path = Path(path)
        self.locked.emit()
        self.show_unlock(self.username)
        if problem:
            show_message(self.unlock_dialog, self.tr("PeerDesk"), problem)

    # -- automatic lock -----------------------------------------------------------------
    def idle_interval_ms(self) -> int:
        if self.idle_lock_ms is not None:
            return self.idle_lock_ms
        minutes = 10
        if self.store is not None and not self.store.closed:
            with contextlib.suppress(StoreError):
                minutes = ops.read(self.store,
                                   lambda s, _actor: settings.load(s).idle_lock_minutes)
        return minutes * 60_000

    def _start_idle_timer(self) -> None:
        self.idle_timer.start(self.idle_interval_ms())

    def _user_active(self) -> None:
        if self.idle_timer.isActive():
            self.idle_timer.start()

    def _settings_saved(self, result: OrgSettings) -> None:
        if self.idle_lock_ms is None and self.idle_timer.isActive():
            self.idle_timer.start(result.idle_lock_minutes * 60_000)

    def auto_lock(self) -> None:
        self.lock(reason="lock.idle")

    # -- locking and quitting -----------------------------------------------------------------
    def _keep_typing(self) -> None:
        """Before the file closes: every open form's typing goes into the (encrypted) file."""
        window = self.main_window
        if window is None or self.store is None or self.store.closed:
            return
        with contextlib.suppress(StoreError):  # the lock must happen anyway
            window.flush_drafts()

    def _close_session_windows(self) -> None:
        """Hide and destroy every window that shows data from the file."""
        self._keep_typing()
        self.idle_timer.stop()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
            if QApplication.activePopupWidget() is popup:
                break
        window = self.main_window
        self.main_window = None
        if window is not None:
            window.save_geometry()
            window.clear_sensitive()
            self._discard(window)
        dialog = self.password_dialog
        self.password_dialog = None
        if dialog is not None:
            self._discard(dialog)

    @staticmethod
    def _discard(widget: QWidget) -> None:
        widget.blockSignals(True)
        widget.hide()
        widget.deleteLater()

    def lock(self, reason: str = "lock") -> None:
        """Close the file (engine disposed, key wiped) and ask for a sign-in again."""
        if self.store is None:
            return
        # A PeerDesk left open and locked still gets its daily backup: at the lock, if due.
        due = self.guard is not None and self.guard.backup_due_safely()
        if self.guard is not None:
            self.guard.stop()  # background work ends before the windows and the file go
        self._close_session_windows()
        problem = self._close_store(reason, backup=due)
        self.locked.emit()
        self.show_unlock(self.username)
        if problem:
            show_message(self.unlock_dialog, self.tr("PeerDesk"), problem)

    def quit(self) -> None:
        """Keep the typing, make the automatic backup (with a small progress dialog), close
        the file, then finish. If the backup failed, say so first; nothing is lost."""
        if self._quitting:
            return
        self._quitting = True
        if self.guard is not None:
            self.guard.stop()
        self._close_session_windows()
        problem = self._close_store()  # audited as a logout
        for widget in (self.unlock_dialog, self.setup_wizard):
            if widget is not None:
                self._discard(widget)
        self.unlock_dialog = self.setup_wizard = None
        if problem:
            self.backup_problem = show_message(None, self.tr("PeerDesk"), problem,
                                               on_close=self._finish)
        else:
            self._finish()

    def _finish(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
        self.finished.emit(0)


def run_gui(db_path: Path, argv: list[str] | None = None) -> int:
    """Start PeerDesk: the setup wizard for a new file, otherwise the sign-in dialog."""
    qt_messages.install()
    restore_hooks = crash_guard.install()  # unexpected errors: logged and explained
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName(APP_ORG)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(peerdesk.__version__)
    app.setQuitOnLastWindowClosed(False)  # windows come and go while locking
    app.setWindowIcon(help_menu.app_icon())
    app.setDesktopFileName("peerdesk")  # matches the Linux menu entry (Wayland)
    controller = PeerDeskApp(Path(db_path))
    # Logging out or shutting down sends SIGTERM: quit properly (drafts kept, backup made).
    # Python only runs signal handlers between bytecodes, so a light timer keeps it awake.
    with contextlib.suppress(ValueError, AttributeError):  # not the main thread / Windows
        signal.signal(signal.SIGTERM, lambda *_args: QTimer.singleShot(0, controller.quit))
    wake = QTimer()
    wake.start(500)
    exit_code = [0]

    def finished(code: int) -> None:
        exit_code[0] = code
        app.exit(code)

    controller.finished.connect(finished)
    controller.start()
    try:
        app.exec()
    finally:
        restore_hooks()
    return exit_code[0]
