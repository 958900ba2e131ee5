"""The service-note form: enter, save, sign; a signed note opens read-only with its addenda.

Typing is autosaved (kind "encounter", ref "new:<participant id>" or "<note id>") every
few seconds, when the form closes, and before the app locks; reopening restores it.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.roles import Permission
from peerdesk.services import drafts, encounters, goals
from peerdesk.services.encounters import NoteView
from peerdesk.services.errors import NeedsConfirmation, ValidationFailed
from peerdesk.services.store import Store
from peerdesk.ui.addendum_dialog import AddendumDialog, addenda_text
from peerdesk.ui.autosave import DraftKeeper
from peerdesk.ui.common import WARNING_SIGN, ProblemLabel, confirm, fit_to_font
from peerdesk.ui.encounter_fields import EncounterFields
from peerdesk.ui.forms import (
    format_clock,
    format_stamp,
    heading,
    local_time,
    share_window_actions,
)
from peerdesk.ui.forms import show_field_problems as show_problems

DRAFT_KIND = "encounter"


def draft_ref(participant_id: int, encounter_id: int | None) -> str:
    return str(encounter_id) if encounter_id is not None else f"new:{participant_id}"


class EncounterForm(QDialog):
    """Emits ``saved(note id)`` whenever the note changes (saved, signed, addendum)."""

    saved = Signal(int)

    def __init__(self, store: Store, participant_id: int, encounter_id: int | None = None,
                 participant_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        self.encounter_id = encounter_id
        self.note: NoteView | None = None
        self.addendum_dialog: AddendumDialog | None = None
        with store.session() as s:
            if encounter_id is not None:  # a view of the note: audited
                self.note = encounters.get_encounter(s, store.actor, encounter_id)
            linked = goals.encounter_goal_ids(s, encounter_id) if encounter_id else []
            goal_choices = [(g.id, g.statement) for g in
                            goals.goals_for(s, store.actor, participant_id)
                            if g.status == "active" or g.id in linked]
        self.setWindowTitle(self.tr("Service note — PeerDesk"))
        self.setAccessibleName(self.tr("Service note"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Service note: {name}").format(name=participant_name),
                                 1.2))
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Note status"))
        layout.addWidget(self.state)
        self.review = QLabel()
        self.review.setWordWrap(True)
        self.review.setAccessibleName(self.tr("Supervision"))
        layout.addWidget(self.review)
        banner = QHBoxLayout()
        self.restored = QLabel()
        self.restored.setWordWrap(True)
        self.restored.setAccessibleName(self.tr("Restored typing"))
        self.discard_restored = QPushButton(self.tr("Discard restored t&yping"))
        self.discard_restored.clicked.connect(self.discard_changes)
        banner.addWidget(self.restored, 1)
        banner.addWidget(self.discard_restored)
        layout.addLayout(banner)
        self.fields = EncounterFields()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.fields)
        layout.addWidget(scroll, 1)
        addenda_row = QHBoxLayout()
        self.addenda_label = QLabel(self.tr("Addenda:"))
        self.addenda = QPlainTextEdit()
        self.addenda.setReadOnly(True)
        self.addenda.setTabChangesFocus(True)
        self.addenda.setAccessibleName(self.tr("Addenda"))
        self.addenda.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.addenda_label.setBuddy(self.addenda)
        addenda_row.addWidget(self.addenda_label)
        addenda_row.addWidget(self.addenda, 1)
        layout.addLayout(addenda_row)
        self.general_problem = ProblemLabel(self)
        layout.addWidget(self.general_problem)
        self.autosave_label = QLabel()
        self.autosave_label.setWordWrap(True)
        self.autosave_label.setAccessibleName(self.tr("Autosave"))
        layout.addWidget(self.autosave_label)

        bar = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save note"))
        self.save_button.setToolTip(self.tr("Save without signing (Ctrl+S)"))
        self.save_button.clicked.connect(lambda: self.save_note())
        self.sign_button = QPushButton(self.tr("Si&gn…"))
        self.sign_button.clicked.connect(self.ask_sign)
        self.discard_button = QPushButton(self.tr("Disc&ard changes"))
        self.discard_button.clicked.connect(self.discard_changes)
        self.addendum_button = QPushButton(self.tr("Add addendu&m…"))
        self.addendum_button.clicked.connect(self.open_addendum)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.save_button, self.sign_button, self.discard_button,
                       self.addendum_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)
        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.activated.connect(self._save_shortcut)
        share_window_actions(self, parent)

        self.keeper: DraftKeeper | None = None
        if self.editable:
            self.keeper = DraftKeeper(store, DRAFT_KIND, draft_ref(participant_id, encounter_id),
                                      self.fields.payload, self)
            self.keeper.saved.connect(self._kept)
            self.keeper.failed.connect(self.general_problem.show_problem)
        self.fields.set_goal_choices(goal_choices, linked)
        if self.note is not None:
            self.fields.show_note(self.note)
        self._apply_mode()
        if self.keeper is not None:
            self.keeper.set_baseline(self.fields.payload())
            self._restore()
            self.keeper.start()
        fit_to_font(self, 92, 48)
        if self.editable:
            self.fields.service_date.setFocus()
        elif not self.fields.narrative.isHidden():
            self.fields.narrative.setFocus()
        else:
            self.close_button.setFocus()

    # -- state --------------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        actor = self.store.actor
        if not actor.can(Permission.WRITE_NOTES):
            return False
        note = self.note
        return note is None or (not note.signed and note.worker_id == actor.id)

    def _apply_mode(self) -> None:
        note, editable = self.note, self.editable
        self.fields.set_read_only(not editable)
        self.save_button.setVisible(editable)
        self.sign_button.setVisible(editable)
        self.discard_button.setVisible(editable)
        self.restored.hide()
        self.discard_restored.hide()
        may_add = (note is not None and note.signed and note.narrative is not None
                   and (note.worker_id == self.store.actor.id
                        or self.store.actor.can(Permission.SUPERVISE)))
        self.addendum_button.setVisible(may_add)
        has_addenda = note is not None and bool(note.addenda)
        self.addenda_label.setVisible(has_addenda)
        self.addenda.setVisible(has_addenda)
        if note is not None:
            self.addenda.setPlainText(addenda_text(note))
        self.state.setText(self._state_text())
        self.review.setText(self._review_text())
        self.review.setVisible(bool(self.review.text()))
        self.autosave_label.setText(
            self.tr("Your typing is kept automatically, even if PeerDesk locks.")
            if editable else "")

    def _state_text(self) -> str:
        note = self.note
        if note is None:
            return self.tr("New note — not saved yet.")
        if note.signed:
            text = self.tr("Signed by {who}").format(who=note.signed_by)
            if note.signed_at is not None:
                text += " " + self.tr("on {when}").format(when=format_stamp(note.signed_at))
            return text + ". " + self.tr("A signed note cannot be changed; corrections are "
                                         "addenda.")
        if not self.editable:
            return self.tr("Not signed yet (by {name}). Only the author can change it.").format(
                name=note.worker_name)
        return self.tr("Saved, not signed yet.")

    def _review_text(self) -> str:
        note = self.note
        if note is None or not note.signed:
            return ""
        if note.review_status == "cosigned":
            return self.tr("Co-signed by {who}.").format(who=note.reviewed_by)
        if note.review_status == "returned":
            return WARNING_SIGN + " " + self.tr(
                "Returned for changes by {who}: {comment} Answer with an addendum.").format(
                    who=note.reviewed_by, comment=note.review_comment)
        if note.review_status == "pending":
            return self.tr("Waiting for a supervisor's co-signature.")
        return ""

    def _restore(self) -> None:
        assert self.keeper is not None
        entry = self.keeper.restore()
        if entry is None:
            return
        payload, when = entry
        self.fields.apply_payload(payload)
        text = (format_clock(when) if local_time(when).date() == date.today()
                else format_stamp(when))
        self.restored.setText(self.tr("Restored unsaved typing from {when}.").format(when=text))
        self.restored.show()
        self.discard_restored.show()

    def _kept(self, when: datetime) -> None:
        self.autosave_label.setText(self.tr(
            "Your typing was kept at {time} (not saved as a note yet).").format(
                time=when.strftime("%H:%M")))

    # -- actions ------------------------------------------------------------------------
    def _save_shortcut(self) -> None:
        if self.save_button.isVisible():
            self.save_note()

    def save_note(self, confirm_overlap: bool = False, then_sign: bool = False) -> None:
        self.fields.clear_problems()
        self.general_problem.clear_problem()
        data, unreadable = self.fields.collect(self.participant_id)
        if data is None:
            show_problems(ValidationFailed([FieldProblem(k, v) for k, v in unreadable.items()]),
                          self.fields.problems, self.fields.fields, self.general_problem)
            return
        changed = self.keeper is None or self.keeper.has_changes() or self.encounter_id is None
        actor = self.store.actor
        old_ref = draft_ref(self.participant_id, self.encounter_id)
        try:
            with self.store.session() as s:
                if changed:
                    note_id = encounters.save_encounter(s, actor, data, self.encounter_id,
                                                        confirm_overlap=confirm_overlap).id
                    goals.set_encounter_goals(s, actor, note_id, self.fields.goal_ids())
                else:
                    assert self.encounter_id is not None
                    note_id = self.encounter_id
                if then_sign:
                    encounters.sign_encounter(s, actor, note_id)
                for ref in {old_ref, str(note_id)}:
                    drafts.discard_draft(s, actor, DRAFT_KIND, ref)
                view = encounters.view(encounters.load_encounter(s, actor, note_id), actor)
        except NeedsConfirmation as exc:  # another note of yours at the same time
            confirm(self, self.tr("Overlapping notes"), str(exc), self.tr("Save &anyway"),
                    lambda: self.save_note(confirm_overlap=True, then_sign=then_sign))
            return
        except ValidationFailed as exc:
            show_problems(exc, self.fields.problems, self.fields.fields, self.general_problem)
            return
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self.encounter_id, self.note = note_id, view
        self.fields.show_note(view)
        if self.keeper is not None:
            self.keeper.forget_stored()
            self.keeper.ref = str(note_id)
            self.keeper.set_baseline(self.fields.payload())
            if not self.editable:
                self.keeper.stop()
                self.keeper = None
        self._apply_mode()
        if not view.signed:
            self.autosave_label.setText(self.tr("Saved at {time}. Not signed yet.").format(
                time=datetime.now().strftime("%H:%M")))
        self.saved.emit(note_id)

    def ask_sign(self) -> None:
        confirm(self, self.tr("Sign this note?"),
                self.tr("Sign this note now? After signing, the note cannot be changed; "
                        "corrections are addenda."),
                self.tr("&Sign note"), lambda: self.save_note(then_sign=True))

    def discard_changes(self) -> None:
        if self.keeper is None:
            return
        keeper = self.keeper

        def discard() -> None:
            self.fields.apply_payload(keeper.baseline)
            if self.note is not None:
                self.fields.show_note(self.note)
            keeper.discard()
            self.restored.hide()
            self.discard_restored.hide()
            self.fields.clear_problems()
            self.general_problem.clear_problem()

        confirm(self, self.tr("Discard changes?"),
                self.tr("Discard your changes? What you typed since the note was last saved "
                        "will be lost."),
                self.tr("&Discard"), discard)

    def open_addendum(self) -> None:
        if self.note is None:
            return
        dialog = AddendumDialog(self.store, self.note, self)
        dialog.saved.connect(self._addendum_added)
        self.addendum_dialog = dialog
        dialog.open()

    def _addendum_added(self) -> None:
        assert self.encounter_id is not None
        try:
            with self.store.session() as s:
                actor = self.store.actor
                self.note = encounters.view(encounters.load_encounter(s, actor,
                                                                      self.encounter_id), actor)
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self._apply_mode()
        self.saved.emit(self.encounter_id)

    # -- autosave and closing -----------------------------------------------------------
    def flush_draft(self) -> None:
        """Keep the typing now (the main window calls this before the app locks)."""
        if self.keeper is not None:
            self.keeper.flush()

    def done(self, result: int) -> None:
        if self.keeper is not None:
            self.keeper.flush()
            self.keeper.stop()
        if self.addendum_dialog is not None:
            self.addendum_dialog.close()
        super().done(result)
