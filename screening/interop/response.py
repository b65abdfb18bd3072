"""A screening's answers as a FHIR R4 QuestionnaireResponse.

The response is nested like the Questionnaire ``export_questionnaire`` writes (one group per
section, linkId = item code) and carries only the answers that count: those to visible items that
are answered and valid, as the engine decides. Answers to hidden items stay in the draft but never
leave the station. Scores that have a value are included as the answers of their calculated items.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from screening.checklist.answers import Value, coerce
from screening.checklist.engine import evaluate
from screening.checklist.loader import CompiledForm
from screening.checklist.model import Item, text_in
from screening.domain.enums import ItemType
from screening.interop.fhir_common import (
    BCP47,
    JSON,
    LONDON,
    NO_FLAGS,
    SCREENING_ID_SYSTEM,
    fhir_date,
    fhir_datetime,
    is_fhir_id,
    validate_resource,
)
from screening.interop.questionnaire import (
    group_link_ids,
    option_systems,
    questionnaire_canonical,
    score_link_ids,
    score_sections,
)

RESPONSE_STATUSES = frozenset({"in-progress", "completed", "amended", "entered-in-error", "stopped"})


def export_response(
    compiled: CompiledForm,
    answers: Mapping[str, Any],
    *,
    screening_id: str,
    subject_ref: str | None,
    authored: datetime,
    status: str = "completed",
    on: date | None = None,
    lang: str = "en",
) -> JSON:
    """QuestionnaireResponse JSON for an answer set (validated with the R4B model).

    ``answers`` maps item codes to typed values or their JSON form (``answers.coerce`` converts
    them; a value of the wrong type raises ``AnswerTypeError``; unknown codes and None are
    ignored). ``on`` is the screening date that age conditions use; by default the date of
    ``authored`` in Europe/London (a naive ``authored`` is taken as Europe/London time).
    """
    if status not in RESPONSE_STATUSES:
        raise ValueError(f"status must be one of {', '.join(sorted(RESPONSE_STATUSES))}, got {status!r}")
    typed: dict[str, Value] = {}
    for code, raw in answers.items():
        item = compiled.items.get(code)
        if item is not None and raw is not None:
            typed[code] = coerce(item, raw)
    when = authored if authored.tzinfo is not None else authored.replace(tzinfo=LONDON)
    screening_date = on if on is not None else when.astimezone(LONDON).date()
    evaluation = evaluate(compiled, typed, on=screening_date, registry=NO_FLAGS, lang=lang)

    systems = option_systems(compiled)
    groups = group_link_ids(compiled)
    score_links = score_link_ids(compiled)
    placed = score_sections(compiled)
    sections: list[JSON] = []
    for section in compiled.sections:
        children: list[JSON] = []
        for item in section.items:
            value = evaluation.answers.get(item.code)
            if value is None:
                continue
            children.append({
                "linkId": item.code,
                "text": text_in(item.text, lang),
                "answer": _answers(item, value, systems.get(item.code, ""), lang),
            })
        for score in placed.get(section.id, ()):
            total = evaluation.scores.get(score.id)
            if total is not None:
                children.append({
                    "linkId": score_links[score.id],
                    "text": text_in(score.label, lang),
                    "answer": [{"valueInteger": total}],
                })
        if children:
            sections.append({
                "linkId": groups[section.id],
                "text": text_in(section.title, lang),
                "item": children,
            })

    resource: JSON = {"resourceType": "QuestionnaireResponse"}
    if is_fhir_id(screening_id):
        resource["id"] = screening_id
    resource["language"] = lang
    resource["identifier"] = {"system": SCREENING_ID_SYSTEM, "value": screening_id}
    resource["questionnaire"] = questionnaire_canonical(compiled)
    resource["status"] = status
    if subject_ref is not None:
        resource["subject"] = {"reference": subject_ref}
    resource["authored"] = fhir_datetime(authored)
    if sections:
        resource["item"] = sections
    validate_resource(resource)
    return resource


def _answers(item: Item, value: Value, system: str, lang: str) -> list[JSON]:
    if item.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE):
        codes = value if isinstance(value, list) else [str(value)]
        out = []
        for code in codes:
            option = item.option(code)
            coding: JSON = {"system": system, "code": code}
            if option is not None:
                coding["display"] = text_in(option.label, lang)
            out.append({"valueCoding": coding})
        return out
    if item.type is ItemType.LANGUAGE:
        return [{"valueCoding": {"system": BCP47, "code": str(value)}}]
    if item.type is ItemType.INTEGER:
        return [{"valueInteger": value}]
    if item.type is ItemType.DECIMAL:
        return [{"valueDecimal": value}]
    if item.type is ItemType.DATETIME and isinstance(value, datetime):
        return [{"valueDateTime": fhir_datetime(value)}]
    if item.type is ItemType.DATE and isinstance(value, date):
        return [{"valueDate": fhir_date(value)}]
    return [{"valueString": str(value)}]
