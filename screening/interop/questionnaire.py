"""Forms as FHIR R4 Questionnaires (SDC), and back.

Export (``export_questionnaire``): one ``group`` per section (linkId = section id), one question per
item (linkId = item code), answer options as ``valueCoding`` with the ``ordinalValue`` extension for
scored options, ``required`` as the engine decides, conditions as ``enableWhen`` where that says
exactly the same thing and otherwise as an SDC ``enableWhenExpression`` (see ``conditions``),
every score as a read-only calculated item, Welsh (and any other language) through the
``translation`` extension, and the whole structured definition in the project extension
``EXT_FORM_DEFINITION`` so our own import restores the form exactly.

Import (``import_questionnaire`` / ``read_questionnaire``): restores from that extension when it is
present; otherwise maps a plain SDC Questionnaire (see ``sdc_import`` for what is recognised).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from screening.checklist.engine import describe
from screening.checklist.loader import CompiledForm
from screening.checklist.model import (
    AllOf,
    Condition,
    Form,
    Instrument,
    Item,
    Prefill,
    Score,
    Section,
    text_in,
)
from screening.domain.enums import ItemType
from screening.interop.conditions import (
    ConditionContext,
    score_expression,
    to_enable_when,
    to_fhirpath,
)
from screening.interop.fhir_common import (
    ALL_LANGUAGES,
    CALCULATED_EXPRESSION,
    CODE_SYSTEM_BASE,
    DEFINITION_FORMAT,
    ENABLE_WHEN_EXPRESSION,
    EXT_DISCLOSE_AS,
    EXT_DISCLOSURE,
    EXT_EASY_READ,
    EXT_FORM_DEFINITION,
    EXT_ITEM_TYPE,
    EXT_KIND,
    EXT_SCORE,
    EXT_WHY,
    INITIAL_EXPRESSION,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    JSON,
    LAUNCH_CONTEXT,
    LAUNCH_CONTEXT_SYSTEM,
    MAX_VALUE,
    MIN_VALUE,
    OPTION_EXCLUSIVE,
    ORDINAL_VALUE,
    QUESTIONNAIRE_BASE,
    REGEX,
    find_extension,
    is_fhir_id,
    primary_language,
    put_text,
    translation_extensions,
    validate_resource,
)

SHORT_TEXT = 255
"""Text items limited to this many characters or fewer export as ``string``, others as ``text``."""

_SIMPLE_TYPES = {
    ItemType.INTEGER: "integer",
    ItemType.DECIMAL: "decimal",
    ItemType.DATE: "date",
    ItemType.DATETIME: "dateTime",
    ItemType.IDENTIFIER: "string",
    ItemType.ETHNICITY: "string",
}

_PREFILL_EXPRESSIONS = {
    Prefill.DATE_OF_BIRTH: "%patient.birthDate",
    Prefill.LANGUAGE: "%patient.communication.where(preferred = true).language.coding.first()",
}


class QuestionnaireImportError(ValueError):
    """A Questionnaire that cannot become a form; the message says why in plain words."""


@dataclass(frozen=True)
class QuestionnaireImport:
    """The result of reading a Questionnaire.

    ``exact`` is true when the form was restored from our own definition extension. ``link_ids``
    maps every FHIR linkId that became a section id, item code or score id (changed or not) to it.
    ``warnings`` lists what the SDC mapping could not carry over (empty for an exact restore).
    """

    form: Form
    instruments: tuple[Instrument, ...] = ()
    exact: bool = False
    link_ids: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------- export


def questionnaire_url(form_id: str) -> str:
    """The stable canonical URL of a form's Questionnaire (the version goes in ``version``)."""
    return QUESTIONNAIRE_BASE + form_id


def questionnaire_canonical(form: CompiledForm) -> str:
    """``url|version``: how a QuestionnaireResponse names the exact form version it answers."""
    return f"{questionnaire_url(form.id)}|{form.version}"


