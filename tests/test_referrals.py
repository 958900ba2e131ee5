"""Referrals: refused without a consent in force that covers the recipient, allowed with
one, refused again after revocation or expiry; the loop with dated history; follow-ups
due; who may do what; the directory's hand edits, notes, favourites and search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from peerdesk.domain.consents import ConsentInput
from peerdesk.domain.families import FamilyMemberInput
from peerdesk.domain.goals import BarrierInput, GoalInput
from peerdesk.domain.referrals import ReferralInput
from peerdesk.domain.resources import ServiceInput
from peerdesk.services import consents, directory, families, goals, referrals
from peerdesk.services.consents import ConsentRequired
from peerdesk.services.errors import PermissionDenied, ValidationFailed

TODAY = date.today()
DAY = timedelta(days=1)


@pytest.fixture
def services(team) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Two directory services added by hand: a shelter (housing) and a MOUD clinic."""
    admin = team.admin
    with admin.session() as s:
        shelter = directory.save_service(s, admin.actor, ServiceInput(
            "Emergency beds", "Harbor House", "Overnight shelter, 40 beds",
            ["pd:housing"], "12 Dock St", "Riverbend", "OR", "97301", "541 555 0101",
            notes="Ask for Maria at intake"))
        clinic = directory.save_service(s, admin.actor, ServiceInput(
            "Buprenorphine walk-in", "Bridge Clinic", "Same-day MOUD starts", ["pd:moud"],
            "400 Main St", "Millbrook", "OR", "97305"))
        return {"shelter": shelter.id, "clinic": clinic.id}


def shelter_referral(team, services, **extra: object) -> ReferralInput:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"participant_id": team.pat_participant,
                                 "service_id": services["shelter"], "shares_information": True,
                                 "reason": "Needs a bed tonight", "follow_up_on": TODAY + DAY}
    return ReferralInput(**{**values, **extra})  # type: ignore[arg-type]


def signed_consent(recipient: str = "Harbor House", signed: date = TODAY,
                   expires: date | None = None, classes: list[str] | None = None
                   ) -> ConsentInput:
    return ConsentInput(
        "Harbor Light Recovery Community", "Name, phone, and my housing needs",
        [recipient] if recipient else [], classes or [], "To connect me with housing",
        "Tell my peer worker", expires or signed + 180 * DAY, signer_name="Marisol Núñez",
        signed_on=signed)


def test_sharing_is_refused_without_consent_allowed_with_it_refused_after_it_ends(
        team, services) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    pid = team.pat_participant
    with pytest.raises(ConsentRequired) as refused, pat.session() as s:
        referrals.make_referral(s, pat.actor, shelter_referral(team, services))
    message = str(refused.value)
    assert message.startswith("Sharing information with Harbor House needs Marisol's written "
                              "consent, and no consent in force names them.")
    assert refused.value.recipient == "Harbor House"  # a consent names the organization
    assert refused.value.recipient_kind == "housing"
    with pat.session() as s:  # nothing was saved
        assert referrals.referrals_for(s, pat.actor, pid) == []
        consent = consents.save_consent(s, pat.actor, pid, signed_consent())
        referral = referrals.make_referral(s, pat.actor, shelter_referral(team, services))
        assert referral.consent_id == consent.id and referral.shares_information
        consents.revoke_consent(s, pat.actor, consent.id, TODAY, "orally")
        assert "no longer in force" in referrals.consent_warning(s, pat.actor, referral.id)
    with pytest.raises(ConsentRequired, match="was revoked on"), pat.session() as s:
        referrals.make_referral(s, pat.actor, shelter_referral(team, services))
    with pat.session() as s:
        consents.save_consent(s, pat.actor, pid, signed_consent(
            signed=TODAY - 400 * DAY, expires=TODAY - 35 * DAY))
    with pytest.raises(ConsentRequired, match="has expired"), pat.session() as s:
        referrals.make_referral(s, pat.actor, shelter_referral(team, services))
    with pat.session() as s:  # not sharing: the participant gets the number themselves
        referrals.make_referral(s, pat.actor, shelter_referral(
            team, services, shares_information=False))
    with pytest.raises(ConsentRequired), pat.session() as s:  # a warm hand-off shares
        referrals.make_referral(s, pat.actor, shelter_referral(
            team, services, shares_information=False, warm_handoff=True))


