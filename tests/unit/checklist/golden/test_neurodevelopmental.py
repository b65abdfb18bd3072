"""Golden tests: neurodevelopmental checklist (CONTENT.md section D).

Hand-written from CONTENT.md: SUSPECTED_NEURODIVERGENCE if (D1 known/suspected/unsure and
D1_conditions includes autism, adhd, learning_disability or learning_difficulty) or two or more D3
selected; REFER_LIAISON_DIVERSION if D1_conditions includes acquired_brain_injury or dementia;
INTERMEDIARY_OR_AA if D3 includes understanding or suggestibility.
"""

from __future__ import annotations

import pytest
from _pytest.mark.structures import ParameterSet

from screening.checklist.answers import Value
from screening.checklist.loader import FormLibrary
from tests.unit.checklist.golden.support import (
    UNANSWERED,
    Changes,
    ExpectedFlags,
    assert_flags,
    case,
    changed,
    run,
)

FORM = "neurodevelopmental"

SND = "SUSPECTED_NEURODIVERGENCE"
RLD = "REFER_LIAISON_DIVERSION"
IOA = "INTERMEDIARY_OR_AA"

# A complete answer set that raises no flag: no known or suspected condition, no educational need,
# no functional difficulty, no adjustment.
QUIET: dict[str, Value] = {
    "D1": "no",
    "D2_sen": "no",
    "D2_ehcp": "no",
    "D2_special_school": "no",
    "D3": ["none"],
    "D4": ["none"],
    "D5": "No effect on participation expected.",
}


def test_quiet_answer_set_is_complete_and_raises_nothing(library: FormLibrary) -> None:
    result = run(library, FORM, QUIET)
    assert_flags(result, {})
    assert result.missing_required == ()
    assert result.ignored == ()
    assert dict(result.invalid) == {}


RAISES: list[ParameterSet] = [
    # SUSPECTED_NEURODIVERGENCE, first condition: D1 known/suspected/unsure and D1_conditions
    # includes autism / adhd / learning_disability / learning_difficulty
    case("SND/D1 known and autism", {"D1": "known", "D1_conditions": ["autism"]},
         SUSPECTED_NEURODIVERGENCE=["D1 = known and D1_conditions includes autism"]),
    case("SND/D1 suspected and adhd", {"D1": "suspected", "D1_conditions": ["adhd"]},
         SUSPECTED_NEURODIVERGENCE=["D1 = suspected and D1_conditions includes adhd"]),
    case("SND/D1 unsure and learning_disability", {"D1": "unsure", "D1_conditions": ["learning_disability"]},
         SUSPECTED_NEURODIVERGENCE=["D1 = unsure and D1_conditions includes learning_disability"]),
    case("SND/D1 known and learning_difficulty", {"D1": "known", "D1_conditions": ["learning_difficulty"]},
         SUSPECTED_NEURODIVERGENCE=["D1 = known and D1_conditions includes learning_difficulty"]),
    # SUSPECTED_NEURODIVERGENCE, second condition: two or more D3 selected
    case("SND/two D3 difficulties", {"D3": ["literacy", "dates_time"]},
         SUSPECTED_NEURODIVERGENCE=["D3: literacy, dates_time (2 selected, >= 2)"]),
    case("SND/three D3 difficulties", {"D3": ["literacy", "memory", "sensory"]},
         SUSPECTED_NEURODIVERGENCE=["D3: literacy, memory, sensory (3 selected, >= 2)"]),
    # REFER_LIAISON_DIVERSION: D1_conditions includes acquired_brain_injury | dementia
    case("RLD/acquired_brain_injury", {"D1": "known", "D1_conditions": ["acquired_brain_injury"]},
         REFER_LIAISON_DIVERSION=["D1_conditions includes acquired_brain_injury"]),
    case("RLD/dementia", {"D1": "suspected", "D1_conditions": ["dementia"]},
         REFER_LIAISON_DIVERSION=["D1_conditions includes dementia"]),
    # INTERMEDIARY_OR_AA: D3 includes understanding | suggestibility
    case("IOA/D3 understanding", {"D3": ["understanding"]}, INTERMEDIARY_OR_AA=["D3 includes understanding"]),
    case("IOA/D3 suggestibility", {"D3": ["suggestibility"]},
         INTERMEDIARY_OR_AA=["D3 includes suggestibility"]),
]

