"""A minimal station for the sync tests (enrol, seal, push, pull over real HTTP) and FHIR R4
resources of each type that syncs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from nacl.signing import SigningKey
from sqlalchemy import func, select

from screening.domain.enums import Role
from sync.protocol import (
    FHIR_JSON,
    IDEMPOTENCY_KEY_HEADER,
    ROLE_HEADER,
    USER_HEADER,
    AgencyType,
    EnrolResponse,
    EntryResult,
    PushBundle,
    PushEntry,
    encode_key,
    read_batch_response,
    seal,
)
from sync.server import admin
from sync.server.db import resources
from tests.sync.conftest import Central

JSON = dict[str, Any]
DEFAULT_ROLE = {
    AgencyType.POLICE: Role.CUSTODY_OFFICER,
    AgencyType.LIAISON_DIVERSION: Role.LD_PRACTITIONER,
    AgencyType.PROBATION: Role.PROBATION_OFFICER,
    AgencyType.PRISON: Role.LD_PRACTITIONER,
    AgencyType.COURT: Role.PROBATION_OFFICER,
}


def new_id() -> str:
    return str(uuid.uuid4())


def new_agency(central: Central, agency_type: AgencyType = AgencyType.POLICE) -> str:
    agency_id = f"{agency_type.value}-{uuid.uuid4().hex[:8]}"
    admin.add_agency(
        central.engine, agency_id=agency_id, name=f"Test {agency_type.value}", agency_type=agency_type
    )
    return agency_id


@dataclass
class Station:
    """An enrolled station as the tests drive it."""

    central: Central
    enrolment: EnrolResponse
    signing_key: SigningKey
    http: httpx.Client
    role: Role
    user_id: str = field(default_factory=new_id)

    @property
    def id(self) -> str:
        return self.enrolment.station_id

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.enrolment.credential}"}

    def seal(
        self,
        resource: JSON,
        *,
        base_version: int | None = None,
        role: Role | None = None,
        signing_key: SigningKey | None = None,
        station_id: str | None = None,
    ) -> bytes:
        return seal(
            resource,
            resource_type=resource["resourceType"],
            resource_id=resource["id"],
            author_id=self.user_id,
            role=role or self.role,
            station_id=station_id or self.id,
            signing_key=signing_key or self.signing_key,
            centre_public_key=self.enrolment.centre.encryption_public_key(),
            base_version=base_version,
        )

    def entry(self, resource: JSON, **kwargs: Any) -> PushEntry:
        return PushEntry.of(resource["resourceType"], resource["id"], self.seal(resource, **kwargs))

    def post(self, body: bytes, *, key: str | None = None) -> httpx.Response:
        headers = {**self.auth, "Content-Type": FHIR_JSON}
        if key is not None:
            headers[IDEMPOTENCY_KEY_HEADER] = key
        return self.http.post("/sync/v1/push", content=body, headers=headers)

    def push(self, *entries: PushEntry, key: str | None = None) -> list[EntryResult]:
        """Push entries as one batch; the checked per-entry outcomes."""
        bundle = PushBundle(entry=list(entries))
        key = key or new_id()
        response = self.post(bundle.to_json(), key=key)
        assert response.status_code == 200, response.text
        return read_batch_response(bundle, response.content, idempotency_key=key)

    def push_one(self, resource: JSON, **kwargs: Any) -> EntryResult:
        (result,) = self.push(self.entry(resource, **kwargs))
        return result

    def changes(
        self,
        cursor: str = "",
        *,
        limit: int | None = None,
        user_id: str | None = None,
        role: Role | str | None = None,
    ) -> httpx.Response:
        params: dict[str, str | int] = {"cursor": cursor}
        if limit is not None:
            params["limit"] = limit
        headers = {**self.auth, USER_HEADER: user_id or self.user_id, ROLE_HEADER: str(role or self.role)}
        return self.http.get("/sync/v1/changes", params=params, headers=headers)


def enrol(
    central: Central,
    agency_type: AgencyType = AgencyType.POLICE,
    *,
    agency_id: str | None = None,
    role: Role | None = None,
) -> Station:
    """A new station, enrolled over HTTP with a fresh code (and a fresh agency unless named)."""
    agency_id = agency_id or new_agency(central, agency_type)
    code = admin.issue_enrol_code(central.engine, agency_id=agency_id, site="Test site")
    key = SigningKey.generate()
    http = central.client()
    response = http.post(
        "/sync/v1/enrol", json={"code": code, "station_signing_key": encode_key(key.verify_key)}
    )
    assert response.status_code == 200, response.text
    enrolment = EnrolResponse.model_validate_json(response.content)
    return Station(
        central=central,
        enrolment=enrolment,
        signing_key=key,
        http=http,
        role=role or DEFAULT_ROLE[enrolment.agency_type],
    )


def stored_count(central: Central, resource_type: str, resource_id: str) -> int:
    with central.engine.connect() as connection:
        return int(
            connection.execute(
                select(func.count())
                .select_from(resources)
                .where(resources.c.resource_type == resource_type, resources.c.resource_id == resource_id)
            ).scalar_one()
        )


# --------------------------------------------------------------------------------------------
# Resources (valid FHIR R4; structure only, as fhir.resources checks)

BASE = "https://waypoint-screening.example/fhir"


def questionnaire_response(rid: str | None = None, *, answer: str = "yes", patient: str = "p1") -> JSON:
    return {
        "resourceType": "QuestionnaireResponse",
        "id": rid or new_id(),
        "meta": {"lastUpdated": "2024-05-01T10:05:00+01:00"},
        "status": "completed",
        "questionnaire": f"{BASE}/Questionnaire/custody-screen|1.0.0",
        "subject": {"reference": f"Patient/{patient}"},
        "authored": "2024-05-01T10:00:00+01:00",
        "item": [{"linkId": "A1", "answer": [{"valueCoding": {"code": answer}}]}],
    }


def patient(rid: str | None = None, *, family: str = "Example") -> JSON:
    return {
        "resourceType": "Patient",
        "id": rid or new_id(),
        "name": [{"family": family, "given": ["Sam"]}],
        "birthDate": "1990-01-01",
    }


def consent(rid: str | None = None, *, status: str = "active") -> JSON:
    return {
        "resourceType": "Consent",
        "id": rid or new_id(),
        "status": status,
        "scope": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": {"reference": "Patient/p1"},
        "dateTime": "2024-05-01T10:00:00+01:00",
    }


def flag(rid: str | None = None, *, code: str = "SELF_HARM_RISK") -> JSON:
    return {
        "resourceType": "Flag",
        "id": rid or new_id(),
        "status": "active",
        "code": {"coding": [{"system": f"{BASE}/CodeSystem/flags", "code": code}]},
        "subject": {"reference": "Patient/p1"},
    }


def audit_anchor(rid: str | None = None, *, sequence: int = 1) -> JSON:
    return {
        "resourceType": "AuditEvent",
        "id": rid or new_id(),
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110100"},
        "recorded": "2024-05-01T10:00:00+01:00",
        "agent": [{"requestor": True, "who": {"identifier": {"value": "user-1"}}}],
        "source": {"observer": {"identifier": {"value": "station-1"}}},
        "entity": [{"what": {"identifier": {"value": f"seq-{sequence}"}}}],
    }


def disclosure_record(rid: str | None = None, *, title: str = "Disclosable summary") -> JSON:
    return {
        "resourceType": "DocumentReference",
        "id": rid or new_id(),
        "status": "current",
        "type": {"coding": [{"system": f"{BASE}/CodeSystem/sync", "code": "disclosure-record"}]},
        "content": [{"attachment": {"contentType": "application/pdf", "title": title}}],
    }


IMMUTABLE_FACTORIES = {
    "QuestionnaireResponse": (questionnaire_response, {"answer": "no"}),
    "Flag": (flag, {"code": "APPROPRIATE_ADULT"}),
    "AuditEvent": (audit_anchor, {"sequence": 2}),
    "DocumentReference": (disclosure_record, {"title": "Handover sheet"}),
}
"""type -> (factory, keyword arguments that change the content)."""
