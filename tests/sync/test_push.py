"""Push semantics over real HTTP against the two-worker service, on PostgreSQL and on SQLite."""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from screening.domain.enums import Role
from sync.protocol import (
    FHIR_JSON,
    REPLAYED_HEADER,
    AgencyType,
    BatchResponse,
    OpenedEnvelope,
    PushBundle,
    PushEntry,
    SyncError,
    canonical_json,
    content_hash,
    read_batch_response,
)
from sync.server.db import access_log, as_utc, resource_versions, resources
from tests.sync.conftest import Central
from tests.sync.helpers import (
    IMMUTABLE_FACTORIES,
    Station,
    consent,
    enrol,
    new_id,
    patient,
    questionnaire_response,
    stored_count,
)


@pytest.fixture
def station(central: Central) -> Station:
    return enrol(central)


def _stored(central: Central, resource_type: str, resource_id: str) -> Any:
    with central.engine.connect() as connection:
        return connection.execute(
            select(resources).where(
                resources.c.resource_type == resource_type, resources.c.resource_id == resource_id
            )
        ).one()


@pytest.mark.parametrize("resource_type", sorted(IMMUTABLE_FACTORIES))
def test_immutable_records_are_stored_once_and_never_changed(
    central: Central, station: Station, resource_type: str
) -> None:
    factory, change = IMMUTABLE_FACTORIES[resource_type]
    resource = factory()
    first = station.push_one(resource)
    assert (first.status, first.version, first.reason) == (201, 1, None)
    again = station.push_one(resource)  # a new batch (new key) with the same record
    assert (again.status, again.version) == (200, 1)
    changed = factory(resource["id"], **change)
    refused = station.push_one(changed)
    assert (refused.status, refused.reason) == (409, SyncError.CONFLICT)
    row = _stored(central, resource_type, resource["id"])
    assert row.content_hash == content_hash(resource)
    assert (row.station_id, row.agency_id, row.author_id, row.author_role, row.version) == (
        station.id,
        station.enrolment.agency_id,
        station.user_id,
        station.role.value,
        1,
    )
    assert stored_count(central, resource_type, resource["id"]) == 1


def test_meta_is_not_content(station: Station) -> None:
    resource = questionnaire_response()
    assert station.push_one(resource).status == 201
    assert station.push_one({**resource, "meta": {"versionId": "9"}}).status == 200


@pytest.mark.parametrize("factory", [patient, consent])
def test_versioned_records_update_on_the_current_version_only(
    central: Central, station: Station, factory: Any
) -> None:
    v1 = factory()
    rid = v1["id"]
    is_consent = v1["resourceType"] == "Consent"
    edited = {**v1, "status": "inactive"} if is_consent else patient(rid, family="Edited")
    other_edit = {**v1, "status": "rejected"} if is_consent else patient(rid, family="Other")

    assert (station.push_one(v1).status, station.push_one(v1).status) == (201, 200)
    update = station.push_one(edited, base_version=1)
    assert (update.status, update.version) == (200, 2)
    retried = station.push_one(edited, base_version=1)  # the same edit again: already applied
    assert (retried.status, retried.version) == (200, 2)
    stale = station.push_one(other_edit, base_version=1)
    assert (stale.status, stale.reason) == (412, SyncError.STALE_VERSION)
    assert "at version 2" in (stale.diagnostics or "")
    recreated = station.push_one(other_edit)  # "first version" of a record that exists
    assert recreated.status == 412
    ahead = station.push_one(factory(), base_version=4)  # an update of something never sent
    assert ahead.status == 412

    row = _stored(central, v1["resourceType"], rid)
    assert (row.version, row.content_hash) == (2, content_hash(edited))
    with central.engine.connect() as connection:
        versions = connection.execute(
            select(resource_versions.c.version, resource_versions.c.content_hash)
            .where(resource_versions.c.resource_id == rid)
            .order_by(resource_versions.c.version)
        ).all()
    assert versions == [(1, content_hash(v1)), (2, content_hash(edited))]


