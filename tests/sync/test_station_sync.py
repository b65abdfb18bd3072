"""The station side of sync over real HTTP to the real service (two workers, PostgreSQL):
enrolment, sealing at write, pushing while locked, acknowledgements at the next unlock,
quarantine and retry, backoff, status, the pull with its directives and cursor."""

from __future__ import annotations

import json
import random
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from screening.checklist.loader import FormLibrary
from screening.services.errors import NotAllowedError
from screening.services.sealing import load_signing_key
from screening.services.station_sync import CURSOR_SETTING, REVOKED_USER_MESSAGE
from screening.services.sync_state import SyncFolder
from sync.client import Backoff, PushOutcome, SyncClient, SyncState, SyncStatus
from sync.protocol import ChangeFeed, content_hash
from sync.server import admin
from sync.server.db import resources
from tests.sync.conftest import Central
from tests.sync.stations import (
    SyncedStation,
    amended_revision,
    custody_revision,
    expected_records,
    make_station,
)


@pytest.fixture
def station(tmp_path: Path, library: FormLibrary) -> Iterator[SyncedStation]:
    made = make_station(tmp_path / "station", library)
    yield made
    made.lock_all()


def held(central: Central, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """What the centre holds of these records: (type, id) -> content hash."""
    with central.engine.connect() as connection:
        rows = connection.execute(
            select(resources.c.resource_type, resources.c.resource_id, resources.c.content_hash)
        ).all()
    found = {(r.resource_type, r.resource_id): r.content_hash for r in rows}
    return {key: value for key, value in found.items() if key in keys}


def revoke_user(central: Central, station_id: str, user_id: str) -> None:
    admin.revoke_station_user(central.engine, central.keys, station_id=station_id, user_id=user_id)


def cursor_of(station: SyncedStation, services: object) -> object:
    from screening.services import Services

    assert isinstance(services, Services)
    return services.session.db.query_value("SELECT value FROM settings WHERE key = ?", (CURSOR_SETTING,))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_enrolment_keeps_the_credential_outside_the_database_and_seals_earlier_rows(
    station: SyncedStation, central_pg: Central
) -> None:
    officer = station.services("pc1")
    custody_revision(officer, flagged=True)
    before = officer.outbox.pending()
    assert before and all(entry.sealed_at is None for entry in before)
    officer.lock()

    enrolment = station.enrol(central_pg)
    folder = station.folder
    assert enrolment.credential.startswith("wps_")
    assert mode(folder.enrolment_path) == 0o600 and mode(folder.signing_key_path) == 0o600
    assert mode(folder.sync_dir) == 0o700 and mode(folder.outbox_dir) == 0o700
    key_file = json.loads(folder.signing_key_path.read_text())
    assert set(key_file) >= {"ciphertext", "nonce", "public_key"} and "seed" not in key_file

    officer = station.services("pc1")
    after = officer.outbox.pending()
    assert [e.id for e in after] == [e.id for e in before]
    assert all(entry.sealed_at is not None for entry in after)
    files = folder.envelopes()
    assert [f.seq for f in files] == [e.id for e in after]
    assert all(mode(f.path) == 0o600 for f in files)
    assert load_signing_key(officer.session, folder).verify_key.encode() != b""
    # A revision finalised now is sealed as it is written.
    custody_revision(officer)
    assert all(entry.sealed_at is not None for entry in officer.outbox.pending())
    assert len(folder.envelopes()) == len(officer.outbox.pending())


def test_the_signing_key_does_not_open_without_the_station(station: SyncedStation, central_pg: Central,
                                                           tmp_path: Path, library: FormLibrary) -> None:
    station.enrol(central_pg)
    other = make_station(tmp_path / "other", library)
    (other.home / "sync").mkdir(mode=0o700)
    for name in ("signing-key.json", "enrolment.json"):
        (other.home / "sync" / name).write_bytes((station.home / "sync" / name).read_bytes())
    services = other.services("pc1")  # a copied enrolment is refused, with a warning, not a crash
    assert services.outbox.sealer is None and services.sync.warnings
    other.lock_all()


def test_push_works_while_locked_and_the_next_unlock_records_the_acknowledgements(
    station: SyncedStation, central_pg: Central
) -> None:
    station.enrol(central_pg)
    officer = station.services("pc1")
    first = custody_revision(officer, flagged=True)
    amended_revision(officer, first.id, flagged=False)
    expected = expected_records(officer)
    officer.lock()
    assert all(s.locked for s in station.opened)

    statuses: list[SyncStatus] = []
    with SyncClient(SyncFolder(station.home), on_status=statuses.append) as client:
        report = client.push()
    assert report.outcome is PushOutcome.DONE and report.accepted == len(expected)
    assert report.waiting == 0 and report.attention == 0
    assert statuses[0].state is SyncState.SYNCING and statuses[-1].state is SyncState.IDLE
    assert statuses[-1].waiting == 0 and statuses[-1].last_synced_at is not None
    assert held(central_pg, set(expected)) == expected
    assert station.folder.envelopes() == []
    assert station.folder.acknowledgement_files()

    officer = station.services("pc1")
    assert officer.outbox.pending() == []
    assert station.folder.acknowledgement_files() == []
    assert all(officer.outbox.is_acknowledged(kind, rid) for kind, rid in expected)

    # Nothing to do: a second push sends nothing.
    with SyncClient(SyncFolder(station.home)) as client:
        again = client.push()
    assert again.outcome is PushOutcome.DONE and again.batches == 0


def test_a_rolled_back_write_leaves_no_envelope_and_a_lost_one_is_written_again(
    station: SyncedStation, central_pg: Central
) -> None:
    station.enrol(central_pg)
    officer = station.services("pc1")
    with pytest.raises(RuntimeError), officer.session.transaction():
        payload = {"resourceType": "AuditEvent", "id": "rolled-back"}
        officer.outbox.enqueue(kind="AuditEvent", resource_id="rolled-back", payload=payload)
        raise RuntimeError("the change failed after its outbox row was written")
    assert [p.path.name for p in station.folder.pending_files()]  # left for the next unlock
    revision = custody_revision(officer)
    lost = next(f for f in station.folder.envelopes() if f.resource_id == str(revision.id))
    lost.path.unlink()
    officer.lock()

    officer = station.services("pc1")
    assert station.folder.pending_files() == []
    names = {f.resource_id for f in station.folder.envelopes()}
    assert "rolled-back" not in names and str(revision.id) in names
    expected = expected_records(officer)
    officer.lock()
    with SyncClient(station.folder) as client:
        assert client.push().outcome is PushOutcome.DONE
    assert held(central_pg, set(expected)) == expected


def test_person_versions_are_numbered_as_the_centre_numbers_them(
    station: SyncedStation, central_pg: Central
) -> None:
    from tests.unit.services.conftest import details

    station.enrol(central_pg)
    officer = station.services("pc1")
    person = officer.people.create(details=details())
    officer.people.edit(person_id=person.id, details=details(family_name="Kowalska"))  # v2, not queued
    custody_revision(officer, person_id=person.id)  # queues Patient v2 as the centre's first
    officer.people.edit(person_id=person.id, details=details(family_name="Nowak"))  # v3: base 1
    expected = expected_records(officer)
    with SyncClient(station.folder) as client:
        assert client.push().outcome is PushOutcome.DONE
    assert held(central_pg, set(expected)) == expected
    officer.people.edit(person_id=person.id, details=details(family_name="Nowakowska"))  # v4: base 2
    expected = expected_records(officer)
    with SyncClient(station.folder) as client:
        report = client.push()
    assert (report.outcome, report.accepted, report.quarantined) == (PushOutcome.DONE, 1, 0)
    assert held(central_pg, set(expected)) == expected


def test_refused_records_are_quarantined_with_the_reason_and_can_be_retried(
    station: SyncedStation, central_pg: Central
) -> None:
    station.enrol(central_pg)
    officer = station.services("pc1")
    custody_revision(officer)
    damaged = station.folder.envelopes()[1]
    data = bytearray(damaged.read())
    data[len(data) // 2] ^= 0x01
    damaged.path.write_bytes(bytes(data))
    with SyncClient(station.folder) as client:
        report = client.push()
    assert (report.outcome, report.quarantined, report.attention) == (PushOutcome.DONE, 1, 1)
    (item,) = station.folder.quarantined()
    assert item.name == damaged.path.name and item.status == 422
    assert item.reason in {"envelope-damaged", "envelope-format"} and item.diagnostics
    assert "1 need attention" in client.status().describe()
    for path in [*station.folder.sync_dir.rglob("*"), *station.folder.outbox_dir.rglob("*")]:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    supervisor = station.services("ps1")
    assert supervisor.sync.retry() == 1
    assert station.folder.quarantined() == [] and len(station.folder.envelopes()) == 1
    with pytest.raises(NotAllowedError):
        officer.sync.retry()


def test_network_errors_and_5xx_are_retried_with_exponential_backoff_and_jitter(
    station: SyncedStation, central_pg: Central
) -> None:
    station.enrol(central_pg)
    officer = station.services("pc1")
    custody_revision(officer)
    calls: list[str] = []

    def unavailable(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["Idempotency-Key"])
        if len(calls) % 2:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(503, json={"resourceType": "OperationOutcome"})

    slept: list[float] = []
    statuses: list[SyncStatus] = []
    client = SyncClient(
        station.folder,
        transport=httpx.MockTransport(unavailable),
        max_attempts=6,
        backoff=Backoff(base=1.0, cap=8.0),
        sleep=slept.append,
        rng=random.Random(7),
        on_status=statuses.append,
    )
    report = client.push()
    assert report.outcome is PushOutcome.OFFLINE and report.attempts == 6
    assert report.failures == {"connect": 3, "status-503": 3}
    assert len(set(calls)) == 1  # the same batch, the same key, every time
    assert len(slept) == 5 and all(0 <= d < min(8.0, 2**n) for n, d in enumerate(slept))
    assert len(set(slept)) == 5  # jittered
    assert statuses[-1].state is SyncState.OFFLINE and statuses[-1].waiting == len(station.folder.envelopes())
    assert client.consecutive_failures == 1 and 0 <= client.next_delay() < 2.0
    # Back online: the same client finishes.
    client._transport = None  # noqa: SLF001 - swap the transport for the real one
    client.close()
    assert client.push().outcome is PushOutcome.DONE
    assert client.status().state is SyncState.IDLE


def test_pull_applies_directives_after_verifying_them_and_saves_the_cursor_with_them(
    station: SyncedStation, central_pg: Central
) -> None:
    enrolment = station.enrol(central_pg)
    officer = station.services("pc1")
    report = officer.sync.sync()
    assert report.pull is not None and report.pull_error is None
    first_cursor = cursor_of(station, officer)
    assert first_cursor is not None

    revoke_user(central_pg, enrolment.station_id, "pc2")
    report = officer.sync.sync()
    assert "user pc2 revoked by the central service" in report.directives
    assert officer.sync.revoked_users() == ["pc2"]
    officer.lock()
    with pytest.raises(NotAllowedError, match="withdrawn"):
        station.services("pc2")
    assert REVOKED_USER_MESSAGE
    supervisor = station.services("ps1")  # others still work

    # A page that does not verify is not applied and its cursor not saved.
    revoke_user(central_pg, enrolment.station_id, "po1")
    cursor_before = cursor_of(station, supervisor)

    def tamper(request: httpx.Request) -> httpx.Response:
        real = httpx.Client(base_url=central_pg.base_url).send(request)
        if request.url.path.endswith("/changes"):
            page = json.loads(real.content)
            for change in page["changes"]:
                if change.get("user_id") == "po1":
                    change["user_id"] = "pc1"
            return httpx.Response(200, json=page)
        return real

    client = supervisor.sync.client(transport=httpx.MockTransport(tamper))
    report = supervisor.sync.sync(client=client)
    client.close()
    assert report.pull is not None and report.pull.rejected == 1 and report.pull.applied == 0
    assert supervisor.sync.revoked_users() == ["pc2"]
    assert cursor_of(station, supervisor) == cursor_before

    # If the station's own commit fails, the cursor is not saved either.
    def failing_apply(changes: list[object], cursor: str) -> None:
        raise RuntimeError("disk full")

    with SyncClient(station.folder) as plain, pytest.raises(RuntimeError):
        plain.pull(
            user_id="ps1", role="supervisor", cursor=str(json.loads(str(cursor_before))), apply=failing_apply
        )
    assert cursor_of(station, supervisor) == cursor_before
    supervisor.sync.sync()
    assert supervisor.sync.revoked_users() == ["pc2", "po1"]

    # A user revoked at the centre is refused the pull itself: that too revokes them here.
    revoke_user(central_pg, enrolment.station_id, "ps1")
    report = supervisor.sync.sync()
    assert report.pull_error and "user ps1 revoked by the central service" in report.directives
    supervisor.lock()
    with pytest.raises(NotAllowedError):
        station.services("ps1")


def test_a_revoked_station_stops_sending_and_says_so(station: SyncedStation, central_pg: Central) -> None:
    enrolment = station.enrol(central_pg)
    officer = station.services("pc1")
    custody_revision(officer)
    admin.revoke_station(central_pg.engine, central_pg.keys, enrolment.station_id)
    with SyncClient(station.folder) as client:
        report = client.push()
        assert report.outcome is PushOutcome.REVOKED
        assert client.status().state is SyncState.REVOKED
        assert "revoked" in client.status().describe()
        again = client.push()
    assert again.outcome is PushOutcome.REVOKED and again.attempts == 0
    assert station.folder.envelopes()  # kept, never sent


def test_pull_and_lookups_need_a_user_push_does_not(station: SyncedStation, central_pg: Central) -> None:
    station.enrol(central_pg)
    enrolment = station.folder.enrolment()
    http = httpx.Client(base_url=central_pg.base_url)
    response = http.get("/sync/v1/changes", headers={"Authorization": f"Bearer {enrolment.credential}"})
    assert response.status_code == 401
    response = http.get(
        "/sync/v1/changes",
        headers={"Authorization": f"Bearer {enrolment.credential}", "X-Waypoint-User": "pc1",
                 "X-Waypoint-Role": "custody_officer"},
    )
    assert response.status_code == 200 and ChangeFeed.model_validate_json(response.content)
    http.close()


def test_envelope_files_hold_only_ciphertext(station: SyncedStation, central_pg: Central) -> None:
    station.enrol(central_pg)
    officer = station.services("pc1")
    revision = custody_revision(officer, feeling="CANARY-feeling-7Q")
    entry = next(e for e in officer.outbox.pending() if e.resource_id == str(revision.id))
    assert "CANARY-feeling-7Q" in json.dumps(entry.payload)  # positive control
    for path in (station.home / "outbox").rglob("*"):
        if path.is_file():
            assert b"CANARY" not in path.read_bytes()
    assert content_hash(entry.payload)


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_a_retried_old_version_is_a_duplicate_not_stale(backend: str, request: pytest.FixtureRequest) -> None:
    """An update whose answer was lost, sent again after a later update was applied, is 200 at
    the version it made (the station then acknowledges it); a different edit on that base is 412."""
    from tests.sync.helpers import enrol, patient

    central: Central = request.getfixturevalue("central_pg" if backend == "postgres" else "central_sqlite")
    remote = enrol(central)
    v1 = patient()
    v2 = patient(v1["id"], family="Second")
    v3 = patient(v1["id"], family="Third")
    assert remote.push_one(v1).status == 201
    assert remote.push_one(v2, base_version=1).version == 2
    assert remote.push_one(v3, base_version=2).version == 3
    first, second = remote.push_one(v1), remote.push_one(v2, base_version=1)
    assert (first.status, first.version, second.status, second.version) == (200, 1, 200, 2)
    other = remote.push_one(patient(v1["id"], family="Other"), base_version=1)
    assert other.status == 412


def test_the_background_worker_pushes_when_poked_and_stops_cleanly(
    station: SyncedStation, central_pg: Central
) -> None:
    import threading

    from sync.client import PushReport
    from sync.worker import SyncWorker

    station.enrol(central_pg)
    officer = station.services("pc1")
    reports: list[PushReport] = []
    done = threading.Event()

    def reported(report: PushReport) -> None:
        reports.append(report)
        if report.accepted:
            done.set()

    worker = SyncWorker(station.folder, interval=3600, on_report=reported)
    worker.start()  # a first (empty) push at once
    custody_revision(officer)
    worker.poke()
    assert done.wait(30)
    worker.stop()
    assert station.folder.envelopes() == [] and sum(r.accepted for r in reports) >= 2


def test_a_revoked_station_enrols_again_and_sends_what_was_waiting(
    station: SyncedStation, central_pg: Central
) -> None:
    first = station.enrol(central_pg)
    officer = station.services("pc1")
    custody_revision(officer)
    expected = expected_records(officer)
    admin.revoke_station(central_pg.engine, central_pg.keys, first.station_id)
    with SyncClient(station.folder) as client:
        assert client.push().outcome is PushOutcome.REVOKED
    officer.lock()
    again = station.enrol(central_pg, agency_id=station.agency_id)
    assert again.station_id != first.station_id
    assert station.folder.state().revoked_at is None
    assert {(e.resource_type, e.resource_id) for e in station.folder.envelopes()} == set(expected)
    with SyncClient(station.folder) as client:
        report = client.push()
    assert (report.outcome, report.accepted, report.quarantined) == (PushOutcome.DONE, len(expected), 0)
    assert held(central_pg, set(expected)) == expected
