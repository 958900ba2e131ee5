"""Recovery planning: assessments, instrument definitions, wellness goals, barriers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from peerdesk.db.guards import install as install_guards

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instrument_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_instrument_definitions_added_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instrument_definitions")),
        sa.UniqueConstraint(
            "instrument_id", "version", name="uq_instrument_definitions_id_version"
        ),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=40), nullable=False),
        sa.Column("instrument_version", sa.String(length=20), nullable=False),
        sa.Column("administered_on", sa.Date(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("subscales", sa.Text(), nullable=False),
        sa.Column("band", sa.String(length=200), nullable=False),
        sa.Column("prorated", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by_name", sa.String(length=120), nullable=False),
        sa.Column("signed_by_credential", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_assessments_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["users.id"], name=op.f("fk_assessments_worker_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessments_participant",
            ["participant_id", "instrument_id", "administered_on"],
            unique=False,
        )

    op.create_table(
        "barriers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_barriers_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_barriers_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barriers")),
    )
    with op.batch_alter_table("barriers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_barriers_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "wellness_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("life_area", sa.String(length=20), nullable=False),
        sa.Column("why_it_matters", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_wellness_goals_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_wellness_goals_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellness_goals")),
    )
    with op.batch_alter_table("wellness_goals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wellness_goals_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "barrier_goals",
        sa.Column("barrier_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["barrier_id"], ["barriers.id"], name=op.f("fk_barrier_goals_barrier_id_barriers")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["wellness_goals.id"], name=op.f("fk_barrier_goals_goal_id_wellness_goals")
        ),
        sa.PrimaryKeyConstraint("barrier_id", "goal_id", name=op.f("pk_barrier_goals")),
    )
    with op.batch_alter_table("barrier_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_barrier_goals_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "barrier_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("barrier_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["barrier_id"],
            ["barriers.id"],
            name=op.f("fk_barrier_status_changes_barrier_id_barriers"),
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_barrier_status_changes_changed_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barrier_status_changes")),
    )
    with op.batch_alter_table("barrier_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_barrier_status_changes_barrier_id"), ["barrier_id"], unique=False
        )

    op.create_table(
        "encounter_goals",
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_encounter_goals_encounter_id_encounters"),
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["wellness_goals.id"],
            name=op.f("fk_encounter_goals_goal_id_wellness_goals"),
        ),
        sa.PrimaryKeyConstraint("encounter_id", "goal_id", name=op.f("pk_encounter_goals")),
    )
    with op.batch_alter_table("encounter_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_encounter_goals_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "goal_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_goal_status_changes_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["wellness_goals.id"],
            name=op.f("fk_goal_status_changes_goal_id_wellness_goals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_status_changes")),
    )
    with op.batch_alter_table("goal_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_goal_status_changes_goal_id"), ["goal_id"], unique=False
        )

    op.create_table(
        "goal_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["wellness_goals.id"], name=op.f("fk_goal_steps_goal_id_wellness_goals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_steps")),
    )
    with op.batch_alter_table("goal_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_steps_goal_id"), ["goal_id"], unique=False)

    with op.batch_alter_table("addenda", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessment_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_addenda_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_addenda_assessment_id_assessments"),
            "assessments",
            ["assessment_id"],
            ["id"],
        )

    install_guards("0003")


def downgrade() -> None:
    raise RuntimeError("PeerDesk does not downgrade a database; restore a backup instead.")
