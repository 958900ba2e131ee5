"""The participant workspace: a header (who, status, worker, last contact, alerts) and tabs,
the first being the timeline. Esc or "Back to list" returns to the caseload list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.roles import Permission
from peerdesk.services import encounters, workspace
from peerdesk.services.store import Store
from peerdesk.services.workspace import Header
from peerdesk.ui import ops
from peerdesk.ui.assessment_tab import AssessmentsTab
from peerdesk.ui.common import WARNING_SIGN, ProblemLabel, format_date, show_error
from peerdesk.ui.encounter_form import EncounterForm
from peerdesk.ui.forms import heading, tab_chain
from peerdesk.ui.goals_tab import GoalsTab
from peerdesk.ui.notes_tab import NotesTab
from peerdesk.ui.participant_dialog import ParticipantDialog
from peerdesk.ui.plan_printer import PlanPrinter
from peerdesk.ui.referrals_panel import ReferralsPanel
from peerdesk.ui.status_dialog import StatusDialog
from peerdesk.ui.timeline_view import TimelineView


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


class WorkspacePage(QWidget):
    """``back_requested()``: return to the list; ``changed()``: the record or its notes
    changed (the list refreshes); ``group_note_requested(participant id)``."""

    back_requested = Signal()
    changed = Signal()
    group_note_requested = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id: int | None = None
        self.header: Header | None = None
        self.dialog: ParticipantDialog | StatusDialog | None = None
        actor = store.actor
        self.setAccessibleName(self.tr("Participant workspace"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &Back to list"))
        self.back_button.setAccessibleName(self.tr("Back to the participant list"))
        self.back_button.setToolTip(self.tr("Back to the participant list (Esc)"))
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        self.title = heading("")
        self.title.setAccessibleName(self.tr("Participant name"))
        top.addWidget(self.title, 1)
        layout.addLayout(top)

        facts = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            facts.addLayout(form, 1)
        self.preferred = _value_label(self.tr("Preferred name"))
        self.status = _value_label(self.tr("Status"))
        self.worker = _value_label(self.tr("Assigned worker"))
        self.last_contact = _value_label(self.tr("Last contact"))
        self.days = _value_label(self.tr("Days since last contact"))
        left.addRow(self.tr("Preferred name:"), self.preferred)
        left.addRow(self.tr("Status:"), self.status)
        left.addRow(self.tr("Assigned worker:"), self.worker)
        right.addRow(self.tr("Last contact:"), self.last_contact)
        right.addRow(self.tr("Days since last contact:"), self.days)
        layout.addLayout(facts)
        self.alerts = _value_label(self.tr("Alerts"))
        font = self.alerts.font()
        font.setBold(True)
        self.alerts.setFont(font)
        layout.addWidget(self.alerts)

        actions = QHBoxLayout()
        self.new_note_button = QPushButton(self.tr("&New note…"))
        self.new_note_button.clicked.connect(self.new_note)
        self.new_note_button.setVisible(actor.can(Permission.WRITE_NOTES))
        self.edit_button = QPushButton(self.tr("&Edit participant…"))
        self.edit_button.clicked.connect(self.edit_participant)
        self.status_button = QPushButton(self.tr("Change st&atus…"))
        self.status_button.setToolTip(self.tr("Discharge, mark inactive or re-enroll"))
        self.status_button.clicked.connect(self.change_status)
        for button in (self.edit_button, self.status_button):
            button.setVisible(actor.can(Permission.EDIT_PARTICIPANTS))
        self.print_button = QPushButton(self.tr("Print recovery p&lan…"))
        self.print_button.setToolTip(self.tr("A large-type PDF of the participant's goals, "
                                             "steps and latest score, to take home"))
        self.print_button.clicked.connect(self.print_plan)
        self.print_button.setVisible(actor.can(Permission.VIEW_NARRATIVES))
        self.printer = PlanPrinter(store, self)
        for button in (self.new_note_button, self.edit_button, self.status_button,
                       self.print_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Participant record"))
        self.timeline = TimelineView()
        self.timeline.open_note.connect(self.open_note)
        self.notes = NotesTab(store)
        self.notes.open_note.connect(self.open_note)
        self.notes.changed.connect(self.reload)
        self.notes.group_note.connect(self._group_note)
        self.tabs.addTab(self.timeline, self.tr("&Timeline"))
        self.tabs.addTab(self.notes, self.tr("N&otes"))
        self.assessments = AssessmentsTab(store)
        self.goals = GoalsTab(store)
        self.tabs.addTab(self.assessments, self.tr("A&ssessments"))
        self.tabs.addTab(self.goals, self.tr("&Goals and barriers"))
        self.referrals = ReferralsPanel(store)
        self.referrals.changed.connect(self.reload)  # header alerts follow consents
        self.tabs.addTab(self.referrals, self.tr("&Referrals and consents"))
        layout.addWidget(self.tabs, 1)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        tab_chain(self.back_button, self.new_note_button, self.edit_button, self.status_button,
                  self.print_button, self.tabs)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Back)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.back_requested)

    # -- loading ------------------------------------------------------------------------
    def load(self, participant_id: int) -> bool:
        """Open a participant (an audited view). False, with a message, if not allowed."""
        self.participant_id = participant_id
        if not self._fetch(record_view=True):
            self.participant_id = None
            return False
        self.tabs.setCurrentWidget(self.timeline)
        return True

    def reload(self) -> None:
        """Refresh after a change made here (not a new view of the record)."""
        if self.participant_id is not None and self._fetch(record_view=False):
            self.changed.emit()

    def _fetch(self, record_view: bool) -> bool:
        if self.store.closed or self.participant_id is None:
            return False
        pid = self.participant_id
        out = ops.run(self, self.store, lambda s, actor: (
            workspace.open_workspace(s, actor, pid, record_view=record_view),
            encounters.notes_for(s, actor, pid)))
        if not out or out.value is None:
            return False
        space, notes = out.value
        self.show_header(space.header)
        self.timeline.show_events(space.timeline)
        self.notes.show_notes(notes)
        if record_view:  # these tabs refresh themselves after their own changes
            self.assessments.set_participant(self.participant_id, space.header.name)
            self.assessments.refresh()
            self.goals.set_participant(self.participant_id)
            self.goals.refresh()
            self.referrals.set_participant(self.participant_id)
        return True

    def show_header(self, header: Header) -> None:
        self.header = header
        self.title.setText(header.name)
        self.preferred.setText(header.preferred_name or self.tr("None given"))
        self.status.setText(header.status)
        self.worker.setText(header.worker_name or self.tr("Not assigned"))
        if header.last_contact_on is None:
            self.last_contact.setText(self.tr("No contact recorded yet"))
            self.days.setText(self.tr("Not applicable"))
        else:
            self.last_contact.setText(format_date(header.last_contact_on))
            self.days.setText(str(header.days_since_contact))
        self.alerts.setText("\n".join(f"{WARNING_SIGN} {a}" for a in header.alerts))
        self.alerts.setAccessibleDescription("; ".join(header.alerts))
        self.alerts.setVisible(bool(header.alerts))

    # -- notes --------------------------------------------------------------------------
    def new_note(self) -> None:
        self._open_form(None)

    def open_note(self, note_id: int) -> None:
        self._open_form(note_id)

    def _open_form(self, note_id: int | None) -> EncounterForm | None:
        if self.participant_id is None:
            return None
        try:
            form = EncounterForm(self.store, self.participant_id, note_id,
                                 self.header.name if self.header else "", self)
        except StoreError as exc:
            show_error(self, str(exc))
            return None
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._note_saved)
        form.open()
        return form

    def _note_saved(self, note_id: int) -> None:
        self.reload()
        self.notes.select_note(note_id)

    def open_forms(self) -> list[EncounterForm]:
        return [f for f in self.findChildren(EncounterForm) if f.isVisible()]

    def print_plan(self) -> None:
        if self.participant_id is not None and self.header is not None:
            first = self.header.preferred_name or self.header.name.split(" ")[0]
            self.printer.start(self.participant_id, first)

    def _group_note(self) -> None:
        if self.participant_id is not None:
            self.group_note_requested.emit(self.participant_id)

    # -- the record ---------------------------------------------------------------------
    def edit_participant(self) -> None:
        if self.participant_id is None:
            return
        self._show_dialog(ParticipantDialog(self.store, self, participant_id=self.participant_id))

    def change_status(self) -> None:
        if self.participant_id is None:
            return
        self._show_dialog(StatusDialog(self.store, self.participant_id, self))

    def _show_dialog(self, dialog: ParticipantDialog | StatusDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.saved.connect(self.reload)
        dialog.open()

    def clear_sensitive(self) -> None:
        """Called on lock: close the forms (their typing is already kept) and forget all."""
        for form in self.findChildren(EncounterForm):
            form.close()
        self.assessments.close_windows()  # its assessment forms keep their answers
        self.goals.close_windows()
        self.referrals.clear_sensitive()
        self.printer.finish_quietly()
        if self.dialog is not None:
            self.dialog.close()
        self.participant_id = None
        self.header = None
        for label in (self.title, self.preferred, self.status, self.worker,
                      self.last_contact, self.days, self.alerts):
            label.clear()
        self.timeline.clear()
        self.notes.show_notes([])
        self.assessments.clear()
        self.goals.clear()
