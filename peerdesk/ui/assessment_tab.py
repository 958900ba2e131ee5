"""The Assessments tab of the participant workspace: the participant's assessments, what can
be done with the selected one (open, sign, add an addendum), a new assessment with any
instrument the organization uses, and a trend chart of signed scores per instrument."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.instruments import Instrument
from peerdesk.domain.roles import Permission
from peerdesk.services import assessments, instrument_catalog
from peerdesk.services.store import Store
from peerdesk.ui.assessment_form import AssessmentForm
from peerdesk.ui.common import ProblemLabel, add_row, confirm, fit_to_font, format_date
from peerdesk.ui.fit_scroll import FitScrollArea
from peerdesk.ui.forms import heading, share_window_actions, tab_chain
from peerdesk.ui.list_widgets import RowsModel, RowsTable, TextEntryDialog
from peerdesk.ui.trend_chart import TrendChart


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    administered_on: date
    instrument_id: str
    title: str
    total: float | None
    band: str
    answered: int
    items: int
    signed: bool
    signed_by: str
    worker_id: int


def _num(value: float) -> str:
    return f"{value:g}"


class NewAssessmentDialog(QDialog):
    """Choose the instrument; ``chosen(instrument id)`` when the user starts."""

    chosen = Signal(str)

    def __init__(self, instruments: dict[str, Instrument], parent: QWidget | None = None,
                 preferred: str = "") -> None:
        super().__init__(parent)
        self.instruments = instruments
        self.setWindowTitle(self.tr("New assessment — PeerDesk"))
        self.setAccessibleName(self.tr("New assessment"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("New assessment"), 1.2))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.instrument = QComboBox()
        for inst in sorted(instruments.values(), key=lambda i: i.title.lower()):
            self.instrument.addItem(self.tr("{title} (version {v})").format(
                title=inst.title, v=inst.version), inst.id)
        index = self.instrument.findData(preferred)
        if index >= 0:
            self.instrument.setCurrentIndex(index)
        add_row(form, self.tr("&Instrument:"), self.instrument)
        layout.addLayout(form)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setAccessibleName(self.tr("About the instrument"))
        self.about.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.about, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton(self.tr("&Start"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.start_button.setDefault(True)
        self.instrument.currentIndexChanged.connect(self._describe)
        self._describe()
        fit_to_font(self, 70, 16)
        self.instrument.setFocus()

    def _describe(self) -> None:
        inst = self.instruments.get(str(self.instrument.currentData()))
        if inst is None:
            self.about.clear()
            return
        self.about.setText(self.tr("{n} items. {citation}\nUse: {licence}").format(
            n=len(inst.items), citation=inst.citation, licence=inst.licence))

    def _start(self) -> None:
        self.accept()
        self.chosen.emit(str(self.instrument.currentData()))


class AssessmentsTab(QWidget):
    """``set_participant(id, name)`` then ``refresh()``; ``changed()`` after a change."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id: int | None = None
        self.participant_name = ""
        self.rows: list[AssessmentRow] = []
        self.dialog: QDialog | None = None
        actor = store.actor
        self.setAccessibleName(self.tr("Assessments"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        outer.addWidget(FitScrollArea(content))
        layout = QVBoxLayout(content)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        top = QWidget()
        body = QHBoxLayout(top)
        body.setContentsMargins(0, 0, 0, 0)
        self.model = RowsModel([
            (self.tr("Date"), lambda r: format_date(r.administered_on)),
            (self.tr("Instrument"), lambda r: r.title),
            (self.tr("Total"), self._total_text),
            (self.tr("Result"), lambda r: r.band or "—"),
            (self.tr("Signed"), self._state_text),
        ])
        self.table = RowsTable(self.model, self.tr("Assessments"))
        self.table.setAccessibleDescription(self.tr("Enter opens the selected assessment."))
        self.table.open_row.connect(lambda row: self.open_assessment(row.id))
        body.addWidget(self.table, 1)
        bar = QVBoxLayout()
        self.open_button = QPushButton(self.tr("O&pen assessment"))
        self.open_button.clicked.connect(self._open_selected)
        self.new_button = QPushButton(self.tr("Ne&w assessment…"))
        self.new_button.clicked.connect(self.new_assessment)
        self.sign_button = QPushButton(self.tr("Si&gn…"))
        self.sign_button.clicked.connect(self.sign_selected)
        self.addendum_button = QPushButton(self.tr("Add addendu&m…"))
        self.addendum_button.clicked.connect(self.add_addendum)
        writes = actor.can(Permission.WRITE_NOTES)
        self.new_button.setVisible(writes)
        self.sign_button.setVisible(writes)
        self.addendum_button.setVisible(writes or actor.can(Permission.SUPERVISE))
        for button in (self.open_button, self.new_button, self.sign_button,
                       self.addendum_button):
            bar.addWidget(button)
        bar.addStretch(1)
        body.addLayout(bar)
        splitter.addWidget(top)

        bottom = QWidget()
        chart_box = QVBoxLayout(bottom)
        chart_box.setContentsMargins(0, 0, 0, 0)
        pick = QFormLayout()
        pick.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.chart_instrument = QComboBox()
        add_row(pick, self.tr("T&rend of:"), self.chart_instrument,
                accessible_name=self.tr("Instrument shown in the trend chart"))
        chart_box.addLayout(pick)
        self.chart = TrendChart()
        chart_box.addWidget(self.chart, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(self.tr("Trend in words"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        chart_box.addWidget(self.summary)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        tab_chain(self.table, self.open_button, self.new_button, self.sign_button,
                  self.addendum_button, self.chart_instrument, self.chart)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.chart_instrument.currentIndexChanged.connect(lambda _i: self._show_trend())
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------
    def set_participant(self, participant_id: int | None, name: str = "") -> None:
        self.participant_id = participant_id
        self.participant_name = name

    def refresh(self, select_id: int | None = None) -> None:
        if self.participant_id is None or self.store.closed:
            return
        keep = select_id if select_id is not None else getattr(self.selected(), "id", None)
        actor = self.store.actor
        try:
            with self.store.session() as s:
                known = instrument_catalog.available(s)
                rows = []
                for a in assessments.assessments_for(s, actor, self.participant_id):
                    inst = known.get(a.instrument_id)
                    rows.append(AssessmentRow(
                        a.id, a.administered_on, a.instrument_id,
                        inst.title if inst else a.instrument_id, a.total, a.band, a.answered,
                        len(inst.items) if inst else a.answered, a.signed,
                        f"{a.signed_by_name}, {a.signed_by_credential}".rstrip(", "),
                        a.worker_id))
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.problem.clear_problem()
        self.rows = rows
        self.model.set_rows(rows)
        index = next((n for n, r in enumerate(rows) if r.id == keep), 0)
        self.table.select_row(index)
        self._fill_chart_choices(known)
        self._update_buttons()

    def _fill_chart_choices(self, known: dict[str, Instrument]) -> None:
        used = list(dict.fromkeys(r.instrument_id for r in self.rows))  # newest first
        choices = used + [i for i in known if i not in used]
        current = self.chart_instrument.currentData()
        self.chart_instrument.blockSignals(True)
        self.chart_instrument.clear()
        for iid in choices:
            inst = known.get(iid)
            self.chart_instrument.addItem(inst.title if inst else iid, iid)
        index = self.chart_instrument.findData(current)
        self.chart_instrument.setCurrentIndex(index if index >= 0 else 0)
        self.chart_instrument.blockSignals(False)
        self._show_trend()

    def _show_trend(self) -> None:
        iid = self.chart_instrument.currentData()
        if self.participant_id is None or iid is None or self.store.closed:
            self.chart.set_trend(None)
        else:
            try:
                with self.store.session() as s:
                    self.chart.set_trend(assessments.trend(s, self.store.actor,
                                                           self.participant_id, str(iid)))
            except StoreError as exc:
                self.problem.show_problem(str(exc))
                self.chart.set_trend(None)
        self.summary.setText(self.chart.summary())

    def clear(self) -> None:
        self.participant_id = None
        self.rows = []
        self.model.clear()
        self.chart_instrument.clear()
        self.chart.set_trend(None)
        self.summary.clear()

    # -- the selected assessment --------------------------------------------------------
    def _total_text(self, row: AssessmentRow) -> str:
        if row.total is None:
            return self.tr("not scored ({a} of {n} answered)").format(a=row.answered,
                                                                     n=row.items)
        return _num(row.total)

    def _state_text(self, row: AssessmentRow) -> str:
        if not row.signed:
            return self.tr("Not signed")
        return self.tr("Signed by {who}").format(who=row.signed_by)

    def selected(self) -> AssessmentRow | None:
        row = self.table.current()
        return row if isinstance(row, AssessmentRow) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        actor = self.store.actor
        own_draft = (row is not None and not row.signed and row.worker_id == actor.id
                     and actor.can(Permission.WRITE_NOTES))
        self.open_button.setEnabled(row is not None)
        self.sign_button.setEnabled(own_draft)
        self.addendum_button.setEnabled(
            row is not None and row.signed
            and (row.worker_id == actor.id or actor.can(Permission.SUPERVISE)))

    # -- actions ------------------------------------------------------------------------
    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_assessment(row.id)

    def new_assessment(self) -> None:
        if self.store.closed:
            return
        try:
            with self.store.session() as s:
                known = instrument_catalog.available(s)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        preferred = str(self.chart_instrument.currentData() or "")
        dialog = NewAssessmentDialog(known, self, preferred)
        dialog.chosen.connect(lambda iid: self._open_form(iid, None))
        self._show_dialog(dialog)

    def open_assessment(self, assessment_id: int) -> None:
        self._open_form(None, assessment_id)

    def _open_form(self, instrument_id: str | None,
                   assessment_id: int | None) -> AssessmentForm | None:
        if self.participant_id is None:
            return None
        try:
            form = AssessmentForm(self.store, self.participant_id, instrument_id,
                                  assessment_id, self.participant_name, self)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return None
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._saved)
        form.open()
        return form

    def _saved(self, assessment_id: int) -> None:
        self.refresh(select_id=assessment_id)
        self.changed.emit()

    def sign_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.total is None:
            self.problem.show_problem(self.tr(
                "This assessment cannot be signed until it can be scored: open it and answer "
                "the remaining items."))
            return

        def sign() -> None:
            try:
                with self.store.session() as s:
                    assessments.sign_assessment(s, self.store.actor, row.id)
            except StoreError as exc:
                self.problem.show_problem(str(exc))
                return
            self._saved(row.id)

        confirm(self, self.tr("Sign this assessment?"),
                self.tr("Sign this assessment now? After signing, the answers cannot be "
                        "changed; corrections are addenda."),
                self.tr("&Sign assessment"), sign)

    def add_addendum(self) -> None:
        row = self.selected()
        if row is None:
            return
        actor = self.store.actor
        dialog = TextEntryDialog(
            self.store, self.tr("Add addendum — PeerDesk"),
            self.tr("The assessment of {day} stays as it was signed. The addendum is added "
                    "below it with your name and today's date.").format(
                day=format_date(row.administered_on)),
            self.tr("&Addendum:"), self.tr("&Save addendum"),
            lambda s, text: assessments.add_addendum(s, actor, row.id, text), self)
        dialog.done_text.connect(lambda _text: self._saved(row.id))
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        share_window_actions(dialog, self)
        dialog.open()

    def forms(self) -> list[AssessmentForm]:
        return [f for f in self.findChildren(AssessmentForm) if f.isVisible()]

    def close_windows(self) -> None:
        """On lock: close the forms (their answers are kept) and any dialog."""
        for form in self.findChildren(AssessmentForm):
            form.close()
        if self.dialog is not None:
            self.dialog.close()
