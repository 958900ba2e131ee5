"""The demo organization has every kind of record a newcomer should see."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from peerdesk.db.caseload_models import Addendum, Encounter, FamilyContact, FamilyMember
from peerdesk.db.recovery_models import Assessment, Barrier, BarrierGoal, WellnessGoal
from peerdesk.services import store
from peerdesk.services.demo import build_demo


def test_demo_covers_caseload_and_recovery_records(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    build_demo(db, participants=80, seed=5)
    st = store.unlock(db, "admin", "demo")
    try:
        with st.session() as s:
            def count(model, *where) -> int:  # type: ignore[no-untyped-def]
                return s.execute(select(func.count()).select_from(model).where(*where)
                                 ).scalar_one()

            assert count(Encounter, Encounter.is_group.is_(True)) > 0
            assert count(Encounter, Encounter.review_status == "returned") > 0
            assert count(Encounter, Encounter.signed_at.is_(None)) > 0  # drafts
            assert count(Addendum) > 0
            assert count(FamilyMember, FamilyMember.participant_id.is_(None)) > 0
            assert count(FamilyContact) > 0
            statuses = set(s.execute(select(WellnessGoal.status)).scalars())
            assert statuses == {"active", "achieved", "set_aside"}
            assert count(BarrierGoal) > 0 and count(Barrier) > 0
            # Repeated BARC-10s; on average the latest is higher than the first.
            firsts, lasts = [], []
            for pid in s.execute(select(Assessment.participant_id).group_by(
                    Assessment.participant_id).having(func.count() >= 2)).scalars():
                totals = list(s.execute(select(Assessment.total).where(
                    Assessment.participant_id == pid).order_by(Assessment.administered_on))
                    .scalars())
                assert all(10 <= t <= 60 for t in totals)
                firsts.append(totals[0])
                lasts.append(totals[-1])
            assert len(firsts) >= 10
            assert sum(lasts) / len(lasts) > sum(firsts) / len(firsts)
    finally:
        st.lock()
