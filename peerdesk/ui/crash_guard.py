"""No silent crashes: an unexpected exception anywhere in the GUI is logged and explained.

:func:`install` replaces ``sys.excepthook`` (PySide6 calls it for exceptions raised in
slots and event handlers) and ``threading.excepthook``. The log line names the exception
type and where it happened (file, line and function of each frame), never its message or
any values: those may hold participant data. The person sees a plain message.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from peerdesk.db.errors import StoreError, explain
from peerdesk.ui.common import show_message

log = logging.getLogger("peerdesk.ui.crash")

_open_box: list[QMessageBox] = []


def frames(tb: TracebackType | None) -> str:
    """``file:line function`` for each frame, innermost last: code places, no values."""
    parts = []
    for frame in traceback.extract_tb(tb):
        name = frame.filename.replace("\\", "/").rsplit("/", 1)[-1]
        parts.append(f"{name}:{frame.lineno} {frame.name}")
    return " > ".join(parts) or "?"


def user_message(exc: BaseException) -> str:
    if isinstance(exc, StoreError):
        return str(exc)
    known = explain(exc)
    if known is not None:
        return str(known)
    return QCoreApplication.translate(
        "PeerDesk", "Something went wrong in PeerDesk ({kind}). What you saved before is "
        "safe. If you were in the middle of something, check it and try again. If this keeps "
        "happening, tell your administrator: the details (without any participant "
        "information) are in PeerDesk's log.").format(kind=type(exc).__name__)


def open_failure(exc: BaseException, path: Path) -> str:
    """One plain sentence for a failure to open the file: the service's own message, a
    recognised storage problem, or (logged by type and place only) a general one."""
    if isinstance(exc, StoreError):
        return str(exc)
    known = explain(exc, str(path))
    if known is not None:
        return str(known)
    log.error("could not open the database: %s at %s", type(exc).__name__,
              frames(exc.__traceback__))
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate(
            "PeerDesk", "PeerDesk is not allowed to open {p} or its key file. Check the "
            "permissions of the files and their folder. Nothing was changed.").format(p=path)
    return QCoreApplication.translate(
        "PeerDesk", "PeerDesk could not open {p} ({kind}). Nothing was changed. If it keeps "
        "happening, restore the latest backup or ask for help.").format(
            p=path, kind=type(exc).__name__)


def handle(kind: type[BaseException], exc: BaseException,
           tb: TracebackType | None) -> None:
    """Log the type and place, and show one plain message (one at a time)."""
    log.error("unexpected %s at %s", kind.__name__, frames(tb))
    if QApplication.instance() is None:
        return
    if any(box.isVisible() for box in _open_box):
        return  # a storm of the same error: one message is enough
    _open_box.clear()
    box = show_message(QApplication.activeWindow(),
                       QCoreApplication.translate("PeerDesk", "PeerDesk"), user_message(exc))
    box.setObjectName("peerdesk-unexpected")
    _open_box.append(box)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    log.error("unexpected %s in thread %s at %s", args.exc_type.__name__,
              getattr(args.thread, "name", "?"), frames(args.exc_traceback))


def install() -> Callable[[], None]:
    """Install the hooks; returns a function that puts the previous ones back."""
    previous, previous_thread = sys.excepthook, threading.excepthook

    def hook(kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        try:
            handle(kind, exc, tb)
        except Exception:  # the hook itself must never fail
            previous(kind, exc, tb)

    sys.excepthook = hook
    threading.excepthook = _thread_hook

    def restore() -> None:
        sys.excepthook = previous
        threading.excepthook = previous_thread

    return restore
