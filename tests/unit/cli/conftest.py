"""The station commands run for real: `python -m screening.cli` in a subprocess, cheap Argon2id.

Every run has stdin from /dev/null (so a command that waited for input would hang, and the
timeout would catch it) unless a test gives it a pseudo-terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ADMIN_ID = "admin1"
ADMIN_PASS = "admin passphrase one"
OFFICER_ID = "pc1234"
OFFICER_PASS = "officer passphrase two"
ADMIN_NAME = "Zebedee Quayle-Admin"
OFFICER_NAME = "Ottoline Vexby-Officer"
RECOVERY_RE = re.compile(r"^\s+([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})\s*$", re.MULTILINE)
SECRET_ENVS = ("SCREENING_PASSPHRASE_FILE", "SCREENING_NEW_PASSPHRASE_FILE",
               "SCREENING_RECOVERY_KEY_FILE")


@dataclass
class Run:
    """A finished command: exit code, output, and how long it took."""

    code: int
    out: str
    err: str
    seconds: float

    def __str__(self) -> str:
        return f"exit {self.code} after {self.seconds:.1f}s\nstdout:\n{self.out}\nstderr:\n{self.err}"


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENVS}
    env.update(SCREENING_HOME=str(home), SCREENING_INSECURE_TEST_KDF="1", PYTHONUNBUFFERED="1")
    return env


def run_cli(args: list[str], env: Mapping[str, str], *, timeout: float = 60) -> Run:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "screening.cli", *args], cwd=ROOT, env=dict(env),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )
    result = Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)
    assert "Traceback" not in result.err, str(result)
    return result


@dataclass
class CliStation:
    """A station created through `screening station create`, with secrets in private files."""

    home: Path
    folder: Path
    recovery_key: str
    files: dict[str, Path] = field(default_factory=dict)

    def secret_file(self, secret: str) -> Path:
        path = self.files.get(secret)
        if path is None:
            path = self.folder / f"secret-{len(self.files)}.txt"
            path.write_text(secret + "\n", encoding="utf-8")
            path.chmod(0o600)
            self.files[secret] = path
        return path

    def env(self, passphrase: str | None = None, *, new: str | None = None,
            recovery: str | None = None) -> dict[str, str]:
        env = base_env(self.home)
        if passphrase is not None:
            env["SCREENING_PASSPHRASE_FILE"] = str(self.secret_file(passphrase))
        if new is not None:
            env["SCREENING_NEW_PASSPHRASE_FILE"] = str(self.secret_file(new))
        if recovery is not None:
            env["SCREENING_RECOVERY_KEY_FILE"] = str(self.secret_file(recovery))
        return env

    def run(self, *args: str, passphrase: str | None = ADMIN_PASS, new: str | None = None,
            recovery: str | None = None) -> Run:
        return run_cli(list(args), self.env(passphrase, new=new, recovery=recovery))


def create(home: Path, folder: Path) -> tuple[CliStation, Run]:
    station = CliStation(home, folder, "")
    result = station.run(
        "station", "create", "--name", "Fictional Suite", "--agency", "Fictional Constabulary",
        "--site", "Suite A", "--admin-id", ADMIN_ID, "--admin-name", ADMIN_NAME,
        passphrase=None, new=ADMIN_PASS,
    )
    assert result.code == 0, str(result)
    keys = RECOVERY_RE.findall(result.out)
    assert len(keys) == 1, str(result)
    station.recovery_key = keys[0]
    return station, result


@pytest.fixture
def cli_station(tmp_path: Path) -> CliStation:
    """A station with an admin (made by the CLI) and an active custody officer."""
    secrets = tmp_path / "secrets"
    secrets.mkdir(mode=0o700)
    station, _ = create(tmp_path / "station", secrets)
    added = station.run("users", "add", OFFICER_ID, "--name", OFFICER_NAME, "--role",
                        "custody_officer", "--user", ADMIN_ID, new="initial passphrase x")
    assert added.code == 0, str(added)
    changed = station.run("users", "passphrase", "--user", OFFICER_ID,
                          passphrase="initial passphrase x", new=OFFICER_PASS)
    assert changed.code == 0, str(changed)
    return station
