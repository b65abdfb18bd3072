"""A person record as a FHIR R4 Patient (with the UK Core ethnic category extension).

The Patient's id is the person's id and ``meta.versionId`` its version: the centre treats Patient
as versioned (an update names the version it was based on). Identifiers: the NHS number under the
NHS system; PNC ID, CRO number, custody record number, court and probation case references under
project naming systems.
"""

from __future__ import annotations

from screening.domain.enums import IdentifierKind
from screening.domain.models import Person
from screening.domain.reference import (
    FAITH_LABELS,
    GENDER_IDENTITY_LABELS,
    SEX_ISO5218,
    Sex,
    ethnicity,
)
from screening.interop.fhir_common import BCP47, CODE_SYSTEM_BASE, JSON, fhir_date
from screening.interop.records import NAMING_SYSTEM_BASE, STRUCTURE_BASE, validate_record

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
IDENTIFIER_SYSTEMS: dict[IdentifierKind, str] = {
    IdentifierKind.NHS_NUMBER: NHS_NUMBER_SYSTEM,
    IdentifierKind.PNC_ID: NAMING_SYSTEM_BASE + "pnc-id",
    IdentifierKind.CRO: NAMING_SYSTEM_BASE + "cro-number",
    IdentifierKind.CUSTODY_RECORD: NAMING_SYSTEM_BASE + "custody-record",
    IdentifierKind.COURT_CASE: NAMING_SYSTEM_BASE + "court-case",
    IdentifierKind.PROBATION_CASE: NAMING_SYSTEM_BASE + "probation-case",
}

UKCORE_ETHNIC_CATEGORY = (
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"
)
UKCORE_ETHNIC_CATEGORY_ENGLAND = "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland"
ETHNICITY_ONS2021_SYSTEM = CODE_SYSTEM_BASE + "ethnicity-ons2021"
INTERPRETER_REQUIRED = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
RELIGION = "http://hl7.org/fhir/StructureDefinition/patient-religion"
GENDER_IDENTITY = "http://hl7.org/fhir/StructureDefinition/patient-genderIdentity"
EXT_AGE_IN_DOUBT = STRUCTURE_BASE + "age-in-doubt"
EXT_HELP_TO_READ = STRUCTURE_BASE + "help-to-read"
EXT_SEX_ISO5218 = STRUCTURE_BASE + "sex-iso5218"
FAITH_SYSTEM = CODE_SYSTEM_BASE + "faith"
GENDER_IDENTITY_SYSTEM = CODE_SYSTEM_BASE + "gender-identity"

_GENDER = {Sex.MALE: "male", Sex.FEMALE: "female"}


def export_patient(person: Person) -> JSON:
    """Patient JSON for ``person`` (validated with the R4B model)."""
    resource: JSON = {
        "resourceType": "Patient",
        "id": str(person.id),
        "meta": {"versionId": str(person.version)},
    }
    extensions: list[JSON] = []
    if person.ethnicity is not None:
        category = ethnicity(person.ethnicity)
        concept: JSON = {
            "coding": [
                {
                    "system": UKCORE_ETHNIC_CATEGORY_ENGLAND,
                    "code": category.nhs_code,
                },
                {
                    "system": ETHNICITY_ONS2021_SYSTEM,
                    "code": category.code.value,
                    "display": category.full_label,
                },
            ]
        }
        if person.ethnicity_write_in:
            concept["text"] = person.ethnicity_write_in
        extensions.append({"url": UKCORE_ETHNIC_CATEGORY, "valueCodeableConcept": concept})
    if person.age_in_doubt:
        extensions.append({"url": EXT_AGE_IN_DOUBT, "valueBoolean": True})
    extensions.append({"url": INTERPRETER_REQUIRED, "valueBoolean": person.interpreter_needed})
    if person.help_to_read:
        extensions.append({"url": EXT_HELP_TO_READ, "valueBoolean": True})
    extensions.append({"url": EXT_SEX_ISO5218, "valueCode": str(SEX_ISO5218[person.sex])})
    if person.faith is not None:
        faith: JSON = {
            "coding": [
                {"system": FAITH_SYSTEM, "code": person.faith.value, "display": FAITH_LABELS[person.faith]}
            ]
        }
        if person.faith_write_in:
            faith["text"] = person.faith_write_in
        extensions.append({"url": RELIGION, "valueCodeableConcept": faith})
    if person.gender_identity is not None:
        gender: JSON = {
            "coding": [
                {
                    "system": GENDER_IDENTITY_SYSTEM,
                    "code": person.gender_identity.value,
                    "display": GENDER_IDENTITY_LABELS[person.gender_identity],
                }
            ]
        }
        if person.gender_identity_write_in:
            gender["text"] = person.gender_identity_write_in
        extensions.append({"url": GENDER_IDENTITY, "valueCodeableConcept": gender})
    resource["extension"] = extensions
    if person.identifiers:
        resource["identifier"] = [
            {"system": IDENTIFIER_SYSTEMS[i.kind], "value": i.value} for i in person.identifiers
        ]
    name: JSON = {"use": "official"}
    if person.family_name:
        name["family"] = person.family_name
    if person.given_names:
        name["given"] = person.given_names.split()
    names = [name, *({"use": "usual", "text": other} for other in person.other_names)]
    resource["name"] = names
    resource["gender"] = _GENDER.get(person.sex, "unknown")
    if person.date_of_birth is not None:
        resource["birthDate"] = fhir_date(person.date_of_birth)
    if person.language is not None:
        resource["communication"] = [
            {
                "language": {"coding": [{"system": BCP47, "code": person.language}]},
                "preferred": True,
            }
        ]
    validate_record(resource)
    return resource
