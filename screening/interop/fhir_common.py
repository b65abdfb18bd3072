"""What the FHIR mappings share: canonical URLs, extension URLs, translations, dates and validation.

The project's own canonical URLs live under ``BASE_URL``; they are stable identifiers, not addresses
anything is served from.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from screening.checklist.model import FlagRegistry, text_in

JSON = dict[str, Any]

BASE_URL = "https://waypoint-screening.example/fhir"
QUESTIONNAIRE_BASE = f"{BASE_URL}/Questionnaire/"
CODE_SYSTEM_BASE = f"{BASE_URL}/CodeSystem/"
SCREENING_ID_SYSTEM = f"{BASE_URL}/NamingSystem/screening-id"

_PROJECT_EXT = f"{BASE_URL}/StructureDefinition/"
EXT_FORM_DEFINITION = _PROJECT_EXT + "form-definition"
"""The whole structured definition (form + included instruments) as JSON in ``valueString``."""
EXT_ITEM_TYPE = _PROJECT_EXT + "item-type"
EXT_DISCLOSURE = _PROJECT_EXT + "disclosure"
EXT_DISCLOSE_AS = _PROJECT_EXT + "disclose-as"
EXT_KIND = _PROJECT_EXT + "kind"
EXT_WHY = _PROJECT_EXT + "why"
EXT_EASY_READ = _PROJECT_EXT + "easy-read"
EXT_SCORE = _PROJECT_EXT + "score"
"""Marks a calculated item that carries one of the form's scores (``valueCode`` = score id)."""
DEFINITION_FORMAT = 1

# Core / extension-pack extensions.
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
CO_VALUE = "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value"
SCORE_EXTENSIONS = (ORDINAL_VALUE, ITEM_WEIGHT, CO_VALUE)
OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
REGEX = "http://hl7.org/fhir/StructureDefinition/regex"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
CQF_EXPRESSION = "http://hl7.org/fhir/StructureDefinition/cqf-expression"

# Structured Data Capture (SDC) extensions.
_SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
ENABLE_WHEN_EXPRESSION = _SDC + "sdc-questionnaire-enableWhenExpression"
CALCULATED_EXPRESSION = _SDC + "sdc-questionnaire-calculatedExpression"
INITIAL_EXPRESSION = _SDC + "sdc-questionnaire-initialExpression"
LAUNCH_CONTEXT = _SDC + "sdc-questionnaire-launchContext"
LAUNCH_CONTEXT_SYSTEM = "http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext"

BCP47 = "urn:ietf:bcp:47"
LANGUAGE_VALUE_SETS = frozenset({
    "http://hl7.org/fhir/ValueSet/all-languages",
    "http://hl7.org/fhir/ValueSet/languages",
})
ALL_LANGUAGES = "http://hl7.org/fhir/ValueSet/all-languages"

LONDON = ZoneInfo("Europe/London")

NO_FLAGS = FlagRegistry.model_construct(version="0.0.0", flags=[])
"""A registry with no flags, for compiling or evaluating where flags do not matter."""


class FhirValidationError(ValueError):
    """A resource we built (or were given) does not validate against the FHIR R4B model."""


def validate_resource(data: JSON) -> None:
    """Constructs the R4B model for ``data`` (Questionnaire or QuestionnaireResponse); raises
    ``FhirValidationError`` with pydantic's explanation when it does not validate."""
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    models: dict[str, Any] = {
        "Questionnaire": Questionnaire,
        "QuestionnaireResponse": QuestionnaireResponse,
    }
    kind = data.get("resourceType")
    model = models.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise FhirValidationError(f"expected a Questionnaire or QuestionnaireResponse, got {kind!r}")
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise FhirValidationError(f"not a valid FHIR R4 {kind}: {exc}") from exc


def extension(url: str, **value: Any) -> JSON:
    """``{"url": url, "valueX": ...}`` from one keyword argument such as ``valueString="x"``."""
    return {"url": url, **value}


def translation_extensions(text: dict[str, str], primary: str) -> list[JSON]:
    """The core ``translation`` extensions for every language of ``text`` except ``primary``."""
    return [
        {
            "url": TRANSLATION,
            "extension": [
                {"url": "lang", "valueCode": lang},
                {"url": "content", "valueString": value},
            ],
        }
        for lang, value in text.items()
        if lang != primary
    ]


def primary_language(text: dict[str, str], lang: str) -> str:
    """Which key of ``text`` ``text_in(text, lang)`` reads."""
    if lang in text:
        return lang
    primary = lang.split("-")[0].lower()
    return primary if text.get(primary) else "en"


def put_text(target: JSON, key: str, text: dict[str, str] | None, lang: str) -> None:
    """Sets ``target[key]`` to the text in ``lang`` and ``target['_' + key]`` to its translations."""
    if not text:
        return
    target[key] = text_in(text, lang)
    translations = translation_extensions(text, primary_language(text, lang))
    if translations:
        target["_" + key] = {"extension": translations}


def find_extensions(element: Any, url: str) -> list[JSON]:
    """The extensions of ``element`` (a JSON object) with ``url``."""
    if not isinstance(element, dict):
        return []
    found = element.get("extension")
    if not isinstance(found, list):
        return []
    return [e for e in found if isinstance(e, dict) and e.get("url") == url]


def find_extension(element: Any, url: str) -> JSON | None:
    """The first extension of ``element`` with ``url``, or None."""
    found = find_extensions(element, url)
    return found[0] if found else None


def fhir_datetime(value: datetime) -> str:
    """An ISO 8601 dateTime with an offset, as FHIR requires when a time is given (a naive
    value is taken as Europe/London local time, the stations' zone)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value.isoformat()


def london_naive(value: datetime) -> datetime:
    """A datetime as naive Europe/London local time (how the engine holds datetime answers)."""
    if value.tzinfo is None:
        return value
    return value.astimezone(LONDON).replace(tzinfo=None)


def fhir_date(value: date) -> str:
    """A FHIR date (YYYY-MM-DD)."""
    return value.isoformat()


_FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def is_fhir_id(value: str) -> bool:
    """Whether ``value`` is a valid FHIR resource id."""
    return bool(_FHIR_ID.fullmatch(value))