def test_a_class_consent_covers_its_kinds_and_a_name_covers_free_text(team, services) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    pid = team.pat_participant
    with pat.session() as s:
        consents.save_consent(s, pat.actor, pid, signed_consent(
            "", classes=["treating_providers"]))
        referrals.make_referral(s, pat.actor, ReferralInput(
            participant_id=pid, service_id=services["clinic"], shares_information=True))
        with pytest.raises(ConsentRequired):
            referrals.check_consent(s, pat.actor, shelter_referral(team, services))
        # A bare service name could be anybody's "Emergency beds": it names no recipient.
        consents.save_consent(s, pat.actor, pid, signed_consent("Emergency beds"))
        with pytest.raises(ConsentRequired):
            referrals.check_consent(s, pat.actor, shelter_referral(team, services))
        consents.save_consent(s, pat.actor, pid, signed_consent(
            "Emergency beds — Harbor House"))
        assert referrals.check_consent(s, pat.actor, shelter_referral(team, services))
        free = ReferralInput(participant_id=pid, recipient_name="Legal Aid of the Valley",
                             recipient_kind="legal", shares_information=True)
        with pytest.raises(ConsentRequired):
            referrals.check_consent(s, pat.actor, free)
        consents.save_consent(s, pat.actor, pid, signed_consent("legal aid of the valley"))
        made = referrals.make_referral(s, pat.actor, free)
        assert made.recipient == "Legal Aid of the Valley" and made.service_id is None


def test_the_loop_with_dated_history_and_its_rules(team, services) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    with pat.session() as s:
        rid = referrals.make_referral(s, pat.actor, shelter_referral(
            team, services, shares_information=False, referred_on=TODAY - 6 * DAY)).id
        referrals.change_status(s, pat.actor, rid, "contacted", TODAY - 5 * DAY,
                                "Called intake with Marisol", TODAY - 2 * DAY)
        with pytest.raises(ValidationFailed, match="cannot go from Contacted to Made"):
            referrals.change_status(s, pat.actor, rid, "made")
        with pytest.raises(ValidationFailed, match="before the current status began"):
            referrals.change_status(s, pat.actor, rid, "connected", TODAY - 6 * DAY)
        with pytest.raises(ValidationFailed, match="future"):
            referrals.change_status(s, pat.actor, rid, "connected", TODAY + DAY)
        with pytest.raises(ValidationFailed, match="why the referral was closed"):
            referrals.change_status(s, pat.actor, rid, "closed")
        referrals.change_status(s, pat.actor, rid, "connected", TODAY - DAY, "Has a bed",
                                TODAY + 7 * DAY)
        referrals.change_status(s, pat.actor, rid, "completed", TODAY, "Moved in")
        view = referrals.get_referral(s, pat.actor, rid)
        assert view.status == "completed" and view.follow_up_on is None
        assert [(h.status, h.changed_on, h.by) for h in view.history] == [
            ("made", TODAY - 6 * DAY, "Pat Rivera"),
            ("contacted", TODAY - 5 * DAY, "Pat Rivera"),
            ("connected", TODAY - DAY, "Pat Rivera"),
            ("completed", TODAY, "Pat Rivera")]
        assert view.history[1].note == "Called intake with Marisol"
        assert not view.editable and view.next_statuses == ()
        with pytest.raises(ValidationFailed, match="has ended"):
            referrals.change_status(s, pat.actor, rid, "closed", note="again")
    with pytest.raises(DBAPIError, match="history cannot be changed"), pat.session() as s:
        s.connection().exec_driver_sql(
            "UPDATE referral_status_changes SET status = 'made' WHERE referral_id = ?", (rid,))
    with pytest.raises(DBAPIError, match="never deleted"), pat.session() as s:
        s.connection().exec_driver_sql("DELETE FROM referrals WHERE id = ?", (rid,))


