"""Canary: a unique marker written into every text field must turn up in no file we leave behind.

A subprocess (``canary_child``) logs at DEBUG to the station's log folder and to stderr, writes the
marker into every text field of a person and a screening (and its consent, legal basis, amendment
reason and sign-off note), finalises it after a failed attempt, forces errors, snapshots the WAL
and SHM while the station is open, makes a backup, locks and ends. Then the marker is looked for,
in UTF-8, UTF-16-LE and UTF-16-BE, as typed, in lower and in upper case (and its first ten
letters, to catch a truncated copy), in: the database, WAL and SHM files, every file under the
station folder (logs, backups, key slots, scratch), the process's temp folder, files the test
run left in the system temp folder, and the process's stdout and stderr. Positive controls prove
the scan finds the marker in each encoding, inside a plain SQLite database, and in a file dropped
into the station folder.
"""

from __future__ import annotations

import os
import random
import sqlite3
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
MAX_SCAN_BYTES = 256 * 1024 * 1024

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def make_marker() -> str:
    """A name-shaped marker: letters only, so every name and write-in field accepts it."""
    rng = random.SystemRandom()
    return "Qz" + "".join(rng.choice(string.ascii_lowercase) for _ in range(14))


def needles(marker: str) -> dict[bytes, str]:
    """Byte patterns to look for, each with a label saying which form and encoding it is."""
    found: dict[bytes, str] = {}
    for form, text in (("as typed", marker), ("lower", marker.lower()), ("upper", marker.upper()),
                       ("first 10", marker[:10]), ("first 10 lower", marker[:10].lower()),
                       ("first 10 upper", marker[:10].upper())):
        for encoding in ENCODINGS:
            found.setdefault(text.encode(encoding), f"{form}, {encoding}")
    return found


def scan_bytes(data: bytes, patterns: dict[bytes, str]) -> list[str]:
    return sorted({label for pattern, label in patterns.items() if pattern in data})


def files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def scan_files(paths: Iterable[Path], patterns: dict[bytes, str]) -> tuple[int, list[str]]:
    """(files read, hits as "path: labels")."""
    read = 0
    hits: list[str] = []
    for path in paths:
        try:
            if path.stat().st_size > MAX_SCAN_BYTES:
                continue
            data = path.read_bytes()
        except OSError:  # vanished or not ours to read
            continue
        read += 1
        labels = scan_bytes(data, patterns)
        if labels:
            hits.append(f"{path}: {', '.join(labels)}")
    return read, hits


def system_temp_files(since: float, exclude: Path) -> Iterator[Path]:
    """Files in the system temp folder changed since ``since``, outside ``exclude``."""
    root = Path(tempfile.gettempdir())
    excluded = exclude.resolve()
    for folder, dirs, names in os.walk(root, onerror=lambda _: None):
        here = Path(folder)
        if here.resolve() == excluded or excluded in here.resolve().parents:
            dirs[:] = []
            continue
        for name in names:
            path = here / name
            try:
                if path.is_symlink() or not path.is_file() or path.stat().st_mtime < since:
                    continue
            except OSError:
                continue
            yield path


def test_the_scan_finds_the_marker_when_it_is_there(tmp_path: Path) -> None:
    marker = make_marker()
    patterns = needles(marker)
    for encoding in ENCODINGS:
        control = tmp_path / f"control-{encoding}.bin"
        control.write_bytes(b"\x00padding " + f"Name: {marker}.".encode(encoding) + b"\xff")
        read, hits = scan_files([control], patterns)
        assert read == 1 and len(hits) == 1 and f"as typed, {encoding}" in hits[0], hits
    database = tmp_path / "plain.db"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
        conn.execute("INSERT INTO people VALUES (?)", (marker.upper(),))
    _, hits = scan_files([database], patterns)
    assert hits and "upper, utf-8" in hits[0], hits
    truncated = tmp_path / "truncated.txt"
    truncated.write_text(marker[:11].lower(), encoding="utf-16-be")
    _, hits = scan_files([truncated], patterns)
    assert hits and "first 10 lower, utf-16-be" in hits[0], hits


def test_the_marker_is_nowhere_on_disk_or_in_output(tmp_path: Path) -> None:
    marker = make_marker()
    patterns = needles(marker)
    home = tmp_path / "station"
    snapshots = tmp_path / "open-snapshots"
    child_tmp = tmp_path / "child-tmp"
    child_tmp.mkdir()
    started = time.time() - 1
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    env.update(SCREENING_INSECURE_TEST_KDF="1", TMPDIR=str(child_tmp), TEMP=str(child_tmp),
               TMP=str(child_tmp), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.canary_child", str(home), marker, str(snapshots)],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=150,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-4000:]
    summary = done.stdout.decode()
    assert "fields written 20;" in summary, summary
    print("\ncanary child:", summary.strip())

    station_files = list(files_under(home))
    names = {p.name for p in station_files}
    assert {"station.db", "station.keys.json", "audit-head.json", "screening.log",
            "canary.screening-backup"} <= names, names
    log_file = home / "logs" / "screening.log"
    assert "DEBUG" in log_file.read_text(encoding="utf-8")
    snapshot_files = list(files_under(snapshots))
    assert {p.name for p in snapshot_files} == {"station.db-wal", "station.db-shm"}
    assert (snapshots / "station.db-wal").stat().st_size > 0

    hits: list[str] = []
    counts: dict[str, int] = {}
    for label, paths in (
        ("station folder", station_files),
        ("WAL/SHM of the open station", snapshot_files),
        ("the process's temp folder", list(files_under(child_tmp))),
        ("system temp folder (changed during the test)", list(system_temp_files(started, tmp_path))),
    ):
        read, found = scan_files(paths, patterns)
        counts[label] = read
        hits += found
    for stream, data in (("stdout", done.stdout), ("stderr", done.stderr)):
        hits += [f"{stream}: {', '.join(labels)}" for labels in [scan_bytes(data, patterns)] if labels]
    print("canary scan: files read per place:", counts)
    assert not hits, "the marker was found:\n" + "\n".join(hits)

    # Positive control in place: the same walk over the station folder finds a dropped-in copy.
    (home / "logs" / "control.log").write_text(f"control {marker}\n", encoding="utf-16-le")
    _, found = scan_files(files_under(home), patterns)
    assert len(found) == 1 and found[0].startswith(str(home / "logs" / "control.log")), found
