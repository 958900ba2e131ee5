"""The one frame every user action in the window goes through (after Anki's QueryOp and
CollectionOp): the only UI module that opens a database session.

A widget never writes ``with store.session()``; it hands a service call to :func:`run`::

    out = ops.run(self, self.store, lambda s, actor: goals.goal_rows(s, actor, pid),
                  problem=self.problem)
    if not out:
        return                      # the failure was already shown, in the user's words
    rows = out.value

and an action that changes records says which kind, so every page that shows them refreshes
(one application-level signal instead of hand-wired pairs)::

    ops.run(self, self.store, lambda s, actor: encounters.save_note(s, actor, form),
            fields=self.targets, changed=ops.NOTES,
            confirm_again=lambda: self.save(confirm_overlap=True))

Failures are shown the same way everywhere:

- ``ValidationFailed``: each problem under its field (``fields``), the rest in ``problem``;
- ``NeedsConfirmation``: a question with the service's sentence; yes calls ``confirm_again``;
- ``StoreError`` (every service error): its own sentence, in ``problem`` or a message box;
- anything else: a plain sentence from :func:`~peerdesk.ui.background.failure_message`
  (logged by type and place only). Raw exception text never reaches a person.

:func:`run_in_background` is the same for long work (reports, imports, printing), over
:mod:`peerdesk.ui.background`: the work gets its own session in the worker thread.

:class:`Page` is what the main window asks of each page on lock and on change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from peerdesk.db.errors import StoreError
from peerdesk.services.actor import Actor
from peerdesk.services.errors import NeedsConfirmation, ValidationFailed
from peerdesk.services.store import Store
from peerdesk.ui.background import (
    BackgroundTask,
    TaskCancelled,
    TaskControl,
    TaskProgressDialog,
    failure_message,
    run_with_progress,
)
from peerdesk.ui.common import ProblemLabel, confirm, show_error
from peerdesk.ui.forms import show_field_problems

T = TypeVar("T")

Action = Callable[[Session, Actor], T]
"""A service call: gets the session (one transaction) and the signed-in user."""

# -- kinds of records, for the "records changed" signal -----------------------------------
PARTICIPANTS = "participants"
NOTES = "notes"
ASSESSMENTS = "assessments"
GOALS = "goals"
REFERRALS = "referrals"
CONSENTS = "consents"
FAMILIES = "families"
DIRECTORY = "directory"
USERS = "users"
SETTINGS = "settings"
BILLING = "billing"
BACKUPS = "backups"
ANY = ""


class RecordsBus(QObject):
    """One application-level signal: ``changed(kind)`` after an action changed records.
    Pages connect to it once; ``kind`` is one of the constants above ("" = anything)."""

    changed = Signal(str)


_bus: RecordsBus | None = None


def records() -> RecordsBus:
    """The application's one :class:`RecordsBus` (made on first use, on the UI thread)."""
    global _bus
    if _bus is None:
        _bus = RecordsBus(QCoreApplication.instance())
    return _bus


def announce(kind: str = ANY) -> None:
    """Tell every page that records of ``kind`` changed."""
    records().changed.emit(kind)


@runtime_checkable
class Page(Protocol):
    """What the main window asks of each page it holds."""

    def refresh(self) -> None:
        """Show the records as they are now (after a change elsewhere, or on showing)."""

    def clear_sensitive(self) -> None:
        """Forget every participant detail on screen (before a lock)."""

    def flush_drafts(self) -> None:
        """Store what is being typed as a draft (before a lock or quit)."""


