"""Families: "My families" (everyone's for supervisors who ask), each family member's
details, and their contact log with signing and addenda."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.families import MODES, RELATIONSHIPS, TOPICS
from peerdesk.domain.roles import Permission
from peerdesk.services import families
from peerdesk.services.families import ContactView, FamilyRow
from peerdesk.services.store import Store
from peerdesk.ui.common import ProblemLabel, confirm, format_date
from peerdesk.ui.contact_dialogs import ContactDialog
from peerdesk.ui.family_dialogs import MemberDialog
from peerdesk.ui.list_widgets import (
    RowsModel,
    RowsTable,
    TextEntryDialog,
    format_moment,
    heading,
    reading_pane,
)


class FamiliesPage(QWidget):
    """``open_participant(id)`` asks for the linked loved one's workspace."""

    open_participant = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        actor = store.actor
        self.writes = actor.can(Permission.WRITE_NOTES)
        self.dialog: MemberDialog | ContactDialog | TextEntryDialog | None = None
        self.setAccessibleName(self.tr("Families"))
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("My families"), 1.4)
        layout.addWidget(self.title)

        bar = QHBoxLayout()
        self.show_all = QCheckBox(self.tr("Show all famil&ies"))
        self.show_all.setAccessibleName(self.tr("Show all families, not only yours"))
        self.show_all.setVisible(actor.can(Permission.VIEW_ALL_FAMILIES))
        self.show_all.setChecked(actor.can(Permission.VIEW_ALL_FAMILIES) and not self.writes)
        self.show_all.toggled.connect(lambda _on: self.refresh())
        self.add_button = QPushButton(self.tr("&Add family member…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected family member"))
        self.loved_one_button = QPushButton(self.tr("Open loved &one's record"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.loved_one_button.clicked.connect(self._open_loved_one)
        for widget in (self.show_all, self.add_button, self.edit_button,
                       self.loved_one_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.add_button.setEnabled(self.writes)
        if not self.writes:
            self.add_button.setToolTip(self.tr("Your role does not include recording families."))

        self.members_model = RowsModel([
            (self.tr("Name"), lambda r: r.name),
            (self.tr("Relationship"), lambda r: RELATIONSHIPS.get(r.relationship,
                                                                  self.tr("Not recorded"))),
            (self.tr("Loved one"), self._loved_one_text),
            (self.tr("Last contact"), lambda r: format_date(r.last_contact_on)
             if r.last_contact_on else self.tr("None yet")),
            (self.tr("Consent to contact"), self._consent_text),
            (self.tr("Worker"), lambda r: r.worker_name),
        ], self)
        self.members = RowsTable(self.members_model, self.tr("Family members"), 2)
        self.members.open_row.connect(lambda _row: self.open_edit_dialog())
        self.count = QLabel()
        self.count.setBuddy(self.members)
        self.count.setWordWrap(True)

        self.contacts_model = RowsModel([
            (self.tr("Date"), lambda c: format_date(c.contact_date)),
            (self.tr("How"), lambda c: MODES.get(c.mode, c.mode)),
            (self.tr("Minutes"), lambda c: str(c.minutes)),
            (self.tr("Topics"), lambda c: ", ".join(TOPICS.get(t, t) for t in c.topics)),
            (self.tr("Status"), self._status_text),
        ], self)
        self.contacts = RowsTable(self.contacts_model, self.tr("Contact log"), 3)
        self.contacts.open_row.connect(lambda _row: self.open_contact())
        self.contacts_heading = heading(self.tr("Contact log"))
        self.contacts_heading.setBuddy(self.contacts)
        contact_bar = QHBoxLayout()
        self.log_button = QPushButton(self.tr("&Log contact…"))
        self.open_contact_button = QPushButton(self.tr("O&pen contact…"))
        self.sign_button = QPushButton(self.tr("&Sign…"))
        self.sign_button.setAccessibleName(self.tr("Sign the selected contact"))
        self.addendum_button = QPushButton(self.tr("Add adden&dum…"))
        self.addendum_button.setAccessibleName(self.tr("Add an addendum to the selected "
                                                       "contact"))
        self.log_button.clicked.connect(lambda: self.open_contact(new=True))
        self.open_contact_button.clicked.connect(lambda: self.open_contact())
        self.sign_button.clicked.connect(self.ask_sign)
        self.addendum_button.clicked.connect(self.open_addendum_dialog)
        for button in (self.log_button, self.open_contact_button, self.sign_button,
                       self.addendum_button):
            contact_bar.addWidget(button)
        contact_bar.addStretch(1)
        detail_label = QLabel(self.tr("Selected contact's &note:"))
        self.detail = reading_pane(self.tr("Selected contact's note and addenda"))
        detail_label.setBuddy(self.detail)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        top = QWidget()
        top_column = QVBoxLayout(top)
        top_column.setContentsMargins(0, 0, 0, 0)
        top_column.addWidget(self.count)
        top_column.addWidget(self.members, 1)
        middle = QWidget()
        middle_column = QVBoxLayout(middle)
        middle_column.setContentsMargins(0, 0, 0, 0)
        middle_column.addWidget(self.contacts_heading)
        middle_column.addWidget(self.contacts, 1)
        middle_column.addLayout(contact_bar)
        bottom = QWidget()
        bottom_column = QVBoxLayout(bottom)
        bottom_column.setContentsMargins(0, 0, 0, 0)
        bottom_column.addWidget(detail_label)
        bottom_column.addWidget(self.detail, 1)
        for part in (top, middle, bottom):
            splitter.addWidget(part)
        for index, share in enumerate((4, 3, 2)):  # members get the most room, the note least
            splitter.setStretchFactor(index, share)
        splitter.setSizes([400, 300, 200])
        layout.addWidget(splitter, 1)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName(self.tr("Last action"))
        layout.addWidget(self.notice)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)

        self.members.selectionModel().currentRowChanged.connect(lambda *_: self.load_contacts())
        self.contacts.selectionModel().currentRowChanged.connect(lambda *_: self._show_contact())
        order = [self.show_all, self.add_button, self.edit_button, self.loved_one_button,
                 self.members, self.contacts, self.log_button, self.open_contact_button,
                 self.sign_button, self.addendum_button, self.detail]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.refresh()

    # -- texts --------------------------------------------------------------------------
    def _loved_one_text(self, row: FamilyRow) -> str:
        if row.participant_id is None:
            if row.loved_one_description:
                return self.tr("Loved one not enrolled: {about}").format(
                    about=row.loved_one_description)
            return self.tr("Loved one not enrolled")
        return row.participant_name or self.tr("Enrolled (not on your caseload)")

    def _consent_text(self, row: FamilyRow) -> str:
        if not row.consent_to_contact:
            return self.tr("No")
        if row.consent_to_contact_on:
            return self.tr("Yes (given {day})").format(day=format_date(row.consent_to_contact_on))
        return self.tr("Yes")

    def _status_text(self, contact: ContactView) -> str:
        if contact.signed:
            text = self.tr("Signed by {name}").format(name=contact.signed_by)
            if contact.addenda:
                text += self.tr(" · {n} addenda").format(n=len(contact.addenda))
            return text
        return self.tr("Draft (not signed) by {name}").format(name=contact.worker_name)

    # -- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.store.closed:
            self.clear_sensitive()
            return
        selected = self.current_member()
        everyone = self.show_all.isChecked()
        self.title.setText(self.tr("All families") if everyone else self.tr("My families"))
        try:
            with self.store.session() as s:
                rows = families.family_rows(s, self.store.actor, include_all=everyone)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.problem.clear_problem()
        self.members_model.set_rows(rows)
        if rows:
            self.count.setText(self.tr("Family &members: {n}").format(n=len(rows)))
        elif everyone:
            self.count.setText(self.tr("No family members are recorded yet."))
        else:
            self.count.setText(self.tr("No family members are assigned to you yet."))
        ids = [r.id for r in rows]
        self.members.select_row(ids.index(selected.id) if selected and selected.id in ids else 0)
        self.load_contacts()

    def current_member(self) -> FamilyRow | None:
        return self.members.current()

    def current_contact(self) -> ContactView | None:
        return self.contacts.current()

    def load_contacts(self, select_id: int | None = None) -> None:
        member = self.current_member()
        self.edit_button.setEnabled(member is not None and self.writes)
        self.loved_one_button.setEnabled(member is not None and bool(member.participant_name))
        self.log_button.setEnabled(member is not None and self.writes)
        if member is None:
            self.contacts_model.clear()
            self.contacts_heading.setText(self.tr("Contact log"))
            self._show_contact()
            return
        try:
            with self.store.session() as s:
                views = families.contact_views(s, self.store.actor, member.id)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            views = []
        self.contacts_model.set_rows(views)
        self.contacts_heading.setText(self.tr("&Contacts with {name} ({n})").format(
            name=member.name, n=len(views)))
        ids = [v.id for v in views]
        self.contacts.select_row(ids.index(select_id) if select_id in ids else 0)
        self._show_contact()

    def _show_contact(self) -> None:
        contact = self.current_contact()
        self.open_contact_button.setEnabled(contact is not None)
        self.sign_button.setEnabled(contact is not None and contact.editable)
        self.addendum_button.setEnabled(contact is not None and contact.addendum_allowed)
        if contact is None:
            self.detail.clear()
            return
        hidden = self.tr("Not shown for your role")
        topics = ", ".join(TOPICS.get(t, t) for t in contact.topics) or self.tr("none recorded")
        parts = [self.tr("Topics: {topics}").format(topics=topics),
                 contact.narrative if contact.narrative is not None else hidden]
        for at, who, text in contact.addenda:
            parts.append(self.tr("Addendum, {when}, {author}: {text}").format(
                when=format_moment(at), author=who, text=text if text is not None else hidden))
        self.detail.setPlainText("\n\n".join(parts))

    # -- dialogs ------------------------------------------------------------------------
    def _replace_dialog(self, dialog: MemberDialog | ContactDialog | TextEntryDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def open_add_dialog(self) -> None:
        dialog = MemberDialog(self.store, None, self)
        dialog.saved.connect(self._member_saved)
        self._replace_dialog(dialog)

    def open_edit_dialog(self) -> None:
        member = self.current_member()
        if member is None or not self.writes:
            return
        try:
            dialog = MemberDialog(self.store, member.id, self)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        dialog.saved.connect(self._member_saved)
        self._replace_dialog(dialog)

    def _member_saved(self, member_id: int, name: str) -> None:
        self.refresh()
        ids = [self.members_model.row_at(i).id for i in range(self.members_model.rowCount())]
        if member_id in ids:
            self.members.select_row(ids.index(member_id))
        self.notice.setText(self.tr("Saved {name}.").format(name=name))
        self.members.setFocus()

    def open_contact(self, new: bool = False) -> None:
        member = self.current_member()
        if member is None:
            return
        contact = None
        if not new:
            current = self.current_contact()
            if current is None:
                return
            try:
                with self.store.session() as s:  # opening a contact is a view: audited
                    contact = families.get_contact(s, self.store.actor, current.id)
            except StoreError as exc:
                self.problem.show_problem(str(exc))
                return
        dialog = ContactDialog(self.store, member.id, member.name, contact, self)
        dialog.saved.connect(self._contact_saved)
        self._replace_dialog(dialog)

    def _contact_saved(self, contact_id: int) -> None:
        self.notice.setText(self.tr("Contact saved as a draft. Sign it when it is complete."))
        self.refresh()
        self.load_contacts(select_id=contact_id)
        self.contacts.setFocus()

    def ask_sign(self) -> None:
        contact = self.current_contact()
        if contact is None or not contact.editable:
            return
        contact_id = contact.id
        confirm(self, self.tr("Sign this contact?"), self.tr(
            "A signed contact cannot be changed. Corrections are made with a dated addendum. "
            "Sign it now?"), self.tr("&Sign contact"), lambda: self.sign(contact_id))

    def sign(self, contact_id: int) -> None:
        try:
            with self.store.session() as s:
                families.sign_contact(s, self.store.actor, contact_id)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.problem.clear_problem()
        self.notice.setText(self.tr("Contact signed. It can no longer be changed."))
        self.load_contacts(select_id=contact_id)
        self.contacts.setFocus()

    def open_addendum_dialog(self) -> None:
        contact = self.current_contact()
        if contact is None or not contact.addendum_allowed:
            return
        contact_id = contact.id
        dialog = TextEntryDialog(
            self.store, self.tr("Add addendum — PeerDesk"),
            self.tr("An addendum is dated and signed with your name. The contact itself does "
                    "not change."),
            self.tr("&Addendum:"), self.tr("&Add addendum"),
            lambda s, text: families.add_contact_addendum(s, self.store.actor, contact_id,
                                                          text), self)
        dialog.done_text.connect(lambda _text: self._addendum_added(contact_id))
        self._replace_dialog(dialog)

    def _addendum_added(self, contact_id: int) -> None:
        self.notice.setText(self.tr("Addendum added."))
        self.load_contacts(select_id=contact_id)
        self.contacts.setFocus()

    def _open_loved_one(self) -> None:
        member = self.current_member()
        if member is not None and member.participant_id is not None:
            self.open_participant.emit(member.participant_id)

    def clear_sensitive(self) -> None:
        """Called on lock: keep an open contact draft (inside the file), forget the rest."""
        dialog, self.dialog = self.dialog, None
        if isinstance(dialog, ContactDialog):
            dialog.close_keeping_draft()
        elif isinstance(dialog, MemberDialog):
            dialog.clear_sensitive()
            dialog.close()
        elif isinstance(dialog, TextEntryDialog):
            dialog.intro.clear()
            dialog.text.clear()
            dialog.close()
        if dialog is not None:
            dialog.deleteLater()
        self.members_model.clear()
        self.contacts_model.clear()
        self.detail.clear()
        self.contacts_heading.setText(self.tr("Contact log"))
        self.count.clear()
        self.notice.clear()
        self.problem.clear_problem()