def option_systems(form: CompiledForm) -> dict[str, str]:
    """The answer-option code system of every choice item: per instrument for instrument items (so
    PHQ-9 answers compare across forms), otherwise per form."""
    owner: dict[str, str] = {}
    for instrument in form.instruments:
        for section in instrument.sections:
            owner[section.id] = f"instrument/{instrument.instrument}"
    return {
        code: f"{CODE_SYSTEM_BASE}{owner.get(form.section_of[code], form.id)}/{code}"
        for code, item in form.items.items()
        if item.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE)
    }


@dataclass(frozen=True)
class _LinkIds:
    groups: dict[str, str]
    scores: dict[str, str]


def _link_ids(form: CompiledForm) -> _LinkIds:
    taken = set(form.items)
    groups = {}
    for section in form.sections:
        link = section.id if section.id not in taken else f"section.{section.id}"
        groups[section.id] = link
        taken.add(link)
    scores = {}
    for score_id in form.scores:
        link = score_id if score_id not in taken else f"score.{score_id}"
        scores[score_id] = link
        taken.add(link)
    return _LinkIds(groups, scores)


def score_sections(form: CompiledForm) -> dict[str, list[Score]]:
    """Which section shows each score: the one holding the score's last item in reading order."""
    reading = list(form.items)
    placed: dict[str, list[Score]] = {}
    for score in form.scores.values():
        last = max(score.items, key=reading.index)
        placed.setdefault(form.section_of[last], []).append(score)
    return placed


def score_link_ids(form: CompiledForm) -> dict[str, str]:
    """Score id -> the linkId of the calculated item that carries it."""
    return _link_ids(form).scores


def group_link_ids(form: CompiledForm) -> dict[str, str]:
    """Section id -> the linkId of its group."""
    return _link_ids(form).groups


def export_questionnaire(form: CompiledForm, *, lang: str = "en") -> JSON:
    """The form as FHIR R4 Questionnaire JSON (validated with the ``fhir.resources`` R4B model).

    Texts are in ``lang`` (falling back to English) with every other language of the form as
    ``translation`` extensions. Raises ``FhirValidationError`` if the result does not validate.
    """
    definition = form.definition
    systems = option_systems(form)
    ctx = ConditionContext(form.items, form.scores, systems.__getitem__)
    links = _link_ids(form)
    placed = score_sections(form)
    uses_patient = False

    groups: list[JSON] = []
    for section in form.sections:
        group: JSON = {"linkId": links.groups[section.id]}
        put_text(group, "text", section.title, lang)
        group["type"] = "group"
        conditions = form.section_conditions.get(section.id, ())
        if conditions:
            _put_condition(group, conditions[0] if len(conditions) == 1 else AllOf(all=list(conditions)),
                           ctx)
        children: list[JSON] = []
        if section.intro is not None:
            intro: JSON = {"linkId": f"{section.id}.intro"}
            put_text(intro, "text", section.intro, lang)
            intro["type"] = "display"
            children.append(intro)
        for item in section.items:
            children.append(_question(form, item, systems, ctx, lang))
            uses_patient = uses_patient or item.prefill in _PREFILL_EXPRESSIONS
        for score in placed.get(section.id, ()):
            children.append(_score_item(score, links.scores[score.id], lang))
        group["item"] = children
        groups.append(group)

    extensions: list[JSON] = []
    if uses_patient:
        extensions.append({
            "url": LAUNCH_CONTEXT,
            "extension": [
                {"url": "name", "valueCoding": {"system": LAUNCH_CONTEXT_SYSTEM, "code": "patient"}},
                {"url": "type", "valueCode": "Patient"},
            ],
        })
    extensions.append({"url": EXT_FORM_DEFINITION, "valueString": definition_json(form)})

    resource: JSON = {"resourceType": "Questionnaire"}
    resource_id = f"{definition.id}-{definition.version}"
    if is_fhir_id(resource_id):
        resource["id"] = resource_id
    resource["extension"] = extensions
    resource["url"] = questionnaire_url(definition.id)
    resource["version"] = definition.version
    resource["name"] = _computable_name(definition.id)
    put_text(resource, "title", definition.title, lang)
    resource["status"] = "active"
    resource["subjectType"] = ["Patient"]
    resource["language"] = lang
    put_text(resource, "description", definition.introduction, lang)
    resource["item"] = groups
    validate_resource(resource)
    return resource


