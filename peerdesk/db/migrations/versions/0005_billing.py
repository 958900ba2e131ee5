"""Billing settings: payers, service codes, rates with effective dates, daily caps, place of
service per setting (with defaults).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DEFAULT_POS = {"recovery_center": "11", "home": "12", "phone": "02", "video": "10",
               "community": "99", "hospital": "23", "jail": "09", "treatment": "57"}


def upgrade() -> None:
    op.create_table(
        "payers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("requires_member_id", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payers"),
        sa.UniqueConstraint("name", name="uq_payers_name"),
    )
    op.create_table(
        "service_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("modifier", sa.String(8), nullable=False),
        sa.Column("description", sa.String(120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_service_codes"),
        sa.UniqueConstraint("code", "modifier", name="uq_service_codes_code"),
    )
    op.create_table(
        "billing_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("modifier", sa.String(8), nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"],
                                name="fk_billing_rates_payer_id_payers"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name="fk_billing_rates_created_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_billing_rates"),
    )
    op.create_index("ix_billing_rates_payer_id", "billing_rates", ["payer_id"])
    op.create_table(
        "daily_caps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("modifier", sa.String(8), nullable=False),
        sa.Column("max_units", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"],
                                name="fk_daily_caps_payer_id_payers"),
        sa.PrimaryKeyConstraint("id", name="pk_daily_caps"),
    )
    # The billing and grant reports select a period's notes by date.
    op.create_index("ix_encounters_service_date", "encounters", ["service_date"])
    pos = op.create_table(
        "place_of_service",
        sa.Column("setting", sa.String(24), nullable=False),
        sa.Column("code", sa.String(4), nullable=False),
        sa.PrimaryKeyConstraint("setting", name="pk_place_of_service"),
    )
    op.bulk_insert(pos, [{"setting": k, "code": v} for k, v in DEFAULT_POS.items()])
    codes = sa.table("service_codes", sa.column("code"), sa.column("modifier"),
                     sa.column("description"), sa.column("active"))
    op.bulk_insert(codes, [
        {"code": "H0038", "modifier": "", "description": "Peer support, individual",
         "active": True},
        {"code": "H0038", "modifier": "HQ", "description": "Peer support, group",
         "active": True},
    ])


def downgrade() -> None:
    raise RuntimeError("PeerDesk does not downgrade a database; restore a backup instead.")
