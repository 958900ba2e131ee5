"""Page furniture shared by PeerDesk PDFs: a footer line and "Page X of Y"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from peerdesk.i18n import _
from peerdesk.reports.fonts import draw_string


class TwoPassCanvas(Canvas):
    """Remembers each page, then draws every page's furniture knowing the page count.

    Subclasses implement :meth:`furniture`; this is how "Page X of Y" is possible."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.furniture(total)
            super().showPage()
        super().save()

    def furniture(self, total: int) -> None:
        raise NotImplementedError


class NumberedCanvasFactory:
    """A canvasmaker whose pages carry ``footer`` and "Page X of Y" (two-pass numbering)."""

    def __init__(self, footer: str, font_size: float = 9) -> None:
        self.footer = footer
        self.font_size = font_size

    def __call__(self, *args: Any, **kwargs: Any) -> Canvas:
        footer, size = self.footer, self.font_size

        class _Numbered(TwoPassCanvas):
            def furniture(self, total: int) -> None:
                width, _height = self._pagesize
                self.saveState()
                self.setFont("Helvetica", size)
                self.line(0.9 * inch, 0.75 * inch, width - 0.9 * inch, 0.75 * inch)
                draw_string(self, 0.9 * inch, 0.55 * inch, footer, "Helvetica", size)
                self.drawRightString(width - 0.9 * inch, 0.38 * inch,
                                     _("Page {x} of {y}").format(x=self._pageNumber, y=total))
                self.restoreState()

        return _Numbered(*args, **kwargs)


def calling_back(maker: Any, on_page: Callable[[int], None] | None) -> Any:
    """``maker`` (a canvas class) calling ``on_page(pages so far)`` after each page is laid
    out: progress for long reports, and a place to stop (``on_page`` may raise)."""
    if on_page is None:
        return maker

    class _CallingBack(maker):  # type: ignore[misc, valid-type]
        def showPage(self) -> None:
            super().showPage()
            on_page(len(self._pages))

    return _CallingBack
