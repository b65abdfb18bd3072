"""The reporting store's tables: pseudonymous, coded facts about screenings, and nothing else.

On PostgreSQL they live in their own schema, ``reporting``, so analysts' database roles can be
granted that schema and nothing of the operational one. On SQLite the schema is a database file
of its own (``central.reporting.sqlite3`` beside ``central.sqlite3``), attached by
:func:`sync.server.db.make_engine`, so it can be copied or handed over without the operational
data. The Alembic migration ``0002`` creates the tables (a test compares them with these).

What the store holds (and, by construction, what it cannot hold): keyed hashes instead of any id
(``record_key``, ``subject_key``, ``person_key``: HMAC-SHA256 with a key kept outside the
database), codes from fixed vocabularies, an age band instead of a date of birth, the month of
the screening and a day number shifted by a per-person secret offset (so intervals between one
person's screenings survive, dates do not). No names, identifiers, dates of birth or free text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, PrimaryKeyConstraint, String, Table

from sync.server.db import REPORTING_SCHEMA

KEY_LENGTH = 64
"""A keyed hash in hex."""


def screening_columns() -> list[Column[object]]:
    """One row per screening revision a station synced (superseded revisions are kept, marked)."""
    return [
        Column("record_key", String(KEY_LENGTH), nullable=False),
        Column("subject_key", String(KEY_LENGTH), nullable=False),
        Column("person_key", String(KEY_LENGTH), nullable=False),
        Column("replaces_key", String(KEY_LENGTH), nullable=True),
        Column("superseded", Boolean(), nullable=False),
        Column("form_id", String(64), nullable=False),
        Column("stage", String(16), nullable=False),
        Column("agency_type", String(32), nullable=False),
        Column("month", String(7), nullable=False),
        Column("day", Integer(), nullable=False),
        Column("age_band", String(16), nullable=False),
        Column("ethnicity_group", String(16), nullable=False),
        Column("ethnicity", String(40), nullable=False),
        Column("sex", String(16), nullable=False),
        Column("screening_ethnicity", String(40), nullable=True),
        Column("screening_sex", String(16), nullable=True),
        Column("phq9_band", String(24), nullable=True),
        Column("gad7_band", String(24), nullable=True),
        Column("auditc_band", String(24), nullable=True),
    ]


def flag_columns() -> list[Column[object]]:
    """One row per flag a screening revision raised (kept even before the revision arrives)."""
    return [
        Column("record_key", String(KEY_LENGTH), nullable=False),
        Column("flag", String(64), nullable=False),
    ]


def outcome_columns() -> list[Column[object]]:
    """One row per coded outcome or recommendation of a screening revision."""
    return [
        Column("record_key", String(KEY_LENGTH), nullable=False),
        Column("outcome", String(80), nullable=False),
    ]


def state_columns() -> list[Column[object]]:
    """Bookkeeping: the pseudonym key's fingerprint, the data version, the sweep watermark."""
    return [
        Column("name", String(32), nullable=False),
        Column("value", String(200), nullable=False),
    ]


@dataclass(frozen=True)
class ReportingTables:
    """The reporting store's tables."""

    metadata: MetaData
    screening: Table
    flag: Table
    outcome: Table
    state: Table

    def all(self) -> tuple[Table, ...]:
        return (self.screening, self.flag, self.outcome, self.state)


def _build() -> ReportingTables:
    metadata = MetaData(schema=REPORTING_SCHEMA)
    screening = Table(
        "screening",
        metadata,
        *screening_columns(),
        PrimaryKeyConstraint("record_key", name="pk_screening"),
    )
    Index("ix_screening_subject_key", screening.c.subject_key)
    Index("ix_screening_person_key", screening.c.person_key)
    Index("ix_screening_replaces_key", screening.c.replaces_key)
    flag = Table(
        "flag", metadata, *flag_columns(), PrimaryKeyConstraint("record_key", "flag", name="pk_flag")
    )
    outcome = Table(
        "outcome",
        metadata,
        *outcome_columns(),
        PrimaryKeyConstraint("record_key", "outcome", name="pk_outcome"),
    )
    state = Table("state", metadata, *state_columns(), PrimaryKeyConstraint("name", name="pk_state"))
    return ReportingTables(metadata, screening, flag, outcome, state)


TABLES = _build()
"""The reporting tables (schema ``reporting`` on both databases)."""
