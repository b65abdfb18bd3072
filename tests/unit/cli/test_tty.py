"""At a terminal the commands ask for secrets (without echo), new ones twice."""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.unit.cli.conftest import ADMIN_ID, ADMIN_PASS, ROOT, CliStation, base_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def run_in_pty(args: list[str], env: Mapping[str, str], answers: list[str],
               timeout: float = 30) -> tuple[int, str, int]:
    """Run the command with a pseudo-terminal as its controlling terminal.

    Types the next answer whenever the output ends in a prompt (": "). Returns the exit code,
    everything shown on the terminal, and how many answers were typed.
    """
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: never returns
        try:
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "screening.cli", *args], dict(env))
        finally:
            os._exit(127)
    output = b""
    answered_at = -1
    typed = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
            if output.endswith(b": ") and len(output) != answered_at and typed < len(answers):
                os.write(fd, answers[typed].encode() + b"\n")
                typed += 1
                answered_at = len(output)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"the command did not finish in {timeout}s: {output!r}")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace"), typed


def test_create_asks_twice_and_then_a_command_asks_once(tmp_path: Path) -> None:
    env = base_env(tmp_path / "station")
    create = ["station", "create", "--name", "N", "--agency", "A", "--site", "S",
              "--admin-id", ADMIN_ID, "--admin-name", "Admin"]
    code, shown, typed = run_in_pty(create, env, [ADMIN_PASS, "something else entirely"])
    assert code == 1 and typed == 2 and "differ" in shown, shown
    code, shown, typed = run_in_pty(create, env, [ADMIN_PASS, ADMIN_PASS])
    assert code == 0 and typed == 2, shown
    assert "New passphrase for the administrator admin1: " in shown and "Type it again: " in shown
    assert "RECOVERY KEY" in shown
    assert ADMIN_PASS not in shown  # not echoed
    code, shown, typed = run_in_pty(["audit", "verify", "--user", ADMIN_ID], env, [ADMIN_PASS])
    assert code == 0 and typed == 1 and "Passphrase for admin1: " in shown, shown
    assert "Audit log OK" in shown and ADMIN_PASS not in shown


def test_a_passphrase_file_wins_over_the_terminal(cli_station: CliStation) -> None:
    env = cli_station.env(ADMIN_PASS)
    code, shown, typed = run_in_pty(["audit", "verify", "--user", ADMIN_ID], env, ["never typed"])
    assert code == 0 and typed == 0 and "Passphrase for" not in shown, shown
