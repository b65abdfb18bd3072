"""The station administration wrappers the desktop app uses, over real encrypted stations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.checklist.loader import FormLibrary
from screening.domain.enums import Role, ScreeningStatus
from screening.services import station_admin
from screening.services.errors import (
    LockedOutError,
    LoginFailedError,
    NotAllowedError,
    PassphrasePolicyError,
    StationLockedError,
    StoreError,
)
from screening.services.station_admin import DEMO_ACCOUNTS, ROSTER_FILE, StationAdmin
from screening.store.keyslots import INSECURE_TEST_KDF
from tests.unit.services.conftest import PASSPHRASES, Bench

ADMIN_PASS = "admin passphrase one"


def new_station(home: Path) -> str:
    return station_admin.create_station(
        home, name="Fictional Custody Suite", agency="Fictional Constabulary", site="Suite A",
        admin_id="Admin1", admin_name="Alex Admin", admin_passphrase=ADMIN_PASS,
        kdf=INSECURE_TEST_KDF,
    )


def demo_account(role: Role) -> station_admin.DemoAccount:
    return next(a for a in DEMO_ACCOUNTS if a.role is role)


def test_no_station_then_one_with_its_admin_in_the_roster(tmp_path: Path) -> None:
    home = tmp_path / "station"
    assert not station_admin.station_exists(home)
    assert station_admin.login_roster(home) == station_admin.LoginRoster(station_exists=False)
    recovery_key = new_station(home)
    assert len(recovery_key.replace("-", "")) == 32
    assert station_admin.station_exists(home)
    roster = station_admin.login_roster(home)
    assert roster.station_exists and roster.station_name == "Fictional Custody Suite"
    assert not roster.demo
    assert [(u.user_id, u.display_name, u.demo_passphrase) for u in roster.users] == [
        ("admin1", "Alex Admin", None)
    ]
    assert roster.users[0].label == "Alex Admin (admin1)"


def test_create_refuses_a_short_passphrase_and_an_existing_station(tmp_path: Path) -> None:
    home = tmp_path / "station"
    with pytest.raises(PassphrasePolicyError):
        station_admin.create_station(home, name="S", agency="A", site="B", admin_id="a1",
                                     admin_name="Alex", admin_passphrase="short",
                                     kdf=INSECURE_TEST_KDF)
    assert not station_admin.station_exists(home)
    new_station(home)
    with pytest.raises(StoreError, match="already a station"):
        new_station(home)


def test_the_roster_holds_ids_and_names_only(bench: Bench, library: FormLibrary) -> None:
    services = station_admin.open_services(bench.home, user_id="pc1234",
                                           passphrase=PASSPHRASES["pc1234"], library=library)
    services.lock()
    document = json.loads((bench.home / ROSTER_FILE).read_text(encoding="utf-8"))
    assert set(document) == {"format", "version", "station_name", "demo", "users", "written_at"}
    assert all(set(user) == {"id", "display_name"} for user in document["users"])
    roster = station_admin.login_roster(bench.home)
    assert [u.user_id for u in roster.users] == sorted(PASSPHRASES)
    assert {u.user_id: u.display_name for u in roster.users}["pc1234"] == "User pc1234"


def test_without_a_roster_file_the_picker_lists_the_key_slots(bench: Bench) -> None:
    # bench made its station through the store, as `screening station create` does
    assert not (bench.home / ROSTER_FILE).exists()
    roster = station_admin.login_roster(bench.home)
    assert {u.user_id for u in roster.users} == set(PASSPHRASES)
    assert all(u.display_name == "" and u.label == u.user_id for u in roster.users)


def test_unknown_user_and_wrong_passphrase_fail_alike(bench: Bench, library: FormLibrary) -> None:
    messages = []
    for user_id, passphrase in (("nobody", "whatever passphrase"), ("pc1234", "wrong passphrase")):
        with pytest.raises(LoginFailedError) as failed:
            station_admin.open_services(bench.home, user_id=user_id, passphrase=passphrase,
                                        library=library)
        assert type(failed.value) is LoginFailedError
        messages.append(str(failed.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("user_id", ["pc1234", "nobody"])
def test_the_fifth_failure_says_how_long_to_wait(
    bench: Bench, library: FormLibrary, user_id: str
) -> None:
    for _ in range(4):
        with pytest.raises(LoginFailedError) as failed:
            station_admin.open_services(bench.home, user_id=user_id, passphrase="wrong passphrase",
                                        library=library)
        assert not isinstance(failed.value, LockedOutError)
    with pytest.raises(LockedOutError) as locked:
        station_admin.open_services(bench.home, user_id=user_id, passphrase="wrong passphrase",
                                    library=library)
    assert 25 < locked.value.retry_after <= 30
    assert "Wait 30 seconds" in str(locked.value)
    assert 0 < station_admin.login_wait(bench.home, user_id) <= 30
    assert station_admin.login_wait(bench.home, "ps1") == 0


def test_session_info_and_resume_after_a_lock(bench: Bench, library: FormLibrary) -> None:
    services = station_admin.open_services(bench.home, user_id="PC1234",
                                           passphrase=PASSPHRASES["pc1234"], library=library)
    info = station_admin.session_info(services)
    assert (info.user_id, info.display_name, info.role) == ("pc1234", "User pc1234",
                                                             Role.CUSTODY_OFFICER)
    assert (info.station_name, info.demo, info.must_change_passphrase) == (
        "Fictional Custody Suite", False, False)
    services.lock()
    assert services.locked
    with pytest.raises(StationLockedError):
        station_admin.session_info(services)
    with pytest.raises(LoginFailedError):
        station_admin.resume(services, bench.home, passphrase="wrong passphrase")
    assert services.locked
    station_admin.resume(services, bench.home, passphrase=PASSPHRASES["pc1234"])
    assert not services.locked
    assert services.screenings.my_drafts() == []
    services.lock()


def test_admin_adds_resets_and_removes_users(bench: Bench, library: FormLibrary) -> None:
    services = station_admin.open_services(bench.home, user_id="admin1",
                                           passphrase=PASSPHRASES["admin1"], library=library)
    admin = StationAdmin(services)
    temporary = admin.suggest_temporary_passphrase()
    added = admin.add_user(user_id="pc9999", display_name="Pat Newcomer",
                           role=Role.CUSTODY_OFFICER, temporary_passphrase=temporary,
                           kdf=INSECURE_TEST_KDF)
    assert added.must_change_passphrase and added.active
    assert "Pat Newcomer (pc9999)" in [u.label for u in station_admin.login_roster(bench.home).users]

    # the newcomer must change the temporary passphrase before anything else
    newcomer = station_admin.open_services(bench.home, user_id="pc9999", passphrase=temporary,
                                           library=library)
    assert station_admin.session_info(newcomer).must_change_passphrase
    with pytest.raises(NotAllowedError):
        newcomer.screenings.my_drafts()
    newcomer.change_passphrase(current_passphrase=temporary,
                               new_passphrase="newcomer's own passphrase")
    assert newcomer.screenings.my_drafts() == []
    newcomer.lock()

    reset = admin.reset_passphrase(user_id="pc9999", kdf=INSECURE_TEST_KDF)
    assert len(reset) >= 12
    again = station_admin.open_services(bench.home, user_id="pc9999", passphrase=reset,
                                        library=library)
    assert again.must_change_passphrase
    again.lock()

    admin.remove_user(user_id="pc9999")
    with pytest.raises(LoginFailedError):
        station_admin.open_services(bench.home, user_id="pc9999", passphrase=reset, library=library)
    users = {u.user_id: u for u in admin.users(include_removed=True)}
    assert not users["pc9999"].active
    assert "pc9999" not in [u.user_id for u in admin.users()]
    assert "pc9999" not in [u.user_id for u in station_admin.login_roster(bench.home).users]
    # everyone else still opens the rekeyed station
    station_admin.open_services(bench.home, user_id="pc1234", passphrase=PASSPHRASES["pc1234"],
                                library=library).lock()
    services.lock()


def test_audit_trail_newest_first_without_values_and_verified(
    bench: Bench, library: FormLibrary
) -> None:
    officer = station_admin.open_services(bench.home, user_id="pc1234",
                                          passphrase=PASSPHRASES["pc1234"], library=library)
    from tests.unit.services.conftest import details

    officer.people.create(details=details())
    officer.lock()
    supervisor = station_admin.open_services(bench.home, user_id="ps1",
                                             passphrase=PASSPHRASES["ps1"], library=library)
    admin = StationAdmin(supervisor)
    trail = admin.audit_trail()
    seqs = [e.seq for e in trail]
    assert seqs == sorted(seqs, reverse=True) and seqs[-1] == 1
    assert trail[0].event == "login" and trail[0].user_id == "ps1"
    assert "create" in [e.event for e in trail]
    text = json.dumps([e.model_dump(mode="json") for e in trail])
    assert "Kowalski" not in text and "Jan Piotr" not in text
    page = admin.audit_trail(before_seq=seqs[2], limit=2)
    assert [e.seq for e in page] == [seqs[2] - 1, seqs[2] - 2]
    check = admin.verify_audit()
    assert check.ok and check.rows_checked == len(trail)
    assert check.summary.startswith("Audit trail OK")
    with pytest.raises(NotAllowedError):
        admin.users()
    supervisor.lock()

    officer = station_admin.open_services(bench.home, user_id="pc1234",
                                          passphrase=PASSPHRASES["pc1234"], library=library)
    with pytest.raises(NotAllowedError):
        StationAdmin(officer).audit_trail()
    officer.lock()


def test_demo_station(tmp_path: Path, library: FormLibrary) -> None:
    home = tmp_path / "demo"
    roster = station_admin.create_demo_station(home, library, kdf=INSECURE_TEST_KDF)
    assert roster.demo and roster.station_name == station_admin.DEMO_STATION_NAME
    assert [u.user_id for u in roster.users] == [a.user_id for a in DEMO_ACCOUNTS]
    assert {u.demo_role for u in roster.users} == set(Role)
    officer_account = demo_account(Role.CUSTODY_OFFICER)
    entry = roster.users[0]
    assert entry.demo_passphrase == officer_account.passphrase
    officer = station_admin.open_services(home, user_id=entry.user_id,
                                          passphrase=officer_account.passphrase, library=library)
    assert station_admin.session_info(officer).demo
    names = {p.display_name for p in officer.people.search(query="example")}
    assert names == {"Ada EXAMPLE", "Dafydd EXAMPLE"}
    assert [d.status for d in officer.screenings.my_drafts()] == [ScreeningStatus.DRAFT]
    assert len(officer.screenings.drafts_to_take_over()) == 1
    alerts = officer.screenings.people_with_open_alerts()
    assert [f.code for a in alerts for f in a.flags] == ["SELF_HARM_RISK"]
    officer.lock()
    with pytest.raises(StoreError):
        station_admin.create_demo_station(home, library, kdf=INSECURE_TEST_KDF)


def test_a_production_station_never_becomes_demo(tmp_path: Path, library: FormLibrary) -> None:
    home = tmp_path / "station"
    new_station(home)
    with pytest.raises(StoreError):
        station_admin.create_demo_station(home, library, kdf=INSECURE_TEST_KDF)
    # a roster edited to claim "demo" shows the public demo passphrases, which open nothing here,
    # and the first unlock puts the database's answer back
    path = home / ROSTER_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    document["demo"] = True
    path.write_text(json.dumps(document), encoding="utf-8")
    assert station_admin.login_roster(home).demo
    services = station_admin.open_services(home, user_id="admin1", passphrase=ADMIN_PASS,
                                           library=library)
    assert not station_admin.session_info(services).demo
    services.lock()
    assert not station_admin.login_roster(home).demo
