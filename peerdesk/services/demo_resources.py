"""Demo resource navigation: a directory of about forty invented local services, written
as an HSDS 3.0 package and imported the way an organization would import theirs; notes and
favourites; referrals at every status with dated history and follow-ups (some overdue);
consents in force, expired and revoked. Everything is invented; deterministic for a seed."""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import FamilyMember
from peerdesk.db.models import Participant
from peerdesk.db.recovery_models import Barrier
from peerdesk.db.resource_models import Consent, Referral, ReferralStatusChange, ResourceService
from peerdesk.domain.consents import PURPOSE_SUGGESTIONS, REVOKE_DEFAULT
from peerdesk.domain.resources import CATEGORIES, PEERDESK_TAXONOMY
from peerdesk.services import clock, hsds_import
from peerdesk.services.actor import Actor
from peerdesk.services.consents import one_year_after

# (organization, service, category, description, note, favourite)
DIRECTORY = [
    ("Harbor House", "Emergency beds", "housing", "Overnight shelter for adults, 40 beds; "
     "doors open at 6 pm.", "Ask for Maria at intake; call before 4 pm to hold a bed.", True),
    ("Riverbend Housing Authority", "Housing voucher waiting list", "housing",
     "Applications for the Housing Choice Voucher list.", "", False),
    ("Second Chance Homes", "Recovery residences", "housing", "Peer-run recovery homes; "
     "medication for OUD welcome.", "House meeting Sundays 7 pm; bring ID.", True),
    ("Cedar Falls Family Shelter", "Family shelter", "housing", "Rooms for parents with "
     "children.", "", False),
    ("Millbrook Rapid Rehousing", "Deposit and first-month help", "housing",
     "Rapid rehousing with case management.", "", False),
    ("Riverbend Treatment Center", "Intensive outpatient program", "treatment",
     "Three evenings a week; Medicaid accepted.", "", False),
    ("Valley Withdrawal Services", "Withdrawal management", "treatment",
     "Medically supported withdrawal, 5-7 days.", "Beds open up around 9 am.", False),
    ("Bridge Clinic", "Buprenorphine walk-in", "moud", "Same-day buprenorphine starts.",
     "Walk-ins Monday to Thursday; any ID.", True),
    ("Riverbend Opioid Treatment Program", "Methadone program", "moud",
     "Daily dosing, counseling on site.", "", False),
    ("Millbrook Community Health", "MOUD in primary care", "moud",
     "Buprenorphine and naltrexone with a primary care doctor.", "", False),
    ("Millbrook Community Health", "Primary care (sliding scale)", "health",
     "Check-ups, chronic care, vaccines.", "", False),
    ("Riverbend Free Clinic", "Tuesday night clinic", "health", "Free care, no insurance "
     "needed.", "Line forms at 5 pm.", False),
    ("St. Brigid Dental Van", "Dental van", "health", "Extractions and cleanings.", "", False),
    ("Cedar Falls Counseling", "Walk-in counseling", "mental_health",
     "Same-day counseling and crisis support.", "", False),
    ("Riverbend Mental Health", "Psychiatric medication management", "mental_health",
     "Appointments in two to three weeks.", "", False),
    ("Riverbend Harm Reduction Collective", "Syringe services and naloxone",
     "harm_reduction", "Supplies, naloxone, and wound care.", "", True),
    ("Riverbend Harm Reduction Collective", "Drug checking", "harm_reduction",
     "Fentanyl and xylazine test strips.", "", False),
    ("Riverbend Food Bank", "Emergency food boxes", "food", "A box a week.",
     "No ID needed at the first visit.", True),
    ("St. Brigid Parish", "Community kitchen", "food", "Hot meals every day at noon.", "",
     False),
    ("Millbrook Pantry", "Saturday pantry", "food", "Fresh food Saturday mornings.", "", False),
    ("County Vital Records", "Birth certificates", "id_documents",
     "Certified copies for people born in the county.", "", False),
    ("State DMV Riverbend Office", "State ID cards", "id_documents", "New and replacement "
     "IDs.", "Our fee waiver letter works here.", True),
    ("Legal Aid of the Valley", "ID recovery clinic", "id_documents",
     "Help getting documents from other states.", "", False),
    ("County Human Services", "SNAP and Medicaid applications", "benefits",
     "Apply in person or by phone.", "", False),
    ("Riverbend Benefits Navigators", "Insurance enrollment help", "benefits",
     "Marketplace and Medicaid enrollment.", "", False),
    ("WorkSource Riverbend", "Job search and résumé help", "employment",
     "Computers, workshops and job leads.", "", False),
    ("Second Chance Staffing", "Fair-chance hiring", "employment",
     "Temp-to-hire with employers who hire people with records.", "Ask for Devon.", True),
    ("Cedar Falls Community College", "GED classes", "employment", "Free GED preparation.", "",
     False),
    ("Legal Aid of the Valley", "Expungement clinic", "legal", "Record clearing on the first "
     "Monday of the month.", "", False),
    ("County Public Defender", "Court date help", "legal", "Help with missed court dates.",
     "", False),
    ("Riverbend Transit", "Reduced-fare bus pass", "transportation", "Half-price monthly "
     "pass.", "", False),
    ("Medicaid Ride Line", "Rides to medical appointments", "transportation",
     "Book two days ahead.", "", False),
    ("Riverbend Area Intergroup", "Narcotics Anonymous meetings", "mutual_aid",
     "Daily meetings across the county.", "", False),
    ("SMART Recovery Riverbend", "SMART Recovery meetings", "mutual_aid",
     "Science-based mutual aid, Wednesdays.", "", False),
    ("Recovery Dharma Cedar Falls", "Recovery Dharma meetings", "mutual_aid",
     "Meditation-based recovery meetings.", "", False),
    ("Riverbend Recovery Community (demo)", "All Recovery meetings", "mutual_aid",
     "Every pathway welcome.", "", False),
    ("Riverbend Al-Anon", "Al-Anon family groups", "family", "For family and friends.", "",
     False),
    ("Cedar Falls Family Recovery", "CRAFT family skills group", "family",
     "Eight-week group for families.", "", False),
    ("Riverbend Public Library", "Computers and phone charging", "other",
     "Free computers, Wi-Fi and charging.", "", False),
    ("Old Mill Drop-in Center", "Day drop-in center", "other", "Showers and laundry.", "",
     False),
]
CLOSED_SERVICE = "Old Mill Drop-in Center"  # the source lists it as inactive
PLACES = [("Riverbend", "97301"), ("Riverbend", "97302"), ("Millbrook", "97305"),
          ("Cedar Falls", "97310"), ("Riverbend", "97304")]
