"""The organization's logo: kept (scaled, cleaned, encrypted) by administrators only, and
printed in the header of report PDFs, embedded once however many pages there are."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from sqlalchemy import select

from peerdesk.db.models import AuditEvent, Setting
from peerdesk.reports import report_pages
from peerdesk.reports.consent_form import ConsentFormData, render_consent_form
from peerdesk.reports.recovery_kit import RecoveryKit, render_recovery_kit_pdf
from peerdesk.reports.recovery_plan import RecoveryPlan, render_recovery_plan
from peerdesk.reports.report_pages import BODY, MARGIN, PAGE, PageInfo, canvasmaker
from peerdesk.services import audit, settings
from peerdesk.services.errors import PermissionDenied, ServiceError

ORANGE = (255, 128, 0)
NOT_A_PICTURE = "This file is not a picture PeerDesk can use. Choose a PNG or JPEG file."
ADMIN_ONLY = "Only an administrator can change organization settings."

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                   reason="poppler-utils (pdftoppm) is not installed")


def picture(size: tuple[int, int], fmt: str = "PNG", colour: tuple[int, ...] = ORANGE,
            mode: str = "RGB", **save: object) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt, **save)
    return out.getvalue()


def stored_image(png: bytes | None) -> Image.Image:
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def logo_events(session) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    rows = session.execute(select(AuditEvent.detail).where(
        AuditEvent.action == "settings.update").order_by(AuditEvent.id)).scalars()
    details = [json.loads(d) for d in rows if d]
    return [d for d in details if settings.LOGO_KEY in d.get("changed", [])]


# --- the service ---------------------------------------------------------------------------

def test_an_administrator_sets_a_png_kept_scaled_to_fit_600_by_240(new_store) -> None:
    with new_store.session() as s:
        assert settings.organization_logo(s) is None
        settings.set_logo(s, new_store.actor, picture((1800, 450)))
    with new_store.session() as s:
        image = stored_image(settings.organization_logo(s))
        assert image.size == (600, 150) and image.mode == "RGB"
        assert image.getpixel((300, 75)) == ORANGE
        row = s.get(Setting, settings.LOGO_KEY)
        assert row is not None and base64.b64decode(row.value) == settings.organization_logo(s)
        events = logo_events(s)
        assert events[-1] == {"changed": [settings.LOGO_KEY], "logo": "set", "width": 600,
                              "height": 150}
        assert audit.verify_chain(s) == []


def test_a_jpeg_is_kept_as_png_without_its_metadata(new_store) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0132] = "2025:01:02 03:04:05"  # DateTime
    jpeg = picture((300, 900), "JPEG", (0, 90, 200), exif=exif.tobytes(), comment=b"secret")
    with new_store.session() as s:
        settings.set_logo(s, new_store.actor, jpeg)
        image = stored_image(settings.organization_logo(s))
    assert image.format == "PNG" and image.size == (80, 240) and image.mode == "RGB"
    red, green, blue = image.getpixel((40, 120))  # type: ignore[misc]
    assert abs(red - 0) < 6 and abs(green - 90) < 6 and abs(blue - 200) < 6
    assert not set(image.info) & {"exif", "comment", "icc_profile", "dpi"}
    assert not image.getexif()


def test_transparency_is_kept_and_small_pictures_are_not_enlarged(new_store) -> None:
    with new_store.session() as s:
        settings.set_logo(s, new_store.actor, picture((120, 40), colour=(255, 128, 0, 0),
                                                      mode="RGBA"))
        image = stored_image(settings.organization_logo(s))
    assert image.size == (120, 40) and image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0  # type: ignore[index]


@pytest.mark.parametrize("fmt", ["GIF", "BMP"])
def test_gif_and_bmp_are_accepted(new_store, fmt: str) -> None:
    with new_store.session() as s:
        settings.set_logo(s, new_store.actor, picture((64, 32), fmt))
        assert stored_image(settings.organization_logo(s)).size == (64, 32)


def test_a_peer_worker_cannot_set_or_remove_the_logo(team) -> None:
    with team.admin.session() as s:
        settings.set_logo(s, team.admin.actor, picture((200, 80)))
    pat = team.login("pat")
    with pat.session() as s:
        with pytest.raises(PermissionDenied, match=re.escape(ADMIN_ONLY)):
            settings.set_logo(s, pat.actor, picture((200, 80), colour=(0, 0, 0)))
        with pytest.raises(PermissionDenied, match=re.escape(ADMIN_ONLY)):
            settings.clear_logo(s, pat.actor)
        # Everyone who prints a report can read it.
        assert stored_image(settings.organization_logo(s)).getpixel((1, 1)) == ORANGE


@pytest.mark.parametrize(("data", "message"), [
    (b"", NOT_A_PICTURE),
    (b"this is a letter, not a picture" * 40, NOT_A_PICTURE),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, NOT_A_PICTURE),  # a damaged PNG
    (picture((600, 600), "JPEG")[:400], NOT_A_PICTURE),  # cut short
    (picture((64, 64), "WEBP"), NOT_A_PICTURE),  # a picture, but not a kind we take
    (b"%PDF-1.4\n" + b"0" * 100, NOT_A_PICTURE),
    (picture((4, 4)), "This picture is too small to print well (4 × 4 pixels). Choose a "
                      "picture at least 16 pixels wide and high."),
    (picture((400, 10)), "too small to print well (400 × 10 pixels)"),
    (picture((20_000, 20_000), mode="1", colour=1), "too many pixels"),
], ids=["empty", "text", "damaged-png", "cut-short-jpeg", "webp", "pdf", "4x4", "400x10",
        "20000x20000"])
def test_files_that_cannot_be_a_logo_are_refused_in_plain_words(
        new_store, data: bytes, message: str) -> None:
    with new_store.session() as s, pytest.raises(ServiceError, match=re.escape(message)):
        settings.set_logo(s, new_store.actor, data)
    with new_store.session() as s:
        assert settings.organization_logo(s) is None
        assert logo_events(s) == []


def test_a_file_over_5_mb_is_refused(new_store) -> None:
    width, height = 1500, 1400  # random pixels do not compress: a real PNG of about 6 MB
    noise = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    noise.save(out, format="PNG", compress_level=0)
    data = out.getvalue()
    assert len(data) > 6_000_000
    with new_store.session() as s:
        with pytest.raises(ServiceError, match=r"too large for a logo\. Choose a file under 5 MB"):
            settings.set_logo(s, new_store.actor, data)
        assert settings.organization_logo(s) is None


def test_clear_logo_removes_it_and_is_audited_once(new_store) -> None:
    with new_store.session() as s:
        settings.set_logo(s, new_store.actor, picture((200, 80)))
    with new_store.session() as s:
        settings.clear_logo(s, new_store.actor)
    with new_store.session() as s:
        assert settings.organization_logo(s) is None
        assert s.get(Setting, settings.LOGO_KEY) is None
        settings.clear_logo(s, new_store.actor)  # nothing to remove: nothing happens
    with new_store.session() as s:
        assert [e["logo"] for e in logo_events(s)] == ["set", "removed"]
        assert audit.verify_chain(s) == []


def test_the_logo_is_only_in_the_encrypted_database(new_store, db_path: Path) -> None:
    with new_store.session() as s:
        settings.set_logo(s, new_store.actor, picture((200, 80)))
        png = settings.organization_logo(s)
    assert png is not None
    new_store.lock()
    text = base64.b64encode(png)
    files = [p for p in db_path.parent.rglob("*") if p.is_file()]
    assert files
    for path in files:
        content = path.read_bytes()
        assert png[8:40] not in content and text[:40] not in content, path


# --- report PDFs ---------------------------------------------------------------------------

def management_pdf(pages: int, logo: bytes | None) -> bytes:
    """A landscape management report with ``pages`` pages, built like billing_output."""
    buffer = io.BytesIO()
    info = PageInfo("Harbor Light Recovery Community", "Monthly billing report",
                    "Jan 1 – Jan 31, 2026", "Generated 2026-02-01 09:00 by Ada Admin",
                    names_participants=True, logo=logo)
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=0.65 * inch, bottomMargin=0.8 * inch)
    story: list = []
    for n in range(1, pages + 1):
        story += [Paragraph(f"Section {n}", BODY), PageBreak()]
    doc.build(story[:-1], canvasmaker=canvasmaker(info))
    return buffer.getvalue()


def render(pdf: Path, page: int = 1, dpi: int = 60) -> Image.Image:
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf), str(stem)], check=True)
    image = Image.open(stem.with_suffix(".png")).convert("RGB")
    image.load()
    return image


def orange_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    raw = image.crop(box).tobytes()
    return sum(1 for r, g, b in zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
               if r > 230 and 100 < g < 160 and b < 40)


def header_box(dpi: int) -> tuple[int, int, int, int]:
    """Left end of the header band, above the rule and the name's letters: where the logo
    goes."""
    return (int(0.6 * dpi), int(0.1 * dpi), int(1.4 * dpi), int(0.28 * dpi))


def image_xobjects(reader: PdfReader) -> set[int]:
    """Object numbers of every image the pages draw (directly or through a form)."""
    found: set[int] = set()

    def walk(resources, seen: set[int]) -> None:  # type: ignore[no-untyped-def]
        xobjects = resources.get("/XObject") if resources else None
        if not xobjects:
            return
        for ref in xobjects.values():
            obj = ref.get_object()
            number = getattr(ref, "idnum", id(obj))
            if number in seen:
                continue
            seen.add(number)
            if obj.get("/Subtype") == "/Image":
                found.add(number)
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"), seen)

    for page in reader.pages:
        walk(page.get("/Resources"), set())
    return found


@needs_poppler
def test_the_logo_is_in_the_header_of_every_page(tmp_path: Path) -> None:
    with_logo = tmp_path / "with.pdf"
    with_logo.write_bytes(management_pdf(3, settings.logo_png(picture((600, 240)))))
    without = tmp_path / "without.pdf"
    without.write_bytes(management_pdf(3, None))
    box = header_box(60)
    for page in (1, 2, 3):
        shown = render(with_logo, page)
        assert orange_pixels(shown, box) > 150, page  # the logo is 0.75 x 0.3 in
        assert orange_pixels(shown, (0, int(0.5 * 60), shown.width, shown.height)) == 0
    blank = render(without).crop(header_box(60))
    assert blank.getextrema() == ((255, 255), (255, 255), (255, 255))  # all white


@needs_poppler
def test_the_organization_name_moves_right_of_the_logo(tmp_path: Path) -> None:
    def name_left(pdf: bytes) -> float:
        path = tmp_path / "name.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                              check=True, capture_output=True, text=True).stdout
        match = re.search(r'<word xMin="([\d.]+)"[^>]*>Harbor</word>', html)
        assert match is not None
        return float(match.group(1))

    assert name_left(management_pdf(1, None)) == pytest.approx(0.6 * 72, abs=1)
    # A 600 x 240 logo at 0.3 in high is 0.75 in wide; the name starts after it and a gap.
    logo = settings.logo_png(picture((600, 240)))
    assert name_left(management_pdf(1, logo)) > (0.6 + 0.75) * 72


def test_a_long_report_embeds_the_logo_once() -> None:
    noise = Image.frombytes("RGB", (600, 240), os.urandom(600 * 240 * 3))
    out = io.BytesIO()
    noise.save(out, format="PNG")
    logo = out.getvalue()  # does not compress: each copy would add ~400 KB
    short = management_pdf(1, logo)
    long = management_pdf(200, logo)
    plain = management_pdf(200, None)
    reader = PdfReader(io.BytesIO(long))
    assert len(reader.pages) == 200
    assert len(image_xobjects(reader)) == 1
    assert long.count(b"/Subtype /Image") == 1
    picture_bytes = len(short) - len(management_pdf(1, None))
    assert picture_bytes > 300_000
    assert len(long) - len(plain) < 1.2 * picture_bytes


# --- participant-facing PDFs ---------------------------------------------------------------

NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def _plan(logo: bytes | None) -> RecoveryPlan:
    return RecoveryPlan("Harbor Light", "Marisol Núñez", "Pat Rivera", NOW, [], [], [], None,
                        logo=logo)


def _consent(logo: bytes | None) -> ConsentFormData:
    return ConsentFormData("Harbor Light", "Marisol Núñez", None, "Harbor Light", "Name",
                           ["Harbor House"], [], "Housing", "Tell my worker", None,
                           "When my housing case is closed", NOW, logo=logo)


def _kit(logo: bytes | None) -> RecoveryKit:
    return RecoveryKit("Harbor Light", "/srv/peerdesk.db", "7c0e6f3a", "ab" * 32, "admin", NOW,
                       logo=logo)


@needs_poppler
@pytest.mark.parametrize(("make", "write"), [
    (_plan, render_recovery_plan), (_consent, render_consent_form),
    (_kit, render_recovery_kit_pdf)], ids=["recovery-plan", "consent-form", "recovery-kit"])
def test_participant_pdfs_show_the_logo_top_right_of_the_title(
        tmp_path: Path, make, write) -> None:  # type: ignore[no-untyped-def]
    logo = settings.logo_png(picture((300, 300)))
    write(make(logo), tmp_path / "with.pdf")
    write(make(None), tmp_path / "without.pdf")
    shown, plain = render(tmp_path / "with.pdf"), render(tmp_path / "without.pdf")
    top_right = (shown.width // 2, 0, shown.width, int(1.8 * 60))
    assert orange_pixels(shown, top_right) > 500
    assert orange_pixels(shown, (0, int(1.8 * 60), shown.width, shown.height)) == 0
    assert orange_pixels(plain, (0, 0, plain.width, plain.height)) == 0


def test_no_logo_bytes_in_reprs() -> None:
    logo = settings.logo_png(picture((300, 300)))
    info = PageInfo("Org", "Title", "Period", "Generated", False, logo=logo)
    for data in (info, _plan(logo), _consent(logo), _kit(logo)):
        assert "PNG" not in repr(data) and "logo" not in repr(data)
    assert report_pages.Logo(logo).pixels == (240, 240)


@needs_poppler
def test_reports_made_through_peerdesk_carry_the_logo(team, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Set once on the Settings screen; the billing and grant reports and a participant's
    recovery plan all print it (header left / title block right)."""
    from datetime import date

    from peerdesk.reports import billing_output, grant_output
    from peerdesk.services import recovery_plan, reports

    admin = team.admin
    with admin.session() as s:
        settings.set_logo(s, admin.actor, picture((600, 240)))
        billing = reports.billing_report(s, admin.actor, date(2025, 10, 1), date(2025, 10, 31))
        grant = reports.grant_report(s, admin.actor, date(2025, 7, 1), date(2025, 9, 30))
        plan = recovery_plan.plan_data(s, admin.actor, team.pat_participant)
    billing_output.write_pdf(billing, tmp_path / "billing.pdf")
    grant_output.write_pdf(grant, tmp_path / "grant.pdf")
    render_recovery_plan(plan, tmp_path / "plan.pdf")
    for name in ("billing", "grant"):
        assert orange_pixels(render(tmp_path / f"{name}.pdf"), header_box(60)) > 150, name
    shown = render(tmp_path / "plan.pdf")
    assert orange_pixels(shown, (shown.width // 2, 0, shown.width, shown.height // 4)) > 150
