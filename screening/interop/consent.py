"""A consent decision as a FHIR R4 Consent.

Status: ``active`` (given, in force), ``rejected`` (refused), ``inactive`` (given, then withdrawn).
The provision permits (or, for a refusal, denies) release to the recipient of the disclosure
classes in ``provision.code`` and the single items listed in ``EXT_CONSENT_ITEM`` extensions.
Consent is versioned at the centre: ``meta.versionId`` is 1 when recorded, 2 once withdrawn.
"""

from __future__ import annotations

from uuid import UUID

from screening.domain.models import Consent
from screening.interop.fhir_common import JSON, fhir_datetime
from screening.interop.records import (
    DISCLOSURE_CLASS_SYSTEM,
    RECIPIENT_SYSTEM,
    STRUCTURE_BASE,
    validate_record,
)

CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC = "http://loinc.org"
PRIVACY_CONSENT_LOINC = "59284-0"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
EXT_CAPACITY_CONSIDERED = STRUCTURE_BASE + "capacity-considered"
EXT_CAPACITY_NOTE = STRUCTURE_BASE + "capacity-note"
EXT_CONSENT_ITEM = STRUCTURE_BASE + "consent-item"


def consent_status(consent: Consent) -> str:
    """``active``, ``rejected`` or ``inactive`` (see the module docstring)."""
    if not consent.given:
        return "rejected"
    return "inactive" if consent.withdrawn_at is not None else "active"


def export_consent(
    consent: Consent,
    *,
    person_id: UUID,
    recorder: JSON | None = None,
) -> JSON:
    """Consent JSON for one recorded decision (validated with the R4B model)."""
    extensions: list[JSON] = [
        {"url": EXT_CAPACITY_CONSIDERED, "valueBoolean": consent.capacity_considered}
    ]
    if consent.capacity_note:
        extensions.append({"url": EXT_CAPACITY_NOTE, "valueString": consent.capacity_note})
    period: JSON = {"start": fhir_datetime(consent.decided_at)}
    if consent.withdrawn_at is not None:
        period["end"] = fhir_datetime(consent.withdrawn_at)
    provision: JSON = {
        "type": "permit" if consent.given else "deny",
        "period": period,
        "actor": [
            {
                "role": {"coding": [{"system": PARTICIPATION_TYPE_SYSTEM, "code": "IRCP"}]},
                "reference": {
                    "identifier": {"system": RECIPIENT_SYSTEM, "value": consent.recipient.value}
                },
            }
        ],
    }
    if consent.scope.items:
        provision["extension"] = [
            {"url": EXT_CONSENT_ITEM, "valueCode": item} for item in consent.scope.items
        ]
    if consent.scope.classes:
        provision["code"] = [
            {"coding": [{"system": DISCLOSURE_CLASS_SYSTEM, "code": c.value}]}
            for c in consent.scope.classes
        ]
    resource: JSON = {
        "resourceType": "Consent",
        "id": str(consent.id),
        "meta": {"versionId": str(consent.version)},
        "extension": extensions,
        "status": consent_status(consent),
        "scope": {"coding": [{"system": CONSENT_SCOPE_SYSTEM, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": LOINC, "code": PRIVACY_CONSENT_LOINC}]}],
        "patient": {"reference": f"Patient/{person_id}"},
        "dateTime": fhir_datetime(consent.decided_at),
        "policyRule": {"coding": [{"system": ACT_CODE_SYSTEM, "code": "OPTIN"}]},
        "sourceReference": {"reference": f"QuestionnaireResponse/{consent.screening_id}"},
        "provision": provision,
    }
    if recorder is not None:
        resource["performer"] = [recorder]
    validate_record(resource)
    return resource
