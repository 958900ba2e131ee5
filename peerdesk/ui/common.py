"""Small shared pieces for PeerDesk widgets: labelled fields, inline problems, messages.

Messages use non-blocking ``open()`` so an automatic lock can tear windows down at any time
without a nested event loop returning into a destroyed widget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.passwords import PasswordRules

T = TypeVar("T")

WARNING_SIGN = "\u26a0"  # ⚠ — problems are marked with a sign and words, never colour alone



def plain_label(text: str) -> str:
    """The accessible name for a form label: no mnemonic '&', no trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(": ")


def _problem_colour() -> str:
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return "#ff8a80" if window.lightness() < 128 else "#a40000"


def date_format() -> str:
    """The user's short date format, always with a four-digit year (dates of birth)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def date_hint() -> str:
    """The date format as people write it: MM/DD/YYYY."""
    fmt = re.sub(r"y+", "YYYY", date_format())
    return re.sub(r"M+", "MM", re.sub(r"d+", "DD", fmt))


def format_date(value: date) -> str:
    return QLocale().toString(QDate(value), date_format())


class DateField(QLineEdit):
    """A date typed as text (empty = not known). Unlike QDateEdit, Tab never gets stuck."""

    def set_value(self, value: date | None) -> None:
        self.setText("" if value is None else format_date(value))

    def value(self) -> date | None:
        """The date, None when empty; ValueError with a message when it cannot be read."""
        text = self.text().strip()
        if not text:
            return None
        for fmt in (date_format(), "yyyy-MM-dd"):
            parsed = QDate.fromString(text, fmt)
            if parsed.isValid():
                return date(parsed.year(), parsed.month(), parsed.day())
        raise ValueError(QCoreApplication.translate(
            "PeerDesk", "Please type the date as {hint}, or leave it empty.").format(
                hint=date_hint()))


def monospace_font(point_scale: float = 1.0) -> QFont:
    """A fixed-pitch font that follows the application's font size (150 % stays 150 %)."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    base = QApplication.font().pointSizeF()
    if base > 0:
        font.setPointSizeF(base * point_scale)
    return font


def set_min_width_chars(widget: QWidget, columns: int) -> None:
    """A minimum width in characters, so larger fonts get a wider window."""
    widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("x") * columns)


def fit_to_font(widget: QWidget, columns: int, lines: int) -> None:
    """Resize a window to about ``columns`` x ``lines`` of text, within the screen."""
    metrics = widget.fontMetrics()
    width = metrics.horizontalAdvance("x") * columns
    height = metrics.lineSpacing() * lines
    screen = widget.screen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * 0.95))
        height = min(height, int(available.height() * 0.9))
    widget.resize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))


class ProblemLabel(QLabel):
    """Words explaining what is wrong, with a warning sign; hidden when there is no problem."""

    def __init__(self, parent: QWidget | None = None, field: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field = field
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"color: {_problem_colour()}; font-weight: bold;")
        self.setAccessibleName(self.tr("Problem"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_problem(self, text: str) -> None:
        if not text:
            self.clear_problem()
            return
        self.setText(f"{WARNING_SIGN} {text}")
        self.setAccessibleDescription(text)
        if self._field is not None:
            self._field.setAccessibleDescription(text)
        self.show()

    def clear_problem(self) -> None:
        self.setText("")
        self.setAccessibleDescription("")
        if self._field is not None:
            self._field.setAccessibleDescription("")
        self.hide()

    def problem(self) -> str:
        return self.accessibleDescription()


def add_row(form: QFormLayout, text: str, widget: QWidget, *,
            accessible_name: str | None = None) -> QLabel:
    """A form row whose label is the field's buddy and whose text names it for screen readers."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(accessible_name or plain_label(text))
    form.addRow(label, widget)
    return label


def add_checked_row(form: QFormLayout, text: str, widget: QWidget, *,
                    accessible_name: str | None = None) -> ProblemLabel:
    """A form row with a problem label directly under the field."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    problem = ProblemLabel(box, widget)
    column.addWidget(problem)
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(accessible_name or plain_label(text))
    form.addRow(label, box)
    return problem


def password_problems(rules: PasswordRules, password: str, confirm: str) -> list[str]:
    """What is wrong with a new password and its confirmation, in the user's words."""
    if not password:
        return [QCoreApplication.translate("PeerDesk", "Please type a password.")]
    problems = list(rules.problems(password))
    if confirm != password:
        problems.append(
            QCoreApplication.translate("PeerDesk", "The two passwords are not the same."))
    return problems


def rules_text(rules: PasswordRules) -> str:
    text = QCoreApplication.translate("PeerDesk", "At least {n} characters.").format(
        n=rules.min_length)
    if rules.require_letter_and_digit:
        text += " " + QCoreApplication.translate("PeerDesk", "At least one letter and one digit.")
    return text


def show_message(parent: QWidget | None, title: str, text: str, *,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
                 on_close: Callable[[], None] | None = None) -> QMessageBox:
    """A window-modal message that does not block (no nested event loop)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("peerdesk-message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    if on_close is not None:
        box.finished.connect(lambda _result: on_close())
    box.open()
    return box


def show_error(parent: QWidget | None, text: str) -> QMessageBox:
    return show_message(parent, QCoreApplication.translate("PeerDesk", "PeerDesk"), text)


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str,
            on_yes: Callable[[], None]) -> QMessageBox:
    """Ask before an action that matters; ``on_yes`` runs only if the user agrees."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("peerdesk-confirm")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def done(_result: int) -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(done)
    box.open()
    return box


def with_busy_cursor(action: Callable[[], T]) -> T:
    """Run a short blocking action (a key derivation takes ~0.3 s) with a wait cursor."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return action()
    finally:
        QApplication.restoreOverrideCursor()