JUST_MISSES: list[ParameterSet] = [
    case("SND/D1 known and other", {"D1": "known", "D1_conditions": ["other"]}),
    case("SND/D1 known and acquired_brain_injury",
         {"D1": "known", "D1_conditions": ["acquired_brain_injury"]},
         REFER_LIAISON_DIVERSION=["D1_conditions includes acquired_brain_injury"]),
    case("SND/one D3 difficulty only: literacy", {"D3": ["literacy"]}),
    case("SND/one D3 difficulty only: dates_time", {"D3": ["dates_time"]}),
    case("SND/one D3 difficulty only: memory", {"D3": ["memory"]}),
    case("SND/one D3 difficulty only: sensory", {"D3": ["sensory"]}),
    case("SND/one D3 difficulty only: understanding", {"D3": ["understanding"]},
         INTERMEDIARY_OR_AA=["D3 includes understanding"]),
    case("SND/D3 none alone", {"D3": ["none"]}),
    case("RLD/D1 known and learning_difficulty", {"D1": "known", "D1_conditions": ["learning_difficulty"]},
         SUSPECTED_NEURODIVERGENCE=["D1 = known and D1_conditions includes learning_difficulty"]),
    case("RLD/D1 unsure and other", {"D1": "unsure", "D1_conditions": ["other"]}),
    case("IOA/D3 memory", {"D3": ["memory"]}),
    case("IOA/D3 literacy", {"D3": ["literacy"]}),
]


@pytest.mark.parametrize(("changes", "expected"), RAISES)
def test_condition_alone_raises_flag(library: FormLibrary, changes: Changes, expected: ExpectedFlags) -> None:
    assert_flags(run(library, FORM, changed(QUIET, changes)), expected)


@pytest.mark.parametrize(("changes", "expected"), JUST_MISSES)
def test_nearest_answer_just_misses(library: FormLibrary, changes: Changes, expected: ExpectedFlags) -> None:
    assert_flags(run(library, FORM, changed(QUIET, changes)), expected)


def test_understanding_and_suggestibility_raise_both_flags(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"D3": ["understanding", "suggestibility"]}))
    assert_flags(result, {IOA: ["D3 includes understanding, suggestibility"],
                          SND: ["D3: understanding, suggestibility (2 selected, >= 2)"]})


def test_autism_and_brain_injury_raise_both_flags(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"D1": "known",
                                                "D1_conditions": ["autism", "acquired_brain_injury"]}))
    assert_flags(result, {SND: ["D1 = known and D1_conditions includes autism"],
                          RLD: ["D1_conditions includes acquired_brain_injury"]})


def test_items_without_a_flag_rule_raise_nothing(library: FormLibrary) -> None:
    # CONTENT.md gives D2, D4 and D5 no flag rule.
    result = run(library, FORM, changed(QUIET, {"D2_sen": "yes", "D2_ehcp": "yes", "D2_special_school": "yes",
                                                "D4": ["appropriate_adult", "intermediary"]}))
    assert_flags(result, {})


# --------------------------------------------------------------- hidden and unanswered answers


def test_conditions_while_d1_no_are_ignored(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"D1": "no", "D1_conditions": ["autism", "dementia"]}))
    assert_flags(result, {})
    assert result.ignored == ("D1_conditions",)


def test_conditions_while_d1_unanswered_are_ignored(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"D1": UNANSWERED, "D1_conditions": ["adhd"]}))
    assert_flags(result, {})
    assert result.ignored == ("D1_conditions",)
    assert "D1" in result.missing_required


def test_d1_conditions_unanswered_raises_nothing_and_is_missing(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"D1": "known"}))
    assert_flags(result, {})
    assert "D1_conditions" in result.missing_required


def test_d3_unanswered_raises_nothing_and_is_missing(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"D3": UNANSWERED}))
    assert_flags(result, {})
    assert result.missing_required == ("D3",)


def test_no_answers_at_all_raise_nothing(library: FormLibrary) -> None:
    result = run(library, FORM, {})
    assert_flags(result, {})
    assert {"D1", "D3"} <= set(result.missing_required)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(["none", "understanding"], id="none with understanding"),
        pytest.param(["none", "literacy", "memory"], id="none with two difficulties"),
    ],
)
def test_d3_none_combined_with_another_option_is_invalid_and_not_counted(
    library: FormLibrary, value: list[str]
) -> None:
    result = run(library, FORM, changed(QUIET, {"D3": value}))
    assert_flags(result, {})
    assert "D3" in result.invalid
