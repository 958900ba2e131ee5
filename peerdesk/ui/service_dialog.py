"""Add or edit a directory service by hand: each problem is shown under its field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.resources import ServiceInput
from peerdesk.services import directory
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, add_checked_row, fit_to_font, set_min_width_chars
from peerdesk.ui.forms import heading, share_window_actions, tab_chain


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class ServiceDialog(QDialog):
    """``service_id`` None adds a service. Emits ``saved(service id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, service_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.service_id = store, service_id
        share_window_actions(self, parent)
        start = ops.read(store, lambda s, actor: directory.open_service_form(
            s, actor, service_id or None))
        data, imported, choices = start.data, start.imported, start.choices
        title = self.tr("Edit service") if service_id else self.tr("Add a service")
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(title, 1.2))
        if imported:
            note = QLabel(self.tr("This service came from an imported directory: details you "
                                  "change here are replaced at the next import. Notes, the "
                                  "favourite mark and the active flag are kept."))
            note.setWordWrap(True)
            note.setAccessibleName(self.tr("About imported services"))
            outer.addWidget(note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(name: str, text: str, widget: QWidget, accessible: str | None = None) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget, accessible_name=accessible)

        self.name = QLineEdit()
        row("name", self.tr("Service &name:"), self.name)
        self.organization = QLineEdit()
        row("organization_name", self.tr("&Organization:"), self.organization)
        self.description = _text_box(3)
        row("description", self.tr("&Description:"), self.description)
        self.categories = QListWidget()
        self.categories.setFixedHeight(self.categories.fontMetrics().lineSpacing() * 7)
        for choice in choices:
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice.key in data.categories
                               else Qt.CheckState.Unchecked)
            self.categories.addItem(item)
        row("categories", self.tr("&Categories (Space ticks):"), self.categories,
            self.tr("Categories"))
        self.address = QLineEdit()
        row("address_1", self.tr("&Street address:"), self.address)
        self.city = QLineEdit()
        row("city", self.tr("Cit&y:"), self.city)
        self.state = QLineEdit()
        self.state.setMaxLength(40)
        row("state_province", self.tr("S&tate:"), self.state)
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(12)
        row("postal_code", self.tr("&ZIP code:"), self.postal_code)
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)
        row("phone", self.tr("&Phone:"), self.phone)
        self.url = QLineEdit()
        row("url", self.tr("&Web address:"), self.url)
        self.email = QLineEdit()
        row("email", self.tr("E&mail:"), self.email)
        self.application = _text_box(2)
        row("application_process", self.tr("How to &apply:"), self.application)
        self.notes = _text_box(3)
        self.notes.setPlaceholderText(self.tr("for example: ask for Maria at intake"))
        row("notes", self.tr("Our n&otes:"), self.notes, self.tr("Our notes"))
        self.favourite = QCheckBox(self.tr("&Favourite (listed first)"))
        self.active = QCheckBox(self.tr("Acti&ve (shown in searches)"))
        form.addRow(self.favourite)
        form.addRow(self.active)
        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save service"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._load(data)
        tab_chain(self.name, self.organization, self.description, self.categories,
                  self.address, self.city, self.state, self.postal_code, self.phone, self.url,
                  self.email, self.application, self.notes, self.favourite, self.active,
                  self.save_button)
        set_min_width_chars(self, 64)
        fit_to_font(self, 84, 44)
        self.name.setFocus()

    def _load(self, data: ServiceInput) -> None:
        self.name.setText(data.name)
        self.organization.setText(data.organization_name)
        self.description.setPlainText(data.description)
        self.address.setText(data.address_1)
        self.city.setText(data.city)
        self.state.setText(data.state_province)
        self.postal_code.setText(data.postal_code)
        self.phone.setText(data.phone)
        self.url.setText(data.url)
        self.email.setText(data.email)
        self.application.setPlainText(data.application_process)
        self.notes.setPlainText(data.notes)
        self.favourite.setChecked(data.favourite)
        self.active.setChecked(data.active)

    def collect(self) -> ServiceInput:
        chosen = [str(self.categories.item(i).data(Qt.ItemDataRole.UserRole))
                  for i in range(self.categories.count())
                  if self.categories.item(i).checkState() == Qt.CheckState.Checked]
        return ServiceInput(
            self.name.text(), self.organization.text(), self.description.toPlainText(), chosen,
            self.address.text(), self.city.text(), self.state.text(), self.postal_code.text(),
            self.phone.text(), self.url.text(), self.email.text(),
            self.application.toPlainText(), self.notes.toPlainText(),
            self.favourite.isChecked(), self.active.isChecked())

    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        data = self.collect()
        out = ops.run(self, self.store, lambda s, actor: directory.save_service(
            s, actor, data, self.service_id).id,
            fields=ops.FieldTargets(self.problems, self.fields, self.general_problem),
            changed=ops.DIRECTORY)
        if not out or out.value is None:
            return
        saved_id = out.value
        self.accept()
        self.saved.emit(saved_id)
