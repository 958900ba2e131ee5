"""While someone is signed in: the lock file's heartbeat and the daily automatic backup.

- Every ``heartbeat_ms`` (2 minutes) the lock file beside the database is rewritten, so a
  PeerDesk on another computer sees the file is still in use (see ``db/lockfile.py``).
- Every ``check_ms`` the age of the last good backup is checked; when it is older than
  ``daily_after`` (a day), an automatic backup to every folder runs off the UI thread.

:meth:`SignInGuard.stop` (before the file is locked or closed) stops the timers, cancels
any running backup and waits for it, so no worker uses a closed database.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from peerdesk.db.errors import StoreError
from peerdesk.services import backups
from peerdesk.services.backups import BackupInfo, FolderFailure
from peerdesk.services.store import Store
from peerdesk.ui.background import BackgroundTask, TaskControl

log = logging.getLogger("peerdesk.ui.sign_in")

HEARTBEAT_MS = 2 * 60_000
CHECK_MS = 30 * 60_000
FIRST_CHECK_MS = 60_000
DAILY = timedelta(days=1)


class SignInGuard(QObject):
    """``backup_done(message, ok)`` after each automatic backup while open."""

    backup_done = Signal(str, bool)

    def __init__(self, store: Store, *, heartbeat_ms: int = HEARTBEAT_MS,
                 check_ms: int = CHECK_MS, first_check_ms: int = FIRST_CHECK_MS,
                 daily_after: timedelta = DAILY, auto_backup: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.daily_after = daily_after
        self.auto_backup = auto_backup
        self.task: BackgroundTask | None = None
        self.heartbeat_timer = QTimer(self)
        self.heartbeat_timer.setInterval(heartbeat_ms)
        self.heartbeat_timer.timeout.connect(self.heartbeat)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(check_ms)
        self.backup_timer.timeout.connect(self.check_backup)
        self.first_check = QTimer(self)
        self.first_check.setSingleShot(True)
        self.first_check.setInterval(first_check_ms)
        self.first_check.timeout.connect(self.check_backup)

    def start(self) -> None:
        self.heartbeat_timer.start()
        if self.auto_backup:
            self.backup_timer.start()
            self.first_check.start()

    def stop(self) -> None:
        for timer in (self.heartbeat_timer, self.backup_timer, self.first_check):
            timer.stop()
        BackgroundTask.stop_all()

    def heartbeat(self) -> None:
        lock = self.store.db_lock
        if lock is None or self.store.closed:
            return
        try:
            lock.heartbeat()
        except OSError as exc:  # e.g. a network share that dropped: say so in the log only
            log.warning("lock heartbeat failed: %s", type(exc).__name__)

    def backup_due(self) -> bool:
        age = backups.last_backup_age(self.store)
        return age is None or age >= self.daily_after

    def backup_due_safely(self) -> bool:
        """Is an automatic backup due (False when off, or when the file cannot say)?"""
        if not self.auto_backup or self.store.closed:
            return False
        try:
            return self.backup_due()
        except StoreError as exc:
            log.warning("backup check failed: %s", type(exc).__name__)
            return False

    def check_backup(self) -> None:
        """Start the daily automatic backup when the last good one is a day old."""
        if BackgroundTask.running("backup") or not self.backup_due_safely():
            return
        store = self.store

        def work(control: TaskControl) -> tuple[list[BackupInfo], list[FolderFailure]]:
            return backups.back_up_everywhere(store, automatic=True, progress=control.progress)

        task = BackgroundTask(work, kind="backup", cancel_error=backups.Cancelled)
        task.succeeded.connect(self._done)
        task.failed.connect(lambda message: self._report(message, False))
        task.done.connect(task.deleteLater)
        self.task = task
        task.start()

    def _done(self, result: tuple[list[BackupInfo], list[FolderFailure]]) -> None:
        made, failed = result
        if failed:
            self._report(self.tr("The automatic backup did not work everywhere: {why}").format(
                why=" ".join(f.message for f in failed)), False)
        else:
            self._report(self.tr("Automatic backup made and checked: {names}").format(
                names=", ".join(str(info.path) for info in made)), True)

    def _report(self, message: str, ok: bool) -> None:
        if not ok:
            log.warning("automatic backup failed")
        self.backup_done.emit(message, ok)
