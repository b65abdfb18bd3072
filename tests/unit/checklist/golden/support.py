"""Helpers for the golden tests: hand-written expectations from CONTENT.md, checked against the
shipped forms.

Every golden case starts from a hand-written "quiet" answer set (one that raises no flag), changes
only what the case needs, and lists every flag it expects with the reasons that must name the
answers that raised it. Nothing here calls the engine to build an expectation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark.structures import ParameterSet

from screening.checklist.answers import Value
from screening.checklist.engine import Evaluation, evaluate
from screening.checklist.loader import CompiledForm, FormLibrary

SCREENING_DATE = date(2025, 3, 14)
"""The screening date every case is evaluated on unless it says otherwise (a Friday)."""

UNANSWERED = None
"""In a case's changes: remove the answer from the quiet set (the item is left unanswered)."""

LEVELS: dict[str, str] = {
    # The level column of "Common flags (forms/flags.yaml)" in CONTENT.md.
    "APPROPRIATE_ADULT": "alert",
    "SELF_HARM_RISK": "alert",
    "SELF_HARM_HISTORY": "warning",
    "URGENT_MH_REVIEW": "alert",
    "REFER_LIAISON_DIVERSION": "attention",
    "SUSPECTED_NEURODIVERGENCE": "attention",
    "INTERMEDIARY_OR_AA": "alert",
    "WITHDRAWAL_RISK": "warning",
    "HEALTH_REVIEW_BEFORE_INTERVIEW": "warning",
    "COMMUNICATION_SUPPORT": "info",
    "MHTR_SUITABLE": "info",
    "TRAUMA_INFORMED": "info",
    "FAITH_OR_CULTURAL_NEEDS": "info",
}

Changes = Mapping[str, Value | None]
ExpectedFlags = Mapping[str, Sequence[str]]


def case(case_id: str, changes: Changes, **flags: Sequence[str]) -> ParameterSet:
    """One row of a golden table: the answers changed from the quiet set, then every flag expected.

    ``flags`` maps each expected flag code to the reasons it must give; an empty mapping means
    "nothing raised".
    """
    return pytest.param(dict(changes), dict(flags), id=case_id)


def form_or_skip(library: FormLibrary, form_id: str) -> CompiledForm:
    """The shipped form, or a skip that says it is not shipped yet."""
    try:
        return library.get(form_id)
    except KeyError:
        pytest.skip(f"form '{form_id}' is not shipped yet (CONTENT.md describes it)")


def changed(quiet: Mapping[str, Value], changes: Changes) -> dict[str, Value]:
    """The quiet answer set with ``changes`` applied (``UNANSWERED`` removes an answer)."""
    answers = dict(quiet)
    for code, value in changes.items():
        if value is UNANSWERED:
            answers.pop(code, None)
        else:
            answers[code] = value
    return answers


def run(
    library: FormLibrary,
    form_id: str,
    answers: Mapping[str, Value | None],
    *,
    on: date = SCREENING_DATE,
) -> Evaluation:
    form = form_or_skip(library, form_id)
    return evaluate(form, answers, on=on, registry=library.registry)


def describe_flags(evaluation: Evaluation) -> str:
    return "; ".join(f"{f.code} {f.reason_texts()}" for f in evaluation.flags) or "no flags"


def assert_flags(evaluation: Evaluation, expected: ExpectedFlags) -> None:
    """Exactly the ``expected`` flags are raised, each at its registry level, with its reasons.

    A flag's reasons match when every expected reason is one of (or part of one of) the reason
    texts and every reason text carries an expected one: the flag names the answers that raised it
    and nothing else.
    """
    raised = {flag.code: flag for flag in evaluation.flags}
    assert sorted(raised) == sorted(expected), (
        f"expected {sorted(expected) or 'no flags'}, got {describe_flags(evaluation)}"
    )
    for code, reasons in expected.items():
        flag = raised[code]
        assert str(flag.level) == LEVELS[code], f"{code} level {flag.level}, expected {LEVELS[code]}"
        texts = flag.reason_texts()
        for reason in reasons:
            assert any(reason in text for text in texts), f"{code}: {reason!r} not among {texts}"
        for text in texts:
            assert any(reason in text for reason in reasons), (
                f"{code}: unexpected reason {text!r} (expected only {list(reasons)})"
            )


def assert_not_raised(evaluation: Evaluation, *codes: str) -> None:
    raised = {flag.code for flag in evaluation.flags}
    assert not raised & set(codes), f"{sorted(raised & set(codes))} raised: {describe_flags(evaluation)}"


# ------------------------------------------------------------------------------ command line

SCORE_KEYS = {"form", "version", "registry_version", "scores", "flags", "missing_required", "ignored",
              "errors"}


def score_cli(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    form_ref: str,
    answers: Any,
    *,
    on: date = SCREENING_DATE,
    raw_text: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """Runs `screening score FORM ANSWERS.json --on DATE`; returns the exit code and the printed JSON.

    ``answers`` is written as JSON unless ``raw_text`` gives the file's exact text.
    """
    from screening.cli import main

    path = tmp_path / "answers.json"
    path.write_text(raw_text if raw_text is not None else json.dumps(answers), encoding="utf-8")
    capsys.readouterr()
    code = main(["score", form_ref, str(path), "--on", on.isoformat()])
    out = capsys.readouterr().out
    printed = json.loads(out)
    assert isinstance(printed, dict), out
    assert set(printed) == SCORE_KEYS, f"keys {sorted(printed)}"
    for flag in printed["flags"]:
        assert set(flag) == {"code", "level", "reasons"}, flag
    return code, printed
