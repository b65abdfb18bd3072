"""The served OpenAPI schema, fuzzed with schemathesis against the two-worker service on
PostgreSQL: whatever is sent, the answer is never a 5xx, and it matches the schema.

Hypothesis drives schemathesis' per-operation strategies directly: schemathesis' own lazy pytest
loader (``from_fixture``) does not work with pytest 9."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from sync.protocol import IDEMPOTENCY_KEY_HEADER, ROLE_HEADER, USER_HEADER
from tests.sync.conftest import Central
from tests.sync.helpers import Station, enrol


@pytest.fixture(scope="module")
def fuzz_station(central_pg: Central) -> Station:
    return enrol(central_pg)


@pytest.fixture(scope="module")
def api_schema(central_pg: Central) -> Any:
    return schemathesis.openapi.from_url(f"{central_pg.base_url}/openapi.json")


OPERATIONS = [
    "GET /healthz",
    "POST /sync/v1/enrol",
    "POST /sync/v1/push",
    "GET /sync/v1/changes",
    "POST /sync/v1/lookup",
]


def test_the_schema_is_served_and_names_every_endpoint(central_pg: Central) -> None:
    document = httpx.get(f"{central_pg.base_url}/openapi.json").json()
    assert {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item} == set(
        OPERATIONS
    )
    push = document["paths"]["/sync/v1/push"]["post"]
    assert "application/fhir+json" in push["requestBody"]["content"]
    assert {"Idempotency-Key"} <= {p["name"] for p in push["parameters"]}


def _fuzz(schema: Any, label: str, mode: GenerationMode, headers: dict[str, str], examples: int) -> list[int]:
    """Run ``examples`` generated requests against one operation; the statuses they got."""
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label
    statuses: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        sent = {**(case.headers or {}), **headers}
        if mode is GenerationMode.POSITIVE and IDEMPOTENCY_KEY_HEADER in sent:
            # A key reused for a different request is refused (422) by design; tested elsewhere.
            sent[IDEMPOTENCY_KEY_HEADER] = str(uuid.uuid4())
        response = case.call(headers=sent)
        statuses.append(response.status_code)
        checks = [not_a_server_error] if mode is GenerationMode.NEGATIVE else None
        case.validate_response(response, checks=checks)

    run()
    return statuses


CASES = [(label, GenerationMode.POSITIVE) for label in OPERATIONS] + [
    (label, GenerationMode.NEGATIVE)
    for label in OPERATIONS
    if label != "GET /healthz"  # it takes no input
]


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_no_request_makes_the_service_fail(
    api_schema: Any, fuzz_station: Station, label: str, mode: GenerationMode
) -> None:
    """Authenticated as an enrolled station (so fuzzing reaches past the credential check into push
    and pull): no 5xx for anything, and schema-conforming answers to well-formed requests."""
    station_headers = {
        **fuzz_station.auth,
        USER_HEADER: fuzz_station.user_id,
        ROLE_HEADER: fuzz_station.role.value,
    }
    statuses = _fuzz(api_schema, label, mode, station_headers, examples=40)
    if mode is GenerationMode.POSITIVE and label != "POST /sync/v1/enrol":
        assert 200 in statuses, "the fuzzing never got past the checks at the door"


@pytest.mark.parametrize("label", OPERATIONS)
def test_unauthenticated_requests_are_answered_as_documented(api_schema: Any, label: str) -> None:
    _fuzz(api_schema, label, GenerationMode.POSITIVE, {}, examples=10)
