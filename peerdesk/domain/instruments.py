"""Assessment instruments defined as data, and their scoring. Pure: no files, no SQL.

An instrument is a TOML or JSON document (see ``peerdesk/instruments/barc10.toml``):
items, response scales, reverse-scored items, subscales, how to handle missing answers,
and score bands (published cut-offs) with their source. :func:`parse` checks a document
and names every problem; :func:`score` turns answers into a total and subscale scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peerdesk.i18n import _

METHODS = ("sum", "mean")
_KINDS = {str: _("text"), list: _("a list"), dict: _("a table")}
MISSING_RULES = ("refuse", "prorate")


class InstrumentError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class ScoringError(ValueError):
    pass


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    id: str
    options: tuple[Option, ...]

    @property
    def low(self) -> int:
        return min(o.value for o in self.options)

    @property
    def high(self) -> int:
        return max(o.value for o in self.options)

    def label(self, value: int) -> str:
        return next((o.label for o in self.options if o.value == value), str(value))


@dataclass(frozen=True)
class Item:
    id: str
    text: dict[str, str]  # language -> wording
    scale: Scale
    reverse: bool = False


@dataclass(frozen=True)
class Band:
    applies_to: str  # "total" or a subscale id
    low: float
    high: float
    label: str
    source: str = ""


@dataclass(frozen=True)
class Part:
    """The total or one subscale: which items, how combined, how missing answers count."""

    id: str
    title: str
    item_ids: tuple[str, ...]
    method: str = "sum"
    missing: str = "refuse"
    min_answered: int = 0


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    version: str
    citation: str
    licence: str
    languages: tuple[str, ...]
    instructions: str
    items: tuple[Item, ...]
    total: Part
    subscales: tuple[Part, ...] = ()
    bands: tuple[Band, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def item_text(self, item: Item, language: str = "en") -> str:
        return item.text.get(language) or item.text.get(self.languages[0]) or item.id

    def range_of(self, part: Part) -> tuple[float, float]:
        items = [i for i in self.items if i.id in part.item_ids]
        low = sum(i.scale.low for i in items)
        high = sum(i.scale.high for i in items)
        if part.method == "mean":
            return low / len(items), high / len(items)
        return float(low), float(high)


@dataclass(frozen=True)
class Score:
    total: float | None
    subscales: dict[str, float | None]
    answered: int
    prorated: bool
    bands: dict[str, str]  # part id -> band label


# -- parsing ------------------------------------------------------------------------------

def _text(value: Any, where: str, problems: list[str], languages: list[str]) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        return {languages[0] if languages else "en": value.strip()}
    if isinstance(value, dict) and value and all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        return {k: v.strip() for k, v in value.items()}
    problems.append(_("{where}: text is missing or empty").format(where=where))
    return {}


def parse(doc: dict[str, Any], source: str = "instrument") -> Instrument:
    """Check a whole document; raise InstrumentError naming every problem found."""
    problems: list[str] = []

    def need(key: str, kind: type, where: str = "") -> Any:
        value = doc.get(key)
        if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
            problems.append(_("{src}: '{key}' is missing or is not {kind}").format(
                src=source, key=key, kind=_KINDS.get(kind, kind.__name__)))
            return kind()
        return value

    ident = need("id", str)
    title = need("title", str)
    version = str(doc.get("version", "")).strip()
    if not version:
        problems.append(_("{src}: 'version' is missing").format(src=source))
    citation = need("citation", str)
    licence = need("licence", str)
    languages = doc.get("languages", ["en"])
    if not isinstance(languages, list) or not languages or not all(
            isinstance(x, str) for x in languages):
        problems.append(_("{src}: 'languages' must be a list such as [\"en\", \"es\"]").format(
            src=source))
        languages = ["en"]
    scales: dict[str, Scale] = {}
    for n, raw in enumerate(doc.get("scales") or [], start=1):
        where = f"{source}: scales[{n}]"
        sid = raw.get("id") if isinstance(raw, dict) else None
        options = raw.get("options") if isinstance(raw, dict) else None
        if not isinstance(sid, str) or not sid:
            problems.append(_("{where}: 'id' is missing").format(where=where))
            continue
        if sid in scales:
            problems.append(_("{where}: scale id '{id}' is used twice").format(where=where,
                                                                               id=sid))
        parsed = []
        for m, opt in enumerate(options or [], start=1):
            if not (isinstance(opt, dict) and isinstance(opt.get("value"), int)
                    and not isinstance(opt.get("value"), bool)
                    and isinstance(opt.get("label"), str) and opt["label"].strip()):
                problems.append(_("{where}: option {m} needs a whole-number 'value' and a "
                                  "'label'").format(where=where, m=m))
                continue
            parsed.append(Option(opt["value"], opt["label"].strip()))
        if len(parsed) < 2:
            problems.append(_("{where}: a scale needs at least two options").format(where=where))
        if len({o.value for o in parsed}) != len(parsed):
            problems.append(_("{where}: two options share a value").format(where=where))
        scales[sid] = Scale(sid, tuple(parsed))
    if not scales:
        problems.append(_("{src}: no response 'scales' are defined").format(src=source))
    items: list[Item] = []
    seen: set[str] = set()
    for n, raw in enumerate(doc.get("items") or [], start=1):
        where = f"{source}: items[{n}]"
        if not isinstance(raw, dict):
            problems.append(_("{where}: not a table").format(where=where))
            continue
        iid = raw.get("id")
        if not isinstance(iid, str) or not iid:
            problems.append(_("{where}: 'id' is missing").format(where=where))
            iid = f"#{n}"
        elif iid in seen:
            problems.append(_("{where}: item id '{id}' is used twice").format(where=where,
                                                                              id=iid))
        seen.add(iid)
        text = _text(raw.get("text"), where, problems, languages)
        sid = raw.get("scale")
        if sid not in scales:
            problems.append(_("{where}: scale '{sid}' is not defined").format(where=where,
                                                                              sid=sid))
            continue
        reverse = raw.get("reverse", False)
        if not isinstance(reverse, bool):
            problems.append(_("{where}: 'reverse' must be true or false").format(where=where))
            reverse = False
        items.append(Item(iid, text, scales[sid], reverse))
    if not doc.get("items"):
        problems.append(_("{src}: no 'items' are defined").format(src=source))
    ids = [i.id for i in items]

    def part(raw: Any, where: str, default_id: str, default_items: list[str]) -> Part | None:
        if not isinstance(raw, dict):
            problems.append(_("{where}: not a table").format(where=where))
            return None
        pid = raw.get("id", default_id)
        members = raw.get("items", default_items)
        if not isinstance(members, list) or not members:
            problems.append(_("{where}: 'items' must list item ids").format(where=where))
            members = []
        for unknown in [m for m in members if m not in ids]:
            problems.append(_("{where}: item '{id}' does not exist").format(where=where,
                                                                            id=unknown))
        method = raw.get("method", "sum")
        if method not in METHODS:
            problems.append(_("{where}: 'method' must be one of {m}").format(
                where=where, m=", ".join(METHODS)))
        missing = raw.get("missing", "refuse")
        if missing not in MISSING_RULES:
            problems.append(_("{where}: 'missing' must be one of {m}").format(
                where=where, m=", ".join(MISSING_RULES)))
        minimum = raw.get("min_answered", len(members))
        if not isinstance(minimum, int) or not 1 <= minimum <= max(1, len(members)):
            problems.append(_("{where}: 'min_answered' must be between 1 and the number of "
                              "items ({n})").format(where=where, n=len(members)))
            minimum = len(members)
        return Part(str(pid), str(raw.get("title", pid)), tuple(members), method, missing,
                    minimum)

    if not ids:  # nothing to score: the item problems above say why
        raise InstrumentError(problems)
    total = part(doc.get("scoring", {}), f"{source}: scoring", "total", ids)
    subscales = []
    for n, raw in enumerate(doc.get("subscales") or [], start=1):
        sub = part(raw, f"{source}: subscales[{n}]", f"subscale{n}", [])
        if sub is not None:
            if sub.id == "total" or sub.id in {s.id for s in subscales}:
                problems.append(_("{src}: subscales[{n}]: id '{id}' is used twice").format(
                    src=source, n=n, id=sub.id))
            subscales.append(sub)
    bands = []
    part_ids = {"total"} | {s.id for s in subscales}
    for n, raw in enumerate(doc.get("bands") or [], start=1):
        where = f"{source}: bands[{n}]"
        if not isinstance(raw, dict):
            problems.append(_("{where}: not a table").format(where=where))
            continue
        target = raw.get("applies_to", "total")
        if target not in part_ids:
            problems.append(_("{where}: 'applies_to' names no score ('{t}')").format(
                where=where, t=target))
        low, high = raw.get("min"), raw.get("max")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)):
            problems.append(_("{where}: 'min' and 'max' must be numbers").format(where=where))
            continue
        if low > high:
            problems.append(_("{where}: 'min' is above 'max'").format(where=where))
        if not isinstance(raw.get("label"), str) or not raw["label"].strip():
            problems.append(_("{where}: 'label' is missing").format(where=where))
            continue
        if not isinstance(raw.get("source"), str) or not raw["source"].strip():
            problems.append(_("{where}: 'source' is missing: say where the cut-off is "
                              "published").format(where=where))
        bands.append(Band(str(target), float(low), float(high), raw["label"].strip(),
                          str(raw.get("source", "")).strip()))
    if problems or total is None:
        raise InstrumentError(problems or [_("{src}: scoring is missing").format(src=source)])
    return Instrument(ident.strip(), title.strip(), version, citation.strip(), licence.strip(),
                      tuple(languages), str(doc.get("instructions", "")).strip(), tuple(items),
                      total, tuple(subscales), tuple(bands), raw=doc)


# -- scoring ------------------------------------------------------------------------------

def check_answers(instrument: Instrument, answers: list[int | None]) -> None:
    """Raise ScoringError for a wrong count or an answer outside its item's scale."""
    if len(answers) != len(instrument.items):
        raise ScoringError(_("{title} has {n} items; {m} answers were given.").format(
            title=instrument.title, n=len(instrument.items), m=len(answers)))
    for item, value in zip(instrument.items, answers, strict=True):
        if value is None:
            continue
        if value not in {o.value for o in item.scale.options}:
            raise ScoringError(_("Item {id}: {v} is not an answer on its scale ({lo} to "
                                 "{hi}).").format(id=item.id, v=value, lo=item.scale.low,
                                                  hi=item.scale.high))


