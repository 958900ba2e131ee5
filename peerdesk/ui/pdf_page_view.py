"""The painting part of the PDF preview: pages stacked vertically on a grey background.

Only the pages in view are rendered, one per turn of the event loop (so scrolling through a
1,500-page report stays smooth), at the screen's device pixel ratio, into a small LRU cache of
images. After a zoom, a page keeps showing its old image (scaled) until the new one is ready.
The view paints its own scrolling area (no giant child widget), so any page count fits.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict

from PySide6.QtCore import QMetaObject, QObject, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from peerdesk.reports.pdf_render import PdfPages, PdfRenderError

ZOOM_STEPS = (0.25, 1 / 3, 0.5, 2 / 3, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
CUSTOM, FIT_WIDTH, FIT_PAGE = "custom", "width", "page"

BACKGROUND = QColor(0x5F, 0x63, 0x68)
BORDER = QColor(0, 0, 0, 90)
SHADOW = QColor(0, 0, 0, 45)


class PdfPageView(QAbstractScrollArea):
    """Shows a :class:`PdfPages` it owns (closed by :meth:`set_document` and :meth:`clear`).

    ``current_changed(index)`` (0-based; -1 when empty) and ``zoom_changed(zoom, mode)``."""

    current_changed = Signal(int)
    zoom_changed = Signal(float, str)

    GAP = 14  # between pages, and around them
    CACHE_BYTES = 96 * 2**20
    LINE_STEP = 40

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: PdfPages | None = None
        self._close_with_widget: QMetaObject.Connection | None = None
        self._sizes: list[tuple[float, float]] = []  # points
        self._tops: list[int] = []  # content coordinates, logical pixels
        self._rects: list[tuple[int, int]] = []  # (width, height), logical pixels
        self._content = (0, 0)
        self._zoom = 1.0
        self._mode = FIT_WIDTH
        self._cache: OrderedDict[int, tuple[float, QImage]] = OrderedDict()
        self._cache_bytes = 0
        self._failed: set[int] = set()
        self._pinned: int | None = None  # go_to_page() to a page the scroll range can't top
        self._moving = False
        self._last_current = -1
        self._wheel = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_next)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no fit-width
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # jitter
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # -- document ---------------------------------------------------------------------------
    def set_document(self, pages: PdfPages) -> None:
        self.clear()
        self._pages = pages
        # Closed with the widget too, if it goes without clear().
        self._close_with_widget = self.destroyed.connect(pages.close)
        self._sizes = [pages.page_size(i) for i in range(pages.count)]
        self._layout(anchor=False)
        self._move_to(0)
        self._emit_current()

    def clear(self) -> None:
        """Close the document and drop every rendered image."""
        self._timer.stop()
        if self._pages is not None:
            if self._close_with_widget is not None:
                QObject.disconnect(self._close_with_widget)
            self._pages.close()
        self._pages = None
        self._sizes, self._tops, self._rects = [], [], []
        self._content = (0, 0)
        self._drop_cache()
        self._pinned = None
        self._update_scrollbars()
        self._emit_current()
        self.viewport().update()

    def _drop_cache(self) -> None:
        self._cache.clear()
        self._cache_bytes = 0
        self._failed.clear()

    def page_count(self) -> int:
        return len(self._sizes)

    def cached_pages(self) -> list[int]:
        return list(self._cache)

    # -- geometry ---------------------------------------------------------------------------
    def pixels_per_point(self) -> float:
        return self._zoom * self.logicalDpiX() / 72.0

    def zoom(self) -> float:
        return self._zoom

    def mode(self) -> str:
        return self._mode

    def _layout(self, *, anchor: bool = True) -> None:
        """Recompute page positions for the zoom; keep the page at the top where it was."""
        keep = self._anchor() if anchor else None
        across = self.horizontalScrollBar()
        centre = ((across.value() + self.viewport().width() / 2) / self._content[0]
                  if self._content[0] else 0.5)  # keep the middle of what is seen in view
        if self._mode != CUSTOM and self._sizes:
            self._zoom = self._fit_zoom()
        ppp = self.pixels_per_point()
        self._rects = [(max(1, round(w * ppp)), max(1, round(h * ppp))) for w, h in self._sizes]
        self._tops, y = [], self.GAP
        for _, height in self._rects:
            self._tops.append(y)
            y += height + self.GAP
        widest = max((w for w, _ in self._rects), default=0)
        self._content = (widest + 2 * self.GAP, y if self._rects else 0)
        self._update_scrollbars()
        across.setValue(round(centre * self._content[0] - self.viewport().width() / 2))
        if keep is not None:
            index, fraction = keep
            self._set_scroll(self._tops[index] - self.GAP + round(fraction * self._step(index)))
        self.viewport().update()

    def _fit_zoom(self) -> float:
        dpi = self.logicalDpiX() / 72.0
        room_w = max(50, self.viewport().width() - 2 * self.GAP)
        widest = max(w for w, _ in self._sizes)
        zoom = room_w / (widest * dpi)
        if self._mode == FIT_PAGE:
            width, height = self._sizes[max(0, self.current_index())]
            room_h = max(50, self.viewport().height() - 2 * self.GAP)
            zoom = min(room_w / (width * dpi), room_h / (height * dpi))
        return min(MAX_ZOOM, max(0.05, zoom))

    def _step(self, index: int) -> int:
        return self._rects[index][1] + self.GAP

    def _anchor(self) -> tuple[int, float] | None:
        if not self._tops:
            return None
        index = self.current_index()
        offset = self.verticalScrollBar().value() - (self._tops[index] - self.GAP)
        return index, min(1.0, max(0.0, offset / self._step(index)))

    def _update_scrollbars(self) -> None:
        width, height = self._content
        view = self.viewport().size()
        for bar, total, page in ((self.verticalScrollBar(), height, view.height()),
                                 (self.horizontalScrollBar(), width, view.width())):
            bar.setRange(0, max(0, total - page))
            bar.setPageStep(max(1, page))
            bar.setSingleStep(self.LINE_STEP)

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is drawn, in viewport coordinates (logical pixels)."""
        width, height = self._rects[index]
        room = max(self._content[0], self.viewport().width())
        x = (room - width) // 2 - self.horizontalScrollBar().value()
        return QRect(x, self._tops[index] - self.verticalScrollBar().value(), width, height)

    def visible_range(self) -> range:
        if not self._tops:
            return range(0)
        top = self.verticalScrollBar().value()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        if self._tops[first] + self._rects[first][1] < top:
            first += 1
        last = bisect.bisect_right(self._tops, top + self.viewport().height()) - 1
        return range(min(first, len(self._tops) - 1), max(first, last) + 1)

    # -- position ---------------------------------------------------------------------------
    def current_index(self) -> int:
        """0-based index of the page at the top of the view (-1 when empty)."""
        if not self._tops:
            return -1
        if self._pinned is not None:
            return self._pinned
        line = self.verticalScrollBar().value() + self.GAP
        return min(len(self._tops) - 1, max(0, bisect.bisect_right(self._tops, line) - 1))

    def go_to(self, index: int) -> None:
        if not self._tops:
            return
        self._move_to(min(len(self._tops) - 1, max(0, index)))
        self._emit_current()

    def _move_to(self, index: int) -> None:
        bar = self.verticalScrollBar()
        target = self._tops[index] - self.GAP if self._tops else 0
        self._set_scroll(target)
        self._pinned = index if bar.value() != target else None

    def _set_scroll(self, value: int) -> None:
        self._moving = True
        try:
            self.verticalScrollBar().setValue(value)
        finally:
            self._moving = False

    def _scrolled(self) -> None:
        if not self._moving:
            self._pinned = None
        self._emit_current()

    def _emit_current(self) -> None:
        current = self.current_index()
        if current != self._last_current:
            self._last_current = current
            self.current_changed.emit(current)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # -- zoom -------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self._apply_zoom(CUSTOM, min(MAX_ZOOM, max(MIN_ZOOM, zoom)))

    def set_mode(self, mode: str) -> None:
        self._apply_zoom(mode, self._zoom)

    def _apply_zoom(self, mode: str, zoom: float) -> None:
        pinned = self._pinned
        self._mode, self._zoom = mode, zoom
        self._layout()
        if pinned is not None or mode == FIT_PAGE:
            self._move_to(pinned if pinned is not None else self.current_index())
        self._emit_current()
        self.zoom_changed.emit(self._zoom, self._mode)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-3), MAX_ZOOM))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom - 1e-3),
                           MIN_ZOOM))

    # -- events -----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        across, width = self.horizontalScrollBar(), self._content[0]
        seen = event.oldSize().width() - (self.width() - self.viewport().width())
        centre = (across.value() + seen / 2) / width if width and seen > 0 else 0.5
        super().resizeEvent(event)
        if self._mode != CUSTOM and self._sizes:
            self._layout()
            self.zoom_changed.emit(self._zoom, self._mode)
        else:
            self._update_scrollbars()
        across.setValue(round(centre * self._content[0] - self.viewport().width() / 2))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, n = event.key(), len(self._tops)
        if n and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = 1 if key == Qt.Key.Key_PageDown else -1
            current = self.current_index()
            if self._step(current) <= self.viewport().height():  # a whole page fits: by page
                self.go_to(current + step)
            else:
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() + step * (bar.pageStep() - self.LINE_STEP))
            return
        if n and key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.go_to(0 if key == Qt.Key.Key_Home else n - 1)
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._wheel += event.angleDelta().y()
            while abs(self._wheel) >= 120:
                (self.zoom_in if self._wheel > 0 else self.zoom_out)()
                self._wheel -= 120 if self._wheel > 0 else -120
            event.accept()
            return
        super().wheelEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKGROUND)
        scale = self._render_scale()
        missing = False
        for index in self.visible_range():
            rect = self.page_rect(index)
            painter.fillRect(rect.translated(2, 3), SHADOW)
            painter.fillRect(rect.adjusted(-1, -1, 1, 1), BORDER)
            painter.fillRect(rect, Qt.GlobalColor.white)
            entry = self._cache.get(index)
            if entry is not None:
                self._cache.move_to_end(index)
                exact = abs(entry[0] - scale) < 1e-6
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not exact)
                painter.drawImage(QRectF(rect), entry[1])
                missing = missing or not exact
            elif index in self._failed:
                painter.setPen(Qt.GlobalColor.black)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                                 self.tr("This page could not be shown."))
            else:
                missing = True
        painter.end()
        if missing and not self._timer.isActive():
            self._timer.start()

    # -- rendering --------------------------------------------------------------------------
    def _render_scale(self) -> float:
        return self.pixels_per_point() * self.viewport().devicePixelRatioF()

    def needs_rendering(self) -> list[int]:
        """Visible pages (then the next one) without an image at the current scale."""
        if self._pages is None:
            return []
        scale, wanted = self._render_scale(), list(self.visible_range())
        if wanted and wanted[-1] + 1 < len(self._tops):
            wanted.append(wanted[-1] + 1)
        return [i for i in wanted if i not in self._failed
                and (i not in self._cache or abs(self._cache[i][0] - scale) > 1e-6)]

    def _render_next(self) -> None:
        todo = self.needs_rendering()
        if not todo or self._pages is None:
            return
        index, scale = todo[0], self._render_scale()
        try:
            page = self._pages.render(index, scale)
        except (PdfRenderError, ValueError):
            self._failed.add(index)
        else:
            image = QImage(page.data, page.width, page.height, page.stride,
                           QImage.Format.Format_RGBX8888).copy()
            image.setDevicePixelRatio(self.viewport().devicePixelRatioF())
            self._store(index, scale, image)
        if index in self.visible_range():
            self.viewport().update(self.page_rect(index).adjusted(-2, -2, 4, 4))
        if len(todo) > 1:
            self._timer.start()

    def _store(self, index: int, scale: float, image: QImage) -> None:
        old = self._cache.pop(index, None)
        if old is not None:
            self._cache_bytes -= old[1].sizeInBytes()
        self._cache[index] = (scale, image)
        self._cache_bytes += image.sizeInBytes()
        keep = set(self.visible_range()) | {index}
        for other in list(self._cache):
            if self._cache_bytes <= self.CACHE_BYTES:
                break
            if other not in keep:
                self._cache_bytes -= self._cache.pop(other)[1].sizeInBytes()

