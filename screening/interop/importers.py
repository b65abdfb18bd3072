"""The station's sync payloads read back into domain models: the inverse of ``patient``,
``consent``, ``flag`` and ``revision``.

The central service uses these to render another agency's finalised revision through the one
disclosure function (``screening.services.disclosure``), which works on domain models. Each reader
takes the JSON a station pushed (validated at the centre with the R4B models when it arrived) and
raises :class:`RecordImportError` when something it needs is missing or malformed. Errors name
fields, never values: the values are personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from screening.checklist.answers import AnswerTypeError, coerce
from screening.checklist.engine import evaluate
from screening.checklist.loader import CompiledForm
from screening.checklist.model import FlagRegistry
from screening.domain.enums import (
    DisclosureClass,
    FlagLevel,
    ItemType,
    Recipient,
    ScreeningStatus,
)
from screening.domain.models import (
    Answer,
    Consent,
    ConsentScope,
    FlagReason,
    Identifier,
    Person,
    RaisedFlag,
    Screening,
)
from screening.domain.reference import sex_from_iso5218
from screening.interop.consent import EXT_CAPACITY_CONSIDERED, EXT_CAPACITY_NOTE, EXT_CONSENT_ITEM
from screening.interop.fhir_common import JSON, LONDON, NO_FLAGS, find_extension, find_extensions
from screening.interop.flag import EXT_FLAG_LEVEL, EXT_FLAG_REASON, EXT_SOURCE_RESPONSE
from screening.interop.patient import (
    EXT_AGE_IN_DOUBT,
    EXT_HELP_TO_READ,
    EXT_SEX_ISO5218,
    IDENTIFIER_SYSTEMS,
    INTERPRETER_REQUIRED,
)
from screening.interop.records import (
    DISCLOSURE_CLASS_SYSTEM,
    EXT_AMEND_REASON,
    EXT_REGISTRY_VERSION,
    EXT_REPLACES,
    EXT_REVISION,
    EXT_SCREENING_DATE,
    FLAG_SYSTEM,
    RECIPIENT_SYSTEM,
    USER_ID_SYSTEM,
)

__all__ = [
    "RecordImportError",
    "flag_source",
    "import_consent",
    "import_flag",
    "import_patient",
    "import_revision",
    "reference_id",
    "replaced_revision",
]

_KIND_BY_SYSTEM = {system: kind for kind, system in IDENTIFIER_SYSTEMS.items()}


class RecordImportError(ValueError):
    """A pushed record cannot be read back into the domain (the message names the field)."""


def reference_id(reference: object, resource_type: str) -> str | None:
    """The id in ``{"reference": "<resource_type>/<id>"}``, or None."""
    if not isinstance(reference, dict):
        return None
    text = reference.get("reference")
    prefix = f"{resource_type}/"
    if not isinstance(text, str) or not text.startswith(prefix):
        return None
    found = text.removeprefix(prefix)
    return found or None


def _uuid(value: object, what: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise RecordImportError(f"{what} is not a UUID") from None


def _datetime(value: object, what: str) -> datetime:
    if not isinstance(value, str):
        raise RecordImportError(f"{what} is missing")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordImportError(f"{what} is not a date and time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LONDON)


def _date(value: object, what: str) -> date:
    if not isinstance(value, str):
        raise RecordImportError(f"{what} is missing")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RecordImportError(f"{what} is not a full date") from None


def _user_id(reference: object) -> str | None:
    """The user id in a station user reference (``<station id>/<user id>``)."""
    if isinstance(reference, list):
        reference = reference[0] if reference else None
    if not isinstance(reference, dict):
        return None
    identifier = reference.get("identifier")
    if not isinstance(identifier, dict) or identifier.get("system") != USER_ID_SYSTEM:
        return None
    value = identifier.get("value")
    return value.rsplit("/", 1)[-1] if isinstance(value, str) and value else None


# ------------------------------------------------------------------------------------ Patient


def import_patient(body: JSON, *, recorded_at: datetime, version: int = 1) -> Person:
    """The person a Patient describes, with what the disclosure function shows (names, date of
    birth, identifiers, language and communication needs) and sex; the optional monitoring
    fields (ethnicity, gender identity, faith) are not read back."""
    names = [n for n in body.get("name") or [] if isinstance(n, dict)]
    official = next((n for n in names if n.get("use") == "official"), names[0] if names else {})
    given = " ".join(str(g) for g in official.get("given") or [])
    family = str(official.get("family") or "")
    others = tuple(str(n["text"]) for n in names if n is not official and n.get("text"))
    identifiers: list[Identifier] = []
    for entry in body.get("identifier") or []:
        kind = _KIND_BY_SYSTEM.get(str(entry.get("system"))) if isinstance(entry, dict) else None
        if kind is None:
            continue
        try:
            found = Identifier(kind=kind, value=str(entry.get("value", "")))
        except ValidationError:
            raise RecordImportError(f"Patient.identifier ({kind.value}) is not valid") from None
        if found not in identifiers:
            identifiers.append(found)
    language = None
    for communication in body.get("communication") or []:
        codings = (communication.get("language") or {}).get("coding") or []
        if codings and isinstance(codings[0], dict) and codings[0].get("code"):
            language = str(codings[0]["code"])
            if communication.get("preferred"):
                break
    sex_code = find_extension(body, EXT_SEX_ISO5218)
    interpreter = find_extension(body, INTERPRETER_REQUIRED)
    try:
        return Person(
            id=_uuid(body.get("id"), "Patient.id"),
            given_names=given,
            family_name=family,
            other_names=others,
            date_of_birth=_date(body["birthDate"], "Patient.birthDate") if body.get("birthDate") else None,
            age_in_doubt=bool((find_extension(body, EXT_AGE_IN_DOUBT) or {}).get("valueBoolean")),
            identifiers=tuple(identifiers),
            sex=sex_from_iso5218(sex_code["valueCode"]) if sex_code else sex_from_iso5218(0),
            language=language,
            interpreter_needed=bool((interpreter or {}).get("valueBoolean")),
            help_to_read=bool((find_extension(body, EXT_HELP_TO_READ) or {}).get("valueBoolean")),
            created_at=recorded_at,
            updated_at=recorded_at,
            version=version,
        )
    except (ValidationError, ValueError) as exc:
        if isinstance(exc, RecordImportError):
            raise
        raise RecordImportError("the Patient does not make a valid person record") from None


# ------------------------------------------------------------------------------------ Consent


def import_consent(body: JSON, *, version: int | None = None) -> Consent:
    """The consent decision a Consent records (status ``active``, ``inactive`` = withdrawn, or
    ``rejected`` = refused)."""
    provision = body.get("provision") if isinstance(body.get("provision"), dict) else {}
    assert isinstance(provision, dict)
    recipient: Recipient | None = None
    for actor in provision.get("actor") or []:
        identifier = ((actor or {}).get("reference") or {}).get("identifier") or {}
        if identifier.get("system") == RECIPIENT_SYSTEM:
            try:
                recipient = Recipient(str(identifier.get("value")))
            except ValueError:
                raise RecordImportError("Consent.provision.actor names no known recipient") from None
    if recipient is None:
        raise RecordImportError("Consent.provision.actor names no recipient")
    classes: list[DisclosureClass] = []
    for concept in provision.get("code") or []:
        for coding in (concept or {}).get("coding") or []:
            if coding.get("system") == DISCLOSURE_CLASS_SYSTEM:
                try:
                    classes.append(DisclosureClass(coding.get("code")))
                except ValueError:
                    raise RecordImportError("Consent.provision.code is not a disclosure class") from None
    items = tuple(str(e.get("valueCode")) for e in find_extensions(provision, EXT_CONSENT_ITEM))
    period = provision.get("period") or {}
    status = body.get("status")
    given = status in ("active", "inactive")
    withdrawn_at = _datetime(period["end"], "Consent.provision.period.end") if (
        given and status == "inactive" and period.get("end")) else None
    screening = reference_id(body.get("sourceReference"), "QuestionnaireResponse")
    person = reference_id(body.get("patient"), "Patient")
    capacity = find_extension(body, EXT_CAPACITY_CONSIDERED) or {}
    note = find_extension(body, EXT_CAPACITY_NOTE)
    meta_version = (body.get("meta") or {}).get("versionId")
    try:
        return Consent(
            id=_uuid(body.get("id"), "Consent.id"),
            screening_id=_uuid(screening, "Consent.sourceReference"),
            person_id=_uuid(person, "Consent.patient") if person else None,
            recipient=recipient,
            scope=ConsentScope(classes=tuple(classes), items=items),
            decided_at=_datetime(body.get("dateTime"), "Consent.dateTime"),
            capacity_considered=bool(capacity.get("valueBoolean")),
            capacity_note=str(note["valueString"]) if note and note.get("valueString") else None,
            given=given,
            recorded_by=_user_id(body.get("performer")),
            withdrawn_at=withdrawn_at,
            version=version or int(meta_version or 1),
        )
    except ValidationError:
        raise RecordImportError("the Consent does not make a valid consent record") from None


# ------------------------------------------------------------------------------------ Flag


def flag_source(body: JSON) -> str | None:
    """The id of the QuestionnaireResponse (revision) that raised a Flag."""
    found = find_extension(body, EXT_SOURCE_RESPONSE)
    return reference_id((found or {}).get("valueReference"), "QuestionnaireResponse")


def import_flag(body: JSON) -> RaisedFlag:
    """The raised flag a Flag records, with its reasons and the items each rests on."""
    code_concept = body.get("code") or {}
    coding = next((c for c in code_concept.get("coding") or [] if c.get("system") == FLAG_SYSTEM), None)
    if coding is None or not coding.get("code"):
        raise RecordImportError("Flag.code has no flag code")
    level = ((find_extension(body, EXT_FLAG_LEVEL) or {}).get("valueCoding") or {}).get("code")
    reasons: list[FlagReason] = []
    for reason in find_extensions(body, EXT_FLAG_REASON):
        parts = reason.get("extension") or []
        text = next((p.get("valueString") for p in parts if p.get("url") == "text"), None)
        items = tuple(str(p.get("valueCode")) for p in parts if p.get("url") == "item")
        if text:
            reasons.append(FlagReason(text=str(text), items=items))
    try:
        return RaisedFlag(
            code=str(coding["code"]),
            level=FlagLevel(str(level)),
            label=str(coding.get("display") or code_concept.get("text") or coding["code"]),
            reasons=tuple(reasons),
        )
    except (ValidationError, ValueError):
        raise RecordImportError("the Flag does not make a valid raised flag") from None


# ------------------------------------------------------------------------------------ QuestionnaireResponse


def replaced_revision(body: JSON) -> str | None:
    """The id of the revision an amended QuestionnaireResponse replaces, or None."""
    found = find_extension(body, EXT_REPLACES)
    return reference_id((found or {}).get("valueReference"), "QuestionnaireResponse")


def _answer_items(items: Iterable[Any]) -> Iterable[JSON]:
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("answer"):
            yield item
        yield from _answer_items(item.get("item") or [])


def _raw_value(item_type: ItemType, answers: Sequence[JSON]) -> Any:
    values: list[Any] = []
    for answer in answers:
        if "valueCoding" in answer:
            values.append((answer["valueCoding"] or {}).get("code"))
        else:
            values.extend(v for k, v in answer.items() if k.startswith("value"))
    if item_type is ItemType.MULTI_CHOICE:
        return values
    return values[0] if values else None


def import_revision(
    body: JSON,
    form: CompiledForm,
    *,
    flags: Sequence[RaisedFlag] = (),
    registry: FlagRegistry | None = None,
) -> Screening:
    """The finalised revision a QuestionnaireResponse records, answering ``form`` (the form
    version it names), with the ``flags`` its Flags record. Scores are worked out again from the
    answers (the engine is deterministic; the response carries them only as calculated items).

    The station's own start time does not travel; the revision is read as started at the start of
    its screening date (Europe/London), which is all the disclosure function uses of it.
    """
    revision_ext = find_extension(body, EXT_REVISION) or {}
    revision = int(revision_ext.get("valueInteger") or 1)
    screening_date = _date((find_extension(body, EXT_SCREENING_DATE) or {}).get("valueDate"),
                           "QuestionnaireResponse screening date")
    registry_version = (find_extension(body, EXT_REGISTRY_VERSION) or {}).get("valueString")
    authored = _datetime(body.get("authored"), "QuestionnaireResponse.authored")
    author = _user_id(body.get("author")) or "unknown"
    person = reference_id(body.get("subject"), "Patient")
    replaces = replaced_revision(body)
    amend_reason = (find_extension(body, EXT_AMEND_REASON) or {}).get("valueString")

    answers: list[Answer] = []
    typed: dict[str, Any] = {}
    for entry in _answer_items(body.get("item") or []):
        code = entry.get("linkId")
        definition = form.items.get(code) if isinstance(code, str) else None
        if definition is None:
            continue  # a group or a calculated score item
        raw = _raw_value(definition.type, entry["answer"])
        if raw is None:
            continue
        try:
            value = coerce(definition, raw)
        except AnswerTypeError:
            raise RecordImportError(f"QuestionnaireResponse answer to {code} is not of its type") from None
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=LONDON)
        typed[str(code)] = value
        answers.append(Answer(item_code=str(code), value=value, updated_at=authored, updated_by=author))
    scores: dict[str, int | None] = {}
    if form.scores:
        evaluation = evaluate(form, typed, on=screening_date, registry=registry or NO_FLAGS)
        scores = {score_id: evaluation.scores.get(score_id) for score_id in form.scores}
    started = datetime.combine(screening_date, time(0, 0), tzinfo=LONDON)
    try:
        return Screening(
            id=_uuid(body.get("id"), "QuestionnaireResponse.id"),
            person_id=_uuid(person, "QuestionnaireResponse.subject"),
            form_id=form.id,
            form_version=form.version,
            registry_version=str(registry_version or (registry.version if registry else "0.0.0")),
            status=ScreeningStatus.FINALISED,
            author_id=author,
            started_by=author,
            started_at=started if started <= authored else authored,
            screening_date=screening_date,
            completed_at=authored,
            finalised_at=authored,
            finalised_by=author,
            revision=revision,
            replaces=_uuid(replaces, "QuestionnaireResponse replaces") if replaces else None,
            amend_reason=amend_reason,
            answers=tuple(answers),
            flags=tuple(flags),
            scores=scores,
        )
    except ValidationError:
        raise RecordImportError("the QuestionnaireResponse does not make a valid revision") from None
