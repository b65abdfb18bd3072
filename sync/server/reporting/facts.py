"""What the reporting store takes from a synced record: coded facts only, read from FHIR JSON.

Pure functions over the bodies stations push (see ``screening/interop``: a finalised revision is a
QuestionnaireResponse naming its form by canonical URL, its subject Patient, the screening date
and the revision it replaces; a Patient carries the UK Core ethnic category, the ISO 5218 sex code
and identifiers; a Flag names the registry code and the response that raised it).

Everything read here is either a code checked against a fixed vocabulary or pattern, a score
turned into a band, or a date used to compute an age band and a month. Free text (``valueString``
answers other than the ethnicity code, ``text`` elements, names, write-ins) is never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from screening.domain.enums import IdentifierKind
from screening.domain.reference import (
    EthnicGroup,
    Ethnicity,
    Sex,
    ethnicity,
    normalise_nhs_number,
    normalise_reference,
    pnc_match_key,
    sex_from_iso5218,
)
from screening.interop.fhir_common import BASE_URL, CODE_SYSTEM_BASE
from sync.protocol import AgencyType

JSON = dict[str, Any]
LONDON = ZoneInfo("Europe/London")

# The URLs the station's FHIR mapping writes (screening/interop/records.py, patient.py, flag.py).
STRUCTURE_BASE = f"{BASE_URL}/StructureDefinition/"
NAMING_SYSTEM_BASE = f"{BASE_URL}/NamingSystem/"
EXT_REPLACES = STRUCTURE_BASE + "replaces"
EXT_SCREENING_DATE = STRUCTURE_BASE + "screening-date"
EXT_SOURCE_RESPONSE = STRUCTURE_BASE + "flag-source-response"
EXT_SEX_ISO5218 = STRUCTURE_BASE + "sex-iso5218"
UKCORE_ETHNIC_CATEGORY = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"
UKCORE_ETHNIC_CATEGORY_ENGLAND = "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland"
ETHNICITY_ONS2021_SYSTEM = CODE_SYSTEM_BASE + "ethnicity-ons2021"
FLAG_SYSTEM = CODE_SYSTEM_BASE + "flags"
QUESTIONNAIRE_BASE = f"{BASE_URL}/Questionnaire/"
IDENTIFIER_SYSTEMS: dict[str, IdentifierKind] = {
    "https://fhir.nhs.uk/Id/nhs-number": IdentifierKind.NHS_NUMBER,
    NAMING_SYSTEM_BASE + "pnc-id": IdentifierKind.PNC_ID,
    NAMING_SYSTEM_BASE + "cro-number": IdentifierKind.CRO,
}
"""The identifiers that name a person across agencies, in the order a person key prefers them."""
PERSON_TOKEN_ORDER = (IdentifierKind.PNC_ID, IdentifierKind.NHS_NUMBER, IdentifierKind.CRO)
"""PNC ID first: custody, courts, L&D and probation all record it; the NHS number next (health
staff record it); the CRO number last. A person record with none of them is its own person."""

# ------------------------------------------------------------------------------------------------
# Vocabularies

STAGES = ("custody", "court", "probation", "prison")
AGENCY_TYPES = tuple(t.value for t in AgencyType)
ETHNIC_GROUPS = (*(g.value for g in EthnicGroup), "not_stated", "unknown")
"""The five ONS 2021 groups, "not_stated" (prefer not to say) and "unknown" (not recorded)."""
ETHNICITY_CODES = (*(e.value for e in Ethnicity), "unknown")
AGE_BANDS = ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "unknown")
SEXES = (*(s.value for s in Sex),)

AGENCY_STAGES = {
    AgencyType.POLICE.value: "custody",
    AgencyType.LIAISON_DIVERSION.value: "court",
    AgencyType.COURT.value: "court",
    AgencyType.PROBATION.value: "probation",
    AgencyType.PRISON.value: "prison",
}
"""The stage of a screening whose form does not fix one (stage "any", or a form the centre does
not know): the stage of the agency that recorded it."""

SCORE_BANDS: dict[str, tuple[tuple[int, str], ...]] = {
    # (lowest score, band) in ascending order, as the instruments in forms/instruments define them.
    "phq9": ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "moderately_severe"), (20, "severe")),
    "gad7": ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
    "auditc": ((0, "lower_risk"), (5, "positive")),
}
SCORE_MAXIMA = {"phq9": 27, "gad7": 21, "auditc": 12}

OUTCOME_ITEMS = {
    "A18": "observation_level",
    "B7": "risk_to_self",
    "B13": "court_adjustment",
    "B14": "fitness_to_plead_concern",
    "B15": "recommendation",
    "C2": "mh_status",
    "C11_treatment_type": "mhtr_treatment",
    "D4": "adjustment",
}
"""Coded items whose answers the store keeps as outcome codes ``<name>:<option code>``."""

_NHS_LETTERS = {
    "A": Ethnicity.WHITE_BRITISH,
    "B": Ethnicity.WHITE_IRISH,
    "C": Ethnicity.WHITE_OTHER,
    "D": Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN,
    "E": Ethnicity.MIXED_WHITE_BLACK_AFRICAN,
    "F": Ethnicity.MIXED_WHITE_ASIAN,
    "G": Ethnicity.MIXED_OTHER,
    "H": Ethnicity.ASIAN_INDIAN,
    "J": Ethnicity.ASIAN_PAKISTANI,
    "K": Ethnicity.ASIAN_BANGLADESHI,
    "L": Ethnicity.ASIAN_OTHER,
    "M": Ethnicity.BLACK_CARIBBEAN,
    "N": Ethnicity.BLACK_AFRICAN,
    "P": Ethnicity.BLACK_OTHER,
    "R": Ethnicity.ASIAN_CHINESE,
    "S": Ethnicity.OTHER_ANY,
    "Z": Ethnicity.PREFER_NOT_TO_SAY,
}
"""NHS ethnic category letters, used only when a Patient lacks the ONS 2021 coding (C and S stand
for several ONS categories; the group is still right)."""

_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
_FLAG_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
_FORM_ID = re.compile(r"^[a-z0-9][a-z0-9\-]{0,63}$")
_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNTED_STATUSES = frozenset({"completed", "amended"})


# ------------------------------------------------------------------------------------------------
# Patients


@dataclass(frozen=True)
class Demographics:
    """What a Patient contributes: the token its person key is made from, and coded facts."""

    person_token: str
    birth_date: date | None
    ethnicity: str | None
    sex: str | None


def patient_demographics(patient_id: str, body: JSON | None) -> Demographics:
    """The demographics of Patient ``patient_id`` (``body`` None: not synced yet)."""
    if body is None:
        return Demographics(f"patient:{patient_id}", None, None, None)
    return Demographics(
        person_token=_person_token(patient_id, body),
        birth_date=_full_date(body.get("birthDate")),
        ethnicity=_patient_ethnicity(body),
        sex=_patient_sex(body),
    )


def _person_token(patient_id: str, body: JSON) -> str:
    found: dict[IdentifierKind, str] = {}
    for identifier in _dicts(body.get("identifier")):
        kind = IDENTIFIER_SYSTEMS.get(str(identifier.get("system")))
        value = identifier.get("value")
        if kind is None or not isinstance(value, str) or kind in found:
            continue
        try:
            if kind is IdentifierKind.PNC_ID:
                found[kind] = pnc_match_key(value)
            elif kind is IdentifierKind.NHS_NUMBER:
                found[kind] = normalise_nhs_number(value)
            else:
                found[kind] = normalise_reference(kind, value)
        except ValueError:
            continue  # an identifier that does not check out links nothing
    for kind in PERSON_TOKEN_ORDER:
        if kind in found:
            return f"{kind.value}:{found[kind]}"
    return f"patient:{patient_id}"


def _patient_ethnicity(body: JSON) -> str | None:
    for extension in _dicts(body.get("extension")):
        if extension.get("url") != UKCORE_ETHNIC_CATEGORY:
            continue
        codings = list(_dicts(_dict(extension.get("valueCodeableConcept")).get("coding")))
        for coding in codings:
            if coding.get("system") == ETHNICITY_ONS2021_SYSTEM:
                code = ethnicity_code(coding.get("code"))
                if code is not None:
                    return code
        for coding in codings:
            if coding.get("system") == UKCORE_ETHNIC_CATEGORY_ENGLAND:
                letter = _NHS_LETTERS.get(str(coding.get("code")))
                if letter is not None:
                    return letter.value
    return None


def _patient_sex(body: JSON) -> str | None:
    for extension in _dicts(body.get("extension")):
        if extension.get("url") == EXT_SEX_ISO5218:
            try:
                return sex_from_iso5218(str(extension.get("valueCode"))).value
            except ValueError:
                break
    gender = body.get("gender")
    if gender in ("male", "female"):
        return str(gender)
    return None


def ethnicity_code(value: object) -> str | None:
    """One of our ethnicity codes, or None."""
    if not isinstance(value, str):
        return None
    try:
        return ethnicity(value).code.value
    except ValueError:
        return None


def ethnic_group(code: str | None) -> str:
    """The ONS group of an ethnicity code; "not_stated" or "unknown" where there is none."""
    if code is None or code == "unknown":
        return "unknown"
    group = ethnicity(code).group
    return "not_stated" if group is None else group.value


def age_band(birth_date: date | None, on: date) -> str:
    """The age band on ``on`` of someone born on ``birth_date``."""
    if birth_date is None or birth_date > on:
        return "unknown"
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if age < 18:
        return "under_18"
    if age >= 65:
        return "65_plus"
    for low, high, band in ((18, 24, "18_24"), (25, 34, "25_34"), (35, 44, "35_44"), (45, 54, "45_54")):
        if low <= age <= high:
            return band
    return "55_64"


# ------------------------------------------------------------------------------------------------
# Screenings


@dataclass(frozen=True)
class ScreeningFacts:
    """What a QuestionnaireResponse contributes to the store (ids here are resource ids; the
    builder replaces them with keyed hashes before anything is written)."""

    resource_id: str
    subject_id: str
    replaces_id: str | None
    form_id: str
    form_version: str | None
    screening_date: date
    screening_ethnicity: str | None
    screening_sex: str | None
    bands: dict[str, str] = field(default_factory=dict)
    outcomes: tuple[str, ...] = ()


def screening_facts(resource_id: str, body: JSON) -> ScreeningFacts | None:
    """The facts of a finalised revision; None for a response that does not count (not completed
    or amended, no Patient subject, no date)."""
    if body.get("status") not in COUNTED_STATUSES:
        return None
    subject_id = _reference_id(_dict(body.get("subject")).get("reference"), "Patient")
    if subject_id is None:
        return None
    on = _screening_date(body)
    if on is None:
        return None
    replaces_id = None
    for extension in _dicts(body.get("extension")):
        if extension.get("url") == EXT_REPLACES:
            replaces_id = _reference_id(
                _dict(extension.get("valueReference")).get("reference"), "QuestionnaireResponse"
            )
    answers: dict[str, list[JSON]] = {}
    _collect_answers(body.get("item"), answers)
    bands: dict[str, str] = {}
    for instrument in SCORE_BANDS:
        score = _integer(answers.get(f"{instrument}_total") or answers.get(f"score.{instrument}_total"))
        band = score_band(instrument, score)
        if band is not None:
            bands[instrument] = band
    outcomes: set[str] = set()
    for link_id, name in OUTCOME_ITEMS.items():
        for code in _codes(answers.get(link_id)):
            outcomes.add(f"{name}:{code}")
    sex_answer = next(iter(_codes(answers.get("B12_sex"))), None)
    return ScreeningFacts(
        resource_id=resource_id,
        subject_id=subject_id,
        replaces_id=replaces_id,
        form_id=form_id(body.get("questionnaire")),
        form_version=form_version(body.get("questionnaire")),
        screening_date=on,
        screening_ethnicity=_ethnicity_answer(answers.get("B12_ethnicity")),
        screening_sex={"male": "male", "female": "female", "prefer_not_to_say": "not_known"}.get(
            sex_answer or ""
        ),
        bands=bands,
        outcomes=tuple(sorted(outcomes)),
    )


def form_id(canonical: object) -> str:
    """The form id in a questionnaire canonical URL (``.../Questionnaire/<id>|<version>``)."""
    if isinstance(canonical, str):
        name = canonical.split("|", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if _FORM_ID.match(name):
            return name
    return "unknown"


def form_version(canonical: object) -> str | None:
    """The version in a questionnaire canonical URL, if it names one."""
    if isinstance(canonical, str) and "|" in canonical:
        version = canonical.rsplit("|", 1)[1]
        if re.fullmatch(r"[0-9A-Za-z.+-]{1,32}", version):
            return version
    return None


def stage_of(form_stage: str | None, agency_type: str) -> str:
    """The justice stage a screening belongs to: its form's, unless the form says "any"."""
    if form_stage in STAGES:
        return str(form_stage)
    return AGENCY_STAGES.get(agency_type, "custody")