def test_follow_ups_due_for_the_caseload_and_for_supervisors(team, services) -> None:  # type: ignore[no-untyped-def]
    pat, wes = team.login("pat"), team.login("wes")
    with pat.session() as s:
        def made(follow: date | None, to: str) -> int:
            return referrals.make_referral(s, pat.actor, ReferralInput(
                participant_id=team.pat_participant, recipient_name=to,
                follow_up_on=follow, referred_on=TODAY - 10 * DAY)).id
        overdue = made(TODAY - 3 * DAY, "Food pantry")
        due = made(TODAY, "DMV ID office")
        made(TODAY + DAY, "Job fair")
        made(None, "Al-Anon")
        ended = made(TODAY - DAY, "Closed program")
        referrals.change_status(s, pat.actor, ended, "declined")
        rows = referrals.follow_ups_due(s, pat.actor)
        assert [(r.referral_id, r.days_overdue) for r in rows] == [(overdue, 3), (due, 0)]
        assert rows[0].person == "Núñez, Marisol" and rows[0].worker == "Pat Rivera"
    with wes.session() as s:
        assert referrals.follow_ups_due(s, wes.actor) == []
        with pytest.raises(PermissionDenied):
            referrals.make_referral(s, wes.actor, ReferralInput(
                participant_id=team.pat_participant, recipient_name="Food pantry"))
    sue = team.login("sue")
    with sue.session() as s:
        assert len(referrals.follow_ups_due(s, sue.actor)) == 2
        assert referrals.follow_ups_due(s, sue.actor, everyone=False) == []
    pm = team.login("pm")
    with pm.session() as s:
        assert referrals.follow_ups_due(s, pm.actor) == []
        views = referrals.referrals_for(s, pm.actor, team.pat_participant)
        assert len(views) == 5 and all(v.reason is None for v in views)
        assert all(h.note is None for v in views for h in v.history)
        assert not any(v.editable for v in views)
        with pytest.raises(PermissionDenied):
            referrals.make_referral(s, pm.actor, ReferralInput(
                participant_id=team.pat_participant, recipient_name="Food pantry"))


def test_links_to_barriers_and_goals_stay_with_the_participant(team, services) -> None:  # type: ignore[no-untyped-def]
    pat, wes = team.login("pat"), team.login("wes")
    with wes.session() as s:
        other = goals.save_barrier(s, wes.actor, team.wes_participant,
                                   BarrierInput("housing")).id
    with pat.session() as s:
        goal = goals.create_goal(s, pat.actor, team.pat_participant, GoalInput(
            "My own place by spring", "home"))
        barrier = goals.save_barrier(s, pat.actor, team.pat_participant,
                                     BarrierInput("housing", "On a waiting list", [goal.id]))
        with pytest.raises(ValidationFailed, match="belongs to someone else"):
            referrals.make_referral(s, pat.actor, shelter_referral(
                team, services, shares_information=False, barrier_id=other))
        rid = referrals.make_referral(s, pat.actor, shelter_referral(
            team, services, shares_information=False, barrier_id=barrier.id,
            goal_id=goal.id)).id
        view = referrals.get_referral(s, pat.actor, rid)
        assert (view.barrier, view.goal) == ("Housing", "My own place by spring")
        assert view.reason == "Needs a bed tonight" and view.editable


def test_a_family_member_is_referred_without_a_participant_consent(team) -> None:  # type: ignore[no-untyped-def]
    fay = team.login("fay")
    with fay.session() as s:
        member = families.save_member(s, fay.actor, FamilyMemberInput(
            "Gloria", "Vance", "parent", loved_one_description="her son, 24"))
        rid = referrals.make_referral(s, fay.actor, ReferralInput(
            family_member_id=member.id, recipient_name="Al-Anon Tuesday group",
            recipient_kind="mutual_aid", warm_handoff=True, follow_up_on=TODAY)).id
        assert [r.referral_id for r in referrals.follow_ups_due(s, fay.actor)] == [rid]
        assert referrals.referrals_for_member(s, fay.actor, member.id)[0].recipient \
            == "Al-Anon Tuesday group"
    with pytest.raises(ValidationFailed, match="one participant or one family member"), \
            fay.session() as s:
        referrals.make_referral(s, fay.actor, ReferralInput(recipient_name="Nobody"))


