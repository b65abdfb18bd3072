"""What the station's own FHIR records share: identifier systems, extension URLs, validation.

Used by ``patient``, ``flag``, ``consent`` and ``revision`` (the outbox payloads). Canonical URLs
live under the project's ``BASE_URL``; they are stable names, not addresses anything is served from.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from screening.interop.fhir_common import BASE_URL, CODE_SYSTEM_BASE, JSON, FhirValidationError

NAMING_SYSTEM_BASE = f"{BASE_URL}/NamingSystem/"
STRUCTURE_BASE = f"{BASE_URL}/StructureDefinition/"

USER_ID_SYSTEM = NAMING_SYSTEM_BASE + "station-user"
"""A station user, as ``<station id>/<user id>`` (user ids are only unique on their station)."""
RECIPIENT_SYSTEM = CODE_SYSTEM_BASE + "recipient"
DISCLOSURE_CLASS_SYSTEM = CODE_SYSTEM_BASE + "disclosure-class"
FLAG_SYSTEM = CODE_SYSTEM_BASE + "flags"
FLAG_LEVEL_SYSTEM = CODE_SYSTEM_BASE + "flag-level"

EXT_REPLACES = STRUCTURE_BASE + "replaces"
"""On an amended QuestionnaireResponse: the revision it replaces (``valueReference``)."""
EXT_AMEND_REASON = STRUCTURE_BASE + "amend-reason"
EXT_REVISION = STRUCTURE_BASE + "revision"
EXT_REGISTRY_VERSION = STRUCTURE_BASE + "flag-registry-version"
EXT_SCREENING_DATE = STRUCTURE_BASE + "screening-date"


def user_reference(station_id: str, user_id: str) -> JSON:
    """A Reference to a station user by identifier (there is no Practitioner resource for them)."""
    return {"identifier": {"system": USER_ID_SYSTEM, "value": f"{station_id}/{user_id}"}}


def validate_record(data: JSON) -> None:
    """Constructs the R4B model for ``data`` (any resource type); raises ``FhirValidationError``
    with pydantic's explanation when it does not validate."""
    from fhir.resources.R4B import get_fhir_model_class

    kind = data.get("resourceType")
    if not isinstance(kind, str):
        raise FhirValidationError("a resource needs a resourceType")
    try:
        model: Any = get_fhir_model_class(kind)
    except KeyError as exc:
        raise FhirValidationError(f"{kind!r} is not a FHIR R4 resource type") from exc
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise FhirValidationError(f"not a valid FHIR R4 {kind}: {exc}") from exc
