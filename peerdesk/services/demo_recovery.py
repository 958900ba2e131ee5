"""Demo recovery plans: BARC-10 over time with plausible change, goals at every status with
steps, barriers linked to goals. Invented words only; deterministic for a seed."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.models import Participant, User
from peerdesk.db.recovery_models import (
    Assessment,
    Barrier,
    BarrierGoal,
    BarrierStatusChange,
    GoalStatusChange,
    GoalStep,
    WellnessGoal,
)
from peerdesk.domain.instruments import score
from peerdesk.services import clock, instrument_catalog

GOALS = {
    "home": [("I want my own apartment by spring", ["Get my ID", "Apply for the voucher",
                                                      "Save for the deposit"]),
             ("Keep my room clean and safe", ["Buy a lock for my door"])],
    "health": [("Walk every morning", ["Find a walking buddy", "Get good shoes"]),
               ("Stay on my medication for OUD", ["Set a phone reminder",
                                                  "Book the next clinic visit"]),
               ("Sleep better", ["No screens after 10", "Talk to my doctor"])],
    "purpose": [("Get my GED", ["Sign up for the class", "Take the practice test"]),
                ("Find a job I like", ["Update my résumé", "Go to the job fair"])],
    "community": [("Go to a mutual-aid meeting each week", ["Try a SMART meeting",
                                                            "Try an NA meeting"]),
                  ("Reconnect with my sister", ["Write her a letter"])],
}
WHY = ["My kids are my reason", "I want to feel proud of myself", "So I can stay well",
       "My family believes in me", ""]
BARRIERS = [("housing", "On a waiting list for housing"), ("transportation", "No bus pass"),
            ("id_documents", "Needs a birth certificate from another state"),
            ("legal", "Court date next month"), ("childcare", "No childcare on clinic days"),
            ("insurance", "Medicaid renewal pending"), ("employment", "Lost job in March"),
            ("income", "Waiting on benefits"), ("food", "Pantry hours clash with work")]


def build_recovery(s: Session, rng: random.Random, today: date) -> dict[str, int]:
    now = clock.utc_now()
    barc = instrument_catalog.builtins()["barc10"]
    counts = {"assessments": 0, "goals": 0, "barriers": 0}
    people = list(s.execute(select(Participant).order_by(Participant.id)).scalars())
    workers = {u.id: u for u in s.execute(select(User)).scalars()}
    for p in people:
        worker = workers.get(p.assigned_worker_id or -1)
        if worker is None or rng.random() < 0.15:
            continue
        # BARC-10 at intake, then every 60-120 days, drifting upward on average.
        level = rng.uniform(2.0, 4.2)
        day = p.enrolled_on + timedelta(days=rng.randint(0, 10))
        end = p.discharged_on or today
        while day <= min(end, today):
            answers = [max(1, min(6, round(level + rng.uniform(-1.2, 1.2)))) for _ in range(10)]
            result = score(barc, answers)
            signed = (today - day).days > 1 or rng.random() < 0.5
            s.add(Assessment(
                participant_id=p.id, instrument_id="barc10", instrument_version=barc.version,
                administered_on=day, worker_id=worker.id, answers=json.dumps(answers),
                answered=10, total=result.total, subscales="{}",
                band=result.bands.get("total", ""), prorated=False, notes="", created_at=now,
                updated_at=now, signed_at=datetime.combine(day, datetime.min.time())
                + timedelta(hours=15) if signed else None,
                signed_by_name=worker.full_name if signed else "",
                signed_by_credential=worker.credential if signed else ""))
            counts["assessments"] += 1
            level = min(5.8, max(1.2, level + rng.uniform(-0.35, 0.7)))
            day += timedelta(days=rng.randint(60, 120))
        goal_ids = []
        for area in rng.sample(sorted(GOALS), rng.randint(1, 3)):
            statement, steps = rng.choice(GOALS[area])
            set_on = p.enrolled_on + timedelta(days=rng.randint(0, 30))
            set_on = min(set_on, today)
            status = rng.choices(["active", "achieved", "set_aside"], [6, 3, 1])[0]
            goal = WellnessGoal(
                participant_id=p.id, statement=statement, life_area=area,
                why_it_matters=rng.choice(WHY),
                target_date=set_on + timedelta(days=rng.choice([60, 90, 180])),
                status=status, status_since=set_on, created_at=now, updated_at=now,
                created_by_id=worker.id)
            s.add(goal)
            s.flush()
            goal_ids.append(goal.id)
            counts["goals"] += 1
            s.add(GoalStatusChange(goal_id=goal.id, status="active", changed_on=set_on,
                                   note="Goal set", changed_by_id=worker.id, changed_at=now))
            if status != "active":
                changed = min(today, set_on + timedelta(days=rng.randint(20, 200)))
                goal.status_since = changed
                s.add(GoalStatusChange(goal_id=goal.id, status=status, changed_on=changed,
                                       changed_by_id=worker.id, changed_at=now))
            for position, text in enumerate(steps):
                done = status == "achieved" or rng.random() < 0.4
                s.add(GoalStep(goal_id=goal.id, text=text, position=position, done=done,
                               done_on=min(today, set_on + timedelta(days=rng.randint(5, 60)))
                               if done else None, created_at=now))
        for category, description in rng.sample(BARRIERS, rng.randint(0, 2)):
            found_on = min(today, p.enrolled_on + timedelta(days=rng.randint(0, 20)))
            status = rng.choices(["identified", "working", "resolved", "no_longer"],
                                 [3, 4, 3, 1])[0]
            barrier = Barrier(participant_id=p.id, category=category, description=description,
                              status=status, status_since=found_on, created_at=now,
                              updated_at=now, created_by_id=worker.id)
            s.add(barrier)
            s.flush()
            counts["barriers"] += 1
            s.add(BarrierStatusChange(barrier_id=barrier.id, status="identified",
                                      changed_on=found_on, changed_by_id=worker.id,
                                      changed_at=now))
            if status != "identified":
                changed = min(today, found_on + timedelta(days=rng.randint(7, 120)))
                barrier.status_since = changed
                s.add(BarrierStatusChange(barrier_id=barrier.id, status=status,
                                          changed_on=changed, changed_by_id=worker.id,
                                          changed_at=now))
            if goal_ids:
                s.add(BarrierGoal(barrier_id=barrier.id, goal_id=rng.choice(goal_ids)))
    s.flush()
    return counts
