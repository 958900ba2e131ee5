"""Foundation: settings, users, audit trail, participants.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from peerdesk.db.guards import install as install_guards

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("full_name", sa.String(120), nullable=False),
        sa.Column("credential", sa.String(60), nullable=False),
        sa.Column("roles", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_entity", "audit_events", ["entity", "entity_id"])
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(80), nullable=False),
        sa.Column("last_name", sa.String(80), nullable=False),
        sa.Column("preferred_name", sa.String(80), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("email", sa.String(120), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("city", sa.String(80), nullable=False),
        sa.Column("postal_code", sa.String(12), nullable=False),
        sa.Column("preferred_language", sa.String(12), nullable=False),
        sa.Column("gender", sa.String(24), nullable=False),
        sa.Column("race", sa.String(24), nullable=False),
        sa.Column("ethnicity", sa.String(24), nullable=False),
        sa.Column("veteran", sa.String(8), nullable=False),
        sa.Column("justice_involved", sa.String(8), nullable=False),
        sa.Column("payer", sa.String(80), nullable=False),
        sa.Column("member_id", sa.String(20), nullable=False),
        sa.Column("assigned_worker_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("discharged_on", sa.Date(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_worker_id"], ["users.id"],
            name="fk_participants_assigned_worker_id_users",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_participants_created_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_participants"),
    )
    op.create_index(
        "ix_participants_assigned_worker_id", "participants", ["assigned_worker_id"]
    )
    op.create_index("ix_participants_status", "participants", ["status"])
    op.create_index("ix_participants_name", "participants", ["last_name", "first_name"])
    op.create_table(
        "participant_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"],
            name="fk_participant_status_changes_participant_id_participants",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"],
            name="fk_participant_status_changes_changed_by_id_users",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_participant_status_changes"),
    )
    op.create_index(
        "ix_participant_status_changes_participant_id",
        "participant_status_changes",
        ["participant_id"],
    )
    install_guards("0001")


def downgrade() -> None:
    raise RuntimeError("PeerDesk does not downgrade a database; restore a backup instead.")
