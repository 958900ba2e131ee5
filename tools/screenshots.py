"""Regenerate the screenshots in the user guides (docs/images/) from the real PeerDesk windows.

    .venv/bin/python tools/screenshots.py [--db /tmp/docsdemo.db] [--out docs/images]

Uses the demo organization (``peerdesk demo``; made at --db if missing; users admin, jordan,
supervisor; password ``demo``). Everything runs offscreen (no screen needed) in a throwaway
home folder, so nothing touches your own PeerDesk data; the demo file is copied first.
Each picture is ``widget.grab()`` of a real window, so it shows exactly what PeerDesk draws.

A picture that cannot be taken (a screen changed) is reported and the script exits 1; the
others are still written. Look at every picture before using it in a guide.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_HOME = Path(tempfile.mkdtemp(prefix="peerdesk-shots-"))
for _var, _sub in [("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                   ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"),
                   ("XDG_RUNTIME_DIR", "runtime")]:
    (_HOME / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(_HOME / _sub)
os.chmod(_HOME / "runtime", 0o700)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_LOGGING_RULES"] = "qt.qpa.*=false"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.setdefault("LANG", "en_US.UTF-8")

from PySide6.QtCore import QLocale, QPoint, QRect, Qt, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QTabWidget,
    QWidget,
    QWizard,
)

WINDOW_SIZE = (1180, 760)
PASSWORD = "demo"
# Paths in the pictures: the throwaway folder is shown as a typical Linux home folder.
SHOWN_HOME = "/home/maria"


def tidy(text: str) -> str:
    shown = f"{SHOWN_HOME}/.local/share"
    return text.replace(str(_HOME / "data"), shown).replace(str(_HOME / "home"), SHOWN_HOME)


def tidy_labels(widget: QWidget) -> None:
    """Show the throwaway folder as a home folder in every label of ``widget``."""
    for label in [widget, *widget.findChildren(QLabel)]:
        if isinstance(label, QLabel) and str(_HOME) in label.text():
            label.setText(tidy(label.text()))


class Shots:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.done: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def save(self, name: str, image: QImage) -> None:
        path = self.out / f"{name}.png"
        if not image.save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.done.append(name)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def grab(self, name: str, widget: QWidget) -> None:
        settle()
        tidy_labels(widget)
        self.save(name, widget.grab().toImage())

    def attempt(self, name: str, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as exc:  # one screen changed: report it, take the others
            self.failed.append((name, f"{type(exc).__name__}: {exc}"))
            traceback.print_exc()


def settle(ms: int = 150) -> None:
    QApplication.processEvents()
    QTest.qWait(ms)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.replace("&", "").lower()).strip("-")


def visible_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def close_dialogs() -> None:
    for dialog in visible_dialogs():
        dialog.reject()
    settle(50)


def type_text(widget: QWidget, text: str) -> None:
    widget.clear()  # type: ignore[attr-defined]
    QTest.keyClicks(widget, text)


def ensure_demo(db: Path) -> None:
    if db.exists():
        return
    print(f"making the demo database {db} …")
    subprocess.run([sys.executable, "-m", "peerdesk", "demo", "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)


def with_menu(window: QWidget, menu: QMenu) -> QImage:
    """The window's menu bar with ``menu`` drawn open below its title, as a person sees it."""
    bar = window.menuBar()  # type: ignore[attr-defined]
    action = next(a for a in bar.actions() if a.menu() is menu)
    menu.popup(bar.mapToGlobal(bar.actionGeometry(action).bottomLeft()))
    settle(250)
    window_image = window.grab().toImage()
    menu_image = menu.grab().toImage()
    menu.hide()
    left = bar.mapTo(window, bar.actionGeometry(action).bottomLeft())
    height = max(window_image.height(), left.y() + menu_image.height() + 8)
    image = QImage(window_image.width(), height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, window_image)
    painter.fillRect(QRect(left + QPoint(3, 3), menu_image.size()), QColor(0, 0, 0, 60))
    painter.drawImage(left, menu_image)
    painter.setPen(QColor("#777777"))
    painter.drawRect(QRect(left, menu_image.size()).adjusted(0, 0, -1, -1))
    painter.end()
    width = min(image.width(), left.x() + menu_image.width() + 260)
    return image.copy(0, 0, width, left.y() + menu_image.height() + 24)


