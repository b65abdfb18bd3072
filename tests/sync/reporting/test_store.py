"""The reporting store: built from the synced records, it matches them, holds nothing that names
anyone, and comes out the same however and in whatever order the records arrive."""

from __future__ import annotations

import json
import os
import random
import stat
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text

from screening.domain.reference import pnc_check_letter
from sync.server import migrate
from sync.server.db import REPORTING_SCHEMA, make_engine, resources
from sync.server.reporting import builder
from sync.server.reporting.aggregates import DIMENSIONS, SCREENINGS, Release
from sync.server.reporting.facts import NAMING_SYSTEM_BASE
from sync.server.reporting.pseudonym import KEY_FILE, PseudonymKey, load_or_create
from sync.server.reporting.schema import TABLES
from tests.sync.conftest import PostgresCluster
from tests.sync.reporting.conftest import Store
from tests.sync.reporting.population import CANARY, Population, flag, generate, patient, response, store


def dump(engine: Engine, tables: Any = None) -> list[str]:
    """Every row of every reporting table (or the tables named), as text."""
    lines = []
    with engine.connect() as connection:
        for table in tables or TABLES.all():
            for row in connection.execute(select(table)):
                lines.append(f"{table.name}: " + json.dumps([str(v) for v in row], ensure_ascii=False))
    return lines


def _rows(engine: Engine) -> Counter[tuple[Any, ...]]:
    with engine.connect() as connection:
        screenings = connection.execute(select(TABLES.screening)).mappings().all()
        flags = connection.execute(select(TABLES.flag)).all()
        outcomes = connection.execute(select(TABLES.outcome)).all()
    return Counter(
        [("s", *sorted((k, v) for k, v in row.items())) for row in screenings]
        + [("f", *row) for row in flags]
        + [("o", *row) for row in outcomes]
    )


# ------------------------------------------------------------------------------------------------
# Totals


def test_the_published_totals_match_the_raw_synced_records(pg_store: Store, release: Release) -> None:
    # Counted from the raw QuestionnaireResponse bodies, by a rule stated here: finalised
    # (completed or amended) and not replaced by a later revision.
    with pg_store.engine.connect() as connection:
        bodies = [
            row.body
            for row in connection.execute(
                select(resources.c.body).where(resources.c.resource_type == "QuestionnaireResponse")
            )
        ]
    replaced = {
        ext["valueReference"]["reference"].split("/")[1]
        for body in bodies
        for ext in body.get("extension", [])
        if ext["url"].endswith("/replaces")
    }
    current = [b for b in bodies if b["status"] in ("completed", "amended") and b["id"] not in replaced]
    protection = release.protection
    assert int(protection.values(SCREENINGS, ())) == len(current) == len(pg_store.population.truth) > 2000
    assert release.total_screenings == len(current)  # the grand total is published

    truth = pg_store.population
    for i, dim in enumerate(DIMENSIONS):
        expected = truth.counts(dim)
        values = protection.values(SCREENINGS, (i,))
        assert {c: int(v) for c, v in zip(release.domains[dim], values, strict=True) if v} == {
            k[0]: n for k, n in expected.items()
        }, dim
    for i, j in [(0, 1), (1, 2), (0, 4), (2, 3)]:
        expected = truth.counts(DIMENSIONS[i], DIMENSIONS[j])
        values = protection.values(SCREENINGS, (i, j))
        for a, first in enumerate(release.domains[DIMENSIONS[i]]):
            for b, second in enumerate(release.domains[DIMENSIONS[j]]):
                assert int(values[a, b]) == expected.get((first, second), 0)
    flags = truth.flag_counts()
    assert {f: int(protection.values(f, ())) for f in release.flags} == {k[0]: n for k, n in flags.items()}
    by_stage = truth.flag_counts("stage")
    for code in release.flags:
        values = protection.values(code, (1,))
        for s, stage in enumerate(release.domains["stage"]):
            assert int(values[s]) == by_stage.get((code, stage), 0)


