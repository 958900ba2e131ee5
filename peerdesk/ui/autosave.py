"""Autosaved typing: a form's contents kept in the encrypted database (never anywhere else).

A :class:`DraftKeeper` saves the form every few seconds while it differs from what was
last stored as a record (the baseline), and once more when asked (on close, and by the
main window before the app locks). Back at the baseline, the draft is removed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from peerdesk.db.errors import StoreError
from peerdesk.services import drafts
from peerdesk.services.store import Store
from peerdesk.ui import ops

AUTOSAVE_MS = 3000

Payload = dict[str, Any]


class DraftKeeper(QObject):
    """``saved(when)`` after each write (local time); ``failed(message)``."""

    saved = Signal(object)
    failed = Signal(str)

    def __init__(self, store: Store, kind: str, ref: str, payload: Callable[[], Payload],
                 parent: QObject | None = None, interval_ms: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.ref = ref
        self._payload = payload
        self.baseline: Payload = {}
        self._stored: Payload | None = None  # what the database holds for this ref
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms if interval_ms is not None else AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def set_baseline(self, payload: Payload) -> None:
        """What the record itself holds: no draft is needed while the form equals it."""
        self.baseline = dict(payload)

    def has_changes(self) -> bool:
        return self._payload() != self.baseline

    def restore(self) -> tuple[Payload, datetime] | None:
        """The stored draft and when it was saved, or None."""
        if self.store.closed:
            return None
        try:
            entry = ops.read(self.store, lambda s, actor: drafts.load_draft_entry(
                s, actor, self.kind, self.ref))
        except StoreError as exc:
            self.failed.emit(str(exc))
            return None
        if entry is not None:
            self._stored = entry[0]
        return entry

    def flush(self) -> bool:
        """Save the typing now (or remove a draft that is no longer needed)."""
        if self.store.closed or self.store.actor.id is None:
            return False
        current = self._payload()
        try:
            if current == self.baseline:
                if self._stored is not None:
                    ops.read(self.store, lambda s, actor: drafts.discard_draft(
                        s, actor, self.kind, self.ref))
                    self._stored = None
                return True
            if current != self._stored:
                ops.read(self.store, lambda s, actor: drafts.save_draft(
                    s, actor, self.kind, self.ref, current))
                self._stored = current
                self.saved.emit(datetime.now())
        except StoreError as exc:
            self.failed.emit(str(exc))
            return False
        return True

    def discard(self, also: str | None = None) -> None:
        """Remove the draft (and the one under ``also``, e.g. the old "new:" ref)."""
        if self.store.closed:
            return
        try:
            refs = {str(ref) for ref in {self.ref, also} - {None}}
            ops.read(self.store, lambda s, actor: drafts.discard_drafts(
                s, actor, self.kind, refs))
        except StoreError as exc:
            self.failed.emit(str(exc))
            return
        self._stored = None

    def forget_stored(self) -> None:
        """The draft was removed elsewhere (in the same transaction as a save)."""
        self._stored = None
