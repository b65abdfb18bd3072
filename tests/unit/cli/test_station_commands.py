"""`screening station|users|audit|backup|restore` end to end, in subprocesses."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from screening.store.keyslots import TEST_KDF_ENV
from screening.store.station import StationFiles, unlock
from tests.unit.cli.conftest import (
    ADMIN_ID,
    ADMIN_NAME,
    ADMIN_PASS,
    OFFICER_ID,
    OFFICER_NAME,
    OFFICER_PASS,
    RECOVERY_RE,
    CliStation,
    create,
)


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")


def _no_secrets(station: CliStation, *texts: str) -> None:
    for text in texts:
        for secret in (ADMIN_PASS, OFFICER_PASS, ADMIN_NAME, OFFICER_NAME):
            assert secret not in text


# --- create -------------------------------------------------------------------------------------


def test_create_prints_the_recovery_key_once_and_makes_an_encrypted_station(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir(mode=0o700)
    station, result = create(tmp_path / "station", tmp_path / "s")
    assert result.out.count(station.recovery_key) == 1
    assert "keep it locked away" in result.out
    assert station.recovery_key not in result.err
    _no_secrets(station, result.out, result.err)
    files = StationFiles.at(station.home)
    assert files.database.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(files.database).execute("SELECT * FROM sqlite_master").fetchall()
    again = station.run("station", "create", "--name", "N", "--agency", "A", "--site", "S",
                        "--admin-id", "other", "--admin-name", "Other", passphrase=None, new=ADMIN_PASS)
    assert again.code == 1 and "already a station" in again.err, str(again)


def test_create_refuses_a_short_passphrase_before_doing_anything(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    station = CliStation(tmp_path / "station", tmp_path / "s", "")
    result = station.run("station", "create", "--name", "N", "--agency", "A", "--site", "S",
                         "--admin-id", ADMIN_ID, "--admin-name", "Admin", passphrase=None, new="short")
    assert result.code == 1 and "at least 12 characters" in result.err, str(result)
    assert not StationFiles.at(station.home).exists()


def test_home_option_overrides_the_environment(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    station = CliStation(tmp_path / "unused", tmp_path / "s", "")
    result = station.run("station", "create", "--home", str(tmp_path / "elsewhere"), "--name", "N",
                         "--agency", "A", "--site", "S", "--admin-id", ADMIN_ID, "--admin-name", "A",
                         passphrase=None, new=ADMIN_PASS)
    assert result.code == 0, str(result)
    assert StationFiles.at(tmp_path / "elsewhere").exists()
    assert not (tmp_path / "unused").exists()
    check = station.run("station", "check", "--home", str(tmp_path / "elsewhere"), "--user", ADMIN_ID)
    assert check.code == 0, str(check)


# --- check --------------------------------------------------------------------------------------


def test_check_passes_on_a_healthy_station(cli_station: CliStation) -> None:
    result = cli_station.run("station", "check", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert result.code == 0, str(result)
    assert "Database: OK" in result.out and "Audit log OK" in result.out


def test_check_names_a_damaged_page(cli_station: CliStation) -> None:
    files = StationFiles.at(cli_station.home)
    with unlock(cli_station.home, user_id=ADMIN_ID, passphrase=ADMIN_PASS) as admin:
        with admin.db.transaction():
            for i in range(300):
                admin.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                                 (f"k{i}", '"' + "v" * 200 + '"'))
        page = int(admin.db.query_value("SELECT rootpage FROM sqlite_master WHERE name = 'settings'"))
    data = bytearray(files.database.read_bytes())
    data[(page - 1) * 4096 + 2000] ^= 0x10
    files.database.write_bytes(bytes(data))
    result = cli_station.run("station", "check", "--user", ADMIN_ID)
    assert result.code == 1, str(result)
    assert "DAMAGED" in result.out and f"Page {page} failed" in result.out, str(result)


def test_a_wrong_passphrase_is_one_plain_line(cli_station: CliStation) -> None:
    result = cli_station.run("audit", "verify", "--user", ADMIN_ID, passphrase="not the passphrase")
    assert result.code == 1
    assert result.err.strip().splitlines()[-1] == (
        "screening: The user id or passphrase is not right. Check both and try again.")
    unknown = cli_station.run("audit", "verify", "--user", "nobody", passphrase="not the passphrase")
    assert unknown.err.strip().splitlines()[-1] == result.err.strip().splitlines()[-1]


def test_no_station_says_so(tmp_path: Path) -> None:
    station = CliStation(tmp_path / "none", tmp_path, "")
    result = station.run("audit", "verify", "--user", ADMIN_ID)
    assert result.code == 1 and "no station" in result.err.lower(), str(result)


# --- users --------------------------------------------------------------------------------------


def test_users_list_shows_ids_and_roles_but_no_names(cli_station: CliStation) -> None:
    result = cli_station.run("users", "list", "--user", ADMIN_ID)
    assert result.code == 0, str(result)
    rows = [line.split("\t") for line in result.out.splitlines()]
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (ADMIN_ID, "admin", "active"), (OFFICER_ID, "custody_officer", "active")]
    _no_secrets(cli_station, result.out, result.err)
    refused = cli_station.run("users", "list", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert refused.code == 1 and "only admin" in refused.err


def test_a_new_user_must_change_the_initial_passphrase(cli_station: CliStation) -> None:
    added = cli_station.run("users", "add", "SUP1", "--name", "Sup Er", "--role", "supervisor",
                            "--user", ADMIN_ID, new="given by the admin")
    assert added.code == 0, str(added)
    listed = cli_station.run("users", "list", "--user", ADMIN_ID)
    assert "sup1\tsupervisor\t" in listed.out and "must change passphrase" in listed.out
    blocked = cli_station.run("audit", "show", "--user", "sup1", passphrase="given by the admin")
    assert blocked.code == 1 and "users passphrase --user sup1" in blocked.err, str(blocked)
    same = cli_station.run("users", "passphrase", "--user", "sup1", passphrase="given by the admin",
                           new="given by the admin")
    assert same.code == 1 and "must differ" in same.err, str(same)
    changed = cli_station.run("users", "passphrase", "--user", "sup1", passphrase="given by the admin",
                              new="the supervisor's own")
    assert changed.code == 0, str(changed)
    shown = cli_station.run("audit", "show", "--user", "sup1", passphrase="the supervisor's own")
    assert shown.code == 0, str(shown)
    duplicate = cli_station.run("users", "add", "sup1", "--name", "X", "--role", "supervisor",
                                "--user", ADMIN_ID, new="another passphrase")
    assert duplicate.code == 1 and "already used" in duplicate.err


def test_reset_gives_a_temporary_passphrase(cli_station: CliStation) -> None:
    refused = cli_station.run("users", "reset", ADMIN_ID, "--user", OFFICER_ID, passphrase=OFFICER_PASS,
                              new="temporary passphrase")
    assert refused.code == 1 and "administrator" in refused.err, str(refused)
    reset = cli_station.run("users", "reset", OFFICER_ID, "--user", ADMIN_ID, new="temporary passphrase")
    assert reset.code == 0, str(reset)
    old = cli_station.run("audit", "verify", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert old.code == 1 and "not right" in old.err
    temporary = cli_station.run("audit", "verify", "--user", OFFICER_ID, passphrase="temporary passphrase")
    assert temporary.code == 1 and "must be changed" in temporary.err


def test_remove_locks_the_user_out_and_rekeys(cli_station: CliStation) -> None:
    files = StationFiles.at(cli_station.home)
    old_slots = files.slots.read_bytes()
    removed = cli_station.run("users", "remove", OFFICER_ID, "--user", ADMIN_ID)
    assert removed.code == 0, str(removed)
    gone = cli_station.run("audit", "verify", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert gone.code == 1 and "not right" in gone.err
    files.slots.write_bytes(old_slots)  # a copy of the old key file opens nothing either
    copied = cli_station.run("audit", "verify", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert copied.code == 1, str(copied)
    last = cli_station.run("users", "remove", ADMIN_ID, "--user", ADMIN_ID)
    assert last.code == 1


# --- audit --------------------------------------------------------------------------------------


def test_audit_verify_reports_ok_and_then_the_first_broken_row(cli_station: CliStation) -> None:
    ok = cli_station.run("audit", "verify", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert ok.code == 0 and ok.out.startswith("Audit log OK"), str(ok)
    with unlock(cli_station.home, user_id=ADMIN_ID, passphrase=ADMIN_PASS) as admin:
        conn = admin.db.connection
        conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
        conn.execute("UPDATE audit SET details = '{}' WHERE seq = 2")
    broken = cli_station.run("audit", "verify", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert broken.code == 1, str(broken)
    assert broken.out.startswith("Audit log BROKEN at row 2:"), str(broken)
    check = cli_station.run("station", "check", "--user", ADMIN_ID)
    assert check.code == 1 and "BROKEN at row 2" in check.out


def test_audit_show_lists_ids_events_and_times(cli_station: CliStation) -> None:
    result = cli_station.run("audit", "show", "--user", ADMIN_ID)
    assert result.code == 0, str(result)
    rows = [line.split("\t") for line in result.out.splitlines()]
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    events = [r[3] for r in rows]
    assert events[:2] == ["station_create", "user_add"] and "passphrase_change" in events
    assert all(len(r) == 5 and r[1].endswith("Z") for r in rows)
    assert f"user={OFFICER_ID}" in result.out
    _no_secrets(cli_station, result.out, result.err)
    future = cli_station.run("audit", "show", "--user", ADMIN_ID, "--since", "2999-01-01")
    assert future.code == 0 and future.out == "" and "0 events" in future.err
    limited = cli_station.run("audit", "show", "--user", ADMIN_ID, "--limit", "3")
    assert len(limited.out.splitlines()) == 3
    bad = cli_station.run("audit", "show", "--user", ADMIN_ID, "--since", "yesterday")
    assert bad.code == 1 and "YYYY-MM-DD" in bad.err
    officer = cli_station.run("audit", "show", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert officer.code == 1 and "audit log" in officer.err


# --- backup, restore, recover -------------------------------------------------------------------


def test_backup_and_restore(cli_station: CliStation, tmp_path: Path) -> None:
    bundle = tmp_path / "station.screening-backup"
    made = cli_station.run("backup", str(bundle), "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert made.code == 0 and made.out.strip() == str(bundle), str(made)
    again = cli_station.run("backup", str(bundle), "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert again.code == 1 and "already exists" in again.err
    cli_station.run("users", "add", "later1", "--name", "Later", "--role", "supervisor",
                    "--user", ADMIN_ID, new="added after backup")
    refused = cli_station.run("restore", str(bundle), "--user", ADMIN_ID)
    assert refused.code == 1 and "newer data" in refused.err and "--force" in refused.err, str(refused)
    forced = cli_station.run("restore", str(bundle), "--user", ADMIN_ID, "--force")
    assert forced.code == 0, str(forced)
    listed = cli_station.run("users", "list", "--user", ADMIN_ID)
    assert "later1" not in listed.out
    shown = cli_station.run("audit", "show", "--user", ADMIN_ID)
    assert "\trestore\t" in shown.out
    verify = cli_station.run("audit", "verify", "--user", ADMIN_ID)
    assert verify.code == 0, str(verify)
    missing = cli_station.run("restore", str(tmp_path / "absent"), "--user", ADMIN_ID)
    assert missing.code == 1 and "no backup file" in missing.err


def test_recover_resets_an_admin_and_replaces_the_recovery_key(cli_station: CliStation) -> None:
    wrong_key = cli_station.run("station", "recover", "--admin", ADMIN_ID, passphrase=None,
                                recovery="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", new="temporary pass 1")
    assert wrong_key.code == 1, str(wrong_key)
    recovered = cli_station.run("station", "recover", "--admin", ADMIN_ID, passphrase=None,
                                recovery=cli_station.recovery_key.lower().replace("-", " "),
                                new="temporary pass 1")
    assert recovered.code == 0, str(recovered)
    keys = RECOVERY_RE.findall(recovered.out)
    assert len(keys) == 1 and keys[0] != cli_station.recovery_key
    reused = cli_station.run("station", "recover", "--admin", ADMIN_ID, passphrase=None,
                             recovery=cli_station.recovery_key, new="temporary pass 2")
    assert reused.code == 1, str(reused)
    officer = cli_station.run("station", "recover", "--admin", OFFICER_ID, passphrase=None,
                              recovery=keys[0], new="temporary pass 2")
    assert officer.code == 1 and "administrator" in officer.err, str(officer)
    changed = cli_station.run("users", "passphrase", "--user", ADMIN_ID, passphrase="temporary pass 1",
                              new="admin passphrase new")
    assert changed.code == 0, str(changed)
    listed = cli_station.run("users", "list", "--user", ADMIN_ID, passphrase="admin passphrase new")
    assert listed.code == 0, str(listed)


def test_an_admin_can_replace_the_recovery_key(cli_station: CliStation) -> None:
    refused = cli_station.run("station", "recovery-key", "--user", OFFICER_ID, passphrase=OFFICER_PASS)
    assert refused.code == 1 and "only admin" in refused.err
    replaced = cli_station.run("station", "recovery-key", "--user", ADMIN_ID)
    assert replaced.code == 0, str(replaced)
    keys = RECOVERY_RE.findall(replaced.out)
    assert len(keys) == 1 and keys[0] != cli_station.recovery_key
    old = cli_station.run("station", "recover", "--admin", ADMIN_ID, passphrase=None,
                          recovery=cli_station.recovery_key, new="temporary pass 1")
    assert old.code == 1, str(old)
