"""Fixtures for the store tests: real SQLCipher files under tmp_path, cheap Argon2id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.store.station import Station, create_station, unlock

ADMIN_ID = "admin1"
ADMIN_PASS = "admin passphrase one"
OFFICER_ID = "pc1234"
OFFICER_PASS = "officer passphrase two"
STATION_NAME = "Fictional Custody Suite"


@dataclass(frozen=True)
class TestStation:
    """A created station with an admin and a custody officer (both with final passphrases)."""

    __test__ = False

    home: Path
    recovery_key: str

    def admin(self) -> Station:
        return unlock(self.home, user_id=ADMIN_ID, passphrase=ADMIN_PASS)

    def officer(self) -> Station:
        return unlock(self.home, user_id=OFFICER_ID, passphrase=OFFICER_PASS)


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every slot made with default settings in these tests uses the cheap parameters."""
    monkeypatch.setenv(TEST_KDF_ENV, "1")


@pytest.fixture
def made_station(tmp_path: Path) -> Iterator[TestStation]:
    home = tmp_path / "station"
    recovery = create_station(
        home,
        name=STATION_NAME,
        agency="Fictional Constabulary",
        site="Suite A",
        admin_id=ADMIN_ID,
        admin_name="Alex Admin",
        admin_passphrase=ADMIN_PASS,
        kdf=INSECURE_TEST_KDF,
    )
    with unlock(home, user_id=ADMIN_ID, passphrase=ADMIN_PASS) as admin:
        admin.add_user(
            user_id=OFFICER_ID,
            display_name="Olu Officer",
            role="custody_officer",
            passphrase=OFFICER_PASS,
            must_change=False,
            kdf=INSECURE_TEST_KDF,
        )
    yield TestStation(home, recovery)
