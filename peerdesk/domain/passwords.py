"""Password rules the organization sets at setup (stored as settings)."""

from __future__ import annotations

from dataclasses import dataclass

from peerdesk.i18n import _


@dataclass(frozen=True)
class PasswordRules:
    min_length: int = 10
    require_letter_and_digit: bool = False

    def problems(self, password: str) -> list[str]:
        found: list[str] = []
        if len(password) < self.min_length:
            found.append(
                _("The password must have at least {n} characters.").format(n=self.min_length)
            )
        if self.require_letter_and_digit and not (
            any(c.isalpha() for c in password) and any(c.isdigit() for c in password)
        ):
            found.append(_("The password must contain at least one letter and one digit."))
        if password != password.strip():
            found.append(_("The password must not start or end with a space."))
        return found


# The demo organization uses the password "demo" for every user.
DEMO_RULES = PasswordRules(min_length=4)
