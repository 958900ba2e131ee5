"""Text any participant's name can be printed in.

Reports use the PDF viewer's built-in Helvetica: nothing to embed, and the billing report's
fast path writes its text straight as PDF operators. Those fonts only have the WinAnsi
(cp1252) characters, so "Łukasz", "Nguyễn" or "Ştefan" would print with black boxes. Any word
with a character outside WinAnsi is drawn instead in DejaVu Sans (bundled in
``peerdesk/resources/fonts``, embedded as a subset only when a PDF needs it).

- ``builtin_can_show(text)``: True when Helvetica can show all of it.
- ``markup(text, font)``: escaped Paragraph markup, odd words wrapped in the fallback font.
- ``with_fallback(markup, font)``: the same for markup that is already escaped.
- ``draw_string(canvas, x, y, text, font, size, align)``: one line on a canvas;
  ``text_out(text_object, text, font, size)`` the same inside a text object.
- ``string_width(text, font, size)``: its width, in whichever font it will be drawn in.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FALLBACK = "PeerDeskSans"
FALLBACK_BOLD = "PeerDeskSans-Bold"
_FILES = {FALLBACK: "DejaVuSans.ttf", FALLBACK_BOLD: "DejaVuSans-Bold.ttf"}

# Every character WinAnsi (cp1252) has; a run of anything else needs the fallback font.
_WIN_ANSI = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(256)}
                           - {""}))
_OUTSIDE = "[^" + re.escape(_WIN_ANSI) + "]"
# A word (no spaces, no markup brackets) holding at least one such character.
_ODD_WORD = re.compile(r"[^\s<>]*" + _OUTSIDE + r"[^\s<>]*")


@cache
def register() -> None:
    """Register the fallback fonts with reportlab (once; only when first needed)."""
    folder = resources.files("peerdesk.resources") / "fonts"
    for name, file in _FILES.items():
        with resources.as_file(folder / file) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK_BOLD,
                                  italic=FALLBACK, boldItalic=FALLBACK_BOLD)


def builtin_can_show(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def fallback_of(font: str) -> str:
    """The fallback for a built-in font: bold stays bold."""
    register()
    return FALLBACK_BOLD if "Bold" in font else FALLBACK


def with_fallback(markup_text: str, font: str) -> str:
    """Paragraph markup with each word the built-in fonts cannot show set in the fallback
    font: bold where the paragraph's own ``font`` is bold or the word is inside <b>."""
    if builtin_can_show(markup_text):
        return markup_text
    base_bold = "Bold" in font

    def wrap(m: re.Match[str]) -> str:
        before = markup_text[:m.start()].lower()
        inside_b = before.count("<b>") + before.count("<strong>") \
            > before.count("</b>") + before.count("</strong>")
        name = fallback_of("Bold" if base_bold or inside_b else "")
        return f'<font name="{name}">{m.group(0)}</font>'

    return _ODD_WORD.sub(wrap, markup_text)


def markup(text: str, font: str = "Helvetica") -> str:
    """Plain text as Paragraph markup: escaped, with the fallback font where needed."""
    return with_fallback(escape(text), font)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into (piece, font) runs: the odd words in the fallback font."""
    if builtin_can_show(text):
        return [(text, font)]
    found: list[tuple[str, str]] = []
    at = 0
    for m in _ODD_WORD.finditer(text):
        if m.start() > at:
            found.append((text[at:m.start()], font))
        found.append((m.group(0), fallback_of(font)))
        at = m.end()
    if at < len(text):
        found.append((text[at:], font))
    return found


def string_width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, used, size) for piece, used in runs(text, font))


def text_out(text_object: Any, text: str, font: str, size: float) -> None:
    """Write ``text`` into a reportlab text object at its cursor, switching to the
    fallback font for odd words and back to ``font`` after."""
    pieces = runs(text, font)
    for piece, used in pieces:
        if len(pieces) > 1:
            text_object.setFont(used, size)
        text_object.textOut(piece)
    if len(pieces) > 1:
        text_object.setFont(font, size)


def draw_string(canvas: Any, x: float, y: float, text: str, font: str, size: float,
                align: str = "left") -> None:
    """Draw one line at (x, y): ``align`` "left", or "right" (x is where it ends). Leaves the
    canvas on ``font``."""
    if align == "right":
        x -= string_width(text, font, size)
    text_object = canvas.beginText(x, y)
    text_object.setFont(font, size)
    text_out(text_object, text, font, size)
    canvas.drawText(text_object)
    canvas.setFont(font, size)
