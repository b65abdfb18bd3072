"""Fixtures for the disclosure tests: the services tests' station bench (a real encrypted station
with one user per role, cheap Argon2id, a hand-moved clock), plus finalised screenings made
through the services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from screening.domain.models import Screening
from screening.services import Services
from tests.unit.services import conftest as services_fixtures
from tests.unit.services.conftest import PASSPHRASES, QUIET_CUSTODY, Bench, answer_all, details

bench = services_fixtures.bench
cheap_kdf = services_fixtures.cheap_kdf
officer = services_fixtures.officer
__all__ = ["PASSPHRASES", "Bench", "bench", "cheap_kdf", "officer"]

BUSY_CUSTODY: dict[str, Any] = {
    **QUIET_CUSTODY,
    "A3": "Worried about my kids MARKER-A3-FEELING",
    "A5": "yes",
    "A5_which": "Community mental health team MARKER-A5-WHICH",
    "A6": "Sertraline 100mg MARKER-A6-MEDS",
    "A7": "within_month",
    "A7_custody": "no",
    "A8": "no",
    "A10": ["autism"],
    "A12": "yes",
    "A13_language": "pl",
    "A13_interpreter": "yes",
    "A14": ["distressed"],
    "A15_i": "unsure",
    "A16": "yes",
    "A17": "Halal food MARKER-A17-FAITH",
    "A18": "2",
    "A19_referred": ["liaison_diversion"],
    "A19": "2025-03-14T09:45:00+00:00",
}
"""A custody screening that raises most flags, with a marker in every free-text answer."""


def finalised_custody(services: Services, answers: dict[str, Any] | None = None) -> Screening:
    """A custody screening of a new person, answered, completed and finalised by ``services``."""
    person = services.people.create(details=details())
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(services, draft.id, answers or BUSY_CUSTODY)
    services.screenings.complete(screening_id=draft.id)
    user = services.user_id
    return services.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES[user])


@pytest.fixture
def custody(officer: Services) -> Screening:
    return finalised_custody(officer)


def screening_id(screening: Screening) -> UUID:
    return screening.id
