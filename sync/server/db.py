"""The central database: SQLAlchemy Core tables, engines, and the few dialect differences.

PostgreSQL in production, an SQLite file as the development default. The Alembic migrations under
``migrations/`` create exactly these tables (a test compares them). Uniqueness is always the
database's job: writers use :func:`insert_if_absent` and then look at what is there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection

from sync.protocol import AgencyType

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

Json = JSON().with_variant(postgresql.JSONB(), "postgresql")
"""JSONB on PostgreSQL (indexable, rejects NUL characters), JSON text elsewhere."""
BigId = BigInteger().with_variant(Integer(), "sqlite")
"""SQLite only auto-increments an INTEGER PRIMARY KEY."""


def _ts(name: str, *, nullable: bool = False) -> Column[datetime]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


_AGENCY_TYPES = ", ".join(f"'{t.value}'" for t in AgencyType)

agencies = Table(
    "agencies",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("type", String(32), nullable=False),
    _ts("created_at"),
    CheckConstraint(f"type IN ({_AGENCY_TYPES})", name="type"),
)

stations = Table(
    "stations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False, index=True),
    Column("site", String(200), nullable=False),
    Column("credential_hash", String(64), nullable=False, unique=True),
    Column("signing_key", String(64), nullable=False, unique=True),
    _ts("enrolled_at"),
    _ts("revoked_at", nullable=True),
)

enrol_codes = Table(
    "enrol_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False),
    Column("site", String(200), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
    _ts("used_at", nullable=True),
    Column("station_id", String(64), nullable=True),
)

resources = Table(
    "resources",
    metadata,
    Column("resource_type", String(64), nullable=False),
    Column("resource_id", String(64), nullable=False),
    Column("station_id", String(64), ForeignKey("stations.id"), nullable=False),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False, index=True),
    Column("content_hash", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("body", Json, nullable=False),
    Column("author_id", String(128), nullable=False),
    Column("author_role", String(32), nullable=False),
    Column("signature", String(100), nullable=False),
    _ts("sealed_at"),
    _ts("received_at"),
    _ts("updated_at"),
    PrimaryKeyConstraint("resource_type", "resource_id"),
    Index("ix_resources_updated_at", "updated_at"),
)
"""Every record a station pushed, once: the primary key is the uniqueness the push relies on.
``updated_at`` is indexed for the reporting store's catch-up sweep (:mod:`sync.server.reporting`)."""

