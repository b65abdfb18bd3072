"""The central service's schema, keys and command line, without HTTP."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from sync.protocol import ChangeFeed, FormVersionChange, RegistryVersionChange, verify_change
from sync.server import feed, migrate
from sync.server.cli import main
from sync.server.db import make_engine, metadata, stations
from sync.server.keys import KeysError, init_keys, load_keys
from tests.sync.conftest import PostgresCluster

ROOT = Path(__file__).resolve().parents[2]


def _schema_differences(url: str) -> list[object]:
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_the_migration_builds_exactly_the_tables_the_code_uses_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert _schema_differences(url) == []
    assert migrate.current_revision(url) == migrate.head_revision()
    migrate.upgrade(url)  # a second upgrade is a no-op


def test_the_migration_builds_exactly_the_tables_the_code_uses_on_postgresql(
    postgres: PostgresCluster,
) -> None:
    url = postgres.create_database("schema_check")
    assert _schema_differences(url) == []


def test_centre_keys_are_private_files_that_are_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    keys = init_keys(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("centre-encryption.key", "centre-signing.key"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert load_keys(folder).public() == keys.public()
    with pytest.raises(KeysError, match="already holds"):
        init_keys(folder)
    assert load_keys(folder).public() == keys.public()
    with pytest.raises(KeysError, match="keys init"):
        load_keys(tmp_path / "nowhere")


def test_the_command_line_runs_a_centre(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    common = ["--db", db, "--keys", str(tmp_path / "keys")]

    def run(*args: str) -> tuple[int, str, str]:
        status = main([*args, *common])
        out, err = capsys.readouterr()
        return status, out, err

    assert run("keys", "init")[0] == 0
    assert run("keys", "init")[0] == 1
    assert run("db", "upgrade")[0] == 0
    assert run("agency", "add", "--id", "met", "--name", "Met Police", "--type", "police")[0] == 0
    status, _, err = run("agency", "add", "--id", "met", "--name", "Again", "--type", "police")
    assert status == 1 and "exists already" in err
    status, _, err = run("station", "enrol-code", "--agency", "nope", "--site", "S")
    assert status == 1 and "no agency nope" in err
    status, out, _ = run("station", "enrol-code", "--agency", "met", "--site", "Charing Cross")
    assert status == 0
    code = out.strip()
    assert len(code) == 24 and code.count("-") == 4

    status, _, err = run("station", "revoke", "no-such-station")
    assert status == 1 and "no station" in err

    assert run("form", "publish", str(ROOT / "forms" / "custody-screen" / "1.0.0.yaml"))[0] == 0
    assert run("registry", "publish", str(ROOT / "forms" / "flags.yaml"))[0] == 0
    not_a_form = tmp_path / "bad.yaml"
    not_a_form.write_text("- just\n- a list\n")
    status, _, err = run("form", "publish", str(not_a_form))
    assert status == 1 and "does not hold a definition" in err

    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            page = feed.read(connection, station_id="any", cursor=feed.Cursor(), limit=10)
            assert connection.execute(select(stations)).all() == []
    finally:
        engine.dispose()
    form, registry = page.changes
    assert isinstance(form, FormVersionChange) and form.form_id == "custody-screen"
    assert form.content == (ROOT / "forms" / "custody-screen" / "1.0.0.yaml").read_text(encoding="utf-8")
    assert isinstance(registry, RegistryVersionChange) and registry.version == "1.0.0"
    centre = load_keys(tmp_path / "keys").public().signing_verify_key()
    for change in page.changes:
        verify_change(change, centre)
    ChangeFeed(cursor=str(page.cursor), changes=page.changes)  # serialisable as the wire model


def test_a_missing_database_is_reported_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "agency",
            "add",
            "--id",
            "a",
            "--name",
            "A",
            "--type",
            "court",
            "--db",
            f"sqlite:///{tmp_path / 'empty.db'}",
        ]
    )
    assert status == 1
    assert "db upgrade" in capsys.readouterr().err
