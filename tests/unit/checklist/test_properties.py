"""Property tests over random answer sets for every shipped form."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.checklist.engine import evaluate
from screening.checklist.loader import FormLibrary
from tests.conftest import FORMS
from tests.strategies import SCREENING_DATES, answer_sets, value_for

LIBRARY = FormLibrary.load(FORMS)
FORM_IDS = LIBRARY.form_ids()


def test_every_content_form_is_shipped() -> None:
    assert set(FORM_IDS) >= {
        "custody-screen", "ld-court-screen", "psr-mental-health", "neurodevelopmental"
    }


@pytest.mark.parametrize("form_id", FORM_IDS)
@given(data=st.data(), on=SCREENING_DATES)
def test_engine_never_raises(form_id: str, data: st.DataObject, on: Any) -> None:
    form = LIBRARY.get(form_id)
    answers = data.draw(answer_sets(form))
    result = evaluate(form, answers, on=on, registry=LIBRARY.registry)
    assert result.visible <= set(form.items)
    assert set(result.missing_required) <= result.visible
    assert not set(result.ignored) & result.visible


@pytest.mark.parametrize("form_id", FORM_IDS)
@given(data=st.data(), on=SCREENING_DATES)
def test_answers_to_hidden_items_change_nothing(form_id: str, data: st.DataObject, on: Any) -> None:
    form = LIBRARY.get(form_id)
    answers = data.draw(answer_sets(form))
    before = evaluate(form, answers, on=on, registry=LIBRARY.registry)
    hidden = [code for code in form.items if code not in before.visible]
    changed = dict(answers)
    for code in hidden:
        choice = data.draw(st.sampled_from(["drop", "set"]))
        if choice == "drop":
            changed.pop(code, None)
        else:
            changed[code] = data.draw(value_for(form.items[code]))
    after = evaluate(form, changed, on=on, registry=LIBRARY.registry)
    assert after.visible == before.visible
    assert after.scores == before.scores
    assert after.flags == before.flags
    assert after.missing_required == before.missing_required