def test_the_stores_on_postgresql_and_sqlite_hold_the_same_facts(
    pg_store: Store, sqlite_store: Store
) -> None:
    keyed = {"record_key", "subject_key", "person_key", "replaces_key", "day"}

    def facts(engine: Engine) -> Counter[tuple[Any, ...]]:
        with engine.connect() as connection:
            rows = connection.execute(select(TABLES.screening)).mappings().all()
        return Counter(tuple(sorted((k, v) for k, v in row.items() if k not in keyed)) for row in rows)

    assert facts(pg_store.engine) == facts(sqlite_store.engine)


# ------------------------------------------------------------------------------------------------
# Incremental updates


def _small_store(tmp_path: Path, population: Population) -> tuple[Engine, PseudonymKey]:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    store(engine, population)
    return engine, load_or_create(tmp_path / "keys")


def test_updates_in_any_order_and_repeated_give_the_store_a_rebuild_gives(tmp_path: Path) -> None:
    population = generate(120, seed=11)
    engine, key = _small_store(tmp_path, population)
    refs = [(t, i) for t, i, _, _ in population.records]
    rng = random.Random(3)
    rng.shuffle(refs)  # flags before their responses, amendments before what they replace, ...
    for start in range(0, len(refs), 17):
        builder.apply_changes(engine, key, refs[start : start + 17])
    builder.apply_changes(engine, key, refs[: len(refs) // 2])  # a batch replayed
    incremental = _rows(engine)
    builder.rebuild(engine, key)
    assert _rows(engine) == incremental
    with engine.connect() as connection:
        current = connection.execute(
            select(TABLES.screening.c.record_key).where(TABLES.screening.c.superseded.is_(False))
        ).all()
    assert len(current) == len(population.truth)
    engine.dispose()


def test_on_postgresql_updates_in_any_order_give_a_rebuild_and_go_on_after_one(
    postgres: PostgresCluster, tmp_path: Path
) -> None:
    population = generate(120, seed=13)
    url = postgres.create_database("reporting_updates")
    migrate.upgrade(url)
    engine = make_engine(url)
    store(engine, population)
    key = load_or_create(tmp_path / "keys")
    refs = [(t, i) for t, i, _, _ in population.records]
    random.Random(4).shuffle(refs)  # many Patients, responses and flags in each update
    for start in range(0, len(refs), 61):
        builder.apply_changes(engine, key, refs[start : start + 61])
    incremental = _rows(engine)
    builder.rebuild(engine, key)
    assert _rows(engine) == incremental
    with engine.connect() as connection:
        rebuilt_version = builder.data_version(connection)
    # The version a rebuild sets (a millisecond timestamp) still counts up after it.
    summary = builder.apply_changes(engine, key, refs)
    assert summary.screenings > 0 and summary.people > 0
    with engine.connect() as connection:
        assert builder.data_version(connection) == rebuilt_version + 1
    assert _rows(engine) == incremental
    engine.dispose()


def _put(engine: Engine, resource_type: str, body: dict[str, Any], *, agency: str = "force-a") -> None:
    from datetime import UTC, datetime

    from sync.server.db import insert_if_absent

    now = datetime.now(UTC)
    with engine.begin() as connection:
        values = {
            "resource_type": resource_type,
            "resource_id": body["id"],
            "station_id": f"station-{agency}",
            "agency_id": agency,
            "content_hash": uuid.uuid4().hex,
            "version": 1,
            "body": body,
            "author_id": "u",
            "author_role": "custody_officer",
            "signature": "x",
            "sealed_at": now,
            "received_at": now,
            "updated_at": now,
        }
        if not insert_if_absent(connection, resources, **values):
            connection.execute(
                resources.update()
                .where(resources.c.resource_type == resource_type, resources.c.resource_id == body["id"])
                .values(body=body, updated_at=now)
            )


def test_a_changed_person_record_restates_their_screenings(tmp_path: Path) -> None:
    engine, key = _small_store(tmp_path, generate(1, seed=5))
    subject = str(uuid.uuid4())
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    _put(
        engine,
        "QuestionnaireResponse",
        response(first, form="custody-screen", subject=subject, on=date(2024, 3, 1), marker="m"),
    )
    _put(
        engine,
        "QuestionnaireResponse",
        response(second, form="custody-screen", subject=subject, on=date(2024, 3, 20), marker="m"),
    )
    builder.apply_changes(engine, key, [("QuestionnaireResponse", first), ("QuestionnaireResponse", second)])

    def rows() -> list[Any]:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    select(TABLES.screening).order_by(TABLES.screening.c.month, TABLES.screening.c.day)
                )
            )

    before = sorted(rows(), key=lambda r: r.day)
    assert {r.ethnicity_group for r in before} == {"unknown"} and {r.age_band for r in before} == {"unknown"}
    assert before[1].day - before[0].day == 19
    # The Patient arrives (after its screenings), then changes: ethnicity, date of birth, a PNC ID.
    _put(
        engine,
        "Patient",
        patient(
            subject,
            marker="m",
            ethnicity="black_african",
            sex_iso="2",
            birth=date(2007, 3, 10),
            identifiers=[],
        ),
    )
    builder.apply_changes(engine, key, [("Patient", subject)])
    middle = sorted(rows(), key=lambda r: r.day)
    assert [r.age_band for r in middle] == ["under_18", "under_18"]
    assert {r.ethnicity_group for r in middle} == {"black"} and {r.sex for r in middle} == {"female"}
    _put(
        engine,
        "Patient",
        patient(
            subject,
            marker="m",
            ethnicity="white_irish",
            sex_iso="2",
            birth=date(2005, 3, 10),
            identifiers=[(NAMING_SYSTEM_BASE + "pnc-id", f"99/0001234{pnc_check_letter(99, 1234)}")],
        ),
    )
    builder.apply_changes(engine, key, [("Patient", subject)])
    after = sorted(rows(), key=lambda r: r.day)
    assert [r.age_band for r in after] == ["18_24", "18_24"]
    assert {r.ethnicity for r in after} == {"white_irish"}
    assert after[0].person_key != middle[0].person_key  # now linked by the PNC ID, not the record
    assert after[1].day - after[0].day == 19  # intervals survive the new person key's shift
    assert {r.month for r in after} == {"2024-03"}
    engine.dispose()


