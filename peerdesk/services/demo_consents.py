"""Demo consents for billing: most participants with a payer signed a consent at intake that
lets the organization tell their payer about the services they receive (42 CFR Part 2),
renewed each year. A few never signed one, and a few let theirs lapse, so the demo's
billing report shows those notes left out, with the reason. Someone no longer in services
keeps the consent they last signed. Invented; deterministic."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.models import Participant
from peerdesk.db.resource_models import Consent
from peerdesk.domain.consents import PURPOSE_SUGGESTIONS, REVOKE_DEFAULT
from peerdesk.services import clock
from peerdesk.services.consents import one_year_after

INFORMATION = ("Name, date of birth, member id, and the dates, times and kind of peer "
               "recovery support services I receive")
PAYMENT_PURPOSE = PURPOSE_SUGGESTIONS[2]  # "For treatment, payment, and health care ..."


def build_billing_consents(s: Session, rng: random.Random, today: date,
                           organization: str) -> dict[str, int]:
    now = clock.utc_now()
    made = 0
    people = s.execute(select(Participant).where(Participant.payer != "")
                       .order_by(Participant.id)).scalars()
    for p in people:
        chance = rng.random()
        if chance < 0.04:
            continue  # never signed one: every billable note is left out
        signed = p.enrolled_on or today
        lapses = chance < 0.08  # signed, then not renewed
        while True:
            expires = one_year_after(signed)
            by_class = rng.random() < 0.3  # "my treating providers, health plans, ..."
            s.add(Consent(
                participant_id=p.id, discloser=organization, information=INFORMATION,
                recipients="" if by_class else p.payer,
                recipient_classes="treating_providers" if by_class else "",
                purpose=PAYMENT_PURPOSE, revocation_how=REVOKE_DEFAULT, expires_on=expires,
                expiry_event="", signer_name=f"{p.first_name} {p.last_name}",
                signer_relationship="", signed_on=signed, revocation_method="",
                recorded_by_id=p.assigned_worker_id, created_at=now, updated_at=now))
            made += 1
            # renewed each year while the participant is in services
            until = today if p.status == "active" else (p.status_since or today)
            if lapses or expires >= until:
                break
            signed = expires - timedelta(days=rng.randint(0, 14))  # renewed in time
    s.flush()
    return {"billing_consents": made}
