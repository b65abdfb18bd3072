"""`screening sync lookup` in a subprocess against the real service: a PNC ID match prints the
summary at once; a name + date of birth match prints only the candidate until --confirm names it."""

from __future__ import annotations

import random
import uuid
from datetime import date
from pathlib import Path

from screening.checklist.loader import FormLibrary
from screening.domain.enums import IdentifierKind
from screening.services import IdentifierEntry
from sync.protocol import AgencyType
from tests.sync.conftest import Central
from tests.sync.stations import custody_revision, make_station
from tests.sync.test_lookup import fresh_pnc, person_at, push_all
from tests.sync.test_sync_cli import run


def test_lookup_from_the_command_line(tmp_path: Path, library: FormLibrary, central_pg: Central) -> None:
    pnc = fresh_pnc(random.Random())
    family = f"Clilookup{uuid.uuid4().hex[:6]}"
    born = date(1985, 7, 1)
    custody = make_station(tmp_path / "custody", library)
    ld = make_station(tmp_path / "ld", library)
    try:
        custody.enrol(central_pg, AgencyType.POLICE)
        ld.enrol(central_pg, AgencyType.LIAISON_DIVERSION)
        officer = custody.services("pc1")
        subject = person_at(officer, family_name=family, date_of_birth=born,
                            identifiers=(IdentifierEntry(kind=IdentifierKind.PNC_ID, value=pnc),))
        custody_revision(officer, person_id=subject, flagged=True)
        officer.lock()
        push_all(custody)
        practitioner = ld.services("ld1")
        same_pnc = (IdentifierEntry(kind=IdentifierKind.PNC_ID, value=pnc),)
        by_pnc = person_at(practitioner, identifiers=same_pnc)
        by_name = person_at(practitioner, family_name=family, date_of_birth=born, identifiers=())
        practitioner.lock()
    finally:
        custody.lock_all()
        ld.lock_all()

    found = run("sync", "lookup", "--user", "ld1", "--person", str(by_pnc), home=ld.home, user="ld1",
                tmp=tmp_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("Seen before at Test police.")
    assert "matched by PNC ID or NHS number" in found.stdout and "flag alert:" in found.stdout

    candidate = run("sync", "lookup", "--user", "ld1", "--person", str(by_name), home=ld.home, user="ld1",
                    tmp=tmp_path)
    assert candidate.returncode == 0, candidate.stderr
    assert "Confirm it is the same person" in candidate.stdout and "flag" not in candidate.stdout
    candidate_id = candidate.stdout.split("--confirm ")[1].split()[0]
    confirmed = run("sync", "lookup", "--user", "ld1", "--person", str(by_name), "--confirm", candidate_id,
                    home=ld.home, user="ld1", tmp=tmp_path)
    assert confirmed.returncode == 0, confirmed.stderr
    assert "matched by name and date of birth, confirmed" in confirmed.stdout

    no_user = run("sync", "lookup", "--person", str(by_pnc), home=ld.home, tmp=tmp_path)
    assert no_user.returncode != 0 and "--user" in no_user.stderr
