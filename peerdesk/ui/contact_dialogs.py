"""Log or open a family contact. Drafts are autosaved inside the encrypted file; a signed
contact (or another person's) opens read-only, with its addenda."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.families import MODES, TOPICS, FamilyContactInput
from peerdesk.services import drafts, families
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.families import ContactView
from peerdesk.services.store import Store
from peerdesk.ui.common import (
    DateField,
    ProblemLabel,
    add_checked_row,
    add_row,
    date_hint,
    fit_to_font,
    set_min_width_chars,
)
from peerdesk.ui.family_dialogs import select_data
from peerdesk.ui.list_widgets import format_moment

DRAFT_KIND = "family_contact"
AUTOSAVE_MS = 1500


class ContactDialog(QDialog):
    """``contact`` None logs a new contact for ``member_id``. A contact the user may not
    edit (signed, or someone else's) opens read-only. Emits ``saved(contact id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, member_id: int, member_name: str,
                 contact: ContactView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.member_id = member_id
        self.contact = contact
        self.read_only = contact is not None and not contact.editable
        self._keep_draft = False
        self.draft_ref = f"{member_id}:{contact.id if contact else 'new'}"
        if contact is None:
            title = self.tr("Log contact with {name}").format(name=member_name)
        else:
            title = self.tr("Contact with {name}").format(name=member_name)
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Status of this contact"))
        outer.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        form = self.form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(name: str, text: str, widget: QWidget) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget)

        self.contact_date = DateField()
        self.contact_date.setMaxLength(10)
        row("contact_date", self.tr("&Date ({format}):").format(format=date_hint()),
            self.contact_date)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 720)
        self.minutes.setSuffix(self.tr(" minutes"))
        row("minutes", self.tr("&Length:"), self.minutes)
        self.mode = QComboBox()
        for value, label in MODES.items():
            self.mode.addItem(label, value)
        self._editable_rows = [form.rowCount()]
        row("mode", self.tr("&How:"), self.mode)
        # Read-only, a disabled list would be skipped by Tab and screen readers: plain text.
        self._read_only_rows = [form.rowCount(), form.rowCount() + 1]
        self.mode_text = QLineEdit()
        self.topics_text = QLineEdit()
        add_row(form, self.tr("Ho&w:"), self.mode_text)
        add_row(form, self.tr("&Topics:"), self.topics_text)
        for line in (self.mode_text, self.topics_text):
            line.setReadOnly(True)
        self._editable_rows += [form.rowCount(), form.rowCount() + 1]
        self.topics_box = QGroupBox(self.tr("Topics"))
        topic_column = QVBoxLayout(self.topics_box)
        self.topics: dict[str, QCheckBox] = {}
        for value, label in TOPICS.items():
            box = QCheckBox(label)
            box.setAccessibleName(self.tr("Topic: {topic}").format(topic=label))
            topic_column.addWidget(box)
            self.topics[value] = box
        self.topics_box.setAccessibleName(self.tr("Topics"))
        form.addRow(self.topics_box)
        self.problems["topics"] = ProblemLabel(body)
        form.addRow(self.problems["topics"])
        self.fields["topics"] = next(iter(self.topics.values()))
        self.narrative = QPlainTextEdit()
        self.narrative.setTabChangesFocus(True)
        self.narrative.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        row("narrative", self.tr("&Note:"), self.narrative)
        self.addenda = QPlainTextEdit()
        self.addenda.setReadOnly(True)
        self.addenda.setTabChangesFocus(True)
        self.addenda_label = add_row(form, self.tr("&Addenda:"), self.addenda)
        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)

        close_kind = (QDialogButtonBox.StandardButton.Close if self.read_only
                      else QDialogButtonBox.StandardButton.Cancel)
        buttons = QDialogButtonBox(close_kind)
        self.save_button = buttons.addButton(self.tr("&Save draft"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(self.tr("Save draft"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.save_button.setDefault(True)  # after the box is in the dialog, or Qt ignores it
        QWidget.setTabOrder(self.narrative, self.addenda)
        QWidget.setTabOrder(self.addenda, self.save_button)
        QWidget.setTabOrder(self.save_button, buttons.button(close_kind))

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self._load()
        set_min_width_chars(self, 70)
        fit_to_font(self, 80, 46)
        (self.addenda if self.read_only else self.contact_date).setFocus()

    # -- filling ------------------------------------------------------------------------
    def _load(self) -> None:
        c = self.contact
        values: dict[str, Any] = {"contact_date": date.today().isoformat(), "minutes": 30,
                                  "mode": "phone", "topics": [], "narrative": ""}
        if c is not None:
            values = {"contact_date": c.contact_date.isoformat(), "minutes": c.minutes,
                      "mode": c.mode, "topics": list(c.topics), "narrative": c.narrative}
        restored = None
        if not self.read_only:
            with self.store.session() as s:
                restored = drafts.load_draft(s, self.store.actor, DRAFT_KIND, self.draft_ref)
            values.update(restored or {})
        self._fill(values)
        if c is not None and c.signed:
            signed_on = format_moment(c.signed_at) if c.signed_at else ""
            self.status.setText(self.tr(
                "Signed by {name} on {when}. A signed contact cannot be changed; add an "
                "addendum to correct it.").format(name=c.signed_by, when=signed_on))
        elif self.read_only:
            self.status.setText(self.tr("A draft by {name}. Only its author can change it.")
                                .format(name=c.worker_name if c else ""))
        elif restored:
            self.status.setText(self.tr("Your unsaved typing was restored."))
        else:
            self.status.setText(self.tr("A draft until you sign it. Your typing is kept "
                                        "safe if PeerDesk locks."))
        hidden = self.tr("Not shown for your role")
        if c is not None and c.narrative is None:
            self.narrative.setPlainText(hidden)
        shown = [self.tr("{when} — {author}: {text}").format(
            when=format_moment(at), author=who, text=text if text is not None else hidden)
            for at, who, text in (c.addenda if c else ())]
        self.addenda.setPlainText("\n\n".join(shown))
        self.addenda.setVisible(bool(shown))
        self.addenda_label.setVisible(bool(shown))
        self._make_read_only(self.read_only)
        if not self.read_only:
            for signal in (self.contact_date.textChanged, self.minutes.valueChanged,
                           self.mode.currentIndexChanged, self.narrative.textChanged,
                           *(box.toggled for box in self.topics.values())):
                signal.connect(lambda *_args: self.autosave_timer.start())

    def _fill(self, values: dict[str, Any]) -> None:
        try:
            self.contact_date.set_value(date.fromisoformat(str(values["contact_date"])))
        except ValueError:
            self.contact_date.setText(str(values["contact_date"]))
        self.minutes.setValue(int(values["minutes"]))
        select_data(self.mode, values["mode"])
        for value, box in self.topics.items():
            box.setChecked(value in values["topics"])
        self.narrative.setPlainText(values["narrative"] or "")

    def _make_read_only(self, read_only: bool) -> None:
        for index in self._editable_rows if read_only else self._read_only_rows:
            self.form.setRowVisible(index, False)
        if not read_only:
            return
        self.contact_date.setReadOnly(True)
        self.minutes.setReadOnly(True)
        self.mode.setEnabled(False)
        for box in self.topics.values():
            box.setEnabled(False)
        self.mode_text.setText(self.mode.currentText())
        self.topics_text.setText(", ".join(box.text() for box in self.topics.values()
                                           if box.isChecked()) or self.tr("None recorded"))
        self.narrative.setReadOnly(True)
        self.save_button.hide()

    def form_values(self) -> dict[str, Any]:
        return {"contact_date": self.contact_date.text(), "minutes": self.minutes.value(),
                "mode": self.mode.currentData(), "narrative": self.narrative.toPlainText(),
                "topics": [v for v, box in self.topics.items() if box.isChecked()]}

    # -- autosave -----------------------------------------------------------------------
    def autosave(self) -> None:
        """Keep the typing inside the encrypted file (never on disk elsewhere)."""
        self.autosave_timer.stop()
        if self.read_only or self.store.closed:
            return
        values = self.form_values()
        with contextlib.suppress(ValueError):  # an unreadable date is kept as typed
            values["contact_date"] = self.contact_date.value() or ""
        with contextlib.suppress(StoreError), self.store.session() as s:
            drafts.save_draft(s, self.store.actor, DRAFT_KIND, self.draft_ref, values)

    def _discard_draft(self) -> None:
        self.autosave_timer.stop()
        if self.read_only or self.store.closed:
            return
        with contextlib.suppress(StoreError), self.store.session() as s:
            drafts.discard_draft(s, self.store.actor, DRAFT_KIND, self.draft_ref)

    def close_keeping_draft(self) -> None:
        """For locking: save the typing, then close and forget what is on screen."""
        self.autosave()
        self._keep_draft = True
        self.close()
        self.narrative.clear()
        self.addenda.clear()
        self.status.clear()
        self.setWindowTitle("")
        self.setAccessibleName("")

    def reject(self) -> None:
        if not self._keep_draft:
            self._discard_draft()
        super().reject()

    # -- saving -------------------------------------------------------------------------
    def save(self) -> None:
        for label in (*self.problems.values(), self.general_problem):
            label.clear_problem()
        try:
            day = self.contact_date.value()
        except ValueError as exc:
            self.problems["contact_date"].show_problem(str(exc))
            self.contact_date.setFocus()
            return
        if day is None:
            self.problems["contact_date"].show_problem(self.tr("Please enter the date."))
            self.contact_date.setFocus()
            return
        values = self.form_values()
        data = FamilyContactInput(self.member_id, day, values["minutes"], str(values["mode"]),
                                  values["topics"], values["narrative"])
        try:
            with self.store.session() as s:
                saved = families.save_contact(s, self.store.actor, data,
                                              self.contact.id if self.contact else None)
                saved_id = saved.id
                drafts.discard_draft(s, self.store.actor, DRAFT_KIND, self.draft_ref)
        except ValidationFailed as exc:
            first = None
            for problem in exc.problems:
                label = self.problems.get(problem.field, self.general_problem)
                label.show_problem(problem.message)
                first = first or self.fields.get(problem.field)
            if first is not None:
                first.setFocus()
            return
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self.autosave_timer.stop()
        self._keep_draft = True
        self.accept()
        self.saved.emit(saved_id)
