"""The resource directory: search as you type, filter by category and by city or ZIP,
see a service's details, keep notes and favourites, edit by hand, mark inactive, and
import an Open Referral (HSDS) package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from peerdesk.domain.roles import Permission
from peerdesk.services import directory
from peerdesk.services.actor import Actor
from peerdesk.services.directory import ServiceDetail, ServiceRow
from peerdesk.services.hsds_import import ImportReport
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, show_error
from peerdesk.ui.forms import tab_chain
from peerdesk.ui.hsds_import_ui import ImportReportDialog, ImportRunner
from peerdesk.ui.list_widgets import RowsModel, RowsTable, heading, reading_pane
from peerdesk.ui.service_dialog import ServiceDialog


def _labelled(text: str, widget: QWidget, name: str) -> tuple[QLabel, QWidget]:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(name)
    return label, widget


class DirectoryPage(QWidget):
    """``(store, parent=None)``; ``refresh()`` when shown; ``clear_sensitive()`` on lock."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        actor = store.actor
        self.edits = actor.can(Permission.EDIT_DIRECTORY)
        self.dialog: QDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.detail: ServiceDetail | None = None
        self.runner = ImportRunner(store, self)
        self.runner.done.connect(self._import_done)
        self.setAccessibleName(self.tr("Resource directory"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Resource directory"), 1.4))

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("words, e.g. shelter, ID, Spanish"))
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.place = QComboBox()
        self.place.setEditable(True)
        self.place.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.place.lineEdit().setPlaceholderText(self.tr("any"))
        self.favourites_only = QCheckBox(self.tr("&Favourites only"))
        self.show_inactive = QCheckBox(self.tr("Show inac&tive"))
        for text, widget, name in ((self.tr("&Search:"), self.search, self.tr("Search")),
                                   (self.tr("Cate&gory:"), self.category, self.tr("Category")),
                                   (self.tr("City or &ZIP:"), self.place,
                                    self.tr("City or ZIP code"))):
            label, field = _labelled(text, widget, name)
            filters.addWidget(label)
            filters.addWidget(field, 2 if widget is self.search else 1)
        filters.addWidget(self.favourites_only)
        filters.addWidget(self.show_inactive)
        layout.addLayout(filters)

        self.model = RowsModel([
            (self.tr("Service"), lambda r: r.name),
            (self.tr("Organization"), lambda r: r.organization),
            (self.tr("Category"), lambda r: r.categories),
            (self.tr("City"), lambda r: " ".join(p for p in (r.city, r.postal_code) if p)),
            (self.tr("Phone"), lambda r: r.phone),
            (self.tr("Marks"), self._marks),
        ], self)
        self.table = RowsTable(self.model, self.tr("Services"))
        self.table.open_row.connect(lambda _r: self.open_edit_dialog())
        self.count = QLabel()
        self.count.setBuddy(self.table)
        self.count.setAccessibleName(self.tr("Number of services found"))

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        about_label = QLabel(self.tr("&About the service:"))
        self.about = reading_pane(self.tr("About the selected service"))
        about_label.setBuddy(self.about)
        self.favourite = QCheckBox(self.tr("Fa&vourite"))
        self.favourite.setAccessibleName(self.tr("Favourite service"))
        self.favourite.toggled.connect(self._favourite_toggled)
        notes_form = QFormLayout()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("for example: ask for Maria at intake"))
        notes_label, _ = _labelled(self.tr("Our &notes:"), self.notes, self.tr("Our notes"))
        notes_form.addRow(notes_label, self.notes)
        self.save_notes_button = QPushButton(self.tr("Save n&otes"))
        self.save_notes_button.clicked.connect(self.save_notes)
        column.addWidget(about_label)
        column.addWidget(self.about, 3)
        column.addWidget(self.favourite)
        column.addLayout(notes_form, 1)
        column.addWidget(self.save_notes_button, 0, Qt.AlignmentFlag.AlignLeft)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.count)
        left_column.addWidget(self.table, 1)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([780, 420])
        layout.addWidget(splitter, 1)

        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add service…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected service"))
        self.active_button = QPushButton(self.tr("Mark &inactive"))
        self.import_button = QPushButton(self.tr("I&mport HSDS…"))
        self.import_button.setAccessibleName(self.tr("Import an Open Referral (HSDS) folder"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.active_button.clicked.connect(self.toggle_active)
        self.import_button.clicked.connect(lambda: self.choose_import_folder())
        for button in (self.add_button, self.edit_button, self.active_button,
                       self.import_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.add_button.setVisible(self.edits)
        self.import_button.setVisible(actor.can(Permission.IMPORT_DIRECTORY))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Last action"))
        layout.addWidget(self.notice)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)

        self.search.textChanged.connect(lambda _t: self.load_rows())
        self.category.currentIndexChanged.connect(lambda _i: self.load_rows())
        self.place.currentTextChanged.connect(lambda _t: self.load_rows())
        for box in (self.favourites_only, self.show_inactive):
            box.toggled.connect(lambda _on: self.load_rows())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        tab_chain(self.search, self.category, self.place, self.favourites_only,
                  self.show_inactive, self.table, self.about, self.favourite, self.notes,
                  self.save_notes_button, self.add_button, self.edit_button,
                  self.active_button, self.import_button)
        self.refresh()

    def _marks(self, row: ServiceRow) -> str:
        marks = []
        if row.favourite:
            marks.append(self.tr("★ Favourite"))
        if row.has_notes:
            marks.append(self.tr("Notes"))
        if not row.active:
            marks.append(self.tr("Inactive"))
        return ", ".join(marks)

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the filter choices and the list (called when the page is shown)."""
        if self.store.closed:
            self.clear_sensitive()
            return
        out = ops.run(self, self.store, lambda s, _actor: (
            directory.category_choices(s), directory.places(s)), problem=self.problem)
        if not out or out.value is None:
            return
        choices, places = out.value
        for combo in (self.category, self.place):
            combo.blockSignals(True)
        current = self.category.currentData()
        self.category.clear()
        self.category.addItem(self.tr("All categories"), "")
        for choice in choices:
            if choice.count:
                self.category.addItem(self.tr("{label} ({n})").format(label=choice.label,
                                                                      n=choice.count),
                                      choice.key)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        typed = self.place.currentText()
        self.place.clear()
        self.place.addItem("")
        self.place.addItems(places)
        self.place.setCurrentText(typed)
        for combo in (self.category, self.place):
            combo.blockSignals(False)
        self.load_rows()

    def load_rows(self, select_id: int | None = None) -> None:
        if self.store.closed:
            return
        keep = select_id if select_id is not None else (
            self.table.current().id if self.table.current() is not None else None)
        text, category = self.search.text(), str(self.category.currentData() or "")
        place, favourites = self.place.currentText(), self.favourites_only.isChecked()
        inactive = self.show_inactive.isChecked()
        out = ops.run(self, self.store, lambda s, actor: directory.search_services(
            s, actor, text, category, place, favourites, inactive), problem=self.problem)
        if not out or out.value is None:
            return
        rows = out.value
        self.model.set_rows(rows)
        self.count.setText(self.tr("{n} services").format(n=len(rows)) if len(rows) != 1
                           else self.tr("1 service"))
        index = next((i for i, r in enumerate(rows) if r.id == keep), 0)
        self.table.select_row(index)
        self._show_detail()

    def rows(self) -> list[ServiceRow]:
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def _show_detail(self) -> None:
        row = self.table.current()
        self.detail = None
        if row is not None:
            chosen = row.id
            out = ops.run(self, self.store, lambda s, actor: directory.service_detail(
                s, actor, chosen), problem=self.problem)
            self.detail = out.value if out else None
        d = self.detail
        self.about.setPlainText(self._about_text(d) if d else self.tr("No service chosen."))
        self.favourite.blockSignals(True)
        self.favourite.setChecked(bool(d and d.favourite))
        self.favourite.blockSignals(False)
        self.notes.setPlainText(d.notes if d else "")
        for widget in (self.favourite, self.notes, self.save_notes_button, self.edit_button,
                       self.active_button):
            widget.setEnabled(d is not None and self.edits)
        self.active_button.setText(self.tr("Mark &active") if d and not d.active
                                   else self.tr("Mark &inactive"))

    def _about_text(self, d: ServiceDetail) -> str:
        lines = [d.name, d.organization]
        if d.categories:
            lines.append(self.tr("Categories: {c}").format(c=", ".join(d.categories)))
        if not d.active:
            lines.append(self.tr("Inactive (not shown in searches unless asked for)."))
        lines += [d.description, ""] if d.description else [""]
        for place in d.places:
            lines.append(self.tr("Where: {name}{address}").format(
                name=place.name, address=f" — {place.address}" if place.address else ""))
        lines += [self.tr("Phone: {p}").format(p=p) for p in d.phones]
        for label, value in ((self.tr("Web: {v}"), d.url), (self.tr("Email: {v}"), d.email),
                             (self.tr("How to apply: {v}"), d.application_process),
                             (self.tr("Who can use it: {v}"), d.eligibility),
                             (self.tr("Fees: {v}"), d.fees)):
            if value:
                lines.append(label.format(v=value))
        lines.append(self.tr("Source: imported directory") if d.imported
                     else self.tr("Source: added by hand"))
        return "\n".join(lines)

    # -- own fields -----------------------------------------------------------------------
    def _favourite_toggled(self, on: bool) -> None:
        self._change(lambda s, actor, sid: directory.set_favourite(s, actor, sid, on),
                     self.tr("Marked as a favourite.") if on else
                     self.tr("No longer a favourite."))

    def save_notes(self) -> None:
        notes = self.notes.toPlainText()
        self._change(lambda s, actor, sid: directory.set_notes(s, actor, sid, notes),
                     self.tr("The notes were saved."))

    def toggle_active(self) -> None:
        if self.detail is None:
            return
        active = not self.detail.active
        self._change(lambda s, actor, sid: directory.set_active(s, actor, sid, active),
                     self.tr("Marked active.") if active else self.tr(
                         "Marked inactive: hidden from searches unless 'Show inactive' is "
                         "ticked."))

    def _change(self, action: Callable[[Session, Actor, int], None], message: str) -> None:
        """One change to the chosen service (``action(session, actor, service id)``)."""
        if self.detail is None:
            return
        chosen = self.detail.id
        if not ops.run(self, self.store, lambda s, actor: action(s, actor, chosen),
                       problem=self.problem, changed=ops.DIRECTORY):
            return
        self.notice.setText(message)
        self.load_rows(chosen)

    # -- dialogs --------------------------------------------------------------------------
    def _show(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def open_add_dialog(self) -> None:
        dialog = ServiceDialog(self.store, parent=self)
        dialog.saved.connect(self._saved)
        self._show(dialog)

    def open_edit_dialog(self) -> None:
        if self.detail is None or not self.edits:
            return
        dialog = ServiceDialog(self.store, self.detail.id, self)
        dialog.saved.connect(self._saved)
        self._show(dialog)

    def _saved(self, service_id: int) -> None:
        self.notice.setText(self.tr("The service was saved."))
        self.refresh()
        self.load_rows(service_id)

    def choose_import_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the folder of HSDS CSV files"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.start_import)
        self.file_dialog = dialog
        dialog.open()

    def start_import(self, folder: Path | str) -> None:
        self.notice.clear()
        self.runner.start(folder)

    def _import_done(self, result: object) -> None:
        if not isinstance(result, ImportReport):
            show_error(self, str(result))
            return
        if result.imported:
            self.notice.setText(self.tr("The directory was imported."))
            self.refresh()
        report = ImportReportDialog(result, self)
        self._show(report)

    def clear_sensitive(self) -> None:
        """Called on lock: stop an import, close dialogs, forget what came from the file."""
        self.runner.cancel_and_wait()
        for dialog in (self.dialog, self.file_dialog):
            if dialog is not None:
                dialog.close()
        self.model.clear()
        self.detail = None
        self.about.clear()
        self.notes.clear()
        self.notice.clear()
        self.count.clear()
