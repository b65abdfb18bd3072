"""`screening sync` from the command line, in subprocesses, against the real service: enrol with a
one-time code, push without unlocking, a full sync with --user, status, quarantine and retry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from screening.checklist.loader import FormLibrary
from sync.protocol import AgencyType
from sync.server import admin
from tests.sync.conftest import ROOT, Central
from tests.sync.helpers import new_agency
from tests.sync.stations import PASSPHRASES, custody_revision, make_station


def run(*args: str, home: Path, user: str | None = None, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    env["SCREENING_HOME"] = str(home)
    env["SCREENING_INSECURE_TEST_KDF"] = "1"
    if user is not None:
        secret = tmp / f"{user}.pass"
        secret.write_text(PASSPHRASES[user] + "\n")
        secret.chmod(0o600)
        env["SCREENING_PASSPHRASE_FILE"] = str(secret)
    return subprocess.run(
        [sys.executable, "-m", "screening.cli", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_enrol_push_sync_status_and_retry_from_the_command_line(
    tmp_path: Path, library: FormLibrary, central_pg: Central
) -> None:
    station = make_station(tmp_path / "station", library)
    officer = station.services("pc1")
    custody_revision(officer, flagged=True)
    officer.lock()
    home = station.home

    not_yet = run("sync", home=home, tmp=tmp_path)
    assert not_yet.returncode == 1 and "not enrolled" in not_yet.stderr

    agency = new_agency(central_pg, AgencyType.POLICE)
    code = admin.issue_enrol_code(central_pg.engine, agency_id=agency, site="Suite A")
    refused = run("sync", "enrol", "--url", central_pg.base_url, "--code", code, "--user", "pc1",
                  home=home, user="pc1", tmp=tmp_path)
    assert refused.returncode == 1 and "administrator" in refused.stderr
    wrong = run("sync", "enrol", "--url", central_pg.base_url, "--code", "AAAA-BBBB-CCCC", "--user",
                "admin1", home=home, user="admin1", tmp=tmp_path)
    assert wrong.returncode == 1 and "did not accept this code" in wrong.stderr
    enrolled = run("sync", "enrol", "--url", central_pg.base_url, "--code", code, "--user", "admin1",
                   home=home, user="admin1", tmp=tmp_path)
    assert enrolled.returncode == 0, enrolled.stderr
    assert "enrolled with" in enrolled.stdout and "3 record(s) sealed" in enrolled.stdout
    assert code not in enrolled.stdout

    status = run("sync", "status", home=home, tmp=tmp_path)
    assert status.returncode == 0 and "3 waiting" in status.stdout and "never synced" in status.stdout

    pushed = run("sync", home=home, tmp=tmp_path)  # no --user: no passphrase needed
    assert pushed.returncode == 0, pushed.stderr
    assert "3 accepted" in pushed.stdout and "0 waiting" in pushed.stdout

    full = run("sync", "--user", "pc1", home=home, user="pc1", tmp=tmp_path)
    assert full.returncode == 0, full.stderr
    assert "audit anchor queued" in full.stdout and "acknowledgement(s) recorded" in full.stdout
    assert "pulled" in full.stdout and "1 accepted" in full.stdout  # the anchor

    damaged = station.folder.write_envelope(seq=999, resource_type="Flag", resource_id="not-a-real-flag",
                                            version=1, envelope=b'{"format":"nonsense"}')
    quarantined = run("sync", home=home, tmp=tmp_path)
    assert quarantined.returncode == 0 and "1 quarantined" in quarantined.stdout
    assert "1 need attention" in quarantined.stdout
    listing = run("sync", "quarantine", home=home, tmp=tmp_path)
    assert damaged.name in listing.stdout and "422" in listing.stdout
    not_allowed = run("sync", "retry", "--user", "pc1", home=home, user="pc1", tmp=tmp_path)
    assert not_allowed.returncode == 1 and "supervisor" in not_allowed.stderr
    retried = run("sync", "retry", "--user", "ps1", damaged.name, home=home, user="ps1", tmp=tmp_path)
    assert retried.returncode == 0 and "1 record(s) put back" in retried.stdout
    assert station.folder.waiting_count() == 1
