"""The background pull (``station_sync.pull_changes``, what the app's worker runs after each push)
against a real central service of this module's own (so what it publishes reaches no other
test's stations): pulled form versions are added to the running library only while their files
match the hash recorded in the database; a user the centre revoked is reported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from screening.checklist.loader import FormLibrary
from screening.services import Services
from screening.services.station_sync import PullOutcome, pull_changes
from sync.client import SyncClient
from sync.server import admin
from tests.conftest import FORMS
from tests.sync.conftest import Central, _start_central
from tests.sync.stations import SyncedStation, make_station


@pytest.fixture(scope="module")
def own_central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    folder = tmp_path_factory.mktemp("central-pull")
    yield from _start_central("sqlite", f"sqlite:///{folder / 'central.sqlite3'}", folder)


@pytest.fixture
def station(tmp_path: Path) -> Iterator[SyncedStation]:
    made = make_station(tmp_path / "station", FormLibrary.load(FORMS))
    yield made
    made.lock_all()


def publish_version(central: Central, folder: Path, version: str) -> None:
    text = (FORMS / "custody-screen" / "1.0.0.yaml").read_text(encoding="utf-8")
    path = folder / "custody-screen" / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("\nversion: 1.0.0\n", f"\nversion: {version}\n", 1), encoding="utf-8")
    admin.publish_form(central.engine, central.keys, path)


def pull(services: Services, station: SyncedStation, role: str = "custody_officer") -> PullOutcome:
    with SyncClient(station.folder) as client:
        return pull_changes(client, user_id=services.user_id, role=role,
                            on_database=lambda fn: fn(services.sync))


def test_pulled_forms_join_the_library_only_while_their_files_match(
    station: SyncedStation, own_central: Central, tmp_path: Path
) -> None:
    station.enrol(own_central)
    publish_version(own_central, tmp_path / "publish", "1.2.0")
    officer = station.services("pc1")
    assert officer.library.get("custody-screen").version == "1.0.0"

    outcome = pull(officer, station)
    assert outcome.error is None and outcome.applied >= 1
    assert outcome.forms_added == ["custody-screen 1.2.0"]
    assert officer.library.get("custody-screen").version == "1.2.0"
    assert ("custody-screen", "1.0.0") in officer.library.forms
    assert [(f.id, f.version) for f in officer.screenings.startable_forms()
            if f.id == "custody-screen"] == [("custody-screen", "1.2.0")]
    # Pulling again changes nothing (the cursor was saved with the page).
    again = pull(officer, station)
    assert again.applied == 0 and again.forms_added == []

    # The next session (the shipped forms only) takes the received version in from its file...
    colleague = Services(station.station("pc2"), FormLibrary.load(FORMS))
    assert colleague.sync.install_received_forms().added == ["custody-screen 1.2.0"]
    # ...but not once the file has been changed in the station folder.
    received = station.folder.sync_dir / "received" / "forms" / "custody-screen" / "1.2.0.yaml"
    received.write_text(received.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    later = Services(station.station("ps1"), FormLibrary.load(FORMS))
    result = later.sync.install_received_forms()
    assert result.added == [] and "changed since it arrived" in result.problems[0]
    assert later.library.get("custody-screen").version == "1.0.0"


def test_a_pull_reports_that_the_centre_revoked_the_logged_in_user(
    station: SyncedStation, own_central: Central
) -> None:
    enrolment = station.enrol(own_central)
    officer = station.services("pc1")
    admin.revoke_station_user(own_central.engine, own_central.keys,
                              station_id=enrolment.station_id, user_id="pc1")
    outcome = pull(officer, station)
    assert outcome.user_revoked
    assert "pc1" in officer.sync.revoked_users()
