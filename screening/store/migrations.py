"""Schema versions: ``PRAGMA user_version`` and an ordered list of migration steps.

Each step runs in one transaction together with its version bump, so a crash leaves the database
at the previous version or the next, never between. An existing database is backed up (an
encrypted copy) before the first step runs. A database from a newer version of the app is refused.

To change the schema after a release: append a ``Migration`` with the next version, commit a
fixture station of the new schema in ``tests/fixtures/stations/schema-<n>/``, and never edit a
released step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from screening.store.db import Database
from screening.store.errors import MigrationError, SchemaTooNewError
from screening.store.schema import SCHEMA_1, SCHEMA_2, SCHEMA_3

log = logging.getLogger(__name__)

BackupFn = Callable[[int, int], Path]
"""Called as ``backup(from_version, to_version)`` before migrating; returns the backup's path."""


@dataclass(frozen=True)
class Migration:
    """One step to ``version``: SQL statements and/or a function, run in one transaction."""

    version: int
    description: str
    statements: tuple[str, ...] = ()
    apply: Callable[[Database], None] | None = None


@dataclass(frozen=True)
class MigrationResult:
    """What ``migrate`` did."""

    from_version: int
    to_version: int
    backup: Path | None

    @property
    def migrated(self) -> bool:
        """True if any step ran."""
        return self.to_version != self.from_version


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", statements=SCHEMA_1),
    Migration(
        2,
        "finalised_by apart from sign-off; person name tokens; outbox versions and sync state",
        statements=SCHEMA_2,
    ),
    Migration(3, "where each draft was left (wizard page and question), for resuming", statements=SCHEMA_3),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def check_migrations(migrations: Sequence[Migration]) -> None:
    """Raise ``ValueError`` unless versions run 1, 2, 3... without gaps."""
    for index, step in enumerate(migrations, start=1):
        if step.version != index:
            raise ValueError(f"migration {index} is numbered {step.version}")


def target_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """The version the given steps lead to."""
    return migrations[-1].version if migrations else 0


def check_not_newer(db: Database, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Return the database's schema version; raise ``SchemaTooNewError`` if this app is too old."""
    version = db.schema_version()
    newest = target_version(migrations)
    if version > newest:
        log.error("station schema %d is newer than this app's %d", version, newest)
        raise SchemaTooNewError(
            f"This station was saved by a newer version of the screening app (data format "
            f"{version}; this version understands up to {newest}). Nothing was changed. Install "
            "the newer version of the app on this PC to open it."
        )
    return version


def migrate(
    db: Database,
    *,
    backup: BackupFn | None,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> MigrationResult:
    """Bring ``db`` up to the newest version in ``migrations``.

    A brand-new database (version 0) needs no backup. An existing one is backed up with
    ``backup(from, to)`` first; without a ``backup`` function it is refused.
    """
    check_migrations(migrations)
    current = check_not_newer(db, migrations)
    newest = target_version(migrations)
    if current == newest:
        return MigrationResult(current, current, None)
    backup_path: Path | None = None
    if current > 0:
        if backup is None:
            raise MigrationError(
                "The station needs upgrading but no backup could be made first, so it was left as it was."
            )
        backup_path = backup(current, newest)
        log.info("backup before migrating schema %d to %d written", current, newest)
    for step in migrations[current:]:
        try:
            with db.transaction():
                for statement in step.statements:
                    db.execute(statement)
                if step.apply is not None:
                    step.apply(db)
                db.execute(f"PRAGMA user_version = {int(step.version)}")
        except (sqlcipher3.Error, ValueError, KeyError, TypeError) as exc:
            log.error("migration to schema %d failed (%s)", step.version, type(exc).__name__)
            where = f" A backup from before the upgrade is at {backup_path}." if backup_path else ""
            raise MigrationError(
                f"Upgrading the station to data format {step.version} failed, so it stays at "
                f"format {step.version - 1}.{where} Ask IT for help."
            ) from exc
        log.info("station schema migrated to %d (%s)", step.version, step.description)
    db.assert_pragmas()
    return MigrationResult(current, newest, backup_path)
