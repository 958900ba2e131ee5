"""Errors services raise. ``str(error)`` is always a message for the user."""

from __future__ import annotations

from peerdesk.db.errors import StoreError
from peerdesk.domain.participants import FieldProblem
from peerdesk.i18n import _


class ServiceError(StoreError):
    pass


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class WrongCredentials(ServiceError):
    def __init__(self) -> None:
        # Never say which part was wrong.
        super().__init__(_("The user name or password is not right. Please try again."))


class AccountInactive(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            _("This account is not active. Ask your administrator to reactivate it.")
        )


class ValidationFailed(ServiceError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


class KeyFileProblem(ServiceError):
    pass


class NeedsConfirmation(ServiceError):
    """Allowed, but the user should confirm first (e.g. overlapping notes, a possible
    duplicate). Call again with the confirmation flag set."""
