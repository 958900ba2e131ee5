"""Monthly billing report data: payer → participant → line, subtotals, and every note left
out with the reason (so nothing is billed wrong silently).

Minutes are summed per participant, code, modifier, day and rendering worker (a claim line
names one worker) when the unit rule says so, then converted to units.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.billing_models import Payer
from peerdesk.db.caseload_models import Encounter
from peerdesk.db.models import Participant, User
from peerdesk.domain.billing import Rate, UnitSettings, apply_cap, money, rate_for, units_for
from peerdesk.domain.consents import (
    PAYER_KIND,
    ConsentFacts,
    SignedConsent,
    in_force,
    name_key,
)
from peerdesk.i18n import _

CSV_COLUMNS = ["date", "participant_id", "member_id", "payer", "code", "modifier", "minutes",
               "units", "rate", "amount", "worker", "credential", "place_of_service"]


@dataclass(frozen=True)
class BillingLine:
    date: date
    participant_id: int
    participant_name: str
    member_id: str
    payer: str
    code: str
    modifier: str
    minutes: int
    units: int
    rate: Decimal
    amount: Decimal
    worker: str
    credential: str
    place_of_service: str
    encounter_ids: tuple[int, ...]
    worker_id: int = 0

    def csv_row(self) -> list[str]:
        return [self.date.isoformat(), str(self.participant_id), self.member_id, self.payer,
                self.code, self.modifier, str(self.minutes), str(self.units), f"{self.rate:.2f}",
                f"{self.amount:.2f}", self.worker, self.credential, self.place_of_service]


@dataclass(frozen=True)
class BillingException:
    encounter_id: int
    date: date
    participant_id: int
    participant_name: str
    worker: str
    minutes: int
    reason: str
    worker_id: int = 0
    payer: str = ""  # the payer named on the participant's record, if any
    kind: str = ""  # a key of LEFT_OUT_KINDS: the reason without its particulars


# Why a note was left out, in general terms (for the summary of left-out notes).
LEFT_OUT_KINDS = {
    "unsigned": _("Not signed"),
    "not_cosigned": _("Not co-signed by a supervisor"),
    "no_code": _("No billing code for the type of service"),
    "no_payer": _("No payer on the participant's record"),
    "payer_not_set_up": _("Payer not set up in billing settings"),
    "no_member_id": _("Missing member id"),
    "no_consent": _("No consent in force that covers the payer"),
    "under_minimum": _("Under the minimum time for one unit"),
    "no_rate": _("No rate in force"),
    "over_cap": _("Over the daily cap (the units over it not billed)"),
}


@dataclass(frozen=True)
class BillingFilter:
    """Narrow a billing report to one payer and/or one worker. Lines are worked out for
    everyone first (daily caps count every worker's units), then narrowed, so a narrowed
    report is exactly the matching part of the full one."""

    payer: str | None = None
    worker_id: int | None = None
    worker_name: str = ""

    @property
    def narrows(self) -> bool:
        return self.payer is not None or self.worker_id is not None

    def describe(self) -> str:
        """'Payer: River Health Plan · Worker: Sam Lee', or '' for the whole report."""
        parts = []
        if self.payer is not None:
            parts.append(_("Payer: {p}").format(p=self.payer))
        if self.worker_id is not None:
            parts.append(_("Worker: {w}").format(w=self.worker_name))
        return " · ".join(parts)

    def keeps(self, payer: str, worker_id: int) -> bool:
        return ((self.payer is None or payer.casefold() == self.payer.casefold())
                and (self.worker_id is None or worker_id == self.worker_id))


@dataclass
class BillingReport:
    organization: str
    start: date
    end: date
    generated_at: datetime
    generated_by: str
    unit_rule: str
    lines: list[BillingLine] = field(default_factory=list)
    exceptions: list[BillingException] = field(default_factory=list)
    narrowed_to: BillingFilter = field(default_factory=BillingFilter)
    logo: bytes | None = field(default=None, repr=False)  # the organization's, as PNG

    def narrow(self, wanted: BillingFilter) -> None:
        """Keep only the lines and left-out notes of one payer and/or worker."""
        self.narrowed_to = wanted
        if wanted.narrows:
            self.lines = [x for x in self.lines if wanted.keeps(x.payer, x.worker_id)]
            self.exceptions = [x for x in self.exceptions
                               if wanted.keeps(x.payer, x.worker_id)]

    @property
    def total(self) -> Decimal:
        return money(sum((line.amount for line in self.lines), Decimal(0)))

    @property
    def total_units(self) -> int:
        return sum(line.units for line in self.lines)

    def subtotal(self, key: str) -> dict[str, Decimal]:
        """Amount per payer, per worker, or per participant ("payer" / "worker" / ...)."""
        out: dict[str, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            name = {"payer": line.payer, "worker": line.worker,
                    "participant": f"{line.participant_name} (#{line.participant_id})"}[key]
            out[name] += line.amount
        return {k: money(v) for k, v in sorted(out.items())}

    def left_out_by_kind(self) -> list[tuple[str, int, int]]:
        """(reason in general terms, notes, minutes) for each reason notes were left out,
        the most notes first."""
        notes: Counter[str] = Counter()
        minutes: Counter[str] = Counter()
        for x in self.exceptions:
            notes[x.kind] += 1
            minutes[x.kind] += x.minutes
        return [(LEFT_OUT_KINDS.get(kind, kind), n, minutes[kind])
                for kind, n in sorted(notes.items(), key=lambda kv: (-kv[1], kv[0]))]

    def by_payer(self) -> dict[str, dict[int, list[BillingLine]]]:
        grouped: dict[str, dict[int, list[BillingLine]]] = {}
        for line in sorted(self.lines, key=lambda x: (x.payer, x.participant_name, x.date)):
            grouped.setdefault(line.payer, {}).setdefault(line.participant_id, []).append(line)
        return grouped


def build_billing(session: Session, start: date, end: date, *, organization: str,
                  generated_by: str, unit_settings: UnitSettings, require_cosign: bool,
                  rates: list, caps: dict, places: dict[str, str],  # type: ignore[type-arg]
                  consents: dict[int, list[SignedConsent]] | None = None) -> BillingReport:
    """``consents``: each participant's signed consents, when billing needs a consent in
    force on the day of service that covers the payer (42 CFR Part 2); None: it does not."""
    report = BillingReport(organization, start, end, datetime.now().astimezone(), generated_by,
                           unit_settings.rule.value)
    payer_rows = {p.name.casefold(): p for p in session.execute(select(Payer)).scalars()}
    rows = session.execute(
        select(Encounter.id, Encounter.service_date, Encounter.minutes, Encounter.setting,
               Encounter.service_code, Encounter.modifier,
               Encounter.signed_at.is_not(None).label("signed"),  # no time to read back
               Encounter.review_status, Participant.id.label("pid"), Participant.first_name,
               Participant.last_name, Participant.payer, Participant.member_id,
               User.id.label("uid"), User.full_name, User.credential)
        .join(Participant, Participant.id == Encounter.participant_id)
        .join(User, User.id == Encounter.worker_id)
        .where(Encounter.service_date >= start, Encounter.service_date <= end,
               Encounter.voided_at.is_(None))
        .order_by(Encounter.service_date, Encounter.start_time, Encounter.id)).all()

    def left_out(e, kind: str, reason: str) -> None:  # type: ignore[no-untyped-def]
        report.exceptions.append(BillingException(
            e.id, e.service_date, e.pid, f"{e.last_name}, {e.first_name}", e.full_name,
            e.minutes, reason, e.uid, known.name if (known := payer_rows.get(
                e.payer.strip().casefold())) else e.payer.strip(), kind))

    groups: dict[tuple, list] = defaultdict(list)  # type: ignore[type-arg]
    consented: dict[tuple[int, str], list[ConsentFacts]] = {}
    for e in rows:
        payer_name = e.payer.strip()
        payer = payer_rows.get(payer_name.casefold()) if payer_name else None
        if not e.signed:
            left_out(e, "unsigned", _("Not signed"))
        elif require_cosign and e.review_status != "cosigned":
            left_out(e, "not_cosigned", _("Not co-signed by a supervisor"))
        elif not e.service_code:
            left_out(e, "no_code", _("No billing code for this type of service"))
        elif not payer_name:
            left_out(e, "no_payer", _("No payer on the participant's record"))
        elif payer is None or not payer.active:
            left_out(e, "payer_not_set_up", _("Payer '{p}' is not set up in billing "
                                              "settings").format(p=e.payer))
        elif payer.requires_member_id and not e.member_id.strip():
            left_out(e, "no_member_id", _("Missing member id"))
        elif consents is not None and not _consented(consents, e.pid, payer.name,
                                                     e.service_date, consented):
            left_out(e, "no_consent", _no_consent_reason(
                consented[(e.pid, payer.name)], payer.name, e.service_date))
        else:
            key = (e.pid, e.service_code, e.modifier, e.service_date, e.uid)
            if not unit_settings.sum_per_day:
                key = (*key, e.id)
            groups[key].append((e, payer))

    used: Counter[tuple] = Counter()  # units already billed per participant/code/day
    # A month repeats the same few rates, caps and amounts: each is worked out once.
    rate_in_force: dict[tuple, Rate | None] = {}  # type: ignore[type-arg]
    cap_of: dict[tuple, int | None] = {}  # type: ignore[type-arg]
    amount_of: dict[tuple[Decimal, int], Decimal] = {}
    for key in sorted(groups, key=itemgetter(3, 0, 1, 2, 4)):  # day, person, code, worker
        items = groups[key]
        e0, payer = items[0]
        pid, code, modifier, day = key[0], key[1], key[2], key[3]
        minutes = e0.minutes if len(items) == 1 else sum(e.minutes for e, _payer in items)
        units = units_for(minutes, unit_settings)
        if units == 0:
            for e, _payer in items:
                left_out(e, "under_minimum", _("Under the minimum time for one unit "
                                               "({m} minutes that day)").format(m=minutes))
            continue
        payer_name = payer.name
        rate_key = (payer_name, code, modifier, day)
        if rate_key not in rate_in_force:
            rate_in_force[rate_key] = rate_for(rates, payer_name, code, modifier, day)
        rate = rate_in_force[rate_key]
        if rate is None:
            for e, _payer in items:
                left_out(e, "no_rate", _("No rate in force for {payer} {code} {mod} on {d}")
                         .format(payer=payer_name, code=code, mod=modifier,
                                 d=day.isoformat()).replace("  ", " "))
            continue
        cap_key = (payer_name, code, modifier)
        if cap_key not in cap_of:
            cap_of[cap_key] = caps.get(cap_key, caps.get((None, code, modifier)))
        cap = cap_of[cap_key]
        day_key = (pid, code, modifier, day)
        billable, over = apply_cap(units, used[day_key], cap)
        used[day_key] += billable
        if over:
            for e, _payer in items:
                left_out(e, "over_cap", _("Over the daily cap of {cap} units: {n} unit(s) "
                                          "not billed").format(cap=cap, n=over))
        if billable == 0:
            continue
        setting = e0.setting if len(items) == 1 else \
            Counter(e.setting for e, _payer in items).most_common(1)[0][0]
        amount_key = (rate.amount, billable)
        if amount_key not in amount_of:
            amount_of[amount_key] = money(rate.amount * billable)
        report.lines.append(BillingLine(
            day, pid, f"{e0.last_name}, {e0.first_name}", e0.member_id.strip(), payer_name,
            code, modifier, minutes, billable, rate.amount, amount_of[amount_key],
            e0.full_name, e0.credential, places.get(setting, "99"),
            (e0.id,) if len(items) == 1 else tuple([e.id for e, _payer in items]), e0.uid))
    report.exceptions.sort(key=lambda x: (x.date, x.participant_name, x.encounter_id))
    return report


def _consented(consents: dict[int, list[SignedConsent]], participant_id: int, payer: str,
               day: date, covering: dict[tuple[int, str], list[ConsentFacts]]) -> bool:
    """Whether one of the participant's consents allows telling ``payer`` about a service
    on ``day``. Which consents cover the payer is worked out once per participant and
    payer (in ``covering``); each note then only asks whether one is in force."""
    key = (participant_id, payer)
    found = covering.get(key)
    if found is None:
        payer_key = name_key(payer)
        found = covering[key] = [c.facts for c in consents.get(participant_id, ())
                                 if c.covers(payer_key, PAYER_KIND)]
    return any(in_force(facts, day) for facts in found)


def _no_consent_reason(covering: list[ConsentFacts], payer: str, day: date) -> str:
    """Why no consent allowed billing ``payer`` for a service on ``day``, and what happened
    to the nearest one, so whoever fixes it knows what to ask the participant for."""
    reason = _("No consent in force on that day that covers {payer}").format(payer=payer)
    later = [f for f in covering if f.signed_on is not None and f.signed_on > day]
    if later:
        return reason + _(": the one that does was signed on {d}, after the service").format(
            d=min(f.signed_on for f in later if f.signed_on is not None).isoformat())
    earlier = sorted((f for f in covering if f.signed_on is not None),
                     key=lambda f: f.signed_on or day)
    if not earlier:
        return reason
    last = earlier[-1]
    if last.revoked_on is not None and last.revoked_on <= day:
        return reason + _(": the one signed on {s} was revoked on {r}").format(
            s=last.signed_on, r=last.revoked_on.isoformat())
    ended = last.expires_on if last.expires_on is not None and last.expires_on < day \
        else last.expiry_event_occurred_on
    if ended is not None:
        return reason + _(": the one signed on {s} ended on {e}").format(
            s=last.signed_on, e=ended.isoformat())
    return reason
