"""Importing a plain SDC Questionnaire (no project extension), with hand-written expectations."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from screening.checklist.engine import evaluate
from screening.checklist.loader import CompiledForm, check_paths, compile_form
from screening.checklist.model import Comparison, NotOf, Op
from screening.domain.enums import DisclosureClass, ItemKind, ItemType, Role, Stage
from screening.interop import (
    QuestionnaireImportError,
    import_questionnaire,
    read_questionnaire,
    yaml_dump,
)
from screening.interop.fhir_common import NO_FLAGS
from screening.interop.sdc_import import safe_code
from tests.unit.interop.support import FIXTURES, SHIPPED

ON = date(2024, 6, 15)


def _fixture() -> dict[str, Any]:
    return json.loads((FIXTURES / "phq2-sdc.json").read_text(encoding="utf-8"))


def _compiled(data: dict[str, Any] | None = None) -> CompiledForm:
    return compile_form(import_questionnaire(data or _fixture()), None, {}, NO_FLAGS)


def _evaluate(answers: dict[str, Any]) -> Any:
    return evaluate(_compiled(), answers, on=ON, registry=NO_FLAGS)


def test_header_sections_and_codes() -> None:
    result = read_questionnaire(_fixture())
    form = result.form
    assert not result.exact
    assert (form.id, form.version) == ("phq-2", "2.1.0")
    assert form.title == {"en": "PHQ-2 with follow-up questions", "cy": "PHQ-2 gyda chwestiynau dilynol"}
    assert form.stage is Stage.ANY
    assert set(form.roles) == set(Role)
    assert form.languages == ["en", "cy"]
    assert form.source == "https://example.org/fhir/Questionnaire/phq-2|2.1"
    assert form.flags == []
    compiled = _compiled()
    # Groups become sections; the top-level date question goes into a default section.
    assert [s.id for s in compiled.sections] == ["phq2", "support", "main"]
    assert list(compiled.items) == [
        "44250_9", "44255_8", "worst_time",
        "wants_support", "support_details", "urgent", "sleep_hours", "short_sleep", "expr_only",
        "completed_on",
    ]
    assert result.link_ids["/44250-9"] == "44250_9"
    assert result.link_ids["/55758-7"] == "55758_7"
    assert compiled.sections[1].intro == {"en": "A few questions about support."}


def test_items_types_options_and_defaults() -> None:
    items = _compiled().items
    first = items["44250_9"]
    assert first.type is ItemType.CHOICE
    assert first.option_codes == ["LA6568_5", "LA6569_3", "LA6570_1", "LA6571_9"]
    assert [o.score for o in first.options] == [0, 1, 2, 3]  # ordinalValue on the coding
    assert [o.score for o in items["44255_8"].options] == [0, 1, 2, 3]  # itemWeight on the option
    assert first.options[2].label == {"en": "More than half the days"}
    assert first.text["cy"] == "Ychydig o ddiddordeb neu bleser mewn gwneud pethau"
    assert first.why == first.text and first.easy_read == first.text
    assert items["worst_time"].option_codes == ["Mornings", "Evenings", "All_day"]
    assert items["wants_support"].type is ItemType.CHOICE
    assert items["wants_support"].option_codes == ["yes", "no"]
    assert items["support_details"].type is ItemType.TEXT
    assert items["support_details"].validation is not None
    assert items["support_details"].validation.max_length == 200
    assert items["sleep_hours"].type is ItemType.INTEGER
    assert items["sleep_hours"].validation is not None
    assert (items["sleep_hours"].validation.min, items["sleep_hours"].validation.max) == (0, 24)
    assert items["completed_on"].type is ItemType.DATE
    for item in items.values():
        assert item.disclosure is DisclosureClass.CONFIDENTIAL
        assert item.kind is ItemKind.FACT


def test_conditions_and_required() -> None:
    compiled = _compiled()
    items = compiled.items
    # "!=" is FHIR's "no answer equals": true while unanswered, so it becomes not (eq).
    assert items["worst_time"].enable_when == NotOf(
        not_=Comparison(item="44250_9", op=Op.EQ, value="LA6568_5")
    )
    assert items["support_details"].enable_when == Comparison(
        item="wants_support", op=Op.EQ, value="yes"
    )
    assert items["short_sleep"].enable_when == Comparison(item="sleep_hours", op=Op.LT, value=6)
    assert compiled.required == {"44250_9", "44255_8", "wants_support"}


def test_the_ordinal_sum_becomes_a_score() -> None:
    (score,) = _compiled().scores.values()
    assert score.id == "55758_7"
    assert score.items == ["44250_9", "44255_8"]
    assert score.label == {"en": "PHQ-2 total score"}


@pytest.mark.parametrize(
    ("answers", "total", "shown", "hidden"),
    [
        ({}, None, {"worst_time", "expr_only", "completed_on"},
         {"support_details", "urgent", "short_sleep"}),
        ({"44250_9": "LA6568_5", "44255_8": "LA6568_5"}, 0, set(), {"worst_time", "urgent"}),
        ({"44250_9": "LA6569_3", "44255_8": "LA6571_9"}, 4, {"worst_time", "urgent"},
         {"support_details"}),
        ({"44250_9": "LA6571_9"}, None, {"worst_time"}, set()),
        ({"wants_support": "yes", "sleep_hours": 5}, None,
         {"support_details", "urgent", "short_sleep"}, set()),
        ({"wants_support": "no", "sleep_hours": 6}, None, set(),
         {"support_details", "urgent", "short_sleep"}),
    ],
)
def test_imported_form_scores_and_shows_as_expected(
    answers: dict[str, Any], total: int | None, shown: set[str], hidden: set[str]
) -> None:
    result = _evaluate(answers)
    assert result.scores == {"55758_7": total}
    assert shown <= result.visible
    assert not hidden & result.visible


def test_what_could_not_be_carried_over_is_reported() -> None:
    result = read_questionnaire(_fixture())
    assert result.warnings == (
        "expr-only: its enableWhenExpression (FHIRPath) is not imported; it is always shown",
    )


def test_imported_form_writes_yaml_that_forms_check_accepts(tmp_path: Path) -> None:
    form = import_questionnaire(_fixture())
    path = tmp_path / form.id / f"{form.version}.yaml"
    path.parent.mkdir()
    text = yaml_dump(form, header=f"Imported from {form.source}")
    path.write_text(text, encoding="utf-8")
    assert text.startswith("# Imported from https://example.org")
    assert '{code: "yes", label: "Yes"}' in text  # yes/no codes are quoted
    assert check_paths([path], SHIPPED) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("A7", "A7"), ("/44250-9", "44250_9"), ("1.2", "1_2"), ("-", "q"), ("a b/c", "a_b_c")],
)
def test_link_ids_become_valid_codes(raw: str, expected: str) -> None:
    assert safe_code(raw, set()) == expected


def test_clashing_codes_get_suffixes() -> None:
    taken: set[str] = set()
    assert [safe_code(raw, taken) for raw in ("a-b", "a_b", "a.b")] == ["a_b", "a_b_2", "a_b_3"]


def test_nested_groups_and_questions_under_questions() -> None:
    data = {
        "resourceType": "Questionnaire",
        "status": "draft",
        "id": "nested",
        "item": [
            {"linkId": "outer", "type": "group", "text": "Outer",
             "enableWhen": [{"question": "gate", "operator": "exists", "answerBoolean": True}],
             "item": [
                 {"linkId": "q1", "type": "boolean", "text": "Q1",
                  "item": [{"linkId": "q1.more", "type": "string", "text": "More",
                            "enableWhen": [{"question": "q1", "operator": "=", "answerBoolean": True}]}]},
                 {"linkId": "inner", "type": "group", "text": "Inner",
                  "item": [{"linkId": "q2", "type": "decimal", "text": "Q2"}]},
             ]},
            {"linkId": "gate", "type": "open-choice", "text": "Gate",
             "answerOption": [{"valueString": "a"}, {"valueString": "b"}]},
        ],
    }
    result = read_questionnaire(data)
    compiled = compile_form(result.form, None, {}, NO_FLAGS)
    assert [s.id for s in compiled.sections] == ["outer", "inner", "main"]
    assert list(compiled.items) == ["q1", "q1_more", "q2", "gate"]
    assert compiled.section_conditions["inner"] == compiled.section_conditions["outer"]
    assert any("open choice" in w for w in result.warnings)
    seen = evaluate(compiled, {"gate": "a", "q1": "yes"}, on=ON, registry=NO_FLAGS).visible
    assert {"q1", "q1_more", "q2", "gate"} <= seen
    assert evaluate(compiled, {}, on=ON, registry=NO_FLAGS).visible == {"gate"}


def test_answers_outside_the_options_and_unsupported_types() -> None:
    data = copy.deepcopy(_fixture())
    support = data["item"][1]["item"]
    support[3]["enableWhen"][1]["answerCoding"]["code"] = "LA0000-0"
    support.append({"linkId": "photo", "type": "attachment", "text": "Photo"})
    result = read_questionnaire(data)
    compiled = compile_form(result.form, None, {}, NO_FLAGS)
    assert "photo" not in result.link_ids
    assert any("attachment" in w for w in result.warnings)
    # "= an answer that is not an option" is never true; the other alternative still works.
    assert "urgent" not in evaluate(compiled, {"44255_8": "LA6571_9"}, on=ON, registry=NO_FLAGS).visible
    assert "urgent" in evaluate(compiled, {"wants_support": "yes"}, on=ON, registry=NO_FLAGS).visible


def test_calculated_expression_without_link_ids_sums_every_scored_question() -> None:
    data = copy.deepcopy(_fixture())
    total = data["item"][0]["item"][2]
    total["extension"][0]["valueExpression"]["expression"] = \
        "%resource.repeat(item).answer.value.weight().sum()"
    (score,) = import_questionnaire(data).scores
    assert score.items == ["44250_9", "44255_8"]


def test_not_a_questionnaire_is_refused_plainly() -> None:
    with pytest.raises(QuestionnaireImportError, match="not a FHIR Questionnaire"):
        import_questionnaire({"resourceType": "Patient"})
    with pytest.raises(QuestionnaireImportError, match="not a valid FHIR R4 Questionnaire"):
        import_questionnaire({"resourceType": "Questionnaire", "status": "active", "item": "nope"})
    with pytest.raises(QuestionnaireImportError, match="no questions"):
        import_questionnaire({"resourceType": "Questionnaire", "status": "active",
                              "item": [{"linkId": "d", "type": "display", "text": "Hello"}]})