def test_invalid_entries_get_422_with_the_reason_and_the_rest_are_stored(
    central: Central, station: Station
) -> None:
    good = questionnaire_response()
    not_fhir = {**questionnaire_response(), "colour": "blue"}
    no_status = {k: v for k, v in questionnaire_response().items() if k != "status"}
    real = station.entry(questionnaire_response())
    entries = [
        station.entry(good),
        station.entry(not_fhir),
        station.entry(no_status),
        PushEntry.model_validate(
            {
                "request": {"method": "PUT", "url": "QuestionnaireResponse"},
                "resource": real.resource.model_dump(by_alias=True),
            }
        ),
        PushEntry.model_validate(
            {
                "request": {"method": "PUT", "url": f"Observation/{new_id()}"},
                "resource": real.resource.model_dump(by_alias=True),
            }
        ),
        PushEntry.model_validate(
            {
                "request": real.request.model_dump(),
                "resource": {
                    "resourceType": "Binary",
                    "contentType": "application/json",
                    "data": real.resource.data,
                },
            }
        ),
        PushEntry.model_validate(
            {
                "request": real.request.model_dump(),
                "resource": {**real.resource.model_dump(by_alias=True), "data": "%%%"},
            }
        ),
        PushEntry.model_validate(
            {
                "request": {"method": "PUT", "url": f"QuestionnaireResponse/{new_id()}"},
                "resource": real.resource.model_dump(by_alias=True),
            }
        ),
    ]
    results = station.push(*entries)
    assert [r.status for r in results] == [201, 422, 422, 422, 422, 422, 422, 422]
    assert [r.reason for r in results[1:]] == [
        SyncError.FHIR_INVALID,
        SyncError.FHIR_INVALID,
        SyncError.URL_INVALID,
        SyncError.TYPE_UNSUPPORTED,
        SyncError.NOT_SEALED,
        SyncError.NOT_SEALED,
        SyncError.URL_ENVELOPE_MISMATCH,
    ]
    assert "colour" in (results[1].diagnostics or "")
    assert "status" in (results[2].diagnostics or "")
    assert "blue" not in (results[1].diagnostics or "")  # reasons name fields, never values
    assert stored_count(central, "QuestionnaireResponse", good["id"]) == 1
    assert stored_count(central, "QuestionnaireResponse", not_fhir["id"]) == 0


def test_a_batch_answers_each_entry_as_if_the_entries_came_one_by_one(
    central: Central, station: Station
) -> None:
    """The service stores most of a batch with one multi-row insert; entries that touch the same
    record more than once, updates, and records already held get exactly the answers they would
    get pushed one at a time, in the order sent."""
    held = questionnaire_response()
    held_patient = patient()
    assert [r.status for r in station.push(station.entry(held), station.entry(held_patient))] == [201, 201]
    twice = questionnaire_response()
    changed = questionnaire_response()
    person = patient()
    early_update = patient()
    fresh = [questionnaire_response() for _ in range(3)]
    cases = [
        (station.entry(fresh[0]), 201, 1, None),
        (station.entry(twice), 201, 1, None),
        (station.entry(twice), 200, 1, None),  # the same record again in the same batch
        (station.entry(held), 200, 1, None),  # held before this batch, same content
        (station.entry({**held, "status": "amended"}), 409, None, SyncError.CONFLICT),
        (station.entry(changed), 201, 1, None),
        (station.entry({**changed, "status": "amended"}), 409, None, SyncError.CONFLICT),
        (station.entry({**fresh[1], "colour": "blue"}), 422, None, SyncError.FHIR_INVALID),
        (station.entry(person), 201, 1, None),
        (station.entry(patient(person["id"], family="Edited"), base_version=1), 200, 2, None),
        (station.entry(patient(person["id"], family="Edited"), base_version=1), 200, 2, None),
        (
            station.entry(patient(person["id"], family="Other"), base_version=1),
            412,
            None,
            SyncError.STALE_VERSION,
        ),
        (station.entry(early_update, base_version=1), 412, None, SyncError.STALE_VERSION),
        (station.entry(early_update), 201, 1, None),  # its first version after the update: stored
        (station.entry(held_patient, base_version=1), 200, 1, None),  # already what is held
        (station.entry(patient(held_patient["id"], family="New")), 412, None, SyncError.STALE_VERSION),
        (station.entry(fresh[2]), 201, 1, None),
    ]
    results = station.push(*(entry for entry, *_ in cases))
    assert [(r.status, r.version, r.reason) for r in results] == [tuple(case[1:]) for case in cases]
    for resource in (*fresh[::2], twice, changed, held):
        assert stored_count(central, "QuestionnaireResponse", resource["id"]) == 1
        row = _stored(central, "QuestionnaireResponse", resource["id"])
        assert row.content_hash == content_hash(resource)
    assert stored_count(central, "QuestionnaireResponse", fresh[1]["id"]) == 0
    assert _stored(central, "Patient", person["id"]).version == 2
    with central.engine.connect() as connection:
        versions = connection.execute(
            select(resource_versions.c.resource_id, resource_versions.c.version).where(
                resource_versions.c.resource_id.in_([person["id"], early_update["id"]])
            )
        ).all()
    assert sorted(versions) == sorted([(person["id"], 1), (person["id"], 2), (early_update["id"], 1)])