def test_a_store_built_with_another_key_is_not_mixed_with_new_rows(tmp_path: Path) -> None:
    population = generate(10, seed=2)
    engine, key = _small_store(tmp_path, population)
    builder.rebuild(engine, key)
    other = PseudonymKey(os.urandom(32))
    with pytest.raises(builder.StaleKeyError, match="rebuild"):
        builder.apply_changes(engine, other, [("QuestionnaireResponse", population.truth[0].record_id)])
    assert builder.update_after_push(engine, other, b'{"entry": []}') is not None  # nothing to do
    body = json.dumps(
        {
            "entry": [
                {
                    "response": {
                        "status": "201",
                        "location": f"QuestionnaireResponse/{population.truth[0].record_id}/_history/1",
                    }
                }
            ]
        }
    ).encode()
    assert builder.update_after_push(engine, other, body) is None  # refused, logged, push unaffected
    builder.rebuild(engine, other)
    assert (
        builder.apply_changes(
            engine, other, [("QuestionnaireResponse", population.truth[0].record_id)]
        ).screenings
        == 1
    )
    engine.dispose()


def test_the_pseudonym_key_is_a_private_file_outside_the_database(pg_store: Store) -> None:
    path = pg_store.keys_dir / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create(pg_store.keys_dir).secret == pg_store.key.secret  # never replaced
    secret_hex = pg_store.key.secret.hex()
    with pg_store.engine.connect() as connection:
        everything = " ".join(dump(pg_store.engine)) + " ".join(
            str(r) for r in connection.execute(text("SELECT * FROM resources"))
        )
    assert secret_hex not in everything


# ------------------------------------------------------------------------------------------------
# Canary


def _found(lines: list[str], markers: list[str]) -> set[str]:
    blob = "\n".join(lines)
    return {m for m in markers if m in blob}


