"""The station facade: users and key slots, lockout, rekey on removal, backup and restore."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from screening.store import station as station_mod
from screening.store.audit import AuditLog
from screening.store.db import Database
from screening.store.errors import (
    BackupError,
    LockedOutError,
    LoginFailedError,
    PassphrasePolicyError,
    PermissionDeniedError,
    StationDamagedError,
    StationExistsError,
    StationNotFoundError,
    UserError,
    WrongKeyError,
)
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.store.session_lock import LOCK_FILE, SessionLock
from screening.store.station import (
    StationFiles,
    check_station,
    create_station,
    restore_station,
    unlock,
    unlock_with_recovery,
)
from tests.unit.store.conftest import (
    ADMIN_ID,
    ADMIN_PASS,
    OFFICER_ID,
    OFFICER_PASS,
    STATION_NAME,
    TestStation,
)

ROOT = Path(__file__).resolve().parents[3]


def _set(station: station_mod.Station, key: str, value: object) -> None:
    with station.db.transaction():
        station.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )


def _get(station: station_mod.Station, key: str) -> object:
    text = station.db.query_value("SELECT value FROM settings WHERE key = ?", (key,))
    return None if text is None else json.loads(text)


def _events(station: station_mod.Station) -> list[str]:
    return [r.event for r in station.audit.records(limit=10_000)]


# --- creating and unlocking ---


def test_two_users_open_the_same_station_with_their_own_passphrases(made_station: TestStation) -> None:
    with made_station.admin() as admin:
        assert admin.user is not None and admin.user.role == "admin"
        _set(admin, "greeting", "hello")
    with made_station.officer() as officer:
        assert officer.user is not None and officer.user.role == "custody_officer"
        assert _get(officer, "greeting") == "hello"
        assert officer.info.name == STATION_NAME and not officer.info.demo
        assert officer.verify_audit().ok


def test_creating_over_an_existing_station_is_refused(made_station: TestStation) -> None:
    with pytest.raises(StationExistsError):
        create_station(
            made_station.home,
            name="x",
            agency="x",
            site="x",
            admin_id="a2",
            admin_name="x",
            admin_passphrase=ADMIN_PASS,
            kdf=INSECURE_TEST_KDF,
        )


def test_creation_checks_the_passphrase_and_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(PassphrasePolicyError):
        create_station(
            tmp_path / "s",
            name="x",
            agency="x",
            site="x",
            admin_id="a",
            admin_name="x",
            admin_passphrase="short",
            kdf=INSECURE_TEST_KDF,
        )
    assert not StationFiles.at(tmp_path / "s").exists()


def test_no_station_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StationNotFoundError, match="SCREENING_HOME"):
        unlock(tmp_path, user_id=ADMIN_ID, passphrase=ADMIN_PASS)


def test_unknown_user_and_wrong_passphrase_give_the_same_error(made_station: TestStation) -> None:
    with pytest.raises(LoginFailedError) as unknown:
        unlock(made_station.home, user_id="nobody", passphrase=ADMIN_PASS)
    with pytest.raises(LoginFailedError) as wrong:
        unlock(made_station.home, user_id=ADMIN_ID, passphrase=ADMIN_PASS + "!")
    with pytest.raises(LoginFailedError) as malformed:
        unlock(made_station.home, user_id="not an id at all", passphrase=ADMIN_PASS)
    with pytest.raises(LoginFailedError) as recovery_as_user:
        unlock(made_station.home, user_id="#recovery", passphrase=made_station.recovery_key)
    assert {type(e.value) for e in (unknown, wrong, malformed, recovery_as_user)} == {LoginFailedError}
    assert len({str(e.value) for e in (unknown, wrong, malformed, recovery_as_user)}) == 1


def test_user_ids_are_case_insensitive(made_station: TestStation) -> None:
    unlock(made_station.home, user_id=" PC1234 ", passphrase=OFFICER_PASS).lock()


def test_the_database_is_not_readable_with_sqlite_alone_nor_holds_plain_text(
    made_station: TestStation,
) -> None:
    files = StationFiles.at(made_station.home)
    with made_station.officer() as officer:
        _set(officer, "marker", "MARKER-9c1e-PLAIN")
        assert files.wal.exists()
        _assert_marker_absent(made_station.home, ["MARKER-9c1e-PLAIN", STATION_NAME, "Olu Officer"])
    _assert_marker_absent(made_station.home, ["MARKER-9c1e-PLAIN", STATION_NAME, "Olu Officer"])
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(files.database).execute("SELECT count(*) FROM sqlite_master").fetchall()


def _assert_marker_absent(home: Path, markers: list[str]) -> None:
    scanned = 0
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            scanned += 1
            for marker in markers:
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    assert marker.encode(encoding) not in data, (path.name, marker, encoding)
    assert scanned >= 3
    control = home.parent / "control.bin"
    control.write_bytes(b"xx" + markers[0].encode("utf-16-le"))
    assert markers[0].encode("utf-16-le") in control.read_bytes()  # the scan can find it
    control.unlink()


def test_lock_closes_the_database_and_overwrites_the_key(made_station: TestStation) -> None:
    officer = made_station.officer()
    key = officer._key
    assert any(key)
    officer.lock()
    assert officer.locked and key == bytearray(32)
    with pytest.raises(PermissionDeniedError, match="locked"):
        officer.list_users()
    officer.lock()  # twice is fine
    with made_station.admin() as admin:
        assert _events(admin)[-2:] == ["lock", "login"]


# --- failed logins ---


def test_lockout_after_five_failures_survives_a_new_process(made_station: TestStation) -> None:
    for _ in range(5):
        with pytest.raises(LoginFailedError):
            unlock(made_station.home, user_id=OFFICER_ID, passphrase="wrong passphrase!")
    with pytest.raises(LockedOutError):
        unlock(made_station.home, user_id=OFFICER_ID, passphrase=OFFICER_PASS)
    script = (
        "import sys\n"
        "from screening.store.station import unlock\n"
        "from screening.store.errors import LockedOutError\n"
        "try:\n"
        f"    unlock(sys.argv[1], user_id='{OFFICER_ID}', passphrase='{OFFICER_PASS}')\n"
        "except LockedOutError as exc:\n"
        "    print('locked', round(exc.retry_after))\n"
    )
    env = {**os.environ, TEST_KDF_ENV: "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(made_station.home)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert done.stdout.startswith("locked "), done.stdout + done.stderr
    assert 0 < int(done.stdout.split()[1]) <= 30


def test_failures_are_audited_at_the_next_unlock(made_station: TestStation) -> None:
    for user in (OFFICER_ID, OFFICER_ID, "ghost"):
        with pytest.raises(LoginFailedError):
            unlock(made_station.home, user_id=user, passphrase="wrong passphrase!")
    later = time.time() + 3600
    with unlock(made_station.home, user_id=ADMIN_ID, passphrase=ADMIN_PASS, clock=lambda: later) as admin:
        records = admin.audit.records(limit=10_000)
        failed = [r for r in records if r.event == "login_failed"]
        assert [(r.user_id, r.details["unknown_user"]) for r in failed] == [
            (OFFICER_ID, False),
            (OFFICER_ID, False),
            (None, True),
        ]
        assert records[-1].event == "login" and records[-1].user_id == ADMIN_ID
        assert "ghost" not in json.dumps([r.details for r in records])
    with made_station.admin() as admin:
        assert [r.event for r in admin.audit.records(limit=10_000)].count("login_failed") == 3


def test_confirm_passphrase_counts_towards_the_lockout(made_station: TestStation) -> None:
    with made_station.officer() as officer:
        officer.confirm_passphrase(OFFICER_PASS)
        for _ in range(5):
            with pytest.raises(LoginFailedError):
                officer.confirm_passphrase("not my passphrase")
        with pytest.raises(LockedOutError):
            officer.confirm_passphrase(OFFICER_PASS)


# --- user administration ---


def test_reset_gives_a_temporary_passphrase_that_must_be_changed(made_station: TestStation) -> None:
    for _ in range(5):
        with pytest.raises(LoginFailedError):
            unlock(made_station.home, user_id=OFFICER_ID, passphrase="forgotten passphrase")
    with made_station.admin() as admin:
        temporary = admin.reset_user(user_id=OFFICER_ID)
        assert admin.get_user(OFFICER_ID).must_change  # type: ignore[union-attr]
    with pytest.raises(LoginFailedError):
        made_station.officer()  # the old passphrase no longer works (and the lock was lifted)
    officer = unlock(made_station.home, user_id=OFFICER_ID, passphrase=temporary)
    assert officer.must_change_passphrase and officer.user.must_change  # type: ignore[union-attr]
    with pytest.raises(LoginFailedError):
        officer.change_passphrase(current_passphrase="wrong one here", new_passphrase="a brand new phrase")
    with pytest.raises(PassphrasePolicyError):
        officer.change_passphrase(current_passphrase=temporary, new_passphrase="too short")
    officer.change_passphrase(current_passphrase=temporary, new_passphrase="a brand new phrase")
    assert not officer.must_change_passphrase
    officer.lock()
    with unlock(made_station.home, user_id=OFFICER_ID, passphrase="a brand new phrase") as again:
        assert not again.must_change_passphrase
        assert {"user_reset", "passphrase_change"} <= set(_events(again))


def test_only_admins_manage_users(made_station: TestStation) -> None:
    with made_station.officer() as officer:
        with pytest.raises(PermissionDeniedError):
            officer.add_user(
                user_id="x1", display_name="X", role="supervisor", passphrase="long enough phrase"
            )
        with pytest.raises(PermissionDeniedError):
            officer.reset_user(user_id=ADMIN_ID)
        with pytest.raises(PermissionDeniedError):
            officer.remove_user(user_id=ADMIN_ID)


def test_user_admin_rules(made_station: TestStation) -> None:
    with made_station.admin() as admin:
        with pytest.raises(UserError, match="already used"):
            admin.add_user(
                user_id=OFFICER_ID, display_name="Dup", role="supervisor", passphrase="long enough phrase"
            )
        with pytest.raises(UserError, match="yourself"):
            admin.remove_user(user_id=ADMIN_ID)
        with pytest.raises(ValueError):
            admin.add_user(user_id="x2", display_name="X", role="wizard", passphrase="long enough phrase")
        added = admin.add_user(
            user_id="sup1", display_name="Sam Supervisor", role="supervisor", passphrase="long enough phrase"
        )
        assert added.must_change and added.role == "supervisor"
        assert [u.id for u in admin.list_users()] == [ADMIN_ID, OFFICER_ID, "sup1"]
        assert "Sam" not in json.dumps([r.details for r in admin.audit.records()])


def test_the_last_admin_cannot_be_removed(made_station: TestStation) -> None:
    with made_station.admin() as admin:
        admin.add_user(
            user_id="admin2",
            display_name="Second Admin",
            role="admin",
            passphrase="second admin phrase",
            must_change=False,
        )
    with unlock(made_station.home, user_id="admin2", passphrase="second admin phrase") as second:
        second.remove_user(user_id=ADMIN_ID)
        with pytest.raises(UserError):
            second.remove_user(user_id="admin2")


def test_removing_a_user_locks_them_out_even_with_their_old_slot_file(made_station: TestStation) -> None:
    files = StationFiles.at(made_station.home)
    old_slots = files.slots.read_bytes()
    with made_station.admin() as admin:
        _set(admin, "before", 1)
        admin.remove_user(user_id=OFFICER_ID)
        assert admin.get_user(OFFICER_ID).removed_at is not None  # type: ignore[union-attr]
        _set(admin, "after", 2)  # the open station keeps working under the new key
        assert admin.verify_audit().ok
    with pytest.raises(LoginFailedError):
        made_station.officer()
    current_slots = files.slots.read_bytes()
    files.slots.write_bytes(old_slots)  # the removed user puts back a copy of the old key file
    with pytest.raises(WrongKeyError):
        made_station.officer()
    with pytest.raises(WrongKeyError):
        made_station.admin()  # the old file is simply stale for everyone
    files.slots.write_bytes(current_slots)
    with made_station.admin() as admin:
        assert _get(admin, "before") == 1 and _get(admin, "after") == 2
        assert admin.verify_audit().ok
        assert "user_remove" in _events(admin)
    unlock_with_recovery(made_station.home, recovery_key=made_station.recovery_key).lock()


def test_a_slot_moved_to_another_user_id_does_not_open(made_station: TestStation) -> None:
    files = StationFiles.at(made_station.home)
    document = json.loads(files.slots.read_text())
    document["slots"][ADMIN_ID] = document["slots"][OFFICER_ID]
    files.slots.write_text(json.dumps(document))
    with pytest.raises(LoginFailedError):
        unlock(made_station.home, user_id=ADMIN_ID, passphrase=OFFICER_PASS)
    with pytest.raises(LoginFailedError):
        unlock(made_station.home, user_id=ADMIN_ID, passphrase=ADMIN_PASS)
    made_station.officer().lock()


def test_remove_user_refuses_a_slot_file_with_foreign_public_keys(made_station: TestStation) -> None:
    files = StationFiles.at(made_station.home)
    with made_station.admin() as admin:
        admin.add_user(user_id="sup1", display_name="S", role="supervisor", passphrase="long enough phrase")
        document = json.loads(files.slots.read_text())
        document["slots"]["sup1"]["public_key"] = document["slots"][OFFICER_ID]["public_key"]
        files.slots.write_text(json.dumps(document))
        with pytest.raises(station_mod.KeySlotError, match="altered"):
            admin.remove_user(user_id=OFFICER_ID)


@pytest.mark.parametrize("crash_point", ["before_rekey", "after_rekey"])
def test_a_removal_interrupted_by_a_crash_is_finished_at_the_next_unlock(
    made_station: TestStation, monkeypatch: pytest.MonkeyPatch, crash_point: str
) -> None:
    class Crash(BaseException):
        pass

    def crash(*args: object, **kwargs: object) -> None:
        raise Crash()

    # before_rekey: the slots hold both keys, the database still the old one;
    # after_rekey: the database holds the new key, the slots still list the old one first.
    target = (Database, "rekey") if crash_point == "before_rekey" else (AuditLog, "rekey_head")
    admin = made_station.admin()
    with monkeypatch.context() as patch:
        patch.setattr(*target, crash)
        with pytest.raises(Crash):
            admin.remove_user(user_id=OFFICER_ID)
    admin.db.connection.close()  # the process died, and with it its session lock
    admin._session.release()
    document = json.loads(StationFiles.at(made_station.home).slots.read_text())
    assert all("next_db_key" in slot for slot in document["slots"].values())
    with made_station.admin() as again:
        assert again.verify_audit().ok, str(again.verify_audit())
        assert again.get_user(OFFICER_ID).removed_at is not None  # type: ignore[union-attr]
    document = json.loads(StationFiles.at(made_station.home).slots.read_text())
    assert not any("next_db_key" in slot for slot in document["slots"].values())
    assert OFFICER_ID not in document["slots"]
    with pytest.raises(LoginFailedError):
        made_station.officer()


@pytest.mark.skipif(sys.platform == "win32", reason="session lock is POSIX-only so far")
def test_removal_waits_until_no_other_session_is_open(made_station: TestStation) -> None:
    officer = made_station.officer()
    with made_station.admin() as admin:
        admin.add_user(user_id="sup1", display_name="S", role="supervisor", passphrase="long enough phrase")
        with pytest.raises(UserError, match="open"):
            admin.remove_user(user_id="sup1")
        _set(officer, "still", "works")  # the refused attempt changed nothing
        officer.lock()
        admin.remove_user(user_id="sup1")
        assert _get(admin, "still") == "works"


@pytest.mark.skipif(sys.platform == "win32", reason="session lock is POSIX-only so far")
def test_an_interrupted_removal_waits_for_other_sessions_to_close(
    made_station: TestStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Crash(BaseException):
        pass

    def crash(*args: object, **kwargs: object) -> None:
        raise Crash()

    admin = made_station.admin()
    with monkeypatch.context() as patch:
        patch.setattr(Database, "rekey", crash)
        with pytest.raises(Crash):
            admin.remove_user(user_id=OFFICER_ID)
    admin.db.connection.close()
    admin._session.release()
    other_process = SessionLock(made_station.home / LOCK_FILE)
    other_process.acquire_shared()  # someone else still has the station open with the old key
    with made_station.admin() as postponed:
        assert any("not finished" in warning for warning in postponed.warnings)
        assert postponed.verify_audit().ok
    assert "next_db_key" in StationFiles.at(made_station.home).slots.read_text()
    other_process.release()
    with made_station.admin() as finished:
        assert not finished.warnings
    assert "next_db_key" not in StationFiles.at(made_station.home).slots.read_text()
    with pytest.raises(LoginFailedError):
        made_station.officer()


# --- recovery ---


def test_the_recovery_key_resets_an_admin_and_nothing_else(made_station: TestStation) -> None:
    with pytest.raises(LoginFailedError):
        unlock_with_recovery(made_station.home, recovery_key="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    recovery = unlock_with_recovery(made_station.home, recovery_key=made_station.recovery_key.lower())
    assert recovery.is_recovery and recovery.user is None
    with pytest.raises(PermissionDeniedError):
        recovery.reset_user(user_id=OFFICER_ID)
    with pytest.raises(PermissionDeniedError):
        recovery.add_user(user_id="x3", display_name="X", role="admin", passphrase="long enough phrase")
    temporary = recovery.reset_user(user_id=ADMIN_ID)
    recovery.lock()
    with unlock(made_station.home, user_id=ADMIN_ID, passphrase=temporary) as admin:
        assert admin.must_change_passphrase
        events = _events(admin)
        assert "recover" in events and "user_reset" in events
        new_key = admin.regenerate_recovery_key()
    with pytest.raises(LoginFailedError):
        unlock_with_recovery(made_station.home, recovery_key=made_station.recovery_key)
    unlock_with_recovery(made_station.home, recovery_key=new_key).lock()


# --- damage ---


def test_a_flipped_byte_gives_a_clear_error_and_the_check_names_the_page(made_station: TestStation) -> None:
    files = StationFiles.at(made_station.home)
    with made_station.officer() as officer, officer.db.transaction():
        for i in range(300):
            officer.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (f"k{i}", json.dumps("v" * 200))
            )
    assert not files.wal.exists() or files.wal.stat().st_size == 0  # lock checkpointed the WAL
    with made_station.admin() as admin:
        page = int(admin.db.query_value("SELECT rootpage FROM sqlite_master WHERE name = 'settings'"))
        admin.db.checkpoint()
    data = bytearray(files.database.read_bytes())
    data[(page - 1) * 4096 + 2000] ^= 0x10
    files.database.write_bytes(bytes(data))
    with made_station.officer() as officer, pytest.raises(StationDamagedError, match="station check"):
        officer.db.query("SELECT * FROM settings")
    report = check_station(made_station.home, user_id=ADMIN_ID, passphrase=ADMIN_PASS)
    assert not report.ok
    assert any(f"Page {page} failed" in problem for problem in report.integrity_problems), str(report)


def test_station_check_passes_on_a_healthy_station(made_station: TestStation) -> None:
    report = check_station(made_station.home, user_id=OFFICER_ID, passphrase=OFFICER_PASS)
    assert report.ok, str(report)
    assert "Database: OK" in str(report)


# --- backup and restore ---


def test_backup_needs_a_passphrase_and_restore_refuses_newer_data(
    made_station: TestStation, tmp_path: Path
) -> None:
    with made_station.admin() as admin:
        _set(admin, "state", "at backup")
        bundle = admin.backup(tmp_path / "backup.screening-backup")
        _set(admin, "state", "after backup")
    assert b"at backup" not in bundle.read_bytes()
    with pytest.raises(BackupError, match="newer data"):
        restore_station(made_station.home, bundle, user_id=ADMIN_ID, passphrase=ADMIN_PASS)
    with pytest.raises(LoginFailedError):
        restore_station(
            made_station.home, bundle, user_id=ADMIN_ID, passphrase="wrong passphrase", force=True
        )
    with made_station.admin() as admin:
        assert _get(admin, "state") == "after backup"  # nothing was changed
    restored = restore_station(made_station.home, bundle, user_id=ADMIN_ID, passphrase=ADMIN_PASS, force=True)
    with restored:
        assert _get(restored, "state") == "at backup"
        restore_rows = [r for r in restored.audit.records(limit=10_000) if r.event == "restore"]
        assert len(restore_rows) == 1 and restore_rows[0].details["forced"] is True
        assert restored.verify_audit().ok, str(restored.verify_audit())
        assert not restored.warnings
    kept = list(StationFiles.at(made_station.home).backups.glob("replaced-*"))
    assert len(kept) == 1 and (kept[0] / "station.db").exists()
    with made_station.officer() as officer:
        assert officer.verify_audit().ok


def test_restore_into_an_empty_folder_and_of_another_station(
    made_station: TestStation, tmp_path: Path
) -> None:
    with made_station.admin() as admin:
        bundle = admin.backup(tmp_path)
    assert bundle.parent == tmp_path and bundle.suffix == ".screening-backup"
    elsewhere = tmp_path / "new-pc"
    with restore_station(elsewhere, bundle, user_id=OFFICER_ID, passphrase=OFFICER_PASS) as restored:
        assert restored.info.name == STATION_NAME and restored.verify_audit().ok
    other = tmp_path / "other"
    create_station(
        other,
        name="Other",
        agency="A",
        site="S",
        admin_id=ADMIN_ID,
        admin_name="A",
        admin_passphrase=ADMIN_PASS,
        kdf=INSECURE_TEST_KDF,
    )
    with pytest.raises(BackupError, match="different station"):
        restore_station(other, bundle, user_id=ADMIN_ID, passphrase=ADMIN_PASS)


def test_an_interrupted_restore_is_finished_and_audited_at_unlock(
    made_station: TestStation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with made_station.admin() as admin:
        bundle = admin.backup(tmp_path / "b.screening-backup")
        _set(admin, "state", "newer")

    class Crash(BaseException):
        pass

    def crash(files: StationFiles) -> None:
        raise Crash()

    with monkeypatch.context() as patch:
        patch.setattr(station_mod, "_finish_pending_restore_files", crash)
        with pytest.raises(Crash):
            restore_station(made_station.home, bundle, user_id=ADMIN_ID, passphrase=ADMIN_PASS, force=True)
    assert StationFiles.at(made_station.home).restore_marker.exists()
    with made_station.officer() as officer:
        assert _get(officer, "state") is None
        assert "restore" in _events(officer)
        assert officer.verify_audit().ok
    assert not StationFiles.at(made_station.home).restore_marker.exists()


def test_a_damaged_backup_is_refused(made_station: TestStation, tmp_path: Path) -> None:
    with made_station.admin() as admin:
        bundle = admin.backup(tmp_path / "b.screening-backup")
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bundle.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore_station(made_station.home, bundle, user_id=ADMIN_ID, passphrase=ADMIN_PASS, force=True)
    with made_station.admin() as admin:
        assert admin.verify_audit().ok


@pytest.mark.skipif(sys.platform == "win32", reason="session lock is POSIX-only so far")
def test_restore_is_refused_while_the_station_is_open(made_station: TestStation, tmp_path: Path) -> None:
    with made_station.admin() as admin:
        bundle = admin.backup(tmp_path / "b.screening-backup")
    with made_station.officer() as officer:
        with pytest.raises(BackupError, match="open"):
            restore_station(made_station.home, bundle, user_id=ADMIN_ID, passphrase=ADMIN_PASS, force=True)
        assert officer.verify_audit().ok
    assert not StationFiles.at(made_station.home).restore_marker.exists()
    assert not list(StationFiles.at(made_station.home).tmp.glob("restore-*"))
