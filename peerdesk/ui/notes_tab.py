"""The Notes tab of the participant workspace: the participant's service notes and what can
be done with the selected one (open, sign, add an addendum, discard an unsigned note)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.encounters import SERVICE_TYPES, SETTINGS
from peerdesk.domain.roles import Permission
from peerdesk.services import drafts, encounters
from peerdesk.services.encounters import NoteView
from peerdesk.services.store import Store
from peerdesk.ui.addendum_dialog import AddendumDialog
from peerdesk.ui.common import ProblemLabel, confirm, format_date
from peerdesk.ui.encounter_form import DRAFT_KIND
from peerdesk.ui.forms import tab_chain

EXCERPT = 90


class NotesTable(QTableWidget):
    open_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class NotesTab(QWidget):
    """``open_note(id)`` to show a note; ``changed()`` after a note was signed or discarded."""

    open_note = Signal(int)
    group_note = Signal()
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.notes: list[NoteView] = []
        self.dialog: AddendumDialog | None = None
        actor = store.actor
        layout = QVBoxLayout(self)
        body = QHBoxLayout()  # buttons in a column beside the table: narrow, any font size
        layout.addLayout(body, 1)
        self.table = NotesTable(0, 8)
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Time"), self.tr("Minutes"), self.tr("Service"),
            self.tr("Setting"), self.tr("Author"), self.tr("State"), self.tr("Note")])
        self.table.setAccessibleName(self.tr("Service notes"))
        self.table.setAccessibleDescription(self.tr("Enter opens the selected note."))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.open_requested.connect(self._open_selected)
        self.table.doubleClicked.connect(self._open_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        body.addWidget(self.table, 1)
        bar = QVBoxLayout()
        self.open_button = QPushButton(self.tr("O&pen note"))
        self.open_button.clicked.connect(self._open_selected)
        self.sign_button = QPushButton(self.tr("Si&gn…"))
        self.sign_button.clicked.connect(self.sign_selected)
        self.addendum_button = QPushButton(self.tr("Add addendu&m…"))
        self.addendum_button.clicked.connect(self.add_addendum)
        self.discard_button = QPushButton(self.tr("&Discard unsigned note…"))
        self.discard_button.clicked.connect(self.discard_selected)
        self.group_button = QPushButton(self.tr("&Group note…"))
        self.group_button.clicked.connect(self.group_note)
        writes = actor.can(Permission.WRITE_NOTES)
        for button in (self.sign_button, self.discard_button, self.group_button):
            button.setVisible(writes)
        self.addendum_button.setVisible(writes or actor.can(Permission.SUPERVISE))
        for button in (self.open_button, self.sign_button, self.addendum_button,
                       self.discard_button, self.group_button):
            bar.addWidget(button)
        bar.addStretch(1)
        body.addLayout(bar)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        tab_chain(self.table, self.open_button, self.sign_button, self.addendum_button,
                  self.discard_button, self.group_button)
        self._update_buttons()

    # -- showing ------------------------------------------------------------------------
    def show_notes(self, notes: list[NoteView]) -> None:
        keep = self.selected()
        self.notes = notes
        self.problem.clear_problem()
        self.table.setRowCount(len(notes))
        for row, note in enumerate(notes):
            kind = SERVICE_TYPES.get(note.service_type)
            service = kind.label if kind else note.service_type
            if note.is_group:
                service += " " + self.tr("(group)")
            values = [format_date(note.service_date),
                      f"{note.start_time:%H:%M}–{note.end_time:%H:%M}", str(note.minutes),
                      service, SETTINGS.get(note.setting, note.setting), note.worker_name,
                      self.state_text(note), self.excerpt(note)]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        index = next((i for i, n in enumerate(notes) if keep and n.id == keep.id), 0)
        if notes:
            self.table.selectRow(index)
        self._update_buttons()

    def state_text(self, note: NoteView) -> str:
        if not note.signed:
            text = self.tr("Not signed")
        elif note.review_status == "returned":
            text = self.tr("Returned for changes")
        elif note.review_status == "cosigned":
            text = self.tr("Signed and co-signed")
        else:
            text = self.tr("Signed")
        if note.addenda:
            text += " " + self.tr("+ {n} addenda").format(n=len(note.addenda))
        return text

    def excerpt(self, note: NoteView) -> str:
        if note.narrative is None:
            return self.tr("Not shown for your role")
        text = " ".join(note.narrative.split())
        return text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"

    def selected(self) -> NoteView | None:
        row = self.table.currentRow()
        return self.notes[row] if 0 <= row < len(self.notes) else None

    def select_note(self, note_id: int) -> None:
        for row, note in enumerate(self.notes):
            if note.id == note_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        note = self.selected()
        actor = self.store.actor
        own_draft = (note is not None and not note.signed and note.worker_id == actor.id
                     and actor.can(Permission.WRITE_NOTES))
        self.open_button.setEnabled(note is not None)
        self.sign_button.setEnabled(own_draft)
        self.discard_button.setEnabled(own_draft)
        self.addendum_button.setEnabled(
            note is not None and note.signed and note.narrative is not None
            and (note.worker_id == actor.id or actor.can(Permission.SUPERVISE)))

    # -- actions ------------------------------------------------------------------------
    def _open_selected(self) -> None:
        note = self.selected()
        if note is not None:
            self.open_note.emit(note.id)

    def sign_selected(self) -> None:
        note = self.selected()
        if note is None:
            return

        def sign() -> None:
            try:
                with self.store.session() as s:
                    encounters.sign_encounter(s, self.store.actor, note.id)
            except StoreError as exc:
                self.problem.show_problem(str(exc))
                return
            self.changed.emit()

        confirm(self, self.tr("Sign this note?"),
                self.tr("Sign this note now? After signing, the note cannot be changed; "
                        "corrections are addenda."), self.tr("&Sign note"), sign)

    def discard_selected(self) -> None:
        note = self.selected()
        if note is None:
            return

        def discard() -> None:
            try:
                with self.store.session() as s:
                    encounters.void_draft(s, self.store.actor, note.id)
                    drafts.discard_draft(s, self.store.actor, DRAFT_KIND, str(note.id))
            except StoreError as exc:
                self.problem.show_problem(str(exc))
                return
            self.changed.emit()

        confirm(self, self.tr("Discard this unsigned note?"),
                self.tr("Discard this unsigned note? It will no longer appear in lists or "
                        "billing. (It stays in the file for the record.)"),
                self.tr("&Discard note"), discard)

    def add_addendum(self) -> None:
        note = self.selected()
        if note is None:
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = AddendumDialog(self.store, note, self)
        self.dialog.saved.connect(self.changed)
        self.dialog.open()
