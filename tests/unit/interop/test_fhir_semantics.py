"""The exported conditions mean in FHIR what they mean in the engine.

For random answer sets we export the QuestionnaireResponse (which carries only the answers that
count) and read every group's and item's exported condition the way FHIR R4 defines enableWhen
(a reference reading in ``support.fhir_enable_when``) or, for enableWhenExpression, with a
FHIRPath engine (``fhirpathpy``, when installed). An item is enabled exactly when its group and
its own condition hold; that must be the engine's visible set.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.checklist.loader import CompiledForm
from screening.interop import export_questionnaire, export_response
from screening.interop.fhir_common import ENABLE_WHEN_EXPRESSION, LONDON
from tests.unit.interop.support import (
    ON,
    all_forms,
    answer_sets,
    fhir_enable_when,
    form_param_id,
    library,
    response_answers,
    run,
)

AUTHORED = datetime.combine(ON, time(11, 30), tzinfo=LONDON)


def _expression(element: dict[str, Any]) -> str | None:
    for ext in element.get("extension", []):
        if ext["url"] == ENABLE_WHEN_EXPRESSION:
            return str(ext["valueExpression"]["expression"])
    return None


@cache
def _fhirpath(expression: str) -> Any:
    fhirpathpy = pytest.importorskip("fhirpathpy")
    from fhirpathpy.models import models

    return fhirpathpy.compile(expression, models["r4"])


def _holds(element: dict[str, Any], response: dict[str, Any], answers: dict[str, Any]) -> bool:
    expression = _expression(element)
    if expression is not None:
        result = _fhirpath(expression)(response, {"resource": response})
        assert result in ([True], [False]), (element["linkId"], expression, result)
        return bool(result[0])
    if "enableWhen" in element:
        return fhir_enable_when(element, answers)
    return True


def _fhir_enabled(questionnaire: dict[str, Any], response: dict[str, Any]) -> set[str]:
    answers = response_answers(response)
    enabled: set[str] = set()
    for group in questionnaire["item"]:
        if not _holds(group, response, answers):
            continue
        for item in group["item"]:
            if item["type"] not in ("display",) and not item.get("readOnly") \
                    and _holds(item, response, answers):
                enabled.add(item["linkId"])
    return enabled


@cache
def _questionnaire(root: Path, form_id: str) -> dict[str, Any]:
    return export_questionnaire(library(root).get(form_id))


def _check(
    form: CompiledForm, questionnaire: dict[str, Any], answers: dict[str, Any], registry: Any
) -> None:
    response = export_response(form, answers, screening_id="s-1", subject_ref=None,
                               authored=AUTHORED)
    assert _fhir_enabled(questionnaire, response) == set(run(form, answers, registry).visible)


@pytest.mark.parametrize("which", all_forms(), ids=form_param_id)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_exported_conditions_read_as_fhir_give_the_engines_visible_items(
    which: tuple[Path, str], data: st.DataObject
) -> None:
    root, form_id = which
    lib = library(root)
    form = lib.get(form_id)
    questionnaire = _questionnaire(root, form_id)
    if any(_expression(i) for i in _all_items(questionnaire)):
        pytest.importorskip("fhirpathpy")
    answers = data.draw(answer_sets(form))
    _check(form, questionnaire, answers, lib.registry)


def test_fhirpath_reading_of_age_and_language_by_hand() -> None:
    """Hand-written cases for the expressions only FHIRPath can say (18th birthday today,
    a Welsh regional tag, a score one short)."""
    pytest.importorskip("fhirpathpy")
    lib = library(all_forms()[-1][0])
    form = lib.get("kitchen-sink")
    questionnaire = _questionnaire(all_forms()[-1][0], "kitchen-sink")
    items = {i["linkId"]: i for i in _all_items(questionnaire)}
    cases = [
        ({"dob": ON.replace(year=ON.year - 18)}, {"x_age_lt": False, "x_age_eq": True, "x_age_ne": False}),
        ({"dob": ON.replace(year=ON.year - 18, day=ON.day + 1)},
         {"x_age_lt": True, "x_age_eq": False, "x_age_ne": True}),
        ({}, {"x_age_lt": False, "x_age_eq": False, "x_age_ne": False, "x_lang_ne": False}),
        ({"lang": "cy-GB"}, {"x_lang_ne": True, "x_lang_in": True}),
        ({"lang": "EN-gb"}, {"x_lang_ne": False, "x_lang_in": False}),
        ({"q": "no", "m1": "most", "m2": "none"}, {"x_score": False, "x_not_any": False}),
        ({"q": "yes", "m1": "most", "m2": "some"}, {"x_score": True, "x_not_any": True}),
        ({"multi": ["alpha", "beta"]}, {"x_selected": True}),
        ({"multi": []}, {"x_selected": False}),
    ]
    for answers, expected in cases:
        response = export_response(form, answers, screening_id="s-1", subject_ref=None,
                                   authored=AUTHORED)
        found = {code: _holds(items[code], response, response_answers(response)) for code in expected}
        assert found == expected, answers
        visible = run(form, answers, lib.registry).visible
        assert {code: code in visible for code in expected} == expected, answers


def _all_items(questionnaire: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for group in questionnaire["item"]:
        out.append(group)
        out.extend(group["item"])
    return out
