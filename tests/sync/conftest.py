"""Fixtures for the sync tests: a throwaway PostgreSQL cluster, and the real central service run by
uvicorn with two workers in a subprocess (against PostgreSQL, and against an SQLite file), reached
over real HTTP on loopback.

``postgres`` starts ``postgres`` as a child process (as the ``postgres`` user when the tests run as
root, since initdb refuses root) on a free loopback port, and stops it with SIGINT. It skips only
when the PostgreSQL server binaries are not installed (``.ci/setup`` installs them).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import Engine

from sync.server.db import make_engine
from sync.server.keys import CentreKeys, init_keys

ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port nothing listens on right now (on 127.0.0.1)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------------------------
# PostgreSQL


def _pg_bin_dir() -> Path | None:
    candidates: list[Path] = []
    if os.environ.get("SCREENING_PG_BIN"):
        candidates.append(Path(os.environ["SCREENING_PG_BIN"]))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "postgres").exists():
            return candidate
    return None


@dataclass
class PostgresCluster:
    """A running throwaway cluster: trust authentication on loopback, superuser ``postgres``."""

    host: str
    port: int
    user: str
    folder: Path

    def dsn(self, dbname: str = "postgres") -> str:
        """A libpq connection string (for psycopg)."""
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname}"

    def url(self, dbname: str) -> str:
        """A SQLAlchemy URL for ``dbname``."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def create_database(self, dbname: str) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        with psycopg.connect(self.dsn(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{dbname}"')  # type: ignore[arg-type]
        return self.url(dbname)


class PostgresMissingError(Exception):
    """PostgreSQL cannot run here (no server binaries, or root with no user to run it as)."""


def _run_as() -> dict[str, Any]:
    """Popen arguments that drop root to the postgres user (or nobody); nothing when not root."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    raise PostgresMissingError("running as root and there is neither a postgres nor a nobody user to run "
                          "PostgreSQL as")


@contextlib.contextmanager
def throwaway_postgres(prefix: str = "screening-pg-") -> Iterator[PostgresCluster]:
    """Start a throwaway PostgreSQL cluster on 127.0.0.1 and a free port (fast and unsafe
    settings: fsync off), and stop it with SIGINT afterwards. ``PostgresMissingError`` when it cannot
    run here; ``RuntimeError`` (with the server log's tail) when it does not start. Used by the
    ``postgres`` fixture and by the benchmarks."""
    bin_dir = _pg_bin_dir()
    if bin_dir is None:
        raise PostgresMissingError(
            "PostgreSQL server binaries not found (install the `postgresql` Debian package; "
            ".ci/setup does, or set SCREENING_PG_BIN)"
        )
    run_as = _run_as()
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    data = folder / "data"
    if run_as:
        os.chown(folder, run_as["user"], run_as["group"])
    log_path = folder / "postgres.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
             "--no-sync", "--no-instructions"],
            cwd=folder,
            check=True,
            capture_output=True,
            **run_as,
        )
        port = free_port()
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(data), "-k", str(folder), "-p", str(port),
                 "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=200"],
                cwd=folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                **run_as,
            )
        cluster = PostgresCluster(host="127.0.0.1", port=port, user="postgres", folder=folder)
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"PostgreSQL exited at start:\n{log_path.read_text(errors='replace')[-3000:]}"
                )
            try:
                psycopg.connect(cluster.dsn(), connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"PostgreSQL did not start:\n{log_path.read_text(errors='replace')[-3000:]}"
                    ) from None
                time.sleep(0.1)
        yield cluster
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster for the whole session, on 127.0.0.1 and a free port."""
    try:
        with throwaway_postgres() as cluster:
            yield cluster  # pytest resumes the fixture for teardown; it never throws into it
    except PostgresMissingError as missing:
        pytest.skip(str(missing))
    except RuntimeError as failed:
        pytest.fail(str(failed))


# --------------------------------------------------------------------------------------------
# The central service


@dataclass
class Central:
    """A running central service and what tests need to reach around it."""

    backend: str
    base_url: str
    database_url: str
    keys: CentreKeys
    keys_dir: Path
    engine: Engine
    process: subprocess.Popen[bytes]
    log_path: Path
    _clients: list[httpx.Client] = field(default_factory=list)

    def client(self) -> httpx.Client:
        """An HTTP client for the service (closed at the end of the session)."""
        client = httpx.Client(base_url=self.base_url, timeout=30)
        self._clients.append(client)
        return client

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]


def _start_central(backend: str, database_url: str, folder: Path) -> Iterator[Central]:
    keys_dir = folder / "keys"
    keys = init_keys(keys_dir)
    port = free_port()
    log_path = folder / "central.log"
    env = {**os.environ, "SCREENING_CENTRAL_DB": database_url, "SCREENING_CENTRAL_KEYS": str(keys_dir)}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.server.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    engine = make_engine(database_url)
    central = Central(
        backend=backend,
        base_url=base_url,
        database_url=database_url,
        keys=keys,
        keys_dir=keys_dir,
        engine=engine,
        process=process,
        log_path=log_path,
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"the central service exited at start:\n{central.log_tail()}")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the central service did not answer /healthz:\n{central.log_tail()}")
            time.sleep(0.1)
        yield central
    finally:
        for client in central._clients:
            client.close()
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # the group we started: server and workers
                process.wait()
        engine.dispose()


@pytest.fixture(scope="session")
def central_pg(postgres: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    """The central service, two uvicorn workers, on the throwaway PostgreSQL."""
    url = postgres.create_database("central")
    yield from _start_central("postgres", url, tmp_path_factory.mktemp("central-pg"))


@pytest.fixture(scope="session")
def central_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    """The central service, two uvicorn workers, on an SQLite file (the development default)."""
    folder = tmp_path_factory.mktemp("central-sqlite")
    yield from _start_central("sqlite", f"sqlite:///{folder / 'central.sqlite3'}", folder)


@pytest.fixture(params=["postgres", "sqlite"])
def central(request: pytest.FixtureRequest) -> Central:
    """The central service on each backend in turn."""
    return request.getfixturevalue(f"central_{'pg' if request.param == 'postgres' else 'sqlite'}")  # type: ignore[no-any-return]
