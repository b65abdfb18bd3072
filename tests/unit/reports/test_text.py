"""Normalisation, right-to-left shaping and ordering, markup escaping."""

from __future__ import annotations

import unicodedata

import pytest

from screening.reports.text import base_direction, escape, has_rtl, markup, normalise, shape


def test_text_without_rtl_is_only_normalised() -> None:
    decomposed = "Sia\u0302n"  # a + combining circumflex
    assert shape(decomposed) == "Siân"
    assert shape("Zażółć Gęślą-Jaźń") == "Zażółć Gęślą-Jaźń"
    assert shape("a\u200bb\u00adc\r\nd") == "abc\nd"  # invisible format characters dropped


def test_arabic_is_joined_and_reversed() -> None:
    drawn = shape("عمران")
    # Visual order: the last letter (noon, final form) is drawn first, the first (ain, initial) last.
    assert drawn == "\ufee5\ufe8d\ufeae\ufee4\ufecb"
    assert unicodedata.normalize("NFKC", drawn[::-1]) == "عمران"


def test_urdu_letters_take_their_urdu_presentation_forms() -> None:
    drawn = shape("نوں")
    assert drawn[0] == "\ufb9e"  # noon ghunna, isolated form (waw before it does not join forward)
    assert unicodedata.normalize("NFKC", drawn[::-1]) == "نوں"


@pytest.mark.parametrize(
    ("logical", "expected"),
    [
        # A Latin name around an Arabic one: Latin keeps its order and place.
        ("Ali علي Khan", "Ali \ufef2\ufee0\ufecb Khan"),
        # An Arabic paragraph with a Latin word: the Latin word is not reversed.
        ("محمد Ali", "Ali \ufeaa\ufee4\ufea4\ufee3"),
        # Brackets inside an RTL run are mirrored so they still face their contents.
        ("علي (12)", "(12) \ufef2\ufee0\ufecb"),
        ("Ali علي (12)", "Ali (12) \ufef2\ufee0\ufecb"),
    ],
)
def test_mixed_latin_and_arabic_come_out_in_visual_order(logical: str, expected: str) -> None:
    assert shape(logical) == expected


def test_direction_and_rtl_detection() -> None:
    assert has_rtl("Ali علي") and not has_rtl("Siân")
    assert base_direction("محمد Ali") == "rtl"
    assert base_direction("Ali محمد") == "ltr"
    assert base_direction("123") == "ltr"


def test_lines_are_shaped_one_by_one() -> None:
    assert shape("علي\nAli") == "\ufef2\ufee0\ufecb\nAli"


def test_markup_escapes_and_names_a_font_per_run() -> None:
    assert escape("<b>&") == "&lt;b&gt;&amp;"
    result = markup("Tom & <Jerry>\nعلي")
    assert "&amp; &lt;Jerry&gt;<br/>" in result
    assert result.startswith('<font name="DejaVuSans">')
    assert '<font name="NotoSansArabic">' in result
    assert normalise(" x ") == " x "
