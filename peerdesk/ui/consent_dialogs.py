"""Record a 42 CFR Part 2 consent (every § 2.31 element, each problem shown by its field),
print the form to sign, and end one (revocation, or its expiry event having happened)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from peerdesk.domain.consents import (
    PURPOSE_SUGGESTIONS,
    RECIPIENT_CLASSES,
    REVOCATION_METHODS,
    SIGNER_RELATIONSHIPS,
    ConsentInput,
    split_recipients,
)
from peerdesk.services import consents
from peerdesk.services.actor import Actor
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import (
    DateField,
    ProblemLabel,
    add_checked_row,
    date_hint,
    fit_to_font,
    set_min_width_chars,
)
from peerdesk.ui.forms import heading, share_window_actions, tab_chain


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class ConsentDialog(QDialog):
    """A new consent (``consent_id`` None, optionally pre-filled with ``recipient``), or a
    recorded one: editable until signed, read-only after. Emits ``saved(consent id)``;
    ``printed(path)`` after the form is written."""

    saved = Signal(int)
    printed = Signal(str)

    def __init__(self, store: Store, participant_id: int, consent_id: int | None = None,
                 recipient: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id, self.consent_id = participant_id, consent_id
        self.file_dialog: QFileDialog | None = None
        share_window_actions(self, parent)
        start = ops.read(store, lambda s, actor: consents.open_consent_form(
            s, actor, participant_id, consent_id, recipient))
        name, data, self.read_only = start.participant_name, start.data, start.read_only
        title = self.tr("Consent to share information") if consent_id is None else \
            self.tr("Consent")
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.tr("Consent for {name} (42 CFR Part 2)").format(name=name),
                                1.2))
        intro = QLabel(self.tr(
            "Fill in what the participant agrees to share, print the form for them to sign, "
            "then enter the date they signed. Leave the date empty until it is signed."))
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("About this form"))
        outer.addWidget(intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(name: str, text: str, widget: QWidget, accessible: str | None = None) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget, accessible_name=accessible)

        self.discloser = QLineEdit()
        row("discloser", self.tr("&Who may disclose:"), self.discloser)
        self.information = _text_box(3)
        self.information.setPlaceholderText(self.tr(
            "for example: name, date of birth, phone, that I take part in peer recovery "
            "support, and my housing needs"))
        row("information", self.tr("&What information (be specific):"), self.information,
            self.tr("What information may be disclosed"))
        self.recipients = _text_box(3)
        self.recipients.setPlaceholderText(self.tr("one person or organization per line"))
        row("recipients", self.tr("&Recipients by name (one per line):"), self.recipients,
            self.tr("Recipients by name"))
        classes = QWidget()
        column = QVBoxLayout(classes)
        column.setContentsMargins(0, 0, 0, 0)
        self.classes: dict[str, QCheckBox] = {}
        for key, (label, _kinds) in RECIPIENT_CLASSES.items():
            box = QCheckBox(label)
            self.classes[key] = box
            column.addWidget(box)
        self.fields["recipient_classes"] = classes
        caption = QLabel(self.tr("Or classes of recipients:"))
        self.problems["recipient_classes"] = ProblemLabel(self)
        form.addRow(caption, classes)
        form.addRow("", self.problems["recipient_classes"])
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        self.purpose.addItems(PURPOSE_SUGGESTIONS)
        row("purpose", self.tr("&Purpose:"), self.purpose)
        self.revocation_how = _text_box(2)
        row("revocation_how", self.tr("How to &revoke:"), self.revocation_how,
            self.tr("How the participant can revoke the consent"))
        self.expires_on = DateField()
        row("expires_on", self.tr("E&xpires on ({format}):").format(format=date_hint()),
            self.expires_on, self.tr("Expiration date"))
        self.expiry_event = QLineEdit()
        self.expiry_event.setPlaceholderText(self.tr("or an event, e.g. when my housing case "
                                                     "is closed"))
        row("expiry_event", self.tr("Or ends &when:"), self.expiry_event,
            self.tr("Event that ends the consent"))
        self.relationship = QComboBox()
        for key, label in SIGNER_RELATIONSHIPS.items():
            self.relationship.addItem(label, key)
        row("signer_relationship", self.tr("Signed &by:"), self.relationship,
            self.tr("Who signs"))
        self.signer_name = QLineEdit()
        self.signer_name.setMaxLength(120)
        row("signer_name", self.tr("Name of the person &signing:"), self.signer_name)
        self.signed_on = DateField()
        row("signed_on", self.tr("&Date signed ({format}):").format(format=date_hint()),
            self.signed_on, self.tr("Date signed"))
        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = buttons.addButton(self.tr("&Print consent form…"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setAccessibleName(self.tr("Print consent form"))
        self.save_button = buttons.addButton(self.tr("Save &consent"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.clicked.connect(lambda: self.print_form())
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._load(data)
        if self.read_only:
            self._make_read_only()
        tab_chain(self.discloser, self.information, self.recipients,
                  *self.classes.values(), self.purpose, self.revocation_how, self.expires_on,
                  self.expiry_event, self.relationship, self.signer_name, self.signed_on,
                  self.print_button, self.save_button)
        set_min_width_chars(self, 72)
        fit_to_font(self, 92, 48)
        (self.information if consent_id is None else self.discloser).setFocus()

    def _load(self, data: ConsentInput) -> None:
        self.discloser.setText(data.discloser)
        self.information.setPlainText(data.information)
        self.recipients.setPlainText("\n".join(data.recipients))
        for key, box in self.classes.items():
            box.setChecked(key in data.recipient_classes)
        self.purpose.setCurrentText(data.purpose)
        self.revocation_how.setPlainText(data.revocation_how)
        self.expires_on.set_value(data.expires_on)
        self.expiry_event.setText(data.expiry_event)
        self.relationship.setCurrentIndex(max(0, self.relationship.findData(
            data.signer_relationship)))
        self.signer_name.setText(data.signer_name)
        self.signed_on.set_value(data.signed_on)

    def _make_read_only(self) -> None:
        for edit in (self.discloser, self.expiry_event, self.signer_name, self.expires_on,
                     self.signed_on):
            edit.setReadOnly(True)
        for box in (self.information, self.recipients, self.revocation_how):
            box.setReadOnly(True)
        for widget in (self.purpose, self.relationship, *self.classes.values()):
            widget.setEnabled(False)
        self.save_button.hide()
        self.general_problem.show_problem(self.tr(
            "This consent is signed and cannot be changed. To change it, revoke it and record "
            "a new one."))

    def collect(self) -> ConsentInput:
        """The form as service input; ValueError(field, message) for an unreadable date."""
        dates = {}
        for name in ("expires_on", "signed_on"):
            field = self.fields[name]
            assert isinstance(field, DateField)
            try:
                dates[name] = field.value()
            except ValueError as exc:
                raise ValueError(name, str(exc)) from exc
        return ConsentInput(
            discloser=self.discloser.text(), information=self.information.toPlainText(),
            recipients=split_recipients(self.recipients.toPlainText()),
            recipient_classes=[k for k, box in self.classes.items() if box.isChecked()],
            purpose=self.purpose.currentText(), revocation_how=self.revocation_how.toPlainText(),
            expires_on=dates["expires_on"], expiry_event=self.expiry_event.text(),
            signer_name=self.signer_name.text(),
            signer_relationship=str(self.relationship.currentData()),
            signed_on=dates["signed_on"])

    def _clear(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        if not self.read_only:
            self.general_problem.clear_problem()

    def _collect_or_show(self) -> ConsentInput | None:
        self._clear()
        try:
            return self.collect()
        except ValueError as exc:
            field, message = exc.args
            self.problems[field].show_problem(message)
            self.fields[field].setFocus()
            return None

    def save(self) -> None:
        data = self._collect_or_show()
        if data is None:
            return
        out = ops.run(self, self.store, lambda s, actor: consents.save_consent(
            s, actor, self.participant_id, data, self.consent_id).id,
            fields=self._targets(), changed=ops.CONSENTS)
        if not out or out.value is None:
            return
        saved_id = out.value
        self.consent_id = saved_id
        self.accept()
        self.saved.emit(saved_id)

    def print_form(self, path: Path | str | None = None) -> None:
        """Write the form (as filled in now) to ``path``; without one, ask where."""
        if path is None:
            dialog = QFileDialog(self, self.tr("Save the consent form"), "",
                                 self.tr("PDF files (*.pdf)"))
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("pdf")
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.fileSelected.connect(lambda chosen: self.print_form(chosen))
            self.file_dialog = dialog
            dialog.open()
            return
        data = self._collect_or_show()
        if data is None:
            return
        if not ops.run(self, self.store, lambda s, actor: consents.print_consent_draft(
                s, actor, self.participant_id, data, path), problem=self.general_problem):
            return
        self.printed.emit(str(path))

    def _targets(self) -> ops.FieldTargets:
        return ops.FieldTargets(self.problems, self.fields, self.general_problem)


class ConsentEndDialog(QDialog):
    """``mode`` "revoke" records a revocation; "event" records that the expiry event
    happened. Emits ``saved(consent id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, consent_id: int, mode: str = "revoke",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.consent_id, self.mode = store, consent_id, mode
        share_window_actions(self, parent)
        view = ops.read(store, lambda s, actor: consents.get_consent(s, actor, consent_id))
        title = self.tr("Revoke consent") if mode == "revoke" else \
            self.tr("The event that ends the consent happened")
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, 1.2))
        about = QLabel(self.tr("Consent for {who}, signed {day}.").format(
            who=view.recipients_label, day=view.signed_on or self.tr("not yet")) + (
            "" if mode == "revoke" else " " + self.tr("It ends when: {e}").format(
                e=view.expiry_event)))
        about.setWordWrap(True)
        about.setAccessibleName(self.tr("Which consent"))
        layout.addWidget(about)
        form = QFormLayout()
        layout.addLayout(form)
        self.on = DateField()
        self.on.set_value(date.today())
        self.method = QComboBox()
        for key, label in REVOCATION_METHODS.items():
            self.method.addItem(label, key)
        self.problems = {"date": add_checked_row(form, self.tr("&Date ({format}):").format(
            format=date_hint()), self.on, accessible_name=self.tr("Date"))}
        if mode == "revoke":
            self.problems["revocation_method"] = add_checked_row(
                form, self.tr("&How:"), self.method, accessible_name=self.tr("How it was "
                                                                             "revoked"))
        self.general_problem = ProblemLabel(self)
        layout.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            self.tr("&Revoke") if mode == "revoke" else self.tr("&Record"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        set_min_width_chars(self, 50)

    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        try:
            on = self.on.value() or date.today()
        except ValueError as exc:
            self.problems["date"].show_problem(str(exc))
            return
        method = str(self.method.currentData())

        def end(s: Session, actor: Actor) -> None:
            if self.mode == "revoke":
                consents.revoke_consent(s, actor, self.consent_id, on, method)
            else:
                consents.mark_event_occurred(s, actor, self.consent_id, on)

        # every problem on the one line below the form, as before
        if not ops.run(self, self.store, end, problem=self.general_problem,
                       fields=ops.FieldTargets({}, {}, self.general_problem),
                       changed=ops.CONSENTS):
            return
        self.accept()
        self.saved.emit(self.consent_id)
