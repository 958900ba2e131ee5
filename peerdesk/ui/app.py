"""The GUI entry point and the controller that moves between setup, sign-in, work and lock.

Tests drive :class:`PeerDeskApp` directly: ``app = PeerDeskApp(db_path); app.start()``, then
the real widgets in ``app.setup_wizard``, ``app.unlock_dialog`` and ``app.main_window``.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

import peerdesk
from peerdesk.db.errors import StoreError
from peerdesk.services import settings, users
from peerdesk.services.settings import OrgSettings
from peerdesk.services.store import Store
from peerdesk.ui import qt_messages
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.password_dialogs import ChangePasswordDialog
from peerdesk.ui.setup_wizard import SetupWizard
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

    ``idle_lock_ms`` overrides the organization's automatic-lock minutes (tests set ~200).
    ``finished(exit_code)`` is emitted when the user quits.
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
        must_change = False
        if store.actor.id is not None:
            with store.session() as s:
                must_change = users.get_user(s, store.actor.username).must_change_password
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
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    # -- automatic lock -----------------------------------------------------------------
    def idle_interval_ms(self) -> int:
        if self.idle_lock_ms is not None:
            return self.idle_lock_ms
        minutes = 10
        if self.store is not None and not self.store.closed:
            try:
                with self.store.session() as s:
                    minutes = settings.load(s).idle_lock_minutes
            except StoreError:
                pass
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
        self._close_session_windows()
        store, self.store = self.store, None
        store.lock(reason)
        self.locked.emit()
        self.show_unlock(self.username)

    def quit(self) -> None:
        self._close_session_windows()
        if self.store is not None:
            store, self.store = self.store, None
            store.close()  # audited as a logout
        for widget in (self.unlock_dialog, self.setup_wizard):
            if widget is not None:
                self._discard(widget)
        self.unlock_dialog = self.setup_wizard = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
        self.finished.emit(0)


def run_gui(db_path: Path, argv: list[str] | None = None) -> int:
    """Start PeerDesk: the setup wizard for a new file, otherwise the sign-in dialog."""
    qt_messages.install()
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName(APP_ORG)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(peerdesk.__version__)
    app.setQuitOnLastWindowClosed(False)  # windows come and go while locking
    controller = PeerDeskApp(Path(db_path))
    exit_code = [0]

    def finished(code: int) -> None:
        exit_code[0] = code
        app.exit(code)

    controller.finished.connect(finished)
    controller.start()
    app.exec()
    return exit_code[0]