def test_no_name_date_of_birth_identifier_or_free_text_reaches_the_reporting_store(pg_store: Store) -> None:
    markers = pg_store.population.markers
    kinds = {
        "names": [m for m in markers if m.endswith(("-FAMILY", "-GIVEN"))],
        "free text": [m for m in markers if m.endswith("-FREETEXT")],
        "dates of birth": [m for m in markers if len(m) == 10 and m[4] == "-"],
        "PNC IDs": [m for m in markers if "/" in m],
        "NHS numbers": [m for m in markers if m.isdigit()],
        "custody record numbers": [m for m in markers if m.startswith(CANARY + "CUST")],
        "record ids": [m for m in markers if m.count("-") == 4 and len(m) == 36],
    }
    assert all(len(found) >= 50 for found in kinds.values()), {k: len(v) for k, v in kinds.items()}
    reporting = dump(pg_store.engine)
    assert len(reporting) > 2000
    # Positive control 1: the same scan finds every kind of marker in the synced records.
    with pg_store.engine.connect() as connection:
        raw = [json.dumps(row.body) for row in connection.execute(select(resources.c.body))]
    for kind, found in kinds.items():
        assert _found(raw, found), f"the scan cannot see {kind} even where they are"
    # The test itself: none of them in any reporting table (and no marker prefix at all).
    for kind, found in kinds.items():
        assert not _found(reporting, found), f"{kind} reached the reporting store"
    assert CANARY not in "\n".join(reporting)
    # Positive control 2: a marker planted in a reporting table is found by the same scan.
    planted = markers[0]
    with pg_store.engine.connect() as connection:
        transaction = connection.begin()
        connection.execute(TABLES.outcome.insert().values(record_key="x" * 64, outcome=planted[:80]))
        rows = [f"outcome: {list(r)}" for r in connection.execute(select(TABLES.outcome))]
        transaction.rollback()
    assert _found(rows, [planted[:80]])


def test_the_reporting_store_lives_in_its_own_schema(pg_store: Store) -> None:
    with pg_store.engine.connect() as connection:
        tables = {
            row.table_name
            for row in connection.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": REPORTING_SCHEMA},
            )
        }
        public = {
            row.table_name
            for row in connection.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            )
        }
    assert tables == {t.name for t in TABLES.all()}
    assert not tables & public


def _reporting_differences(url: str) -> list[object]:
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_schemas": True,
                    "include_name": lambda name, kind, _parent: (
                        name == REPORTING_SCHEMA if kind == "schema" else True
                    ),
                },
            )
            return list(compare_metadata(context, TABLES.metadata))
    finally:
        engine.dispose()


def test_the_migration_builds_exactly_the_reporting_tables_on_sqlite(tmp_path: Path) -> None:
    assert _reporting_differences(f"sqlite:///{tmp_path / 'c.sqlite3'}") == []
    assert (tmp_path / "c.reporting.sqlite3").exists()  # a database file of its own


def test_the_migration_builds_exactly_the_reporting_tables_on_postgresql(postgres: PostgresCluster) -> None:
    assert _reporting_differences(postgres.create_database("reporting_schema")) == []


def test_flags_are_kept_until_their_screening_arrives(tmp_path: Path) -> None:
    engine, key = _small_store(tmp_path, generate(1, seed=9))
    subject, response_id = str(uuid.uuid4()), str(uuid.uuid4())
    body = flag(response_id, subject, "SELF_HARM_RISK", date(2024, 2, 2))
    _put(engine, "Flag", body)
    builder.apply_changes(engine, key, [("Flag", body["id"])])
    _put(
        engine,
        "QuestionnaireResponse",
        response(response_id, form="custody-screen", subject=subject, on=date(2024, 2, 2), marker="m"),
    )
    builder.apply_changes(engine, key, [("QuestionnaireResponse", response_id)])
    with engine.connect() as connection:
        joined = (
            connection.execute(
                select(TABLES.flag.c.flag).join(
                    TABLES.screening, TABLES.screening.c.record_key == TABLES.flag.c.record_key
                )
            )
            .scalars()
            .all()
        )
    assert joined == ["SELF_HARM_RISK"]
    engine.dispose()


def test_a_centre_with_nothing_synced_yet_publishes_empty_figures(tmp_path: Path) -> None:
    from sync.server.reporting import aggregates
    from sync.server.reporting.auth import CentralRole, CentralUser
    from sync.server.reporting.web import _dashboard

    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    release = aggregates.build_release(engine)
    assert release.flags == () and release.total_screenings == 0
    assert aggregates.follow_through_json(release)["rows"][-1]["flagged_at_custody"] == 0
    assert "# Disclosure control" in aggregates.release_csv(release)
    assert "No screenings have been synced yet" in _dashboard(
        release, CentralUser("u", "u", CentralRole.ANALYST), None
    )
    engine.dispose()
