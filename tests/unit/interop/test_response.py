"""Screenings as QuestionnaireResponses: valid R4, nested like the Questionnaire, only answers that
count."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.checklist.answers import AnswerTypeError
from screening.domain.enums import ItemType
from screening.interop import export_questionnaire, export_response
from screening.interop.fhir_common import LONDON
from tests.unit.interop.support import (
    FIXTURE_FORMS,
    ON,
    SHIPPED,
    all_forms,
    answer_sets,
    form_param_id,
    library,
    response_answers,
    run,
    walk_items,
)

AUTHORED = datetime.combine(ON, time(10, 15), tzinfo=LONDON)


def _custody(answers: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    form = library(SHIPPED).get("custody-screen")
    options: dict[str, Any] = {"screening_id": "3f1c2a9e-0d7b-4c55-9a43-3e2b1d6f7a10",
                               "subject_ref": "Patient/p-1", "authored": AUTHORED}
    options.update(kwargs)
    return export_response(form, answers, **options)


def test_hand_written_custody_response() -> None:
    response = _custody({
        "A1": "1990-02-03",
        "A4": "no",
        "A4_details": "left over from an earlier answer",  # hidden: A4 is no
        "A9a": "yes",
        "A9b": "yes",
        "A10": ["autism", "adhd"],
        "A13_language": "cy-GB",
        "A18": "2",
        "A19_referred": ["liaison_diversion"],
        "A19": "2024-06-15T09:30:00",
        "A3": "   ",  # blank text is not an answer
    })
    QuestionnaireResponse.model_validate(response)
    assert response["questionnaire"] == \
        "https://waypoint-screening.example/fhir/Questionnaire/custody-screen|1.0.0"
    assert response["status"] == "completed"
    assert response["subject"] == {"reference": "Patient/p-1"}
    assert response["authored"] == "2024-06-15T10:15:00+01:00"
    assert response["id"] == "3f1c2a9e-0d7b-4c55-9a43-3e2b1d6f7a10"
    answers = response_answers(response)
    assert "A4_details" not in answers and "A3" not in answers
    assert answers["A1"] == [{"valueDate": "1990-02-03"}]
    system = "https://waypoint-screening.example/fhir/CodeSystem/custody-screen/"
    assert answers["A9b"] == [{"valueCoding": {"system": system + "A9b", "code": "yes", "display": "Yes"}}]
    assert [a["valueCoding"]["code"] for a in answers["A10"]] == ["autism", "adhd"]
    assert answers["A13_language"] == [{"valueCoding": {"system": "urn:ietf:bcp:47", "code": "cy-GB"}}]
    assert answers["A18"][0]["valueCoding"]["code"] == "2"
    assert answers["A19"] == [{"valueDateTime": "2024-06-15T09:30:00+01:00"}]
    # Nested like the Questionnaire: groups by section, in the same order.
    questionnaire = export_questionnaire(library(SHIPPED).get("custody-screen"))
    q_groups = [g["linkId"] for g in questionnaire["item"]]
    r_groups = [g["linkId"] for g in response["item"]]
    assert r_groups == [g for g in q_groups if g in r_groups]
    assert {i["linkId"] for g in response["item"] for i in g["item"]} == set(answers)


def test_welsh_displays_and_options() -> None:
    response = _custody({"A9a": "yes"}, lang="cy")
    (answer,) = response_answers(response)["A9a"]
    form = library(SHIPPED).get("custody-screen")
    assert answer["valueCoding"]["display"] == form.items["A9a"].options[0].label["cy"]
    assert response["language"] == "cy"


def test_naive_authored_is_london_time_and_sets_the_screening_date() -> None:
    winter = _custody({}, authored=datetime(2024, 1, 10, 23, 30))
    assert winter["authored"] == "2024-01-10T23:30:00+00:00"
    assert "item" not in winter


def test_status_subject_and_bad_values() -> None:
    assert "subject" not in _custody({}, subject_ref=None)
    assert _custody({}, status="amended")["status"] == "amended"
    with pytest.raises(ValueError, match="status must be one of"):
        _custody({}, status="done")
    with pytest.raises(AnswerTypeError):
        _custody({"A2": "maybe"})


def test_scores_travel_as_calculated_items() -> None:
    form = library(FIXTURE_FORMS).get("kitchen-sink")
    response = export_response(
        form, {"q": "yes", "m1": "most", "m2": "lots", "scored": "low"},
        screening_id="s", subject_ref=None, authored=AUTHORED,
    )
    answers = response_answers(response)
    assert answers["mini_total"] == [{"valueInteger": 5}]
    assert answers["pos_count"] == [{"valueInteger": 2}]
    # Unanswered instrument items leave the score out.
    partial = export_response(form, {"q": "yes", "m1": "most"}, screening_id="s", subject_ref=None,
                              authored=AUTHORED)
    assert "mini_total" not in response_answers(partial)


def test_age_conditions_use_the_screening_date() -> None:
    form = library(FIXTURE_FORMS).get("kitchen-sink")
    turns_18 = {"dob": date(2006, 6, 15), "g1": "no"}
    on_birthday = export_response(form, turns_18, screening_id="s", subject_ref=None,
                                  authored=AUTHORED)
    assert "g1" in response_answers(on_birthday)  # 18 today: the adults-only section shows
    day_before = export_response(form, turns_18, screening_id="s", subject_ref=None,
                                 authored=AUTHORED, on=date(2024, 6, 14))
    assert "g1" not in response_answers(day_before)


_VALUE_KEYS = {
    ItemType.CHOICE: {"valueCoding"}, ItemType.MULTI_CHOICE: {"valueCoding"},
    ItemType.LANGUAGE: {"valueCoding"}, ItemType.INTEGER: {"valueInteger"},
    ItemType.DECIMAL: {"valueDecimal"}, ItemType.DATE: {"valueDate"},
    ItemType.DATETIME: {"valueDateTime"}, ItemType.TEXT: {"valueString"},
    ItemType.IDENTIFIER: {"valueString"}, ItemType.ETHNICITY: {"valueString"},
}


@pytest.mark.parametrize("which", all_forms(), ids=form_param_id)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_responses_validate_and_carry_only_counted_answers(
    which: tuple[Path, str], data: st.DataObject
) -> None:
    root, form_id = which
    lib = library(root)
    form = lib.get(form_id)
    answers = data.draw(answer_sets(form))
    response = export_response(form, answers, screening_id="s-1", subject_ref="Patient/1",
                               authored=AUTHORED)
    QuestionnaireResponse.model_validate(response)
    counted = run(form, answers, lib.registry).answers
    found = {code: a for code, a in response_answers(response).items() if code in form.items}
    assert set(found) == set(counted)
    for code, given_answers in found.items():
        for answer in given_answers:
            assert set(answer) == _VALUE_KEYS[form.items[code].type], code
    for item in walk_items(response.get("item", [])):
        assert "answer" in item or item.get("item"), item["linkId"]
