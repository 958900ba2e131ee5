"""Home lists: returned notes, unsigned notes, and "no contact in N days" (a setting)."""

from __future__ import annotations

from datetime import date, timedelta

from page_helpers import all_texts, note, rows, show
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import click

from peerdesk.services import supervision
from peerdesk.ui.common import format_date
from peerdesk.ui.home_lists import HomeLists
from peerdesk.ui.review_page import ReviewPage
from peerdesk.ui.settings_page import SettingsPage

TWENTY_DAYS_AGO = date.today() - timedelta(days=20)


def test_no_contact_lists_a_participant_not_seen_for_20_days(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    note(pat, team.pat_participant, TWENTY_DAYS_AGO)
    note(pat, team.pat_participant, TWENTY_DAYS_AGO - timedelta(days=1), sign=False)
    lists = HomeLists(pat)
    show(qtbot, lists)
    section = lists.no_contact
    assert section.heading.text() == "&No contact in 14 days (1)"
    assert section.heading.accessibleName() == "No contact in 14 days (1)"
    assert rows(section.table) == [["Núñez, Marisol", "Pat Rivera", format_date(TWENTY_DAYS_AGO),
                                    "20"]]
    assert section.empty.isHidden()
    assert lists.drafts.heading.text() == "Your &unsigned notes (1)"
    assert rows(lists.drafts.table)[0][1:] == ["Núñez, Marisol",
                                               "Recovery coaching (individual)", "45"]
    assert lists.returned.heading.text() == "&Returned to you (0)"
    assert lists.returned.empty.text() == "No notes have been returned to you."
    assert lists.returned.table.isHidden()
    assert unnamed_controls(lists) == [] and unlabelled_fields(lists) == []

    where = section.table.visualRect(section.table.model().index(0, 0)).center()
    with qtbot.waitSignal(lists.open_participant) as opened:  # a double-click: press, then…
        qtbot.mouseClick(section.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(section.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [team.pat_participant]

    wes_lists = HomeLists(team.login("wes"))  # Theo was enrolled today: nothing to show
    assert wes_lists.no_contact.heading.text() == "&No contact in 14 days (0)"
    assert wes_lists.no_contact.empty.text() == \
        "Nobody on your caseload has gone 14 days without contact."

    sue_lists = HomeLists(team.login("sue"))  # supervisors see everyone's caseload
    assert [r[0] for r in rows(sue_lists.no_contact.table)] == ["Núñez, Marisol"]

    lists.clear_sensitive()
    assert "Marisol" not in all_texts(lists) and "Núñez" not in all_texts(lists)


def test_the_no_contact_days_setting_changes_the_list(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    note(pat, team.pat_participant, TWENTY_DAYS_AGO)
    settings_page = SettingsPage(team.admin)
    show(qtbot, settings_page)
    assert settings_page.no_contact_days.value() == 14
    settings_page.no_contact_days.setValue(30)
    click(qtbot, settings_page.save_button)
    assert settings_page.notice.text() == "Settings saved."
    with team.admin.session() as s:
        assert supervision.no_contact_days(s) == 30
    lists = HomeLists(pat)
    assert lists.no_contact.heading.text() == "&No contact in 30 days (0)"
    assert lists.no_contact.empty.text() == \
        "Nobody on your caseload has gone 30 days without contact."
    assert not lists.no_contact.empty.isHidden()


def test_pages_are_named_for_screen_readers(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat, sue = team.login("pat"), team.login("sue")
    note(pat, team.pat_participant, TWENTY_DAYS_AGO)
    page = ReviewPage(sue)
    show(qtbot, page)
    assert unnamed_controls(page) == [] and unlabelled_fields(page) == []
    click(qtbot, page.return_button)
    assert page.dialog is not None
    assert unnamed_controls(page.dialog) == [] and unlabelled_fields(page.dialog) == []
