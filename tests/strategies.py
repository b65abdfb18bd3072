"""Hypothesis strategies for answer sets of any form (typed values, as the engine takes them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import strategies as st

from screening.checklist.loader import CompiledForm
from screening.checklist.model import Item
from screening.domain.enums import ItemType

LANGUAGE_TAGS = ["en", "en-GB", "cy", "cy-GB", "pl", "bfi", "ar", "ur-PK", "zh-Hant-HK", "ro"]


def value_for(item: Item) -> st.SearchStrategy[Any]:
    """Any well-typed value for ``item`` (not always a valid one: validation is exercised too)."""
    codes = item.option_codes
    if item.type is ItemType.CHOICE:
        return st.sampled_from(codes)
    if item.type is ItemType.MULTI_CHOICE:
        return st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True)
    if item.type is ItemType.INTEGER:
        return st.integers(min_value=-5, max_value=200)
    if item.type is ItemType.DECIMAL:
        return st.floats(min_value=-5, max_value=500, allow_nan=False)
    if item.type is ItemType.DATE:
        return st.dates(min_value=date(1920, 1, 1), max_value=date(2030, 12, 31))
    if item.type is ItemType.DATETIME:
        return st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1))
    if item.type is ItemType.LANGUAGE:
        return st.sampled_from(LANGUAGE_TAGS)
    return st.one_of(st.just(""), st.text(min_size=1, max_size=30))


def answer_sets(form: CompiledForm, *, p_missing: float = 0.3) -> st.SearchStrategy[dict[str, Any]]:
    """Answer sets where each item is independently answered or left out."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for code, item in form.items.items():
            if draw(st.floats(0, 1)) >= p_missing:
                answers[code] = draw(value_for(item))
        return answers

    return build()


SCREENING_DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