def score_band(instrument: str, score: int | None) -> str | None:
    """The band of an instrument score (None if there is no valid score)."""
    if score is None or not 0 <= score <= SCORE_MAXIMA[instrument]:
        return None
    chosen = None
    for low, band in SCORE_BANDS[instrument]:
        if score >= low:
            chosen = band
    return chosen


def _screening_date(body: JSON) -> date | None:
    for extension in _dicts(body.get("extension")):
        if extension.get("url") == EXT_SCREENING_DATE:
            found = _full_date(extension.get("valueDate"))
            if found is not None:
                return found
    authored = body.get("authored")
    if isinstance(authored, str):
        try:
            when = datetime.fromisoformat(authored)
        except ValueError:
            return _full_date(authored[:10])
        if when.tzinfo is None:
            return when.date()
        return when.astimezone(LONDON).date()
    return None


_READ_ITEMS = frozenset(
    {
        *(f"{instrument}_total" for instrument in SCORE_BANDS),
        *(f"score.{instrument}_total" for instrument in SCORE_BANDS),
        *OUTCOME_ITEMS,
        "B12_sex",
        "B12_ethnicity",
    }
)
"""The items :func:`screening_facts` reads; the answers of the others are not collected."""


def _collect_answers(items: object, into: dict[str, list[JSON]]) -> None:
    """The answers of the items read (``_READ_ITEMS``), nested items included, in document
    order: an item whose linkId comes again later is replaced by the later one."""
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, dict):
            continue
        link_id = item.get("linkId")
        if isinstance(link_id, str) and link_id in _READ_ITEMS:
            answers = item.get("answer")
            into[link_id] = [a for a in answers if isinstance(a, dict)] if isinstance(answers, list) else []
        nested = item.get("item")
        if nested is not None:
            _collect_answers(nested, into)


