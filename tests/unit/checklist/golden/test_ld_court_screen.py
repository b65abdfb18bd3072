"""Golden tests: Liaison & Diversion court screen with PHQ-9, GAD-7 and AUDIT-C (CONTENT.md section B).

Every expectation, score included, is worked out by hand from CONTENT.md: PHQ-9 and GAD-7 options
score not_at_all 0, several_days 1, more_than_half 2, nearly_every_day 3; AUDIT-C options score 0-4
in the order CONTENT.md lists them. REFER_LIAISON_DIVERSION if phq9_total >= 10 or gad7_total >= 10
or auditc_total >= 5 or B16 yes/unsure; URGENT_MH_REVIEW if phq9_9 > 0 or B7 high.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from _pytest.mark.structures import ParameterSet

from screening.checklist.answers import Value
from screening.checklist.loader import FormLibrary
from tests.unit.checklist.golden.support import (
    UNANSWERED,
    Changes,
    assert_flags,
    assert_not_raised,
    changed,
    run,
    score_cli,
)

FORM = "ld-court-screen"

RLD = "REFER_LIAISON_DIVERSION"
URGENT = "URGENT_MH_REVIEW"

PHQ9 = [f"phq9_{n}" for n in range(1, 10)]
GAD7 = [f"gad7_{n}" for n in range(1, 8)]


def phq9(*points: int) -> dict[str, Value]:
    """PHQ-9 answers phq9_1.. with these item scores (0-3); the rest not_at_all."""
    return _frequency(PHQ9, points)


def gad7(*points: int) -> dict[str, Value]:
    """GAD-7 answers gad7_1.. with these item scores (0-3); the rest not_at_all."""
    return _frequency(GAD7, points)


def _frequency(codes: list[str], points: tuple[int, ...]) -> dict[str, Value]:
    options = ["not_at_all", "several_days", "more_than_half", "nearly_every_day"]
    padded = list(points) + [0] * (len(codes) - len(points))
    return {code: options[p] for code, p in zip(codes, padded, strict=True)}


# A complete answer set that raises no flag: every instrument item "not at all" / "never" (all
# totals 0), no risk to self, no head injury, no adjustments, no further action.
QUIET: dict[str, Value] = {
    **phq9(),
    **gad7(),
    "auditc_1": "never",
    "auditc_2": "1_2",
    "auditc_3": "never",
    "B7": "none",
    "B16": "no",
    "B13": ["none"],
    "B14": "no",
    "B15": ["no_further_action"],
}
QUIET_SCORES = {"phq9_total": 0, "gad7_total": 0, "auditc_total": 0}


def scores(**overrides: int | None) -> dict[str, int | None]:
    return QUIET_SCORES | overrides


def row(
    case_id: str, changes: Changes, expected_scores: Mapping[str, int | None], **flags: list[str]
) -> ParameterSet:
    return pytest.param(dict(changes), dict(expected_scores), dict(flags), id=case_id)


def test_quiet_answer_set_is_complete_and_raises_nothing(library: FormLibrary) -> None:
    result = run(library, FORM, QUIET)
    assert_flags(result, {})
    assert dict(result.scores) == QUIET_SCORES
    assert result.missing_required == ()
    assert result.ignored == ()
    assert dict(result.invalid) == {}


RAISES: list[ParameterSet] = [
    # REFER_LIAISON_DIVERSION: phq9_total >= 10 | gad7_total >= 10 | auditc_total >= 5 | B16 yes/unsure
    row("RLD/phq9_total 10 (five items more_than_half)", phq9(2, 2, 2, 2, 2), scores(phq9_total=10),
        REFER_LIAISON_DIVERSION=["phq9_total = 10 (>= 10)"]),
    row("RLD/phq9_total 12 (four items nearly_every_day)", phq9(3, 3, 3, 3), scores(phq9_total=12),
        REFER_LIAISON_DIVERSION=["phq9_total = 12 (>= 10)"]),
    row("RLD/gad7_total 10 (five items more_than_half)", gad7(2, 2, 2, 2, 2), scores(gad7_total=10),
        REFER_LIAISON_DIVERSION=["gad7_total = 10 (>= 10)"]),
    row("RLD/gad7_total 21 (all nearly_every_day)", gad7(3, 3, 3, 3, 3, 3, 3), scores(gad7_total=21),
        REFER_LIAISON_DIVERSION=["gad7_total = 21 (>= 10)"]),
    row("RLD/auditc_total 5 (2_3_a_week 3 + 5_6 2 + never 0)", {"auditc_1": "2_3_a_week", "auditc_2": "5_6"},
        scores(auditc_total=5), REFER_LIAISON_DIVERSION=["auditc_total = 5 (>= 5)"]),
    row("RLD/auditc_total 12 (every item at its top)",
        {"auditc_1": "4_plus_a_week", "auditc_2": "10_plus", "auditc_3": "daily_or_almost"},
        scores(auditc_total=12), REFER_LIAISON_DIVERSION=["auditc_total = 12 (>= 5)"]),
    row("RLD/B16 yes", {"B16": "yes"}, scores(), REFER_LIAISON_DIVERSION=["B16 = yes"]),
    row("RLD/B16 unsure", {"B16": "unsure"}, scores(), REFER_LIAISON_DIVERSION=["B16 = unsure"]),
    # URGENT_MH_REVIEW: phq9_9 > 0 | B7 high
    row("URGENT/phq9_9 several_days (scores 1), total 1 < 10", {"phq9_9": "several_days"},
        scores(phq9_total=1), URGENT_MH_REVIEW=["phq9_9 = several_days (scores 1, > 0)"]),
    row("URGENT/phq9_9 several_days, total 9 < 10", phq9(2, 2, 2, 2, 0, 0, 0, 0, 1), scores(phq9_total=9),
        URGENT_MH_REVIEW=["phq9_9 = several_days (scores 1, > 0)"]),
    row("URGENT/phq9_9 more_than_half", {"phq9_9": "more_than_half"}, scores(phq9_total=2),
        URGENT_MH_REVIEW=["phq9_9 = more_than_half (scores 2, > 0)"]),
    row("URGENT/phq9_9 nearly_every_day", {"phq9_9": "nearly_every_day"}, scores(phq9_total=3),
        URGENT_MH_REVIEW=["phq9_9 = nearly_every_day (scores 3, > 0)"]),
    row("URGENT/B7 high", {"B7": "high"}, scores(), URGENT_MH_REVIEW=["B7 = high"]),
]

JUST_MISSES: list[ParameterSet] = [
    row("RLD/phq9_total 9", phq9(2, 2, 2, 2, 1), scores(phq9_total=9)),
    row("RLD/gad7_total 9", gad7(2, 2, 2, 2, 1), scores(gad7_total=9)),
    row("RLD/auditc_total 4 (2_3_a_week 3 + 3_4 1)", {"auditc_1": "2_3_a_week", "auditc_2": "3_4"},
        scores(auditc_total=4)),
    row("RLD/auditc_total 4 (one item 4_plus_a_week)", {"auditc_1": "4_plus_a_week"}, scores(auditc_total=4)),
    row("RLD/B16 no", {"B16": "no"}, scores()),
    row("URGENT/phq9_9 not_at_all with phq9_total 10", phq9(2, 2, 2, 2, 2), scores(phq9_total=10),
        REFER_LIAISON_DIVERSION=["phq9_total = 10 (>= 10)"]),
    row("URGENT/B7 medium", {"B7": "medium"}, scores()),
    row("URGENT/B7 low", {"B7": "low"}, scores()),
]


@pytest.mark.parametrize(("changes", "expected_scores", "expected"), RAISES)
def test_condition_alone_raises_flag(
    library: FormLibrary, changes: Changes, expected_scores: dict[str, int | None],
    expected: dict[str, list[str]],
) -> None:
    result = run(library, FORM, changed(QUIET, changes))
    assert dict(result.scores) == expected_scores
    assert_flags(result, expected)


@pytest.mark.parametrize(("changes", "expected_scores", "expected"), JUST_MISSES)
def test_nearest_answer_just_misses(
    library: FormLibrary, changes: Changes, expected_scores: dict[str, int | None],
    expected: dict[str, list[str]],
) -> None:
    result = run(library, FORM, changed(QUIET, changes))
    assert dict(result.scores) == expected_scores
    assert_flags(result, expected)


def test_both_flags_from_phq9_with_item_9_and_total_at_least_10(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, phq9(2, 2, 2, 2, 0, 0, 0, 0, 2)))
    assert dict(result.scores) == scores(phq9_total=10)
    assert_flags(result, {RLD: ["phq9_total = 10 (>= 10)"],
                          URGENT: ["phq9_9 = more_than_half (scores 2, > 0)"]})


# ------------------------------------------------------------- an instrument with one item unanswered


@pytest.mark.parametrize(
    ("changes", "null_score", "missing"),
    [
        pytest.param({**phq9(3, 3, 3, 3, 3, 3, 3, 3, 0), "phq9_4": UNANSWERED}, "phq9_total", "phq9_4",
                     id="phq9_4 unanswered, the other items 24"),
        pytest.param({**gad7(3, 3, 3, 3, 3, 3, 3), "gad7_3": UNANSWERED}, "gad7_total", "gad7_3",
                     id="gad7_3 unanswered, the other items 18"),
        pytest.param({"auditc_1": "4_plus_a_week", "auditc_2": UNANSWERED, "auditc_3": "daily_or_almost"},
                     "auditc_total", "auditc_2", id="auditc_2 unanswered, the other items 8"),
    ],
)
def test_one_item_unanswered_gives_a_null_score_that_raises_nothing(
    library: FormLibrary, changes: Changes, null_score: str, missing: str
) -> None:
    result = run(library, FORM, changed(QUIET, changes))
    assert result.scores[null_score] is None
    assert_flags(result, {})
    assert result.missing_required == (missing,)


def test_phq9_total_is_null_when_phq9_4_is_missing(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"phq9_4": UNANSWERED}))
    assert dict(result.scores) == scores(phq9_total=None)
    assert_flags(result, {})
    assert result.missing_required == ("phq9_4",)


def test_phq9_9_unanswered_raises_neither_flag(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {**phq9(3, 3, 3, 3, 3, 3, 3, 3), "phq9_9": UNANSWERED}))
    assert result.scores["phq9_total"] is None
    assert_flags(result, {})
    assert result.missing_required == ("phq9_9",)


def test_phq9_9_above_0_raises_urgent_review_even_with_a_null_total(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"phq9_9": "several_days", "phq9_1": UNANSWERED}))
    assert result.scores["phq9_total"] is None
    assert_flags(result, {URGENT: ["phq9_9 = several_days (scores 1, > 0)"]})


@pytest.mark.parametrize("code", ["B7", "B16"])
def test_unanswered_rule_item_raises_nothing_and_is_missing(library: FormLibrary, code: str) -> None:
    result = run(library, FORM, changed(QUIET, {code: UNANSWERED}))
    assert_flags(result, {})
    assert result.missing_required == (code,)


def test_no_answers_at_all_raise_nothing_and_give_null_scores(library: FormLibrary) -> None:
    result = run(library, FORM, {})
    assert_flags(result, {})
    assert dict(result.scores) == {"phq9_total": None, "gad7_total": None, "auditc_total": None}
    read_by_rules = PHQ9 + GAD7 + ["auditc_1", "auditc_2", "auditc_3", "B7", "B16"]
    assert set(read_by_rules) <= set(result.missing_required)


def test_phq9_item_9_scored_1_with_total_under_10(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, phq9(1, 1, 1, 1, 1, 1, 1, 1, 1)))
    assert result.scores["phq9_total"] == 9
    assert_flags(result, {URGENT: ["phq9_9 = several_days (scores 1, > 0)"]})
    assert_not_raised(result, RLD)


# ------------------------------------------------------------------------------------- declined


def test_multi_choice_declined_raises_nothing_and_is_listed(library: FormLibrary) -> None:
    # DESIGN.md: a `declined` option counts as an answer where the item offers one; CONTENT.md: the
    # review page and the full record list declined questions. B10 offers `declined` (exclusive).
    result = run(library, FORM, changed(QUIET, {"B10": ["declined"]}))
    assert_flags(result, {})
    assert result.declined == ("B10",)


# ---------------------------------------------------------------------------- option scores

FREQUENCY = ["not_at_all", "several_days", "more_than_half", "nearly_every_day"]  # 0-3
AUDITC_OPTIONS = {
    "auditc_1": ["never", "monthly_or_less", "2_4_a_month", "2_3_a_week", "4_plus_a_week"],  # 0-4
    "auditc_2": ["1_2", "3_4", "5_6", "7_9", "10_plus"],  # 0-4
    "auditc_3": ["never", "less_than_monthly", "monthly", "weekly", "daily_or_almost"],  # 0-4
}
OPTION_SCORES: list[ParameterSet] = [
    *(pytest.param(code, option, "phq9_total", points, id=f"{code} {option} = {points}")
      for code in PHQ9 for points, option in enumerate(FREQUENCY)),
    *(pytest.param(code, option, "gad7_total", points, id=f"{code} {option} = {points}")
      for code in GAD7 for points, option in enumerate(FREQUENCY)),
    *(pytest.param(code, option, "auditc_total", points, id=f"{code} {option} = {points}")
      for code, options in AUDITC_OPTIONS.items() for points, option in enumerate(options)),
]


@pytest.mark.parametrize(("code", "option", "score_id", "points"), OPTION_SCORES)
def test_each_option_adds_its_score_to_the_total(
    library: FormLibrary, code: str, option: str, score_id: str, points: int
) -> None:
    # Every other item of the quiet set scores 0, so the total is this option's score.
    result = run(library, FORM, changed(QUIET, {code: option}))
    assert result.scores[score_id] == points


# ------------------------------------------------------------------------------------- bands

# CONTENT.md "Licences of validated instruments": PHQ-9 bands start at 5/10/15/20 and >= 10 is
# positive; GAD-7 bands start at 5/10/15 and >= 10 is positive; AUDIT-C (UK) is positive at >= 5.
BANDS: list[ParameterSet] = [
    pytest.param(phq9(1, 1, 1, 1), "phq9_total", 4, 0, False, id="phq9_total 4: first band"),
    pytest.param(phq9(1, 1, 1, 1, 1), "phq9_total", 5, 5, False, id="phq9_total 5: band from 5"),
    pytest.param(phq9(1, 1, 1, 1, 1, 1, 1, 1, 1), "phq9_total", 9, 5, False, id="phq9_total 9: band from 5"),
    pytest.param(phq9(2, 2, 2, 2, 2), "phq9_total", 10, 10, True, id="phq9_total 10: band from 10, positive"),
    pytest.param(phq9(2, 2, 2, 2, 2, 2, 2, 1), "phq9_total", 15, 15, True, id="phq9_total 15: band from 15"),
    pytest.param(phq9(3, 3, 3, 3, 3, 3, 2), "phq9_total", 20, 20, True, id="phq9_total 20: band from 20"),
    pytest.param(phq9(3, 3, 3, 3, 3, 3, 3, 3, 3), "phq9_total", 27, 20, True, id="phq9_total 27: top band"),
    pytest.param(gad7(1, 1, 1, 1), "gad7_total", 4, 0, False, id="gad7_total 4: first band"),
    pytest.param(gad7(1, 1, 1, 1, 1), "gad7_total", 5, 5, False, id="gad7_total 5: band from 5"),
    pytest.param(gad7(2, 2, 2, 2, 1), "gad7_total", 9, 5, False, id="gad7_total 9: band from 5"),
    pytest.param(gad7(2, 2, 2, 2, 2), "gad7_total", 10, 10, True, id="gad7_total 10: band from 10, positive"),
    pytest.param(gad7(3, 3, 3, 3, 3), "gad7_total", 15, 15, True, id="gad7_total 15: band from 15"),
    pytest.param(gad7(3, 3, 3, 3, 3, 3, 3), "gad7_total", 21, 15, True, id="gad7_total 21: top band"),
]


@pytest.mark.parametrize(("changes", "score_id", "total", "band_min", "positive"), BANDS)
def test_instrument_bands(
    library: FormLibrary, changes: Changes, score_id: str, total: int, band_min: int, positive: bool
) -> None:
    result = run(library, FORM, changed(QUIET, changes))
    assert result.scores[score_id] == total
    band = result.bands[score_id]
    assert band is not None
    assert (band.min, band.positive) == (band_min, positive)


@pytest.mark.parametrize(
    ("changes", "total", "positive"),
    [
        pytest.param({"auditc_1": "2_3_a_week", "auditc_2": "3_4"}, 4, False, id="auditc_total 4: negative"),
        pytest.param({"auditc_1": "2_3_a_week", "auditc_2": "5_6"}, 5, True, id="auditc_total 5: positive"),
    ],
)
def test_auditc_uk_positive_from_5(
    library: FormLibrary, changes: Changes, total: int, positive: bool
) -> None:
    result = run(library, FORM, changed(QUIET, changes))
    assert result.scores["auditc_total"] == total
    band = result.bands["auditc_total"]
    assert band is not None
    assert band.positive is positive


def test_a_null_score_has_no_band(library: FormLibrary) -> None:
    result = run(library, FORM, changed(QUIET, {"phq9_4": UNANSWERED}))
    assert result.bands["phq9_total"] is None


# ------------------------------------------------------------------------------- command line


def test_cli_scores_and_flags(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answers = changed(QUIET, {**phq9(1, 0, 0, 0, 0, 0, 0, 0, 1), "B16": "unsure"})
    code, printed = score_cli(capsys, tmp_path, FORM, answers)
    assert code == 0
    assert printed["form"] == "ld-court-screen"
    assert printed["version"] == "1.0.0"
    assert printed["scores"] == {"phq9_total": 2, "gad7_total": 0, "auditc_total": 0}
    assert sorted(printed["flags"], key=lambda flag: flag["code"]) == [
        {"code": "REFER_LIAISON_DIVERSION", "level": "attention", "reasons": ["B16 = unsure"]},
        {"code": "URGENT_MH_REVIEW", "level": "alert", "reasons": ["phq9_9 = several_days (scores 1, > 0)"]},
    ]
    assert printed["missing_required"] == []
    assert printed["ignored"] == []
    assert printed["errors"] == []


def test_cli_null_score_when_an_item_is_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answers = changed(QUIET, {**gad7(3, 3, 3, 3, 3, 3, 3), "gad7_7": UNANSWERED})
    code, printed = score_cli(capsys, tmp_path, FORM, answers)
    assert code == 0
    assert printed["scores"] == {"phq9_total": 0, "gad7_total": None, "auditc_total": 0}
    assert printed["flags"] == []
    assert printed["missing_required"] == ["gad7_7"]


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        pytest.param({"phq9_1": "sometimes"}, "sometimes", id="unknown option code"),
        pytest.param({"phq9_1": 2}, "phq9_1", id="wrong type: a score instead of an option code"),
        pytest.param({"auditc_4": "never"}, "auditc_4", id="unknown item"),
    ],
)
def test_cli_unusable_input_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: dict[str, object], named: str
) -> None:
    code, printed = score_cli(capsys, tmp_path, FORM, answers)
    assert code == 2
    assert any(named in error for error in printed["errors"]), printed["errors"]
    assert printed["flags"] == []
