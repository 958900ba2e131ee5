"""Used by test_no_plaintext_leak: drives the real GUI offscreen in its own process.

    python tests/leak_driver.py DB MARKER
Signs in as admin, adds a participant through the Add participant form, searches for the
marker in the participants list, shows this month's billing report page by page in the
Reports screen (every note is left out, by name), locks (Ctrl+L), signs in again, quits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from peerdesk.ui import qt_messages
from peerdesk.ui.app import PeerDeskApp


def spin(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def sign_in(app: QApplication, controller: PeerDeskApp, password: str) -> None:
    dialog = controller.unlock_dialog
    assert dialog is not None
    dialog.username.setText("admin")
    dialog.password.setText(password)
    dialog.sign_in_button.click()
    spin(app)
    assert controller.main_window is not None, "sign-in failed"


def show_billing_report(app: QApplication, window) -> None:  # type: ignore[no-untyped-def]
    """This month's billing report, laid out in memory and shown page by page."""
    from datetime import date, timedelta

    from peerdesk.ui.background import BackgroundTask

    page = window.reports_page
    window.show_page(window.pages.index(page))
    yesterday = date.today() - timedelta(days=1)
    page.billing_period.choice.setCurrentIndex(0 if yesterday.month == date.today().month
                                               else 1)
    page.show_button.click()
    for _ in range(2000):
        spin(app, 1)
        if not BackgroundTask.running():
            break
        QTest.qWait(10)
    spin(app)
    assert page.preview.page_count() >= 1, "the report was not shown"
    assert page.exceptions_model.rowCount() >= 3, "the notes left out are not listed"
    page.preview.go_to_page(page.preview.page_count())
    window.activateWindow()  # the progress dialog had it (offscreen, nothing gives it back)
    spin(app)


def main() -> int:
    db, marker, password = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    qt_messages.install()
    app = QApplication([])
    app.setOrganizationName("PeerDesk")
    app.setApplicationName("PeerDesk")
    controller = PeerDeskApp(db)
    controller.start()
    sign_in(app, controller, password)
    window = controller.main_window
    page = window.participants_page
    window.stack.setCurrentWidget(page)
    page.open_add_dialog()
    form = page.dialog
    QTest.keyClicks(form.first_name, f"Gui{marker}")
    QTest.keyClicks(form.last_name, f"Person{marker}")
    QTest.keyClicks(form.phone, "5415550177")
    form.save()
    spin(app)
    QTest.keyClicks(page.search, marker[:6])
    spin(app)
    assert page.model.rowCount() >= 1, "the new participant is not listed"
    show_billing_report(app, window)
    window.resize(900, 600)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    spin(app)
    assert controller.store is None or controller.store.closed
    sign_in(app, controller, password)
    controller.quit()
    spin(app)
    print("driver finished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
