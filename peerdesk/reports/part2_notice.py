"""The notice that must accompany every disclosure made with a patient's written consent
under 42 CFR Part 2, in the wording of the regulation as amended by the 2024 final rule.

Use :data:`NOTICE` (Statement 1) on anything printed or exported that discloses
participant information; :data:`SHORT_NOTICE` (Statement 2, which § 2.32(a)(2) allows
instead) fits a page footer. § 2.32(b) also asks that the disclosure carry a copy of the
consent or a clear explanation of its scope: :func:`scope_line` words the latter.

Translators: this is regulatory text. Replace it only with an official translation.
"""

from __future__ import annotations

from peerdesk.i18n import _

SOURCE = _("42 CFR § 2.32(a)(1), Statement 1, as amended by the final rule \"Confidentiality "
           "of Substance Use Disorder (SUD) Patient Records\" (89 FR 12472, February 16, 2024)")

TITLE = _("Notice to accompany disclosure (42 CFR § 2.32)")

NOTICE = _(
    "This record which has been disclosed to you is protected by Federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: (i) Further use "
    "or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part "
    "2. (ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or (iii) You have received the record "
    "from a covered entity or business associate as permitted by 45 CFR part 164, subparts A "
    "and E. A general authorization for the release of medical or other information is NOT "
    "sufficient to meet the required elements of written consent to further use or "
    "redisclose the record (see 42 CFR 2.31).")

SHORT_NOTICE = _("42 CFR part 2 prohibits unauthorized use or disclosure of these records.")


def scope_line(recipients: str, information: str, expires: str) -> str:
    """A clear explanation of the scope of the consent (§ 2.32(b))."""
    return _("Disclosed with the participant's written consent to {recipients}: {information} "
             "(consent in force until {expires}).").format(
                 recipients=recipients, information=information, expires=expires)
