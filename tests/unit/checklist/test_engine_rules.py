"""The engine's semantics on a small purpose-built form (independent of the shipped content)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from screening.checklist.engine import evaluate
from screening.checklist.loader import FormLibrary

REGISTRY = """
version: 2.1.0
flags:
  - {code: ALPHA, level: alert, label: Alpha, definition: First test flag.}
  - {code: BETA, level: info, label: Beta, definition: Second test flag.}
  - {code: GAMMA, level: warning, label: Gamma, definition: Third test flag.}
"""

INSTRUMENT = """
instrument: tiny
version: 1.0.0
title: Tiny instrument
licence: test only
sections:
  - id: tiny
    title: Tiny
    items:
      - code: t1
        type: choice
        text: T1
        why: W
        easy_read: E
        disclosure: confidential
        kind: fact
        options:
          - {code: none, label: None, score: 0}
          - {code: some, label: Some, score: 1}
          - {code: lots, label: Lots, score: 3}
      - code: t2
        type: choice
        text: T2
        why: W
        easy_read: E
        disclosure: confidential
        kind: fact
        options:
          - {code: none, label: None, score: 0}
          - {code: some, label: Some, score: 2}
scores:
  - id: tiny_total
    label: Tiny total
    items: [t1, t2]
    bands:
      - {min: 0, label: low}
      - {min: 3, label: high, positive: true}
"""

FORM = """
id: test-form
version: 1.2.0
title: Test form
stage: any
roles: [custody_officer]
introduction: Why we ask.
sections:
  - id: main
    title: Main
    items:
      - code: dob
        type: date
        text: Date of birth
        why: W
        easy_read: E
        disclosure: disclosable
        kind: fact
        prefill: person.date_of_birth
      - code: q
        type: choice
        text: Q
        why: W
        easy_read: E
        disclosure: confidential
        kind: fact
        options:
          - {code: "yes", label: "Yes"}
          - {code: "no", label: "No"}
          - {code: declined, label: Declined}
      - code: q_detail
        type: choice
        text: Q detail
        why: W
        easy_read: E
        disclosure: confidential
        kind: fact
        enable_when: {item: q, op: eq, value: "yes"}
        options:
          - {code: recent, label: Recent}
          - {code: old, label: Old}
      - code: multi
        type: multi-choice
        text: Multi
        why: W
        easy_read: E
        disclosure: confidential
        kind: observation
        options:
          - {code: none, label: None, exclusive: true}
          - {code: a, label: A}
          - {code: b, label: B}
          - {code: c, label: C}
      - code: lang
        type: language
        text: Language
        why: W
        easy_read: E
        disclosure: disclosable
        kind: fact
      - code: notes
        type: text
        text: Notes
        why: W
        easy_read: E
        disclosure: operational
        kind: fact
  - include: tiny@1.0.0
scores: []
flags:
  - flag: ALPHA
    when:
      any:
        - {age: dob, op: lt, value: 18}
        - {item: q_detail, op: eq, value: recent}
        - all:
            - {item: multi, op: includes, value: [a, b]}
            - {item: q, op: eq, value: "no"}
  - flag: BETA
    when:
      any:
        - {language: lang, op: ne, value: en}
        - {item: notes, op: answered}
  - flag: GAMMA
    when:
      any:
        - {score: tiny_total, op: ge, value: 3}
        - {option_score: t1, op: gt, value: 0}
        - {selected: multi, op: ge, value: 2}
        - count:
            - {item: q, op: eq, value: "yes"}
            - {item: lang, op: eq, value: fr}
          op: ge
          value: 2
        - all:  # 'not' inverts: an unanswered q would make it hold, so require an answer
            - {item: q, op: answered}
            - not: {item: q, op: ne, value: declined}
