"""Long work off the UI thread, with an optional cancellable progress dialog.

How to use it (backups and restores do; reports and imports can do the same)::

    def work(control: TaskControl) -> Result:      # runs in a worker thread
        with store.session() as s:                  # its own session: the engine pool
            ...                                     # allows several connections
            control.progress(done, total)           # raises the cancel error if cancelled
        return result                               # a plain object, never a widget

    run_with_progress(parent, self.tr("Title"), self.tr("What is happening…"), work,
                      on_success=self._done, on_failure=self._failed, kind="report")

Rules: the work function never touches a widget (it only returns a value or raises); the
``on_*`` callbacks run on the UI thread. Expected failures (``StoreError``) reach
``on_failure`` as their own message; anything else is explained (full disk, damaged file)
or logged by type and place only, never with values, and reported as a plain sentence.
Before the file is locked or closed the controller calls :meth:`BackgroundTask.stop_all`,
which cancels every task and waits for it, so no worker ever uses a closed database.
"""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from peerdesk.db.errors import DiskFull, StoreError, explain
from peerdesk.ui.crash_guard import frames

log = logging.getLogger("peerdesk.ui.background")


class TaskCancelled(Exception):
    """Raised inside the work function (by :meth:`TaskControl.progress`) after Cancel."""


class TaskControl:
    """What the work function gets: report progress, and learn about a cancel request."""

    def __init__(self, emit: Callable[[int, int], None],
                 cancel_error: Callable[[], BaseException]) -> None:
        self._emit = emit
        self._cancel_error = cancel_error
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self) -> None:
        """Raise the task's cancel error if Cancel was pressed."""
        if self._cancelled.is_set():
            raise self._cancel_error()

    def progress(self, done: int, total: int) -> None:
        self.check()
        self._emit(int(done), int(total))


