"""The caseload list: search as you type, filters, sortable columns, Enter opens a record.

Emits ``open_requested(participant id)``; the main window shows the workspace. Each new
search or filter is one audited listing (``participant_list.list_caseload``, through the
model); typing waits for a pause first, and scrolling fetches rows unaudited. Listens on
``ops.records().changed`` for participants, notes (the last contact) and users (the
worker filter), and implements :class:`peerdesk.ui.ops.Page`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.participants import STATUS_LABELS
from peerdesk.domain.roles import Permission
from peerdesk.services import users
from peerdesk.services.participant_list import ListFilter
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, format_date
from peerdesk.ui.forms import heading, tab_chain
from peerdesk.ui.participant_dialog import ParticipantDialog
from peerdesk.ui.participant_model import LazyParticipantModel

SEARCH_DELAY_MS = 120
_REFRESH_ON = (ops.PARTICIPANTS, ops.NOTES, ops.USERS, ops.ANY)


class CaseloadTable(QTableView):
    """Enter or Return opens the current participant (on every platform)."""

    open_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchField(QLineEdit):
    """Down arrow moves into the results; Enter opens the selected participant."""

    down = Signal()
    enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()
            return
        super().keyPressEvent(event)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class ParticipantsPage(QWidget):
    """The caseload list (an :class:`peerdesk.ui.ops.Page`).

    ``changed`` is emitted after a participant was added here (the same change is also
    announced on ``ops.records()`` as ``ops.PARTICIPANTS``)."""

    changed = Signal()
    open_requested = Signal(int)
    group_note_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        actor = store.actor
        self.setAccessibleName(self.tr("Participants"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Participants")))

        bar = QHBoxLayout()
        self.search = SearchField()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Name, preferred name, phone, member id or date of birth"))
        self.search.setAccessibleName(self.tr("Search participants"))
        self.search.setAccessibleDescription(self.tr(
            "Results update as you type. Down arrow moves to the list; Enter opens the "
            "selected participant."))
        bar.addWidget(_label(self.tr("&Search:"), self.search))
        bar.addWidget(self.search, 1)
        self.add_button = QPushButton(self.tr("&Add participant…"))
        self.add_button.setAccessibleName(self.tr("Add participant"))
        self.add_button.setToolTip(self.tr("Add participant (Ctrl+N)"))
        self.add_button.clicked.connect(self.open_add_dialog)
        may_edit = actor.can(Permission.EDIT_PARTICIPANTS)
        self.add_button.setEnabled(may_edit)
        if not may_edit:
            self.add_button.setToolTip(self.tr("Your role does not allow adding participants."))
        bar.addWidget(self.add_button)
        self.group_button = QPushButton(self.tr("&Group note…"))
        self.group_button.setAccessibleName(self.tr("Group note"))
        self.group_button.clicked.connect(self.group_note_requested)
        self.group_button.setVisible(actor.can(Permission.WRITE_NOTES))
        bar.addWidget(self.group_button)
        layout.addLayout(bar)

        filters = QHBoxLayout()
        self.scope = QComboBox()
        self.scope.addItem(self.tr("My caseload"), True)
        self.scope.addItem(self.tr("Everyone I may see"), False)
        self.scope.setAccessibleName(self.tr("Show"))
        self.scope.setCurrentIndex(1 if actor.can(Permission.VIEW_ALL_PARTICIPANTS) else 0)
        filters.addWidget(_label(self.tr("Sho&w:"), self.scope))
        filters.addWidget(self.scope)
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), None)
        for value, text in STATUS_LABELS.items():
            self.status.addItem(text, value.value)
        self.status.setAccessibleName(self.tr("Status"))
        filters.addWidget(_label(self.tr("S&tatus:"), self.status))
        filters.addWidget(self.status)
        self.worker = QComboBox()
        self.worker.setAccessibleName(self.tr("Assigned worker"))
        filters.addWidget(_label(self.tr("Wor&ker:"), self.worker))
        filters.addWidget(self.worker)
        filters.addStretch(1)
        layout.addLayout(filters)
        self._fill_workers()

        self.model = LazyParticipantModel(store, self)
        self.model.failed.connect(self._failed)
        self.table = CaseloadTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Participants found"))
        self.table.setAccessibleDescription(self.tr(
            "Enter or double-click opens the participant. Click a column heading to sort."))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never measures rows
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self._size_columns()
        self.table.open_requested.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Number of participants found"))
        layout.addWidget(self.count_label)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.down.connect(self._into_table)
        self.search.enter.connect(self._open_from_search)
        for combo in (self.scope, self.status, self.worker):
            combo.currentIndexChanged.connect(self.apply_filters)
        tab_chain(self.search, self.add_button, self.group_button, self.scope, self.status,
                  self.worker, self.table)
        self.dialog: ParticipantDialog | None = None
        self._stale = False
        ops.records().changed.connect(self._records_changed)
        self.apply_filters()

    def _fill_workers(self) -> None:
        """The worker filter: every worker (also former ones, whose caseload may remain)."""
        chosen = self.worker.currentData()
        self.worker.blockSignals(True)
        self.worker.clear()
        self.worker.addItem(self.tr("Any worker"), None)
        found = []
        if not self.store.closed:
            try:
                found = ops.read(self.store, lambda s, actor: users.workers(
                    s, actor, include_inactive=True))
            except Exception:
                found = []
        for user in found:
            self.worker.addItem(user.full_name, user.id)
        self.worker.setCurrentIndex(max(self.worker.findData(chosen), 0))
        self.worker.blockSignals(False)

    def _records_changed(self, kind: str) -> None:
        if kind not in _REFRESH_ON:
            return
        if kind in (ops.USERS, ops.ANY) and not self.store.closed:
            self._fill_workers()
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # refreshed when shown: no query for a hidden page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _size_columns(self) -> None:
        """Widths from the heading and a typical value: rows are never measured (that would
        fetch all 20,000). The name always gets room to be read; the last column takes what
        is left, and a narrow window or a large font scrolls sideways instead."""
        metrics = self.table.fontMetrics()
        pad = 3 * metrics.averageCharWidth()
        day = format_date(date(2000, 12, 28))
        samples = ["Castañeda-Villanueva, Guadalupe", "Preferred", day, "(555) 555-5555",
                   "RHP12345678", max(STATUS_LABELS.values(), key=metrics.horizontalAdvance),
                   "Alexandria Washington", day]
        header = self.table.horizontalHeader()
        for column, sample in enumerate(samples):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(metrics.horizontalAdvance(sample),
                                             metrics.horizontalAdvance(title)) + pad)
        header.setStretchLastSection(True)

    # -- searching ----------------------------------------------------------------------
    def current_filter(self) -> ListFilter:
        worker = self.worker.currentData()
        return ListFilter(text=self.search.text(), mine_only=bool(self.scope.currentData()),
                          status=self.status.currentData(),
                          worker_id=int(worker) if worker is not None else None,
                          sort=self.model.filter.sort, descending=self.model.filter.descending)

    def apply_filters(self) -> None:
        """Run the search now (typing waits ~120 ms for the next key first)."""
        self.search_timer.stop()
        selected = self.selected_id()
        if not self.model.set_filter(self.current_filter()):
            return
        self.problem.clear_problem()
        self._after_load(selected)

    def refresh(self) -> None:
        """Reload with the same search (e.g. after a change), keeping the selection."""
        self._stale = False
        if self.store.closed:
            self.model.clear()
            return
        selected = self.selected_id()
        if self.model.reload():
            self._after_load(selected)

    def _after_load(self, selected: int | None) -> None:
        count = self.model.rowCount()
        self.count_label.setText(self.tr("Participants found: {n}").format(n=f"{count:,}"))
        row = self.model.row_of(selected) if selected is not None else -1
        if count:
            self.select_row(max(row, 0))

    def _failed(self, message: str) -> None:
        self.problem.show_problem(message)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _into_table(self) -> None:
        if self.search_timer.isActive():
            self.apply_filters()
        self.table.setFocus(Qt.FocusReason.TabFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)

    def _open_from_search(self) -> None:
        if self.search_timer.isActive():
            self.apply_filters()
        pid = self.selected_id()
        if pid is not None:
            self.open_requested.emit(pid)

    def _open_index(self, index: QModelIndex) -> None:
        pid = self.model.id_at(index.row())
        if pid is not None:
            self.open_requested.emit(pid)

    # -- adding -------------------------------------------------------------------------
    def open_add_dialog(self) -> None:
        if not self.add_button.isEnabled():
            return
        if self.dialog is not None:  # keep at most one finished form in memory
            self.dialog.deleteLater()
        self.dialog = ParticipantDialog(self.store, parent=self)
        self.dialog.saved.connect(self._added)
        self.dialog.open()

    def _added(self, participant_id: int, name: str) -> None:
        self.refresh()
        if self.model.row_of(participant_id) < 0:  # hidden by the search or a filter
            for widget in (self.search, self.scope, self.status, self.worker):
                widget.blockSignals(True)
            self.search.clear()
            self.status.setCurrentIndex(0)
            self.worker.setCurrentIndex(0)
            self.scope.setCurrentIndex(1)
            for widget in (self.search, self.scope, self.status, self.worker):
                widget.blockSignals(False)
            self.apply_filters()
        row = self.model.row_of(participant_id)
        if row >= 0:
            self.select_row(row)
        self.changed.emit()
        self.count_label.setText(self.tr("{found} — {name} was added.").format(
            found=self.count_label.text(), name=name))

    def clear_sensitive(self) -> None:
        """Called on lock: forget every row and the search text."""
        self.search_timer.stop()
        if self.dialog is not None:
            self.dialog.close()
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.count_label.clear()

    def flush_drafts(self) -> None:
        """Nothing typed here is a draft (the search is forgotten on lock)."""
