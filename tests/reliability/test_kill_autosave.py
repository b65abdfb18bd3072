"""SIGKILL a process autosaving answers through the services, 200 times, at random moments.

Afterwards every answer whose save had returned (the worker printed it) is in the database, the
screening's answers agree with the last saves, the audit chain verifies, and the database passes
``PRAGMA integrity_check`` and ``PRAGMA cipher_integrity_check`` (checked every 50 kills too).
Most kills must land while a save is in progress: the worker's loop is almost nothing but
``answer(...)`` calls.

One fork server (``autosave_child``) imports and loads everything once; each run is a fresh
process forked from it, so the 200 kills cost seconds, not minutes.
"""

from __future__ import annotations

import json
import mmap
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import IO
from uuid import UUID

import pytest

from screening.checklist.loader import FormLibrary
from screening.domain.enums import IdentifierKind
from screening.paths import resource_path
from screening.services.core import Services
from screening.services.views import IdentifierEntry, PersonDetails
from screening.store.keyslots import INSECURE_TEST_KDF
from screening.store.station import create_station, unlock
from tests.reliability.autosave_child import (
    STATE_READY,
    STATE_SAVED,
    STATE_SAVING,
    STATE_SIZE,
    STATE_STARTING,
    read_state,
)

ROOT = Path(__file__).resolve().parents[2]
KILLS = 200
CHECK_EVERY = 50
OFFICER = "pc1234"
OFFICER_PASS = "officer passphrase two"
ITEMS = ("A3", "A6", "A17")  # free-text items of custody-screen 1.0.0
MAX_DELAY = 0.12  # seconds of saving before the kill, uniform from 0

pytestmark = [pytest.mark.slow, pytest.mark.timeout(280),
              pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")]


def _make_station(home: Path) -> UUID:
    """A station with a custody officer, one person and one draft custody screening."""
    create_station(home, name="Kill test", agency="Fictional", site="A", admin_id="admin1",
                   admin_name="Admin", admin_passphrase="admin passphrase one", kdf=INSECURE_TEST_KDF)
    with unlock(home, user_id="admin1", passphrase="admin passphrase one") as admin:
        admin.add_user(user_id=OFFICER, display_name="Officer", role="custody_officer",
                       passphrase=OFFICER_PASS, must_change=False, kdf=INSECURE_TEST_KDF)
    station = unlock(home, user_id=OFFICER, passphrase=OFFICER_PASS)
    try:
        services = Services(station, FormLibrary.load(resource_path("forms")))
        person = services.people.create(details=PersonDetails(
            given_names="Test", family_name="Person", date_of_birth=date(1990, 1, 2),
            identifiers=(IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD, value="01AB1234524"),),
        ))
        draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
        form = services.screenings.form_of(screening_id=draft.id)
        assert all(form.items[code].type == "text" for code in ITEMS)
        return draft.id
    finally:
        station.lock()


class _Lines:
    """Lines from the fork server's stdout, read by a thread so nothing blocks."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in stream:
            self.queue.put(raw.decode("ascii").rstrip("\n"))
        self.queue.put(None)

    def until(self, prefix: str, collected: list[str], timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {prefix!r} line within {timeout}s")
            line = self.queue.get(timeout=remaining)
            if line is None:
                raise AssertionError(f"the fork server ended while waiting for {prefix!r}")
            if line.startswith(prefix):
                return line
            collected.append(line)


def _order(value: str) -> tuple[int, int]:
    run, _, count = value[1:].partition("n")
    return int(run), int(count)


def test_every_returned_autosave_survives_sigkill(tmp_path: Path) -> None:
    home = tmp_path / "station"
    screening_id = _make_station(home)
    secret = tmp_path / "passphrase"
    secret.write_text(OFFICER_PASS + "\n")
    secret.chmod(0o600)
    state_file = tmp_path / "state"
    state_file.write_bytes(bytes(STATE_SIZE))
    errors = tmp_path / "server.err"
    rng = random.Random(int(os.environ.get("KILL_TEST_SEED", "20261122")))

    with errors.open("wb") as err, state_file.open("r+b") as handle:
        view = mmap.mmap(handle.fileno(), STATE_SIZE)
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.autosave_child", str(home), OFFICER,
             str(secret), str(state_file)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
        )
        assert server.stdin is not None and server.stdout is not None
        lines = _Lines(server.stdout)
        states: Counter[int] = Counter()
        saved: list[tuple[str, str]] = []
        started = time.monotonic()
        try:
            lines.until("Z ready", [], timeout=60)
            for run in range(1, KILLS + 1):
                server.stdin.write(f"run {run} {screening_id} {','.join(ITEMS)}\n".encode())
                server.stdin.flush()
                output: list[str] = []
                pid = int(lines.until("Z started", output).split()[2])
                lines.until(f"S ready {run}", output)
                time.sleep(rng.uniform(0, MAX_DELAY))
                os.kill(pid, signal.SIGKILL)
                status = int(lines.until(f"Z exited {pid}", output).split()[3])
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                    f"run {run} ended by itself: {errors.read_text()}")
                state, _count = read_state(view)
                states[state] += 1
                saved += [(p[2], p[3]) for p in (line.split() for line in output) if p[1] == "saved"]
                if run % CHECK_EVERY == 0:
                    with unlock(home, user_id=OFFICER, passphrase=OFFICER_PASS) as station:
                        assert station.integrity_check() == [], f"after {run} kills"
        finally:
            server.stdin.close()
            server.wait(timeout=30)
            view.close()
        elapsed = time.monotonic() - started

    with unlock(home, user_id=OFFICER, passphrase=OFFICER_PASS) as station:
        problems = station.integrity_check()
        audit = station.verify_audit()
        rows = station.db.query(
            "SELECT a.seq, a.details, v.new FROM audit a JOIN audit_values v ON v.seq = a.seq"
            " WHERE a.event = 'edit' AND a.subjects = ? ORDER BY a.seq",
            (json.dumps({"screening": str(screening_id)}, separators=(",", ":")),),
        )
        answers = {str(r["item_code"]): json.loads(r["value"]) for r in station.db.query(
            "SELECT item_code, value FROM answers WHERE screening_id = ?", (str(screening_id),))
            if r["item_code"] in ITEMS}

    audited: dict[str, str] = {}
    last_audited: dict[str, str] = {}
    for row in rows:
        item = json.loads(row["details"])["item"]
        value = json.loads(row["new"])
        audited[value] = item
        last_audited[item] = value
    missing = [value for item, value in saved if audited.get(value) != item]
    last_saved: dict[str, str] = {}
    for item, value in saved:
        last_saved[item] = value
    mid_save = states[STATE_SAVING]
    print(
        f"\nkill test: {KILLS} SIGKILLs in {elapsed:.1f}s; {mid_save} landed while a save was in "
        f"progress, {states[STATE_SAVED]} between saves, {states[STATE_READY]} before the first "
        f"save, {states[STATE_STARTING]} while unlocking; {len(saved)} saves returned, "
        f"{len(saved) - len(missing)} of them found; {len(rows)} answer edits in the audit log "
        f"(saves committed but killed before they returned: {len(rows) - len(saved)})"
    )
    assert problems == [], problems
    assert audit.ok, str(audit)
    assert not missing, f"{len(missing)} returned saves are missing, e.g. {missing[:5]}"
    assert answers == last_audited, "the answers table disagrees with the last audited saves"
    for item, value in last_saved.items():
        assert _order(answers[item]) >= _order(value), (item, answers[item], value)
    assert sum(states.values()) == KILLS
    assert mid_save > KILLS // 2, f"only {mid_save} of {KILLS} kills landed mid-save"
