"""`screening self-test`: checks that this build (from source or frozen) has what it needs.

Each step returns a ``StepResult``; the command prints one line per step. Later layers add
steps here (station pragmas, PDF rendering, resources).
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    detail: str


def check_sqlcipher() -> str:
    """A temporary encrypted database opens only with its key, and its file is not plain SQLite."""
    import sqlcipher3

    key = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="screening-selftest-") as folder:
        path = Path(folder) / "probe.db"

        def connect(raw_key: bytes) -> Any:
            conn = sqlcipher3.connect(str(path))
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
            return conn

        conn = connect(key)
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        conn.execute("CREATE TABLE probe (value TEXT)")
        conn.execute("INSERT INTO probe VALUES ('self-test')")
        conn.commit()
        conn.close()
        if path.read_bytes()[:16] == b"SQLite format 3\x00":
            raise RuntimeError("the database file is not encrypted")
        wrong = connect(secrets.token_bytes(32))
        try:
            wrong.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            pass
        else:
            raise RuntimeError("a wrong key opened the database")
        finally:
            wrong.close()
        conn = connect(key)
        try:
            (value,) = conn.execute("SELECT value FROM probe").fetchone()
        finally:
            conn.close()
        if value != "self-test":
            raise RuntimeError("the database did not read back what was written")
    if not str(version).startswith("4."):
        raise RuntimeError(f"SQLCipher {version} found; version 4 is required")
    return f"SQLCipher {version} encrypts and refuses a wrong key"


def check_station() -> str:
    """A temporary station is created, unlocked with its pragmas asserted, and locked again.

    Uses the production key-derivation settings (so it also proves Argon2id can get its memory
    here) unless ``SCREENING_INSECURE_TEST_KDF=1`` is set.
    """
    from screening.store.db import pragma_problems
    from screening.store.station import create_station, unlock

    passphrase = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="screening-selftest-") as folder:
        home = Path(folder) / "station"
        create_station(
            home, name="Self-test", agency="Self-test", site="Self-test", admin_id="selftest",
            admin_name="Self-test", admin_passphrase=passphrase,
        )
        station = unlock(home, user_id="selftest", passphrase=passphrase)
        try:
            station.db.assert_pragmas()
            problems = pragma_problems(station.db.connection)
            if problems:
                raise RuntimeError("; ".join(problems))
            checks = station.check()
            if not checks.ok:
                raise RuntimeError(str(checks))
            version = station.db.query_value("PRAGMA cipher_version")
        finally:
            station.lock()
        if not station.locked:
            raise RuntimeError("the station did not lock")
        if (home / "station.db").read_bytes()[:16] == b"SQLite format 3\x00":
            raise RuntimeError("the station database is not encrypted")
    return (f"a temporary station (SQLCipher {version}) was created, unlocked with WAL, "
            "synchronous=FULL, secure_delete and temp_store=MEMORY asserted, checked and locked")


def check_forms() -> str:
    """Every shipped form loads and scores an empty and a sample answer set."""
    from screening.checklist.engine import evaluate
    from screening.checklist.loader import FormLibrary
    from screening.paths import resource_path

    library = FormLibrary.load(resource_path("forms"))
    for form in library.forms.values():
        sample: dict[str, Any] = {}
        for code, item in form.items.items():
            if item.options:
                sample[code] = (item.options[0].code if item.type == "choice"
                                else [item.options[-1].code])
        for answers in ({}, sample):
            evaluate(form, answers, on=date.today(), registry=library.registry)
    return (f"{len(library.forms)} forms and flag registry {library.registry.version} "
            "load and score")


STEPS: list[tuple[str, Callable[[], str]]] = [
    ("sqlcipher", check_sqlcipher),
    ("station", check_station),
    ("forms", check_forms),
]


def run_all() -> Iterator[StepResult]:
    for name, step in STEPS:
        try:
            yield StepResult(name, True, step())
        except Exception as exc:  # noqa: BLE001 - every failure is reported as that step's
            yield StepResult(name, False, f"{type(exc).__name__}: {exc}")
