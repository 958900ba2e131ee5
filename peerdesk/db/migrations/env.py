"""Alembic environment: PeerDesk always hands in an open (keyed) connection."""

from __future__ import annotations

from alembic import context

from peerdesk.db.all_models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("PeerDesk runs migrations through peerdesk.db.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
