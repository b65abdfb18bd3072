"""Without a terminal and without a secret file, every command that needs a secret stops at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.cli.conftest import ADMIN_ID, base_env, run_cli

COMMANDS: list[tuple[list[str], str]] = [
    (["station", "check", "--user", ADMIN_ID], "SCREENING_PASSPHRASE_FILE"),
    (["station", "recover", "--admin", ADMIN_ID], "SCREENING_RECOVERY_KEY_FILE"),
    (["station", "create", "--name", "N", "--agency", "A", "--site", "S", "--admin-id", ADMIN_ID,
      "--admin-name", "Admin"], "SCREENING_NEW_PASSPHRASE_FILE"),
    (["users", "list", "--user", ADMIN_ID], "SCREENING_PASSPHRASE_FILE"),
    (["users", "add", "pc1", "--name", "X", "--role", "supervisor", "--user", ADMIN_ID],
     "SCREENING_PASSPHRASE_FILE"),
    (["users", "reset", "pc1", "--user", ADMIN_ID], "SCREENING_PASSPHRASE_FILE"),
    (["users", "remove", "pc1", "--user", ADMIN_ID], "SCREENING_PASSPHRASE_FILE"),
    (["users", "passphrase", "--user", ADMIN_ID], "SCREENING_PASSPHRASE_FILE"),
    (["audit", "verify", "--user", ADMIN_ID], "SCREENING_PASSPHRASE_FILE"),
    (["audit", "show", "--user", ADMIN_ID, "--since", "2024-01-01"], "SCREENING_PASSPHRASE_FILE"),
    (["backup", "out.bak", "--user", ADMIN_ID], "SCREENING_PASSPHRASE_FILE"),
]


def _ids(value: object) -> str:
    return " ".join(value[:2]) if isinstance(value, list) else ""


@pytest.mark.parametrize(("args", "env_name"), COMMANDS, ids=_ids)
def test_no_terminal_and_no_file_fails_at_once(tmp_path: Path, args: list[str], env_name: str) -> None:
    result = run_cli(args, base_env(tmp_path / "station"), timeout=20)
    assert result.code == 1, str(result)
    assert "not running at a terminal" in result.err and env_name in result.err, str(result)
    assert result.seconds < 10, str(result)
    assert result.out == ""


def test_restore_without_input_fails_at_once(tmp_path: Path) -> None:
    backup = tmp_path / "some.screening-backup"
    backup.write_bytes(b"not read before the passphrase")
    result = run_cli(["restore", str(backup), "--user", ADMIN_ID], base_env(tmp_path / "station"),
                     timeout=20)
    assert result.code == 1 and "SCREENING_PASSPHRASE_FILE" in result.err, str(result)


def test_a_missing_or_empty_secret_file_is_named(tmp_path: Path) -> None:
    env = base_env(tmp_path / "station")
    env["SCREENING_PASSPHRASE_FILE"] = str(tmp_path / "absent.txt")
    result = run_cli(["audit", "verify", "--user", ADMIN_ID], env)
    assert result.code == 1 and "absent.txt" in result.err and "does not exist" in result.err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    env["SCREENING_PASSPHRASE_FILE"] = str(empty)
    result = run_cli(["audit", "verify", "--user", ADMIN_ID], env)
    assert result.code == 1 and "is empty" in result.err, str(result)


def test_help_documents_where_secrets_come_from(tmp_path: Path) -> None:
    for args in (["users", "add", "--help"], ["station", "create", "--help"],
                 ["station", "recover", "--help"], ["backup", "--help"]):
        result = run_cli(args, base_env(tmp_path))
        assert result.code == 0
        for name in ("SCREENING_PASSPHRASE_FILE", "SCREENING_NEW_PASSPHRASE_FILE",
                     "SCREENING_RECOVERY_KEY_FILE", "--home"):
            assert name in result.out, (args, name)
