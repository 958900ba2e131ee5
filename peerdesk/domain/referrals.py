"""Referrals: the closed loop from "made" to an outcome, and the rules for each change. Pure.

made → contacted → connected → completed is the loop; steps may be skipped forward (a
participant may go straight to being connected) but never backward. Declined, unable to
reach and closed end a referral from any open status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.resources import CATEGORIES
from peerdesk.i18n import _

STATUSES: dict[str, str] = {
    "made": _("Made"),
    "contacted": _("Contacted"),
    "connected": _("Connected"),
    "completed": _("Completed"),
    "declined": _("Declined"),
    "unable_to_reach": _("Unable to reach"),
    "closed": _("Closed"),
}
LOOP = ["made", "contacted", "connected", "completed"]
ENDED = ("completed", "declined", "unable_to_reach", "closed")
OPEN = tuple(s for s in STATUSES if s not in ENDED)
STATUS_HELP: dict[str, str] = {
    "made": _("The referral was made."),
    "contacted": _("The recipient was contacted (or contacted the participant)."),
    "connected": _("The participant and the recipient are in touch: an intake or first "
                   "appointment is set or has happened."),
    "completed": _("The participant got what they were referred for."),
    "declined": _("The participant, or the recipient, said no."),
    "unable_to_reach": _("Nobody could reach the participant or the recipient."),
    "closed": _("Ended for another reason (say why in the note)."),
}


def next_statuses(current: str) -> list[str]:
    """The statuses a referral may move to from ``current`` (none once it has ended)."""
    if current in ENDED or current not in STATUSES:
        return []
    later = LOOP[LOOP.index(current) + 1:]
    return [*later, "declined", "unable_to_reach", "closed"]


@dataclass
class ReferralInput:
    """Who is referred (a participant or a family member), to what (a directory service or
    a named recipient typed by hand), and how."""

    participant_id: int | None = None
    family_member_id: int | None = None
    service_id: int | None = None
    recipient_name: str = ""  # free text when there is no directory service
    recipient_kind: str = "other"  # a key of CATEGORIES
    barrier_id: int | None = None
    goal_id: int | None = None
    warm_handoff: bool = False
    shares_information: bool = False
    reason: str = ""
    referred_on: date | None = None
    follow_up_on: date | None = None

    @property
    def needs_consent(self) -> bool:
        """A warm hand-off introduces the participant to the recipient: it shares
        information as much as sending a form does."""
        return self.shares_information or self.warm_handoff


def validate_referral(data: ReferralInput, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if (data.participant_id is None) == (data.family_member_id is None):
        problems.append(FieldProblem(
            "participant_id", _("A referral is for one participant or one family member.")))
    if data.service_id is None and len(data.recipient_name.strip()) < 2:
        problems.append(FieldProblem(
            "recipient", _("Please choose a service from the directory, or type who the "
                           "referral is to.")))
    if len(data.recipient_name) > 300:
        problems.append(FieldProblem("recipient", _("A recipient's name is limited to 300 "
                                                    "characters.")))
    if data.recipient_kind not in CATEGORIES:
        problems.append(FieldProblem("recipient_kind", _("Please choose what kind of help "
                                                         "this is.")))
    referred = data.referred_on or today
    if referred > today:
        problems.append(FieldProblem("referred_on", _("The referral date cannot be in the "
                                                      "future.")))
    if data.follow_up_on is not None and data.follow_up_on < referred:
        problems.append(FieldProblem("follow_up_on", _("The follow-up date cannot be before "
                                                       "the referral was made.")))
    if len(data.reason) > 4000:
        problems.append(FieldProblem("reason", _("The note is limited to 4,000 characters.")))
    return problems


def validate_change(current: str, status: str, on: date, since: date, today: date,
                    follow_up_on: date | None, note: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if status not in next_statuses(current):
        if current in ENDED:
            text = _("This referral has ended ({status}). Make a new referral instead.").format(
                status=STATUSES[current])
        else:
            text = _("A referral cannot go from {a} to {b}.").format(
                a=STATUSES.get(current, current), b=STATUSES.get(status, status))
        problems.append(FieldProblem("status", text))
    if on > today:
        problems.append(FieldProblem("changed_on", _("The date cannot be in the future.")))
    if on < since:
        problems.append(FieldProblem("changed_on", _(
            "The date cannot be before the current status began ({d}).").format(
                d=since.isoformat())))
    if follow_up_on is not None and status in ENDED:
        problems.append(FieldProblem("follow_up_on", _(
            "An ended referral has no follow-up date.")))
    if follow_up_on is not None and follow_up_on < on:
        problems.append(FieldProblem("follow_up_on", _(
            "The follow-up date cannot be before the change.")))
    if status == "closed" and not note.strip():
        problems.append(FieldProblem("note", _("Please say why the referral was closed.")))
    return problems
