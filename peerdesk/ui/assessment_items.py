"""Answering an instrument's items one at a time, by keyboard or mouse.

:class:`ItemPanel` shows one item's wording in large type with its answer choices. With
the keyboard: a number key picks that answer, Enter (or Tab, or Down) moves to the next
item, Backspace (or Shift+Tab, or Up) goes back, Delete clears the answer, Home/End jump
to the first/last item. :class:`AnswersList` lists every item with its answer; Enter or a
click there moves the panel to that item.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.instruments import Instrument, Item

_NEXT = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down, Qt.Key.Key_PageDown)
_BACK = (Qt.Key.Key_Backspace, Qt.Key.Key_Up, Qt.Key.Key_PageUp)


class ItemPanel(QFrame):
    """``answers_changed()`` after any answer changes; ``moved(index)``; ``finished()``
    when Enter is pressed on the last item (the form moves on to saving)."""

    answers_changed = Signal()
    moved = Signal(int)
    finished = Signal()

    def __init__(self, instrument: Instrument, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.language = language
        self.answers: list[int | None] = [None] * len(instrument.items)
        self.index = 0
        self.read_only = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Assessment item"))
        layout = QVBoxLayout(self)
        self.position = QLabel()
        self.position.setAccessibleName(self.tr("Item number"))
        layout.addWidget(self.position)
        self.wording = QLabel()
        self.wording.setWordWrap(True)
        self.wording.setTextFormat(Qt.TextFormat.PlainText)
        self.wording.setAccessibleName(self.tr("Item wording"))
        font = self.wording.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.wording.setFont(font)
        self.wording.setMinimumHeight(self.wording.fontMetrics().lineSpacing() * 2)
        layout.addWidget(self.wording)
        self.choices = QGridLayout()
        layout.addLayout(self.choices)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self._clicked)
        self.buttons: dict[int, QRadioButton] = {}
        self.scale_id = ""
        self.answer_label = QLabel()
        self.answer_label.setAccessibleName(self.tr("Answer"))
        bold = self.answer_label.font()
        bold.setBold(True)
        self.answer_label.setFont(bold)
        layout.addWidget(self.answer_label)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Keys"))
        layout.addWidget(self.hint)
        self.show_item()

    # -- values -------------------------------------------------------------------------
    @property
    def item(self) -> Item:
        return self.instrument.items[self.index]

    def set_answers(self, answers: list[int | None]) -> None:
        items = self.instrument.items
        given = [*list(answers)[:len(items)], *[None] * max(0, len(items) - len(answers))]
        self.answers = [value if value in {o.value for o in item.scale.options} else None
                        for item, value in zip(items, given, strict=True)]
        self.show_item()
        self.answers_changed.emit()

    def set_answer(self, value: int | None) -> None:
        if self.read_only or (value is not None and value not in
                              {o.value for o in self.item.scale.options}):
            return
        if self.answers[self.index] != value:
            self.answers[self.index] = value
            self.show_item()
            self.answers_changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        self.show_item()

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.instrument.items) - 1))
        if index != self.index:
            self.index = index
            self.show_item()
            self.moved.emit(index)

    # -- showing ------------------------------------------------------------------------
    def _build_choices(self) -> None:
        scale = self.item.scale
        if scale.id == self.scale_id:
            return
        self.scale_id = scale.id
        for button in self.buttons.values():
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons.clear()
        columns = 3 if len(scale.options) > 4 else len(scale.options)
        for n, option in enumerate(scale.options):
            button = QRadioButton(f"{option.value}  {option.label}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the panel takes the keys
            button.setAccessibleName(f"{option.value} {option.label}")
            button.setEnabled(not self.read_only)
            self.group.addButton(button, option.value)
            self.choices.addWidget(button, n // columns, n % columns)
            self.buttons[option.value] = button

    def show_item(self) -> None:
        self._build_choices()
        item, total = self.item, len(self.instrument.items)
        value = self.answers[self.index]
        self.position.setText(self.tr("Item {n} of {total}").format(n=self.index + 1,
                                                                     total=total))
        text = self.instrument.item_text(item, self.language)
        self.wording.setText(text)
        self.group.setExclusive(False)
        for option_value, button in self.buttons.items():
            button.setChecked(option_value == value)
        self.group.setExclusive(True)
        answer = (self.tr("Not answered yet") if value is None else
                  self.tr("Answer: {v} — {label}").format(v=value,
                                                          label=item.scale.label(value)))
        self.answer_label.setText(answer)
        low, high = item.scale.low, item.scale.high
        if self.read_only:
            self.hint.setText(self.tr("Signed: the answers cannot be changed. Up and Down move "
                                      "through the items."))
        else:
            self.hint.setText(self.tr(
                "Keys: {low} to {high} answer · Enter next item · Backspace previous item · "
                "Delete clears the answer").format(low=low, high=high))
        self.setAccessibleDescription(self.tr("Item {n} of {total}: {text} {answer}").format(
            n=self.index + 1, total=total, text=text, answer=answer))

    # -- keys ---------------------------------------------------------------------------
    def _clicked(self, value: int) -> None:
        self.set_answer(value)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier \
            == Qt.KeyboardModifier.NoModifier
        if plain and text.isdigit() and len(text) == 1:
            self.set_answer(int(text))
        elif plain and key in _NEXT:
            if self.index == len(self.instrument.items) - 1:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.finished.emit()
            else:
                self.go(self.index + 1)
        elif plain and key in _BACK:
            self.go(self.index - 1)
        elif plain and key == Qt.Key.Key_Delete:
            self.set_answer(None)
        elif plain and key == Qt.Key.Key_Home:
            self.go(0)
        elif plain and key == Qt.Key.Key_End:
            self.go(len(self.instrument.items) - 1)
        elif plain and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step_answer(-1 if key == Qt.Key.Key_Left else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _step_answer(self, direction: int) -> None:
        values = [o.value for o in self.item.scale.options]
        current = self.answers[self.index]
        if current is None:
            self.set_answer(values[0] if direction > 0 else values[-1])
            return
        position = values.index(current) + direction
        if 0 <= position < len(values):
            self.set_answer(values[position])

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab move between the items; past either end they leave the panel."""
        if self.hasFocus():
            if next and self.index < len(self.instrument.items) - 1:
                self.go(self.index + 1)
                return True
            if not next and self.index > 0:
                self.go(self.index - 1)
                return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.setFrameShadow(QFrame.Shadow.Sunken)
        self.setLineWidth(2)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.setFrameShadow(QFrame.Shadow.Plain)
        self.setLineWidth(1)


class AnswersList(QListWidget):
    """Every item with its answer. ``chosen(index)`` on Enter or click."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("All answers"))
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.chosen.emit(self.row(item)))
        self.itemClicked.connect(lambda item: self.chosen.emit(self.row(item)))

    def show_answers(self, instrument: Instrument, answers: list[int | None], current: int,
                     language: str = "en") -> None:
        self.blockSignals(True)
        if self.count() != len(instrument.items):
            self.clear()
            for _item in instrument.items:
                self.addItem(QListWidgetItem())
        for n, (item, value) in enumerate(zip(instrument.items, answers, strict=True)):
            answer = (self.tr("not answered") if value is None
                      else f"{value} — {item.scale.label(value)}")
            marker = "▶ " if n == current else ""
            self.item(n).setText(f"{marker}{n + 1}. {instrument.item_text(item, language)}"
                                 f"  →  {answer}")
        self.setCurrentRow(current)
        self.blockSignals(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.chosen.emit(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)
