"""FHIR R4 mapping (``fhir.resources`` R4B models): forms as Questionnaires and back, screenings as
QuestionnaireResponses, and form definitions written back as YAML."""

from screening.interop.fhir_common import FhirValidationError
from screening.interop.questionnaire import (
    QuestionnaireImport,
    QuestionnaireImportError,
    export_questionnaire,
    import_questionnaire,
    read_questionnaire,
)
from screening.interop.response import export_response
from screening.interop.yamldump import yaml_dump

__all__ = [
    "FhirValidationError",
    "QuestionnaireImport",
    "QuestionnaireImportError",
    "export_questionnaire",
    "export_response",
    "import_questionnaire",
    "read_questionnaire",
    "yaml_dump",
]