@dataclass(frozen=True)
class FieldTargets:
    """Where a form shows a ``ValidationFailed``: a label per field, the rest in ``general``."""

    problems: Mapping[str, ProblemLabel]
    fields: Mapping[str, QWidget]
    general: ProblemLabel


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What :func:`run` gives back: true when the action succeeded, with its value."""

    ok: bool
    value: T | None = None
    message: str = ""

    def __bool__(self) -> bool:
        return self.ok


@dataclass
class Confirmation:
    """Words of the question asked on ``NeedsConfirmation`` (the text is the service's)."""

    title: str = ""
    yes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def message_for(exc: BaseException) -> str:
    """The sentence a person sees for any failure (never raw exception text)."""
    if isinstance(exc, StoreError):
        return str(exc)
    return failure_message(exc)


def show_failure(parent: QWidget | None, exc: BaseException, *,
                 problem: ProblemLabel | None = None,
                 fields: FieldTargets | None = None,
                 confirm_again: Callable[[], None] | None = None,
                 confirmation: Confirmation | None = None) -> str:
    """Show ``exc`` the one way PeerDesk shows failures; returns the sentence shown."""
    if isinstance(exc, NeedsConfirmation) and confirm_again is not None:
        words = confirmation or Confirmation()
        confirm(parent,
                words.title or QCoreApplication.translate("PeerDesk", "Please confirm"),
                str(exc),
                words.yes or QCoreApplication.translate("PeerDesk", "&Continue"),
                confirm_again)
        return str(exc)
    if isinstance(exc, ValidationFailed) and fields is not None:
        show_field_problems(exc, fields.problems, fields.fields, fields.general)
        return str(exc)
    text = message_for(exc)
    target = problem if problem is not None else (fields.general if fields else None)
    if target is not None:
        target.show_problem(text)
    else:
        show_error(parent, text)
    return text


def attempt(parent: QWidget | None, call: Callable[[], T], *,
            problem: ProblemLabel | None = None,
            fields: FieldTargets | None = None,
            confirm_again: Callable[[], None] | None = None,
            confirmation: Confirmation | None = None,
            changed: str | None = None) -> Outcome[T]:
    """Run a call that needs no session (unlocking, setting up a database) the same way."""
    try:
        value = call()
    except Exception as exc:  # every failure becomes a sentence for the person
        text = show_failure(parent, exc, problem=problem, fields=fields,
                            confirm_again=confirm_again, confirmation=confirmation)
        return Outcome(False, None, text)
    if problem is not None:
        problem.clear_problem()
    if changed is not None:
        announce(changed)
    return Outcome(True, value)


def run(parent: QWidget | None, store: Store, action: Action[T], *,
        problem: ProblemLabel | None = None,
        fields: FieldTargets | None = None,
        confirm_again: Callable[[], None] | None = None,
        confirmation: Confirmation | None = None,
        changed: str | None = None) -> Outcome[T]:
    """Run one service call in one transaction as the signed-in user (see the module doc).

    Committed when it returns, rolled back when it raises. ``changed`` (a kind) announces
    the change to every page after the commit."""
    def call() -> T:
        with store.session() as session:
            return action(session, store.actor)

    return attempt(parent, call, problem=problem, fields=fields, confirm_again=confirm_again,
                   confirmation=confirmation, changed=changed)


def read(store: Store, action: Action[T]) -> T:
    """A query for a place that must not show anything itself (an item model filling rows):
    the caller handles ``StoreError``. Prefer :func:`run` everywhere a person is waiting."""
    with store.session() as session:
        return action(session, store.actor)


Work = Callable[[Session, Actor, TaskControl], T]
"""Long work: gets its own session in the worker thread, and the progress/cancel control."""


def run_in_background(parent: QWidget | None, store: Store, title: str, label: str,
                      work: Work[Any], *,
                      on_success: Callable[[Any], None],
                      on_failure: Callable[[str], None] | None = None,
                      on_cancel: Callable[[], None] | None = None,
                      cancellable: bool = True, kind: str = "",
                      cancel_error: Callable[[], BaseException] = TaskCancelled,
                      changed: str | None = None,
                      with_session: bool = True,
                      ) -> tuple[BackgroundTask, TaskProgressDialog]:
    """Long work off the UI thread with a progress dialog (Cancel where ``cancellable``).

    The work never touches a widget; ``on_*`` run on the UI thread. A failure is shown as a
    message on ``parent`` unless ``on_failure`` takes it. ``with_session=False`` runs work
    that needs no database (rendering a PDF from data already gathered): it gets ``None``
    for the session."""
    def job(control: TaskControl) -> Any:
        if not with_session:
            return work(None, store.actor, control)  # type: ignore[arg-type]
        with store.session() as session:
            return work(session, store.actor, control)

    def succeeded(value: Any) -> None:
        if changed is not None:
            announce(changed)
        on_success(value)

    def failed(text: str) -> None:
        if on_failure is not None:
            on_failure(text)
        else:
            show_error(parent, text)

    return run_with_progress(parent, title, label, job, on_success=succeeded,
                             on_failure=failed, on_cancel=on_cancel,
                             cancellable=cancellable, kind=kind, cancel_error=cancel_error)
