"""Alembic environment for the central database: the metadata of :mod:`sync.server.db`.

Run through :func:`sync.server.migrate.upgrade` (``screening-central db upgrade``, and ``serve`` on
start), which passes the URL, or a connection, in the Alembic config. On PostgreSQL the migration
holds an advisory lock, so several servers starting at once upgrade one after the other.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from sync.server.db import make_engine, metadata

MIGRATION_LOCK_ID = 7_251_301_566
"""Arbitrary key of the PostgreSQL advisory lock held while migrating."""


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_ID})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run them against a database")
run_migrations_online()
