"""The body of the assessment form: date, the items (one at a time), the live score, all
answers at a glance, notes and addenda. Kept apart from the dialog (assessment_form.py).

The score shown here is computed by the instrument's own rules as the items fill in; the
stored score is always the one the service computes when saving. A published cut-off is
shown only as the instrument's band label, never as a diagnosis.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from peerdesk.domain.instruments import Instrument, running_total, score, why_unscored
from peerdesk.ui.assessment_items import AnswersList, ItemPanel
from peerdesk.ui.common import DateField, ProblemLabel, add_checked_row, date_hint
from peerdesk.ui.list_widgets import reading_pane

PAYLOAD_VERSION = 1


def _num(value: float) -> str:
    return f"{value:g}"


class AssessmentFields(QWidget):
    """``changed()`` on every edit; ``finished()`` after Enter on the last item."""

    changed = Signal()
    finished = Signal()

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        top.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.administered_on = DateField()
        self.administered_on.setMaxLength(10)
        self.administered_on.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.problems: dict[str, ProblemLabel] = {
            "administered_on": add_checked_row(
                top, self.tr("&Date given ({format}):").format(format=date_hint()),
                self.administered_on, accessible_name=self.tr("Date the assessment was given"))}
        layout.addLayout(top)
        if instrument.instructions:
            about = QLabel(instrument.instructions)
            about.setWordWrap(True)
            about.setAccessibleName(self.tr("Instructions"))
            layout.addWidget(about)
        self.panel = ItemPanel(instrument)
        layout.addWidget(self.panel)
        self.problems["answers"] = ProblemLabel(self, self.panel)
        layout.addWidget(self.problems["answers"])
        self.score_label = QLabel()
        self.score_label.setWordWrap(True)
        self.score_label.setAccessibleName(self.tr("Score"))
        font = self.score_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.score_label.setFont(font)
        layout.addWidget(self.score_label)
        self.score_note = QLabel()
        self.score_note.setWordWrap(True)
        self.score_note.setAccessibleName(self.tr("About the score"))
        layout.addWidget(self.score_note)
        answers_label = QLabel(self.tr("All a&nswers:"))
        self.answers_list = AnswersList()
        self.answers_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        answers_label.setBuddy(self.answers_list)
        layout.addWidget(answers_label)
        layout.addWidget(self.answers_list, 1)
        notes_label = QLabel(self.tr("N&otes (optional):"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        notes_label.setBuddy(self.notes)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes)
        self.addenda_label = QLabel(self.tr("Addenda:"))
        self.addenda = reading_pane(self.tr("Addenda"))
        self.addenda.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.addenda_label.setBuddy(self.addenda)
        layout.addWidget(self.addenda_label)
        layout.addWidget(self.addenda)
        self.fields: dict[str, QWidget] = {"administered_on": self.administered_on,
                                           "answers": self.panel}
        QWidget.setTabOrder(self.administered_on, self.panel)
        QWidget.setTabOrder(self.panel, self.answers_list)
        QWidget.setTabOrder(self.answers_list, self.notes)

        self.panel.answers_changed.connect(self._answers_changed)
        self.panel.moved.connect(lambda _n: self._show_answers())
        self.panel.finished.connect(self.finished)
        self.answers_list.chosen.connect(self._choose_item)
        self.administered_on.textChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)
        self._answers_changed()

    # -- values -------------------------------------------------------------------------
    def show_values(self, administered_on: date, answers: list[int | None],
                    notes: str) -> None:
        self.administered_on.set_value(administered_on)
        self.panel.set_answers(answers)
        self.notes.setPlainText(notes)

    def payload(self) -> dict[str, Any]:
        """Everything entered (even a date that cannot be read yet), for autosaving."""
        return {"v": PAYLOAD_VERSION, "instrument": self.instrument.id,
                "administered_on": self.administered_on.text(),
                "answers": list(self.panel.answers), "notes": self.notes.toPlainText()}

    def apply_payload(self, payload: dict[str, Any]) -> None:
        self.administered_on.setText(str(payload.get("administered_on", "")))
        raw = payload.get("answers") or []
        self.panel.set_answers([v if isinstance(v, int) else None for v in raw])
        self.notes.setPlainText(str(payload.get("notes", "")))

    def answers(self) -> list[int | None]:
        return list(self.panel.answers)

    def set_read_only(self, read_only: bool) -> None:
        self.panel.set_read_only(read_only)
        self.administered_on.setEnabled(not read_only)
        self.notes.setReadOnly(read_only)

    def clear_problems(self) -> None:
        for label in self.problems.values():
            label.clear_problem()

    def show_addenda(self, text: str) -> None:
        self.addenda_label.setVisible(bool(text))
        self.addenda.setVisible(bool(text))
        self.addenda.setPlainText(text)

    # -- the live score -----------------------------------------------------------------
    def unscored_reason(self) -> str:
        """Empty when the answers can be scored; else why not, in words."""
        answers = self.panel.answers
        if score(self.instrument, answers).total is not None:
            return ""
        return why_unscored(self.instrument, answers)

    def _answers_changed(self) -> None:
        self.problems["answers"].clear_problem()
        inst, answers = self.instrument, self.panel.answers
        answered = sum(v is not None for v in answers)
        count = self.tr("{a} of {n} answered").format(a=answered, n=len(answers))
        result = score(inst, answers)
        low, high = inst.range_of(inst.total)
        if result.total is not None:
            text = self.tr("Total: {v} (possible {low} to {high}) · {count}").format(
                v=_num(result.total), low=_num(low), high=_num(high), count=count)
            if result.prorated:
                text += " · " + self.tr("prorated for the missing answers")
            self.score_note.setText(result.bands.get("total", ""))
        else:
            so_far = running_total(inst, answers)
            text = self.tr("Total so far: {v} · {count}").format(
                v=_num(so_far) if so_far is not None else "—", count=count)
            self.score_note.setText(self.tr("Not scored yet: {why}").format(
                why=why_unscored(inst, answers)))
        self.score_note.setVisible(bool(self.score_note.text()))
        self.score_label.setText(text)
        self.score_label.setAccessibleDescription(text)
        self._show_answers()
        self.changed.emit()

    def _show_answers(self) -> None:
        self.answers_list.show_answers(self.instrument, self.panel.answers, self.panel.index)

    def _choose_item(self, index: int) -> None:
        self.panel.go(index)
        self.panel.setFocus()
