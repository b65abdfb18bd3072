"""Station store: autosave through the services, SQLCipher's cost, person search, opening the station.

Everything runs on disk (``/var/tmp`` unless it is a tmpfs, else a folder in the repo), because
what is measured is mostly the ``fsync`` of a commit, which a RAM disk would hide.

- autosave of one answer through ``services.screenings.answer`` against a bare SQLCipher
  ``BEGIN; INSERT; COMMIT`` on a connection with the same pragmas, calls interleaved one by one so
  both see the same disk; ratio of medians (target <= 3);
- the bare INSERT + COMMIT workload on SQLCipher against plain SQLite with the same pragmas, median
  of at least 5 interleaved runs (target <= 1.35);
- person search among 100,000 people (rows generated with ``executemany`` in one transaction, in
  the services' own storage format): p95 over a mix of name prefixes, two-name prefixes, dates of
  birth, PNC IDs, NHS numbers and custody record numbers (whole and started) (target < 50 ms);
- opening the station once the key is unwrapped: ``unlock`` with a cheap-KDF slot (its Argon2id
  costs well under a millisecond) plus building the ``Services``, on the 100,000-people station
  (target < 50 ms); and, as its own figure, unwrapping a slot with the production Argon2id
  settings (0.2-0.5 s by design, no target).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from screening.checklist.loader import FormLibrary
from screening.domain.enums import IdentifierKind
from screening.domain.reference import format_nhs_number, nhs_check_digit, pnc_check_letter
from screening.paths import resource_path
from screening.services.core import Services
from screening.services.names import name_key, name_tokens
from screening.services.people import STORE_KIND, identifier_search_key
from screening.services.views import IdentifierEntry, PersonDetails
from screening.store.db import open_database
from screening.store.keyslots import (
    INSECURE_TEST_KDF,
    PRODUCTION_KDF,
    KeySlotFile,
    make_slot,
    new_database_key,
    open_slot,
)
from screening.store.station import Station, StationFiles, create_station, unlock
from tests.bench.run import ROOT, Options, Result, percentile, timed

OFFICER, OFFICER_PASS = "pc1234", "officer passphrase two"
ADMIN, ADMIN_PASS = "admin1", "admin passphrase one"
TEXT_ITEMS = ("A3", "A6", "A17")
PEOPLE = 100_000
VALUE = "x" * 120  # about the size of a typed answer with its JSON quoting

# The pragmas the store sets (screening.store.db), for the plain-SQLite comparison.
PLAIN_PRAGMAS = ("temp_store = MEMORY", "secure_delete = ON", "journal_mode = WAL",
                 "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 5000")
BARE_TABLE = ("CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, screening_id TEXT NOT NULL,"
              " item_code TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL)")
BARE_INSERT = "INSERT INTO bare (screening_id, item_code, value, updated_at) VALUES (?, ?, ?, ?)"


# --- where ---------------------------------------------------------------------------------------


def _filesystem_of(path: Path) -> str:
    """The file system type holding ``path`` (from /proc/mounts; "unknown" elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        inside = len(parts) >= 3 and (
            resolved == parts[1] or resolved.startswith(parts[1].rstrip("/") + "/"))
        if inside and len(parts[1]) >= len(best):
            best, kind = parts[1], parts[2]
    return kind


@contextlib.contextmanager
def _disk_folder() -> Iterator[tuple[Path, str]]:
    """A scratch folder on a real disk, removed afterwards, and its file system type."""
    candidates = [Path("/var/tmp"), ROOT / "build"]
    for parent in candidates:
        if parent.is_dir() or parent == candidates[-1]:
            parent.mkdir(parents=True, exist_ok=True)
            kind = _filesystem_of(parent)
            if kind not in ("tmpfs", "ramfs"):
                break
    folder = Path(tempfile.mkdtemp(prefix="screening-bench-", dir=parent))
    try:
        yield folder, kind
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- a station with a draft ----------------------------------------------------------------------


def _new_station(home: Path) -> None:
    create_station(home, name="Bench", agency="Fictional", site="A", admin_id=ADMIN,
                   admin_name="Admin", admin_passphrase=ADMIN_PASS, kdf=INSECURE_TEST_KDF)
    with unlock(home, user_id=ADMIN, passphrase=ADMIN_PASS) as admin:
        admin.add_user(user_id=OFFICER, display_name="Officer", role="custody_officer",
                       passphrase=OFFICER_PASS, must_change=False, kdf=INSECURE_TEST_KDF)


def _open(home: Path, library: FormLibrary) -> tuple[Station, Services]:
    station = unlock(home, user_id=OFFICER, passphrase=OFFICER_PASS)
    return station, Services(station, library)


def _draft(services: Services) -> UUID:
    person = services.people.create(details=PersonDetails(
        given_names="Bench", family_name="Person", date_of_birth=date(1990, 1, 2)))
    return services.screenings.start(person_id=person.id, form_id="custody-screen").id


# --- 1. autosave through the services vs a bare INSERT + COMMIT ----------------------------------


def _bare_insert(conn: Any, n: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(BARE_INSERT, ("bench", "A3", f"{VALUE}{n}", "2026-01-01T00:00:00.000000Z"))
    conn.execute("COMMIT")


def _autosave(opts: Options, folder: Path, library: FormLibrary) -> list[Result]:
    home = folder / "autosave"
    _new_station(home)
    station, services = _open(home, library)
    bare_db = open_database(folder / "bare.db", new_database_key(), create=True)
    try:
        screening_id = _draft(services)
        bare = bare_db.connection
        bare.execute(BARE_TABLE)
        calls = opts.repeats(400, 150)
        saves: list[float] = []
        inserts: list[float] = []
        for n in range(calls + 20):
            start = time.perf_counter()
            services.screenings.answer(screening_id=screening_id, item_code=TEXT_ITEMS[n % 3],
                                       value=f"{VALUE}{n}")
            middle = time.perf_counter()
            _bare_insert(bare, n)
            end = time.perf_counter()
            if n >= 20:  # warm-up
                saves.append(middle - start)
                inserts.append(end - middle)
    finally:
        bare_db.close()
        station.lock()
    save_ms = statistics.median(saves) * 1000
    insert_ms = statistics.median(inserts) * 1000
    return [Result(
        "autosave one answer through the services", save_ms, "ms", baseline=insert_ms, target=3,
        applies_to="ratio",
        note=f"baseline: bare SQLCipher INSERT+COMMIT, same pragmas; medians of {calls} interleaved "
             f"calls; services p95 {percentile(saves, 95) * 1000:.2f} ms",
    )]


# --- 2. SQLCipher vs plain SQLite ------------------------------------------------------------------


def _plain_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    for pragma in PLAIN_PRAGMAS:
        conn.execute(f"PRAGMA {pragma}").fetchall()
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal" and conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    return conn


def _cipher_vs_plain(opts: Options, folder: Path) -> list[Result]:
    cipher_db = open_database(folder / "cipher.db", new_database_key(), create=True)
    plain = _plain_connection(folder / "plain.db")
    try:
        cipher = cipher_db.connection
        for conn in (cipher, plain):
            conn.execute(BARE_TABLE)
            for n in range(20):
                _bare_insert(conn, n)
        runs = opts.repeats(9, 5)
        per_run = opts.repeats(200, 100)
        cipher_runs: list[float] = []
        plain_runs: list[float] = []

        def workload(conn: Any) -> float:
            start = time.perf_counter()
            for n in range(per_run):
                _bare_insert(conn, n)
            return time.perf_counter() - start

        for _ in range(runs):  # interleaved, so both see the same disk
            cipher_runs.append(workload(cipher))
            plain_runs.append(workload(plain))
        cipher_version = cipher.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        cipher_db.close()
        plain.close()
    cipher_ms = statistics.median(cipher_runs) * 1000 / per_run
    plain_ms = statistics.median(plain_runs) * 1000 / per_run
    return [Result(
        "INSERT+COMMIT on SQLCipher vs plain SQLite", cipher_ms, "ms", baseline=plain_ms,
        target=1.35, applies_to="ratio",
        note=f"median of {runs} runs of {per_run} commits each, per commit; SQLCipher "
             f"{cipher_version}, SQLite {sqlite3.sqlite_version}; WAL, synchronous=FULL",
    )]


# --- 3. person search among 100,000 people, 4. opening the station ----------------------------------


_SYLLABLES = ("ab", "ad", "al", "an", "ar", "as", "ba", "be", "bo", "ca", "ce", "da", "de", "di",
              "el", "em", "en", "er", "fa", "ga", "ha", "he", "il", "in", "ja", "jo", "ka", "ke",
              "la", "le", "li", "lo", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "ol", "om",
              "on", "or", "pa", "pe", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta", "te",
              "ti", "to", "ul", "un", "va", "ve", "wa", "ya", "za", "ze")


def _names(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        parts = rng.randint(*syllables)
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize())
    return sorted(names)


def _valid_nhs(rng: random.Random) -> str:
    while True:
        first = f"{rng.randint(400_000_000, 799_999_999)}"
        check = nhs_check_digit(first)
        if check is not None:
            return first + str(check)


def _populate(services: Services, rng: random.Random, count: int) -> dict[str, list[str]]:
    """``count`` people in the services' storage format; returns sample values to search for."""
    db = services.session.db
    template = db.query_value("SELECT data FROM people LIMIT 1")  # fields not in columns
    given = _names(rng, 400, (2, 3))
    family = _names(rng, 6000, (2, 4))
    keys = {name: name_key(name) for name in given + family}
    name_tokens_of = {name: name_tokens([name]) for name in given + family}
    now = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    people: list[tuple[Any, ...]] = []
    tokens: list[tuple[str, str]] = []
    identifiers: list[tuple[str, str, str, str]] = []
    samples: dict[str, list[str]] = {"name": [], "two names": [], "dob": [], "pnc": [], "nhs": [],
                                     "custody number": [], "custody number start": []}
    first_day = date(1940, 1, 1)
    for n in range(count):
        pid = str(uuid4())
        given_name, family_name = rng.choice(given), rng.choice(family)
        born = first_day + timedelta(days=rng.randrange(25_000))
        people.append((pid, given_name, family_name, keys[given_name], keys[family_name],
                       born.isoformat(), 0, template, 1, now, OFFICER, now, OFFICER))
        tokens += [(token, pid) for token in name_tokens_of[given_name] | name_tokens_of[family_name]]
        custody = f"{rng.randint(1, 60):02d}/{rng.randint(0, 999_999):06d}/{rng.randint(15, 26)}"
        ids = [(IdentifierKind.CUSTODY_RECORD, custody)]
        if rng.random() < 0.6:
            year, serial = rng.randint(80, 99), rng.randint(1, 9_999_999)
            ids.append((IdentifierKind.PNC_ID, f"{year}/{serial:07d}{pnc_check_letter(year, serial)}"))
        if rng.random() < 0.5:
            ids.append((IdentifierKind.NHS_NUMBER, _valid_nhs(rng)))
        for kind, value in ids:
            identifiers.append((pid, STORE_KIND[kind], value, identifier_search_key(kind, value)))
        if n % 97 == 0:
            samples["name"].append(family_name[: rng.randint(2, 5)])
            samples["two names"].append(f"{given_name[:2]} {family_name[:3]}")
            samples["dob"].append(born.strftime("%d/%m/%Y"))
            samples["custody number"].append(custody)
            samples["custody number start"].append(custody[:7])
            for kind, value in ids:
                if kind is IdentifierKind.PNC_ID:
                    samples["pnc"].append(value)
                elif kind is IdentifierKind.NHS_NUMBER:
                    samples["nhs"].append(format_nhs_number(value))
    # In primary-key order, with a large page cache: a bulk load, not a benchmark of one.
    people.sort()
    tokens.sort()
    identifiers.sort(key=lambda row: (row[0], row[1], row[3]))
    db.execute("PRAGMA cache_size = -262144")
    try:
        with db.transaction():
            db.executemany(
                "INSERT INTO people (id, given_names, family_name, given_names_norm,"
                " family_name_norm, date_of_birth, age_in_doubt, data, version, created_at,"
                " created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                people)
            db.executemany("INSERT INTO person_name_tokens (token, person_id) VALUES (?, ?)", tokens)
            db.executemany("INSERT INTO person_identifiers (person_id, kind, value, value_norm)"
                           " VALUES (?, ?, ?, ?)", identifiers)
        db.execute("ANALYZE")
    finally:
        db.execute("PRAGMA cache_size = -2000")
    return samples


def _search_and_open(opts: Options, folder: Path, library: FormLibrary) -> list[Result]:
    home = folder / "people"
    _new_station(home)
    rng = random.Random(20261122)
    station, services = _open(home, library)
    try:
        services.people.create(details=PersonDetails(
            given_names="Template", family_name="Person", date_of_birth=date(1990, 1, 2),
            identifiers=(IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD, value="01/000001/24"),)))
        started = time.perf_counter()
        samples = _populate(services, rng, PEOPLE)
        generated = time.perf_counter() - started
        total = services.session.db.query_value("SELECT count(*) FROM people")
        queries = [(kind, text) for kind, texts in samples.items() for text in texts]
        rng.shuffle(queries)
        queries = queries[: opts.repeats(700, 300)]
        for _, text in queries[:20]:  # warm the page cache, as a station in use would be
            services.people.search(query=text)
        times: dict[str, list[float]] = {}
        empty = 0
        for kind, text in queries:
            start = time.perf_counter()
            found = services.people.search(query=text)
            times.setdefault(kind, []).append(time.perf_counter() - start)
            empty += not found
    finally:
        station.lock()
    every = [t for samples_ in times.values() for t in samples_]
    per_kind = ", ".join(f"{kind} {percentile(t, 95) * 1000:.1f}" for kind, t in sorted(times.items()))
    results = [Result(
        f"person search among {total:,} people (p95)", percentile(every, 95) * 1000, "ms", target=50,
        note=f"{len(every)} queries, median {percentile(every, 50) * 1000:.1f} ms; p95 by kind (ms): "
             f"{per_kind}; {empty} found nobody; {total:,} people generated in {generated:.1f} s",
    )]
    results += _opening(opts, home, library)
    return results


def _opening(opts: Options, home: Path, library: FormLibrary) -> list[Result]:
    files = StationFiles.at(home)
    slots = KeySlotFile.load(files.slots)
    slot = slots.get(OFFICER)
    assert slot is not None and slot.kdf == INSECURE_TEST_KDF

    def open_and_ready() -> Station:
        station = unlock(home, user_id=OFFICER, passphrase=OFFICER_PASS)
        Services(station, library)
        return station

    def open_database_only() -> None:
        db = open_database(files.database, keys.db_key)
        db.query_value("SELECT id FROM stations")
        db.close()

    repeats = opts.repeats(15, 7)
    samples: list[float] = []
    for n in range(repeats + 1):
        start = time.perf_counter()
        station = open_and_ready()
        elapsed = time.perf_counter() - start
        station.lock()
        if n:  # the first open also pays for a cold page cache
            samples.append(elapsed)
    cheap_unwrap = statistics.median(
        timed(lambda: open_slot(slot, station_id=slots.station_id, secret=OFFICER_PASS).wipe())
        for _ in range(repeats))
    keys = open_slot(slot, station_id=slots.station_id, secret=OFFICER_PASS)
    try:
        database_only = statistics.median(timed(open_database_only) for _ in range(repeats))
    finally:
        keys.wipe()
    opened = (statistics.median(samples) - cheap_unwrap) * 1000
    size_mb = files.database.stat().st_size / 1e6
    production = make_slot(station_id="bench", slot_id="u", secret=OFFICER_PASS,
                           db_key=new_database_key(), kdf=PRODUCTION_KDF)
    unwraps = [timed(lambda: open_slot(production, station_id="bench", secret=OFFICER_PASS).wipe())
               for _ in range(opts.repeats(5, 3))]
    return [
        Result("open the station once the key is unwrapped", opened, "ms", target=50,
               note=f"unlock with the login audited, Services ready, minus the cheap-KDF unwrap "
                    f"({cheap_unwrap * 1000:.2f} ms); of which opening the SQLCipher database with "
                    f"the raw key and asserting its pragmas {database_only * 1000:.1f} ms, the rest "
                    f"mostly fsyncs (failed-login counter, login audit row, chain-head file); "
                    f"{size_mb:.0f} MB database; median of {len(samples)}"),
        Result("Argon2id unwrap, production settings", statistics.median(unwraps) * 1000, "ms",
               note=f"deliberate cost, expected 200-500 ms, no target; t={PRODUCTION_KDF.time_cost}, "
                    f"m={PRODUCTION_KDF.memory_kib // 1024} MiB, p={PRODUCTION_KDF.parallelism}; "
                    f"median of {len(unwraps)}"),
    ]


# --- entry point -----------------------------------------------------------------------------------


def benchmarks(opts: Options) -> list[Result]:
    library = FormLibrary.load(resource_path("forms"))
    with _disk_folder() as (folder, filesystem):
        results = _autosave(opts, folder, library)
        results += _cipher_vs_plain(opts, folder)
        results += _search_and_open(opts, folder, library)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for result in results:
        result.note = f"{result.note}; {filesystem} disk, load average {load:.1f}"
    return results
