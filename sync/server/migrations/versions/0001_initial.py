"""The central database's first schema: agencies, stations, enrolment codes, resources and their
versions, idempotency, the change feed, revoked station users, the access log, central users.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TXID_DEFAULT = "(pg_current_xact_id()::text::bigint)"


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint(
            "type IN ('police', 'liaison_diversion', 'probation', 'prison', 'court')",
            name=op.f("ck_agencies_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("site", sa.String(200), nullable=False),
        sa.Column("credential_hash", sa.String(64), nullable=False),
        sa.Column("signing_key", sa.String(64), nullable=False),
        _ts("enrolled_at"),
        _ts("revoked_at", nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_stations_agency_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("credential_hash", name=op.f("uq_stations_credential_hash")),
        sa.UniqueConstraint("signing_key", name=op.f("uq_stations_signing_key")),
    )
    op.create_index(op.f("ix_stations_agency_id"), "stations", ["agency_id"])
    op.create_table(
        "enrol_codes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("site", sa.String(200), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        sa.Column("station_id", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_enrol_codes_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_enrol_codes")),
    )
    op.create_table(
        "resources",
        sa.Column("resource_type", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", JSON, nullable=False),
        sa.Column("author_id", sa.String(128), nullable=False),
        sa.Column("author_role", sa.String(32), nullable=False),
        sa.Column("signature", sa.String(100), nullable=False),
        _ts("sealed_at"),
        _ts("received_at"),
        _ts("updated_at"),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_resources_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_resources_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("resource_type", "resource_id", name=op.f("pk_resources")),
    )
    op.create_index(op.f("ix_resources_agency_id"), "resources", ["agency_id"])
    op.create_table(
        "resource_versions",
        sa.Column("resource_type", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("body", JSON, nullable=False),
        sa.Column("author_id", sa.String(128), nullable=False),
        sa.Column("author_role", sa.String(32), nullable=False),
        sa.Column("signature", sa.String(100), nullable=False),
        _ts("sealed_at"),
        _ts("received_at"),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_resource_versions_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("resource_type", "resource_id", "version", name=op.f("pk_resource_versions")),
    )
    op.create_table(
        "idempotency",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.LargeBinary(), nullable=True),
        _ts("created_at"),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_idempotency_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency")),
        sa.UniqueConstraint("station_id", "key", name="uq_idempotency_station_key"),
    )
    op.create_table(
        "changes",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("station_id", sa.String(64), nullable=True),
        # On PostgreSQL every change row records the transaction that wrote it (see sync.server.feed).
        sa.Column(
            "txid", sa.BigInteger(), nullable=True, server_default=sa.text(TXID_DEFAULT) if postgres else None
        ),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_index(op.f("ix_changes_station_id"), "changes", ["station_id"])
    op.create_index("ix_changes_txid_id", "changes", ["txid", "id"])
    op.create_table(
        "station_user_revocations",
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        _ts("revoked_at"),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_station_user_revocations_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("station_id", "user_id", name=op.f("pk_station_user_revocations")),
    )
    op.create_table(
        "access_log",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        _ts("at"),
        sa.Column("station_id", sa.String(64), nullable=True),
        sa.Column("agency_id", sa.String(64), nullable=True),
        sa.Column("user_id", sa.String(128), nullable=True),
        sa.Column("role", sa.String(32), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(200), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index(op.f("ix_access_log_station_id"), "access_log", ["station_id"])
    op.create_table(
        "central_users",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("oidc_subject", sa.String(255), nullable=True),
        _ts("created_at"),
        _ts("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_users")),
        sa.UniqueConstraint("oidc_subject", name=op.f("uq_central_users_oidc_subject")),
        sa.UniqueConstraint("username", name=op.f("uq_central_users_username")),
    )


def downgrade() -> None:
    for table in (
        "central_users",
        "access_log",
        "station_user_revocations",
        "changes",
        "idempotency",
        "resource_versions",
        "resources",
        "enrol_codes",
        "stations",
        "agencies",
    ):
        op.drop_table(table)
