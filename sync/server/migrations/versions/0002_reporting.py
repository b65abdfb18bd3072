"""Central reporting: the pseudonymous reporting store (schema ``reporting``: a PostgreSQL
schema, or the attached reporting database file on SQLite), central user passphrases and
sessions, and an index on ``resources.updated_at`` for the reporting store's catch-up sweep.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "reporting"


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _reporting_tables(schema: str, prefix: str = "") -> None:
    op.create_table(
        f"{prefix}screening",
        sa.Column("record_key", sa.String(64), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("person_key", sa.String(64), nullable=False),
        sa.Column("replaces_key", sa.String(64), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("agency_type", sa.String(32), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("age_band", sa.String(16), nullable=False),
        sa.Column("ethnicity_group", sa.String(16), nullable=False),
        sa.Column("ethnicity", sa.String(40), nullable=False),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("screening_ethnicity", sa.String(40), nullable=True),
        sa.Column("screening_sex", sa.String(16), nullable=True),
        sa.Column("phq9_band", sa.String(24), nullable=True),
        sa.Column("gad7_band", sa.String(24), nullable=True),
        sa.Column("auditc_band", sa.String(24), nullable=True),
        sa.PrimaryKeyConstraint("record_key", name=f"pk_{prefix}screening"),
        schema=schema,
    )
    for column in ("subject_key", "person_key", "replaces_key"):
        op.create_index(f"ix_{prefix}screening_{column}", f"{prefix}screening", [column], schema=schema)
    op.create_table(
        f"{prefix}flag",
        sa.Column("record_key", sa.String(64), nullable=False),
        sa.Column("flag", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("record_key", "flag", name=f"pk_{prefix}flag"),
        schema=schema,
    )
    op.create_table(
        f"{prefix}outcome",
        sa.Column("record_key", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("record_key", "outcome", name=f"pk_{prefix}outcome"),
        schema=schema,
    )
    op.create_table(
        f"{prefix}state",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=f"pk_{prefix}state"),
        schema=schema,
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    # On SQLite the schema is the attached reporting database (sync.server.db.make_engine).
    _reporting_tables(SCHEMA)
    op.create_index("ix_resources_updated_at", "resources", ["updated_at"])
    with op.batch_alter_table("central_users") as batch:
        batch.add_column(sa.Column("passphrase_hash", sa.String(200), nullable=True))
    op.create_table(
        "central_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["central_users.id"], name=op.f("fk_central_sessions_user_id_central_users")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_central_sessions")),
    )
    op.create_index(op.f("ix_central_sessions_user_id"), "central_sessions", ["user_id"])


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.drop_table("central_sessions")
    with op.batch_alter_table("central_users") as batch:
        batch.drop_column("passphrase_hash")
    op.drop_index("ix_resources_updated_at", table_name="resources")
    for table in ("state", "outcome", "flag", "screening"):
        op.drop_table(table, schema=SCHEMA)
    if postgres:
        op.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA}"))
