"""Golden tests: pre-sentence report, mental health and neurodiversity (CONTENT.md section C).

Hand-written from CONTENT.md: MHTR_SUITABLE only when all four C11 items are yes; TRAUMA_INFORMED if
C7 is answered and C7_consider is yes; FAITH_OR_CULTURAL_NEEDS if C10 includes faith.
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

FORM = "psr-mental-health"

MHTR = "MHTR_SUITABLE"
TI = "TRAUMA_INFORMED"
FAITH = "FAITH_OR_CULTURAL_NEEDS"

ALL_FOUR_YES: dict[str, Value | None] = {
    "C11_requires_treatment": "yes",
    "C11_not_hospital_order": "yes",
    "C11_arranged": "yes",
    "C11_willing": "yes",
}
MHTR_REASONS = ["C11_requires_treatment = yes", "C11_not_hospital_order = yes", "C11_arranged = yes",
                "C11_willing = yes"]
TRAUMA = "Physical abuse in childhood; wants the court to understand its effect on how they cope."

# A complete answer set that raises no flag: no mental-health condition, no MHTR condition met, no
# trauma disclosed, family (not faith) as the protective factor.
QUIET: dict[str, Value] = {
    "C1": ["interview", "case_papers"],
    "C2": "none",
    "C3": ["none"],
    "C4": "no",
    "C5": "no",
    "C6": "none_known",
    "C8": "No link between mental health and the offence is suggested.",
    "C9": "No particular impact of custody on mental health is expected.",
    "C10": ["family"],
    "C11_requires_treatment": "no",
    "C11_not_hospital_order": "no",
    "C11_arranged": "no",
    "C11_willing": "no",
    "C12": "A community order without a treatment requirement.",
}


def test_quiet_answer_set_is_complete_and_raises_nothing(library: FormLibrary) -> None:
    result = run(library, FORM, QUIET)
    assert_flags(result, {})
    assert result.missing_required == ()
    assert result.ignored == ()
    assert result.declined == ()
    assert dict(result.invalid) == {}


RAISES: list[ParameterSet] = [
    # MHTR_SUITABLE: all four C11 conditions yes (one rule, no "or")
    case("MHTR/all four C11 yes", ALL_FOUR_YES, MHTR_SUITABLE=MHTR_REASONS),
    case("MHTR/all four C11 yes, treatment type given", {**ALL_FOUR_YES, "C11_treatment_type": "outpatient"},
         MHTR_SUITABLE=MHTR_REASONS),
    # TRAUMA_INFORMED: C7 answered and C7_consider yes (one rule, no "or")
    case("TI/C7 answered and C7_consider yes", {"C7": TRAUMA, "C7_consider": "yes"},
         TRAUMA_INFORMED=["C7 answered", "C7_consider = yes"]),
    # FAITH_OR_CULTURAL_NEEDS: C10 includes faith
    case("FAITH/C10 faith alone", {"C10": ["faith"]}, FAITH_OR_CULTURAL_NEEDS=["C10 includes faith"]),
    case("FAITH/C10 family and faith", {"C10": ["family", "faith"]},
         FAITH_OR_CULTURAL_NEEDS=["C10 includes faith"]),
]

JUST_MISSES: list[ParameterSet] = [
    case("MHTR/three yes, C11_requires_treatment no", {**ALL_FOUR_YES, "C11_requires_treatment": "no"}),
    case("MHTR/three yes, C11_not_hospital_order no", {**ALL_FOUR_YES, "C11_not_hospital_order": "no"}),
    case("MHTR/three yes, C11_arranged no", {**ALL_FOUR_YES, "C11_arranged": "no"}),
    case("MHTR/three yes, C11_willing no", {**ALL_FOUR_YES, "C11_willing": "no"}),
    case("MHTR/three yes, C11_requires_treatment unknown",
         {**ALL_FOUR_YES, "C11_requires_treatment": "unknown"}),
    case("MHTR/three yes, C11_willing unknown", {**ALL_FOUR_YES, "C11_willing": "unknown"}),
    case("MHTR/three yes, C11_arranged unanswered", {**ALL_FOUR_YES, "C11_arranged": UNANSWERED}),
    case("MHTR/three yes, C11_willing unanswered", {**ALL_FOUR_YES, "C11_willing": UNANSWERED}),
    case("TI/C7 answered, C7_consider no", {"C7": TRAUMA, "C7_consider": "no"}),
    case("TI/C7 answered, C7_consider unanswered", {"C7": TRAUMA}),
    case("FAITH/C10 every option but faith",
         {"C10": ["family", "employment", "housing", "treatment_engagement", "peer_support", "other"]}),
]


@pytest.mark.parametrize(("changes", "expected"), RAISES)
def test_condition_raises_flag(library: FormLibrary, changes: Changes, expected: ExpectedFlags) -> None:
    assert_flags(run(library, FORM, changed(QUIET, changes)), expected)


@pytest.mark.parametrize(("changes", "expected"), JUST_MISSES)
def test_nearest_answer_just_misses(library: FormLibrary, changes: Changes, expected: ExpectedFlags) -> None:
    assert_flags(run(library, FORM, changed(QUIET, changes)), expected)


def test_all_three_flags_together(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {**ALL_FOUR_YES, "C7": TRAUMA, "C7_consider": "yes",
                                                "C10": ["faith", "peer_support"]}))
    assert_flags(result, {MHTR: MHTR_REASONS, TI: ["C7 answered", "C7_consider = yes"],
                          FAITH: ["C10 includes faith"]})


def test_items_without_a_flag_rule_raise_nothing(library: FormLibrary) -> None:
    # CONTENT.md gives section C only the three rules above: the most concerning answers elsewhere
    # (ongoing severe condition, known neurodiversity, brain injury, current self-harm) raise no flag.
    result = run(library, FORM, changed(QUIET, {"C2": "ongoing_severe", "C4": "known", "C5": "yes",
                                                "C6": "current"}))
    assert_flags(result, {})


# ---------------------------------------------------------- hidden, unanswered and declined answers


@pytest.mark.parametrize(
    "c7",
    [pytest.param(UNANSWERED, id="C7 unanswered"), pytest.param("   ", id="C7 blank")],
)
def test_c7_consider_yes_without_c7_is_ignored(library: FormLibrary, c7: str | None) -> None:
    result = run(library, FORM, changed(QUIET, {"C7": c7, "C7_consider": "yes"}))
    assert_flags(result, {})
    assert result.ignored == ("C7_consider",)


def test_treatment_type_without_treatment_arranged_is_ignored(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"C11_arranged": "no", "C11_treatment_type": "inpatient"}))
    assert_flags(result, {})
    assert result.ignored == ("C11_treatment_type",)


@pytest.mark.parametrize("code", list(ALL_FOUR_YES))
def test_unanswered_mhtr_condition_raises_nothing_and_is_missing(library: FormLibrary, code: str) -> None:
    result = run(library, FORM, changed(QUIET, {code: UNANSWERED}))
    assert_flags(result, {})
    assert code in result.missing_required


def test_c10_unanswered_raises_nothing_and_is_missing(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"C10": UNANSWERED}))
    assert_flags(result, {})
    assert "C10" in result.missing_required


def test_no_answers_at_all_raise_nothing(library: FormLibrary) -> None:
    result = run(library, FORM, {})
    assert_flags(result, {})
    assert set(ALL_FOUR_YES) <= set(result.missing_required)


def test_c6_declined_raises_nothing_and_is_listed(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"C6": "declined"}))
    assert_flags(result, {})
    assert result.declined == ("C6",)
    assert result.missing_required == ()

