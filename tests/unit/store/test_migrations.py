"""Schema versions: ordered steps in one transaction each, a backup first, newer refused."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from screening.store import station as station_mod
from screening.store.db import Database, open_database
from screening.store.errors import MigrationError, SchemaTooNewError
from screening.store.keyslots import new_database_key
from screening.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, check_migrations, migrate
from screening.store.station import StationFiles, unlock
from tests.unit.store.conftest import ADMIN_ID, ADMIN_PASS, TestStation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stations"

# The test steps come after the newest released schema (they were numbered 2 while schema 1 was the
# newest).
CURRENT = SCHEMA_VERSION
NEXT = SCHEMA_VERSION + 1
STEP_2 = Migration(NEXT, "test: add a table", statements=("CREATE TABLE extra (x INTEGER)",))
BROKEN_2 = Migration(
    NEXT, "test: fails half way", statements=("CREATE TABLE extra (x)", "SELECT * FROM nowhere")
)


def _fresh(tmp_path: Path) -> tuple[Database, bytearray]:
    key = new_database_key()
    return open_database(tmp_path / "a.db", key, create=True), key


def _backup_into(db: Database, key: bytearray, folder: Path) -> functools.partial[Path]:
    def backup(from_version: int, to_version: int) -> Path:
        target = folder / f"pre-v{from_version}-v{to_version}.db"
        db.export_encrypted(target, key)
        return target

    return functools.partial(backup)


def test_new_database_gets_the_current_schema_without_a_backup(tmp_path: Path) -> None:
    db, _ = _fresh(tmp_path)
    result = migrate(db, backup=None)
    assert (result.from_version, result.to_version, result.backup) == (0, SCHEMA_VERSION, None)
    tables = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "stations",
        "users",
        "people",
        "person_identifiers",
        "screenings",
        "answers",
        "flags",
        "consents",
        "legal_bases",
        "disclosures",
        "outbox",
        "audit",
        "audit_values",
        "settings",
    } <= tables
    assert not migrate(db, backup=None).migrated
    db.close()


def test_existing_database_is_backed_up_before_migrating(tmp_path: Path) -> None:
    db, key = _fresh(tmp_path)
    migrate(db, backup=None)
    db.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    result = migrate(db, backup=_backup_into(db, key, tmp_path), migrations=(*MIGRATIONS, STEP_2))
    assert result.migrated and result.backup == tmp_path / f"pre-v{CURRENT}-v{NEXT}.db"
    assert db.schema_version() == NEXT
    db.close()
    copy = open_database(result.backup, key)
    assert copy.schema_version() == CURRENT
    assert copy.query_value("SELECT value FROM settings WHERE key = 'k'") == "1"
    copy.close()


def test_existing_database_is_not_migrated_without_a_backup(tmp_path: Path) -> None:
    db, _ = _fresh(tmp_path)
    migrate(db, backup=None)
    with pytest.raises(MigrationError, match="no backup"):
        migrate(db, backup=None, migrations=(*MIGRATIONS, STEP_2))
    assert db.schema_version() == CURRENT
    db.close()


def test_a_failing_step_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    db, key = _fresh(tmp_path)
    migrate(db, backup=None)
    with pytest.raises(MigrationError, match=f"stays at format {CURRENT}"):
        migrate(db, backup=_backup_into(db, key, tmp_path), migrations=(*MIGRATIONS, BROKEN_2))
    assert db.schema_version() == CURRENT
    assert db.query_one("SELECT name FROM sqlite_master WHERE name = 'extra'") is None
    db.close()


def test_a_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    db, _ = _fresh(tmp_path)
    migrate(db, backup=None)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNewError, match="newer version of the screening app"):
        migrate(db, backup=None)
    db.close()


def test_unlocking_a_station_from_a_newer_app_is_refused(made_station: TestStation) -> None:
    with made_station.admin() as admin:
        admin.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNewError):
        made_station.admin()


def test_migration_steps_must_be_numbered_in_order() -> None:
    check_migrations(MIGRATIONS)
    with pytest.raises(ValueError):
        check_migrations((*MIGRATIONS, Migration(NEXT + 1, "gap")))


def test_station_unlock_backs_up_then_migrates_and_audits(
    made_station: TestStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(station_mod, "migrate", functools.partial(migrate, migrations=(*MIGRATIONS, STEP_2)))
    with made_station.admin() as admin:
        assert admin.db.schema_version() == NEXT
        events = [r.event for r in admin.audit.records()]
        assert "migrate" in events
        assert admin.verify_audit().ok
    backups = list(StationFiles.at(made_station.home).backups.iterdir())
    assert len(backups) == 1 and backups[0].name.startswith(f"pre-migration-v{CURRENT}-to-v{NEXT}-")


@pytest.mark.parametrize("schema", range(1, SCHEMA_VERSION + 1))
def test_fixture_station_of_every_released_schema_opens(tmp_path: Path, schema: int) -> None:
    source = FIXTURES / f"schema-{schema}"
    assert (source / "README.md").is_file(), f"commit a fixture station for schema {schema}"
    home = tmp_path / "station"
    shutil.copytree(source, home)
    with unlock(home, user_id=ADMIN_ID, passphrase=ADMIN_PASS) as admin:
        assert admin.db.schema_version() == SCHEMA_VERSION
        assert admin.info.demo is True
        assert {u.id for u in admin.list_users()} >= {ADMIN_ID, "pc1234"}
        assert admin.db.query_value("SELECT count(*) FROM screenings") >= 1
        assert admin.check().ok, str(admin.check())
