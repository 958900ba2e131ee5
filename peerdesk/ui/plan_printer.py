"""Print a participant's recovery plan: choose where to save it, gather the plan (an audited
export), write the PDF off the UI thread with a small progress window, then say where it is.

The plan is plain data gathered in the UI thread's session; the worker thread only renders
and writes the file, so it never touches the database (a lock can happen at any time)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDir, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from peerdesk.db.errors import StoreError
from peerdesk.reports.recovery_plan import RecoveryPlan, render_recovery_plan
from peerdesk.services import recovery_plan
from peerdesk.services.store import Store
from peerdesk.ui.common import show_error, show_message


class _Render(QObject):
    """Runs on the worker thread. ``finished(None or the exception)``."""

    finished = Signal(object)

    def __init__(self, plan: RecoveryPlan, path: Path) -> None:
        super().__init__()
        self.plan, self.path = plan, path

    def run(self) -> None:
        try:
            render_recovery_plan(self.plan, self.path)
            result: object = None
        except Exception as exc:  # shown to the user as one message
            result = exc
        self.finished.emit(result)


class PlanPrinter(QObject):
    """``start(participant id, first name)``; ``done(path)`` once the PDF is written."""

    done = Signal(str)

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.parent_widget = parent
        self.thread: QThread | None = None
        self.worker: _Render | None = None
        self.progress: QProgressDialog | None = None
        self.path: Path | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None

    def start(self, participant_id: int, first_name: str) -> None:
        if self.running or self.store.closed:
            return
        default = Path(QDir.homePath()) / self.tr("Recovery plan - {name} - {day}.pdf").format(
            name=first_name, day=date.today().isoformat())
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parent_widget, self.tr("Save the recovery plan"), str(default),
            self.tr("PDF files (*.pdf)"))
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        try:
            with self.store.session() as s:
                plan = recovery_plan.plan_data(s, self.store.actor, participant_id)
        except StoreError as exc:
            show_error(self.parent_widget, str(exc))
            return
        dialog = QProgressDialog(self.tr("Preparing the recovery plan…"), "", 0, 0,
                                 self.parent_widget)
        dialog.setWindowTitle(self.tr("Recovery plan — PeerDesk"))
        dialog.setAccessibleName(self.tr("Recovery plan progress"))
        dialog.setCancelButton(None)  # a few seconds at most; nothing to undo
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        self.progress = dialog
        thread = QThread(self)
        worker = _Render(plan, path)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(self._finished)
        self.thread, self.worker, self.path = thread, worker, path
        thread.start()

    def _finished(self, result: object) -> None:
        path = self.path
        self._stop()
        if isinstance(result, Exception) or path is None:
            show_error(self.parent_widget, self.tr(
                "The recovery plan could not be saved: {e}").format(e=result))
            return
        show_message(self.parent_widget, self.tr("Recovery plan saved"),
                     self.tr("The recovery plan was saved to {path}.").format(path=path),
                     icon=QMessageBox.Icon.Information)
        self.done.emit(str(path))

    def _stop(self) -> None:
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait(10_000)
            self.thread.deleteLater()
        if self.worker is not None:
            self.worker.deleteLater()
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
        self.thread = self.worker = self.progress = None
        self.path = None

    def finish_quietly(self) -> None:
        """On lock: let the file be written (it needs no database), say nothing."""
        if self.worker is not None:
            self.worker.finished.disconnect(self._finished)
        self._stop()
