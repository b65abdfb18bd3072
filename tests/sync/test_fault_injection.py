"""MUST SHOW: push through a hostile network. Four real encrypted stations (three agencies) make 200+
finalised revisions through the real services; every envelope comes from the real sealer. Their
sync clients push to the real service (two workers, PostgreSQL, real HTTP) through a transport that
drops connections before sending and after the service committed, answers 500/503, times out,
replays requests (twice at once, and late) and returns well-formed but wrong batch-responses
(wrong count, wrong key, shuffled). At least 1,000 push attempts; every fault type fires.

Afterwards the centre holds each record exactly once, with the content hash the station computed,
every Patient with each of its versions once, and every outbox is empty within 10 clean syncs
(the database's outbox too, once the acknowledgements are taken in).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import func, select

from screening.checklist.loader import FormLibrary
from screening.services import Services
from screening.services.sealing import add_anchor
from sync.client import Backoff, PushOutcome, SyncClient
from sync.protocol import AgencyType, content_hash
from sync.server.db import resource_versions, resources
from tests.sync.conftest import Central
from tests.sync.faults import Fault, FaultInjector
from tests.sync.helpers import new_agency
from tests.sync.stations import OFFICER, SyncedStation, amend_any, any_revision, make_station
from tests.unit.services.conftest import details

pytestmark = pytest.mark.timeout(600)

REVISIONS_PER_STATION = 56
ROUNDS = 16
FAULT_RATE = 0.8
MIN_ATTEMPTS = 1000
FORMS = {
    AgencyType.POLICE: ["custody-screen", "custody-screen", "neurodevelopmental"],
    AgencyType.LIAISON_DIVERSION: ["ld-court-screen", "neurodevelopmental"],
    AgencyType.PROBATION: ["psr-mental-health", "neurodevelopmental"],
}


@dataclass
class Work:
    """One station's part: what it made, what it computed, how its pushes went."""

    station: SyncedStation
    agency_type: AgencyType
    seed: int
    revisions: int = 0
    expected: dict[tuple[str, str], str] = field(default_factory=dict)
    versions: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    attempts: int = 0
    passes: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    clean_syncs: int = 0
    error: BaseException | None = None

    def collect(self, services: Services) -> None:
        for entry in services.outbox.pending():
            key = (entry.kind, entry.resource_id)
            self.versions.setdefault(key, set()).add(entry.resource_version)
            if entry.resource_version >= max(self.versions[key]):
                self.expected[key] = content_hash(entry.payload)


