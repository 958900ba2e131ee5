"""Importing an HSDS package from the GUI: off the UI thread (its own session and
connection), with a progress window that can cancel, then a report of what changed or of
every problem (with file and line) when nothing was imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from peerdesk.services import hsds_import
from peerdesk.services.actor import Actor
from peerdesk.services.hsds_import import ImportCancelled, ImportReport
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.background import BackgroundTask, TaskControl, TaskProgressDialog
from peerdesk.ui.common import fit_to_font
from peerdesk.ui.forms import heading
from peerdesk.ui.list_widgets import reading_pane


class ImportRunner(QObject):
    """One import at a time: ``start(folder)``; ``done(report or message)`` at the end.

    The import runs through :func:`peerdesk.ui.ops.run_in_background`: its own session in
    the worker thread, a progress window whose Cancel rolls the import back."""

    done = Signal(object)

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.parent_widget = parent
        self.task: BackgroundTask | None = None
        self.progress: TaskProgressDialog | None = None
        self.steps_seen = 0
        self._step = ""  # what the worker is importing now (read on the UI thread)
        self._quiet = False

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, folder: Path | str) -> None:
        if self.running:
            return
        self.steps_seen, self._step, self._quiet = 0, "", False
        chosen = Path(folder)

        def work(session: Session, actor: Actor, control: TaskControl) -> ImportReport:
            def progress(done: int, total: int, label: str) -> None:
                self._step = label
                control.progress(done, total)

            return hsds_import.import_package(session, actor, chosen, progress=progress,
                                              cancelled=lambda: control.cancelled)

        task, dialog = ops.run_in_background(
            self.parent_widget, self.store, self.tr("Importing a directory — PeerDesk"),
            self.tr("Reading {folder}…").format(folder=chosen.name), work,
            on_success=self._finished, on_failure=self._finished,
            on_cancel=lambda: self._finished(ImportReport(str(chosen), cancelled=True)),
            kind="import", cancel_error=ImportCancelled)
        dialog.setAccessibleName(self.tr("Import progress"))
        task.progressed.connect(self._progress)
        task.done.connect(self._ended)
        self.task, self.progress = task, dialog

    def _progress(self, done: int, total: int) -> None:
        self.steps_seen += 1
        if self.progress is not None and not self.progress.task.cancel_requested:
            self.progress.setLabelText(self.tr("Importing: {what} ({done} of {total})").format(
                what=self._step, done=done, total=total))

    def _finished(self, result: object) -> None:
        self.task = self.progress = None
        if self._quiet:
            return
        if isinstance(result, ImportReport) and result.imported:
            ops.announce(ops.DIRECTORY)
        self.done.emit(result)

    def _ended(self) -> None:
        self.task = self.progress = None

    def cancel_and_wait(self) -> None:
        """Called on lock: stop the import (it rolls back) before the file closes."""
        task = self.task
        if task is None:
            return
        self._quiet = True
        task.cancel()
        task.wait()
        self.task = self.progress = None


class ImportReportDialog(QDialog):
    """What an import did, or why it did nothing."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if report.imported:
            title = self.tr("The directory was imported")
            summary = self.tr("{folder} (HSDS {layout} layout) was imported in {s:.1f} "
                              "seconds.").format(folder=Path(report.folder).name,
                                                 layout=report.layout, s=report.seconds)
            lines = report.count_lines()
            warnings = report.warning_lines()
            if warnings:
                lines += ["", self.tr("What PeerDesk could not use:"), *warnings]
        elif report.cancelled:
            title = self.tr("The import was cancelled")
            summary = self.tr("Nothing was changed.")
            lines = []
        else:
            title = self.tr("Nothing was imported")
            summary = self.tr("{folder} has {n} problem(s). Nothing was changed: correct the "
                              "files and import again.").format(
                folder=Path(report.folder).name, n=len(report.problems))
            lines = [str(p) for p in report.problems]
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, 1.2))
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Summary"))
        layout.addWidget(self.summary)
        caption = QLabel(self.tr("&Details:") if report.imported else self.tr("&Problems:"))
        self.details = reading_pane(self.tr("Import details") if report.imported
                                    else self.tr("Import problems"))
        caption.setBuddy(self.details)
        self.details.setPlainText("\n".join(lines))
        caption.setVisible(bool(lines))
        self.details.setVisible(bool(lines))
        layout.addWidget(caption)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_font(self, 100, 30)