"""

ON = date(2026, 11, 22)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> FormLibrary:
    root: Path = tmp_path_factory.mktemp("forms")
    (root / "flags.yaml").write_text(textwrap.dedent(REGISTRY))
    (root / "instruments" / "tiny").mkdir(parents=True)
    (root / "instruments" / "tiny" / "1.0.0.yaml").write_text(textwrap.dedent(INSTRUMENT))
    (root / "test-form").mkdir()
    (root / "test-form" / "1.2.0.yaml").write_text(textwrap.dedent(FORM))
    return FormLibrary.load(root)


def run(lib: FormLibrary, answers: dict[str, object]):  # type: ignore[no-untyped-def]
    return evaluate(lib.get("test-form"), answers, on=ON, registry=lib.registry)  # type: ignore[arg-type]


def reasons(result, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    return next((f.reason_texts() for f in result.flags if f.code == code), [])


def test_nothing_answered_raises_nothing(lib: FormLibrary) -> None:
    result = run(lib, {})
    assert result.flags == ()
    assert result.scores == {"tiny_total": None}
    assert result.registry_version == "2.1.0"


def test_age_is_whole_years_on_the_screening_date(lib: FormLibrary) -> None:
    assert reasons(run(lib, {"dob": date(2008, 11, 23)}), "ALPHA") == [
        "age 17 on the screening date (< 18)"
    ]
    assert reasons(run(lib, {"dob": date(2008, 11, 22)}), "ALPHA") == []  # 18 today


def test_hidden_answers_stay_but_never_count(lib: FormLibrary) -> None:
    shown = run(lib, {"q": "yes", "q_detail": "recent"})
    assert "q_detail" in shown.visible
    assert reasons(shown, "ALPHA") == ["q_detail = recent"]
    hidden = run(lib, {"q": "no", "q_detail": "recent"})
    assert "q_detail" not in hidden.visible
    assert hidden.ignored == ("q_detail",)
    assert reasons(hidden, "ALPHA") == []


def test_all_joins_its_parts_into_one_reason(lib: FormLibrary) -> None:
    result = run(lib, {"q": "no", "multi": ["b", "c"]})
    assert reasons(result, "ALPHA") == ["multi includes b and q = no"]


def test_unanswered_operand_makes_ne_false_too(lib: FormLibrary) -> None:
    assert reasons(run(lib, {}), "BETA") == []
    assert reasons(run(lib, {"lang": "en-GB"}), "BETA") == []
    assert reasons(run(lib, {"lang": "cy"}), "BETA") == ["lang = cy (not en)"]


def test_blank_text_is_not_an_answer(lib: FormLibrary) -> None:
    assert reasons(run(lib, {"notes": "   "}), "BETA") == []
    assert reasons(run(lib, {"notes": "halal food"}), "BETA") == ["notes answered"]


def test_score_is_null_until_every_item_is_answered(lib: FormLibrary) -> None:
    partial = run(lib, {"t1": "none"})
    assert partial.scores["tiny_total"] is None
    assert reasons(partial, "GAMMA") == []
    full = run(lib, {"t1": "lots", "t2": "none"})
    assert full.scores["tiny_total"] == 3
    assert full.bands["tiny_total"] is not None and full.bands["tiny_total"].positive
    assert reasons(full, "GAMMA") == ["tiny_total = 3 (>= 3)", "t1 = lots (scores 3, > 0)"]


def test_selected_count_and_count_of_conditions(lib: FormLibrary) -> None:
    assert reasons(run(lib, {"multi": ["a", "c"]}), "GAMMA") == ["multi: a, c (2 selected, >= 2)"]
    assert reasons(run(lib, {"q": "yes", "lang": "fr"}), "GAMMA") == ["2 of: q = yes; lang = fr"]


def test_not_holds_when_its_inner_condition_fails(lib: FormLibrary) -> None:
    assert reasons(run(lib, {"q": "declined"}), "GAMMA") == ["q answered and not (q != declined)"]
    assert run(lib, {"q": "declined"}).declined == ("q",)


def test_flags_sorted_by_level(lib: FormLibrary) -> None:
    result = run(lib, {"dob": date(2015, 1, 1), "lang": "pl", "t1": "some"})
    assert result.flag_codes() == ["ALPHA", "GAMMA", "BETA"]


def test_required_follows_the_design_rules(lib: FormLibrary) -> None:
    form = lib.get("test-form")
    # dob and lang: disclosable; q, q_detail, t1, t2: read by a rule or score;
    # multi: an observation; notes: free text.
    assert form.required == {"dob", "lang", "q", "q_detail", "t1", "t2"}
    result = run(lib, {"q": "no"})
    assert result.missing_required == ("dob", "lang", "t1", "t2")


def test_invalid_values_do_not_count(lib: FormLibrary) -> None:
    result = run(lib, {"multi": ["none", "a", "b"], "lang": "not a tag"})
    assert set(result.invalid) == {"multi", "lang"}
    assert result.flags == ()