STREETS = ["Dock St", "Main St", "River Ave", "3rd St", "Cedar Ln", "Mill Rd", "Oak St"]
BARRIER_TO_CATEGORY = {"housing": "housing", "food": "food", "id_documents": "id_documents",
                       "employment": "employment", "legal": "legal", "insurance": "benefits",
                       "income": "benefits", "transportation": "transportation"}
SHARING = {"housing", "treatment", "moud", "health", "mental_health", "legal", "benefits"}
REASONS = ["Asked for help with this at our last meeting", "Part of the housing plan",
           "Wants to start medication", "Needs this before the job starts", ""]
NOTES = {"contacted": "Called together from the office", "connected": "Intake appointment set",
         "completed": "Got what they came for", "declined": "Decided to wait for now",
         "unable_to_reach": "Three calls, no answer", "closed": "Program stopped taking "
                                                               "referrals"}


def _write_package(folder: Path, rng: random.Random) -> None:
    orgs: dict[str, str] = {}
    rows: dict[str, list[list[str]]] = {k: [] for k in (
        "organizations", "services", "locations", "addresses", "phones",
        "service_at_location", "taxonomy_terms", "attributes")}
    for key, label in CATEGORIES.items():
        rows["taxonomy_terms"].append([f"demo-term-{key}", key, label, "", PEERDESK_TAXONOMY])
    for n, (org, name, category, description, _note, _fav) in enumerate(DIRECTORY, start=1):
        if org not in orgs:
            oid = orgs[org] = f"demo-org-{len(orgs) + 1:02d}"
            rows["organizations"].append([oid, org, "", f"{org} (invented for the demo)"])
            city, postal = rng.choice(PLACES)
            rows["locations"].append([f"demo-loc-{oid}", oid, org, ""])
            rows["addresses"].append([f"demo-adr-{oid}", f"demo-loc-{oid}",
                                      f"{rng.randint(10, 999)} {rng.choice(STREETS)}", city,
                                      "OR", postal, "US", "physical"])
        sid = f"demo-svc-{n:02d}"
        status = "inactive" if org == CLOSED_SERVICE else "active"
        rows["services"].append([sid, orgs[org], name, description, status])
        rows["service_at_location"].append([f"demo-sal-{n:02d}", sid, f"demo-loc-{orgs[org]}"])
        rows["phones"].append([f"demo-phone-{n:02d}", sid, f"(541) 555-{200 + n:04d}", "voice"])
        rows["attributes"].append([f"demo-attr-{n:02d}", sid, f"demo-term-{category}",
                                   "service"])
    headers = {
        "organizations": ["id", "name", "alternate_name", "description"],
        "services": ["id", "organization_id", "name", "description", "status"],
        "locations": ["id", "organization_id", "name", "description"],
        "addresses": ["id", "location_id", "address_1", "city", "state_province",
                      "postal_code", "country", "address_type"],
        "phones": ["id", "service_id", "number", "type"],
        "service_at_location": ["id", "service_id", "location_id"],
        "taxonomy_terms": ["id", "code", "name", "description", "taxonomy"],
        "attributes": ["id", "link_id", "taxonomy_term_id", "link_entity"],
    }
    for table, header in headers.items():
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows[table])


