"""Test data for billing: the consent (42 CFR Part 2) that lets a participant's payer be
billed, signed before the period the tests bill."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from peerdesk.domain.consents import ConsentInput
from peerdesk.services import consents
from peerdesk.services.actor import Actor


def sign_billing_consent(session: Session, actor: Actor, participant_id: int,
                         signed: date = date(2025, 1, 2)) -> int:
    """A consent for "my treating providers, health plans, third-party payers" (any payer),
    signed on ``signed`` and in force for five years."""
    return consents.save_consent(session, actor, participant_id, ConsentInput(
        "The organization", "Name, member id and the services I receive",
        recipient_classes=["treating_providers"],
        purpose="For treatment, payment, and health care operations",
        revocation_how="In writing, at any time",
        expires_on=date(signed.year + 5, 1, 1),
        signer_name="The participant", signed_on=signed)).id
