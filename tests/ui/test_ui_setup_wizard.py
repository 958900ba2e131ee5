"""First run: the setup wizard makes the encrypted file and shows the recovery key once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from ui_helpers import click, tick, type_into

from peerdesk.db.keyslots import sidecar_path
from peerdesk.services import settings
from peerdesk.services import store as store_mod
from peerdesk.ui.app import PeerDeskApp
from peerdesk.ui.setup_wizard import SetupWizard

GOOD_PASSWORD = "river-stone-42"


def fill_first_pages(qtbot: QtBot, wizard: SetupWizard) -> None:
    type_into(qtbot, wizard.organization_page.organization, "Harbor Light Recovery Community")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    admin = wizard.admin_page
    assert wizard.currentPage() is admin
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    type_into(qtbot, admin.username, "Maria Lopez")  # a space is not allowed
    assert admin.username_problem.isVisible()
    assert "user name" in admin.username_problem.text().lower()
    assert not next_button.isEnabled()
    type_into(qtbot, admin.username, "maria.lopez")
    assert not admin.username_problem.isVisible()
    type_into(qtbot, admin.full_name, "Maria Lopez")
    type_into(qtbot, admin.credential, "CPRS")
    click(qtbot, next_button)
    assert wizard.currentPage() is wizard.password_page


def create_through_wizard(qtbot: QtBot, make_app: Callable[[], PeerDeskApp]) -> SetupWizard:
    """Start on a new file and go through the wizard up to "Create the database"."""
    app = make_app()
    app.start()
    wizard = app.setup_wizard
    assert isinstance(wizard, SetupWizard)
    fill_first_pages(qtbot, wizard)
    page = wizard.password_page
    type_into(qtbot, page.password, GOOD_PASSWORD)
    type_into(qtbot, page.confirm, GOOD_PASSWORD)
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))
    return wizard


def test_wizard_creates_the_database_and_shows_the_key_that_opens_it(
        qtbot: QtBot, make_app: Callable[[], PeerDeskApp], db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    app.start()
    wizard = app.setup_wizard
    assert isinstance(wizard, SetupWizard) and wizard.isVisible()
    assert app.unlock_dialog is None
    fill_first_pages(qtbot, wizard)

    page = wizard.password_page
    type_into(qtbot, page.password, GOOD_PASSWORD)
    type_into(qtbot, page.confirm, GOOD_PASSWORD)
    assert not page.problems.isVisible()
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))

    kit = wizard.kit_page
    assert wizard.currentPage() is kit
    assert db_path.exists() and sidecar_path(db_path).exists()
    shown = kit.key_label.text()
    lines = shown.splitlines()
    assert len(lines) == 2
    groups = shown.split()
    assert len(groups) == 8 and all(len(g) == 8 for g in groups)
    assert kit.key_label.font().fixedPitch() or "mono" in kit.key_label.font().family().lower()
    # Back is gone: the file exists now.
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and not finish.isEnabled()

    pdf = tmp_path / "kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(pdf), "PDF files (*.pdf)")))
    click(qtbot, kit.save_button)
    assert pdf.exists()
    text = "".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert "".join(groups) in text.replace(" ", "").replace("\n", "")
    assert str(pdf) in kit.saved_label.text()

    tick(qtbot, kit.kept)
    assert kit.kept.isChecked()
    assert finish.isEnabled()
    click(qtbot, finish)

    qtbot.waitUntil(lambda: app.main_window is not None and app.main_window.isVisible())
    assert app.main_window is not None
    assert "Harbor Light Recovery Community" in app.main_window.windowTitle()
    assert app.store is not None and app.store.actor.username == "maria.lopez"
    assert wizard.recovery_key == ""  # not kept in memory after Finish

    # The key on screen opens the file, with any SQLCipher tool or PeerDesk.
    recovered = store_mod.unlock_with_recovery_key(db_path, shown)
    with recovered.session() as s:
        assert settings.load(s).organization_name == "Harbor Light Recovery Community"
        assert settings.load(s).password_rules.min_length == 10
    recovered.lock()
    # ... and the administrator's password opens it too.
    store_mod.unlock(db_path, "maria.lopez", GOOD_PASSWORD).lock()


def test_wizard_refuses_a_password_that_breaks_the_rules(
        qtbot: QtBot, make_app: Callable[[], PeerDeskApp], db_path: Path) -> None:
    app = make_app()
    app.start()
    wizard = app.setup_wizard
    assert wizard is not None
    fill_first_pages(qtbot, wizard)
    page = wizard.password_page
    commit = wizard.button(QWizard.WizardButton.CommitButton)

    type_into(qtbot, page.password, "short1")
    type_into(qtbot, page.confirm, "short1")
    assert page.problems.isVisible()
    assert "at least 10 characters" in page.problems.text()
    assert not commit.isEnabled()

    # The rules can be tightened on the same page; the message follows them.
    page.min_length.setValue(12)
    tick(qtbot, page.letter_digit)
    type_into(qtbot, page.password, "longpassword")
    type_into(qtbot, page.confirm, "longpassword")
    assert "one letter and one digit" in page.problems.text()
    assert not commit.isEnabled()

    type_into(qtbot, page.password, "longpassword7")
    type_into(qtbot, page.confirm, "longpassword8")
    assert "not the same" in page.problems.text()
    assert not commit.isEnabled()
    assert not db_path.exists()

    type_into(qtbot, page.confirm, "longpassword7")
    assert not page.problems.isVisible()
    assert commit.isEnabled()


def test_cancel_before_creating_leaves_nothing_behind(
        qtbot: QtBot, make_app: Callable[[], PeerDeskApp], db_path: Path) -> None:
    app = make_app()
    finished: list[int] = []
    app.finished.connect(finished.append)
    app.start()
    wizard = app.setup_wizard
    assert wizard is not None
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert finished == [0]
    assert not db_path.exists() and not sidecar_path(db_path).exists()


def test_an_existing_key_file_is_never_overwritten(
        qtbot: QtBot, make_app: Callable[[], PeerDeskApp], db_path: Path) -> None:
    sidecar_path(db_path).write_text("someone else's keys")
    app = make_app()
    app.start()
    wizard = app.setup_wizard
    assert wizard is not None
    fill_first_pages(qtbot, wizard)
    page = wizard.password_page
    type_into(qtbot, page.password, GOOD_PASSWORD)
    type_into(qtbot, page.confirm, GOOD_PASSWORD)
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))
    assert wizard.currentPage() is page
    assert "already exists" in page.error.text() and "will not overwrite" in page.error.text()
    assert sidecar_path(db_path).read_text() == "someone else's keys"
    assert not db_path.exists() and wizard.store is None


def test_an_unexpected_failure_is_told_in_plain_words_not_its_internal_text(
        qtbot: QtBot, make_app: Callable[[], PeerDeskApp], db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internal text")

    monkeypatch.setattr(store_mod, "create_database", broken)
    wizard = create_through_wizard(qtbot, make_app)
    page = wizard.password_page
    assert wizard.currentPage() is page  # still here, nothing created
    shown = page.error.text()
    assert "could not be created" in shown and "unexpected problem" in shown
    assert "secret internal text" not in shown
    assert not db_path.exists()