def _codes(answers: list[JSON] | None) -> list[str]:
    codes = []
    for answer in answers or []:
        code = _dict(answer.get("valueCoding")).get("code")
        if isinstance(code, str) and _CODE.match(code):
            codes.append(code)
    return codes


def _integer(answers: list[JSON] | None) -> int | None:
    for answer in answers or []:
        value = answer.get("valueInteger")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _ethnicity_answer(answers: list[JSON] | None) -> str | None:
    for answer in answers or []:
        code = ethnicity_code(answer.get("valueString"))
        if code is None:
            code = ethnicity_code(_dict(answer.get("valueCoding")).get("code"))
        if code is not None:
            return code
    return None


# ------------------------------------------------------------------------------------------------
# Flags


@dataclass(frozen=True)
class FlagFacts:
    """A flag raised by a revision: the response id and the registry code."""

    response_id: str
    code: str


def flag_facts(body: JSON) -> FlagFacts | None:
    """The flag a Flag resource records; None if it names no response or registry code."""
    if body.get("status") == "entered-in-error":
        return None
    response_id = None
    for extension in _dicts(body.get("extension")):
        if extension.get("url") == EXT_SOURCE_RESPONSE:
            response_id = _reference_id(
                _dict(extension.get("valueReference")).get("reference"), "QuestionnaireResponse"
            )
    if response_id is None:
        return None
    for coding in _dicts(_dict(body.get("code")).get("coding")):
        code = coding.get("code")
        if coding.get("system") == FLAG_SYSTEM and isinstance(code, str) and _FLAG_CODE.match(code):
            return FlagFacts(response_id, code)
    return None


def subject_of(body: JSON) -> str | None:
    """The Patient id a QuestionnaireResponse or Flag is about."""
    return _reference_id(_dict(body.get("subject")).get("reference"), "Patient")


# ------------------------------------------------------------------------------------------------


def _reference_id(reference: object, resource_type: str) -> str | None:
    if not isinstance(reference, str):
        return None
    prefix = f"{resource_type}/"
    if reference.startswith(prefix) and _ID.match(reference[len(prefix) :]):
        return reference[len(prefix) :]
    return None


def _full_date(value: object) -> date | None:
    if isinstance(value, str) and _FULL_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _dict(value: object) -> JSON:
    return value if isinstance(value, dict) else {}


def _dicts(value: object) -> Iterator[JSON]:
    if isinstance(value, list):
        for element in value:
            if isinstance(element, dict):
                yield element