def test_a_batch_stores_each_record_as_a_push_of_it_alone_would(central: Central, station: Station) -> None:
    """The batch insert (on PostgreSQL the column arrays and the bodies as one JSON array) stores
    every column as the one-record insert does: the body is the resource, non-ASCII text, numbers
    and ``meta`` included, and the stored signature verifies the payload rebuilt from the row."""
    def odd(rid: str | None = None) -> dict[str, Any]:
        resource = questionnaire_response(rid)
        return {
            **resource,
            "meta": {"versionId": "1", "lastUpdated": "2024-05-01T00:00:00Z"},
            "item": [{"linkId": "n", "text": "Siân \"quoted\" \\ ✓ 😀", "answer": [{"valueInteger": 7}]}],
        }

    batch = [odd(), questionnaire_response(), patient(family="Ó Ceallaigh"), odd()]
    alone = [odd(), questionnaire_response(), patient(family="Ó Ceallaigh"), odd()]
    assert [r.status for r in station.push(*(station.entry(r) for r in batch))] == [201] * 4
    for resource in alone:
        assert station.push_one(resource).status == 201
    verify_key = station.signing_key.verify_key
    for together, single in zip(batch, alone, strict=True):
        rows = [_stored(central, r["resourceType"], r["id"]) for r in (together, single)]
        for row, resource in zip(rows, (together, single), strict=True):
            assert row.body == resource
            assert row.content_hash == content_hash(resource)
            agency = station.enrolment.agency_id
            assert (row.version, row.station_id, row.agency_id) == (1, station.id, agency)
            assert (row.author_id, row.author_role) == (station.user_id, station.role.value)
            assert row.received_at == row.updated_at
            rebuilt = OpenedEnvelope(
                station_id=row.station_id,
                author_id=row.author_id,
                role=Role(row.author_role),
                resource_type=row.resource_type,
                resource_id=row.resource_id,
                content_hash=row.content_hash,
                base_version=None,
                sealed_at=as_utc(row.sealed_at),
                resource=row.body,
            )
            verify_key.verify(rebuilt.signed_payload(), base64.b64decode(row.signature))


def test_a_role_the_agency_does_not_have_may_not_write(central: Central, station: Station) -> None:
    resource = questionnaire_response()
    refused = station.push_one(resource, role=Role.PROBATION_OFFICER)
    assert (refused.status, refused.reason) == (403, SyncError.ROLE_NOT_ALLOWED)
    assert stored_count(central, "QuestionnaireResponse", resource["id"]) == 0


def test_a_station_cannot_touch_another_agencys_record(central: Central, station: Station) -> None:
    resource = patient()
    assert station.push_one(resource).status == 201
    other = enrol(central, AgencyType.PROBATION)
    for attempt in (resource, patient(resource["id"], family="Changed")):
        result = other.push_one(attempt)
        assert (result.status, result.reason) == (409, SyncError.CONFLICT_OTHER_AGENCY)
    assert other.push_one(patient(resource["id"], family="Changed"), base_version=1).status == 409
    assert _stored(central, "Patient", resource["id"]).station_id == station.id