def build_resources(s: Session, rng: random.Random, today: date,
                    actor: Actor) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="peerdesk-demo-hsds-") as tmp:
        _write_package(Path(tmp), rng)
        report = hsds_import.import_package(s, actor, tmp)
    assert report.imported, [str(p) for p in report.problems]
    services = {svc.name: svc for svc in s.execute(select(ResourceService)).scalars()}
    kinds = {name: category for _o, name, category, *_rest in DIRECTORY}
    for _org, name, _category, _description, note, favourite in DIRECTORY:
        services[name].notes, services[name].favourite = note, favourite
    services["Housing voucher waiting list"].active = False  # closed by hand: list is full
    from peerdesk.services.directory import refresh_search_text

    refresh_search_text(s)
    by_kind: dict[str, list[ResourceService]] = {}
    for svc in services.values():
        if svc.active and svc.status == "active":
            by_kind.setdefault(kinds[svc.name], []).append(svc)
    return _referrals(s, rng, today, by_kind)


def _referrals(s: Session, rng: random.Random, today: date,
               by_kind: dict[str, list[ResourceService]]) -> dict[str, int]:
    now = clock.utc_now()
    counts = {"referrals": 0, "consents": 0}
    orgs = {svc.id: name for svc, name in _org_names(s)}
    barriers: dict[int, list[Barrier]] = {}
    for barrier in s.execute(select(Barrier)).scalars():
        barriers.setdefault(barrier.participant_id, []).append(barrier)
    people = list(s.execute(select(Participant).where(
        Participant.assigned_worker_id.is_not(None)).order_by(Participant.id)).scalars())
    for p in people:
        if rng.random() < 0.55:
            continue
        for _n in range(rng.randint(1, 3)):
            mine = [b for b in barriers.get(p.id, []) if b.category in BARRIER_TO_CATEGORY]
            barrier = rng.choice(mine) if mine and rng.random() < 0.6 else None
            kind = BARRIER_TO_CATEGORY[barrier.category] if barrier else rng.choice(
                sorted(by_kind))
            service = rng.choice(by_kind.get(kind) or by_kind["other"])
            start = p.enrolled_on + timedelta(days=rng.randint(0, 30))
            referred = min(today, start + timedelta(days=rng.randint(0, max(
                0, (today - start).days))))
            shares = kind in SHARING and rng.random() < 0.7
            consent = _consent(s, rng, p, orgs[service.id], referred, today, now, counts) \
                if shares else None
            referral = Referral(
                participant_id=p.id, service_id=service.id,
                recipient_name=f"{service.name} — {orgs[service.id]}", recipient_kind=kind,
                barrier_id=barrier.id if barrier else None, warm_handoff=shares and
                rng.random() < 0.5, shares_information=shares,
                consent_id=consent.id if consent else None, reason=rng.choice(REASONS),
                status="made", status_since=referred, referred_on=referred,
                made_by_id=p.assigned_worker_id, created_at=now, updated_at=now)
            s.add(referral)
            s.flush()
            _loop(s, rng, referral, p.assigned_worker_id, today, now)
            counts["referrals"] += 1
    counts["referrals"] += _family_referrals(s, rng, today, now, by_kind)
    return counts


