"""Enrolment and station credentials, over real HTTP against the two-worker service."""

from __future__ import annotations

from datetime import timedelta

import httpx
from nacl.signing import SigningKey
from sqlalchemy import select, update

from sync.protocol import AgencyType, EnrolResponse, SyncError, encode_key, key_id
from sync.server import admin
from sync.server.db import access_log, enrol_codes, utcnow
from tests.sync.conftest import Central
from tests.sync.helpers import enrol, new_agency, questionnaire_response


def _enrol(central: Central, code: str, key: SigningKey | None = None) -> tuple[int, dict[str, object]]:
    key = key or SigningKey.generate()
    response = central.client().post(
        "/sync/v1/enrol", json={"code": code, "station_signing_key": encode_key(key.verify_key)}
    )
    return response.status_code, response.json()


def _reason(body: dict[str, object]) -> str:
    issue = body["issue"][0]  # type: ignore[index]
    return str(issue["details"]["coding"][0]["code"])


def test_a_code_enrols_one_station_once(central: Central) -> None:
    agency = new_agency(central, AgencyType.LIAISON_DIVERSION)
    code = admin.issue_enrol_code(central.engine, agency_id=agency, site="Westminster Magistrates")
    key = SigningKey.generate()
    status, body = _enrol(central, code.lower().replace("-", " "), key)  # as someone might type it
    assert status == 200, body
    enrolment = EnrolResponse.model_validate(body)
    assert (enrolment.agency_id, enrolment.agency_type, enrolment.site) == (
        agency,
        AgencyType.LIAISON_DIVERSION,
        "Westminster Magistrates",
    )
    assert enrolment.centre.encryption_key_id == key_id(central.keys.encryption.public_key)
    assert enrolment.centre.signing_verify_key() == central.keys.signing.verify_key

    status, body = _enrol(central, code)
    assert (status, _reason(body)) == (403, SyncError.ENROL_CODE_INVALID)
    assert "used already" in str(body)


def test_an_expired_or_unknown_code_enrols_nothing(central: Central) -> None:
    agency = new_agency(central)
    code = admin.issue_enrol_code(central.engine, agency_id=agency, site="Site")
    with central.engine.begin() as connection:
        connection.execute(
            update(enrol_codes)
            .where(enrol_codes.c.agency_id == agency)
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
    assert _enrol(central, code)[0] == 403
    assert _enrol(central, "AAAA-BBBB-CCCC-DDDD-EEEE")[0] == 403


def test_a_signing_key_enrols_only_once(central: Central) -> None:
    agency = new_agency(central)
    key = SigningKey.generate()
    first = admin.issue_enrol_code(central.engine, agency_id=agency, site="Site")
    second = admin.issue_enrol_code(central.engine, agency_id=agency, site="Site")
    assert _enrol(central, first, key)[0] == 200
    status, body = _enrol(central, second, key)
    assert (status, _reason(body)) == (409, SyncError.KEY_ALREADY_ENROLLED)
    assert _enrol(central, second)[0] == 200  # the refused attempt did not spend the code


def test_requests_without_a_known_credential_are_refused(central: Central) -> None:
    http = central.client()
    for headers in ({}, {"Authorization": "Bearer wps_not-a-credential"}, {"Authorization": "Basic eDp5"}):
        response = http.post(
            "/sync/v1/push",
            content=b'{"resourceType":"Bundle","type":"batch"}',
            headers={**headers, "Idempotency-Key": "k", "Content-Type": "application/fhir+json"},
        )
        assert response.status_code == 401, response.text
        assert http.get("/sync/v1/changes", headers=headers).status_code == 401


def test_a_revoked_station_is_refused_and_the_refusal_recorded(central: Central) -> None:
    station = enrol(central)
    assert station.push_one(questionnaire_response()).status == 201
    admin.revoke_station(central.engine, central.keys, station.id)

    entry = station.entry(questionnaire_response())
    from sync.protocol import PushBundle

    response = station.post(PushBundle(entry=[entry]).to_json(), key="after-revocation")
    assert response.status_code == 403
    assert _reason(response.json()) == SyncError.STATION_REVOKED
    assert response.headers["content-type"].startswith("application/fhir+json")
    response = station.changes()
    assert (response.status_code, _reason(response.json())) == (403, SyncError.STATION_REVOKED)

    with central.engine.connect() as connection:
        refusals = connection.execute(
            select(access_log.c.action, access_log.c.detail).where(
                access_log.c.station_id == station.id, access_log.c.outcome == "refused"
            )
        ).all()
    assert sorted(refusals) == [("pull", "station-revoked"), ("push", "station-revoked")]


def test_the_service_runs_two_workers(central: Central) -> None:
    """Fresh connections are spread over both uvicorn worker processes."""
    workers = set()
    for _ in range(200):
        with httpx.Client(base_url=central.base_url) as client:
            workers.add(client.get("/healthz").json()["worker"])
        if len(workers) == 2:
            break
    assert len(workers) == 2
