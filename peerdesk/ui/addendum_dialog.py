"""Add a dated addendum to a signed note: the only way to correct or add to it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.services import encounters
from peerdesk.services.encounters import NoteView
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.store import Store
from peerdesk.ui.common import ProblemLabel, fit_to_font, format_date, set_min_width_chars
from peerdesk.ui.forms import format_stamp, heading, share_window_actions


def addenda_text(note: NoteView) -> str:
    """Every addendum, oldest first: who wrote it, when, and what it says."""
    parts = []
    credentials = note.addenda_credentials or ("",) * len(note.addenda)
    for (written_at, author, text), credential in zip(note.addenda, credentials, strict=False):
        who = f"{author}, {credential}" if credential else author
        body = text if text is not None else QCoreApplication.translate(
            "PeerDesk", "Not shown for your role.")
        parts.append(QCoreApplication.translate("PeerDesk", "{when} — {who}:\n{text}").format(
            when=format_stamp(written_at), who=who, text=body))
    return "\n\n".join(parts)


class AddendumDialog(QDialog):
    """Emits ``saved()`` once the addendum is stored."""

    saved = Signal()

    def __init__(self, store: Store, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.note = note
        self.setWindowTitle(self.tr("Add addendum — PeerDesk"))
        self.setAccessibleName(self.tr("Add addendum"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Add an addendum"), 1.2))
        about = QLabel(self.tr(
            "The note of {day} ({start}–{end}) stays as it was signed. The addendum is added "
            "below it with your name and today's date.").format(
                day=format_date(note.service_date), start=note.start_time.strftime("%H:%M"),
                end=note.end_time.strftime("%H:%M")))
        about.setWordWrap(True)
        layout.addWidget(about)
        label = QLabel(self.tr("&Addendum:"))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Addendum"))
        label.setBuddy(self.text)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        self.problem = ProblemLabel(self, self.text)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save addendum"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)
        share_window_actions(self, parent)
        set_min_width_chars(self, 60)
        fit_to_font(self, 70, 20)
        self.text.setFocus()

    def save(self) -> None:
        self.problem.clear_problem()
        try:
            with self.store.session() as s:
                encounters.add_addendum(s, self.store.actor, self.note.id, self.text.toPlainText())
        except (ValidationFailed, StoreError) as exc:
            self.problem.show_problem(str(exc))
            self.text.setFocus()
            return
        self.accept()
        self.saved.emit()
