"""Referrals and consents driven through the real widgets: a referral blocked for lack of
consent explains why, a consent is recorded (and its form printed) from that explanation,
then the referral is made and moved through its statuses; the follow-up list shows what is
due; a program manager sees no notes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from page_helpers import all_texts, rows, show
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import click, tick, type_into

from peerdesk.domain.referrals import ReferralInput
from peerdesk.domain.resources import ServiceInput
from peerdesk.services import directory, referrals
from peerdesk.ui.common import format_date
from peerdesk.ui.consent_dialogs import ConsentDialog, ConsentEndDialog
from peerdesk.ui.followups import FollowUpsWidget
from peerdesk.ui.referral_dialogs import ReferralDialog, StatusChangeDialog
from peerdesk.ui.referrals_panel import ReferralsPanel

TODAY = date.today()
DAY = timedelta(days=1)


def add_shelter(team) -> int:  # type: ignore[no-untyped-def]
    with team.admin.session() as s:
        return directory.save_service(s, team.admin.actor, ServiceInput(
            "Emergency beds", "Harbor House", "Overnight shelter", ["pd:housing"],
            city="Riverbend", postal_code="97301")).id


def test_a_blocked_referral_explains_then_a_consent_is_recorded_and_the_referral_made(
        qtbot: QtBot, team, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_shelter(team)
    panel = ReferralsPanel(team.login("pat"), team.pat_participant)
    show(qtbot, panel)
    assert unnamed_controls(panel) == [] and unlabelled_fields(panel) == []
    assert panel.detail.toPlainText() == "No referrals yet."
    click(qtbot, panel.new_referral_button)
    dialog = panel.dialog
    assert isinstance(dialog, ReferralDialog) and dialog.isVisible()
    assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
    type_into(qtbot, dialog.search, "harbor")
    assert dialog.results.count() == 1
    dialog.results.setFocus()
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
    assert dialog.service_id() is not None
    assert dialog.kind.currentText() == "Housing and shelter"
    tick(qtbot, dialog.shares)
    assert dialog.consent_box.isVisible()  # said before saving, too
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    explanation = dialog.consent_text.text()
    assert "Sharing information with Harbor House needs Marisol's written consent" \
        in explanation
    assert "give Marisol the contact details instead" in explanation
    assert dialog.consent_button.text() == "Record a &consent for Harbor House…"

    click(qtbot, dialog.consent_button)
    consent = dialog.consent_dialog
    assert isinstance(consent, ConsentDialog) and consent.isVisible()
    assert unnamed_controls(consent) == [] and unlabelled_fields(consent) == []
    assert consent.recipients.toPlainText() == "Harbor House"
    assert consent.discloser.text() == "Harbor Light Recovery Community (test)"
    assert consent.signer_name.text() == "Marisol Núñez"
    click(qtbot, consent.save_button)
    assert consent.isVisible()
    assert consent.problems["information"].isVisible()
    assert "describe the information specifically" in consent.information.accessibleDescription()
    consent.information.setFocus()
    qtbot.keyClicks(consent.information, "Name, phone, and that I need a bed tonight")
    form = tmp_path / "consent.pdf"
    consent.print_form(form)
    assert form.read_bytes().startswith(b"%PDF")
    type_into(qtbot, consent.signed_on, format_date(TODAY))
    click(qtbot, consent.save_button)
    assert not consent.isVisible()
    assert dialog.consent_text.text().startswith("✓ A consent in force covers this recipient")
    assert not dialog.consent_button.isVisible()

    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    [[_day, to, status, follow, how]] = rows(panel.referrals)
    assert to == "Emergency beds — Harbor House"
    assert status == f"Made since {format_date(TODAY)}"
    assert follow == format_date(TODAY + 7 * DAY) and how == "shares information"
    assert rows(panel.consents)[0][:2] == ["Harbor House", "In force"]


def test_a_referral_moves_through_its_statuses(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    with pat.session() as s:
        referrals.make_referral(s, pat.actor, ReferralInput(
            participant_id=team.pat_participant, recipient_name="Riverbend Food Bank",
            recipient_kind="food", reason="Pantry hours clash with work",
            referred_on=TODAY - 3 * DAY))
    panel = ReferralsPanel(pat, team.pat_participant)
    show(qtbot, panel)
    for status, note in [("Contacted", "Called together"), ("Connected", "Has a pick-up time"),
                         ("Completed", "Picked up a box")]:
        click(qtbot, panel.update_button)
        dialog = panel.dialog
        assert isinstance(dialog, StatusChangeDialog) and dialog.isVisible()
        assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
        dialog.status.setCurrentIndex(dialog.status.findText(status))
        qtbot.keyClicks(dialog.note, note)
        if status == "Completed":
            assert not dialog.follow_up.isEnabled()
        click(qtbot, dialog.save_button)
        assert not dialog.isVisible(), dialog.general_problem.text()
        assert rows(panel.referrals)[0][2] == f"{status} since {format_date(TODAY)}"
    history = panel.detail.toPlainText().splitlines()
    assert history[0] == f"{format_date(TODAY - 3 * DAY)}: Made — Pat Rivera"
    assert history[-2] == f"{format_date(TODAY)}: Completed — Pat Rivera — Picked up a box"
    assert history[-1] == "Note: Pantry hours clash with work"
    assert not panel.update_button.isEnabled()  # it has ended


def test_the_follow_up_list_shows_what_is_due_and_records_the_follow_up(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    with pat.session() as s:
        for to, follow in [("DMV ID office", TODAY - 2 * DAY), ("Food bank", TODAY),
                           ("Job fair", TODAY + 3 * DAY)]:
            referrals.make_referral(s, pat.actor, ReferralInput(
                participant_id=team.pat_participant, recipient_name=to,
                referred_on=TODAY - 5 * DAY, follow_up_on=follow))
    widget = FollowUpsWidget(pat)
    show(qtbot, widget)
    assert unnamed_controls(widget) == []
    assert widget.heading.text() == "Follow-ups due (2)"
    assert rows(widget.table) == [
        [f"{format_date(TODAY - 2 * DAY)} (2 days overdue)", "Núñez, Marisol", "DMV ID office",
         "Made", "Pat Rivera"],
        ["Today", "Núñez, Marisol", "Food bank", "Made", "Pat Rivera"]]
    with qtbot.waitSignal(widget.open_participant) as opened:
        click(qtbot, widget.open_button)
    assert opened.args == [team.pat_participant]
    click(qtbot, widget.update_button)
    dialog = widget.dialog
    assert isinstance(dialog, StatusChangeDialog)
    dialog.status.setCurrentIndex(dialog.status.findText("Contacted"))
    type_into(qtbot, dialog.follow_up, format_date(TODAY + 5 * DAY))
    with qtbot.waitSignal(widget.changed):
        click(qtbot, dialog.save_button)
    assert [r[2] for r in rows(widget.table)] == ["Food bank"]
    empty = FollowUpsWidget(team.login("wes"))
    show(qtbot, empty)
    assert empty.empty.text() == "No follow-ups are due on your caseload."
    assert not empty.table.isVisible()


def test_a_program_manager_sees_referrals_but_not_their_notes(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    with pat.session() as s:
        referrals.make_referral(s, pat.actor, ReferralInput(
            participant_id=team.pat_participant, recipient_name="Harbor House",
            recipient_kind="housing", reason="Sleeping in her car"))
    panel = ReferralsPanel(team.login("pm"), team.pat_participant)
    show(qtbot, panel)
    assert rows(panel.referrals)[0][1] == "Harbor House"
    assert "Note: not shown for your role" in panel.detail.toPlainText()
    assert "Sleeping in her car" not in all_texts(panel)
    assert not panel.new_referral_button.isVisible() and not panel.update_button.isEnabled()


def test_a_consent_is_revoked_from_the_panel_and_the_header_alert_changes(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    from peerdesk.domain.consents import ConsentInput
    from peerdesk.services import consents

    pat = team.login("pat")
    with pat.session() as s:
        consents.save_consent(s, pat.actor, team.pat_participant, ConsentInput(
            "Harbor Light", "Name and housing needs", ["Harbor House"], [],
            "Housing referral", "Tell my peer worker", TODAY + 9 * DAY,
            signer_name="Marisol Núñez", signed_on=TODAY))
    panel = ReferralsPanel(pat, team.pat_participant)
    show(qtbot, panel)
    assert panel.alerts.text() == "⚠ Consent for Harbor House expires in 9 days"
    click(qtbot, panel.revoke_button)
    dialog = panel.dialog
    assert isinstance(dialog, ConsentEndDialog)
    assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
    with qtbot.waitSignal(panel.changed):
        click(qtbot, dialog.save_button)
    assert rows(panel.consents)[0][1] == "Revoked"
    assert not panel.alerts.isVisible() and not panel.revoke_button.isEnabled()
    click(qtbot, panel.open_consent_button)
    opened = panel.dialog
    assert isinstance(opened, ConsentDialog) and opened.read_only
    assert not opened.save_button.isVisible() and opened.information.isReadOnly()
    panel.clear_sensitive()
    assert panel.referrals_model.rowCount() == 0 and panel.participant_id is None
