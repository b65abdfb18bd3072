"""Schema 1's own guards: finalised revisions immutable, the demo flag fixed, JSON checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from screening.store.db import Database, open_database
from screening.store.keyslots import new_database_key
from screening.store.migrations import migrate

T = "2025-01-31T09:00:00.000000Z"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "a.db", new_database_key(), create=True)
    migrate(database, backup=None)
    with database.transaction():
        database.execute(
            "INSERT INTO stations (id, name, agency, site, demo, created_at)"
            " VALUES ('st', 'n', 'a', 's', 0, ?)",
            (T,),
        )
        database.execute(
            "INSERT INTO users (id, display_name, role, created_at) VALUES ('u1', 'U', 'custody_officer', ?)",
            (T,),
        )
        database.execute(
            "INSERT INTO people (id, created_at, created_by, updated_at, updated_by)"
            " VALUES ('p', ?, 'u1', ?, 'u1')",
            (T, T),
        )
        for screening, status in (("draft1", "draft"), ("final1", "finalised")):
            database.execute(
                "INSERT INTO screenings (id, person_id, form_id, form_version, status, author_id, started_by,"
                " started_at, screening_date, updated_at)"
                " VALUES (?, 'p', 'f', '1.0.0', 'draft', 'u1', 'u1', ?, '2025-01-31', ?)",
                (screening, T, T),
            )
            database.execute(
                "INSERT INTO answers (screening_id, item_code, value, updated_at, updated_by)"
                " VALUES (?, 'A1', '\"yes\"', ?, 'u1')",
                (screening, T),
            )
            database.execute(
                "INSERT INTO flags (screening_id, code, level, reasons)"
                " VALUES (?, 'self_harm', 'alert', '[]')",
                (screening,),
            )
            database.execute("UPDATE screenings SET status = ? WHERE id = ?", (status, screening))
    yield database
    database.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE screenings SET status = 'draft' WHERE id = 'final1'",
        "UPDATE screenings SET scores = '{\"x\":1}' WHERE id = 'final1'",
        "UPDATE answers SET value = '\"no\"' WHERE screening_id = 'final1'",
        "INSERT INTO answers (screening_id, item_code, value, updated_at, updated_by)"
        " VALUES ('final1', 'A2', '1', 't', 'u1')",
        "DELETE FROM answers WHERE screening_id = 'final1'",
        "UPDATE flags SET level = 'info' WHERE screening_id = 'final1'",
        "DELETE FROM flags WHERE screening_id = 'final1'",
        "DELETE FROM screenings WHERE id = 'final1'",
    ],
)
def test_a_finalised_screening_cannot_be_changed(db: Database, statement: str) -> None:
    with pytest.raises(sqlcipher3.IntegrityError, match="finalised"):
        db.execute(statement)


def test_drafts_change_freely_and_sign_off_is_allowed_on_a_finalised_one(db: Database) -> None:
    db.execute("UPDATE answers SET value = '\"no\"' WHERE screening_id = 'draft1'")
    db.execute("DELETE FROM screenings WHERE id = 'draft1'")
    assert db.query_value("SELECT count(*) FROM answers WHERE screening_id = 'draft1'") == 0
    db.execute("UPDATE screenings SET signed_off_by = 'u1', signed_off_at = ? WHERE id = 'final1'", (T,))


def test_the_retention_purge_may_remove_finalised_records(db: Database) -> None:
    with db.transaction():
        db.execute("INSERT INTO purge_guard (active) VALUES (1)")
        db.execute("DELETE FROM screenings WHERE id = 'final1'")
        db.execute("DELETE FROM purge_guard")
    assert db.query_value("SELECT count(*) FROM answers WHERE screening_id = 'final1'") == 0


def test_the_demo_flag_and_station_id_never_change(db: Database) -> None:
    with pytest.raises(sqlcipher3.IntegrityError, match="demo"):
        db.execute("UPDATE stations SET demo = 1")
    with pytest.raises(sqlcipher3.IntegrityError):
        db.execute(
            "INSERT INTO stations (id, name, agency, site, demo, created_at)"
            " VALUES ('2', 'n', 'a', 's', 1, 't')"
        )
    db.execute("UPDATE stations SET name = 'renamed'")


def test_an_amendment_needs_a_reason_and_replaces_one_revision_once(db: Database) -> None:
    insert = (
        "INSERT INTO screenings (id, person_id, form_id, form_version, status, author_id, started_by,"
        " started_at, screening_date, updated_at, revision, replaces_id, amend_reason)"
        " VALUES (?, 'p', 'f', '1.0.0', 'draft', 'u1', 'u1', 't', '2025-01-31', 't', 2, 'final1', ?)"
    )
    with pytest.raises(sqlcipher3.IntegrityError):
        db.execute(insert, ("amend1", None))
    db.execute(insert, ("amend1", "wrong date of birth"))
    with pytest.raises(sqlcipher3.IntegrityError):
        db.execute(insert, ("amend2", "second amendment of the same revision"))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE answers SET value = 'not json' WHERE screening_id = 'draft1'",
        "UPDATE users SET role = 'wizard'",
        "UPDATE flags SET level = 'severe' WHERE screening_id = 'draft1'",
        "INSERT INTO person_identifiers (person_id, kind, value, value_norm)"
        " VALUES ('p', 'passport', 'x', 'x')",
        "INSERT INTO answers (screening_id, item_code, value, updated_at, updated_by)"
        " VALUES ('nowhere', 'A1', '1', 't', 'u1')",
    ],
)
def test_values_are_checked(db: Database, statement: str) -> None:
    with pytest.raises(sqlcipher3.IntegrityError):
        db.execute(statement)


def test_person_search_uses_indexes(db: Database) -> None:
    plans = {
        "name": "SELECT id FROM people WHERE family_name_norm >= 'smi' AND family_name_norm < 'smj'",
        "dob": "SELECT id FROM people WHERE date_of_birth = '1990-01-01'",
        "identifier": "SELECT person_id FROM person_identifiers WHERE kind = 'pnc' AND value_norm = '99'",
        "alias": "SELECT person_id FROM person_names WHERE family_name_norm = 'smith'",
    }
    for name, query in plans.items():
        detail = " ".join(str(row[3]) for row in db.query("EXPLAIN QUERY PLAN " + query))
        assert "USING" in detail and "INDEX" in detail, (name, detail)
