"""Fixtures for the services tests: a real encrypted station on disk with one user per role,
cheap Argon2id, and a clock the tests move by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from screening.checklist.loader import FormLibrary
from screening.domain.enums import IdentifierKind
from screening.services import IdentifierEntry, PersonDetails, Services
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.store.station import Station, create_station, unlock

PASSPHRASES = {
    "admin1": "admin passphrase one",
    "pc1234": "officer passphrase two",
    "pc5678": "second officer passphrase",
    "ps1": "supervisor passphrase one",
    "ps2": "supervisor passphrase two",
    "ld1": "liaison passphrase one",
    "po1": "probation passphrase one",
}
ROLES = {
    "pc1234": "custody_officer",
    "pc5678": "custody_officer",
    "ps1": "supervisor",
    "ps2": "supervisor",
    "ld1": "ld_practitioner",
    "po1": "probation_officer",
}

START = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
"""A Friday morning in March (GMT): the screening date is 14 March 2025."""

VALID_NHS = "943 476 5919"
VALID_PNC = "2019/0012345G"  # check letter G for 19 / 0012345


@dataclass
class FakeClock:
    """A clock the test moves; every call returns the current instant."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


@dataclass
class Bench:
    """A created station and a way to open services on it as any of its users."""

    home: Path
    library: FormLibrary
    clock: FakeClock
    opened: list[Station] = field(default_factory=list)

    def station(self, user_id: str) -> Station:
        station = unlock(self.home, user_id=user_id, passphrase=PASSPHRASES[user_id])
        self.opened.append(station)
        return station

    def services(self, user_id: str) -> Services:
        return Services(self.station(user_id), self.library, clock=self.clock)

    def close(self) -> None:
        for station in self.opened:
            station.lock()


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")


@pytest.fixture
def bench(tmp_path: Path, library: FormLibrary) -> Iterator[Bench]:
    home = tmp_path / "station"
    create_station(
        home,
        name="Fictional Custody Suite",
        agency="Fictional Constabulary",
        site="Suite A",
        admin_id="admin1",
        admin_name="Alex Admin",
        admin_passphrase=PASSPHRASES["admin1"],
        kdf=INSECURE_TEST_KDF,
    )
    with unlock(home, user_id="admin1", passphrase=PASSPHRASES["admin1"]) as admin:
        for user_id, role in ROLES.items():
            admin.add_user(
                user_id=user_id,
                display_name=f"User {user_id}",
                role=role,
                passphrase=PASSPHRASES[user_id],
                must_change=False,
                kdf=INSECURE_TEST_KDF,
            )
    made = Bench(home, library, FakeClock())
    yield made
    made.close()


@pytest.fixture
def officer(bench: Bench) -> Services:
    return bench.services("pc1234")


def details(**changes: object) -> PersonDetails:
    """A fictional person's details (changed as the test needs)."""
    fields: dict[str, object] = {
        "given_names": "Jan Piotr",
        "family_name": "Kowalski",
        "date_of_birth": date(1980, 5, 20),
        "identifiers": (
            IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value=VALID_NHS),
            IdentifierEntry(kind=IdentifierKind.PNC_ID, value=VALID_PNC),
            IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD, value="01/123456/25"),
        ),
        "language": "pl",
        "interpreter_needed": True,
    }
    fields.update(changes)
    return PersonDetails.model_validate(fields)


QUIET_CUSTODY: dict[str, object] = {
    "A1b": "no",
    "A2": "no",
    "A3_observation": ["no_concerns"],
    "A4": "no",
    "A5": "no",
    "A7": "never",
    "A8": "no",
    "A9a": "no",
    "A10": ["none"],
    "A11": "no",
    "A12": "no",
    "A13_language": "en-GB",
    "A13_interpreter": "no",
    "A14": ["none"],
    "A15_i": "no",
    "A15_ii": "no",
    "A15_iii": "no",
    "A16": "no",
    "A18": "1",
    "A19_referred": ["none"],
}
"""Answers to the custody screen that raise no flag (A1 comes from the person record)."""




def answer_all(services: Services, screening_id: object, answers: dict[str, object]) -> None:
    from uuid import UUID

    assert isinstance(screening_id, UUID)
    for code, value in answers.items():
        services.screenings.answer(screening_id=screening_id, item_code=code, value=value)
