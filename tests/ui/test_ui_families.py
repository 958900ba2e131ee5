"""Families: add a family member (problems shown by the fields), log, sign and correct a
contact; program managers never see the words; supervisors can see every family."""

from __future__ import annotations

from datetime import date, timedelta

from page_helpers import all_texts, rows, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import button_named, click, find_message, tick, type_into

from peerdesk.domain.families import FamilyContactInput, FamilyMemberInput
from peerdesk.services import drafts, families
from peerdesk.ui.common import format_date
from peerdesk.ui.contact_dialogs import DRAFT_KIND, ContactDialog
from peerdesk.ui.families_page import FamiliesPage
from peerdesk.ui.family_dialogs import MemberDialog
from peerdesk.ui.list_widgets import TextEntryDialog

YESTERDAY = date.today() - timedelta(days=1)
WORDS = "Practised a CRAFT conversation for Sunday dinner."


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, (text, [combo.itemText(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)


def signed_family(store, first: str = "Gloria") -> int:  # type: ignore[no-untyped-def]
    with store.session() as s:
        member = families.save_member(s, store.actor, FamilyMemberInput(
            first, "Vance", "parent", loved_one_description="her son, 24"))
        contact = families.save_contact(s, store.actor, FamilyContactInput(
            member.id, YESTERDAY, 30, "phone", ["craft"], WORDS))
        families.sign_contact(s, store.actor, contact.id)
        return member.id


def test_a_family_peer_specialist_adds_a_member_logs_and_signs_a_contact(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    page = FamiliesPage(team.login("fay"))
    show(qtbot, page)
    assert page.count.text() == "No family members are assigned to you yet."
    assert unnamed_controls(page) == [] and unlabelled_fields(page) == []
    assert not page.show_all.isVisible()
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, MemberDialog) and dialog.isVisible()
    assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
    type_into(qtbot, dialog.first_name, "Gloria")
    choose(dialog.relationship, "Parent")
    type_into(qtbot, dialog.loved_one, "her son, 24")
    tick(qtbot, dialog.consent)  # consent without its date
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "Please enter a last name." in dialog.problems["last_name"].text()
    assert dialog.problems["consent_to_contact_on"].isVisible()
    assert dialog.consent_on.accessibleDescription() == \
        "Please enter the date consent to contact was given."
    type_into(qtbot, dialog.last_name, "Vance")
    type_into(qtbot, dialog.consent_on, format_date(YESTERDAY))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert rows(page.members) == [[
        "Gloria Vance", "Parent", "Loved one not enrolled: her son, 24", "None yet",
        f"Yes (given {format_date(YESTERDAY)})", "Fay Family"]]

    click(qtbot, page.log_button)
    contact = page.dialog
    assert isinstance(contact, ContactDialog) and not contact.read_only
    assert unnamed_controls(contact) == [] and unlabelled_fields(contact) == []
    type_into(qtbot, contact.contact_date, format_date(YESTERDAY))
    contact.minutes.setValue(45)
    choose(contact.mode, "In person")
    tick(qtbot, contact.topics["craft"])
    tick(qtbot, contact.topics["support"])
    qtbot.keyClicks(contact.narrative, WORDS)
    click(qtbot, contact.save_button)
    assert not contact.isVisible()
    [[day, how, minutes, topics, status]] = rows(page.contacts)
    assert (day, how, minutes, status) == (format_date(YESTERDAY), "In person", "45",
                                           "Draft (not signed) by Fay Family")
    assert "CRAFT-style coaching" in topics and "Emotional support" in topics
    assert page.detail.toPlainText().endswith(WORDS)
    assert "Topics: Emotional support, CRAFT-style coaching" in page.detail.toPlainText()
    assert page.sign_button.isEnabled() and not page.addendum_button.isEnabled()

    click(qtbot, page.sign_button)
    box = find_message(page)
    assert "cannot be changed" in box.text()
    click(qtbot, button_named(box, "Sign contact"))
    assert rows(page.contacts)[0][4] == "Signed by Fay Family, CPRS"
    assert not page.sign_button.isEnabled() and page.addendum_button.isEnabled()

    click(qtbot, page.open_contact_button)
    opened = page.dialog
    assert isinstance(opened, ContactDialog) and opened.read_only
    assert opened.narrative.isReadOnly() and opened.contact_date.isReadOnly()
    assert not opened.save_button.isVisible() and not opened.mode.isVisible()
    assert opened.mode_text.text() == "In person" and opened.mode_text.isReadOnly()
    assert opened.topics_text.text() == "Emotional support, CRAFT-style coaching"
    assert unnamed_controls(opened) == [] and unlabelled_fields(opened) == []
    assert "cannot be changed" in opened.status.text()
    opened.reject()

    click(qtbot, page.addendum_button)
    addendum = page.dialog
    assert isinstance(addendum, TextEntryDialog)
    click(qtbot, addendum.ok_button)
    assert "Please write the addendum." in addendum.problem.text()
    type_into(qtbot, addendum.text, "Also gave her the family group's times.")
    click(qtbot, addendum.ok_button)
    assert not addendum.isVisible()
    assert rows(page.contacts)[0][4] == "Signed by Fay Family, CPRS · 1 addenda"
    assert "Also gave her the family group's times." in page.detail.toPlainText()


def test_a_program_manager_sees_contacts_but_not_their_words(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    signed_family(team.login("fay"))
    page = FamiliesPage(team.login("pm"))
    show(qtbot, page)
    assert page.show_all.isChecked() and page.title.text() == "All families"
    assert rows(page.members)[0][0] == "Gloria Vance"
    assert rows(page.contacts)[0][4] == "Signed by Fay Family, CPRS"
    assert page.detail.toPlainText() == "Topics: CRAFT-style coaching\n\nNot shown for your role"
    assert not page.add_button.isEnabled() and not page.log_button.isEnabled()
    assert not page.sign_button.isEnabled() and not page.addendum_button.isEnabled()
    click(qtbot, page.open_contact_button)
    opened = page.dialog
    assert isinstance(opened, ContactDialog) and opened.read_only
    assert opened.narrative.toPlainText() == "Not shown for your role"
    assert "CRAFT conversation" not in all_texts(page)


def test_a_supervisor_sees_all_families_and_links_a_loved_one(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    signed_family(team.login("fay"))
    page = FamiliesPage(team.login("sue"))
    show(qtbot, page)
    assert rows(page.members) == [] and page.title.text() == "My families"
    tick(qtbot, page.show_all)
    assert page.title.text() == "All families" and len(rows(page.members)) == 1
    click(qtbot, page.edit_button)
    dialog = page.dialog
    assert isinstance(dialog, MemberDialog) and dialog.first_name.text() == "Gloria"
    assert dialog.participant.currentText() == "Loved one not enrolled"
    qtbot.keyClicks(dialog.find_participant, "nune")
    assert dialog.participant.currentText() == "Marisol Núñez"
    assert not dialog.loved_one.isEnabled()
    choose(dialog.assigned_worker, "Fay Family, CPRS")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert rows(page.members)[0][2] == "Marisol Núñez"
    with qtbot.waitSignal(page.open_participant) as opened:
        click(qtbot, page.loved_one_button)
    assert opened.args == [team.pat_participant]


def test_locking_keeps_typing_as_a_draft_and_clears_every_name(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    fay = team.login("fay")
    member_id = signed_family(fay)
    page = FamiliesPage(fay)
    show(qtbot, page)
    click(qtbot, page.log_button)
    dialog = page.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.narrative, "Half-written thoughts about the call")
    assert "Gloria" in all_texts(page) and "CRAFT conversation" in all_texts(page)
    page.clear_sensitive()
    texts = all_texts(page)
    assert "Gloria" not in texts and "Vance" not in texts and "CRAFT conversation" not in texts
    assert "Half-written" not in texts
    with fay.session() as s:
        kept = drafts.load_draft(s, fay.actor, DRAFT_KIND, f"{member_id}:new")
    assert kept is not None and kept["narrative"] == "Half-written thoughts about the call"
    page.refresh()
    click(qtbot, page.log_button)
    again = page.dialog
    assert isinstance(again, ContactDialog)
    assert again.narrative.toPlainText() == "Half-written thoughts about the call"
    assert again.status.text() == "Your unsaved typing was restored."
    again.reject()  # cancelling throws the typing away
    with fay.session() as s:
        assert drafts.load_draft(s, fay.actor, DRAFT_KIND, f"{member_id}:new") is None


def test_the_forms_tab_in_reading_order(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    page = FamiliesPage(team.login("sue"))
    show(qtbot, page)
    page.open_add_dialog()
    dialog = page.dialog
    assert isinstance(dialog, MemberDialog)
    dialog.consent.setChecked(True)  # the consent date is available only with consent
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.first_name.setFocus()
    expected = [dialog.last_name, dialog.relationship, dialog.find_participant,
                dialog.participant, dialog.loved_one, dialog.phone, dialog.email,
                dialog.preferred_language, dialog.consent, dialog.consent_on,
                dialog.assigned_worker]
    for field in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is field, field.accessibleName()
    dialog.reject()

    signed_family(team.login("fay"))
    page.show_all.setChecked(True)
    page.open_contact(new=True)
    contact = page.dialog
    assert isinstance(contact, ContactDialog)
    contact.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is contact)
    contact.contact_date.setFocus()
    expected = [contact.minutes, contact.mode, *contact.topics.values(), contact.narrative,
                contact.save_button]
    for field in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is field, field.accessibleName()
