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
    ("forms", check_forms),
]


def run_all() -> Iterator[StepResult]:
    for name, step in STEPS:
        try:
            yield StepResult(name, True, step())
        except Exception as exc:  # noqa: BLE001 - every failure is reported as that step's
            yield StepResult(name, False, f"{type(exc).__name__}: {exc}")
