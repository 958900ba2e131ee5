"""Organization settings kept in the database (never participant data)."""

from __future__ import annotations

import base64
import binascii
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session

from peerdesk.db.models import Setting
from peerdesk.domain.passwords import PasswordRules
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit
from peerdesk.services.actor import Actor
from peerdesk.services.errors import ServiceError

DEFAULTS = {
    "organization_name": "",
    "database_id": "",
    "password_min_length": "10",
    "password_letter_and_digit": "0",
    "idle_lock_minutes": "10",
}


def get(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def put(session: Session, key: str, value: str) -> None:
    session.merge(Setting(key=key, value=value))


@dataclass(frozen=True)
class OrgSettings:
    organization_name: str
    idle_lock_minutes: int
    password_rules: PasswordRules


def load(session: Session) -> OrgSettings:
    return OrgSettings(
        organization_name=get(session, "organization_name"),
        idle_lock_minutes=int(get(session, "idle_lock_minutes") or 10),
        password_rules=PasswordRules(
            min_length=int(get(session, "password_min_length") or 10),
            require_letter_and_digit=get(session, "password_letter_and_digit") == "1",
        ),
    )


def update(session: Session, actor: Actor, *, organization_name: str | None = None,
           idle_lock_minutes: int | None = None,
           password_rules: PasswordRules | None = None) -> OrgSettings:
    actor.require(Permission.MANAGE_SETTINGS)
    changed: list[str] = []
    if organization_name is not None:
        if not organization_name.strip():
            raise ServiceError(_("Please enter the organization's name."))
        put(session, "organization_name", organization_name.strip())
        changed.append("organization_name")
    if idle_lock_minutes is not None:
        if not 1 <= idle_lock_minutes <= 240:
            raise ServiceError(_("Automatic lock must be between 1 and 240 minutes."))
        put(session, "idle_lock_minutes", str(idle_lock_minutes))
        changed.append("idle_lock_minutes")
    if password_rules is not None:
        if not 4 <= password_rules.min_length <= 128:
            raise ServiceError(_("Minimum password length must be between 4 and 128."))
        put(session, "password_min_length", str(password_rules.min_length))
        put(session, "password_letter_and_digit",
            "1" if password_rules.require_letter_and_digit else "0")
        changed.append("password_rules")
    audit.record(session, actor, "settings.update", "settings", "", {"changed": changed})
    return load(session)


# The organization's logo, printed on report PDFs. Not participant data, but it stays in the
# encrypted database like everything else: no copy is kept on disk.
LOGO_KEY = "organization_logo"
LOGO_MAX_FILE_BYTES = 5 * 1024 * 1024
LOGO_MIN_PIXELS = 16
LOGO_BOX = (600, 240)  # stored no larger than this, aspect kept
LOGO_FORMATS = ("PNG", "JPEG", "GIF", "BMP")
_LOGO_MAX_DECODED_PIXELS = 50_000_000  # a small file can claim a huge picture


def _not_a_picture() -> ServiceError:
    return ServiceError(_("This file is not a picture PeerDesk can use. Choose a PNG or JPEG "
                          "file."))


def _too_many_pixels() -> ServiceError:
    return ServiceError(_("This picture has too many pixels to use as a logo. Choose a smaller "
                          "picture."))


def logo_png(data: bytes) -> bytes:
    """The picture in ``data`` as a clean PNG for reports: scaled down to fit LOGO_BOX,
    RGB or RGBA, no metadata. Raises ServiceError (in the user's words) if it cannot be used."""
    if len(data) > LOGO_MAX_FILE_BYTES:
        raise ServiceError(_("This file is too large for a logo. Choose a file under 5 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=LOGO_FORMATS)
            _check_logo_size(*image.size)
            largest = max(LOGO_BOX)
            image.draft("RGB", (largest, largest))  # JPEG: decode smaller when it can
            image = ImageOps.exif_transpose(image)  # a photo taken sideways prints upright
            transparent = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or \
                "transparency" in image.info
            image = image.convert("RGBA" if transparent else "RGB")
            if transparent and image.getchannel("A").getextrema() == (255, 255):
                image = image.convert("RGB")  # an alpha channel that hides nothing
            image.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
            # A new image from the pixels alone: no EXIF, text, colour profile or comments.
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise _not_a_picture() from exc
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _check_logo_size(width: int, height: int) -> None:
    if width * height > _LOGO_MAX_DECODED_PIXELS:
        raise _too_many_pixels()
    if width < LOGO_MIN_PIXELS or height < LOGO_MIN_PIXELS:
        raise ServiceError(_("This picture is too small to print well ({w} × {h} pixels). "
                             "Choose a picture at least {n} pixels wide and high.").format(
                                 w=width, h=height, n=LOGO_MIN_PIXELS))


def set_logo(session: Session, actor: Actor, data: bytes) -> None:
    """Keep ``data`` (a PNG, JPEG, GIF or BMP file's bytes) as the organization's logo."""
    actor.require(Permission.MANAGE_SETTINGS)
    png = logo_png(data)
    put(session, LOGO_KEY, base64.b64encode(png).decode("ascii"))
    with Image.open(io.BytesIO(png)) as stored:
        width, height = stored.size
    audit.record(session, actor, "settings.update", "settings", "",
                 {"changed": [LOGO_KEY], "logo": "set", "width": width, "height": height})


def clear_logo(session: Session, actor: Actor) -> None:
    """Remove the organization's logo (nothing happens if there is none)."""
    actor.require(Permission.MANAGE_SETTINGS)
    row = session.get(Setting, LOGO_KEY)
    if row is None:
        return
    session.delete(row)
    audit.record(session, actor, "settings.update", "settings", "",
                 {"changed": [LOGO_KEY], "logo": "removed"})


def organization_logo(session: Session) -> bytes | None:
    """The logo as PNG bytes for report PDFs, or None when none is set."""
    text = get(session, LOGO_KEY)
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None  # a damaged value prints no logo rather than stopping a report
