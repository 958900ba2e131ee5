"""One translation helper for code that does not use Qt (services, reports, CLI).

Qt widgets use ``self.tr()``; everything else calls ``_()``. Spanish is the planned
second language; until a catalogue is loaded, ``_`` returns the English text.
"""

from __future__ import annotations

_catalogue: dict[str, str] = {}


def _(text: str) -> str:
    return _catalogue.get(text, text)


def load_catalogue(entries: dict[str, str]) -> None:
    _catalogue.clear()
    _catalogue.update(entries)
