"""Fixtures for the reporting tests: a generated population stored as synced records on the
throwaway PostgreSQL (and on SQLite), the reporting store built from it, and the release."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from sync.server import migrate
from sync.server.db import make_engine
from sync.server.reporting import aggregates, builder
from sync.server.reporting.aggregates import Release
from sync.server.reporting.pseudonym import PseudonymKey, load_or_create
from tests.sync.conftest import PostgresCluster
from tests.sync.reporting.population import Population, generate, store

PEOPLE = 1500
"""About 2,300 screenings over 12 months, across custody, court, probation and prison."""


@dataclass
class Store:
    """A central database holding the population, with the reporting store built."""

    engine: Engine
    url: str
    key: PseudonymKey
    keys_dir: Path
    population: Population


@pytest.fixture(scope="session")
def population() -> Population:
    return generate(PEOPLE)


def _build(url: str, folder: Path, population: Population) -> Store:
    migrate.upgrade(url)
    engine = make_engine(url)
    store(engine, population)
    key = load_or_create(folder / "keys")
    builder.rebuild(engine, key)
    return Store(engine, url, key, folder / "keys", population)


@pytest.fixture(scope="session")
def pg_store(
    postgres: PostgresCluster, population: Population, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    built = _build(postgres.create_database("reporting"), tmp_path_factory.mktemp("reporting-pg"), population)
    yield built
    built.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_store(population: Population, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("reporting-sqlite")
    built = _build(f"sqlite:///{folder / 'central.sqlite3'}", folder, population)
    yield built
    built.engine.dispose()


@pytest.fixture(scope="session")
def release(pg_store: Store) -> Release:
    """Every published figure, built once from the PostgreSQL store."""
    return aggregates.build_release(pg_store.engine)


def _sqlite_release(factory: pytest.TempPathFactory, name: str, population: Population) -> Iterator[Release]:
    folder = factory.mktemp(name)
    built = _build(f"sqlite:///{folder / 'central.sqlite3'}", folder, population)
    yield aggregates.build_release(built.engine)
    built.engine.dispose()


@pytest.fixture(scope="session")
def seed_1_release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Release]:
    """The first population's kind with another seed, built once in SQLite."""
    yield from _sqlite_release(tmp_path_factory, "reporting-seed-1", generate(PEOPLE, seed=1))


@pytest.fixture(scope="session")
def ld_custody_release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Release]:
    """A population where Liaison & Diversion also screens in the custody suite (an agency type at
    two stages), built once in SQLite."""
    population = generate(PEOPLE, ld_in_custody=0.12)
    yield from _sqlite_release(tmp_path_factory, "reporting-ld-custody", population)
