"""The Qt-free background worker on its own (no central service needed): it reports a status
after every pass (also when there is nothing it can send), runs its puller after a push, never
waits out a backoff when asked to stop, and leaves no thread behind."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime
from pathlib import Path

from screening.services.sync_state import Enrolment, SyncFolder
from sync.client import Backoff, SyncClient, SyncState, SyncStatus
from sync.worker import SyncWorker
from tests.sync.conftest import free_port

WAIT = 30.0


def enrol_fake(folder: SyncFolder, url: str) -> None:
    """An enrolment file pointing at ``url`` (nothing is ever accepted there)."""
    folder.save_enrolment(Enrolment(
        url=url, local_station_id="local", station_id="st-1", agency_id="ag-1",
        agency_type="police", site="Site", credential="wps_fake", centre_encryption_key="x",
        centre_encryption_key_id="k1", centre_signing_key="y", centre_signing_key_id="k2",
        station_public_key="z", enrolled_at=datetime.now(UTC)))


def no_sync_threads() -> bool:
    return not any(t.name.startswith(("sync-worker", "sync-push")) for t in threading.enumerate())


def test_a_station_that_is_not_enrolled_says_so_and_the_thread_stops(tmp_path: Path) -> None:
    statuses: list[SyncStatus] = []
    seen = threading.Event()

    def status(value: SyncStatus) -> None:
        statuses.append(value)
        seen.set()

    worker = SyncWorker(SyncFolder(tmp_path / "station"), interval=3600, on_status=status)
    worker.start()
    assert seen.wait(WAIT)
    assert statuses[-1].state is SyncState.NOT_ENROLLED and worker.running
    worker.stop()
    assert not worker.running and no_sync_threads()


def test_the_puller_runs_after_a_push_with_the_workers_client(tmp_path: Path) -> None:
    folder = SyncFolder(tmp_path / "station")
    enrol_fake(folder, f"http://127.0.0.1:{free_port()}")  # nothing waits: the push sends nothing
    pulled: list[object] = []
    clients: list[SyncClient] = []
    done = threading.Event()

    def puller(client: SyncClient) -> str:
        clients.append(client)
        return "pulled"

    def on_pulled(value: object) -> None:
        pulled.append(value)
        done.set()

    worker = SyncWorker(folder, interval=3600, on_pulled=on_pulled)
    worker.set_puller(puller)
    worker.start()
    assert done.wait(WAIT)
    assert pulled == ["pulled"] and clients == [worker.client]
    worker.set_puller(None)
    worker.stop()
    assert no_sync_threads()


def test_stop_does_not_wait_out_the_backoff_while_offline(tmp_path: Path) -> None:
    folder = SyncFolder(tmp_path / "station")
    enrol_fake(folder, f"http://127.0.0.1:{free_port()}")  # nobody listens: connection refused
    folder.write_envelope(seq=1, resource_type="Patient", resource_id="p1", version=1,
                          envelope=b"sealed")
    attempted = threading.Event()
    statuses: list[SyncStatus] = []

    def status(value: SyncStatus) -> None:
        statuses.append(value)
        if value.state is SyncState.SYNCING:
            attempted.set()

    # Every retry would wait minutes: stop must interrupt the wait.
    worker = SyncWorker(folder, interval=3600, on_status=status, max_attempts=5,
                        backoff=Backoff(base=600.0, cap=600.0), rng=random.Random(3), timeout=5.0)
    worker.start()
    assert attempted.wait(WAIT)
    worker.stop(timeout=WAIT)
    assert not worker.running and no_sync_threads()
    assert folder.waiting_count() == 1  # nothing lost
