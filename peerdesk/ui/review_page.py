"""Review queue (supervisors): signed notes awaiting co-signature, a reading pane, and
Co-sign / Return with comment. Users whose role does not supervise see why instead."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.encounters import SERVICE_TYPES, SETTINGS
from peerdesk.services import encounters, supervision
from peerdesk.services.encounters import NoteView
from peerdesk.services.errors import PermissionDenied
from peerdesk.services.store import Store
from peerdesk.services.supervision import NoteRow
from peerdesk.ui.common import ProblemLabel, format_date
from peerdesk.ui.list_widgets import (
    RowsModel,
    RowsTable,
    TextEntryDialog,
    format_moment,
    format_time,
    heading,
    reading_pane,
)


def service_label(note: NoteView) -> str:
    kind = SERVICE_TYPES.get(note.service_type)
    return kind.label if kind else note.service_type


class ReviewPage(QWidget):
    """``open_participant(id)`` asks the main window to open the participant's workspace;
    ``changed()`` follows every co-signature or return."""

    open_participant = Signal(int)
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.dialog: TextEntryDialog | None = None
        self.setAccessibleName(self.tr("Notes to review"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Notes to review"), 1.4))
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setAccessibleName(self.tr("About this page"))
        layout.addWidget(self.explanation)

        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Notes waiting"))
        column.addWidget(self.summary)
        self.model = RowsModel([
            (self.tr("Date"), lambda r: format_date(r.note.service_date)),
            (self.tr("Participant"), lambda r: r.participant_name),
            (self.tr("Worker"), lambda r: r.note.worker_name),
            (self.tr("Service"), lambda r: service_label(r.note)),
            (self.tr("Minutes"), lambda r: str(r.note.minutes)),
            (self.tr("Signed by"), lambda r: r.note.signed_by),
        ], self)
        self.table = RowsTable(self.model, self.tr("Notes awaiting co-signature"), 3)
        self.summary.setBuddy(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        pane_box = QWidget()
        pane_column = QVBoxLayout(pane_box)
        pane_column.setContentsMargins(0, 0, 0, 0)
        pane_label = QLabel(self.tr("Selected &note (Enter opens it here):"))
        self.pane = reading_pane(self.tr("Selected note"))
        pane_label.setBuddy(self.pane)
        pane_column.addWidget(pane_label)
        pane_column.addWidget(self.pane, 1)
        splitter.addWidget(pane_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        column.addWidget(splitter, 1)

        bar = QHBoxLayout()
        self.cosign_button = QPushButton(self.tr("&Co-sign (Ctrl+Enter)"))
        self.cosign_button.setAccessibleName(self.tr("Co-sign the selected note"))
        self.cosign_button.clicked.connect(self.cosign)
        self.return_button = QPushButton(self.tr("&Return with comment…"))
        self.return_button.setAccessibleName(self.tr("Return the selected note with a comment"))
        self.return_button.clicked.connect(self.open_return_dialog)
        self.open_button = QPushButton(self.tr("Open &participant"))
        self.open_button.setAccessibleName(self.tr("Open the participant's record"))
        self.open_button.clicked.connect(self._open_current)
        for button in (self.cosign_button, self.return_button, self.open_button):
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName(self.tr("Last action"))
        column.addWidget(self.notice)
        self.problem = ProblemLabel(self)
        column.addWidget(self.problem)
        layout.addWidget(self.body, 1)
        layout.addStretch(0)  # keeps the explanation at the top when the queue is hidden

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.cosign)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.open_row.connect(lambda _row: self.pane.setFocus())
        QWidget.setTabOrder(self.table, self.pane)
        QWidget.setTabOrder(self.pane, self.cosign_button)
        QWidget.setTabOrder(self.cosign_button, self.return_button)
        QWidget.setTabOrder(self.return_button, self.open_button)
        self.refresh()

    # -- loading ------------------------------------------------------------------------
    def refresh(self, select: int = 0) -> None:
        if self.store.closed:
            self.clear_sensitive()
            return
        try:
            with self.store.session() as s:
                rows = supervision.note_rows(s, self.store.actor,
                                             supervision.review_queue(s, self.store.actor))
        except PermissionDenied as exc:
            self.explanation.setText(self.tr(
                "Reviewing and co-signing service notes is for supervisors. {reason}").format(
                    reason=str(exc)))
            self.explanation.show()
            self.body.hide()
            return
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.explanation.hide()
        self.body.show()
        self.problem.clear_problem()
        self.model.set_rows(rows)
        if rows:
            self.summary.setText(self.tr("&Waiting for your co-signature: {n} (oldest first)")
                                 .format(n=len(rows)))
        else:
            self.summary.setText(self.tr("No notes are waiting for your co-signature."))
        self.table.select_row(select)
        self._show_current()

    def current(self) -> NoteRow | None:
        return self.table.current()

    def _show_current(self) -> None:
        row = self.current()
        for button in (self.cosign_button, self.return_button, self.open_button):
            button.setEnabled(row is not None)
        if row is None:
            self.pane.clear()
            return
        try:
            with self.store.session() as s:  # reading a note is a view: audited
                fresh = encounters.get_encounter(s, self.store.actor, row.note.id)
        except StoreError as exc:
            self.pane.setPlainText(str(exc))
            return
        shown = NoteRow(fresh, row.participant_name, row.reviewed_by, row.reviewed_at)
        self.pane.setPlainText(self.note_text(shown))

    def note_text(self, row: NoteRow) -> str:
        """The whole note as plain text for a reading pane."""
        n = row.note
        hidden = self.tr("Not shown for your role")
        code = " ".join(p for p in (n.service_code, n.modifier) if p) or self.tr("no code")
        setting = SETTINGS.get(n.setting, n.setting)
        if n.is_group:
            setting = self.tr("{setting} (group)").format(setting=setting)
        lines = [
            self.tr("Participant: {name}").format(
                name=row.participant_name or self.tr("Not on your caseload")),
            self.tr("Date: {day}, {start}–{end} ({m} minutes)").format(
                day=format_date(n.service_date), start=format_time(n.start_time),
                end=format_time(n.end_time), m=n.minutes),
            self.tr("Service: {service} ({code})").format(service=service_label(n), code=code),
            self.tr("Setting: {setting}").format(setting=setting),
            self.tr("Worker: {name}").format(name=n.worker_name),
            self.tr("Signed by: {name}").format(name=n.signed_by or self.tr("not signed yet")),
        ]
        if n.naloxone_kits or n.test_strips:
            lines.append(self.tr("Supplies: {kits} naloxone kits, {strips} test strips").format(
                kits=n.naloxone_kits, strips=n.test_strips))
        lines += ["", self.tr("Note:"), n.narrative if n.narrative is not None else hidden]
        if n.addenda:
            lines += ["", self.tr("Addenda:")]
            for written, author, text in n.addenda:
                lines.append(self.tr("{when} — {author}: {text}").format(
                    when=format_moment(written), author=author,
                    text=text if text is not None else hidden))
        return "\n".join(lines)

    # -- actions ------------------------------------------------------------------------
    def cosign(self) -> None:
        row = self.current()
        if row is None or not self.body.isVisible():
            return
        try:
            with self.store.session() as s:
                supervision.cosign(s, self.store.actor, row.note.id)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self._after_action(self.tr("Co-signed the note for {name} from {day}.").format(
            name=row.participant_name, day=format_date(row.note.service_date)))

    def open_return_dialog(self) -> None:
        row = self.current()
        if row is None:
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        note_id = row.note.id
        self.dialog = TextEntryDialog(
            self.store, self.tr("Return with comment — PeerDesk"),
            self.tr("The note for {name} from {day} goes back to {worker}, who answers with an "
                    "addendum. It then comes back to this queue.").format(
                        name=row.participant_name, day=format_date(row.note.service_date),
                        worker=row.note.worker_name),
            self.tr("&Comment for {worker} (required):").format(worker=row.note.worker_name),
            self.tr("&Return to worker"),
            lambda s, text: supervision.return_note(s, self.store.actor, note_id, text), self)
        self.dialog.done_text.connect(lambda _text: self._after_action(
            self.tr("Returned the note for {name} to {worker}.").format(
                name=row.participant_name, worker=row.note.worker_name)))
        self.dialog.open()

    def _after_action(self, message: str) -> None:
        position = max(0, self.table.currentIndex().row())
        self.notice.setText(message)
        self.refresh(select=position)
        self.table.setFocus()
        self.changed.emit()

    def _open_current(self) -> None:
        row = self.current()
        if row is not None:
            self.open_participant.emit(row.note.participant_id)

    def clear_sensitive(self) -> None:
        """Called on lock: forget every row, the note text and messages naming anyone."""
        if self.dialog is not None:
            self.dialog.intro.clear()
            self.dialog.text.clear()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.model.clear()
        self.pane.clear()
        self.notice.clear()
        self.summary.clear()
        self.problem.clear_problem()