def _part_score(instrument: Instrument, part: Part, values: dict[str, int | None]
                ) -> tuple[float | None, bool]:
    by_id = {i.id: i for i in instrument.items}
    scored = []
    for iid in part.item_ids:
        value = values.get(iid)
        if value is None:
            continue
        item = by_id[iid]
        scored.append(item.scale.low + item.scale.high - value if item.reverse else value)
    n = len(part.item_ids)
    missing = n - len(scored)
    if missing and part.missing == "refuse":
        return None, False
    if len(scored) < part.min_answered or not scored:
        return None, False
    if part.method == "mean":
        return round(sum(scored) / len(scored), 2), missing > 0
    if missing:  # prorate: scale the sum of answered items up to all items
        return round(sum(scored) * n / len(scored), 1), True
    return float(sum(scored)), False


def score(instrument: Instrument, answers: list[int | None]) -> Score:
    check_answers(instrument, answers)
    values = {item.id: value for item, value in zip(instrument.items, answers, strict=True)}
    total, prorated = _part_score(instrument, instrument.total, values)
    subs: dict[str, float | None] = {}
    for sub in instrument.subscales:
        subs[sub.id], sub_prorated = _part_score(instrument, sub, values)
        prorated = prorated or sub_prorated
    results = {"total": total, **subs}
    bands = {}
    for band in instrument.bands:
        value = results.get(band.applies_to)
        if value is not None and band.low <= value <= band.high:
            bands[band.applies_to] = band.label
    return Score(total, subs, sum(v is not None for v in answers), prorated, bands)


def running_total(instrument: Instrument, answers: list[int | None]) -> float | None:
    """The total of the answers given so far (reverse scoring applied; a mean for a
    mean-scored total), for showing while an assessment fills in. None before any answer.
    Unlike :func:`score`, it never prorates: it is not the instrument's score."""
    by_id = {i.id: i for i in instrument.items}
    values = dict(zip((i.id for i in instrument.items), answers, strict=False))
    scored = []
    for iid in instrument.total.item_ids:
        value, item = values.get(iid), by_id[iid]
        if value is not None:
            scored.append(item.scale.low + item.scale.high - value if item.reverse else value)
    if not scored:
        return None
    if instrument.total.method == "mean":
        return round(sum(scored) / len(scored), 2)
    return float(sum(scored))


def why_unscored(instrument: Instrument, answers: list[int | None]) -> str:
    answered = sum(v is not None for v in answers)
    part = instrument.total
    if part.missing == "refuse":
        return _("Every item must be answered to score {title}.").format(title=instrument.title)
    return _("At least {n} of {m} items must be answered ({a} so far).").format(
        n=part.min_answered, m=len(part.item_ids), a=answered)