def test_a_flipped_bit_or_another_stations_envelope_is_rejected(central: Central, station: Station) -> None:
    other = enrol(central)
    flipped = questionnaire_response()
    outer = json.loads(station.seal(flipped))
    sealed = bytearray(base64.b64decode(outer["sealed"]))
    sealed[len(sealed) // 2] ^= 0x04  # one bit of the ciphertext
    envelope = canonical_json({**outer, "sealed": base64.b64encode(bytes(sealed)).decode()})
    foreign = questionnaire_response()
    forged = questionnaire_response()
    results = station.push(
        PushEntry.of("QuestionnaireResponse", flipped["id"], envelope),
        other.entry(foreign),  # a valid envelope of another station, sent with this station's credential
        station.entry(forged, signing_key=other.signing_key),  # claims this station, signed by the other
    )
    assert [(r.status, r.reason) for r in results] == [
        (422, SyncError.ENVELOPE_DAMAGED),
        (422, SyncError.ENVELOPE_STATION_MISMATCH),
        (422, SyncError.ENVELOPE_SIGNATURE),
    ]
    for resource in (flipped, foreign, forged):
        assert stored_count(central, "QuestionnaireResponse", resource["id"]) == 0


def test_a_repeated_idempotency_key_replays_the_stored_response(central: Central, station: Station) -> None:
    bundle = PushBundle(
        entry=[
            station.entry(questionnaire_response()),
            station.entry(patient()),
            station.entry({**questionnaire_response(), "colour": "blue"}),
        ]
    )
    key = new_id()
    first = station.post(bundle.to_json(), key=key)
    second = station.post(bundle.to_json(), key=key)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert REPLAYED_HEADER not in first.headers and second.headers[REPLAYED_HEADER] == "true"
    assert [r.status for r in read_batch_response(bundle, second.content, idempotency_key=key)] == [
        201,
        201,
        422,
    ]
    assert second.headers["content-type"].startswith(FHIR_JSON)

    other_batch = PushBundle(entry=[station.entry(questionnaire_response())])
    reused = station.post(other_batch.to_json(), key=key)
    assert reused.status_code == 422
    assert reused.json()["issue"][0]["details"]["coding"][0]["code"] == SyncError.IDEMPOTENCY_KEY_REUSED

    missing = station.post(bundle.to_json(), key=None)
    assert missing.status_code == 422
    assert "Idempotency-Key" in missing.json()["issue"][0]["diagnostics"]

    with central.engine.connect() as connection:
        pushes = connection.execute(
            select(access_log.c.outcome, access_log.c.detail).where(
                access_log.c.station_id == station.id, access_log.c.action == "push"
            )
        ).all()
    assert ("ok", "entries=3 201=2 422=1") in pushes


def test_a_malformed_bundle_is_refused_whole(station: Station) -> None:
    for body in (b"not json", b'{"resourceType": "Bundle", "type": "transaction"}', b"[]"):
        response = station.post(body, key=new_id())
        assert response.status_code == 422, response.text
        assert response.json()["resourceType"] == "OperationOutcome"


def test_an_empty_batch_gets_an_empty_response(station: Station) -> None:
    assert station.push() == []


def _push_at_once(central: Central, station: Station, bodies: list[bytes]) -> list[dict[str, int]]:
    """Send each batch from its own connection, all released together, each with its own key;
    for each batch, the status every record got."""
    barrier = threading.Barrier(len(bodies))
    outcomes: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def send(body: bytes) -> None:
        try:
            request = PushBundle.model_validate_json(body)
            with httpx.Client(base_url=central.base_url, timeout=60) as client:  # its own connection
                key = new_id()
                headers = {**station.auth, "Idempotency-Key": key, "Content-Type": FHIR_JSON}
                barrier.wait()
                response = client.post("/sync/v1/push", content=body, headers=headers)
                assert response.status_code == 200, response.text
                results = read_batch_response(request, response.content, idempotency_key=key)
                outcomes.append({r.resource_id: r.status for r in results})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return outcomes


def test_concurrent_pushes_of_the_same_records_store_each_once(central: Central, station: Station) -> None:
    """Two connections push the same 20 records at the same moment, ten times over, each with its
    own idempotency key, one of them in reverse order: every record is stored once, one push gets 201
    and the other 200, and nothing deadlocks."""
    for _ in range(10):
        records = [questionnaire_response() for _ in range(18)] + [patient(), consent()]
        entries = [station.entry(r) for r in records]
        forward = PushBundle(entry=entries).to_json()
        backward = PushBundle(entry=entries[::-1]).to_json()
        outcomes = _push_at_once(central, station, [forward, backward])
        for record in records:
            assert sorted(outcome[record["id"]] for outcome in outcomes) == [200, 201], record["id"]
            assert stored_count(central, record["resourceType"], record["id"]) == 1
    # Batches lock their records in one order before writing, so they never deadlock.
    assert "DeadlockDetected" not in central.log_path.read_text(errors="replace")


def test_the_database_decides_which_of_two_writers_stored_a_record(central_pg: Central) -> None:
    """The second of two open transactions inserting the same key waits for the first; when the
    first commits, the second learns the row exists. No check-then-insert window."""
    from sync.server.db import agencies, insert_if_absent, utcnow

    agency_id = "race-" + new_id()[:8]
    values = {"id": agency_id, "name": "Race", "type": "court", "created_at": utcnow()}
    second_result: list[bool] = []
    with central_pg.engine.connect() as first, central_pg.engine.connect() as second:
        first.begin()
        assert insert_if_absent(first, agencies, **values) is True

        def insert_second() -> None:
            second.begin()
            second_result.append(insert_if_absent(second, agencies, **values))
            second.commit()

        thread = threading.Thread(target=insert_second)
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive(), "the second insert should wait for the first transaction"
        first.commit()
        thread.join(timeout=10)
    assert second_result == [False]


def test_the_batch_response_is_a_fhir_bundle_answering_each_entry(station: Station) -> None:
    from fhir.resources.R4B.bundle import Bundle

    bundle = PushBundle(
        entry=[
            station.entry(questionnaire_response()),
            station.entry({**questionnaire_response(), "colour": "blue"}),
        ]
    )
    response = station.post(bundle.to_json(), key="fhir-shape-" + new_id())
    parsed = Bundle.model_validate_json(response.content)
    assert parsed.type == "batch-response" and len(parsed.entry) == 2
    model = BatchResponse.model_validate_json(response.content)
    assert model.entry[1].response.outcome is not None
    body = json.loads(response.content)
    assert base64.b64encode(b"blue").decode() not in response.text and "blue" not in json.dumps(body)
