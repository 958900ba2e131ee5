"""The caseload table model: every matching id at once, display rows a page at a time.

``participant_list.list_caseload`` returns the ids in order (milliseconds even for 20,000
participants) with the first page of rows, and writes the one ``participant.list`` audit row
for a new search or filter (not for a reload or another order of the same list); further
rows are fetched in pages of :attr:`LazyParticipantModel.PAGE` only when the view asks for
them (unaudited), and kept in a small cache. Sorting is done in SQL.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from peerdesk.domain.participants import STATUS_LABELS, ParticipantStatus
from peerdesk.services import participant_list
from peerdesk.services.participant_list import ListFilter, ParticipantRow
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import format_date

_Index = QModelIndex | QPersistentModelIndex

# Column order; each is also its sort key in participant_list.SORTS.
COLUMN_KEYS = ("name", "preferred_name", "date_of_birth", "phone", "member_id", "status",
               "worker", "last_contact")


def status_label(value: str) -> str:
    try:
        return STATUS_LABELS[ParticipantStatus(value)]
    except ValueError:
        return value


class LazyParticipantModel(QAbstractTableModel):
    """Plain rows copied out of the session, so nothing reaches back into a locked file.

    ``failed(message)`` is emitted when the file cannot be read (e.g. it was locked)."""

    PAGE = 100
    MAX_PAGES = 60  # 6,000 cached rows at most

    failed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.filter = ListFilter()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ParticipantRow]] = OrderedDict()
        self.fetched_pages: list[int] = []  # every page fetched since the last reset
        self._listed: tuple[object, ...] | None = None  # the listing last audited
        self.last_query_ms = 0.0
        self._headers = [self.tr("Name"), self.tr("Preferred name"), self.tr("Date of birth"),
                         self.tr("Phone"), self.tr("Member id"), self.tr("Status"),
                         self.tr("Assigned worker"), self.tr("Last contact")]

    # -- loading ----------------------------------------------------------------------
    def set_filter(self, flt: ListFilter) -> bool:
        """Run the search; False (and ``failed``) when the file could not be read.

        A new search or filter is one audited listing; the same one again (a reload, or
        another order) is not audited twice."""
        started = time.perf_counter()
        again = flt.listing() == self._listed
        try:
            if self.store.closed:
                listed = participant_list.Caseload((), ())
            else:
                listed = ops.read(self.store, lambda s, actor: participant_list.list_caseload(
                    s, actor, flt, first=self.PAGE, again=again))
        except Exception as exc:  # a sentence for the person, never the exception's text
            self.failed.emit(ops.message_for(exc))
            return False
        self.beginResetModel()
        self.filter = flt
        if not self.store.closed:
            self._listed = flt.listing()
        self._ids = list(listed.ids)
        self._pages.clear()
        self.fetched_pages = []
        if listed.ids:
            self._pages[0] = {r.id: r for r in listed.rows}
            self.fetched_pages.append(0)
        self.endResetModel()
        self.last_query_ms = (time.perf_counter() - started) * 1000
        return True

    def reload(self) -> bool:
        return self.set_filter(self.filter)

    def clear(self) -> None:
        self.beginResetModel()
        self._listed = None  # the next listing (after unlocking) is audited again
        self._ids = []
        self._pages.clear()
        self.endResetModel()

    def _page(self, number: int) -> dict[int, ParticipantRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        ids = self._ids[number * self.PAGE:(number + 1) * self.PAGE]
        page = {}
        if ids and not self.store.closed:
            try:
                found = ops.read(self.store, lambda s, _actor: participant_list.rows(s, ids))
            except Exception as exc:  # a sentence for the person, never the exception's text
                self.failed.emit(ops.message_for(exc))
                return {}
            page = {r.id: r for r in found}
        self._pages[number] = page
        self.fetched_pages.append(number)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- lookups ----------------------------------------------------------------------
    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_at(self, row: int) -> ParticipantRow | None:
        pid = self.id_at(row)
        if pid is None:
            return None
        return self._page(row // self.PAGE).get(pid)

    def row_of(self, participant_id: int) -> int:
        try:
            return self._ids.index(participant_id)
        except ValueError:
            return -1

    def column_of(self, key: str) -> int:
        return COLUMN_KEYS.index(key)

    # -- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.AccessibleTextRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        return self.cell(row, index.column())

    def cell(self, row: ParticipantRow, column: int) -> str:
        key = COLUMN_KEYS[column]
        if key == "name":
            return row.name
        if key == "preferred_name":
            return row.preferred_name
        if key == "date_of_birth":
            return format_date(row.date_of_birth) if row.date_of_birth else self.tr("Not known")
        if key == "phone":
            return row.phone
        if key == "member_id":
            return row.member_id
        if key == "status":
            return status_label(row.status)
        if key == "worker":
            return row.worker_name or self.tr("Not assigned")
        return format_date(row.last_contact_on) if row.last_contact_on else self.tr("None yet")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks: the order comes from SQL, over every match, not just loaded rows."""
        if not 0 <= column < len(COLUMN_KEYS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        flt = self.filter
        if (flt.sort, flt.descending) == (COLUMN_KEYS[column], descending):
            return
        self.set_filter(replace(flt, sort=COLUMN_KEYS[column], descending=descending))