def definition_json(form: CompiledForm) -> str:
    """The exact structured definition: the form and the instruments it includes, as JSON."""
    payload = {
        "format": DEFINITION_FORMAT,
        "form": form.definition.model_dump(mode="json", by_alias=True),
        "instruments": [i.model_dump(mode="json", by_alias=True) for i in form.instruments],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _computable_name(form_id: str) -> str:
    name = "".join(part[:1].upper() + part[1:] for part in form_id.split("-"))
    return name if name[:1].isalpha() else "Form" + name


def _put_condition(target: JSON, condition: Condition, ctx: ConditionContext) -> None:
    plain = to_enable_when(condition, ctx)
    if plain is not None:
        plain.to_json(target)
        return
    target.setdefault("extension", []).append({
        "url": ENABLE_WHEN_EXPRESSION,
        "valueExpression": {
            "description": describe(condition),
            "language": "text/fhirpath",
            "expression": to_fhirpath(condition, ctx),
        },
    })


def _string_extension(url: str, text: dict[str, str], lang: str) -> JSON:
    """A text with its translations as a complex extension: a ``text`` part in ``lang`` and one
    core ``translation`` part per other language (an extension's own value cannot carry
    primitive extensions in the R4B model)."""
    return {
        "url": url,
        "extension": [
            {"url": "text", "valueString": text_in(text, lang)},
            *translation_extensions(text, primary_language(text, lang)),
        ],
    }


def _number_extension(url: str, item: Item, value: float) -> JSON:
    if item.type is ItemType.INTEGER and value.is_integer():
        return {"url": url, "valueInteger": int(value)}
    return {"url": url, "valueDecimal": value}


def _question(
    form: CompiledForm, item: Item, systems: dict[str, str], ctx: ConditionContext, lang: str
) -> JSON:
    out: JSON = {
        "extension": [
            {"url": EXT_ITEM_TYPE, "valueCode": str(item.type)},
            {"url": EXT_DISCLOSURE, "valueCode": str(item.disclosure)},
            {"url": EXT_DISCLOSE_AS, "valueCode": str(item.disclose_as)},
            {"url": EXT_KIND, "valueCode": str(item.kind)},
            _string_extension(EXT_WHY, item.why, lang),
            _string_extension(EXT_EASY_READ, item.easy_read, lang),
        ],
        "linkId": item.code,
    }
    extensions: list[JSON] = out["extension"]
    rules = item.validation
    if rules is not None and item.type in (ItemType.INTEGER, ItemType.DECIMAL):
        if rules.min is not None:
            extensions.append(_number_extension(MIN_VALUE, item, rules.min))
        if rules.max is not None:
            extensions.append(_number_extension(MAX_VALUE, item, rules.max))
    if rules is not None and rules.pattern is not None:
        extensions.append({"url": REGEX, "valueString": rules.pattern})
    if item.prefill in _PREFILL_EXPRESSIONS:
        extensions.append({
            "url": INITIAL_EXPRESSION,
            "valueExpression": {"language": "text/fhirpath",
                                "expression": _PREFILL_EXPRESSIONS[item.prefill]},
        })
    if item.enable_when is not None:
        _put_condition(out, item.enable_when, ctx)

    put_text(out, "text", item.text, lang)
    out["type"] = _fhir_type(item)
    if item.code in form.required:
        out["required"] = True
    if item.type is ItemType.MULTI_CHOICE:
        out["repeats"] = True
    if rules is not None and rules.max_length is not None and out["type"] in ("string", "text"):
        out["maxLength"] = rules.max_length
    if item.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE):
        out["answerOption"] = [_answer_option(item, option_index, systems[item.code], lang)
                               for option_index in range(len(item.options))]
    elif item.type is ItemType.LANGUAGE:
        out["answerValueSet"] = ALL_LANGUAGES
    if item.help is not None:
        help_item: JSON = {
            "extension": [{
                "url": ITEM_CONTROL,
                "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]},
            }],
            "linkId": f"{item.code}.help",
        }
        put_text(help_item, "text", item.help, lang)
        help_item["type"] = "display"
        out["item"] = [help_item]
    return out


