"""Find participants, and add one. (The caseload issue brings the full list.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.participants import STATUS_LABELS, ParticipantStatus
from peerdesk.domain.roles import Permission
from peerdesk.services import participants
from peerdesk.services.store import Store
from peerdesk.ui.common import ProblemLabel, format_date
from peerdesk.ui.participant_dialog import AddParticipantDialog

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    name: str
    preferred_name: str
    date_of_birth: date | None
    phone: str
    status: str
    worker: str


def _status_label(value: str) -> str:
    try:
        return STATUS_LABELS[ParticipantStatus(value)]
    except ValueError:
        return value


class ParticipantTableModel(QAbstractTableModel):
    """Plain rows copied out of the session, so nothing reaches back into a locked file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ParticipantRow] = []
        self._headers = [self.tr("Name"), self.tr("Preferred name"), self.tr("Date of birth"),
                         self.tr("Phone"), self.tr("Status"), self.tr("Assigned worker")]

    def set_rows(self, rows: list[ParticipantRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> ParticipantRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.AccessibleTextRole):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column == 2:
            if row.date_of_birth is None:
                return self.tr("Not known")
            return format_date(row.date_of_birth)
        values = [row.name, row.preferred_name, "", row.phone, row.status, row.worker]
        return values[column]


class ParticipantsPage(QWidget):
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(self.tr("Participants"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Participants"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Name, phone or member id"))
        label = QLabel(self.tr("&Search:"))
        label.setBuddy(self.search)
        self.search.setAccessibleName(self.tr("Search participants"))
        bar.addWidget(label)
        bar.addWidget(self.search, 1)
        self.add_button = QPushButton(self.tr("&Add participant…"))
        self.add_button.setAccessibleName(self.tr("Add participant"))
        self.add_button.clicked.connect(self.open_add_dialog)
        may_edit = store.actor.can(Permission.EDIT_PARTICIPANTS)
        self.add_button.setEnabled(may_edit)
        if not may_edit:
            self.add_button.setToolTip(self.tr("Your role does not allow adding participants."))
        bar.addWidget(self.add_button)
        layout.addLayout(bar)

        self.model = ParticipantTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Participants found"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Number of participants found"))
        layout.addWidget(self.count_label)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.search.textChanged.connect(self.refresh)
        QWidget.setTabOrder(self.search, self.add_button)
        QWidget.setTabOrder(self.add_button, self.table)
        self.dialog: AddParticipantDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        if self.store.closed:
            self.model.clear()
            return
        try:
            with self.store.session() as s:
                found = participants.search_participants(s, self.store.actor,
                                                         self.search.text())
                rows = [ParticipantRow(
                    p.id, f"{p.last_name}, {p.first_name}", p.preferred_name, p.date_of_birth,
                    p.phone, _status_label(p.status),
                    p.assigned_worker.full_name if p.assigned_worker else self.tr("Not assigned"),
                ) for p in found]
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.problem.clear_problem()
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{n} found").format(n=len(rows)))

    def open_add_dialog(self) -> None:
        if self.dialog is not None:  # keep at most one finished form in memory
            self.dialog.deleteLater()
        self.dialog = AddParticipantDialog(self.store, self)
        self.dialog.saved.connect(self._added)
        self.dialog.open()

    def _added(self, participant_id: int, name: str) -> None:
        self.refresh()
        self.changed.emit()
        self.count_label.setText(self.tr("{found} — {name} was added.").format(
            found=self.count_label.text(), name=name))
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == participant_id:
                self.table.selectRow(row)
                break

    def clear_sensitive(self) -> None:
        """Called on lock: forget every row and the search text."""
        if self.dialog is not None:
            self.dialog.close()
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