def _run(work: Work, counts: Counter[Fault], lock: threading.Lock) -> None:
    rng = random.Random(work.seed)
    user = OFFICER[work.agency_type]
    services = work.station.services(user)
    finalised: list[UUID] = []
    people: list[UUID] = []
    transport = FaultInjector(rng=random.Random(work.seed + 1), rate=FAULT_RATE, counts=counts, lock=lock)
    per_round = -(-REVISIONS_PER_STATION // ROUNDS)
    try:
        for _round in range(ROUNDS):
            for _ in range(per_round):
                if work.revisions >= REVISIONS_PER_STATION:
                    break
                if finalised and rng.random() < 0.35:
                    revision = amend_any(services, finalised.pop(rng.randrange(len(finalised))), rng=rng)
                else:
                    person = rng.choice(people) if people and rng.random() < 0.2 else None
                    revision = any_revision(
                        services, rng.choice(FORMS[work.agency_type]), rng=rng, person_id=person
                    )
                    people.append(revision.person_id)
                finalised.append(revision.id)
                work.revisions += 1
            if people and rng.random() < 0.4:  # a person edited after their screening: Patient v+1
                person_id = rng.choice(people)
                services.people.edit(
                    person_id=person_id, details=details(family_name=f"Edited{rng.randrange(10**6)}")
                )
            add_anchor(services.session, services.outbox)
            work.collect(services)
            # Passes until this round's records are through; the last round leaves its
            # anchor and person edit to the clean syncs.
            for _ in range(12 if _round < ROUNDS - 1 else 0):
                if not work.station.folder.envelopes():
                    break
                client = SyncClient(
                    work.station.folder,
                    transport=transport,
                    batch_size=rng.choice([1, 1, 1, 2]),
                    max_attempts=3,
                    backoff=Backoff(base=0.002, cap=0.02),
                    rng=rng,
                )
                report = client.push()
                work.passes += 1
                work.attempts += report.attempts
                work.outcomes[report.outcome.value] += 1
                work.failures.update(report.failures)
        work.collect(services)
        # Clean network from here: every outbox must empty within 10 syncs.
        for _ in range(10):
            if not work.station.folder.envelopes():
                break
            with SyncClient(work.station.folder, backoff=Backoff(base=0.01, cap=0.1)) as clean:
                report = services.sync.sync(client=clean, pull=False, anchor=False)
            work.clean_syncs += 1
            assert report.push.outcome is PushOutcome.DONE, report.push.describe()
        services.sync.take_acknowledgements()
        assert services.outbox.pending() == [], "rows the centre acknowledged are still in the outbox"
    except BaseException as exc:  # reported by the main thread
        work.error = exc
    finally:
        transport.close()
        services.lock()


def test_push_survives_every_fault_and_the_centre_holds_each_record_once(
    tmp_path: Path, library: FormLibrary, central_pg: Central
) -> None:
    started = time.monotonic()
    police = new_agency(central_pg, AgencyType.POLICE)
    plan = [
        (AgencyType.POLICE, police),
        (AgencyType.POLICE, police),  # two suites of one force
        (AgencyType.LIAISON_DIVERSION, None),
        (AgencyType.PROBATION, None),
    ]
    works = []
    for index, (agency_type, agency_id) in enumerate(plan):
        station = make_station(tmp_path / f"station-{index}", library)
        station.enrol(central_pg, agency_type, agency_id=agency_id)
        works.append(Work(station=station, agency_type=agency_type, seed=1000 + index))

    counts: Counter[Fault] = Counter()
    lock = threading.Lock()
    threads = [threading.Thread(target=_run, args=(work, counts, lock)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for work in works:
        if work.error is not None:
            raise work.error

    attempts = sum(work.attempts for work in works)
    revisions = sum(work.revisions for work in works)
    print(
        f"\nfault injection: {revisions} revisions, {sum(len(w.expected) for w in works)} records, "
        f"{attempts} push attempts in {sum(w.passes for w in works)} passes, "
        f"clean syncs needed {[w.clean_syncs for w in works]}, {time.monotonic() - started:.0f} s"
    )
    print("faults: " + ", ".join(f"{fault.value}={counts[fault]}" for fault in Fault))
    seen = sum((work.failures for work in works), Counter())
    print("client saw: " + ", ".join(f"{k}={v}" for k, v in sorted(seen.items())))
    assert revisions >= 200
    assert attempts >= MIN_ATTEMPTS
    assert all(counts[fault] > 0 for fault in Fault), counts

    with central_pg.engine.connect() as connection:
        for work in works:
            station_id = work.station.folder.enrolment().station_id
            rows = connection.execute(
                select(resources.c.resource_type, resources.c.resource_id, resources.c.content_hash).where(
                    resources.c.station_id == station_id
                )
            ).all()
            held = {(row.resource_type, row.resource_id): row.content_hash for row in rows}
            assert len(rows) == len(held) == len(work.expected)
            assert held == work.expected
            versioned = {key: v for key, v in work.versions.items() if key[0] in ("Patient", "Consent")}
            for (kind, rid), station_versions in versioned.items():
                centre_versions = connection.execute(
                    select(func.count()).select_from(resource_versions).where(
                        resource_versions.c.resource_type == kind, resource_versions.c.resource_id == rid
                    )
                ).scalar_one()
                assert centre_versions == len(station_versions), (kind, rid)
            assert work.clean_syncs <= 10
            assert work.station.folder.envelopes() == [] and work.station.folder.quarantined() == []
    for work in works:
        work.station.lock_all()
