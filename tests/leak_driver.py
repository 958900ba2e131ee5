"""Used by test_no_plaintext_leak: drives the real GUI offscreen in its own process.

    python tests/leak_driver.py DB MARKER
Signs in as admin, adds a participant through the Add participant form, searches for the
marker in the participants list, locks (Ctrl+L), signs in again, then quits.
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