# -- the screens ---------------------------------------------------------------------------------
def setup_wizard(shots: Shots, scratch: Path) -> None:
    """On the default database path (as on a new computer); removed again afterwards."""
    from dataclasses import replace

    from peerdesk import paths
    from peerdesk.ui.app import PeerDeskApp

    app = PeerDeskApp(paths.default_database())
    app.start()
    wizard = app.setup_wizard
    assert wizard is not None
    wizard.resize(wizard.minimumSize())
    type_text(wizard.organization_page.organization, "Riverbend Recovery Community")
    shots.grab("setup-1-organization", wizard)
    wizard.next()
    admin = wizard.admin_page
    type_text(admin.username, "maria.lopez")
    type_text(admin.full_name, "Maria Lopez")
    type_text(admin.credential, "CPRS")
    shots.grab("setup-2-administrator", wizard)
    wizard.next()
    page = wizard.password_page
    type_text(page.password, "river-stone-42")
    type_text(page.confirm, "river-stone-42")
    shots.grab("setup-3-passwords", wizard)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    settle(300)
    kit = wizard.kit_page
    kit.kept.setChecked(True)
    shots.grab("setup-4-recovery-kit", wizard)
    pdf = scratch / "kit.pdf"
    from peerdesk.reports.recovery_kit import render_recovery_kit_pdf

    kit_data = wizard.recovery_kit()
    render_recovery_kit_pdf(replace(kit_data, database_path=tidy(kit_data.database_path)), pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile",
                        str(pdf), str(shots.out / "recovery-kit-pdf")], check=True)
        shots.done.append("recovery-kit-pdf")
        print(f"  {shots.out / 'recovery-kit-pdf.png'}")
    wizard.forget_key()
    app.quit()
    settle()
    store = app.store
    if store is not None and not store.closed:
        store.lock()
    shutil.rmtree(paths.data_dir(), ignore_errors=True)


def prepare_demo(source: Path) -> Path:
    """A copy of the demo at the default place, with one checked backup (as after a day's
    work), so the screens show what an organization in use sees."""
    from peerdesk import paths
    from peerdesk.services import backups, store

    db = paths.default_database()
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".keys"):
        shutil.copy2(f"{source}{suffix}", f"{db}{suffix}")
    st = store.unlock(db, "admin", PASSWORD)
    try:
        backups.make_backup(st)
    finally:
        st.lock()
    return db


def signed_in(db: Path, username: str):  # type: ignore[no-untyped-def]
    from peerdesk.ui.app import PeerDeskApp

    app = PeerDeskApp(db)
    app.backup_on_close = False
    app.idle_lock_ms = 3_600_000
    app.start()
    dialog = app.unlock_dialog
    assert dialog is not None
    type_text(dialog.username, username)
    type_text(dialog.password, PASSWORD)
    dialog.sign_in_button.click()
    for _ in range(100):
        settle(50)
        if app.main_window is not None and app.main_window.isVisible():
            break
    window = app.main_window
    assert window is not None, "sign-in did not open the main window"
    window.resize(*WINDOW_SIZE)
    install_help(window)
    settle(300)
    return app, window


def install_help(window: QWidget) -> None:
    from peerdesk.ui.help_menu import install_help_menu

    install_help_menu(window)  # type: ignore[arg-type]


def unlock_dialog(shots: Shots, db: Path) -> None:
    from peerdesk.ui.app import PeerDeskApp

    app = PeerDeskApp(db)
    app.start()
    dialog = app.unlock_dialog
    assert dialog is not None
    type_text(dialog.username, "jordan")
    type_text(dialog.password, PASSWORD)
    shots.grab("sign-in", dialog)
    app.quit()
    settle()


def page_index(window, title: str) -> int:  # type: ignore[no-untyped-def]
    for row in range(window.nav.count()):
        if window.nav.item(row).text().replace("&", "") == title:
            return row
    raise LookupError(f"no page {title!r}; pages: "
                      f"{[window.nav.item(r).text() for r in range(window.nav.count())]}")


