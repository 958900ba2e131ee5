"""Search text: case- and accent-insensitive matching for names, phones, ids and dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_SPECIAL = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "ß": "ss",
                          "æ": "ae", "œ": "oe", "'": "", "’": ""})


def fold(text: str) -> str:
    """'  Søren O’Núñez ' -> 'soren onunez' (lower case, no accents, single spaces)."""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold().translate(_SPECIAL)).strip()


def digits(text: str) -> str:
    return "".join(_DIGITS.findall(text))


def participant_search_text(first: str, last: str, preferred: str, phone: str,
                            member_id: str, born: date | None) -> str:
    """One line per participant that every search term is matched against.

    Names are folded; the phone appears as digits; the date of birth appears as
    2024-03-07, 03/07/2024 and 3/7/2024 so any usual way of typing it matches.
    """
    parts = [fold(first), fold(last), fold(preferred), fold(f"{first} {last}")]
    if preferred:
        parts.append(fold(f"{preferred} {last}"))
    if phone:
        parts.append(digits(phone))
    if member_id:
        parts.append(fold(member_id))
    if born:
        parts += [born.isoformat(), f"{born.month:02d}/{born.day:02d}/{born.year}",
                  f"{born.month}/{born.day}/{born.year}"]
    return "|" + "|".join(p for p in parts if p) + "|"


def search_terms(query: str) -> list[str]:
    """Terms to match as substrings: '(541) 555' -> ['541', '555']; 'José G' -> ['jose', 'g']."""
    terms = []
    for word in fold(query).split(" "):
        word = word.strip("(),.;")
        if not word:
            continue
        if any(c.isdigit() for c in word) and "/" not in word and not _is_iso_date(word):
            word = digits(word) if not any(c.isalpha() for c in word) else word
        terms.append(word)
    return terms


def _is_iso_date(word: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?", word))
