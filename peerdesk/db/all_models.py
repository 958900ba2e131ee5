"""Import every model module so the metadata is complete (migrations, checks)."""

from peerdesk.db import caseload_models, models, recovery_models
from peerdesk.db.models import Base

__all__ = ["Base", "caseload_models", "models", "recovery_models"]