def pages(shots: Shots, window, prefix: str, titles: list[str],  # type: ignore[no-untyped-def]
          optional: tuple[str, ...] = ()) -> None:
    """One picture per page (``optional`` pages are taken only if this version has them)."""
    present = {window.nav.item(r).text().replace("&", "") for r in range(window.nav.count())}
    for title in [*titles, *(t for t in optional if t in present)]:
        window.show_page(page_index(window, title))
        settle(300)
        shots.grab(f"{prefix}-{slug(title)}", window)


def first_row_with(window, wanted: Callable[[int], bool]) -> int:  # type: ignore[no-untyped-def]
    """The id of the first participant on the list for whom ``wanted(id)`` is true."""
    from peerdesk.services import participants

    store = window.store
    with store.session() as s:
        found = participants.search_participants(s, store.actor, "", limit=400)
        ids = [p.id for p in found]
    for pid in ids:
        if wanted(pid):
            return pid
    raise LookupError("no participant fits")


def rich_record(window) -> int:  # type: ignore[no-untyped-def]
    """A participant with something on every workspace tab: assessments, goals, barriers,
    referrals, and consents (for a referral and for billing)."""
    from peerdesk.services import assessments, consents, goals, referrals

    store = window.store

    def wanted(pid: int) -> bool:
        with store.session() as s:
            return (len(assessments.assessments_for(s, store.actor, pid)) >= 3
                    and len(goals.goals_for(s, store.actor, pid)) >= 2
                    and len(goals.barriers_for(s, store.actor, pid)) >= 1
                    and len(referrals.referrals_for(s, store.actor, pid)) >= 2
                    and len(consents.consents_for(s, store.actor, pid)) >= 2)

    return first_row_with(window, wanted)


def peer_worker(shots: Shots, db: Path) -> None:
    app, window = signed_in(db, "jordan")
    shots.attempt("worker-pages", lambda: pages(
        shots, window, "worker", ["Home", "Resource directory"]))

    def search() -> None:
        window.show_page(page_index(window, "Participants"))
        page = window.participants_page
        box = getattr(page, "search", None) or getattr(page, "search_box", None)
        if box is not None:
            type_text(box, "mar")
            settle(600)
        shots.grab("worker-participants-search", window)
        if box is not None:
            box.clear()
            settle(300)

    shots.attempt("worker-participants-search", search)
    pid = rich_record(window)

    def workspace() -> None:
        window.open_participant(pid)
        settle(500)
        tabs: QTabWidget = window.workspace.tabs
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(400)
            table = tabs.currentWidget().findChild(QAbstractItemView)
            if table is not None and table.model() is not None and table.model().rowCount():
                table.setCurrentIndex(table.model().index(0, 0))
                settle(300)
            shots.grab(f"workspace-{slug(tabs.tabText(index))}", window)
        tabs.setCurrentIndex(0)

    shots.attempt("workspace", workspace)

    def note_form() -> None:
        window.workspace.new_note()
        settle(500)
        forms = [d for d in visible_dialogs() if type(d).__name__ == "EncounterForm"]
        assert forms, "the note form did not open"
        form = forms[-1]
        form.resize(820, 700)
        fields = form.fields
        type_text(fields.start_time, "10:00")
        type_text(fields.end_time, "10:45")
        if fields.goals.count():
            fields.goals.item(0).setCheckState(Qt.CheckState.Checked)
        type_text(fields.narrative, "Met at the recovery center. We looked at two apartment "
                  "listings together and called about the housing voucher. Next step: bring "
                  "ID to the housing office on Monday.")
        fields.narrative.verticalScrollBar()
        shots.grab("note-form", form)
        discard = getattr(form, "discard", None)
        if callable(discard):
            discard()
        form.reject()
        settle(200)
        close_dialogs()

    shots.attempt("note-form", note_form)

    def assessment_form() -> None:
        tabs: QTabWidget = window.workspace.tabs
        tabs.setCurrentWidget(window.workspace.assessments)
        settle(300)
        window.workspace.assessments.new_assessment()
        settle(400)
        for dialog in visible_dialogs():
            if type(dialog).__name__ == "NewAssessmentDialog":
                start = getattr(dialog, "_start", None)
                if callable(start):
                    start()
                settle(500)
        forms = [d for d in QApplication.topLevelWidgets()
                 if type(d).__name__ == "AssessmentForm" and d.isVisible()]
        assert forms, "the assessment form did not open"
        forms[-1].resize(860, 720)
        shots.grab("assessment-form", forms[-1])
        for form in forms:
            form.close()
        close_dialogs()

    shots.attempt("assessment-form", assessment_form)

    def menus() -> None:
        window.back_to_list()
        settle(300)
        bar = window.menuBar()
        for action in bar.actions():
            menu = action.menu()
            if menu is not None and slug(menu.title()) in ("file", "help"):
                name = slug(menu.title())
                shots.save(f"menu-{name}", with_menu(window, menu))

    shots.attempt("menus", menus)
    app.backup_on_close = False
    app.quit()
    settle()


