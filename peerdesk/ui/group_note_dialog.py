"""A group entered once: choose the attendees, write one note, and PeerDesk makes one unsigned
note per attendee, each of which can then be edited on its own and signed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.encounters import SERVICE_TYPES, SETTINGS
from peerdesk.domain.participants import FieldProblem
from peerdesk.services import participant_list
from peerdesk.services.encounters import GroupInput, create_group_notes
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.participant_list import ListFilter
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import (
    DateField,
    ProblemLabel,
    add_checked_row,
    date_hint,
    fit_to_font,
)
from peerdesk.ui.forms import share_window_actions, show_field_problems, tab_chain
from peerdesk.ui.time_field import TimeField

SHOWN = 200  # matches listed at once; the search narrows them


class GroupNoteDialog(QDialog):
    """Emits ``saved(list of note ids)``."""

    saved = Signal(list)

    def __init__(self, store: Store, preselected: list[int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.chosen: dict[int, str] = {}
        self.setWindowTitle(self.tr("Group note — PeerDesk"))
        self.setAccessibleName(self.tr("Group note"))
        outer = QVBoxLayout(self)
        intro = QLabel(self.tr("Write the group note once. Each attendee gets their own "
                               "unsigned note, which you can then edit and sign."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        body = QWidget()
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(name: str, text: str, widget: QWidget, accessible: str | None = None) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget, accessible_name=accessible)

        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("Type a name to find attendees"))
        self.find.setClearButtonEnabled(True)
        row("find", self.tr("&Find attendees:"), self.find)
        self.attendees = QListWidget()
        self.attendees.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.attendees.setAccessibleDescription(self.tr(
            "Space ticks or unticks the selected participant."))
        row("participant_ids", self.tr("Attendee&s:"), self.attendees,
            self.tr("Attendees (tick each one)"))
        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setAccessibleName(self.tr("Chosen attendees"))
        form.addRow("", self.chosen_label)
        self.service_date = DateField()
        self.service_date.set_value(date.today())
        row("service_date", self.tr("&Date of service ({format}):").format(format=date_hint()),
            self.service_date, self.tr("Date of service"))
        self.start_time = TimeField()
        row("start_time", self.tr("Sta&rt time:"), self.start_time)
        self.end_time = TimeField()
        row("end_time", self.tr("St&op time:"), self.end_time)
        self.setting = QComboBox()
        for value, text in SETTINGS.items():
            self.setting.addItem(text, value)
        self.setting.setCurrentIndex(self.setting.findData("recovery_center"))
        row("setting", self.tr("Se&tting:"), self.setting, self.tr("Setting"))
        self.service_type = QComboBox()
        for value, kind in SERVICE_TYPES.items():
            self.service_type.addItem(kind.label, value)
        self.service_type.setCurrentIndex(self.service_type.findData("group_support"))
        row("service_type", self.tr("Ser&vice type:"), self.service_type)
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        row("topic", self.tr("To&pic:"), self.topic)
        self.naloxone = QSpinBox()
        self.naloxone.setRange(0, 500)
        row("naloxone_kits", self.tr("&Naloxone kits for each attendee:"), self.naloxone)
        self.strips = QSpinBox()
        self.strips.setRange(0, 500)
        row("test_strips", self.tr("&Fentanyl test strips for each attendee:"), self.strips)
        self.narrative = QPlainTextEdit()
        self.narrative.setTabChangesFocus(True)
        self.narrative.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        row("narrative", self.tr("Not&e (for every attendee):"), self.narrative,
            self.tr("Group note (narrative)"))
        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Create notes"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.save_button.setDefault(True)  # once in the dialog (see participant_dialog)
        tab_chain(self.find, self.attendees, self.service_date, self.start_time, self.end_time,
                  self.setting, self.service_type, self.topic, self.naloxone, self.strips,
                  self.narrative)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(120)
        self.search_timer.timeout.connect(self.refresh_list)
        self.find.textChanged.connect(self.search_timer.start)
        self.attendees.itemChanged.connect(self._ticked)
        share_window_actions(self, parent)
        for pid in preselected or []:
            self.chosen[pid] = ""
        self.refresh_list()
        fit_to_font(self, 90, 48)
        self.find.setFocus()

    # -- attendees ----------------------------------------------------------------------
    def refresh_list(self) -> None:
        self.search_timer.stop()
        wanted_filter = ListFilter(text=self.find.text(), status="active")
        chosen = list(self.chosen)

        def shown(ids: list[int]) -> list[int]:
            return [pid for pid in chosen if pid not in ids[:SHOWN]] + ids[:SHOWN]

        try:  # typing a search: a failure shows below without clearing other problems
            rows = ops.read(self.store, lambda s, actor: participant_list.rows(
                s, shown(participant_list.matching_ids(s, actor, wanted_filter))))
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        for r in rows:
            if r.id in self.chosen:
                self.chosen[r.id] = r.name
        self.attendees.blockSignals(True)
        self.attendees.clear()
        ordered = sorted(rows, key=lambda r: (r.id not in self.chosen, r.name))
        for r in ordered:
            born = f" ({r.date_of_birth:%Y})" if r.date_of_birth else ""
            item = QListWidgetItem(f"{r.name}{born}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r.id in self.chosen
                               else Qt.CheckState.Unchecked)
            self.attendees.addItem(item)
        self.attendees.blockSignals(False)
        if self.attendees.count():
            self.attendees.setCurrentRow(0)
        self._show_chosen()

    def _ticked(self, item: QListWidgetItem) -> None:
        pid = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[pid] = item.text()
        else:
            self.chosen.pop(pid, None)
        self._show_chosen()

    def tick(self, participant_id: int, on: bool = True) -> None:
        for i in range(self.attendees.count()):
            item = self.attendees.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == participant_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _show_chosen(self) -> None:
        if not self.chosen:
            self.chosen_label.setText(self.tr("No attendees chosen yet."))
            return
        names = "; ".join(name for name in self.chosen.values() if name)
        self.chosen_label.setText(self.tr("{n} chosen: {names}").format(n=len(self.chosen),
                                                                        names=names))

    # -- saving -------------------------------------------------------------------------
    def save(self, confirm_overlap: bool = False) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        unreadable: list[FieldProblem] = []
        values = {}
        for name, field in (("service_date", self.service_date),
                            ("start_time", self.start_time), ("end_time", self.end_time)):
            try:
                values[name] = field.value()
            except ValueError as exc:
                unreadable.append(FieldProblem(name, str(exc)))
                continue
            if values[name] is None:
                unreadable.append(FieldProblem(name, self.tr("Please fill this in.")))
        if unreadable:
            show_field_problems(ValidationFailed(unreadable), self.problems, self.fields,
                                self.general_problem)
            return
        group = GroupInput(
            participant_ids=list(self.chosen), service_date=values["service_date"],
            start_time=values["start_time"], end_time=values["end_time"],
            setting=str(self.setting.currentData()), topic=self.topic.text(),
            narrative=self.narrative.toPlainText(),
            service_type=str(self.service_type.currentData()),
            naloxone_kits_each=self.naloxone.value(), test_strips_each=self.strips.value())
        out = ops.run(self, self.store, lambda s, actor: [
            n.id for n in create_group_notes(s, actor, group, confirm_overlap=confirm_overlap)],
            fields=ops.FieldTargets(self.problems, self.fields, self.general_problem),
            confirm_again=lambda: self.save(confirm_overlap=True),
            confirmation=ops.Confirmation(self.tr("Overlapping notes"), self.tr("Save &anyway")),
            changed=ops.NOTES)
        if not out or out.value is None:
            return
        self.accept()
        self.saved.emit(out.value)
