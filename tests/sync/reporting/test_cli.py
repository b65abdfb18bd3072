"""``screening-central report`` and ``screening-central user``, run as commands."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sync.server.db import make_engine
from sync.server.reporting.disclosure import RULE
from tests.sync.reporting.population import generate, store

ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("cli")
    env = {
        **os.environ,
        "SCREENING_CENTRAL_DB": f"sqlite:///{folder / 'central.sqlite3'}",
        "SCREENING_CENTRAL_KEYS": str(folder / "keys"),
    }
    env.pop("SCREENING_CENTRAL_PASSPHRASE_FILE", None)
    for command in (["keys", "init"], ["db", "upgrade"]):
        assert run(command, env).returncode == 0
    engine = make_engine(env["SCREENING_CENTRAL_DB"])
    store(engine, generate(250, seed=21))
    engine.dispose()
    env["FOLDER"] = str(folder)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_rebuild_then_the_standard_tables_and_one_table_as_csv(central: dict[str, str]) -> None:
    rebuilt = run(["report", "rebuild"], central)
    assert rebuilt.returncode == 0 and "reporting store rebuilt" in rebuilt.stdout
    out = Path(central["FOLDER"]) / "report.csv"
    written = run(["report", "--csv", str(out)], central)
    assert written.returncode == 0, written.stderr
    text = out.read_text()
    assert f"# {RULE}" in text.splitlines() and "flag+stage+month" in text and "flagged_at_custody" in text
    one = Path(central["FOLDER"]) / "one.csv"
    assert run(["report", "--csv", str(one), "--dims", "flag,stage"], central).returncode == 0
    assert one.read_text().splitlines()[0] == "# Screenings raising each flag by Flag x Stage"
    refreshed = run(["report", "refresh", "--hours", "1"], central)
    assert refreshed.returncode == 0 and "records re-derived" in refreshed.stdout
    nothing = run(["report"], central)
    assert nothing.returncode == 1 and "--csv OUT" in nothing.stderr
    bad = run(["report", "--csv", str(one), "--dims", "flag,nonsense"], central)
    assert bad.returncode == 1 and "unknown dimension" in bad.stderr


def test_user_add_needs_a_passphrase_file_or_a_terminal(central: dict[str, str]) -> None:
    refused = run(["user", "add", "--username", "no.input", "--role", "analyst"], central)
    assert refused.returncode == 1
    assert "SCREENING_CENTRAL_PASSPHRASE_FILE" in refused.stderr and "Traceback" not in refused.stderr
    secret = Path(central["FOLDER"]) / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    env = {**central, "SCREENING_CENTRAL_PASSPHRASE_FILE": str(secret)}
    added = run(["user", "add", "--username", "file.user", "--role", "researcher"], env)
    assert added.returncode == 0, added.stderr
    assert run(["user", "add", "--username", "file.user", "--role", "analyst"], env).returncode == 1  # taken
    listed = run(["user", "list"], central).stdout
    assert "file.user\tresearcher" in listed and "no.input" not in listed
    assert run(["user", "revoke", "file.user"], central).returncode == 0
    assert "file.user\tresearcher\tadded" in run(["user", "list"], central).stdout
    assert "\trevoked " in run(["user", "list"], central).stdout
    short = Path(central["FOLDER"]) / "short"
    short.write_text("short\n")
    weak = run(
        ["user", "add", "--username", "weak", "--role", "analyst"],
        {**central, "SCREENING_CENTRAL_PASSPHRASE_FILE": str(short)},
    )
    assert weak.returncode == 1 and "at least 12" in weak.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_user_add_asks_twice_at_a_terminal(central: dict[str, str]) -> None:
    assert (
        _in_pty(
            ["user", "add", "--username", "tty.user", "--role", "analyst"], central, [PASSPHRASE, "different"]
        )[0]
        == 1
    )
    code, shown = _in_pty(
        ["user", "add", "--username", "tty.user", "--role", "analyst"], central, [PASSPHRASE, PASSPHRASE]
    )
    assert code == 0 and "user tty.user added" in shown and PASSPHRASE not in shown


def _in_pty(args: list[str], env: dict[str, str], answers: list[str]) -> tuple[int, str]:
    import pty

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "sync.server.cli", *args], env)
        finally:
            os._exit(127)
    output, typed, answered_at = b"", 0, -1
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if output.endswith(b": ") and len(output) != answered_at and typed < len(answers):
                os.write(fd, answers[typed].encode() + b"\n")
                typed, answered_at = typed + 1, len(output)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"the command did not finish: {output!r}")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")
