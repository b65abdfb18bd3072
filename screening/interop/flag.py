"""A flag raised by a finalised revision as a FHIR R4 Flag.

One Flag per (revision, flag code), with a stable id derived from both, so the same revision always
yields the same resources. Flags are immutable at the centre: an amendment raises its own Flags
(from its own QuestionnaireResponse, named in ``EXT_SOURCE_RESPONSE``); which flags are current is
read from the latest revision.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from screening.checklist.model import FlagRegistry, text_in
from screening.domain.models import RaisedFlag
from screening.interop.fhir_common import JSON, fhir_datetime
from screening.interop.records import (
    EXT_REGISTRY_VERSION,
    FLAG_LEVEL_SYSTEM,
    FLAG_SYSTEM,
    STRUCTURE_BASE,
    validate_record,
)

FLAG_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category"
SNOMED = "http://snomed.info/sct"
ICD11 = "http://id.who.int/icd/release/11/mms"
EXT_FLAG_LEVEL = STRUCTURE_BASE + "flag-level"
EXT_SOURCE_RESPONSE = STRUCTURE_BASE + "flag-source-response"
EXT_FLAG_REASON = STRUCTURE_BASE + "flag-reason"

_FLAG_NAMESPACE = UUID("6f1c2f3e-6a55-4d0e-9a77-3b1f5d1c0a42")


def flag_resource_id(revision_id: UUID, code: str) -> str:
    """The stable id of the Flag a revision raised for ``code``."""
    return str(uuid.uuid5(_FLAG_NAMESPACE, f"{revision_id}/{code}"))


def export_flag(
    flag: RaisedFlag,
    *,
    revision_id: UUID,
    person_id: UUID,
    registry: FlagRegistry,
    raised_at: datetime,
    author: JSON | None = None,
) -> JSON:
    """Flag JSON for one raised flag of a finalised revision (validated with the R4B model)."""
    definition = registry.get(flag.code)
    codings: list[JSON] = [{"system": FLAG_SYSTEM, "code": flag.code, "display": flag.label}]
    if definition is not None:
        codings += [{"system": SNOMED, "code": code} for code in definition.snomed]
        codings += [{"system": ICD11, "code": code} for code in definition.icd11]
    code: JSON = {"coding": codings, "text": flag.label}
    extensions: list[JSON] = [
        {"url": EXT_FLAG_LEVEL, "valueCoding": {"system": FLAG_LEVEL_SYSTEM, "code": flag.level.value}},
        {
            "url": EXT_SOURCE_RESPONSE,
            "valueReference": {"reference": f"QuestionnaireResponse/{revision_id}"},
        },
        {"url": EXT_REGISTRY_VERSION, "valueString": registry.version},
    ]
    if definition is not None:
        extensions.append(
            {
                "url": STRUCTURE_BASE + "flag-definition",
                "valueString": text_in(definition.definition, "en"),
            }
        )
    for reason in flag.reasons:
        extensions.append(
            {
                "url": EXT_FLAG_REASON,
                "extension": [
                    {"url": "text", "valueString": reason.text},
                    *({"url": "item", "valueCode": item} for item in reason.items),
                ],
            }
        )
    resource: JSON = {
        "resourceType": "Flag",
        "id": flag_resource_id(revision_id, flag.code),
        "extension": extensions,
        "status": "active",
        "category": [{"coding": [{"system": FLAG_CATEGORY_SYSTEM, "code": "safety"}]}],
        "code": code,
        "subject": {"reference": f"Patient/{person_id}"},
        "period": {"start": fhir_datetime(raised_at)},
    }
    if author is not None:
        resource["author"] = author
    validate_record(resource)
    return resource
