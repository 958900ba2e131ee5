"""Page images of a PDF held in memory, for the in-app preview and for printing (no Qt here).

The PDF arrives as bytes and stays in memory: it is never written to a temporary file, because
a report carries participant information that must never touch the disk in the clear.
PDFium (through pypdfium2) does the rendering.

PDFium is not thread-safe, not even across separate documents, so every call into it goes
through one module-level lock: the preview (UI thread) and a print job (worker thread) can
both render at once, taking turns one page at a time. Documents, pages and bitmaps are closed
explicitly under that lock, never left to a garbage-collector finalizer that could run in
another thread at the same moment.

Pixels come back as ``RGBX``: 4 bytes per pixel, in the byte order red, green, blue, 255.
That is ``QImage.Format.Format_RGBX8888`` on every platform (byte order, not word order).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from types import TracebackType

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_LOCK = threading.RLock()

# A rendered page larger than this (in pixels) is refused rather than allocated.
MAX_PIXELS = 120_000_000  # about 480 MB of RGBX: a letter page at ~1,200 dpi
MAX_SIDE = 32_000


class PdfRenderError(Exception):
    """The bytes are not a PDF PDFium can read, or a page could not be rendered."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One page as pixels: ``height`` rows of ``stride`` bytes, each pixel R, G, B, 255."""

    width: int
    height: int
    stride: int
    data: bytes

    FORMAT = "RGBX8888"  # QImage.Format.Format_RGBX8888


class PdfPages:
    """An open PDF. Use :func:`open_pdf`; close it (or use ``with``) when done."""

    def __init__(self, document: pdfium.PdfDocument) -> None:
        self._doc: pdfium.PdfDocument | None = document
        self.count: int = len(document)
        self._sizes: list[tuple[float, float] | None] = [None] * self.count

    @property
    def closed(self) -> bool:
        return self._doc is None

    def _document(self) -> pdfium.PdfDocument:
        if self._doc is None:
            raise PdfRenderError("the PDF is closed")
        return self._doc

    def _check_index(self, index: int) -> None:
        if not 0 <= index < self.count:
            raise IndexError(f"page index {index} is outside 0..{self.count - 1}")

    def page_size(self, index: int) -> tuple[float, float]:
        """(width, height) of page ``index`` (0-based) in points (1/72 inch), as displayed
        (after the page's own rotation)."""
        self._check_index(index)
        size = self._sizes[index]
        if size is None:
            with _LOCK:
                width, height = self._document().get_page_size(index)
            size = self._sizes[index] = (float(width), float(height))
        return size

    def render(self, index: int, scale: float, *, grayscale: bool = False) -> RenderedPage:
        """Page ``index`` (0-based) at ``scale`` pixels per point (1.0 = 72 dpi) on white,
        with annotations, no LCD (sub-pixel) text."""
        self._check_index(index)
        width_pt, height_pt = self.page_size(index)
        if not (math.isfinite(scale) and scale > 0):
            raise ValueError(f"scale must be a positive number, not {scale!r}")
        scale *= 1 - 1e-9  # 792 pt x 300/72 is 3300.0000000004: 3300 pixels, not 3301
        width, height = math.ceil(width_pt * scale), math.ceil(height_pt * scale)
        if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
            raise ValueError(f"page {index + 1} at scale {scale:.2f} would be {width}×{height}"
                             " pixels: too large")
        with _LOCK:
            page = self._document()[index]
            try:
                bitmap = page.render(
                    scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRx,
                    rev_byteorder=True,  # BGRx -> RGBx: byte order R, G, B, 255
                    fill_color=(255, 255, 255, 255), draw_annots=True, optimize_mode=None,
                    grayscale=grayscale, may_draw_forms=False)
                try:
                    data = bytes(bitmap.buffer)
                    return RenderedPage(bitmap.width, bitmap.height, bitmap.stride, data)
                finally:
                    bitmap.close()
            except pdfium.PdfiumError as exc:
                raise PdfRenderError(f"page {index + 1} could not be rendered") from exc
            finally:
                page.close()

    def close(self) -> None:
        """Release the document (safe to call twice)."""
        with _LOCK:
            if self._doc is not None:
                self._doc.close()
                self._doc = None

    def __del__(self) -> None:  # forgotten without close(): still close under the lock
        if getattr(self, "_doc", None) is not None:
            self.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_pdf(data: bytes) -> PdfPages:
    """Open a PDF from bytes in memory (PDFium keeps a reference; nothing goes to disk)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("open_pdf takes the PDF's bytes, not a path")
    data = bytes(data)
    if not data:
        raise PdfRenderError("the PDF is empty")
    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise PdfRenderError("these bytes are not a PDF that can be shown") from exc
        try:
            return PdfPages(document)
        except BaseException:
            document.close()
            raise
