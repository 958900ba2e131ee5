"""A PDF page viewer for reports, like a PDF reader's: continuous pages, zoom, go to page.

The PDF is given as bytes and rendered from memory (see ``peerdesk.reports.pdf_render``):
nothing is written to disk. Call :meth:`PdfPreview.clear` before the screen locks so no page
image of participant information stays in memory.

Keyboard: Page Up / Page Down (a page at a time when a whole page fits, else a screenful),
Home / End, Ctrl+plus / Ctrl+minus / Ctrl+0 (100 %), Ctrl+mouse wheel to zoom.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.reports.pdf_render import open_pdf
from peerdesk.ui.pdf_page_view import FIT_PAGE, FIT_WIDTH, MAX_ZOOM, MIN_ZOOM, PdfPageView

ZOOM_CHOICES = (50, 75, 100, 125, 150, 200)


class PdfPreview(QWidget):
    """``set_pdf(bytes)``, ``clear()``, ``go_to_page(n)``; ``page_changed(current, total)``
    (1-based; ``(0, 0)`` when empty)."""

    page_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peerdesk-pdf-preview")
        self.setAccessibleName(self.tr("Report preview"))
        self.view = PdfPageView(self)
        self.view.setAccessibleName(self.tr("Report pages"))
        self.placeholder = QLabel(self.tr("No report to show yet."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAccessibleName(self.tr("No report to show yet."))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.toolbar = QWidget(self)
        self.toolbar.setLayout(self._toolbar())
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)

        self.view.current_changed.connect(self._current_changed)
        self.view.zoom_changed.connect(self._zoom_changed)
        self._shortcuts()
        self.setFocusProxy(self.view)
        self._show_state()

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.zoom_out_button = self._tool_button("\u2212", self.tr("Zoom out"),
                                                 self.tr("Zoom out (Ctrl+minus)"))
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.zoom_label = QLabel(self.tr("&Zoom:"), self)
        self.zoom_combo = QComboBox(self)
        self.zoom_combo.setEditable(True)
        self.zoom_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_combo.setAccessibleName(self.tr("Zoom"))
        self.zoom_combo.setToolTip(self.tr("Page size on screen, in percent"))
        for percent in ZOOM_CHOICES:
            self.zoom_combo.addItem(self._percent_text(percent), percent)
        self.zoom_combo.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\s*\d{0,3}\s*%?\s*"), self.zoom_combo))
        self.zoom_combo.activated.connect(self._zoom_chosen)
        line = self.zoom_combo.lineEdit()
        line.setAccessibleName(self.tr("Zoom"))
        line.editingFinished.connect(self._zoom_typed)
        self.zoom_label.setBuddy(self.zoom_combo)
        self.zoom_in_button = self._tool_button("+", self.tr("Zoom in"),
                                                self.tr("Zoom in (Ctrl+plus)"))
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.fit_width_button = self._tool_button(
            self.tr("Fit width"), self.tr("Fit width"), self.tr("Make pages as wide as the view"))
        self.fit_width_button.setCheckable(True)
        self.fit_width_button.clicked.connect(lambda: self.view.set_mode(FIT_WIDTH))
        self.whole_page_button = self._tool_button(
            self.tr("Whole page"), self.tr("Whole page"), self.tr("Show one whole page"))
        self.whole_page_button.setCheckable(True)
        self.whole_page_button.clicked.connect(lambda: self.view.set_mode(FIT_PAGE))

        self.page_label = QLabel(self.tr("Pag&e"), self)
        self.page_spin = QSpinBox(self)
        self.page_spin.setAccessibleName(self.tr("Page number"))
        self.page_spin.setKeyboardTracking(False)  # typing "17" goes to 17, not to 1 first
        self.page_spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.page_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_spin.valueChanged.connect(self._page_typed)
        self.page_label.setBuddy(self.page_spin)
        self.of_label = QLabel(self)
        self.of_label.setAccessibleName(self.tr("Number of pages"))

        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_combo,
                       self.zoom_in_button, self.fit_width_button, self.whole_page_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.page_label, self.page_spin, self.of_label):
            bar.addWidget(widget)
        return bar

    def _tool_button(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys = [(QKeySequence.StandardKey.ZoomIn, self.view.zoom_in),
                ("Ctrl+=", self.view.zoom_in),
                (QKeySequence.StandardKey.ZoomOut, self.view.zoom_out),
                ("Ctrl+0", lambda: self.view.set_zoom(1.0))]
        self._keys = []
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            self._keys.append(shortcut)

    # -- public API -------------------------------------------------------------------------
    def set_pdf(self, data: bytes) -> None:
        """Show this PDF (bytes in memory) from page 1. Raises ``PdfRenderError`` (after
        clearing the view) if the bytes are not a readable PDF."""
        self.clear()
        pages = open_pdf(data)
        self.view.set_document(pages)
        self._show_state()

    def clear(self) -> None:
        """Forget the document and every page image (call before the screen locks)."""
        had_pages = self.page_count() > 0
        self.view.clear()
        self._show_state()
        if had_pages:
            self.page_changed.emit(0, 0)

    def set_placeholder(self, text: str) -> None:
        """The sentence shown while there is no report."""
        self.placeholder.setText(text)
        self.placeholder.setAccessibleName(text)

    def page_count(self) -> int:
        return self.view.page_count()

    def current_page(self) -> int:
        """1-based number of the page at the top of the view (0 when empty)."""
        return self.view.current_index() + 1

    def go_to_page(self, n: int) -> None:
        """Scroll so page ``n`` (1-based, clamped) is at the top."""
        self.view.go_to(n - 1)

    # -- state ------------------------------------------------------------------------------
    def _show_state(self) -> None:
        count = self.page_count()
        self.stack.setCurrentWidget(self.view if count else self.placeholder)
        self.toolbar.setVisible(count > 0)  # nothing to zoom or page through yet
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1 if count else 0, max(1, count))
        self.page_spin.setValue(max(0, self.view.current_index() + 1))
        self.page_spin.blockSignals(False)
        self.of_label.setText(self.tr("of {count}").format(count=count) if count else "")
        self.page_spin.setMinimumWidth(self.page_spin.fontMetrics().horizontalAdvance(
            "0" * (len(str(max(count, 1))) + 1)) + 12)
        self._zoom_changed(self.view.zoom(), self.view.mode())

    def _current_changed(self, index: int) -> None:
        count = self.page_count()
        if count == 0:
            return
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(index + 1)
        self.page_spin.blockSignals(False)
        self.view.setAccessibleDescription(
            self.tr("Page {current} of {count}").format(current=index + 1, count=count))
        self.page_changed.emit(index + 1, count)

    def _page_typed(self, value: int) -> None:
        if self.page_count():
            self.go_to_page(value)

    def _percent_text(self, percent: int) -> str:
        return self.tr("{percent} %").format(percent=percent)

    def _zoom_changed(self, zoom: float, mode: str) -> None:
        self.zoom_combo.setEditText(self._percent_text(round(zoom * 100)))
        self.fit_width_button.setChecked(mode == FIT_WIDTH)
        self.whole_page_button.setChecked(mode == FIT_PAGE)
        self.zoom_out_button.setEnabled(self.page_count() > 0 and zoom > MIN_ZOOM + 1e-3)
        self.zoom_in_button.setEnabled(self.page_count() > 0 and zoom < MAX_ZOOM - 1e-3)

    def _zoom_chosen(self, index: int) -> None:
        percent = self.zoom_combo.itemData(index)
        if percent:
            self.view.set_zoom(int(percent) / 100)

    def _zoom_typed(self) -> None:
        digits = re.sub(r"\D", "", self.zoom_combo.currentText())
        if not digits or not self.page_count():
            self._zoom_changed(self.view.zoom(), self.view.mode())
            return
        if int(digits) != round(self.view.zoom() * 100):  # not just focus leaving the field
            self.view.set_zoom(int(digits) / 100)
        else:
            self._zoom_changed(self.view.zoom(), self.view.mode())
