"""Resource navigation: HSDS directory, referrals with history, 42 CFR Part 2 consents.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from peerdesk.db.guards import install as install_guards

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resource_organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("alternate_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("website", sa.Text(), nullable=False),
        sa.Column("parent_hsds_id", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_organizations")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_resource_organizations_hsds_id")),
    )
    op.create_table(
        "resource_taxonomy_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=True),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("taxonomy", sa.Text(), nullable=False),
        sa.Column("parent_hsds_id", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_taxonomy_terms")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_resource_taxonomy_terms_hsds_id")),
    )
    op.create_table(
        "resource_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("alternate_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("transportation", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["resource_organizations.id"],
            name=op.f("fk_resource_locations_organization_id_resource_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_locations")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_resource_locations_hsds_id")),
    )
    with op.batch_alter_table("resource_locations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_locations_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "resource_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("alternate_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("application_process", sa.Text(), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=False),
        sa.Column("fees", sa.Text(), nullable=False),
        sa.Column("wait_time", sa.Text(), nullable=False),
        sa.Column("interpretation_services", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("favourite", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["resource_organizations.id"],
            name=op.f("fk_resource_services_organization_id_resource_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_services")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_resource_services_hsds_id")),
    )
    with op.batch_alter_table("resource_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_services_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("discloser", sa.Text(), nullable=False),
        sa.Column("information", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("recipient_classes", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("revocation_how", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("expiry_event", sa.Text(), nullable=False),
        sa.Column("expiry_event_occurred_on", sa.Date(), nullable=True),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("signer_relationship", sa.String(length=40), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revocation_method", sa.String(length=40), nullable=False),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_consents_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_consents_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_consents_revoked_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consents_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "resource_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("address_type", sa.String(length=20), nullable=False),
        sa.Column("attention", sa.Text(), nullable=False),
        sa.Column("address_1", sa.Text(), nullable=False),
        sa.Column("address_2", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("state_province", sa.Text(), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["resource_locations.id"],
            name=op.f("fk_resource_addresses_location_id_resource_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_addresses")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_resource_addresses_hsds_id")),
    )
    with op.batch_alter_table("resource_addresses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_addresses_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "resource_phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("extension", sa.String(length=20), nullable=False),
        sa.Column("phone_type", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["resource_locations.id"],
            name=op.f("fk_resource_phones_location_id_resource_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["resource_organizations.id"],
            name=op.f("fk_resource_phones_organization_id_resource_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["resource_services.id"],
            name=op.f("fk_resource_phones_service_id_resource_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_phones")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_resource_phones_hsds_id")),
    )
    with op.batch_alter_table("resource_phones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_phones_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resource_phones_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resource_phones_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "resource_service_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hsds_id", sa.String(length=200), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["resource_locations.id"],
            name=op.f("fk_resource_service_locations_location_id_resource_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["resource_services.id"],
            name=op.f("fk_resource_service_locations_service_id_resource_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_service_locations")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_resource_service_locations_hsds_id")),
    )
    with op.batch_alter_table("resource_service_locations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_service_locations_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resource_service_locations_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "resource_service_terms",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["resource_services.id"],
            name=op.f("fk_resource_service_terms_service_id_resource_services"),
        ),
        sa.ForeignKeyConstraint(
            ["term_id"],
            ["resource_taxonomy_terms.id"],
            name=op.f("fk_resource_service_terms_term_id_resource_taxonomy_terms"),
        ),
        sa.PrimaryKeyConstraint("service_id", "term_id", name=op.f("pk_resource_service_terms")),
    )
    with op.batch_alter_table("resource_service_terms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_service_terms_term_id"), ["term_id"], unique=False
        )

    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("family_member_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("recipient_name", sa.Text(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=24), nullable=False),
        sa.Column("barrier_id", sa.Integer(), nullable=True),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("warm_handoff", sa.Boolean(), nullable=False),
        sa.Column("shares_information", sa.Boolean(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["barrier_id"], ["barriers.id"], name=op.f("fk_referrals_barrier_id_barriers")
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name=op.f("fk_referrals_consent_id_consents")
        ),
        sa.ForeignKeyConstraint(
            ["family_member_id"],
            ["family_members.id"],
            name=op.f("fk_referrals_family_member_id_family_members"),
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["wellness_goals.id"], name=op.f("fk_referrals_goal_id_wellness_goals")
        ),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["users.id"], name=op.f("fk_referrals_made_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_referrals_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["resource_services.id"],
            name=op.f("fk_referrals_service_id_resource_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referrals_family_member_id"), ["family_member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_referrals_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_service_id"), ["service_id"], unique=False)
        batch_op.create_index(
            "ix_referrals_status_follow_up", ["status", "follow_up_on"], unique=False
        )

    op.create_table(
        "referral_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_referral_status_changes_changed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_status_changes_referral_id_referrals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_status_changes")),
    )
    with op.batch_alter_table("referral_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_status_changes_referral_id"), ["referral_id"], unique=False
        )

    install_guards("0004")


def downgrade() -> None:
    raise RuntimeError("PeerDesk does not downgrade a database; restore a backup instead.")
