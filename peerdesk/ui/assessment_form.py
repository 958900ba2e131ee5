"""The assessment form: answer an instrument by keyboard, watch the score fill in, save, sign.

A signed assessment opens read-only with its addenda. Answers are autosaved (kind
"assessment", ref "new:<participant id>:<instrument id>" or "<assessment id>") every few
seconds, when the form closes, and before the app locks; reopening restores them.

The score is computed by the instrument's rules (peerdesk.domain.instruments) as the items
fill in; the stored score is always the one the service computes when saving. A published
cut-off is shown only as the instrument's own band label, never as a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.instruments import Instrument
from peerdesk.domain.roles import Permission
from peerdesk.services import assessments, drafts, instrument_catalog
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.store import Store
from peerdesk.ui.assessment_fields import AssessmentFields
from peerdesk.ui.autosave import DraftKeeper
from peerdesk.ui.common import ProblemLabel, confirm, fit_to_font
from peerdesk.ui.forms import format_clock, format_stamp, heading, local_time, share_window_actions
from peerdesk.ui.forms import show_field_problems as show_problems
from peerdesk.ui.list_widgets import TextEntryDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DRAFT_KIND = "assessment"


def draft_ref(participant_id: int, instrument_id: str, assessment_id: int | None) -> str:
    return str(assessment_id) if assessment_id is not None else \
        f"new:{participant_id}:{instrument_id}"


@dataclass(frozen=True)
class Saved:
    """An assessment as stored, copied out of its session."""

    id: int
    administered_on: date
    answers: list[int | None]
    notes: str
    worker_id: int
    signed_at: datetime | None
    signed_by: str
    addenda: list[tuple[datetime, str, str]]  # written at, author, text

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


def load_saved(session: Session, store: Store, assessment_id: int) -> tuple[Saved, Instrument]:
    actor = store.actor
    row = assessments.load_assessment(session, actor, assessment_id)
    inst = instrument_catalog.get(session, row.instrument_id, row.instrument_version)
    addenda = [(a.written_at, f"{a.author_name}, {a.author_credential}".rstrip(", "), a.text)
               for a in assessments.addenda_for(session, actor, assessment_id)]
    who = f"{row.signed_by_name}, {row.signed_by_credential}".rstrip(", ")
    return Saved(row.id, row.administered_on, assessments.answers_of(row), row.notes,
                 row.worker_id, row.signed_at, who, addenda), inst


class AssessmentForm(QDialog):
    """Emits ``saved(assessment id)`` whenever it changes (saved, signed, addendum)."""

    saved = Signal(int)

    def __init__(self, store: Store, participant_id: int, instrument_id: str | None = None,
                 assessment_id: int | None = None, participant_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        self.assessment_id = assessment_id
        self.record: Saved | None = None
        self.addendum_dialog: TextEntryDialog | None = None
        with store.session() as s:
            if assessment_id is not None:
                self.record, self.instrument = load_saved(s, store, assessment_id)
            else:
                self.instrument = instrument_catalog.get(s, str(instrument_id))
        inst = self.instrument
        self.setWindowTitle(self.tr("Assessment — PeerDesk"))
        self.setAccessibleName(self.tr("Assessment"))
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.tr("{title}: {name}").format(title=inst.title,
                                                                  name=participant_name), 1.2))
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Assessment status"))
        outer.addWidget(self.state)
        banner = QHBoxLayout()
        self.restored = QLabel()
        self.restored.setWordWrap(True)
        self.restored.setAccessibleName(self.tr("Restored answers"))
        self.discard_restored = QPushButton(self.tr("Discard restored ans&wers"))
        self.discard_restored.clicked.connect(self.discard_changes)
        banner.addWidget(self.restored, 1)
        banner.addWidget(self.discard_restored)
        outer.addLayout(banner)

        self.fields = AssessmentFields(inst)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.fields)
        outer.addWidget(scroll, 1)
        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)
        self.autosave_label = QLabel()
        self.autosave_label.setWordWrap(True)
        self.autosave_label.setAccessibleName(self.tr("Autosave"))
        outer.addWidget(self.autosave_label)

        bar = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save assessment"))
        self.save_button.setToolTip(self.tr("Save without signing (Ctrl+S)"))
        self.save_button.clicked.connect(lambda: self.save())
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
            button.setAutoDefault(False)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        outer.addLayout(bar)
        QWidget.setTabOrder(self.fields.notes, self.save_button)
        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.activated.connect(self._save_shortcut)
        share_window_actions(self, parent)

        self.fields.finished.connect(self._after_last_item)
        self.keeper: DraftKeeper | None = None
        if self.editable:
            self.keeper = DraftKeeper(store, DRAFT_KIND,
                                      draft_ref(participant_id, inst.id, assessment_id),
                                      self.fields.payload, self)
            self.keeper.saved.connect(self._kept)
            self.keeper.failed.connect(self.general_problem.show_problem)
        self._show_record()
        self._apply_mode()
        if self.keeper is not None:
            self.keeper.set_baseline(self.fields.payload())
            self._restore()
            self.keeper.start()
        fit_to_font(self, 96, 52)
        self.fields.panel.setFocus()

    # -- state --------------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        actor = self.store.actor
        if not actor.can(Permission.WRITE_NOTES):
            return False
        record = self.record
        return record is None or (not record.signed and record.worker_id == actor.id)

    def _show_record(self) -> None:
        record = self.record
        if record is None:
            self.fields.show_values(date.today(), [None] * len(self.instrument.items), "")
        else:
            self.fields.show_values(record.administered_on, record.answers, record.notes)

    def _apply_mode(self) -> None:
        record, editable = self.record, self.editable
        self.fields.set_read_only(not editable)
        for button in (self.save_button, self.sign_button, self.discard_button):
            button.setVisible(editable)
        self.restored.hide()
        self.discard_restored.hide()
        actor = self.store.actor
        self.addendum_button.setVisible(
            record is not None and record.signed
            and (record.worker_id == actor.id or actor.can(Permission.SUPERVISE)))
        self.fields.show_addenda("" if record is None else "\n\n".join(
            self.tr("{when} — {who}:\n{text}").format(when=format_stamp(when), who=who,
                                                      text=text)
            for when, who, text in record.addenda))
        self.state.setText(self._state_text())
        self.autosave_label.setText(
            self.tr("Answers are kept automatically, even if PeerDesk locks.")
            if editable else "")

    def _state_text(self) -> str:
        record = self.record
        if record is None:
            return self.tr("New assessment — not saved yet.")
        if record.signed:
            assert record.signed_at is not None
            return self.tr("Signed by {who} on {when}. A signed assessment cannot be changed; "
                           "corrections are addenda.").format(
                who=record.signed_by, when=format_stamp(record.signed_at))
        if not self.editable:
            return self.tr("Not signed yet. Only the person who entered it can change it.")
        return self.tr("Saved, not signed yet.")

    def _restore(self) -> None:
        assert self.keeper is not None
        entry = self.keeper.restore()
        if entry is None:
            return
        payload, when = entry
        self.fields.apply_payload(payload)
        text = (format_clock(when) if local_time(when).date() == date.today()
                else format_stamp(when))
        self.restored.setText(self.tr("Restored unsaved answers from {when}.").format(when=text))
        self.restored.show()
        self.discard_restored.show()
        answers = self.fields.answers()
        self.fields.panel.go(next((n for n, v in enumerate(answers) if v is None), 0))

    def _kept(self, when: datetime) -> None:
        self.autosave_label.setText(self.tr(
            "Answers kept at {time} (not saved as an assessment yet).").format(
                time=when.strftime("%H:%M")))

    # -- actions ------------------------------------------------------------------------
    def _after_last_item(self) -> None:
        if self.save_button.isVisible():
            self.save_button.setFocus()

    def _save_shortcut(self) -> None:
        if self.save_button.isVisible():
            self.save()

    def _clear_problems(self) -> None:
        self.fields.clear_problems()
        self.general_problem.clear_problem()

    def save(self, then_sign: bool = False) -> None:
        self._clear_problems()
        try:
            when = self.fields.administered_on.value()
            if when is None:
                raise ValueError(self.tr("Please enter the date the assessment was given."))
        except ValueError as exc:
            self.fields.problems["administered_on"].show_problem(str(exc))
            self.fields.administered_on.setFocus()
            return
        actor, inst = self.store.actor, self.instrument
        changed = self.keeper is None or self.keeper.has_changes() or self.assessment_id is None
        old_ref = draft_ref(self.participant_id, inst.id, self.assessment_id)
        try:
            with self.store.session() as s:
                if changed:
                    row = assessments.save_assessment(
                        s, actor, self.participant_id, inst.id, self.fields.answers(), when,
                        self.fields.notes.toPlainText(), self.assessment_id)
                    new_id = row.id
                else:
                    assert self.assessment_id is not None
                    new_id = self.assessment_id
                if then_sign:
                    assessments.sign_assessment(s, actor, new_id)
                for ref in {old_ref, str(new_id)}:
                    drafts.discard_draft(s, actor, DRAFT_KIND, ref)
                self.record, self.instrument = load_saved(s, self.store, new_id)
        except ValidationFailed as exc:
            show_problems(exc, self.fields.problems, self.fields.fields, self.general_problem)
            return
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self.assessment_id = new_id
        self._show_record()
        if self.keeper is not None:
            self.keeper.forget_stored()
            self.keeper.ref = str(new_id)
            self.keeper.set_baseline(self.fields.payload())
            if not self.editable:
                self.keeper.stop()
                self.keeper = None
        self._apply_mode()
        if self.record is not None and not self.record.signed:
            self.autosave_label.setText(self.tr("Saved at {time}. Not signed yet.").format(
                time=datetime.now().strftime("%H:%M")))
        self.saved.emit(new_id)

    def ask_sign(self) -> None:
        self._clear_problems()
        why = self.fields.unscored_reason()
        if why:
            self.fields.problems["answers"].show_problem(self.tr(
                "This assessment cannot be signed until it can be scored. {why}").format(
                    why=why))
            self.fields.panel.setFocus()
            return
        confirm(self, self.tr("Sign this assessment?"),
                self.tr("Sign this assessment now? After signing, the answers cannot be "
                        "changed; corrections are addenda."),
                self.tr("&Sign assessment"), lambda: self.save(then_sign=True))

    def discard_changes(self) -> None:
        if self.keeper is None:
            return
        keeper = self.keeper

        def discard() -> None:
            self.fields.apply_payload(keeper.baseline)
            keeper.discard()
            self.restored.hide()
            self.discard_restored.hide()
            self._clear_problems()

        confirm(self, self.tr("Discard changes?"),
                self.tr("Discard your changes? The answers given since the assessment was "
                        "last saved will be lost."), self.tr("&Discard"), discard)

    def open_addendum(self) -> None:
        record = self.record
        if record is None:
            return
        actor = self.store.actor
        dialog = TextEntryDialog(
            self.store, self.tr("Add addendum — PeerDesk"),
            self.tr("The assessment stays as it was signed. The addendum is added below it "
                    "with your name and today's date."),
            self.tr("&Addendum:"), self.tr("&Save addendum"),
            lambda s, text: assessments.add_addendum(s, actor, record.id, text), self)
        dialog.done_text.connect(lambda _text: self._reload())
        self.addendum_dialog = dialog
        dialog.open()

    def _reload(self) -> None:
        assert self.assessment_id is not None
        try:
            with self.store.session() as s:
                self.record, self.instrument = load_saved(s, self.store, self.assessment_id)
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self._apply_mode()
        self.saved.emit(self.assessment_id)

    # -- autosave and closing -----------------------------------------------------------
    def flush_draft(self) -> None:
        if self.keeper is not None:
            self.keeper.flush()

    def done(self, result: int) -> None:
        if self.keeper is not None:
            self.keeper.flush()
            self.keeper.stop()
        if self.addendum_dialog is not None:
            self.addendum_dialog.close()
        super().done(result)