def failure_message(exc: BaseException) -> str:
    """A sentence for the user. Unexpected errors are logged by type and place only."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG):
        return str(DiskFull())
    if isinstance(exc, StoreError):
        return str(exc)
    known = explain(exc)
    if known is not None:
        return str(known)
    log.error("unexpected %s at %s", type(exc).__name__, frames(exc.__traceback__))
    return QCoreApplication.translate(
        "PeerDesk", "PeerDesk met an unexpected problem ({kind}) and stopped this task. "
        "Nothing else was affected. The details were written to PeerDesk's log.").format(
            kind=type(exc).__name__)


class _Worker(QThread):
    progressed = Signal(int, int)
    outcome = Signal(str, object)  # "ok" + result, "failed" + message, "cancelled" + None

    def __init__(self, work: Callable[[TaskControl], Any],
                 cancel_error: Callable[[], BaseException]) -> None:
        super().__init__()
        self.work = work
        self.cancel_error = cancel_error
        self.control = TaskControl(self.progressed.emit, cancel_error)

    def run(self) -> None:
        try:
            result = self.work(self.control)
        except BaseException as exc:  # every failure becomes a message
            if self.control.cancelled or isinstance(exc, TaskCancelled | self._cancel_type()):
                self.outcome.emit("cancelled", None)
            else:
                self.outcome.emit("failed", failure_message(exc))
            return
        self.outcome.emit("ok", result)

    def _cancel_type(self) -> type[BaseException]:
        made = self.cancel_error
        return made if isinstance(made, type) else TaskCancelled


class BackgroundTask(QObject):
    """One piece of work in its own thread. Emits exactly one of ``succeeded(result)``,
    ``failed(message)`` or ``cancelled()``, then ``done()`` (all on the UI thread)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    _running: ClassVar[set[BackgroundTask]] = set()

    def __init__(self, work: Callable[[TaskControl], Any], *, kind: str = "",
                 cancel_error: Callable[[], BaseException] = TaskCancelled,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.outcome = ""
        self._worker = _Worker(work, cancel_error)
        self._worker.progressed.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self._worker.outcome.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def running(cls, kind: str | None = None) -> list[BackgroundTask]:
        return [t for t in cls._running if kind is None or t.kind == kind]

    @classmethod
    def stop_all(cls, timeout_ms: int = 30_000) -> None:
        """Cancel every task and wait for its thread (before the database closes)."""
        for task in list(cls._running):
            task.cancel()
        for task in list(cls._running):
            task.wait(timeout_ms)

    def start(self) -> None:
        BackgroundTask._running.add(self)
        self._worker.start()

    def cancel(self) -> None:
        self._worker.control.cancel()

    @property
    def cancel_requested(self) -> bool:
        return self._worker.control.cancelled

    def is_running(self) -> bool:
        return self in BackgroundTask._running

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the thread ends, then deliver its outcome now. True if it ended."""
        ended = self._worker.wait(timeout_ms)
        if ended:
            QCoreApplication.sendPostedEvents(self._worker)
            QCoreApplication.sendPostedEvents(self)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return ended

    def _finish(self, kind: str, value: object) -> None:
        if self.outcome:
            return
        self.outcome = kind
        BackgroundTask._running.discard(self)
        if kind == "ok":
            self.succeeded.emit(value)
        elif kind == "failed":
            self.failed.emit(str(value))
        else:
            self.cancelled.emit()
        self.done.emit()
        self._worker.wait()
        self._worker.deleteLater()


class TaskProgressDialog(QProgressDialog):
    """Window-modal progress for a :class:`BackgroundTask`; Cancel (or Esc) asks it to stop.
    Without ``cancellable`` there is no Cancel button and the bar just shows activity."""

    def __init__(self, parent: QWidget | None, title: str, label: str, task: BackgroundTask,
                 *, cancellable: bool = True) -> None:
        super().__init__(label, self.tr("Cancel"), 0, 0, parent)
        self.task = task
        self.cancellable = cancellable
        self.setObjectName("peerdesk-progress")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(label)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        if not cancellable:
            self.setCancelButton(None)  # type: ignore[arg-type]
        self.seen: list[tuple[int, int]] = []
        task.progressed.connect(self._progress)
        task.done.connect(self._close)
        self.canceled.connect(self._cancel)

    def _progress(self, done: int, total: int) -> None:
        self.seen.append((done, total))
        if total > 0:
            self.setMaximum(1000)
            self.setValue(min(1000, done * 1000 // total))

    def _cancel(self) -> None:
        if not self.cancellable:
            return
        self.task.cancel()
        self.setLabelText(self.tr("Stopping…"))
        self.show()  # QProgressDialog hides itself on cancel; keep it up until it stops

    def _close(self) -> None:
        self.canceled.disconnect(self._cancel)
        self.close()
        self.deleteLater()

    def reject(self) -> None:  # Esc
        if self.cancellable:
            self._cancel()


def run_with_progress(parent: QWidget | None, title: str, label: str,
                      work: Callable[[TaskControl], Any], *,
                      on_success: Callable[[Any], None],
                      on_failure: Callable[[str], None] | None = None,
                      on_cancel: Callable[[], None] | None = None,
                      cancellable: bool = True, kind: str = "",
                      cancel_error: Callable[[], BaseException] = TaskCancelled,
                      ) -> tuple[BackgroundTask, TaskProgressDialog]:
    """Start ``work`` in a thread with a progress dialog; callbacks run on the UI thread."""
    task = BackgroundTask(work, kind=kind, cancel_error=cancel_error)  # no parent: it must
    # outlive a page destroyed while it runs (stop_all waits for it before a lock)
    dialog = TaskProgressDialog(parent, title, label, task, cancellable=cancellable)
    task.succeeded.connect(on_success)
    if on_failure is not None:
        task.failed.connect(on_failure)
    if on_cancel is not None:
        task.cancelled.connect(on_cancel)
    task.done.connect(task.deleteLater)
    dialog.open()
    task.start()
    return task, dialog


def run_and_wait(parent: QWidget | None, title: str, label: str,
                 work: Callable[[TaskControl], Any], *, cancellable: bool = False,
                 cancel_error: Callable[[], BaseException] = TaskCancelled,
                 ) -> tuple[str, Any]:
    """Run ``work`` with a progress dialog and return ``(outcome, value)`` when it ends.

    It waits in a local event loop, so use it only where nothing else can happen meanwhile:
    on quit, after the windows that show data are gone (the backup made on close)."""
    task = BackgroundTask(work, kind="blocking", cancel_error=cancel_error)
    dialog = TaskProgressDialog(parent, title, label, task, cancellable=cancellable)
    result: list[Any] = ["cancelled", None]
    task.succeeded.connect(lambda value: result.__setitem__(slice(0, 2), ["ok", value]))
    task.failed.connect(lambda message: result.__setitem__(slice(0, 2), ["failed", message]))
    loop = QEventLoop()
    task.done.connect(loop.quit)
    dialog.show()
    task.start()
    if task.is_running():
        loop.exec()
    task.deleteLater()
    return result[0], result[1]
