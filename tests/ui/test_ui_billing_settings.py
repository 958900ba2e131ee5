"""The billing settings screen: an administrator sets up payers, codes, rates, caps, the unit
rule and places of service through real widgets, and the billing report then uses them."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from page_helpers import show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import button_named, click, find_message, tick, type_into

from peerdesk.domain.billing import UnitRule
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import billing_settings, encounters, participants, reports
from peerdesk.ui.billing_dialogs import (
    CapDialog,
    CodeDialog,
    CorrectRateDialog,
    PayerDialog,
    RateDialog,
)
from peerdesk.ui.billing_settings_page import BillingSettingsPage
from peerdesk.ui.common import format_date
from peerdesk.ui.report_period import last_month
from tests.billing_helpers import sign_billing_consent


def open_tab(page: BillingSettingsPage, title: str) -> None:
    for i in range(page.tabs.count()):
        if page.tabs.tabText(i).replace("&", "") == title:
            page.tabs.setCurrentIndex(i)
            return
    raise AssertionError(f"no tab {title!r}")


def rate_cells(page: BillingSettingsPage) -> list[list[str]]:
    """The rates table as the user reads it."""
    model = page.rates_model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def click_rate(qtbot: QtBot, page: BillingSettingsPage, row: int, double: bool = False) -> None:
    where = page.rates.visualRect(page.rates_model.index(row, 0)).center()
    qtbot.mouseClick(page.rates.viewport(), Qt.MouseButton.LeftButton, pos=where)
    if double:  # a double-click: press, then…
        qtbot.mouseDClick(page.rates.viewport(), Qt.MouseButton.LeftButton, pos=where)


def shortcut_letters(page: BillingSettingsPage) -> list[str]:
    """The Alt letters of the tabs and of the buttons showing on the current tab."""
    texts = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    texts += [b.text() for b in page.findChildren(QAbstractButton) if b.isVisible()]
    return [t[t.index("&") + 1].lower() for t in texts if "&" in t]


def test_admin_adds_a_payer_and_rate_and_the_bill_prices_a_note_with_them(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    admin = team.admin
    with admin.session() as s:
        pid = participants.create_participant(s, admin.actor, ParticipantInput(
            "Rosa", "Quintero", payer="River Health Plan", member_id="RHP555",
            enrolled_on=date(2020, 1, 1))).id
        sign_billing_consent(s, admin.actor, pid, date(date.today().year - 1, 1, 2))
    page = BillingSettingsPage(admin)
    show(qtbot, page)
    assert unnamed_controls(page) == [] and unlabelled_fields(page) == []
    open_tab(page, "Payers")
    # The payer named on a participant's record is flagged until it is set up.
    assert page.not_set_up_label.isVisible()
    assert "River Health Plan" in page.not_set_up_label.text()

    click(qtbot, page.add_payer_button)
    dialog = page.dialog
    assert isinstance(dialog, PayerDialog) and dialog.isVisible()
    assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
    click(qtbot, dialog.save_button)  # no name yet: the problem shows under the field
    assert dialog.isVisible() and "name the payer" in dialog.problems["name"].text()
    type_into(qtbot, dialog.name, "Riv")  # the names on participants' records are offered
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter takes the offered name
    assert dialog.name.text() == "River Health Plan" and dialog.isVisible()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # and Enter again saves
    qtbot.waitUntil(lambda: page.dialog is None)
    assert [p.name for p in page.payer_rows] == ["River Health Plan"]
    assert page.payer_rows[0].kind == "medicaid" and page.payer_rows[0].requires_member_id
    assert not page.not_set_up_label.isVisible()

    open_tab(page, "Rates")
    click(qtbot, page.add_rate_button)
    rate = page.dialog
    assert isinstance(rate, RateDialog)
    assert unnamed_controls(rate) == [] and unlabelled_fields(rate) == []
    assert rate.payer.currentText() == "River Health Plan"
    assert rate.code.currentData() == ("H0038", "")
    type_into(qtbot, rate.amount, "twenty")
    type_into(qtbot, rate.start, "2020-01-01")
    type_into(qtbot, rate.end, "2019-12-31")
    click(qtbot, rate.save_button)
    assert "dollars and cents, such as 21.50" in rate.problems["amount"].text()
    assert "end date is before the start" in rate.problems["end"].text()
    assert rate.focusWidget() is rate.amount  # the first field with a problem
    type_into(qtbot, rate.amount, "20.00")
    rate.end.clear()
    click(qtbot, rate.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)
    rows = [page.rates_model.row_at(i) for i in range(page.rates_model.rowCount())]
    assert [(r.payer, r.code, r.amount, r.start, r.end) for r in rows] == [
        ("River Health Plan", "H0038", Decimal("20.00"), date(2020, 1, 1), None)]

    # A signed 30-minute note last month: 2 units at $20 (the 8-minute rule).
    start, end = last_month(date.today())
    with admin.session() as s:
        note = encounters.save_encounter(s, admin.actor, EncounterInput(
            pid, start.replace(day=3), time(9, 0), time(9, 30), "home", "recovery_coaching",
            narrative="Went over the housing application together."))
        encounters.sign_encounter(s, admin.actor, note.id)
    with admin.session() as s:
        report = reports.billing_report(s, admin.actor, start, end)
    assert [(x.payer, x.member_id, x.units, x.rate, x.amount, x.place_of_service)
            for x in report.lines] == [("River Health Plan", "RHP555", 2, Decimal("20.00"),
                                        Decimal("40.00"), "12")]


def test_unit_rule_codes_caps_and_places_of_service(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    admin = team.admin
    page = BillingSettingsPage(admin)
    show(qtbot, page)
    units = page.units
    assert units.rules[UnitRule.EIGHT_MINUTE].isChecked()
    assert "8 minutes make 1 unit(s)" in units.example.text()
    units.rules[UnitRule.WHOLE_UNITS].setFocus()
    units.rules[UnitRule.WHOLE_UNITS].click()
    assert "22 minutes make 1 unit(s)" in units.example.text()
    units.unit_minutes.setValue(30)
    tick(qtbot, units.cosigned)
    tick(qtbot, units.sum_per_day)
    assert units.consent.isChecked()  # consent for billing is required unless turned off
    tick(qtbot, units.consent)
    click(qtbot, units.save_button)
    assert "saved" in units.notice.text()
    with admin.session() as s:
        saved = billing_settings.unit_settings(s)
        assert (saved.rule, saved.unit_minutes, saved.sum_per_day) == (
            UnitRule.WHOLE_UNITS, 30, False)
        assert billing_settings.require_cosign(s)
        assert not billing_settings.require_consent(s)

    open_tab(page, "Service codes")
    assert [c[:2] for c in page.codes] == [("H0038", ""), ("H0038", "HQ")]
    click(qtbot, page.add_code_button)
    code = page.dialog
    assert isinstance(code, CodeDialog)
    type_into(qtbot, code.code, "h2015")
    type_into(qtbot, code.description, "Community support")
    click(qtbot, code.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert ("H2015", "", "Community support") in page.codes

    open_tab(page, "Daily caps")
    assert not page.clear_cap_button.isEnabled()
    click(qtbot, page.set_cap_button)
    cap = page.dialog
    assert isinstance(cap, CapDialog)
    assert cap.payer.currentText() == "All payers"
    cap.max_units.setValue(8)
    click(qtbot, cap.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)
    with admin.session() as s:
        assert billing_settings.caps(s) == {(None, "H0038", ""): 8}
    page.caps.select_row(0)
    click(qtbot, page.clear_cap_button)
    click(qtbot, button_named(find_message(page), "Clear cap"))
    with admin.session() as s:
        assert billing_settings.caps(s) == {}

    open_tab(page, "Place of service")
    places = page.places
    home = list(places.codes()).index("home")
    community = list(places.codes()).index("community")
    places.table.item(community, 1).setText("11")
    places.table.item(home, 1).setText("1x")
    click(qtbot, places.save_button)
    assert "Home:" in places.problem.text() and "two digits" in places.problem.text()
    assert places.table.currentRow() == home  # the row to correct is chosen
    with admin.session() as s:  # one transaction: nothing was saved
        assert billing_settings.place_of_service(s)["community"] == "99"
    places.table.setCurrentCell(home, 1)
    places.table.setFocus()
    qtbot.keyClick(places.table, "1")  # typing on a selected code starts replacing it
    editor = QApplication.focusWidget()
    assert editor is not places.table
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: places.table.item(home, 1).text() == "12")
    click(qtbot, places.save_button)
    assert not places.problem.isVisible() and "saved" in places.notice.text()
    with admin.session() as s:
        found = billing_settings.place_of_service(s)
        assert (found["community"], found["home"]) == ("11", "12")


def test_a_manager_sees_that_billing_settings_are_for_administrators(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    page = BillingSettingsPage(team.login("pm"))
    show(qtbot, page)
    assert page.denied.isVisible() and "administrator" in page.denied.text()
    assert not page.tabs.isEnabled()


def test_admin_corrects_a_mistyped_rate_and_removes_one_entered_by_mistake(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    admin = team.admin
    with admin.session() as s:
        plan = billing_settings.save_payer(s, admin.actor, "River Health Plan", "medicaid")
        typo = billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "217.50",
                                         date(2026, 1, 1)).id
        billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "HQ", "9.00",
                                  date(2026, 1, 1))
    page = BillingSettingsPage(admin)
    show(qtbot, page)
    open_tab(page, "Rates")
    letters = shortcut_letters(page)
    assert len(letters) == len(set(letters)), letters  # no Alt letter twice
    # Nothing chosen yet: nothing to correct or remove.
    assert not page.correct_rate_button.isEnabled()
    assert not page.remove_rate_button.isEnabled()
    assert rate_cells(page)[0][:4] == ["River Health Plan", "H0038", "", "$217.50"]

    click_rate(qtbot, page, 0)
    assert page.correct_rate_button.isEnabled() and page.remove_rate_button.isEnabled()
    qtbot.keyClick(page, "c", Qt.KeyboardModifier.AltModifier)  # Alt+C: Correct rate…
    qtbot.waitUntil(lambda: isinstance(page.dialog, CorrectRateDialog))
    dialog = page.dialog
    assert isinstance(dialog, CorrectRateDialog) and dialog.isVisible()
    assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
    # Filled in with the rate as it is; payer and code are shown, not changed here.
    assert dialog.rate.id == typo
    assert (dialog.payer.text(), dialog.code.text()) == ("River Health Plan", "H0038")
    assert dialog.payer.isReadOnly() and dialog.code.isReadOnly()
    assert dialog.amount.text() == "217.50" and dialog.focusWidget() is dialog.amount
    assert dialog.amount.selectedText() == "217.50"  # typing replaces the mistake
    assert dialog.start.text() == format_date(date(2026, 1, 1)) and dialog.end.text() == ""

    type_into(qtbot, dialog.amount, "21.75")
    type_into(qtbot, dialog.end, "2025-12-31")
    qtbot.keyClick(dialog.end, Qt.Key.Key_Return)  # Enter saves; the problem shows by the field
    assert dialog.isVisible()
    assert "end date is before the start" in dialog.problems["end"].text()
    assert dialog.focusWidget() is dialog.end
    type_into(qtbot, dialog.end, "2026-06-30")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert rate_cells(page)[0] == ["River Health Plan", "H0038", "", "$21.75",
                                   format_date(date(2026, 1, 1)), format_date(date(2026, 6, 30))]
    assert page.selected_rate() is not None and page.selected_rate().id == typo
    with admin.session() as s:
        assert [(r.code, r.modifier, r.amount) for r in billing_settings.rate_rows(s)] == [
            ("H0038", "", Decimal("21.75")), ("H0038", "HQ", Decimal("9.00"))]

    # Enter (or a double-click) on a rate opens the correction too; Escape leaves it.
    page.rates.setFocus()
    qtbot.keyClick(page.rates, Qt.Key.Key_Down)
    qtbot.keyClick(page.rates, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, CorrectRateDialog))
    assert page.dialog.code.text() == "H0038 HQ"  # type: ignore[union-attr]
    qtbot.keyClick(page.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    click_rate(qtbot, page, 0, double=True)
    qtbot.waitUntil(lambda: isinstance(page.dialog, CorrectRateDialog))
    assert page.dialog.rate.id == typo  # type: ignore[union-attr]
    page.dialog.reject()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.dialog is None)

    # The group rate was entered by mistake: remove it, after saying what that means.
    click_rate(qtbot, page, 1)
    click(qtbot, page.remove_rate_button)
    box = find_message(page)
    assert "H0038 HQ" in box.text() and "$9.00" in box.text()
    click(qtbot, button_named(box, "Cancel"))
    assert len(rate_cells(page)) == 2
    click(qtbot, page.remove_rate_button)
    click(qtbot, button_named(find_message(page), "Remove rate"))
    assert [row[:4] for row in rate_cells(page)] == [["River Health Plan", "H0038", "",
                                                      "$21.75"]]
    assert not page.correct_rate_button.isEnabled()
    assert not page.remove_rate_button.isEnabled()