def test_directory_hand_edits_notes_favourites_and_search(team, services) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    with pat.session() as s:
        assert [r.name for r in directory.search_services(s, pat.actor, "maria")] \
            == ["Emergency beds"]  # the note is searchable
        assert [r.name for r in directory.search_services(s, pat.actor, place="Millbrook")] \
            == ["Buprenorphine walk-in"]
        assert [r.name for r in directory.search_services(s, pat.actor, place="973")] \
            == ["Buprenorphine walk-in", "Emergency beds"]
        assert [r.name for r in directory.search_services(s, pat.actor, category="pd:moud")] \
            == ["Buprenorphine walk-in"]
        directory.set_favourite(s, pat.actor, services["shelter"], True)
        rows = directory.search_services(s, pat.actor)
        assert rows[0].name == "Emergency beds" and rows[0].favourite
        assert rows[0].phone == "(541) 555-0101" and rows[0].city == "Riverbend"
        directory.set_active(s, pat.actor, services["clinic"], False)
        assert [r.name for r in directory.search_services(s, pat.actor)] == ["Emergency beds"]
        assert len(directory.search_services(s, pat.actor, include_inactive=True)) == 2
        detail = directory.service_detail(s, pat.actor, services["shelter"])
        assert detail.categories == ("Housing and shelter",) and detail.recipient_kind \
            == "housing"
        assert detail.places[0].address == "12 Dock St, Riverbend, OR 97301"
        edited = directory.service_input(s, pat.actor, services["shelter"])
        edited.categories = ["pd:housing", "pd:food"]
        edited.postal_code = "97302"
        directory.save_service(s, pat.actor, edited, services["shelter"])
        assert directory.search_services(s, pat.actor, place="97302")[0].categories \
            == "Food, Housing and shelter"
        with pytest.raises(ValidationFailed) as err:
            directory.save_service(s, pat.actor, ServiceInput("", "", email="nope"))
        assert {p.field for p in err.value.problems} == {"name", "organization_name", "email"}
    pm = team.login("pm")
    with pm.session() as s, pytest.raises(PermissionDenied):
        directory.set_notes(s, pm.actor, services["shelter"], "x")


def test_demo_has_a_directory_referrals_at_every_status_and_consents_in_each_state(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from sqlalchemy import select

    from peerdesk.db.resource_models import Consent, Referral, ReferralStatusChange
    from peerdesk.domain.consents import consent_state
    from peerdesk.domain.referrals import STATUSES
    from peerdesk.services import store
    from peerdesk.services.consents import facts
    from peerdesk.services.demo import build_demo

    def summary(path):  # type: ignore[no-untyped-def]
        build_demo(path, participants=120, seed=3)
        st = store.unlock(path, "admin", "demo")
        try:
            with st.session() as s:
                rows = list(s.execute(select(Referral).order_by(Referral.id)).scalars())
                states = Counter(consent_state(facts(c), TODAY)
                                 for c in s.execute(select(Consent)).scalars())
                history = s.execute(select(ReferralStatusChange.referral_id)).scalars().all()
                services = directory.search_services(s, st.actor, include_inactive=True)
                due = referrals.follow_ups_due(s, st.actor)
                return ([(r.participant_id, r.recipient_name, r.status, r.follow_up_on)
                         for r in rows], states, len(history), services, due)
        finally:
            st.lock()

    rows, states, history, services, due = summary(tmp_path / "a.db")
    assert {status for _p, _r, status, _f in rows} == set(STATUSES)
    assert history > len(rows)  # every referral has at least its "made" step
    assert {"in_force", "expired", "revoked"} <= set(states)
    assert 35 <= len(services) <= 45
    assert any(s.favourite for s in services) and any(s.has_notes for s in services)
    assert any(not s.active for s in services)
    assert any(r.days_overdue > 0 for r in due)
    assert summary(tmp_path / "b.db")[0] == rows  # the same seed, the same referrals
