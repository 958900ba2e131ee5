"""Caseload: sharing, service notes, addenda, drafts, families, participant search text.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from peerdesk.db.guards import install as install_guards

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_drafts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("user_id", "kind", "ref", name="uq_drafts_user_kind_ref"),
    )
    op.create_table(
        "group_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["users.id"], name=op.f("fk_group_sessions_worker_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_sessions")),
    )
    op.create_table(
        "encounters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("setting", sa.String(length=24), nullable=False),
        sa.Column("service_type", sa.String(length=40), nullable=False),
        sa.Column("service_code", sa.String(length=12), nullable=False),
        sa.Column("modifier", sa.String(length=8), nullable=False),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("group_session_id", sa.Integer(), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("naloxone_kits", sa.Integer(), nullable=False),
        sa.Column("test_strips", sa.Integer(), nullable=False),
        sa.Column("other_supplies", sa.String(length=120), nullable=False),
        sa.Column("other_supplies_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by_name", sa.String(length=120), nullable=False),
        sa.Column("signed_by_credential", sa.String(length=60), nullable=False),
        sa.Column("review_status", sa.String(length=12), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_by_name", sa.String(length=120), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_session_id"],
            ["group_sessions.id"],
            name=op.f("fk_encounters_group_session_id_group_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_encounters_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_encounters_reviewed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["users.id"], name=op.f("fk_encounters_worker_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounters")),
    )
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_encounters_group_session_id"), ["group_session_id"], unique=False
        )
        batch_op.create_index(
            "ix_encounters_participant_date", ["participant_id", "service_date"], unique=False
        )
        batch_op.create_index("ix_encounters_review", ["review_status"], unique=False)
        batch_op.create_index(
            "ix_encounters_worker_date", ["worker_id", "service_date"], unique=False
        )

    op.create_table(
        "family_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("relationship_to_participant", sa.String(length=40), nullable=False),
        sa.Column("loved_one_description", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("preferred_language", sa.String(length=12), nullable=False),
        sa.Column("consent_to_contact", sa.Boolean(), nullable=False),
        sa.Column("consent_to_contact_on", sa.Date(), nullable=True),
        sa.Column("assigned_worker_id", sa.Integer(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("last_contact_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_worker_id"],
            ["users.id"],
            name=op.f("fk_family_members_assigned_worker_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_family_members_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_members")),
    )
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_members_assigned_worker_id"), ["assigned_worker_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_members_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "participant_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["users.id"], name=op.f("fk_participant_shares_granted_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_participant_shares_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_participant_shares_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_shares")),
    )
    with op.batch_alter_table("participant_shares", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_shares_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_participant_shares_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "family_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_member_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("contact_date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("topics", sa.String(length=200), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by_name", sa.String(length=120), nullable=False),
        sa.Column("signed_by_credential", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_member_id"],
            ["family_members.id"],
            name=op.f("fk_family_contacts_family_member_id_family_members"),
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["users.id"], name=op.f("fk_family_contacts_worker_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_contacts")),
    )
    with op.batch_alter_table("family_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_contacts_family_member_id"), ["family_member_id"], unique=False
        )

    op.create_table(
        "addenda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=True),
        sa.Column("family_contact_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("author_credential", sa.String(length=60), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_addenda_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_addenda_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["family_contact_id"],
            ["family_contacts.id"],
            name=op.f("fk_addenda_family_contact_id_family_contacts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addenda")),
    )
    with op.batch_alter_table("addenda", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_addenda_encounter_id"), ["encounter_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_addenda_family_contact_id"), ["family_contact_id"], unique=False
        )

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("last_contact_on", sa.Date(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_participants_last_contact_on"), ["last_contact_on"], unique=False
        )

    _backfill_search_text()
    install_guards("0002")


def _backfill_search_text() -> None:
    from peerdesk.domain.search import participant_search_text

    bind = op.get_bind()
    people = sa.table(
        "participants",
        sa.column("id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("preferred_name", sa.String),
        sa.column("phone", sa.String),
        sa.column("member_id", sa.String),
        sa.column("date_of_birth", sa.Date),
        sa.column("search_text", sa.Text),
    )
    rows = bind.execute(sa.select(people)).mappings().all()
    for row in rows:
        text = participant_search_text(
            row["first_name"],
            row["last_name"],
            row["preferred_name"],
            row["phone"],
            row["member_id"],
            row["date_of_birth"],
        )
        bind.execute(people.update().where(people.c.id == row["id"]).values(search_text=text))


def downgrade() -> None:
    raise RuntimeError("PeerDesk does not downgrade a database; restore a backup instead.")
