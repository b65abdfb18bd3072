"""Real encrypted stations for the station-side sync tests: created on disk with cheap Argon2id,
enrolled with a running central service through ``Services.sync.enrol``, and finalised revisions
made through the real services (so every envelope comes from the real sealer)."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from screening.checklist.loader import FormLibrary
from screening.domain.enums import Role
from screening.domain.models import Screening
from screening.services import PersonDetails, Services
from screening.services.sync_state import Enrolment, SyncFolder
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.store.station import Station, create_station, unlock
from sync.protocol import AgencyType, content_hash
from sync.server import admin
from tests.sync.conftest import Central
from tests.sync.helpers import new_agency
from tests.unit.services.conftest import QUIET_CUSTODY, details

os.environ.setdefault(TEST_KDF_ENV, "1")

ADMIN = "admin1"
PASSPHRASES = {
    ADMIN: "admin passphrase one",
    "pc1": "officer passphrase one",
    "pc2": "officer passphrase two",
    "ps1": "supervisor passphrase one",
    "ld1": "liaison passphrase one",
    "po1": "probation passphrase one",
}
USERS = {
    "pc1": Role.CUSTODY_OFFICER,
    "pc2": Role.CUSTODY_OFFICER,
    "ps1": Role.SUPERVISOR,
    "ld1": Role.LD_PRACTITIONER,
    "po1": Role.PROBATION_OFFICER,
}
OFFICER = {
    AgencyType.POLICE: "pc1",
    AgencyType.LIAISON_DIVERSION: "ld1",
    AgencyType.PROBATION: "po1",
    AgencyType.PRISON: "ld1",
    AgencyType.COURT: "po1",
}
"""Who screens at a station of each agency type."""


@dataclass
class SyncedStation:
    """A station folder on disk and ways to open it."""

    home: Path
    library: FormLibrary
    opened: list[Station] = field(default_factory=list)
    central: Central | None = None
    agency_id: str | None = None

    @property
    def folder(self) -> SyncFolder:
        return SyncFolder(self.home)

    def station(self, user_id: str) -> Station:
        station = unlock(self.home, user_id=user_id, passphrase=PASSPHRASES[user_id])
        self.opened.append(station)
        return station

    def services(self, user_id: str) -> Services:
        return Services(self.station(user_id), self.library)

    def lock_all(self) -> None:
        for station in self.opened:
            station.lock()
        self.opened.clear()

    def enrol(self, central: Central, agency_type: AgencyType = AgencyType.POLICE, *,
              agency_id: str | None = None) -> Enrolment:
        """Enrol through the services, as the station's administrator would."""
        agency_id = agency_id or new_agency(central, agency_type)
        code = admin.issue_enrol_code(central.engine, agency_id=agency_id, site="Test site")
        services = self.services(ADMIN)
        try:
            enrolment = services.sync.enrol(url=central.base_url, code=code)
        finally:
            services.lock()
        self.central = central
        self.agency_id = agency_id
        return enrolment


def make_station(home: Path, library: FormLibrary, *, name: str = "Fictional Custody Suite") -> SyncedStation:
    """A new encrypted station with an administrator and one user of every screening role."""
    create_station(
        home,
        name=name,
        agency="Fictional Constabulary",
        site="Suite A",
        admin_id=ADMIN,
        admin_name="Alex Admin",
        admin_passphrase=PASSPHRASES[ADMIN],
        kdf=INSECURE_TEST_KDF,
    )
    with unlock(home, user_id=ADMIN, passphrase=PASSPHRASES[ADMIN]) as station:
        for user_id, role in USERS.items():
            station.add_user(
                user_id=user_id,
                display_name=f"User {user_id}",
                role=role,
                passphrase=PASSPHRASES[user_id],
                must_change=False,
                kdf=INSECURE_TEST_KDF,
            )
    return SyncedStation(home=home, library=library)




