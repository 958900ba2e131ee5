"""The Reports screen's work in the worker thread, over :mod:`peerdesk.services.exports`
(the same use case ``peerdesk report`` calls): the background task's progress and Cancel
become the service's plain progress and check callbacks. Never a widget.

The PDF is kept in memory (for the preview, Print… and Save PDF…); nothing is written to
disk except the file the user chose, and a cancelled or failed save leaves no partial file,
an older file of that name untouched, and no audit row.
"""

from __future__ import annotations

from pathlib import Path

from peerdesk.services import exports
from peerdesk.services.exports import BILLING, GRANT, BuiltReport, ReportChoice, output_for
from peerdesk.services.store import Store
from peerdesk.ui.background import TaskControl

__all__ = ["BILLING", "GRANT", "BuiltReport", "ReportChoice", "build", "output_for",
           "print_done", "save"]


def build(store: Store, choice: ReportChoice, earlier: BuiltReport | None,
          control: TaskControl) -> BuiltReport:
    """The report for ``choice`` with its PDF laid out (``earlier`` itself if it is for
    the same choice). Progress: one step for the data, then one per page (estimated)."""
    return exports.build(store, choice, earlier=earlier, progress=control.progress,
                         check=control.check)


def save(store: Store, built: BuiltReport, fmt: str, target: Path,
         control: TaskControl) -> Path:
    """Write the PDF or CSV to ``target`` and note the export in the audit trail."""
    return exports.save(store, built, fmt, target, check=control.check)


def print_done(store: Store, choice: ReportChoice, printer: str, pages: int) -> None:
    """Note in the audit trail that ``pages`` went to ``printer``."""
    exports.record_print(store, choice, printer, pages)
