"""Golden tests: custody booking-in vulnerability screen (CONTENT.md section A).

Every expectation is written by hand from CONTENT.md ("A. Custody booking-in vulnerability screen"
and "Common flags"); the screening date is Friday 14 March 2025 unless a case says otherwise.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from _pytest.mark.structures import ParameterSet

from screening.checklist.answers import Value
from screening.checklist.loader import FormLibrary
from tests.unit.checklist.golden.support import (
    SCREENING_DATE,
    UNANSWERED,
    Changes,
    ExpectedFlags,
    assert_flags,
    assert_not_raised,
    case,
    changed,
    run,
    score_cli,
)

FORM = "custody-screen"

AA = "APPROPRIATE_ADULT"
SHR = "SELF_HARM_RISK"
SHH = "SELF_HARM_HISTORY"
RLD = "REFER_LIAISON_DIVERSION"
WR = "WITHDRAWAL_RISK"
HR = "HEALTH_REVIEW_BEFORE_INTERVIEW"
CS = "COMMUNICATION_SUPPORT"
SND = "SUSPECTED_NEURODIVERGENCE"
FAITH = "FAITH_OR_CULTURAL_NEEDS"

ADULT_DOB = date(1980, 5, 20)  # 44 on the screening date
EIGHTEENTH_BIRTHDAY_TODAY = date(2007, 3, 14)  # exactly 18 on 14 March 2025
EIGHTEENTH_BIRTHDAY_TOMORROW = date(2007, 3, 15)  # 17 on 14 March 2025

# A complete answer set that raises no flag: an adult, no doubt about age, no health, self-harm,
# neurodevelopmental, language or vulnerability indicators.
QUIET: dict[str, Value] = {
    "A1": ADULT_DOB,
    "A1b": "no",
    "A2": "no",
    "A3_observation": ["no_concerns"],
    "A4": "no",
    "A5": "no",
    "A7": "never",
    "A8": "no",
    "A9a": "no",
    "A10": ["none"],
    "A11": "no",
    "A12": "no",
    "A13_language": "en-GB",
    "A13_interpreter": "no",
    "A14": ["none"],
    "A15_i": "no",
    "A15_ii": "no",
    "A15_iii": "no",
    "A16": "no",
    "A18": "1",
    "A19_referred": ["none"],
}

# Items DESIGN.md makes required in this form: disclosable (A1, A1b, A12, A13, A15, A16) or read by
# a flag rule (A5, A7, A8, A10, A11, A14; A7_custody and A9b only when shown).
REQUIRED_WHEN_SHOWN = ["A1", "A1b", "A5", "A7", "A8", "A10", "A11", "A12", "A13_language",
                       "A13_interpreter", "A14", "A15_i", "A15_ii", "A15_iii", "A16"]


def test_quiet_answer_set_is_complete_and_raises_nothing(library: FormLibrary) -> None:
    result = run(library, FORM, QUIET)
    assert_flags(result, {})
    assert result.missing_required == ()
    assert result.ignored == ()
    assert result.declined == ()
    assert dict(result.invalid) == {}


# For every flag rule and every condition it joins with "or": the condition alone raises the flag.
RAISES: list[ParameterSet] = [
    # APPROPRIATE_ADULT: under 18 | A1b yes | any A15 yes/unsure | (A10 any and A12 yes)
    case("AA/under 18: 17, 18th birthday tomorrow", {"A1": EIGHTEENTH_BIRTHDAY_TOMORROW},
         APPROPRIATE_ADULT=["age 17 on the screening date (< 18)"]),
    case("AA/under 18: 14", {"A1": date(2010, 6, 1)},
         APPROPRIATE_ADULT=["age 14 on the screening date (< 18)"]),
    case("AA/A1b yes (age in doubt)", {"A1b": "yes"}, APPROPRIATE_ADULT=["A1b = yes"]),
    case("AA/A15_i yes", {"A15_i": "yes"}, APPROPRIATE_ADULT=["A15_i = yes"]),
    case("AA/A15_i unsure", {"A15_i": "unsure"}, APPROPRIATE_ADULT=["A15_i = unsure"]),
    case("AA/A15_ii yes", {"A15_ii": "yes"}, APPROPRIATE_ADULT=["A15_ii = yes"]),
    case("AA/A15_ii unsure", {"A15_ii": "unsure"}, APPROPRIATE_ADULT=["A15_ii = unsure"]),
    case("AA/A15_iii yes", {"A15_iii": "yes"}, APPROPRIATE_ADULT=["A15_iii = yes"]),
    case("AA/A15_iii unsure", {"A15_iii": "unsure"}, APPROPRIATE_ADULT=["A15_iii = unsure"]),
    case("AA/A10 special_education and A12 yes", {"A10": ["special_education"], "A12": "yes"},
         APPROPRIATE_ADULT=["A10 includes special_education and A12 = yes"],
         COMMUNICATION_SUPPORT=["A12 = yes"], REFER_LIAISON_DIVERSION=["A10 includes special_education"]),
    case("AA/A10 not_sure and A12 yes", {"A10": ["not_sure"], "A12": "yes"},
         APPROPRIATE_ADULT=["A10 includes not_sure and A12 = yes"],
         COMMUNICATION_SUPPORT=["A12 = yes"], REFER_LIAISON_DIVERSION=["A10 includes not_sure"]),
    case("AA/A10 autism and A12 yes", {"A10": ["autism"], "A12": "yes"},
         APPROPRIATE_ADULT=["A10 includes autism and A12 = yes"], COMMUNICATION_SUPPORT=["A12 = yes"],
         REFER_LIAISON_DIVERSION=["A10 includes autism"], SUSPECTED_NEURODIVERGENCE=["A10 includes autism"]),
    # SELF_HARM_RISK: A8 yes | A7 within_month | A7_custody yes
    case("SHR/A8 yes", {"A8": "yes"}, SELF_HARM_RISK=["A8 = yes"]),
    case("SHR/A7 within_month", {"A7": "within_month"}, SELF_HARM_RISK=["A7 = within_month"],
         SELF_HARM_HISTORY=["A7 = within_month"], REFER_LIAISON_DIVERSION=["A7 = within_month"]),
    case("SHR/A7_custody yes (A7 over_12_months shows it)", {"A7": "over_12_months", "A7_custody": "yes"},
         SELF_HARM_RISK=["A7_custody = yes"], REFER_LIAISON_DIVERSION=["A7 = over_12_months"]),
    case("SHR/A7_custody yes (A7 within_12_months shows it)", {"A7": "within_12_months", "A7_custody": "yes"},
         SELF_HARM_RISK=["A7_custody = yes"], SELF_HARM_HISTORY=["A7 = within_12_months"],
         REFER_LIAISON_DIVERSION=["A7 = within_12_months"]),
    # SELF_HARM_HISTORY: A7 within_12_months | within_month
    case("SHH/A7 within_12_months", {"A7": "within_12_months"}, SELF_HARM_HISTORY=["A7 = within_12_months"],
         REFER_LIAISON_DIVERSION=["A7 = within_12_months"]),
    case("SHH/A7 within_month", {"A7": "within_month"}, SELF_HARM_RISK=["A7 = within_month"],
         SELF_HARM_HISTORY=["A7 = within_month"], REFER_LIAISON_DIVERSION=["A7 = within_month"]),
    # REFER_LIAISON_DIVERSION: A5 yes/unsure | A7 over_12/within_12/within_month | A10 any | A11 yes | A14 any
    case("RLD/A5 yes", {"A5": "yes"}, REFER_LIAISON_DIVERSION=["A5 = yes"]),
    case("RLD/A5 unsure", {"A5": "unsure"}, REFER_LIAISON_DIVERSION=["A5 = unsure"]),
    case("RLD/A7 over_12_months", {"A7": "over_12_months"}, REFER_LIAISON_DIVERSION=["A7 = over_12_months"]),
    case("RLD/A7 within_12_months", {"A7": "within_12_months"},
         REFER_LIAISON_DIVERSION=["A7 = within_12_months"], SELF_HARM_HISTORY=["A7 = within_12_months"]),
    case("RLD/A7 within_month", {"A7": "within_month"}, REFER_LIAISON_DIVERSION=["A7 = within_month"],
         SELF_HARM_RISK=["A7 = within_month"], SELF_HARM_HISTORY=["A7 = within_month"]),
    case("RLD/A10 learning_disability", {"A10": ["learning_disability"]},
         REFER_LIAISON_DIVERSION=["A10 includes learning_disability"],
         SUSPECTED_NEURODIVERGENCE=["A10 includes learning_disability"]),
    case("RLD/A10 autism", {"A10": ["autism"]}, REFER_LIAISON_DIVERSION=["A10 includes autism"],
         SUSPECTED_NEURODIVERGENCE=["A10 includes autism"]),
    case("RLD/A10 adhd", {"A10": ["adhd"]}, REFER_LIAISON_DIVERSION=["A10 includes adhd"],
         SUSPECTED_NEURODIVERGENCE=["A10 includes adhd"]),
    case("RLD/A10 special_education", {"A10": ["special_education"]},
         REFER_LIAISON_DIVERSION=["A10 includes special_education"]),
    case("RLD/A10 not_sure counts as any", {"A10": ["not_sure"]},
         REFER_LIAISON_DIVERSION=["A10 includes not_sure"]),
    case("RLD/A11 yes", {"A11": "yes"}, REFER_LIAISON_DIVERSION=["A11 = yes"]),
    case("RLD/A14 confused", {"A14": ["confused"]}, REFER_LIAISON_DIVERSION=["A14 includes confused"]),
    case("RLD/A14 suggestible", {"A14": ["suggestible"]},
         REFER_LIAISON_DIVERSION=["A14 includes suggestible"]),
    case("RLD/A14 distressed", {"A14": ["distressed"]}, REFER_LIAISON_DIVERSION=["A14 includes distressed"]),
    case("RLD/A14 intoxicated", {"A14": ["intoxicated"]},
         REFER_LIAISON_DIVERSION=["A14 includes intoxicated"]),
    # WITHDRAWAL_RISK: A9b yes (shown when A9a yes)
    case("WR/A9b yes", {"A9a": "yes", "A9b": "yes"}, WITHDRAWAL_RISK=["A9b = yes"]),
    # HEALTH_REVIEW_BEFORE_INTERVIEW: A16 yes
    case("HR/A16 yes", {"A16": "yes"}, HEALTH_REVIEW_BEFORE_INTERVIEW=["A16 = yes"]),
    # COMMUNICATION_SUPPORT: A12 yes | A13_interpreter yes | A13_language primary subtag not en
    case("CS/A12 yes", {"A12": "yes"}, COMMUNICATION_SUPPORT=["A12 = yes"]),
    case("CS/A13_interpreter yes", {"A13_interpreter": "yes"},
         COMMUNICATION_SUPPORT=["A13_interpreter = yes"]),
    case("CS/A13_language cy (Welsh)", {"A13_language": "cy"}, COMMUNICATION_SUPPORT=["A13_language = cy"]),
    case("CS/A13_language cy-GB", {"A13_language": "cy-GB"}, COMMUNICATION_SUPPORT=["A13_language = cy-GB"]),
    case("CS/A13_language pl", {"A13_language": "pl"}, COMMUNICATION_SUPPORT=["A13_language = pl"]),
    case("CS/A13_language bfi (BSL)", {"A13_language": "bfi"}, COMMUNICATION_SUPPORT=["A13_language = bfi"]),
    # SUSPECTED_NEURODIVERGENCE: A10 includes autism | adhd | learning_disability
    case("SND/A10 autism", {"A10": ["autism"]}, SUSPECTED_NEURODIVERGENCE=["A10 includes autism"],
         REFER_LIAISON_DIVERSION=["A10 includes autism"]),
    case("SND/A10 adhd", {"A10": ["adhd"]}, SUSPECTED_NEURODIVERGENCE=["A10 includes adhd"],
         REFER_LIAISON_DIVERSION=["A10 includes adhd"]),
    case("SND/A10 learning_disability", {"A10": ["learning_disability"]},
         SUSPECTED_NEURODIVERGENCE=["A10 includes learning_disability"],
         REFER_LIAISON_DIVERSION=["A10 includes learning_disability"]),
    # FAITH_OR_CULTURAL_NEEDS: A17 answered
    case("FAITH/A17 answered", {"A17": "Muslim: halal food; time and space to pray"},
         FAITH_OR_CULTURAL_NEEDS=["A17 answered"]),
]

# The nearest answers that must not raise the flag of the row above them in RAISES.
JUST_MISSES: list[ParameterSet] = [
    case("AA/exactly 18 on the screening date", {"A1": EIGHTEENTH_BIRTHDAY_TODAY}),
    case("AA/A1b no", {"A1b": "no"}),
    case("AA/A15 all no", {"A15_i": "no", "A15_ii": "no", "A15_iii": "no"}),
    case("AA/A10 special_education and A12 no", {"A10": ["special_education"], "A12": "no"},
         REFER_LIAISON_DIVERSION=["A10 includes special_education"]),
    case("AA/A10 none and A12 yes", {"A10": ["none"], "A12": "yes"}, COMMUNICATION_SUPPORT=["A12 = yes"]),
    case("SHR/A8 no", {"A8": "no"}),
    case("SHR/A8 declined", {"A8": "declined"}),
    case("SHR/A7 within_12_months", {"A7": "within_12_months"}, SELF_HARM_HISTORY=["A7 = within_12_months"],
         REFER_LIAISON_DIVERSION=["A7 = within_12_months"]),
    case("SHR/A7_custody no", {"A7": "over_12_months", "A7_custody": "no"},
         REFER_LIAISON_DIVERSION=["A7 = over_12_months"]),
    case("SHR/A7_custody unknown", {"A7": "over_12_months", "A7_custody": "unknown"},
         REFER_LIAISON_DIVERSION=["A7 = over_12_months"]),
    case("SHH/A7 over_12_months", {"A7": "over_12_months"}, REFER_LIAISON_DIVERSION=["A7 = over_12_months"]),
    case("SHH/A7 declined", {"A7": "declined"}),
    case("RLD/A5 no", {"A5": "no"}),
    case("RLD/A7 never", {"A7": "never"}),
    case("RLD/A10 none alone", {"A10": ["none"]}),
    case("RLD/A11 no", {"A11": "no"}),
    case("RLD/A14 none alone", {"A14": ["none"]}),
    case("WR/A9a yes, A9b no", {"A9a": "yes", "A9b": "no"}),
    case("WR/A9a yes, A9b unanswered", {"A9a": "yes", "A9b": UNANSWERED}),
    case("HR/A16 no", {"A16": "no"}),
    case("CS/A12 no", {"A12": "no"}),
    case("CS/A13_interpreter no", {"A13_interpreter": "no"}),
    case("CS/A13_language en-GB", {"A13_language": "en-GB"}),
    case("CS/A13_language en", {"A13_language": "en"}),
    case("CS/A13_language EN-gb (tags are case-insensitive)", {"A13_language": "EN-gb"}),
    case("CS/A13_language unanswered", {"A13_language": UNANSWERED}),
    case("SND/A10 special_education", {"A10": ["special_education"]},
         REFER_LIAISON_DIVERSION=["A10 includes special_education"]),
    case("SND/A10 not_sure", {"A10": ["not_sure"]}, REFER_LIAISON_DIVERSION=["A10 includes not_sure"]),
    case("FAITH/A17 unanswered", {"A17": UNANSWERED}),
    case("FAITH/A17 blank", {"A17": "   "}),
]


@pytest.mark.parametrize(("changes", "expected"), RAISES)
def test_condition_alone_raises_flag(library: FormLibrary, changes: Changes, expected: ExpectedFlags) -> None:
    assert_flags(run(library, FORM, changed(QUIET, changes)), expected)


@pytest.mark.parametrize(("changes", "expected"), JUST_MISSES)
def test_nearest_answer_just_misses(library: FormLibrary, changes: Changes, expected: ExpectedFlags) -> None:
    assert_flags(run(library, FORM, changed(QUIET, changes)), expected)


# ------------------------------------------------------------------------------------ age edges


def test_exactly_18_on_the_screening_date_is_not_under_18(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A1": date(2007, 3, 14)}), on=date(2025, 3, 14))
    assert_flags(result, {})


def test_17_on_the_day_before_the_18th_birthday(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A1": date(2007, 3, 14)}), on=date(2025, 3, 13))
    assert_flags(result, {AA: ["age 17 on the screening date (< 18)"]})


def test_age_in_doubt_raises_appropriate_adult_with_an_adult_date_of_birth(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A1": ADULT_DOB, "A1b": "yes"}))
    assert_flags(result, {AA: ["A1b = yes"]})


def test_under_18_and_age_in_doubt_give_one_flag_with_both_reasons(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A1": EIGHTEENTH_BIRTHDAY_TOMORROW, "A1b": "yes"}))
    assert_flags(result, {AA: ["age 17 on the screening date (< 18)", "A1b = yes"]})


# ---------------------------------------------------------------------------- unanswered operands


@pytest.mark.parametrize("code", REQUIRED_WHEN_SHOWN)
def test_unanswered_operand_raises_nothing_and_is_missing(library: FormLibrary, code: str) -> None:
    result = run(library, FORM, changed(QUIET, {code: UNANSWERED}))
    assert_flags(result, {})
    assert result.missing_required == (code,)


def test_no_answers_at_all_raise_nothing(library: FormLibrary) -> None:
    result = run(library, FORM, {})
    assert_flags(result, {})
    assert set(REQUIRED_WHEN_SHOWN) <= set(result.missing_required)


def test_a13_language_unanswered_raises_no_communication_support(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A13_language": UNANSWERED}))
    assert_not_raised(result, CS)
    assert "A13_language" in result.missing_required


def test_shown_follow_up_left_unanswered_is_missing(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A7": "over_12_months", "A9a": "yes"}))
    assert_flags(result, {RLD: ["A7 = over_12_months"]})
    assert set(result.missing_required) == {"A7_custody", "A9b"}


# ----------------------------------------------------------------------- answers to hidden items


def test_a7_custody_yes_while_a7_never_is_ignored(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A7": "never", "A7_custody": "yes"}))
    assert_flags(result, {})
    assert result.ignored == ("A7_custody",)
    assert "A7_custody" not in result.visible


def test_a7_custody_yes_while_a7_declined_is_ignored(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A7": "declined", "A7_custody": "yes"}))
    assert_flags(result, {})
    assert result.ignored == ("A7_custody",)
    assert result.declined == ("A7",)


def test_a9b_yes_while_a9a_no_is_ignored(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A9a": "no", "A9b": "yes"}))
    assert_flags(result, {})
    assert result.ignored == ("A9b",)


def test_a9b_yes_while_a9a_unanswered_is_ignored(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"A9a": UNANSWERED, "A9b": "yes"}))
    assert_not_raised(result, WR)
    assert result.ignored == ("A9b",)


# ------------------------------------------------------------------------------------- declined


@pytest.mark.parametrize(
    ("changes", "declined"),
    [
        pytest.param({"A7": "declined"}, ("A7",), id="A7 declined"),
        pytest.param({"A8": "declined"}, ("A8",), id="A8 declined"),
        pytest.param({"A7": "declined", "A8": "declined"}, ("A7", "A8"), id="A7 and A8 declined"),
    ],
)
def test_declined_raises_nothing_and_is_listed(
    library: FormLibrary, changes: Changes, declined: tuple[str, ...]
) -> None:
    result = run(library, FORM, changed(QUIET, changes))
    assert_flags(result, {})
    assert result.declined == declined
    assert result.missing_required == ()  # a declined answer is an answer


# --------------------------------------------------------------------- multi-choice "none" rules


@pytest.mark.parametrize(
    ("code", "value"),
    [
        pytest.param("A10", ["none", "autism"], id="A10 none with autism"),
        pytest.param("A10", ["not_sure", "none"], id="A10 not_sure with none"),
        pytest.param("A14", ["none", "confused"], id="A14 none with confused"),
    ],
)
def test_none_combined_with_another_option_is_invalid_and_not_counted(
    library: FormLibrary, code: str, value: list[str]
) -> None:
    result = run(library, FORM, changed(QUIET, {code: value}))
    assert_flags(result, {})
    assert code in result.invalid
    assert code not in result.answers


# ------------------------------------------------------------------------------- command line


def test_cli_score_prints_flags_with_reasons(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = {code: (v.isoformat() if isinstance(v, date) else v) for code, v in QUIET.items()}
    answers |= {"A1": "2007-03-15", "A8": "yes", "A7": "never", "A7_custody": "yes"}
    code, printed = score_cli(capsys, tmp_path, FORM, answers, on=SCREENING_DATE)
    assert code == 0
    assert printed["form"] == "custody-screen"
    assert printed["version"] == "1.0.0"
    assert isinstance(printed["registry_version"], str) and printed["registry_version"]
    assert sorted(printed["flags"], key=lambda flag: flag["code"]) == [
        {"code": "APPROPRIATE_ADULT", "level": "alert", "reasons": ["age 17 on the screening date (< 18)"]},
        {"code": "SELF_HARM_RISK", "level": "alert", "reasons": ["A8 = yes"]},
    ]
    assert printed["missing_required"] == []
    assert printed["ignored"] == ["A7_custody"]
    assert printed["errors"] == []


def test_cli_score_with_missing_required_items_still_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, printed = score_cli(capsys, tmp_path, "custody-screen@1.0.0", {"A8": "yes"})
    assert code == 0
    assert printed["version"] == "1.0.0"
    assert printed["flags"] == [{"code": "SELF_HARM_RISK", "level": "alert", "reasons": ["A8 = yes"]}]
    assert "A1" in printed["missing_required"] and "A13_language" in printed["missing_required"]
    assert printed["errors"] == []


@pytest.mark.parametrize(
    ("form_ref", "answers", "raw_text", "named"),
    [
        pytest.param("no-such-form", {"A8": "yes"}, None, "no-such-form", id="unknown form"),
        pytest.param("custody-screen@9.9.9", {"A8": "yes"}, None, "9.9.9", id="unknown version"),
        pytest.param(FORM, None, '{"A8": "yes",', "answers.json", id="unreadable JSON"),
        pytest.param(FORM, None, '["A8", "yes"]', "answers.json", id="JSON that is not an object"),
        pytest.param(FORM, {"A8": "yes", "Z99": "yes"}, None, "Z99", id="unknown item"),
        pytest.param(FORM, {"A8": "maybe"}, None, "maybe", id="unknown option code"),
        pytest.param(FORM, {"A10": ["autism", "dyslexia"]}, None, "dyslexia",
                     id="unknown multi-choice option"),
        pytest.param(FORM, {"A10": "autism"}, None, "A10", id="wrong type: text for a multi-choice"),
        pytest.param(FORM, {"A8": True}, None, "A8", id="wrong type: boolean for a choice"),
        pytest.param(FORM, {"A1": 20070315}, None, "A1", id="wrong type: number for a date"),
        pytest.param(FORM, {"A1": "15/03/2007"}, None, "A1", id="wrong type: not an ISO date"),
        pytest.param(FORM, {"A13_language": 44}, None, "A13_language",
                     id="wrong type: number for a language"),
        pytest.param(FORM, {"A17": ["halal"]}, None, "A17", id="wrong type: list for a text"),
    ],
)
def test_cli_score_unusable_input_exits_2_with_the_json(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    form_ref: str,
    answers: object,
    raw_text: str | None,
    named: str,
) -> None:
    code, printed = score_cli(capsys, tmp_path, form_ref, answers, raw_text=raw_text)
    assert code == 2
    assert printed["errors"], "an unusable input must say why"
    assert any(named in error for error in printed["errors"]), printed["errors"]
    assert printed["flags"] == []


def test_cli_reports_none_combined_with_another_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, printed = score_cli(capsys, tmp_path, FORM, {"A8": "yes", "A10": ["none", "autism"]})
    assert any("A10" in error for error in printed["errors"]), printed["errors"]
    assert [flag["code"] for flag in printed["flags"]] == ["SELF_HARM_RISK"]
