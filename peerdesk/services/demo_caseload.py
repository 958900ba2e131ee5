"""Demo caseload: 18 months of service notes, weekly groups, addenda, returned notes, drafts
and families. Invented people and words only; deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import (
    Addendum,
    Encounter,
    FamilyContact,
    FamilyMember,
    GroupSession,
)
from peerdesk.db.models import Participant, User
from peerdesk.services import clock

PLACES = ["the library", "a coffee shop", "the recovery center", "their apartment",
          "the county clinic", "the bus station", "the food pantry", "the park"]
TOPICS = ["the housing application", "getting a state ID", "a ride to the MOUD clinic",
          "a job interview on Friday", "reconnecting with family", "court paperwork",
          "signing up for Medicaid", "weekend plans and supports", "a mutual-aid meeting",
          "budgeting for rent", "childcare options", "stress at work"]
STEPS = ["calling the housing office", "bringing a birth certificate", "trying a SMART meeting",
         "asking a sponsor for support", "setting a daily check-in", "visiting the food bank"]
GROUP_TOPICS = ["All Recovery meeting", "Coping skills", "Wellness walk", "Family and boundaries",
                "Recovery capital check-in", "Art and recovery"]
FAMILY_FIRST = ["Gloria", "Ray", "Denise", "Marcus", "Lupe", "Hank", "Irene", "Tomás", "June"]
RETURN_COMMENTS = ["Please add the plan for the next contact.",
                   "Which goal did this address? Add it in an addendum.",
                   "Note the naloxone kit given, if any."]


def _narrative(rng: random.Random, first: str) -> str:
    return (f"Met with {first} at {rng.choice(PLACES)}. We talked about {rng.choice(TOPICS)}. "
            f"{first} named {rng.choice(STEPS)} as the next step. "
            f"Plan: check in again in about a week.")


def _slot(rng: random.Random) -> tuple[time, time]:
    start = time(rng.randint(8, 17), rng.randrange(0, 60, 5))
    length = rng.choice([15, 20, 30, 30, 45, 45, 60, 75, 90])
    total = start.hour * 60 + start.minute + length
    return start, time(total // 60, total % 60)


def build_caseload(s: Session, rng: random.Random, today: date) -> dict[str, int]:
    now = clock.utc_now()
    people = list(s.execute(select(Participant).order_by(Participant.id)).scalars())
    staff = {u.username: u for u in s.execute(select(User)).scalars()}
    supervisor = staff["supervisor"]
    counts = {"encounters": 0, "groups": 0, "addenda": 0, "family_members": 0,
              "family_contacts": 0}
    busy: set[tuple[int, date, time]] = set()

    def add_note(p: Participant, worker: User, day: date, start: time, end: time,
                 group: GroupSession | None = None) -> Encounter:
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        age = (today - day).days
        signed = age > 2 or rng.random() < 0.5
        e = Encounter(
            participant_id=p.id, worker_id=worker.id, service_date=day, start_time=start,
            end_time=end, minutes=minutes,
            setting="recovery_center" if group else rng.choice(
                ["community", "community", "phone", "recovery_center", "home", "hospital",
                 "treatment", "video", "jail"]),
            service_type="group_support" if group else rng.choice(
                ["recovery_coaching", "recovery_coaching", "resource_navigation",
                 "crisis_support", "outreach", "advocacy"]),
            service_code="H0038", modifier="HQ" if group else "", is_group=group is not None,
            group_session_id=group.id if group else None,
            narrative=(f"{group.topic}: {p.first_name} took part and shared about "
                       f"{rng.choice(TOPICS)}." if group else _narrative(rng, p.first_name)),
            naloxone_kits=1 if rng.random() < 0.12 else 0,
            test_strips=rng.choice([0, 0, 0, 5, 10]), created_at=now, updated_at=now,
            review_status="")
        if signed:
            e.signed_at = datetime.combine(day, end)
            e.signed_by_name, e.signed_by_credential = worker.full_name, worker.credential
            roll = rng.random()
            if age > 14 or roll < 0.5:
                e.review_status = "cosigned"
                e.reviewed_by_id, e.reviewed_by_name = supervisor.id, supervisor.full_name
                e.reviewed_at = e.signed_at + timedelta(days=rng.randint(1, 5))
            elif roll < 0.6:
                e.review_status = "returned"
                e.review_comment = rng.choice(RETURN_COMMENTS)
                e.reviewed_by_id, e.reviewed_by_name = supervisor.id, supervisor.full_name
                e.reviewed_at = e.signed_at + timedelta(days=1)
            else:
                e.review_status = "pending"
        s.add(e)
        counts["encounters"] += 1
        return e

    for p in people:
        worker = s.get(User, p.assigned_worker_id) if p.assigned_worker_id else None
        if worker is None:
            continue
        end_day = p.discharged_on or (p.status_since if p.status == "inactive" else today)
        day = p.enrolled_on
        latest = None
        while day <= end_day:
            start, stop = _slot(rng)
            if (worker.id, day, start) not in busy:
                busy.add((worker.id, day, start))
                add_note(p, worker, day, start, stop)
                latest = day
            day += timedelta(days=rng.randint(5, 24))
        p.last_contact_on = latest
    s.flush()

    # Weekly group at the recovery center, run by casey.
    casey = staff["casey"]
    active = [p for p in people if p.status == "active"]
    thursday = today - timedelta(days=(today.weekday() - 3) % 7 or 7)
    for week in range(78):
        day = thursday - timedelta(weeks=week)
        pool = [p for p in active if p.enrolled_on <= day]
        if len(pool) < 3:
            continue
        group = GroupSession(worker_id=casey.id, service_date=day, start_time=time(18, 0),
                             end_time=time(19, 30), topic=rng.choice(GROUP_TOPICS),
                             created_at=now)
        s.add(group)
        s.flush()
        counts["groups"] += 1
        for p in rng.sample(pool, min(len(pool), rng.randint(3, 8))):
            add_note(p, casey, day, time(18, 0), time(19, 30), group)
            if p.last_contact_on is None or p.last_contact_on < day:
                p.last_contact_on = day
    s.flush()

    # Addenda: answers to returned notes (most), and a few corrections.
    for e in s.execute(select(Encounter).where(Encounter.signed_at.is_not(None))).scalars():
        answer = e.review_status == "returned" and rng.random() < 0.5
        if answer or rng.random() < 0.02:
            author = s.get(User, e.worker_id)
            assert author is not None
            s.add(Addendum(encounter_id=e.id, author_id=author.id, author_name=author.full_name,
                           author_credential=author.credential,
                           written_at=e.signed_at + timedelta(days=2),
                           text="Next contact planned for Tuesday; goal: stable housing."
                           if answer else "Correction: the meeting was at the east branch."))
            if answer:
                e.review_status = "pending"
            counts["addenda"] += 1

    # Families, kept by leah; some linked to a participant, some on their own.
    leah = staff["leah"]
    for i in range(max(4, len(people) // 5)):
        linked = people[rng.randrange(len(people))] if people and rng.random() < 0.6 else None
        member = FamilyMember(
            participant_id=linked.id if linked else None, first_name=rng.choice(FAMILY_FIRST),
            last_name=linked.last_name if linked else rng.choice(["Vance", "Ortiz", "Kim"]),
            relationship_to_participant=rng.choice(["parent", "spouse_partner", "sibling",
                                                    "child", "grandparent", "friend"]),
            loved_one_description="" if linked else "Loved one not enrolled",
            phone=f"(541) 555-{200 + i:04d}", email="", preferred_language="en",
            consent_to_contact=True, consent_to_contact_on=today - timedelta(days=200),
            assigned_worker_id=leah.id, archived=False, created_at=now, updated_at=now)
        s.add(member)
        s.flush()
        counts["family_members"] += 1
        for _ in range(rng.randint(2, 6)):
            day = today - timedelta(days=rng.randint(1, 180))
            contact = FamilyContact(
                family_member_id=member.id, worker_id=leah.id, contact_date=day,
                minutes=rng.choice([20, 30, 45, 60]), mode=rng.choice(
                    ["in_person", "phone", "video", "text"]),
                topics=",".join(rng.sample(["education", "support", "navigation", "craft",
                                            "naloxone", "self_care"], 2)),
                narrative=f"Talked with {member.first_name} about boundaries and self-care; "
                          "shared the family support group schedule.",
                created_at=now, updated_at=now)
            if (today - day).days > 3:
                contact.signed_at = datetime.combine(day, time(17, 0))
                contact.signed_by_name, contact.signed_by_credential = (leah.full_name,
                                                                       leah.credential)
            s.add(contact)
            counts["family_contacts"] += 1
            if member.last_contact_on is None or member.last_contact_on < day:
                member.last_contact_on = day
    s.flush()
    return counts
