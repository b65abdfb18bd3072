"""Shared summaries: the look-up index (identifier and name + date of birth keys of each Patient,
and what belongs to each revision) and the audit of every look-up.

Revision ID: 0003
Revises: 0002
Create Date: 2025-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "lookup_keys",
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_lookup_keys_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("patient_id", "kind", "key_hash", name=op.f("pk_lookup_keys")),
    )
    op.create_index("ix_lookup_keys_kind_key_hash", "lookup_keys", ["kind", "key_hash"])
    op.create_table(
        "lookup_links",
        sa.Column("resource_type", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=True),
        sa.Column("response_id", sa.String(64), nullable=True),
        sa.Column("replaces_id", sa.String(64), nullable=True),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_lookup_links_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("resource_type", "resource_id", name=op.f("pk_lookup_links")),
    )
    op.create_index("ix_lookup_links_patient_id", "lookup_links", ["patient_id"])
    op.create_index("ix_lookup_links_response_id", "lookup_links", ["response_id"])
    op.create_table(
        "lookup_audit",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("matched", JSON, nullable=False),
        sa.Column("returned", JSON, nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_lookup_audit_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lookup_audit")),
    )
    op.create_index(op.f("ix_lookup_audit_station_id"), "lookup_audit", ["station_id"])


def downgrade() -> None:
    op.drop_table("lookup_audit")
    op.drop_table("lookup_links")
    op.drop_table("lookup_keys")
