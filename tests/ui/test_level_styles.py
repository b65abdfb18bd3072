"""Every flag level has its look (word, shape, colours), looked up by the level itself."""

from __future__ import annotations

from screening.domain.enums import FlagLevel
from screening.ui.theme import LEVEL_STYLES


def test_every_level_has_a_style_found_by_the_enum_member() -> None:
    assert set(LEVEL_STYLES) == {level.value for level in FlagLevel}
    for level in FlagLevel:
        assert LEVEL_STYLES[level].word == level.value.upper()
