"""The signed-in user's lists for the home page: notes returned to them, their unsigned
notes, and participants with no contact in N days (N is an organization setting)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from peerdesk.domain.roles import Permission
from peerdesk.services import home_lists
from peerdesk.services.store import Store
from peerdesk.services.supervision import NoteRow
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, format_date
from peerdesk.ui.list_widgets import Column, RowsModel, RowsTable, heading
from peerdesk.ui.review_page import service_label

MOST_ROWS = 8  # then the list scrolls


class ListSection(QWidget):
    """A heading with the count, a table (or a sentence when empty) and an Open button.
    ``open_participant(id)`` on Enter, double-click or the button."""

    open_participant = Signal(int)

    def __init__(self, name: str, columns: Sequence[Column], participant_of: Callable[[Any], int],
                 open_text: str, stretch: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._participant_of = participant_of
        self.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading("")
        self.heading.setAccessibleName(name)
        layout.addWidget(self.heading)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAccessibleName(self.tr("{name}: none").format(name=name))
        layout.addWidget(self.empty)
        self.model = RowsModel(columns, self)
        self.table = RowsTable(self.model, name, stretch)
        self.table.open_row.connect(self._open)
        self.heading.setBuddy(self.table)
        layout.addWidget(self.table)
        bar = QHBoxLayout()
        self.open_button = QPushButton(open_text)
        self.open_button.setAccessibleName(self.tr("{action}: {list}").format(
            action=open_text.replace("&", ""), list=name))
        self.open_button.clicked.connect(lambda: self._open(self.table.current()))
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table.selectionModel().currentChanged.connect(self._update_button)

    def set_rows(self, title: str, rows: Sequence[Any], empty_text: str) -> None:
        text = self.tr("{title} ({n})").format(title=title, n=len(rows))
        self.heading.setText(text)
        self.heading.setAccessibleName(text.replace("&", ""))
        self.model.set_rows(rows)
        self.empty.setText(empty_text)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.open_button.setVisible(bool(rows))
        self.table.fit_rows(MOST_ROWS)
        if rows:  # Enter opens the first row at once; nothing is highlighted until chosen
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self._update_button()

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.table.current() is not None)

    def _open(self, row: Any) -> None:
        if row is not None:
            self.open_participant.emit(self._participant_of(row))

    def clear_sensitive(self) -> None:
        self.model.clear()
        self.heading.clear()


class HomeLists(QWidget):
    """Construct with the open store; call ``refresh()`` when the home page is shown and
    ``clear_sensitive()`` on lock. ``open_participant(id)`` asks for a workspace."""

    open_participant = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(self.tr("Your lists"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        note_participant: Callable[[NoteRow], int] = lambda r: r.note.participant_id  # noqa: E731
        self.returned = ListSection(self.tr("Returned to you"), [
            (self.tr("Date"), lambda r: format_date(r.note.service_date)),
            (self.tr("Participant"), self._participant_name),
            (self.tr("Returned by"), lambda r: r.reviewed_by),
            (self.tr("Comment"), lambda r: r.note.review_comment),
        ], note_participant, self.tr("Open participant"), 3)
        self.drafts = ListSection(self.tr("Your unsigned notes"), [
            (self.tr("Date"), lambda r: format_date(r.note.service_date)),
            (self.tr("Participant"), self._participant_name),
            (self.tr("Service"), lambda r: service_label(r.note)),
            (self.tr("Minutes"), lambda r: str(r.note.minutes)),
        ], note_participant, self.tr("Open participant"), 2)
        self.no_contact = ListSection(self.tr("No contact"), [
            (self.tr("Name"), lambda r: r.name),
            (self.tr("Worker"), lambda r: r.worker_name or self.tr("Not assigned")),
            (self.tr("Last contact"), lambda r: format_date(r.last_contact_on)
             if r.last_contact_on else self.tr("None yet")),
            (self.tr("Days without contact"), lambda r: str(r.days)),
        ], lambda r: r.participant_id, self.tr("Open participant"), 0)
        self.sections = [self.returned, self.drafts, self.no_contact]
        writes = store.actor.can(Permission.WRITE_NOTES)
        for section in self.sections:
            section.open_participant.connect(self.open_participant)
            layout.addWidget(section)
            section.setVisible(writes or store.actor.can(Permission.SUPERVISE))
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.refresh()

    def _participant_name(self, row: NoteRow) -> str:
        return row.participant_name or self.tr("Not on your caseload")

    def refresh(self) -> None:
        if self.store.closed:
            self.clear_sensitive()
            return
        actor = self.store.actor
        out = ops.run(self, self.store, home_lists.home_lists, problem=self.problem)
        if not out or out.value is None:
            return
        found = out.value
        returned, drafts, days, quiet = found.returned, found.drafts, found.days, found.no_contact
        self.returned.set_rows(self.tr("&Returned to you"), returned, self.tr(
            "No notes have been returned to you."))
        self.drafts.set_rows(self.tr("Your &unsigned notes"), drafts, self.tr(
            "You have no unsigned notes."))
        if actor.can(Permission.SUPERVISE):
            empty = self.tr("Nobody in the program has gone {n} days without contact.")
        else:
            empty = self.tr("Nobody on your caseload has gone {n} days without contact.")
        self.no_contact.set_rows(self.tr("&No contact in {n} days").format(n=days), quiet,
                                 empty.format(n=days))

    def clear_sensitive(self) -> None:
        """Called on lock: forget every row."""
        for section in self.sections:
            section.clear_sensitive()
        self.problem.clear_problem()
