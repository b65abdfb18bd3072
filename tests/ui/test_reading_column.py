"""A reading column's width is capped in characters, and the cap follows the text size."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from screening.ui.common import READING_CHARS, ReadingColumn
from screening.ui.theme import ThemeSettings, apply_theme


def test_the_cap_follows_the_text_size(qapp: QApplication, qtbot: QtBot) -> None:
    apply_theme(qapp, ThemeSettings())
    column = ReadingColumn()
    qtbot.addWidget(column)
    normal = column.maximumWidth()
    assert normal == QFontMetrics(qapp.font()).averageCharWidth() * READING_CHARS + 64
    try:
        apply_theme(qapp, ThemeSettings(font_scale=2.0))
        assert column.maximumWidth() == QFontMetrics(qapp.font()).averageCharWidth() * READING_CHARS + 64
        assert column.maximumWidth() > 1.6 * normal
        narrow = ReadingColumn(chars=40)  # made at 200 %: capped at that size from the start
        qtbot.addWidget(narrow)
        assert narrow.maximumWidth() == QFontMetrics(qapp.font()).averageCharWidth() * 40 + 64
    finally:
        apply_theme(qapp, ThemeSettings())
    assert column.maximumWidth() == normal
