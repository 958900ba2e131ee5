"""Print a participant's recovery plan: choose where to save it, gather the plan (an audited
export), write the PDF off the UI thread with a small progress window, then say where it is.

The plan is plain data gathered by one service call; the PDF is written by
:func:`peerdesk.ui.ops.run_in_background` without a session, so the worker never touches the
database (a lock can happen at any time)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDir, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from peerdesk.reports.recovery_plan import RecoveryPlan, render_recovery_plan
from peerdesk.services import recovery_plan
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.background import BackgroundTask
from peerdesk.ui.common import show_error, show_message


class PlanPrinter(QObject):
    """``start(participant id, first name)``; ``done(path)`` once the PDF is written."""

    done = Signal(str)

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.parent_widget = parent
        self.task: BackgroundTask | None = None
        self.path: Path | None = None
        self._quiet = False

    @property
    def running(self) -> bool:
        return self.task is not None

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
        out = ops.run(self.parent_widget, self.store, lambda s, actor: recovery_plan.plan_data(
            s, actor, participant_id))
        if not out or out.value is None:
            return
        plan: RecoveryPlan = out.value
        self._quiet = False
        task, dialog = ops.run_in_background(
            self.parent_widget, self.store, self.tr("Recovery plan — PeerDesk"),
            self.tr("Preparing the recovery plan…"),
            lambda _s, _actor, _control: render_recovery_plan(plan, path),
            on_success=lambda _none: self._written(path), on_failure=self._failed,
            cancellable=False,  # a few seconds at most; nothing to undo
            kind="print", with_session=False)
        dialog.setAccessibleName(self.tr("Recovery plan progress"))
        task.done.connect(self._ended)
        self.task, self.path = task, path

    def _ended(self) -> None:
        self.task = self.path = None

    def _written(self, path: Path) -> None:
        self.task = self.path = None
        if self._quiet:
            return
        show_message(self.parent_widget, self.tr("Recovery plan saved"),
                     self.tr("The recovery plan was saved to {path}.").format(path=path),
                     icon=QMessageBox.Icon.Information)
        self.done.emit(str(path))

    def _failed(self, message: str) -> None:
        self.task = self.path = None
        if self._quiet:
            return
        show_error(self.parent_widget, self.tr(
            "The recovery plan could not be saved: {e}").format(e=message))

    def finish_quietly(self) -> None:
        """On lock: let the file be written (it needs no database), say nothing."""
        self._quiet = True
