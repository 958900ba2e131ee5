"""Grant report data for a period. Counts only: no participant is named.

Definitions (stated on the report):
- Served: a participant with at least one signed service note dated in the period.
- Demographic tables are over the served participants, so each adds up to that total; a
  blank field counts as "Not recorded".
- Recovery capital: served participants with a signed baseline (their first ever) and a
  later signed follow-up on or before the period's end, same instrument; paired means.
- Follow-up rate: referrals made in the period whose status moved past "made" (someone
  followed up) divided by referrals made in the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import Encounter, FamilyContact
from peerdesk.db.models import Participant, ParticipantStatusChange
from peerdesk.db.recovery_models import Assessment, BarrierStatusChange, GoalStatusChange
from peerdesk.db.resource_models import Referral
from peerdesk.domain.encounters import SERVICE_TYPES, SETTINGS
from peerdesk.domain.participants import (
    ETHNICITIES,
    GENDERS,
    LANGUAGES,
    RACES,
    YES_NO_UNKNOWN,
    age_band,
)
from peerdesk.domain.referrals import STATUSES as REFERRAL_STATUSES
from peerdesk.domain.resources import CATEGORIES as REFERRAL_CATEGORIES
from peerdesk.i18n import _

NOT_RECORDED = _("Not recorded")


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)
    total_row: bool = False


class _Group(NamedTuple):
    participant_id: int
    setting: str
    service_type: str
    is_group: bool
    count: int
    minutes: int
    naloxone_kits: int
    test_strips: int
    other_supplies_count: int


@dataclass
class GrantReport:
    organization: str
    start: date
    end: date
    generated_at: datetime
    generated_by: str
    headline: dict[str, object] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    logo: bytes | None = field(default=None, repr=False)  # the organization's, as PNG

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _counts(title: str, key: str, values: list[str], labels: dict[str, str]) -> Table:
    counter = Counter(values)
    table = Table(key, title, [_("Category"), _("Participants")], total_row=True)
    for code, label in labels.items():
        if counter.get(code):
            table.rows.append([label, counter[code]])
    other = sum(n for code, n in counter.items() if code not in labels and code)
    if other:
        table.rows.append([_("Other"), other])
    if counter.get(""):
        table.rows.append([NOT_RECORDED, counter[""]])
    table.rows.append([_("Total"), len(values)])
    return table


def build_grant(session: Session, start: date, end: date, *, organization: str,
                generated_by: str, cutoffs: dict[str, float],
                instrument_names: dict[str, str] | None = None) -> GrantReport:
    """``cutoffs``: an instrument's published cut-off for its total, by instrument id;
    ``instrument_names``: what to call each instrument on the report (default: its id)."""
    report = GrantReport(organization, start, end, datetime.now().astimezone(), generated_by)
    # One grouped pass over the period's notes (a year of a large organization is
    # ~300,000 notes). Wrapping the date in date() makes the database scan the table,
    # which for a long period is several times faster than hopping through the date index.
    day = func.date(Encounter.service_date) if (end - start).days > 90 \
        else Encounter.service_date
    groups = session.execute(select(
        Encounter.participant_id, Encounter.setting, Encounter.service_type,
        Encounter.is_group, func.count(), func.sum(Encounter.minutes),
        func.sum(Encounter.naloxone_kits), func.sum(Encounter.test_strips),
        func.sum(Encounter.other_supplies_count)).where(
        day >= start.isoformat() if day is not Encounter.service_date else day >= start,
        day <= end.isoformat() if day is not Encounter.service_date else day <= end,
        Encounter.signed_at.is_not(None), Encounter.voided_at.is_(None))
        .group_by(Encounter.participant_id, Encounter.setting, Encounter.service_type,
                  Encounter.is_group)).all()
    notes = [_Group(*g) for g in groups]
    served_set = {g.participant_id for g in notes}
    served_ids = sorted(served_set)
    people = {p.id: p for p in session.execute(select(
        Participant.id, Participant.date_of_birth, Participant.gender, Participant.race,
        Participant.ethnicity, Participant.veteran, Participant.justice_involved,
        Participant.preferred_language)).all() if p.id in served_set}
    changes = list(session.execute(select(ParticipantStatusChange).where(
        ParticipantStatusChange.effective_on >= start,
        ParticipantStatusChange.effective_on <= end)).scalars())
    enrolled = {c.participant_id for c in changes if c.status == "active"}
    discharged = {c.participant_id for c in changes if c.status == "discharged"}
    contacts = list(session.execute(select(FamilyContact).where(
        FamilyContact.contact_date >= start, FamilyContact.contact_date <= end,
        FamilyContact.signed_at.is_not(None))).scalars())

    report.headline = {
        _("Participants served (unduplicated)"): len(served_ids),
        _("New enrollments (including re-enrollments)"): len(enrolled),
        _("Discharges"): len(discharged),
        _("Service notes (signed)"): sum(g.count for g in notes),
        _("Hours of service"): _hours(sum(g.minutes for g in notes)),
        _("Family members served"): len({c.family_member_id for c in contacts}),
        _("Family contacts"): len(contacts),
        _("Hours with families"): _hours(sum(c.minutes for c in contacts)),
    }

    def by(key: str, title: str, label_of, attr: str) -> None:  # type: ignore[no-untyped-def]
        counts: Counter[str] = Counter()
        minutes: Counter[str] = Counter()
        people_by: dict[str, set[int]] = defaultdict(set)
        for g in notes:
            name = label_of(getattr(g, attr))
            counts[name] += g.count
            minutes[name] += g.minutes
            people_by[name].add(g.participant_id)
        table = Table(key, title, [_("Category"), _("Notes"), _("Hours"), _("Participants")],
                      total_row=True)
        for name in sorted(counts, key=lambda n: -counts[n]):
            table.rows.append([name, counts[name], _hours(minutes[name]),
                               len(people_by[name])])
        table.rows.append([_("Total"), sum(counts.values()), _hours(sum(minutes.values())),
                           len(served_ids)])
        report.tables.append(table)

    by("setting", _("Service notes by setting"), lambda v: SETTINGS.get(v, v), "setting")
    by("service_type", _("Service notes by type of service"),
       lambda v: SERVICE_TYPES[v].label if v in SERVICE_TYPES else v, "service_type")
    by("individual_group", _("Individual and group"),
       lambda v: _("Group") if v else _("Individual"), "is_group")

    served = list(people.values())
    report.tables += [
        _counts(_("Age (at the end of the period)"), "age",
                [age_band(p.date_of_birth, end) if p.date_of_birth else "" for p in served],
                {band: band for _lo, _hi, band in _age_bands()}),
        _counts(_("Gender"), "gender", [p.gender for p in served], GENDERS),
        _counts(_("Race"), "race", [p.race for p in served], RACES),
        _counts(_("Ethnicity"), "ethnicity", [p.ethnicity for p in served], ETHNICITIES),
        _counts(_("Veteran"), "veteran", [_blank_unknown(p.veteran) for p in served],
                YES_NO_UNKNOWN),
        _counts(_("Involved with the justice system"), "justice",
                [_blank_unknown(p.justice_involved) for p in served], YES_NO_UNKNOWN),
        _counts(_("Preferred language"), "language", [p.preferred_language for p in served],
                LANGUAGES),
    ]
    _referrals(session, report, start, end)
    supplies = Table("supplies", _("Supplies given"), [_("Supply"), _("Count")])
    supplies.rows = [[_("Naloxone kits"), sum(g.naloxone_kits for g in notes)],
                     [_("Fentanyl test strips"), sum(g.test_strips for g in notes)],
                     [_("Other supplies"), sum(g.other_supplies_count for g in notes)]]
    report.tables.append(supplies)
    goals = session.execute(select(GoalStatusChange).where(
        GoalStatusChange.changed_on >= start, GoalStatusChange.changed_on <= end,
        GoalStatusChange.status == "achieved")).scalars().all()
    barriers = session.execute(select(BarrierStatusChange).where(
        BarrierStatusChange.changed_on >= start, BarrierStatusChange.changed_on <= end,
        BarrierStatusChange.status.in_(("resolved", "no_longer")))).scalars().all()
    outcomes = Table("outcomes", _("Goals and barriers"), [_("Outcome"), _("Count")])
    outcomes.rows = [[_("Wellness goals achieved"), len({g.goal_id for g in goals})],
                     [_("Barriers resolved"), len({b.barrier_id for b in barriers})]]
    report.tables.append(outcomes)
    _recovery_capital(session, report, set(served_ids), end, cutoffs,
                      instrument_names or {})
    return report


def _age_bands() -> list[tuple[int, int | None, str]]:
    from peerdesk.domain.participants import AGE_BANDS
    return AGE_BANDS


def _blank_unknown(value: str) -> str:
    return "" if value in ("", "unknown") else value


def _referrals(session: Session, report: GrantReport, start: date, end: date) -> None:
    made = session.execute(select(Referral.recipient_kind, Referral.status).where(
        Referral.referred_on >= start, Referral.referred_on <= end)).all()
    statuses = list(REFERRAL_STATUSES)
    # The first count is every referral made; the rest say where those referrals are now
    # ("made": nobody has followed up yet).
    now = {**REFERRAL_STATUSES, "made": _("Not yet followed up")}
    table = Table("referrals", _("Referrals made in the period, by category and where they "
                                 "are now"),
                  [_("Category"), _("Referrals made"), *[now[s] for s in statuses]],
                  total_row=True)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for r in made:
        by_kind[r.recipient_kind or "other"][r.status] += 1
    def label(kind: str) -> str:
        return REFERRAL_CATEGORIES.get(kind, kind.replace("_", " ").capitalize())

    for kind in sorted(by_kind, key=lambda k: (-sum(by_kind[k].values()), label(k))):
        row: list[object] = [label(kind), sum(by_kind[kind].values())]
        row += [by_kind[kind].get(s, 0) for s in statuses]
        table.rows.append(row)
    totals = Counter(r.status for r in made)
    table.rows.append([_("Total"), len(made), *[totals.get(s, 0) for s in statuses]])
    report.tables.append(table)
    followed = sum(1 for r in made if r.status != "made")
    report.headline[_("Referrals made")] = len(made)
    report.headline[_("Referral follow-up rate")] = (
        f"{round(100 * followed / len(made))}%" if made else "—")


def _recovery_capital(session: Session, report: GrantReport, served: set[int], end: date,
                      cutoffs: dict[str, float], names: dict[str, str]) -> None:
    rows = session.execute(select(
        Assessment.instrument_id, Assessment.participant_id, Assessment.total).where(
        Assessment.signed_at.is_not(None), Assessment.total.is_not(None),
        Assessment.voided_at.is_(None), Assessment.administered_on <= end)
        .order_by(Assessment.administered_on, Assessment.id))
    series: dict[tuple[str, int], list[float]] = defaultdict(list)
    for instrument_id, participant_id, total in rows:
        if participant_id in served:
            series[(instrument_id, participant_id)].append(float(total or 0))
    table = Table("recovery_capital", _("Recovery capital: first and latest score (paired)"),
                  [_("Instrument"), _("Participants with baseline and follow-up"),
                   _("Mean first"), _("Mean latest"), _("Mean change"), _("Cut-off"),
                   _("At or above cut-off, first"), _("At or above cut-off, latest")])
    for instrument in sorted({k[0] for k in series}):
        pairs = [(v[0], v[-1]) for (inst, _pid), v in series.items()
                 if inst == instrument and len(v) >= 2]
        name = names.get(instrument, instrument.upper())
        cut = cutoffs.get(instrument)
        cut_text = f"{cut:g}" if cut is not None else "—"
        if not pairs:
            table.rows.append([name, 0, "—", "—", "—", cut_text, "—", "—"])
            continue
        n = len(pairs)
        first = sum(p[0] for p in pairs) / n
        latest = sum(p[1] for p in pairs) / n
        table.rows.append([name, n, round(first, 1), round(latest, 1),
                           f"{latest - first:+.1f}", cut_text, _share(pairs, 0, cut),
                           _share(pairs, 1, cut)])
    report.tables.append(table)


def _share(pairs: list[tuple[float, float]], which: int, cut: float | None) -> str:
    if cut is None or not pairs:
        return "—"
    return f"{round(100 * sum(1 for p in pairs if p[which] >= cut) / len(pairs))}%"
