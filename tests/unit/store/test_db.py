"""The SQLCipher connection: pragmas asserted, wrong keys and damage reported clearly."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from screening.store import db as dbmod
from screening.store.db import Database, integrity_check_file, open_database
from screening.store.errors import (
    PragmaDriftError,
    StationDamagedError,
    StationNotFoundError,
    WrongKeyError,
)
from screening.store.keyslots import new_database_key

MARKER = "PLAINTEXT-MARKER-7f3a"
PAGE = 4096


def _filled(path: Path, key: bytearray, rows: int = 400) -> Database:
    db = open_database(path, key, create=True)
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    with db.transaction():
        db.executemany(
            "INSERT INTO t (body) VALUES (?)", [(f"{MARKER} row {i} " + "x" * 300,) for i in range(rows)]
        )
    return db


def _read_everything(db: Database) -> None:
    for row in db.query("SELECT name FROM sqlite_master WHERE type = 'table'"):
        db.query(f"SELECT * FROM {row['name']}")


def test_required_pragmas_hold(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db", new_database_key(), create=True)
    conn = db.connection
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA cipher_log_level").fetchone()[0] == "NONE"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


@pytest.mark.parametrize(
    "drift",
    [
        "PRAGMA secure_delete = OFF",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA temp_store = FILE",
        "PRAGMA cipher_log_level = DEBUG",
    ],
)
def test_drifted_pragma_is_refused(tmp_path: Path, drift: str) -> None:
    db = open_database(tmp_path / "a.db", new_database_key(), create=True)
    db.connection.execute(drift).fetchall()
    with pytest.raises(PragmaDriftError, match="required security settings"):
        db.assert_pragmas()
    db.close()


def test_wrong_cipher_major_version_is_refused_at_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dbmod, "REQUIRED_CIPHER_MAJOR", "5.")
    with pytest.raises(PragmaDriftError, match="cipher_version"):
        open_database(tmp_path / "a.db", new_database_key(), create=True)


def test_wrong_key_is_a_clear_error_and_logs_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.db"
    _filled(path, new_database_key(), rows=3).close()
    capfd.readouterr()
    with pytest.raises(WrongKeyError):
        open_database(path, new_database_key())
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_missing_database_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StationNotFoundError):
        open_database(tmp_path / "absent.db", new_database_key())


def test_plain_sqlite_cannot_read_it_and_no_plaintext_is_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = _filled(path, new_database_key())
    on_disk = [p for p in tmp_path.iterdir() if p.is_file()]
    assert {p.name for p in on_disk} >= {"a.db", "a.db-wal"}
    for file in on_disk:
        data = file.read_bytes()
        assert MARKER.encode("utf-8") not in data and MARKER.encode("utf-16-le") not in data
    db.close()
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()


@pytest.mark.parametrize("seed", range(6))
def test_one_flipped_byte_in_a_random_page_is_reported_as_damage(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "a.db"
    key = new_database_key()
    db = _filled(path, key)
    db.checkpoint()
    db.close()
    pages = path.stat().st_size // PAGE
    rng = random.Random(seed)
    page = rng.randrange(2, pages + 1)  # page 1 is covered by the wrong-key/page-1 test below
    offset = (page - 1) * PAGE + rng.randrange(0, PAGE)
    data = bytearray(path.read_bytes())
    data[offset] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))

    with pytest.raises(StationDamagedError, match="damaged"):
        damaged = open_database(path, key)
        try:
            _read_everything(damaged)
        finally:
            damaged.close()
    problems = integrity_check_file(path, key)
    assert any(f"Page {page} failed its authentication check" in p for p in problems), problems


def test_damaged_page_one_is_named_by_the_file_check(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    key = new_database_key()
    _filled(path, key, rows=3).close()
    data = bytearray(path.read_bytes())
    data[100] ^= 0x40
    path.write_bytes(bytes(data))
    problems = integrity_check_file(path, key)
    assert len(problems) == 1 and "Page 1" in problems[0]


def test_integrity_check_passes_on_a_healthy_database(tmp_path: Path) -> None:
    db = _filled(tmp_path / "a.db", new_database_key())
    assert db.integrity_check() == []
    db.close()


def test_rekey_moves_the_database_to_the_new_key(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    old, new = new_database_key(), new_database_key()
    db = _filled(path, old, rows=20)
    db.rekey(new)
    db.close()
    with pytest.raises(WrongKeyError):
        open_database(path, old)
    reopened = open_database(path, new)
    assert reopened.query_value("SELECT count(*) FROM t") == 20
    reopened.close()


def test_encrypted_export_is_a_keyed_copy(tmp_path: Path) -> None:
    key = new_database_key()
    db = _filled(tmp_path / "a.db", key, rows=10)
    db.execute("PRAGMA user_version = 7")
    db.export_encrypted(tmp_path / "copy.db", key)
    db.close()
    assert MARKER.encode() not in (tmp_path / "copy.db").read_bytes()
    copy = open_database(tmp_path / "copy.db", key)
    assert copy.query_value("SELECT count(*) FROM t") == 10
    assert copy.schema_version() == 7
    copy.close()


def test_transactions_roll_back_and_nest(tmp_path: Path) -> None:
    db = _filled(tmp_path / "a.db", new_database_key(), rows=0)
    done: list[str] = []
    with pytest.raises(RuntimeError), db.transaction():
        db.execute("INSERT INTO t (body) VALUES ('a')")
        db.after_commit(lambda: done.append("never"))
        raise RuntimeError("boom")
    assert db.query_value("SELECT count(*) FROM t") == 0 and done == []
    with db.transaction():
        db.execute("INSERT INTO t (body) VALUES ('outer')")
        with pytest.raises(RuntimeError), db.transaction():
            db.execute("INSERT INTO t (body) VALUES ('inner')")
            raise RuntimeError("inner fails")
        db.after_commit(lambda: done.append("committed"))
    assert [r["body"] for r in db.query("SELECT body FROM t")] == ["outer"]
    assert done == ["committed"]
    assert not db.in_transaction
    db.close()
    assert db.closed