def _fhir_type(item: Item) -> str:
    if item.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE, ItemType.LANGUAGE):
        return "choice"
    if item.type is ItemType.TEXT:
        rules = item.validation
        short = rules is not None and rules.max_length is not None and rules.max_length <= SHORT_TEXT
        return "string" if short else "text"
    return _SIMPLE_TYPES[item.type]


def _answer_option(item: Item, index: int, system: str, lang: str) -> JSON:
    option = item.options[index]
    coding: JSON = {"system": system, "code": option.code}
    put_text(coding, "display", option.label, lang)
    answer: JSON = {}
    extensions: list[JSON] = []
    if option.score is not None:
        extensions.append({"url": ORDINAL_VALUE, "valueDecimal": option.score})
    if option.exclusive:
        extensions.append({"url": OPTION_EXCLUSIVE, "valueBoolean": True})
    if extensions:
        answer["extension"] = extensions
    answer["valueCoding"] = coding
    return answer


def _score_item(score: Score, link_id: str, lang: str) -> JSON:
    out: JSON = {
        "extension": [
            {"url": EXT_SCORE, "valueCode": score.id},
            {
                "url": CALCULATED_EXPRESSION,
                "valueExpression": {
                    "description": f"{score.method} of the ordinal values of "
                                   + ", ".join(score.items),
                    "language": "text/fhirpath",
                    "expression": score_expression(score),
                },
            },
        ],
        "linkId": link_id,
    }
    put_text(out, "text", score.label, lang)
    out["type"] = "integer"
    out["readOnly"] = True
    return out


# --------------------------------------------------------------------------------------- import


def import_questionnaire(data: dict[str, Any]) -> Form:
    """A form definition from Questionnaire JSON.

    With our ``form-definition`` extension the form is restored exactly (instrument includes stay
    includes: see ``read_questionnaire`` for the instruments themselves). Without it, a plain SDC
    Questionnaire is mapped (see ``sdc_import``). Raises ``QuestionnaireImportError`` when the
    input is not a valid R4 Questionnaire or cannot become a valid form.
    """
    return read_questionnaire(data).form


def read_questionnaire(data: dict[str, Any]) -> QuestionnaireImport:
    """Like ``import_questionnaire`` but also returns the embedded instruments, the linkId mapping
    and what could not be carried over."""
    if not isinstance(data, dict) or data.get("resourceType") != "Questionnaire":
        raise QuestionnaireImportError("this is not a FHIR Questionnaire (resourceType must be "
                                       "'Questionnaire')")
    try:
        validate_resource(data)
    except ValueError as exc:
        raise QuestionnaireImportError(str(exc)) from exc
    embedded = find_extension(data, EXT_FORM_DEFINITION)
    if embedded is not None:
        return _restore(embedded)
    from screening.interop.sdc_import import map_sdc_questionnaire

    return map_sdc_questionnaire(data)


def _restore(extension: JSON) -> QuestionnaireImport:
    raw = extension.get("valueString")
    if not isinstance(raw, str):
        raise QuestionnaireImportError("the form-definition extension has no valueString")
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise QuestionnaireImportError(f"the form-definition extension is not JSON: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != DEFINITION_FORMAT:
        raise QuestionnaireImportError(
            f"the form-definition extension has an unknown format (expected {DEFINITION_FORMAT})"
        )
    try:
        form = Form.model_validate(payload.get("form"))
        instruments = tuple(Instrument.model_validate(i) for i in payload.get("instruments") or [])
    except ValidationError as exc:
        raise QuestionnaireImportError(f"the embedded form definition is not valid: {exc}") from exc
    links = {item.code: item.code for item in _all_items(form, instruments)}
    return QuestionnaireImport(form=form, instruments=instruments, exact=True, link_ids=links)


def _all_items(form: Form, instruments: Iterable[Instrument]) -> Iterable[Item]:
    for entry in form.sections:
        if isinstance(entry, Section):
            yield from entry.items
    for instrument in instruments:
        for section in instrument.sections:
            yield from section.items