def _org_names(s: Session):  # type: ignore[no-untyped-def]
    from peerdesk.db.resource_models import ResourceOrganization

    return s.execute(select(ResourceService, ResourceOrganization.name).join(
        ResourceOrganization, ResourceOrganization.id == ResourceService.organization_id)).all()


def _consent(s: Session, rng: random.Random, p: Participant, org: str, referred: date,
             today: date, now: datetime, counts: dict[str, int]) -> Consent:
    signed = referred - timedelta(days=rng.randint(0, 3))
    expires = one_year_after(signed) if rng.random() < 0.8 else signed + timedelta(days=90)
    consent = Consent(
        participant_id=p.id, discloser="Riverbend Recovery Community (demo)",
        information="Name, date of birth, phone number, that I take part in peer recovery "
                    "support, and what I need help with for this referral",
        recipients=org, recipient_classes="", purpose=PURPOSE_SUGGESTIONS[0],
        revocation_how=REVOKE_DEFAULT, expires_on=expires, expiry_event="",
        signer_name=f"{p.first_name} {p.last_name}", signer_relationship="", signed_on=signed,
        revocation_method="", recorded_by_id=p.assigned_worker_id, created_at=now,
        updated_at=now)
    span = (today - referred).days
    # About one in eight older consents was revoked; the first older one always is, so the
    # demo shows a revoked consent whatever today's date does to the random draws.
    if span > 20 and (rng.random() < 0.12 or not counts.get("revoked_consents")):
        counts["revoked_consents"] = counts.get("revoked_consents", 0) + 1
        consent.revoked_on = referred + timedelta(days=rng.randint(10, span))
        consent.revocation_method = "in_writing"
        consent.revoked_by_id = p.assigned_worker_id
    s.add(consent)
    s.flush()
    counts["consents"] += 1
    return consent


def _loop(s: Session, rng: random.Random, r: Referral, worker: int | None, today: date,
          now: datetime) -> None:
    """Walk the referral along a plausible path, one dated change at a time."""
    s.add(ReferralStatusChange(referral_id=r.id, status="made", changed_on=r.referred_on,
                               note="", changed_by_id=worker, changed_at=now))
    ended = [["contacted", "connected", "completed"], ["connected", "completed"],
             ["contacted", "declined"], ["unable_to_reach"], ["contacted", "closed"]]
    still_open = [[], ["contacted"], ["contacted", "connected"]]
    # Older referrals have mostly reached an outcome; recent ones are still in the loop.
    recent = (today - r.referred_on).days <= 40
    path = rng.choice(ended + still_open if recent else ended * 4 + [["contacted"]])
    day = r.referred_on
    for status in path:
        step = day + timedelta(days=rng.randint(1, 12))
        if step > today:
            break
        day = step
        r.status, r.status_since = status, day
        s.add(ReferralStatusChange(referral_id=r.id, status=status, changed_on=day,
                                   note=NOTES.get(status, ""), changed_by_id=worker,
                                   changed_at=now))
    if r.status not in ("completed", "declined", "unable_to_reach", "closed"):
        r.follow_up_on = day + timedelta(days=rng.choice([3, 7, 7, 14]))


def _family_referrals(s: Session, rng: random.Random, today: date, now: datetime,
                      by_kind: dict[str, list[ResourceService]]) -> int:
    count = 0
    names = {svc.id: name for svc, name in _org_names(s)}
    for member in s.execute(select(FamilyMember).order_by(FamilyMember.id)).scalars():
        if rng.random() < 0.5 or not by_kind.get("family"):
            continue
        service = rng.choice(by_kind["family"])
        referred = today - timedelta(days=rng.randint(0, 60))
        r = Referral(family_member_id=member.id, service_id=service.id,
                     recipient_name=f"{service.name} — {names[service.id]}",
                     recipient_kind="family", warm_handoff=False, shares_information=False,
                     reason="", status="made", status_since=referred, referred_on=referred,
                     made_by_id=member.assigned_worker_id, created_at=now, updated_at=now)
        s.add(r)
        s.flush()
        _loop(s, rng, r, member.assigned_worker_id, today, now)
        count += 1
    return count
