"""Import every model module so the metadata is complete (migrations, checks)."""

from peerdesk.db import (
    billing_models,
    caseload_models,
    models,
    recovery_models,
    resource_models,
)
from peerdesk.db.models import Base

__all__ = [
    "Base",
    "billing_models",
    "caseload_models",
    "models",
    "recovery_models",
    "resource_models",
]
