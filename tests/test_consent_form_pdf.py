"""The consent form PDF, read back: every § 2.31 element, the participant's name, signature
lines, the § 2.32 redisclosure notice in the regulation's words, page X of Y."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.consents import ConsentInput
from peerdesk.reports import part2_notice
from peerdesk.reports.consent_form import render_consent_form
from peerdesk.services import consents

TODAY = date.today()


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def test_the_consent_form_has_every_element_the_name_and_the_notice(team,
                                                                     tmp_path: Path) -> None:
    pat = team.login("pat")
    data = ConsentInput(
        discloser="Harbor Light Recovery Community (test)",
        information="Name, date of birth, phone, and that I take part in peer recovery support",
        recipients=["Harbor House", "Bridge Clinic"], recipient_classes=["treating_providers"],
        purpose="To connect me with housing and MOUD and follow up on the referrals",
        revocation_how="Tell my peer worker, or write to the program office",
        expires_on=TODAY + timedelta(days=180),
        expiry_event="When my housing case is closed", signer_name="Marisol Núñez")
    with pat.session() as s:
        form = consents.form_data(s, pat.actor, team.pat_participant, data)
    out = tmp_path / "consent.pdf"
    render_consent_form(form, out)
    assert out.stat().st_mode & 0o777 == 0o600
    text = _text(out)
    for element in ["1. Participant (whose information may be shared)", "Marisol Núñez",
                    "2. Who may disclose the information",
                    "Harbor Light Recovery Community (test)",
                    "3. What information may be disclosed", "Name, date of birth, phone",
                    "4. Who may receive the information (recipients)", "Harbor House",
                    "Bridge Clinic", "My treating providers, health plans, third-party payers",
                    "5. Purpose of the disclosure", "To connect me with housing and MOUD",
                    "6. My right to revoke this consent", "revoke (take back) this consent",
                    "already acted in reliance on it", "Tell my peer worker",
                    "7. When this consent ends (expiration)",
                    (TODAY + timedelta(days=180)).strftime("%B %-d, %Y"),
                    "When my housing case is closed", "9. Signature",
                    "Signature of participant", "Date signed",
                    "Relationship to the participant", "will not make my services depend",
                    "may be redisclosed in accordance with the permissions contained in the "
                    "HIPAA regulations"]:
        assert element in text, element
    notice = re.sub(r"\s+", " ", part2_notice.NOTICE)
    assert notice in text
    assert part2_notice.SHORT_NOTICE in text  # the footer
    pages = len(PdfReader(out).pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    with pat.session() as s:
        action = s.execute(select(AuditEvent.detail).where(
            AuditEvent.action == "participant.export").order_by(AuditEvent.id.desc())).scalar()
    assert action is not None and "consent_form" in action


def test_an_authorized_signer_is_printed_with_the_relationship(team, tmp_path: Path) -> None:
    pat = team.login("pat")
    data = ConsentInput("Harbor Light", "Name and housing needs", ["Harbor House"],
                        purpose="Housing referral", revocation_how="Tell my peer worker",
                        expires_on=TODAY + timedelta(days=30), signer_name="Rosa Núñez",
                        signer_relationship="legal_guardian", signed_on=TODAY)
    with pat.session() as s:
        form = consents.form_data(s, pat.actor, team.pat_participant, data)
    out = tmp_path / "guardian.pdf"
    render_consent_form(form, out)
    text = _text(out)
    assert "Rosa Núñez" in text and "Court-appointed guardian" in text
    assert TODAY.strftime("%B %-d, %Y") in text
    assert "HIPAA regulations" not in text  # no treating-provider class on this one


def test_printing_a_recorded_consent_is_one_audited_call(team, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    with pat.session() as s:
        data = consents.new_consent_input(s, pat.actor, team.pat_participant, "Harbor House")
        data.information = "Name and phone"
        cid = consents.save_consent(s, pat.actor, team.pat_participant, data).id
    out = tmp_path / "recorded.pdf"
    with pat.session() as s:
        assert consents.print_consent_form(s, pat.actor, cid, out) == out
    assert "Harbor House" in _text(out)
    with pat.session() as s:
        printed = s.execute(select(AuditEvent).where(
            AuditEvent.action == "participant.export")).scalars().all()
    assert len(printed) == 1 and printed[0].entity_id == str(team.pat_participant)
