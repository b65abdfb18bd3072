"""Sync: pushing a station's outbox to the central service on PostgreSQL, and a sync with nothing to do.

A throwaway PostgreSQL cluster (as in tests/sync) and the real central service (uvicorn, two
workers, real HTTP on loopback) are started for the run; without the PostgreSQL server binaries
every figure is reported with met=None and a note.

- push of 2,000 finalised revisions from one enrolled station: each a real custody-screen revision
  (the QuestionnaireResponse the services export), under its own id, sealed by the station's real
  sealer into the outbox folder; ``SyncClient.push`` with its default batches and concurrency,
  records/s (target >= 300/s), median of several runs. Before the timed runs, a warm-up push in
  small batches reaches both workers (each loads the form catalogue once). Baseline: the very same
  request bodies (captured) posted in the same order, as many at a time as the client sends and
  with the same headers, to a bare endpoint (same uvicorn, two workers, same cluster) that stores
  each body unvalidated with one INSERT; ratio = push / bare. The note gives the CPU time per
  record of the service's processes, of this cluster's PostgreSQL (the postmaster and its
  backends, not other PostgreSQL servers on the machine) and of the station's client, and the
  machine's load average: on a shared machine the wall-clock rate follows the load, the CPU per
  record far less.
- a sync with nothing to do, as ``screening sync --user`` does it on an unlocked station (anchor
  check, push with an empty outbox, acknowledgements, one change-feed request): median ms
  (target < 100 ms); and the locked push alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.bench.run import ROOT, Options, Result

REVISIONS = 2000
BARE_PATH = "/bare"
BARE_DSN_ENV = "SCREENING_BENCH_BARE_DSN"


# --- the bare endpoint (imported by uvicorn workers as tests.bench.bench_sync:bare_app) -----------


def bare_app() -> Any:
    """An ASGI app that stores every POSTed body as it is: one INSERT, no parsing, no checks."""
    import threading

    import psycopg
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    dsn = os.environ[BARE_DSN_ENV]
    local = threading.local()

    def connection() -> Any:
        if getattr(local, "conn", None) is None:
            local.conn = psycopg.connect(dsn, autocommit=True)
        return local.conn

    async def store(request: Request) -> Response:
        body = await request.body()
        from starlette.concurrency import run_in_threadpool

        def insert() -> None:
            connection().execute("INSERT INTO bare (body) VALUES (%s)", (body,))

        await run_in_threadpool(insert)
        return Response(b"{}", media_type="application/json")

    async def health(_request: Request) -> Response:
        return Response(b"ok")

    return Starlette(routes=[Route(BARE_PATH, store, methods=["POST"]), Route("/healthz", health)])


# --- PostgreSQL and the services ----------------------------------------------------------------


@contextlib.contextmanager
def _postgres() -> Iterator[Any]:
    from tests.sync.conftest import PostgresMissingError, throwaway_postgres

    stack = contextlib.ExitStack()
    try:
        cluster = stack.enter_context(throwaway_postgres("bench-pg-"))
    except (PostgresMissingError, RuntimeError) as exc:
        raise _UnavailableError(f"cannot run PostgreSQL here ({exc})") from None
    with stack:
        yield cluster


class _UnavailableError(Exception):
    """PostgreSQL (or a service) cannot run here: the figures are reported as not measured."""


@contextlib.contextmanager
def _central(cluster: Any, folder: Path) -> Iterator[Any]:
    from tests.sync.conftest import _start_central

    url = cluster.create_database("central")
    with contextlib.contextmanager(_start_central)("postgres", url, folder) as central:
        yield central


@contextlib.contextmanager
def _bare(cluster: Any, folder: Path) -> Iterator[str]:
    import psycopg

    from tests.sync.conftest import free_port

    cluster.create_database("bare")
    dsn = cluster.dsn("bare")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("CREATE TABLE bare (id bigserial PRIMARY KEY, body bytea NOT NULL)")
    port = free_port()
    env = {**os.environ, BARE_DSN_ENV: dsn}
    with open(folder / "bare.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "tests.bench.bench_sync:bare_app", "--host",
             "127.0.0.1", "--port", str(port), "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise _UnavailableError("the bare endpoint did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class _Recorder(httpx.BaseTransport):
    """Passes requests on and keeps the push bodies and headers, to post the same bytes to the bare
    endpoint (in the order they were sent)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.bodies: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/push"):
            with self._lock:
                self.bodies.append(request.read())
                self.headers.append(
                    {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "connection")}
                )
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _seal_revisions(services: Any, count: int) -> None:
    """``count`` real revisions' envelopes in the outbox folder, sealed by the station's sealer."""
    from screening.services.sealing import StationSealer
    from screening.services.views import OutboxEntry
    from tests.sync.stations import custody_revision

    template = custody_revision(services, flagged=True)
    source = next(e for e in services.outbox.pending() if e.resource_id == str(template.id))
    sealer = services.outbox.sealer
    assert isinstance(sealer, StationSealer)
    base_seq = 1_000_000
    for n in range(count):
        rid = str(uuid.uuid4())
        payload = {**source.payload, "id": rid}
        entry = OutboxEntry(
            **{**source.model_dump(), "id": base_seq + n, "resource_id": rid, "payload": payload}
        )
        envelope = sealer.envelope(entry, base_version=None, sealed_at=services.session.now())
        services.sync.folder.write_envelope(
            seq=entry.id, resource_type=entry.kind, resource_id=rid, version=1, envelope=envelope
        )


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(
    pids: set[int] | None = None,
    *,
    group: int | None = None,
    name: str | None = None,
    parent: int | None = None,
) -> float:
    """User + system CPU seconds of the processes in a process group, with a command name, or of
    a process and its children (with those it has reaped: a PostgreSQL cluster's backends that
    have exited) (Linux /proc; 0 elsewhere), for CPU time per record."""
    total = 0.0
    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        if (group is not None and int(fields[2]) == group) or (name is not None and comm == name) or (
            parent is not None and int(fields[1]) == parent
        ):
            total += (int(fields[11]) + int(fields[12])) / _TICKS
        elif parent is not None and int(entry.name) == parent:
            total += sum(int(value) for value in fields[11:15]) / _TICKS
    return total


