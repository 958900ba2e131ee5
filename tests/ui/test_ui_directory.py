"""The directory page driven as a person would: search narrows the list, filters, notes and
favourites, hand edits with problems by their fields, and an HSDS import run through the
GUI off the UI thread with progress and a report (or a list of problems)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from page_helpers import rows, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import click, tick, type_into

from peerdesk.services import hsds_import
from peerdesk.ui.directory_page import DirectoryPage
from peerdesk.ui.hsds_import_ui import ImportReportDialog
from peerdesk.ui.service_dialog import ServiceDialog
from tests.conftest import shared_data

SHARED = shared_data()


def package(tmp_path: Path, name: str = "hsds-1.1-sample") -> Path:
    dest = tmp_path / name
    shutil.copytree(SHARED / name, dest)
    for f in [dest, *dest.iterdir()]:
        f.chmod(0o755 if f.is_dir() else 0o644)
    return dest


def names(page: DirectoryPage) -> list[str]:
    return [r.name for r in page.rows()]


def test_search_and_filters_narrow_the_list_notes_and_favourites_stick(
        qtbot: QtBot, new_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert hsds_import.import_with_store(new_store, package(tmp_path)).imported
    page = DirectoryPage(new_store)
    show(qtbot, page)
    assert unnamed_controls(page) == [] and unlabelled_fields(page) == []
    assert len(names(page)) == 10 and page.count.text() == "10 services"  # 3 are inactive
    type_into(qtbot, page.search, "food")
    assert names(page) == ["Grocery Tax Break Donation"]  # its organization gives food
    type_into(qtbot, page.search, "")
    tick(qtbot, page.show_inactive)
    assert "Food Safety Program" in names(page) and len(names(page)) == 13
    tick(qtbot, page.show_inactive)
    page.place.setCurrentText("New York City")
    assert names(page) == ["Never Homeless Helpline"]
    page.place.setCurrentText("")
    type_into(qtbot, page.search, "helpline")
    assert page.detail is not None and page.detail.name == "Never Homeless Helpline"
    assert "Sanctuary Example City" in page.about.toPlainText()
    page.notes.setFocus()
    qtbot.keyClicks(page.notes, "Ask for Maria at intake")
    click(qtbot, page.save_notes_button)
    assert page.notice.text() == "The notes were saved."
    tick(qtbot, page.favourite)
    type_into(qtbot, page.search, "maria")  # notes are searched too
    assert names(page) == ["Never Homeless Helpline"]
    assert rows(page.table)[0][5] == "★ Favourite, Notes"
    type_into(qtbot, page.search, "")
    tick(qtbot, page.favourites_only)
    assert names(page) == ["Never Homeless Helpline"]
    click(qtbot, page.active_button)
    assert names(page) == [] and "hidden from searches" in page.notice.text()


def test_add_a_service_by_hand_with_problems_shown_by_the_fields(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    page = DirectoryPage(team.login("pat"))
    show(qtbot, page)
    assert not page.import_button.isVisible()  # importing is for supervisors and admins
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, ServiceDialog) and dialog.isVisible()
    assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
    type_into(qtbot, dialog.email, "not an address")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.problems["name"].problem() == "Please enter the service's name."
    assert dialog.problems["organization_name"].isVisible()
    assert dialog.email.accessibleDescription() == "Please check the email address."
    type_into(qtbot, dialog.name, "Tuesday food pantry")
    type_into(qtbot, dialog.organization, "Grace Church")
    type_into(qtbot, dialog.email, "")
    type_into(qtbot, dialog.city, "Riverbend")
    type_into(qtbot, dialog.postal_code, "97301")
    dialog.categories.setFocus()
    for i in range(dialog.categories.count()):
        if dialog.categories.item(i).text() == "Food":
            dialog.categories.setCurrentRow(i)
    qtbot.keyClick(dialog.categories, Qt.Key.Key_Space)
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert rows(page.table) == [["Tuesday food pantry", "Grace Church", "Food",
                                 "Riverbend 97301", "", ""]]
    assert page.category.findText("Food (1)") >= 0


def test_an_import_runs_off_the_ui_thread_with_progress_and_a_report(
        qtbot: QtBot, new_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = DirectoryPage(new_store)
    show(qtbot, page)
    assert page.import_button.isVisible() and names(page) == []
    page.start_import(package(tmp_path))
    assert page.runner.running and page.runner.progress is not None
    assert page.runner.progress.isVisible()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportReportDialog)
                    and page.dialog.isVisible(), timeout=10_000)
    report = page.dialog
    assert isinstance(report, ImportReportDialog)
    assert page.runner.steps_seen >= 2 and not page.runner.running
    assert report.windowTitle().startswith("The directory was imported")
    details = report.details.toPlainText()
    assert "Services: 13 added, 0 updated, 0 unchanged" in details
    assert "What PeerDesk could not use:" in details
    assert len(names(page)) == 10 and page.notice.text() == "The directory was imported."
    report.reject()


def test_a_broken_package_imports_nothing_and_lists_each_problem(
        qtbot: QtBot, new_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = package(tmp_path)
    sal = folder / "services_at_location.csv"
    sal.write_text(sal.read_text().replace("c89eb05c", "00000000"))
    (folder / "phones.csv").write_text("id,numero\n1,555\n")
    page = DirectoryPage(new_store)
    show(qtbot, page)
    page.start_import(folder)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportReportDialog)
                    and page.dialog.isVisible(), timeout=10_000)
    report = page.dialog
    assert isinstance(report, ImportReportDialog)
    assert report.windowTitle().startswith("Nothing was imported")
    assert "has 2 problem(s). Nothing was changed" in report.summary.text()
    problems = report.details.toPlainText().splitlines()
    assert problems[0] == "phones.csv, line 1: required column(s) missing: number."
    assert problems[1].startswith("services_at_location.csv, line 2: service_id 00000000")
    assert names(page) == []


def test_locking_forgets_the_list(qtbot: QtBot, new_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hsds_import.import_with_store(new_store, package(tmp_path))
    page = DirectoryPage(new_store)
    show(qtbot, page)
    page.clear_sensitive()
    assert page.model.rowCount() == 0 and page.about.toPlainText() == ""


def test_cancelling_an_import_in_the_window_changes_nothing(
        qtbot: QtBot, new_store, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch) -> None:
    read = hsds_import.read_package
    started = threading.Event()
    go_on = threading.Event()

    def slow_read(folder):  # type: ignore[no-untyped-def]
        started.set()
        go_on.wait(10)
        return read(folder)

    monkeypatch.setattr(hsds_import, "read_package", slow_read)
    page = DirectoryPage(new_store)
    show(qtbot, page)
    page.start_import(package(tmp_path))
    assert started.wait(10) and page.runner.progress is not None
    cancel = page.runner.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    click(qtbot, cancel)
    go_on.set()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportReportDialog)
                    and page.dialog.isVisible(), timeout=10_000)
    assert page.dialog.windowTitle().startswith("The import was cancelled")
    assert not page.runner.running and names(page) == []