resource_versions = Table(
    "resource_versions",
    metadata,
    Column("resource_type", String(64), nullable=False),
    Column("resource_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("station_id", String(64), ForeignKey("stations.id"), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("body", Json, nullable=False),
    Column("author_id", String(128), nullable=False),
    Column("author_role", String(32), nullable=False),
    Column("signature", String(100), nullable=False),
    _ts("sealed_at"),
    _ts("received_at"),
    PrimaryKeyConstraint("resource_type", "resource_id", "version"),
)
"""Every version of the versioned types (Patient, Consent), the current one included."""

idempotency = Table(
    "idempotency",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("station_id", String(64), ForeignKey("stations.id"), nullable=False),
    Column("key", String(128), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("response", LargeBinary, nullable=True),
    _ts("created_at"),
    UniqueConstraint("station_id", "key", name="uq_idempotency_station_key"),
)
"""One row per push key per station, written in the same transaction as the push's effects."""

changes = Table(
    "changes",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("payload", Json, nullable=False),
    Column("station_id", String(64), nullable=True, index=True),
    Column("txid", BigInteger, nullable=True),
    _ts("created_at"),
    Index("ix_changes_txid_id", "txid", "id"),
)
"""The change feed. ``station_id`` targets a directive at one station (NULL: every station).
``txid`` is the writing transaction's id on PostgreSQL (a column default set by the migration);
see :mod:`sync.server.feed`."""

station_user_revocations = Table(
    "station_user_revocations",
    metadata,
    Column("station_id", String(64), ForeignKey("stations.id"), nullable=False),
    Column("user_id", String(128), nullable=False),
    _ts("revoked_at"),
    PrimaryKeyConstraint("station_id", "user_id"),
)

access_log = Table(
    "access_log",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    _ts("at"),
    Column("station_id", String(64), nullable=True, index=True),
    Column("agency_id", String(64), nullable=True),
    Column("user_id", String(128), nullable=True),
    Column("role", String(32), nullable=True),
    Column("action", String(32), nullable=False),
    Column("target", String(200), nullable=True),
    Column("outcome", String(32), nullable=False),
    Column("detail", String(500), nullable=True),
)
"""Who did or looked at what, when, and what came of it. Ids and counts only: no personal data."""

central_users = Table(
    "central_users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("username", String(128), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("oidc_subject", String(255), nullable=True, unique=True),
    Column("passphrase_hash", String(200), nullable=True),
    _ts("created_at"),
    _ts("revoked_at", nullable=True),
)
"""Central service accounts (analysts, researchers). They log in to the reporting pages with a
passphrase (an Argon2id hash here) or, in production, through OIDC (``oidc_subject``); see
:mod:`sync.server.reporting.auth`."""

central_sessions = Table(
    "central_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("central_users.id"), nullable=False, index=True),
    _ts("created_at"),
    _ts("expires_at"),
)
"""Logged-in central users: the SHA-256 of each session cookie's random token, never the token."""

lookup_keys = Table(
    "lookup_keys",
    metadata,
    Column("patient_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False),
    PrimaryKeyConstraint("patient_id", "kind", "key_hash"),
    Index("ix_lookup_keys_kind_key_hash", "kind", "key_hash"),
)
"""How a person is found for a look-up (:mod:`sync.server.lookup_index`): one row per PNC ID, NHS
number and name + date of birth of each Patient's current version, as the SHA-256 of the kind and
the normalised value (the index never holds the values themselves)."""

lookup_links = Table(
    "lookup_links",
    metadata,
    Column("resource_type", String(64), nullable=False),
    Column("resource_id", String(64), nullable=False),
    Column("patient_id", String(64), nullable=True),
    Column("response_id", String(64), nullable=True),
    Column("replaces_id", String(64), nullable=True),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False),
    PrimaryKeyConstraint("resource_type", "resource_id"),
    Index("ix_lookup_links_patient_id", "patient_id"),
    Index("ix_lookup_links_response_id", "response_id"),
)
"""What belongs to whom, for a look-up: each revision (QuestionnaireResponse) with its person and the
revision it replaces; each Flag and Consent with the revision it belongs to."""

lookup_audit = Table(
    "lookup_audit",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    _ts("at"),
    Column("station_id", String(64), ForeignKey("stations.id"), nullable=False, index=True),
    Column("agency_id", String(64), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("role", String(32), nullable=False),
    Column("recipient", String(32), nullable=False),
    Column("matched", Json, nullable=False),
    Column("returned", Json, nullable=False),
    Column("candidates", Integer, nullable=False),
)
"""Every look-up answered: who (station, agency, user, role, the recipient rendered for), what was
matched (how, and which Patient ids; never the values looked up) and what was returned (each
revision, the items shown and the consents relied on). Refusals are in ``access_log``."""


# --------------------------------------------------------------------------------------------


def utcnow() -> datetime:
    """Now, timezone-aware UTC (every timestamp the service writes)."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """A stored timestamp as aware UTC (SQLite hands back naive datetimes)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def normalise_url(url: str | URL) -> URL:
    """The database URL with the driver we ship: ``postgresql://`` means psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


REPORTING_SCHEMA = "reporting"
"""Where the reporting store lives: a schema on PostgreSQL, an attached database file on SQLite
(see :mod:`sync.server.reporting.schema`)."""


def sqlite_reporting_path(database: str | None) -> str:
    """The file SQLite attaches as the ``reporting`` schema: ``central.reporting.sqlite3`` beside
    ``central.sqlite3`` (in memory when the main database is)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return ":memory:"
    path = Path(database)
    return str(path.with_name(f"{path.stem}.{REPORTING_SCHEMA}{path.suffix}"))


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for the central database.

    On SQLite: WAL, foreign keys, a 30 s busy timeout, and every transaction begun ``IMMEDIATE`` so
    two workers writing at once queue for the lock instead of failing on an upgrade from read to
    write; the reporting store's file is attached as the schema ``reporting``.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

        reporting_file = sqlite_reporting_path(parsed.database)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute(f"ATTACH DATABASE ? AS {REPORTING_SCHEMA}", (reporting_file,))
            cursor.execute(f"PRAGMA {REPORTING_SCHEMA}.journal_mode=WAL")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def is_postgres(connection: Connection | Engine) -> bool:
    """Whether this connection talks to PostgreSQL."""
    return connection.dialect.name == "postgresql"


def insert_if_absent(connection: Connection, table: Table, **values: Any) -> bool:
    """``INSERT ... ON CONFLICT DO NOTHING RETURNING <key>``: whether this transaction inserted the row.

    ``False`` means a row with the same key (any unique key) exists, committed before, or committed
    by a concurrent writer this statement waited for. RETURNING, not ``rowcount``: the driver does
    not report a row count for every INSERT.
    """
    statement: Any
    if is_postgres(connection):
        statement = postgresql.insert(table)
    elif connection.dialect.name == "sqlite":
        statement = sqlite.insert(table)
    else:
        raise NotImplementedError(f"unsupported database: {connection.dialect.name}")
    statement = statement.values(**values).on_conflict_do_nothing().returning(*table.primary_key.columns)
    return connection.execute(statement).first() is not None
