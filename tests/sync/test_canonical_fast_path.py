"""The fast path of canonical_json gives byte-for-byte the rfc8785 package's output."""

from __future__ import annotations

from typing import Any

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from sync.protocol import _plain_json, canonical_json

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
ASCII_KEYS = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=8)
SCALARS = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | TEXT
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ASCII_KEYS, inner, max_size=4),
    max_leaves=25,
)


@given(VALUES)
def test_fast_path_equals_rfc8785(value: Any) -> None:
    assert _plain_json(value)
    assert canonical_json(value) == rfc8785.dumps(value)


def test_edge_strings_match() -> None:
    value = {"b": "\x00\x1f\x7f\u2028\u2029\"\\/é😀", "a": [1, -(2**53) + 1, True, None]}
    assert canonical_json(value) == rfc8785.dumps(value)


def test_floats_and_non_ascii_keys_take_the_exact_path() -> None:
    for value in ({"x": 1.5}, {"é": 1, "e": 2, "😀": 3}):
        assert not _plain_json(value)
        assert canonical_json(value) == rfc8785.dumps(value)


def test_integers_beyond_ieee_double_are_refused_as_before() -> None:
    assert not _plain_json({"x": 2**60})
    with pytest.raises(ValueError, match="not representable"):
        canonical_json({"x": 2**60})
