"""The consent form: every element 42 CFR § 2.31 requires, filled in from what was
recorded, with lines to sign and date, and the § 2.32 notice for whoever receives it.

Built by :func:`peerdesk.services.consents.form_data`; rendered here with reportlab.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from peerdesk.db.atomic import write_atomic
from peerdesk.i18n import _
from peerdesk.reports import part2_notice
from peerdesk.reports.fonts import with_fallback
from peerdesk.reports.pdf_pages import NumberedCanvasFactory
from peerdesk.reports.report_pages import beside_logo


@dataclass(frozen=True)
class ConsentFormData:
    organization: str
    participant_name: str
    date_of_birth: date | None
    discloser: str
    information: str
    recipients: list[str]
    recipient_classes: list[str]  # the words of each class, as printed
    purpose: str
    revocation_how: str
    expires_on: date | None
    expiry_event: str
    printed_at: datetime
    signer_name: str = ""  # "" leaves the line blank
    signer_relationship: str = ""  # "" = the participant signs
    signed_on: date | None = None
    treating_providers: bool = False  # a class that includes HIPAA covered entities (TPO)
    extra: list[str] = field(default_factory=list)
    logo: bytes | None = field(default=None, repr=False)  # PNG, top right of the title


TEXT_WIDTH = LETTER[0] - 1.8 * inch
_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15, spaceAfter=3)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=9, leading=12)
_H1 = ParagraphStyle("h1", parent=_BODY, fontName="Helvetica-Bold", fontSize=18, leading=23,
                     spaceAfter=4)
_H2 = ParagraphStyle("h2", parent=_BODY, fontName="Helvetica-Bold", fontSize=12, leading=16,
                     spaceBefore=8, spaceAfter=2)
_VALUE = ParagraphStyle("value", parent=_BODY, fontSize=11.5, leading=15)
_NOTICE = ParagraphStyle("notice", parent=_BODY, fontSize=9.5, leading=12.5)


def _long_date(day: date) -> str:
    return day.strftime("%B %-d, %Y")


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(with_fallback(text, style.fontName), style)


def _boxed(text: str, style: ParagraphStyle = _VALUE) -> Table:
    table = Table([[_p(text, style)]], colWidths=[TEXT_WIDTH])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#555555")),
                               ("LEFTPADDING", (0, 0), (-1, -1), 6),
                               ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def _element(number: int, title: str, value: str, note: str = "") -> KeepTogether:
    parts = [_p(f"{number}. {escape(title)}", _H2), _boxed(value)]
    if note:
        parts.append(_p(note, _SMALL))
    return KeepTogether(parts)


def _lines(cells: list[tuple[str, float, str]]) -> Table:
    """Signature lines: (caption, width share, pre-filled text) side by side."""
    widths = [TEXT_WIDTH * share for _c, share, _v in cells]
    values = [_p(escape(v), _VALUE) if v else "" for _c, _s, v in cells]
    captions = [_p(escape(c), _SMALL) for c, _s, _v in cells]
    table = Table([values, captions], colWidths=widths, rowHeights=[30, None])
    table.setStyle(TableStyle([
        *[("LINEBELOW", (i, 0), (i, 0), 0.9, colors.black) for i in range(len(cells))],
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 10)]))
    return table


def _expiry(data: ConsentFormData) -> str:
    if data.expires_on and data.expiry_event:
        return _("This consent ends on {d}, or when this happens, whichever comes first: {e}"
                 ).format(d=_long_date(data.expires_on), e=escape(data.expiry_event))
    if data.expires_on:
        return _("This consent ends on {d}.").format(d=_long_date(data.expires_on))
    return _("This consent ends when this happens: {e}").format(e=escape(data.expiry_event))


def _story(data: ConsentFormData) -> list:
    born = _(" (born {d})").format(d=_long_date(data.date_of_birth)) \
        if data.date_of_birth else ""
    recipients = [escape(r) for r in data.recipients] + [escape(c) for c in
                                                         data.recipient_classes]
    story: list = [
        *beside_logo([
            _p(_("Consent to share substance use disorder information"), _H1),
            _p(_("{org} · under 42 CFR Part 2 (§ 2.31) · printed {d}").format(
                org=escape(data.organization), d=_long_date(data.printed_at.date())), _SMALL),
        ], data.logo, TEXT_WIDTH, max_width=1.6 * inch, max_height=0.7 * inch),
        _p(_("Please read this form, ask about anything that is not clear, and sign only if "
             "you agree. You do not have to sign it to receive services from {org}.").format(
                 org=escape(data.organization))),
        _element(1, _("Participant (whose information may be shared)"),
                 f"<b>{escape(data.participant_name)}</b>{born}"),
        _element(2, _("Who may disclose the information"), escape(data.discloser)),
        _element(3, _("What information may be disclosed"), escape(data.information),
                 _("Only the information described here may be shared.")),
        _element(4, _("Who may receive the information (recipients)"),
                 "<br/>".join(f"• {r}" for r in recipients)),
        _element(5, _("Purpose of the disclosure"), escape(data.purpose)),
        _element(6, _("My right to revoke this consent"), _(
            "I understand that I may revoke (take back) this consent at any time, in writing, "
            "except to the extent that {org} has already acted in reliance on it. How to "
            "revoke: {how}").format(org=escape(data.discloser),
                                    how=escape(data.revocation_how))),
        _element(7, _("When this consent ends (expiration)"), _expiry(data)),
    ]
    understood = [
        _("My substance use disorder records are protected by federal law (42 CFR Part 2) and "
          "cannot be disclosed without my written consent unless the regulations allow it."),
        _("{org} will not make my services depend on whether I sign this consent. If I do "
          "not sign, the information will not be shared, and my referral may take longer."
          ).format(org=escape(data.organization)),
        _("Information shared under this consent may be disclosed again by the recipient and "
          "may then no longer be protected by 42 CFR Part 2."),
    ]
    if data.treating_providers:
        understood.append(_(
            "When a recipient is a HIPAA covered entity or business associate that receives my "
            "record for treatment, payment, or health care operations, my record may be "
            "redisclosed in accordance with the permissions contained in the HIPAA "
            "regulations, except for uses and disclosures for civil, criminal, administrative, "
            "and legislative proceedings against me."))
    understood += [escape(x) for x in data.extra]
    story.append(KeepTogether([_p(_("8. I understand that"), _H2), _p(f"• {understood[0]}")]))
    story += [_p(f"• {u}") for u in understood[1:]]
    signed = _long_date(data.signed_on) if data.signed_on else ""
    participant_signs = not data.signer_relationship
    story.append(KeepTogether([
        _p(_("9. Signature"), _H2),
        _lines([(_("Signature of participant"), 0.62, ""),
                (_("Date signed"), 0.38, signed if participant_signs else "")]),
        Spacer(1, 6),
        _p(_("If someone signs for the participant (a parent or guardian of a minor, a "
             "court-appointed guardian, or a personal representative):"), _SMALL),
        _lines([(_("Printed name of the person signing"), 0.5,
                 data.signer_name if not participant_signs else ""),
                (_("Relationship to the participant"), 0.5, data.signer_relationship)]),
        _lines([(_("Signature of the person signing"), 0.62, ""),
                (_("Date signed"), 0.38, signed if not participant_signs else "")]),
    ]))
    story.append(Spacer(1, 10))
    story.append(KeepTogether([
        _p(escape(part2_notice.TITLE), _H2),
        _p(_("For anyone who receives information under this consent:"), _SMALL),
        _boxed(escape(part2_notice.NOTICE), _NOTICE),
        _p(_("Source: {s}").format(s=escape(part2_notice.SOURCE)), _SMALL),
    ]))
    return story


def render_consent_form(data: ConsentFormData, path: str | os.PathLike[str]) -> None:
    """Write the PDF atomically with file mode 0600."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, leftMargin=0.9 * inch,
                            rightMargin=0.9 * inch, topMargin=0.7 * inch,
                            bottomMargin=0.95 * inch,
                            title=_("Consent to share substance use disorder information"),
                            author=data.organization)
    footer = _("{name} · Confidential. {notice}").format(name=data.participant_name,
                                                         notice=part2_notice.SHORT_NOTICE)
    doc.build(_story(data), canvasmaker=NumberedCanvasFactory(footer, font_size=8))
    write_atomic(Path(path), buffer.getvalue())
