"""Every form exports as a valid FHIR R4 Questionnaire with the structure DESIGN.md asks for."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from screening.checklist.loader import CompiledForm
from screening.domain.enums import ItemType
from screening.interop import export_questionnaire
from screening.interop.fhir_common import (
    ALL_LANGUAGES,
    CALCULATED_EXPRESSION,
    ENABLE_WHEN_EXPRESSION,
    EXT_FORM_DEFINITION,
    OPTION_EXCLUSIVE,
    ORDINAL_VALUE,
    TRANSLATION,
)
from tests.unit.interop.support import (
    FIXTURE_FORMS,
    SHIPPED,
    all_forms,
    form_param_id,
    library,
    walk_items,
)

FORMS = all_forms()


def _compiled(which: tuple[Path, str]) -> CompiledForm:
    root, form_id = which
    return library(root).get(form_id)


def _ext(element: dict[str, Any], url: str) -> list[dict[str, Any]]:
    return [e for e in element.get("extension", []) if e["url"] == url]


def _translations(element: dict[str, Any], key: str) -> dict[str, str]:
    found = {}
    for ext in element.get("_" + key, {}).get("extension", []):
        assert ext["url"] == TRANSLATION
        parts = {p["url"]: p for p in ext["extension"]}
        found[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return found


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_export_validates_with_the_r4b_model(which: tuple[Path, str], lang: str) -> None:
    form = _compiled(which)
    data = export_questionnaire(form, lang=lang)
    model = Questionnaire.model_validate(data)
    assert model.status == "active"
    # The JSON survives a trip through the model (nothing we wrote is silently dropped).
    again = json.loads(model.model_dump_json(exclude_none=True))
    assert [i["linkId"] for i in walk_items(again["item"])] == [
        i["linkId"] for i in walk_items(data["item"])
    ]


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
def test_header_groups_and_link_ids(which: tuple[Path, str]) -> None:
    form = _compiled(which)
    data = export_questionnaire(form)
    assert data["url"] == f"https://waypoint-screening.example/fhir/Questionnaire/{form.id}"
    assert data["version"] == form.version
    assert re.fullmatch(r"[A-Z][A-Za-z0-9_]*", data["name"])
    assert data["title"] == form.definition.title["en"]
    assert data["status"] == "active"
    # One group per section, in order, each holding that section's items in order.
    assert [g["linkId"] for g in data["item"]] == [s.id for s in form.sections]
    assert all(g["type"] == "group" for g in data["item"])
    for group, section in zip(data["item"], form.sections, strict=True):
        questions = [i["linkId"] for i in group["item"] if i["type"] not in ("display",)
                     and "readOnly" not in i]
        assert questions == [item.code for item in section.items]
    link_ids = [i["linkId"] for i in walk_items(data["item"])]
    assert len(link_ids) == len(set(link_ids))


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
def test_item_types_options_required_and_conditions(which: tuple[Path, str]) -> None:
    form = _compiled(which)
    data = export_questionnaire(form)
    exported = {i["linkId"]: i for i in walk_items(data["item"])}
    for code, item in form.items.items():
        q = exported[code]
        expected = {
            ItemType.CHOICE: "choice", ItemType.MULTI_CHOICE: "choice", ItemType.LANGUAGE: "choice",
            ItemType.INTEGER: "integer", ItemType.DECIMAL: "decimal", ItemType.DATE: "date",
            ItemType.DATETIME: "dateTime", ItemType.IDENTIFIER: "string", ItemType.ETHNICITY: "string",
        }.get(item.type)
        if item.type is ItemType.TEXT:
            assert q["type"] in ("string", "text")
        else:
            assert q["type"] == expected, code
        assert q.get("required", False) == (code in form.required), code
        assert q.get("repeats", False) == (item.type is ItemType.MULTI_CHOICE)
        if item.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE):
            options = q["answerOption"]
            assert [o["valueCoding"]["code"] for o in options] == item.option_codes
            for option, answer in zip(item.options, options, strict=True):
                assert answer["valueCoding"]["display"] == option.label["en"]
                ordinal = _ext(answer, ORDINAL_VALUE)
                assert [e["valueDecimal"] for e in ordinal] == (
                    [option.score] if option.score is not None else []
                )
                assert bool(_ext(answer, OPTION_EXCLUSIVE)) == option.exclusive
        elif item.type is ItemType.LANGUAGE:
            assert q["answerValueSet"] == ALL_LANGUAGES
        else:
            assert "answerOption" not in q
        # enableWhen and enableWhenExpression never together; several enableWhen need a behaviour.
        expression = _ext(q, ENABLE_WHEN_EXPRESSION)
        assert not (expression and "enableWhen" in q)
        assert (item.enable_when is not None) == bool(expression or "enableWhen" in q)
        if len(q.get("enableWhen", [])) > 1:
            assert q["enableBehavior"] in ("all", "any")


def test_shipped_conditions_all_export_as_plain_enable_when() -> None:
    for form_id in ("custody-screen", "ld-court-screen", "psr-mental-health", "neurodevelopmental"):
        data = export_questionnaire(library(SHIPPED).get(form_id))
        for item in walk_items(data["item"]):
            assert not _ext(item, ENABLE_WHEN_EXPRESSION), (form_id, item["linkId"])


def test_kitchen_sink_uses_enable_when_where_it_can_and_fhirpath_elsewhere() -> None:
    data = export_questionnaire(library(FIXTURE_FORMS).get("kitchen-sink"))
    items = {i["linkId"]: i for i in walk_items(data["item"])}
    plain = [code for code in items if code.startswith("p_")]
    expressions = [code for code in items if code.startswith("x_")]
    assert plain and expressions
    for code in plain:
        assert "enableWhen" in items[code], code
    for code in expressions:
        assert _ext(items[code], ENABLE_WHEN_EXPRESSION), code
    # Hand-written expectations for a few mappings.
    assert items["p_ne"]["enableBehavior"] == "all"
    assert [(e["operator"], e.get("answerBoolean")) for e in items["p_ne"]["enableWhen"]] == [
        ("exists", True), ("!=", None)
    ]
    assert [e["operator"] for e in items["p_not_eq"]["enableWhen"]] == ["!="]
    assert [e["answerCoding"]["code"] for e in items["p_option_score"]["enableWhen"]] == ["mid", "high"]
    assert items["p_option_score"]["enableBehavior"] == "any"
    assert items["p_datetime"]["enableWhen"][0]["answerDateTime"] == "2024-07-01T12:00:00+01:00"
    assert items["p_ge_whole_float"]["enableWhen"][0]["answerInteger"] == 3
    assert items["p_lang_item"]["enableWhen"][0]["answerCoding"]["system"] == "urn:ietf:bcp:47"
    assert _ext(items["x_option_never"], ENABLE_WHEN_EXPRESSION)[0]["valueExpression"]["expression"] \
        == "false"
    # The included instrument's condition sits on its group; the age-gated section uses FHIRPath.
    assert items["mini"]["enableBehavior"] == "all"
    assert _ext(items["gated_expr"], ENABLE_WHEN_EXPRESSION)
    # Scores are read-only calculated items.
    for score_id in ("mini_total", "pos_count"):
        score_item = items[score_id]
        assert score_item["readOnly"] is True and score_item["type"] == "integer"
        expression = _ext(score_item, CALCULATED_EXPRESSION)[0]["valueExpression"]["expression"]
        assert "ordinal()" in expression


def test_welsh_travels_as_translation_extensions() -> None:
    form = library(SHIPPED).get("custody-screen")
    data = export_questionnaire(form)
    items = {i["linkId"]: i for i in walk_items(data["item"])}
    a1 = form.items["A1"]
    assert items["A1"]["text"] == a1.text["en"]
    assert _translations(items["A1"], "text") == {"cy": a1.text["cy"]}
    assert _translations(data, "title") == {"cy": form.definition.title["cy"]}
    option = items["A1b"]["answerOption"][0]["valueCoding"]
    assert _translations(option, "display") == {"cy": form.items["A1b"].options[0].label["cy"]}
    # In Welsh the primary text is Welsh and English becomes the translation.
    welsh = {i["linkId"]: i for i in walk_items(export_questionnaire(form, lang="cy")["item"])}
    assert welsh["A1"]["text"] == a1.text["cy"]
    assert _translations(welsh["A1"], "text") == {"en": a1.text["en"]}


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
def test_the_definition_extension_carries_the_form_and_its_instruments(which: tuple[Path, str]) -> None:
    form = _compiled(which)
    data = export_questionnaire(form)
    (extension,) = _ext(data, EXT_FORM_DEFINITION)
    payload = json.loads(extension["valueString"])
    assert payload["form"]["id"] == form.id
    assert [i["instrument"] for i in payload["instruments"]] == [
        i.instrument for i in form.instruments
    ]
