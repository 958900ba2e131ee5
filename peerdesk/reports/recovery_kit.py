"""The Recovery Kit: a one-time printout of the database key, made at setup.

The recovery key is the raw 32-byte SQLCipher key. PeerDesk shows it only here, so the page
explains in plain words what it is, where to keep it, and how to use it.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table

from peerdesk.db.atomic import write_atomic
from peerdesk.i18n import _
from peerdesk.reports.fonts import markup, with_fallback
from peerdesk.reports.pdf_pages import TwoPassCanvas
from peerdesk.reports.report_pages import beside_logo

_KEY_RE = re.compile(r"[0-9a-fA-F]{64}")
_MARGIN = 0.75 * inch

_BODY = ParagraphStyle("kit-body", fontName="Helvetica", fontSize=10, leading=13.5)


def _style(name: str, **overrides: Any) -> ParagraphStyle:
    return ParagraphStyle(f"kit-{name}", parent=_BODY, **overrides)


_SMALL = _style("small", fontSize=8.5, leading=11, alignment=TA_CENTER)
_CODE = _style("code", fontName="Courier", fontSize=8.5, leading=11)
_CODE_CENTERED = _style("code-c", fontName="Courier", fontSize=8.5, alignment=TA_CENTER)
_TITLE = _style("title", fontName="Helvetica-Bold", fontSize=22, leading=26)
_ORG = _style("org", fontSize=14, leading=18, spaceBefore=2, spaceAfter=10)
_HEADING = _style("h", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=10)
_HEADING.spaceAfter = 4
_LABEL = _style("label", fontName="Helvetica-Bold")
_KEY = _style("key", fontName="Courier-Bold", fontSize=19, leading=27, alignment=TA_CENTER)
_NOTICE = _style("notice", fontName="Helvetica-Bold", fontSize=11, alignment=TA_CENTER)
_NOTICE.spaceBefore = 6


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    """A paragraph of plain text (escaped, so '&' or '<' in a name cannot break markup)."""
    return Paragraph(markup(text, style.fontName), style)


@dataclass(frozen=True)
class RecoveryKit:
    organization: str
    database_path: str  # full path of the encrypted database file
    database_id: str  # uuid string identifying this database
    recovery_key_hex: str  # 64 lowercase hex digits (the raw 32-byte SQLCipher key)
    administrator: str  # username of the first administrator
    created_at: datetime  # aware datetime
    logo: bytes | None = field(default=None, repr=False)  # PNG, top right of the title


def _checked_key(key: object) -> str:
    # Never echo the key itself: error text ends up in logs.
    if not isinstance(key, str):
        raise ValueError(f"recovery key must be a string, not {type(key).__name__}")
    if not _KEY_RE.fullmatch(key):
        raise ValueError(
            "recovery key must be exactly 64 hexadecimal digits (0-9, a-f) with no spaces; "
            f"got {len(key)} characters"
        )
    return key.lower()


def _when(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("created_at must be a timezone-aware datetime")
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname() or ''}".strip()


class _NumberedCanvas(TwoPassCanvas):
    """Stamps 'Page X of Y' and the confidentiality footer on every page."""

    def furniture(self, total: int) -> None:
        left, right = _MARGIN + 6, self._pagesize[0] - _MARGIN - 6
        notice = _(
            "CONFIDENTIAL — contains the key to participant records protected by "
            "42 CFR Part 2. Do not copy."
        )
        size = 8.0  # shrink a long translation rather than run off the page
        while size > 5 and stringWidth(notice, "Helvetica-Bold", size) > right - left:
            size -= 0.5
        self.saveState()
        self.setStrokeColor(colors.grey)
        self.setLineWidth(0.5)
        self.line(left, 0.72 * inch, right, 0.72 * inch)
        self.setFont("Helvetica-Bold", size)
        self.drawString(left, 0.55 * inch, notice)
        self.setFont("Helvetica", 8)
        page_text = _("Page {page} of {total}").format(page=self._pageNumber, total=total)
        self.drawRightString(right, 0.4 * inch, page_text)
        self.restoreState()


def _story(kit: RecoveryKit, key: str) -> list[Any]:
    details = [
        (_("Organization"), _p(kit.organization)),
        (_("Created"), _p(_when(kit.created_at))),
        (_("Database file"), _p(kit.database_path, _CODE)),
        (_("Database ID"), _p(kit.database_id, _CODE)),
        (_("Administrator"), _p(kit.administrator)),
    ]
    details_table = Table(
        [[_p(label, _LABEL), value] for label, value in details],
        colWidths=[1.35 * inch, None],
        hAlign="LEFT",
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ],
    )
    groups = [key[i : i + 8] for i in range(0, 64, 8)]
    key_lines = f"{' '.join(groups[:4])}<br/>{' '.join(groups[4:])}"
    key_box = Table(
        [[Paragraph(key_lines, _KEY)]],
        colWidths=[6.0 * inch],
        style=[
            ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
        ],
    )
    command = f'peerdesk rekey-users --db "{kit.database_path}" --recovery-key-stdin'
    pragma = f"PRAGMA key = \"x'{key}'\";"

    def code(text: str) -> str:
        return f'<br/><font name="Courier" size="8.5">{escape(text)}</font><br/>'

    def bullets(items: list[str], numbered: bool = False) -> ListFlowable:
        return ListFlowable(
            [Paragraph(with_fallback(item, _BODY.fontName), _BODY) for item in items],
            bulletType="1" if numbered else "bullet",
            start="1" if numbered else "•",
            bulletFormat="%s." if numbered else "%s",
            leftIndent=16,
            bulletFontSize=10,
        )

    use_in_peerdesk = _(
        "On the PeerDesk sign-in window, choose “Use recovery key…”. "
        "Or, in a command window, run:"
    )
    use_in_sqlcipher = _(
        "Any SQLCipher 4 tool can open the database file with the key. Use this exact line:"
    )
    return [
        *beside_logo([_p(_("PeerDesk Recovery Kit"), _TITLE), _p(kit.organization, _ORG)],
                     kit.logo, letter[0] - 2 * _MARGIN),
        details_table,
        _p(_("Your recovery key"), _HEADING),
        key_box,
        Spacer(1, 5),
        _p(_("The same key without spaces, to copy exactly:"), _SMALL),
        _p(key, _CODE_CENTERED),
        _p(_("Keep this page safe. PeerDesk shows this key only once."), _NOTICE),
        _p(_("What it is"), _HEADING),
        _p(
            _(
                "This key opens your PeerDesk database even if every password is lost. "
                "Anyone who has it can read all participant records."
            )
        ),
        _p(_("Where to keep it"), _HEADING),
        bullets(
            [
                escape(
                    _("In a locked cabinet or safe, away from the computer that runs PeerDesk.")
                ),
                escape(_("Never email it, photograph it, scan it, or type it into a document.")),
                escape(_("Do not store it in the same folder or place as your backups.")),
            ]
        ),
        _p(_("How to use it"), _HEADING),
        bullets(
            [
                escape(use_in_peerdesk)
                + code(command)
                + escape(_("and type the key when asked. Then set a new administrator password.")),
                escape(use_in_sqlcipher) + code(pragma).removesuffix("<br/>"),
            ],
            numbered=True,
        ),
    ]


def render_recovery_kit_pdf(kit: RecoveryKit, path: str | os.PathLike[str]) -> None:
    """Write the Recovery Kit PDF to ``path`` atomically, readable by the owner only (0o600).

    Raises ValueError (before touching the disk) if the key is not 64 hex digits or
    ``created_at`` has no time zone.
    """
    key = _checked_key(kit.recovery_key_hex)
    _when(kit.created_at)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=1.0 * inch,
        title=_("PeerDesk Recovery Kit"),
        author="PeerDesk",
        creator="PeerDesk",
        subject=kit.organization,
    )
    doc.build(_story(kit, key), canvasmaker=_NumberedCanvas)
    write_atomic(Path(path), buffer.getvalue())  # temp file, fsync, rename; mode 0600