def custody_revision(
    services: Services,
    *,
    person: PersonDetails | None = None,
    person_id: UUID | None = None,
    flagged: bool = False,
    feeling: str | None = None,
) -> Screening:
    """A finalised custody screen (a new person unless ``person_id``), through the real services."""
    if person_id is None:
        person_id = services.people.create(details=person or details()).id
    draft = services.screenings.start(person_id=person_id, form_id="custody-screen")
    answers: dict[str, Any] = {**QUIET_CUSTODY, "A8": "yes" if flagged else "no"}
    if feeling is not None:
        answers["A3"] = feeling
    for code, value in answers.items():
        services.screenings.answer(screening_id=draft.id, item_code=code, value=value)
    return services.screenings.complete_and_finalise(
        screening_id=draft.id, passphrase=PASSPHRASES[services.user_id]
    )


def amended_revision(services: Services, screening_id: UUID, *, flagged: bool) -> Screening:
    """Amend a finalised screening (one answer changed) and finalise the new revision."""
    draft = services.screenings.amend(screening_id=screening_id, reason="an answer was recorded wrongly")
    services.screenings.answer(screening_id=draft.id, item_code="A8", value="yes" if flagged else "no")
    return services.screenings.complete_and_finalise(
        screening_id=draft.id, passphrase=PASSPHRASES[services.user_id]
    )


def expected_records(services: Services) -> dict[tuple[str, str], str]:
    """(type, id) -> content hash of the newest version of every record in the outbox."""
    expected: dict[tuple[str, str], str] = {}
    for entry in services.outbox.pending():
        expected[(entry.kind, entry.resource_id)] = content_hash(entry.payload)
    return expected


def envelope_files(home: Path) -> Iterator[Path]:
    """Every file under the station folder's outbox (envelopes, acknowledgements, quarantine)."""
    outbox = home / "outbox"
    if outbox.exists():
        yield from (p for p in outbox.rglob("*") if p.is_file())


def _value_for(item: Any, rng: random.Random) -> Any:
    from datetime import date

    kind = item.type.value
    if kind == "choice":
        return rng.choice([o.code for o in item.options])
    if kind == "multi-choice":
        return [rng.choice([o.code for o in item.options])]
    if kind in ("integer", "decimal"):
        low = getattr(item.validation, "min", None) if item.validation else None
        high = getattr(item.validation, "max", None) if item.validation else None
        return int(low if low is not None else 0) if high is None else rng.randint(int(low or 0), int(high))
    if kind == "date":
        return date(2024, 5, 1)
    if kind == "language":
        return "en-GB"
    return "noted"


def any_revision(
    services: Services,
    form_id: str,
    *,
    rng: random.Random,
    person_id: UUID | None = None,
    feeling: str | None = None,
) -> Screening:
    """A finalised screening of any form, required items answered at random (new person unless
    given)."""
    if form_id == "custody-screen":
        return custody_revision(services, person_id=person_id, flagged=rng.random() < 0.5, feeling=feeling)
    if person_id is None:
        person_id = services.people.create(details=details()).id
    draft = services.screenings.start(person_id=person_id, form_id=form_id)
    form = services.screenings.form_of(screening_id=draft.id)
    progress = services.screenings.answer(screening_id=draft.id, item_code=form.order[0], value=None)
    for _ in range(50):
        if not progress.missing_required:
            break
        for code in progress.missing_required:
            progress = services.screenings.answer(
                screening_id=draft.id, item_code=code, value=_value_for(form.items[code], rng)
            )
    return services.screenings.complete_and_finalise(
        screening_id=draft.id, passphrase=PASSPHRASES[services.user_id]
    )


def amend_any(services: Services, screening_id: UUID, *, rng: random.Random) -> Screening:
    """Amend a finalised screening of any form and finalise the new revision."""
    draft = services.screenings.amend(screening_id=screening_id, reason="an answer was recorded wrongly")
    form = services.screenings.form_of(screening_id=draft.id)
    if form.id == "custody-screen":
        services.screenings.answer(
            screening_id=draft.id, item_code="A8", value=rng.choice(["yes", "no"])
        )
    return services.screenings.complete_and_finalise(
        screening_id=draft.id, passphrase=PASSPHRASES[services.user_id]
    )