def administrator(shots: Shots, db: Path) -> None:
    app, window = signed_in(db, "admin")
    shots.attempt("admin-pages", lambda: pages(
        shots, window, "admin", ["Users", "Settings", "Backups"], optional=("Reports",)))

    def about() -> None:
        from peerdesk.ui.help_menu import show_about

        dialog = show_about(window)
        settle(300)
        shots.grab("about", dialog)
        dialog.close()

    shots.attempt("about", about)

    def report_shown() -> None:
        from peerdesk.ui.background import BackgroundTask

        window.show_page(page_index(window, "Reports"))
        page = window.reports_page
        page.show_button.click()
        for _ in range(600):
            settle(50)
            if not BackgroundTask.running():
                break
        settle(400)
        shots.grab("admin-reports", window)

    shots.attempt("admin-reports", report_shown)
    app.quit()
    settle()


def family_peer(shots: Shots, db: Path) -> None:
    app, window = signed_in(db, "leah")
    page = window.families_page
    table = page.findChild(QAbstractItemView) if page is not None else None

    def take() -> None:
        window.show_page(page_index(window, "Families"))
        settle(400)
        if table is not None and table.model() is not None and table.model().rowCount():
            table.setCurrentIndex(table.model().index(0, 0))
            settle(300)
        shots.grab("family-families", window)

    shots.attempt("family-families", take)
    app.quit()
    settle()


def supervisor(shots: Shots, db: Path) -> None:
    app, window = signed_in(db, "supervisor")
    shots.attempt("supervisor-review", lambda: (
        window.show_page(page_index(window, "Review notes")), settle(400),
        shots.grab("supervisor-review-notes", window)))
    app.quit()
    settle()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/docsdemo.db"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--only", nargs="*", default=None,
                        help="setup, sign-in, worker, family, supervisor, admin")
    args = parser.parse_args(argv)
    ensure_demo(args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    scratch = _HOME / "scratch"
    scratch.mkdir()

    qInstallMessageHandler(lambda _mode, _context, message: None if message.startswith(
        "This plugin does not support") else print(message, file=sys.stderr))
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    qt = QApplication.instance() or QApplication([sys.argv[0]])
    qt.setOrganizationName("PeerDesk")
    qt.setApplicationName("PeerDesk")
    qt.setFont(QFont("DejaVu Sans", 10))
    shots = Shots(args.out)
    def wanted(name: str) -> bool:
        return args.only is None or name in args.only

    if wanted("setup"):
        print("setup:")
        shots.attempt("setup", lambda: setup_wizard(shots, scratch))
    db = prepare_demo(args.db)
    steps = {"sign-in": lambda: unlock_dialog(shots, db),
             "worker": lambda: peer_worker(shots, db),
             "family": lambda: family_peer(shots, db),
             "supervisor": lambda: supervisor(shots, db),
             "admin": lambda: administrator(shots, db)}
    for name, step in steps.items():
        if wanted(name):
            print(f"{name}:")
            shots.attempt(name, step)
    shutil.rmtree(_HOME, ignore_errors=True)
    print(f"{len(shots.done)} pictures in {args.out}")
    for name, why in shots.failed:
        print(f"NOT TAKEN: {name}: {why}", file=sys.stderr)
    return 1 if shots.failed else 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    finally:
        shutil.rmtree(_HOME, ignore_errors=True)
