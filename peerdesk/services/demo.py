"""A synthetic demo organization: people here, notes and families in demo_caseload.py.
Everyone in it is invented; the same seed gives the same records.

Every demo user's password is ``demo``; the administrator is ``admin``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from peerdesk.db.models import Participant, ParticipantStatusChange
from peerdesk.domain.participants import ETHNICITIES, GENDERS, RACES
from peerdesk.domain.passwords import DEMO_RULES
from peerdesk.domain.roles import Role
from peerdesk.domain.search import participant_search_text
from peerdesk.services import audit, billing_settings, clock, users
from peerdesk.services import store as store_mod
from peerdesk.services.demo_caseload import build_caseload
from peerdesk.services.demo_consents import build_billing_consents
from peerdesk.services.demo_recovery import build_recovery
from peerdesk.services.demo_resources import build_resources

DEMO_PASSWORD = "demo"
ORGANIZATION = "Riverbend Recovery Community (demo)"

STAFF: list[tuple[str, str, str, set[Role]]] = [
    ("supervisor", "Renee Castillo", "CPRS", {Role.SUPERVISOR}),
    ("manager", "Dana Whitfield", "MSW", {Role.PROGRAM_MANAGER}),
    ("jordan", "Jordan Mbeki", "CPRS", {Role.PEER_WORKER}),
    ("sam", "Sam Okafor", "CRPS", {Role.PEER_WORKER}),
    ("alex", "Alex Lindqvist", "CARC", {Role.PEER_WORKER}),
    ("casey", "Casey Yazzie", "PRS", {Role.PEER_WORKER, Role.SUPERVISOR}),
    ("leah", "Leah Brooks", "CFRS", {Role.FAMILY_PEER_SPECIALIST}),
]
FORMER_STAFF = ("terry", "Terry Olsen", "CPRS", {Role.PEER_WORKER})

FIRST = ["Aaliyah", "Andre", "Beatriz", "Brandon", "Carmen", "Chidi", "Dakota", "DeShawn",
         "Elena", "Emeka", "Fatima", "Frank", "Gabriela", "Hiroshi", "Imani", "Isaac",
         "Jasmine", "José", "Kayla", "Keanu", "Latoya", "Liam", "Marisol", "Malik", "Nadia",
         "Noah", "Olivia", "Omar", "Priya", "Quinn", "Rosa", "Ryan", "Shania", "Sofía",
         "Tamika", "Tyler", "Valeria", "Wes", "Ximena", "Yusuf", "Zoe", "Renée", "Łukasz",
         "Mateo", "Ngozi", "Bridget", "Cody", "Dolores", "Ethan", "Graciela"]
LAST = ["Abernathy", "Benally", "Castañeda", "Delacroix", "Eriksen", "Fairweather", "García",
        "Hollis", "Ibarra", "Jankowski", "Kowalczyk", "Lefebvre", "Montoya", "Nakamura",
        "Oyelaran", "Pettibone", "Quintero", "Redcloud", "Søndergaard", "Thibodeaux",
        "Underwood", "Villanueva", "Whitehorse", "Xiong", "Yarborough", "Zamora", "Núñez",
        "O'Connell", "McAllister", "Washington", "Begay", "Nguyen", "Hernández", "Baptiste"]
NICK = {"Andre": "Dre", "Brandon": "B", "Elena": "Lena", "Isaac": "Ike", "Olivia": "Liv",
        "Valeria": "Val", "Gabriela": "Gabi", "Tyler": "Ty", "Dolores": "Lola"}
CITIES = [("Riverbend", "97301"), ("Riverbend", "97302"), ("Millbrook", "97305"),
          ("Cedar Falls", "97310"), ("Riverbend", "97304")]
STREETS = ["Oak St", "Mill Rd", "River Ave", "3rd St", "Cedar Ln", "Main St", "Pine Ct"]
PAYERS = [("Riverbend Health Plan (Medicaid)", "RHP"), ("Cascade Care (Medicaid)", "CCO"),
          ("SOR grant", ""), ("", "")]
# Billing settings as an organization would enter them: each payer above with its rate for
# individual (H0038) and group (H0038 HQ) peer support, so the demo's billing report bills.
DEMO_RATES = [("Riverbend Health Plan (Medicaid)", "medicaid", "22.50"),
              ("Cascade Care (Medicaid)", "medicaid", "21.75"), ("SOR grant", "grant", "18.00")]
DEMO_GROUP_RATE = "6.25"
DISCHARGE_REASONS = ["Goals met", "Moved out of the area", "Chose to end services",
                     "Unable to reach for 90 days", "Transferred to another program"]


@dataclass(frozen=True)
class DemoResult:
    path: Path
    recovery_key: str
    participants: int
    users: int


def _weighted(rng: random.Random, choices: dict[str, int]) -> str:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def build_demo(path: Path, participants: int = 200, seed: int = 1) -> DemoResult:
    rng = random.Random(seed)
    store, recovery = store_mod.create_database(
        path, ORGANIZATION, "admin", "Morgan Ellis", DEMO_PASSWORD, credential="CPRS",
        rules=DEMO_RULES, extra_roles=frozenset({Role.PROGRAM_MANAGER}))
    try:
        _fill(store, rng, participants, seed)
    except BaseException:
        store.lock()
        store_mod.remove_database_files(Path(path))  # a failed demo leaves nothing behind
        raise
    store.lock()
    return DemoResult(Path(path), recovery, participants,
                      len(STAFF) + 2 + participants // 500)


def _fill(store: store_mod.Store, rng: random.Random, participants: int, seed: int) -> None:
    worker_ids: list[int] = []
    with store.session() as s:
        for username, name, cred, roles in [*STAFF, FORMER_STAFF]:
            user = users.add_user(s, store.actor, store.vault, users.NewUser(
                username, name, frozenset(roles), DEMO_PASSWORD, cred))
            user.must_change_password = False
            if Role.PEER_WORKER in roles and username != FORMER_STAFF[0]:
                worker_ids.append(user.id)
        users.deactivate_user(s, store.actor, store.vault, FORMER_STAFF[0])
        # A large organization has more peer workers (about one per 500 participants
        # beyond the named ones), so caseloads stay plausible.
        for n in range(1, participants // 500 + 1):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            user = users.add_user(s, store.actor, store.vault, users.NewUser(
                f"worker{n:03d}", name, frozenset({Role.PEER_WORKER}), DEMO_PASSWORD,
                rng.choice(["CPRS", "CRPS", "CARC", "PRS"])))
            user.must_change_password = False
            worker_ids.append(user.id)
        for name, kind, amount in DEMO_RATES:
            payer = billing_settings.save_payer(s, store.actor, name, kind,
                                                requires_member_id=kind == "medicaid")
            billing_settings.add_rate(s, store.actor, payer.id, "H0038", "", amount,
                                      date(2020, 1, 1))
            billing_settings.add_rate(s, store.actor, payer.id, "H0038", "HQ",
                                      DEMO_GROUP_RATE, date(2020, 1, 1))
    today = clock.today()
    with store.session() as s:
        _participants(s, rng, participants, worker_ids, store.actor.id, today)
        s.flush()
        counts = build_caseload(s, rng, today)
        counts.update(build_recovery(s, rng, today))
        counts.update(build_resources(s, rng, today, store.actor))
        counts.update(build_billing_consents(s, rng, today, ORGANIZATION))
        audit.record(s, store.actor, "demo.generate", "database", store.database_id,
                     {"participants": participants, "seed": seed, **counts})


def _participants(s, rng: random.Random, n: int, worker_ids: list[int],  # type: ignore[no-untyped-def]
                  admin_id: int | None, today: date) -> None:
    now = clock.utc_now()
    genders = {"woman": 40, "man": 52, "transgender": 2, "non_binary": 3, "declined": 3}
    races = {"white": 55, "black": 18, "american_indian": 6, "asian": 3, "multiracial": 8,
             "pacific_islander": 1, "other": 5, "declined": 4}
    assert set(genders) <= set(GENDERS) and set(races) <= set(RACES)
    ethnicities = {"hispanic": 22, "not_hispanic": 74, "declined": 4}
    assert set(ethnicities) <= set(ETHNICITIES)
    for i in range(n):
        first = rng.choice(FIRST)
        last = rng.choice(LAST)
        born = today - timedelta(days=rng.randint(19 * 365, 68 * 365))
        enrolled = today - timedelta(days=rng.randint(0, 548))
        city, postal = rng.choice(CITIES)
        payer, prefix = rng.choice(PAYERS)
        member_id = f"{prefix}{rng.randint(10000000, 99999999)}" if prefix else ""
        roll = rng.random()
        status = "active" if roll < 0.72 else ("inactive" if roll < 0.82 else "discharged")
        p = Participant(
            first_name=first, last_name=last,
            preferred_name=NICK.get(first, "") if rng.random() < 0.5 else "",
            date_of_birth=born,
            phone=f"(541) 555-{rng.randint(100, 199):04d}" if rng.random() < 0.9 else "",
            email=f"{first.lower()}.{i}@example.org" if rng.random() < 0.4 else "",
            address=f"{rng.randint(10, 999)} {rng.choice(STREETS)}" if rng.random() < 0.7
            else "",
            city=city, postal_code=postal,
            preferred_language="es" if rng.random() < 0.12 else "en",
            gender=_weighted(rng, genders), race=_weighted(rng, races),
            ethnicity=_weighted(rng, ethnicities),
            veteran=_weighted(rng, {"yes": 8, "no": 85, "unknown": 7}),
            justice_involved=_weighted(rng, {"yes": 35, "no": 55, "unknown": 10}),
            payer=payer, member_id=member_id,
            assigned_worker_id=rng.choice(worker_ids), status=status, enrolled_on=enrolled,
            status_since=enrolled, archived=False, created_at=now, updated_at=now,
            created_by_id=admin_id)
        p.search_text = participant_search_text(p.first_name, p.last_name, p.preferred_name,
                                                p.phone, p.member_id, p.date_of_birth)
        s.add(p)
        s.flush()
        s.add(ParticipantStatusChange(participant_id=p.id, status="active", effective_on=enrolled,
                                      reason="Enrolled", changed_by_id=admin_id, changed_at=now))
        if status != "active":
            since = enrolled + timedelta(days=rng.randint(0, (today - enrolled).days))
            p.status_since = since
            reason = rng.choice(DISCHARGE_REASONS) if status == "discharged" else \
                "No contact for 60 days"
            if status == "discharged":
                p.discharged_on = since
            s.add(ParticipantStatusChange(participant_id=p.id, status=status,
                                          effective_on=since, reason=reason,
                                          changed_by_id=admin_id, changed_at=now))
