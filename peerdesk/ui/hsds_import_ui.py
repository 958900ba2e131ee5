"""Importing an HSDS package from the GUI: off the UI thread (its own session and
connection), with a progress window that can cancel, then a report of what changed or of
every problem (with file and line) when nothing was imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.hsds_import import ImportReport, import_with_store
from peerdesk.services.store import Store
from peerdesk.ui.common import fit_to_font
from peerdesk.ui.forms import heading
from peerdesk.ui.list_widgets import reading_pane


class ImportWorker(QObject):
    """Runs on a worker thread. ``finished(report or exception)``."""

    progress = Signal(int, int, str)
    finished = Signal(object)

    def __init__(self, store: Store, folder: Path) -> None:
        super().__init__()
        self.store, self.folder = store, folder
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        try:
            result: object = import_with_store(self.store, self.folder,
                                               progress=self.progress.emit,
                                               cancelled=lambda: self._cancel)
        except Exception as exc:  # shown to the user as one message
            result = exc
        self.finished.emit(result)


class ImportRunner(QObject):
    """One import at a time: ``start(folder)``; ``done(report or exception)`` at the end."""

    done = Signal(object)

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.parent_widget = parent
        self.thread: QThread | None = None
        self.worker: ImportWorker | None = None
        self.progress: QProgressDialog | None = None
        self.steps_seen = 0

    @property
    def running(self) -> bool:
        return self.thread is not None

    def start(self, folder: Path | str) -> None:
        if self.running:
            return
        self.steps_seen = 0
        dialog = QProgressDialog(self.tr("Reading {folder}…").format(folder=Path(folder).name),
                                 self.tr("Cancel"), 0, 0, self.parent_widget)
        dialog.setWindowTitle(self.tr("Importing a directory — PeerDesk"))
        dialog.setAccessibleName(self.tr("Import progress"))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress = dialog
        thread = QThread(self)
        worker = ImportWorker(self.store, Path(folder))
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._finished)
        dialog.canceled.connect(worker.cancel)
        self.thread, self.worker = thread, worker
        dialog.open()
        thread.start()

    def _progress(self, done: int, total: int, label: str) -> None:
        self.steps_seen += 1
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)
            self.progress.setLabelText(self.tr("Importing: {what} ({done} of {total})").format(
                what=label, done=done, total=total))

    def _finished(self, result: object) -> None:
        self._stop()
        self.done.emit(result)

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

    def cancel_and_wait(self) -> None:
        """Called on lock: stop the import (it rolls back) before the file closes."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.finished.disconnect(self._finished)
        self._stop()


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