def _postmaster(cluster: Any) -> int | None:
    """The process id of the throwaway cluster's postmaster (None if it cannot be read), so that
    the CPU counted is this cluster's, not that of other PostgreSQL servers on the machine."""
    try:
        return int((Path(cluster.folder) / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _post_bare(bare_url: str, recorder: _Recorder, concurrency: int) -> float:
    """Post the recorded bodies to the bare endpoint, in order, ``concurrency`` at a time (as the
    client sent them), with the same headers; seconds taken."""
    bodies = list(zip(recorder.bodies, recorder.headers, strict=True))
    cursor = iter(range(len(bodies)))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker() -> None:
        with httpx.Client(base_url=bare_url, timeout=60) as http:
            while True:
                with lock:
                    index = next(cursor, None)
                if index is None:
                    return
                body, headers = bodies[index]
                try:
                    http.post(BARE_PATH, content=body, headers=headers).raise_for_status()
                except BaseException as exc:  # reported after the run
                    errors.append(exc)
                    return

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return elapsed


def _measure(opts: Options, folder: Path) -> list[Result]:
    from screening.checklist.loader import FormLibrary
    from screening.paths import resource_path
    from sync.client import PushOutcome, SyncClient
    from sync.protocol import AgencyType
    from tests.sync.stations import make_station

    library = FormLibrary.load(resource_path("forms"))
    results: list[Result] = []
    with _postgres() as cluster, _central(cluster, folder / "central") as central, \
            _bare(cluster, folder) as bare_url:
        postmaster = _postmaster(cluster)

        def postgres_seconds() -> float:
            if postmaster is None:
                return _cpu_seconds(name="postgres")
            return _cpu_seconds(parent=postmaster)

        station = make_station(folder / "station", library)
        station.enrol(central, AgencyType.POLICE)
        services = station.services("pc1")
        try:
            # The template revision's own rows go first, so that only the 2,000 are timed; then a
            # warm-up in small batches, so that each worker has loaded what it loads once.
            _seal_revisions(services, 0)
            with SyncClient(station.folder) as client:
                client.push()
            _seal_revisions(services, 40)
            with SyncClient(station.folder, batch_size=5) as client:
                client.push()
            runs = opts.repeats(3, 1)
            rates, bare_rates, loads, batches = [], [], [], 0
            service_cpu, postgres_cpu, client_cpu = [], [], []
            for _ in range(runs):
                _seal_revisions(services, REVISIONS)
                recorder = _Recorder()
                before = (_cpu_seconds(group=central.process.pid), postgres_seconds())
                with SyncClient(station.folder, transport=recorder) as client:
                    concurrency = client.concurrency
                    start, own = time.perf_counter(), time.process_time()
                    report = client.push()
                    elapsed, own = time.perf_counter() - start, time.process_time() - own
                recorder.close()
                assert report.outcome is PushOutcome.DONE and report.accepted >= REVISIONS, report.describe()
                time.sleep(1.0)  # the service's work after each response (the reporting store) counts
                service_cpu.append((_cpu_seconds(group=central.process.pid) - before[0]) / report.accepted)
                postgres_cpu.append((postgres_seconds() - before[1]) / report.accepted)
                client_cpu.append(own / report.accepted)
                loads.append(os.getloadavg()[0])
                rates.append(report.accepted / elapsed)
                batches = report.batches
                bare_rates.append(report.accepted / _post_bare(bare_url, recorder, concurrency))
            rate, bare_rate = statistics.median(rates), statistics.median(bare_rates)
            results.append(Result(
                "push 2,000 revisions to the centre (PostgreSQL)", rate, "rec/s", baseline=bare_rate,
                target=300, op=">=",
                note=f"baseline: the same {batches} bodies posted ({concurrency} at a time, as the client "
                     f"sends them) to a bare endpoint storing them unvalidated ({bare_rate:.0f} rec/s); "
                     f"median of {runs} run(s): {', '.join(f'{r:.0f}' for r in rates)} rec/s; 2 workers; "
                     f"CPU per record: service {statistics.median(service_cpu) * 1000:.2f} ms, PostgreSQL "
                     f"{statistics.median(postgres_cpu) * 1000:.2f} ms, station (the client, with the "
                     f"bench's recording) {statistics.median(client_cpu) * 1000:.2f} ms; load average "
                     f"{statistics.median(loads):.1f} on {os.cpu_count()} CPUs",
            ))
            # A sync with nothing to do.
            services.sync.sync()
            repeats = opts.repeats(30, 10)
            full, push_only = [], []
            with SyncClient(station.folder) as client:
                for _ in range(repeats):
                    start = time.perf_counter()
                    report_ = services.sync.sync(client=client)
                    full.append(time.perf_counter() - start)
                    assert report_.push.batches == 0 and report_.anchored_seq is None
                    start = time.perf_counter()
                    client.push()
                    push_only.append(time.perf_counter() - start)
            results.append(Result(
                "sync with nothing to do (unlocked: push + pull)", statistics.median(full) * 1000, "ms",
                target=100,
                note=f"median of {repeats}; p max {max(full) * 1000:.1f} ms; the locked push alone "
                     f"{statistics.median(push_only) * 1000:.2f} ms",
            ))
        finally:
            services.lock()
            station.lock_all()
    return results


def benchmarks(opts: Options) -> list[Result]:
    os.environ.setdefault("SCREENING_INSECURE_TEST_KDF", "1")
    disk = "/var/tmp" if Path("/var/tmp").is_dir() else None  # a real disk: fsync is part of the cost
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=disk))
    try:
        return _measure(opts, folder)
    except _UnavailableError as exc:
        note = f"not measured: {exc}"
        return [
            Result("push 2,000 revisions to the centre (PostgreSQL)", None, "rec/s", target=300, op=">=",
                   note=note),
            Result("sync with nothing to do (unlocked: push + pull)", None, "ms", target=100, note=note),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
