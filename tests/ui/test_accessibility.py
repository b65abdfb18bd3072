"""Accessibility: every control has a name, Tab follows reading order, large text reflows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.checklist.model import text_in
from screening.ui.tasks import DatabaseWorker
from screening.ui.theme import ThemeController, ThemeSettings, stylesheet
from screening.ui.wizard import REVIEW_PAGE, ScrollingPage
from screening.ui.wizard_controller import WizardController
from tests.ui.conftest import RecordingSink
from tests.ui.helpers import focused, focused_item, item_of, open_wizard, tab, walk

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit)

EVERYTHING_SHOWN = {
    "A4": "yes", "A5": "yes", "A7": "within_month", "A8": "yes", "A9a": "yes",
    "A15_i": "unsure", "A19_referred": ["liaison_diversion"], "A1": date(2010, 1, 1),
}


@pytest.fixture
def theme(qtbot: QtBot) -> Iterator[ThemeController]:
    """The app theme applied, and the app put back as it was afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette, sheet = QFont(app.font()), QPalette(app.palette()), app.styleSheet()
    controller = ThemeController(app)
    yield controller
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setFont(font)


def controls(root: QWidget) -> list[QWidget]:
    return [w for w in walk(root) if isinstance(w, CONTROLS)
            or (w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(root))]


def test_every_control_has_an_accessible_name_with_its_question(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink, answers=EVERYTHING_SHOWN)
    wizard.go_to(REVIEW_PAGE)  # build the review page too
    form = library.get("custody-screen")
    unnamed = []
    for widget in controls(wizard.view):
        name = widget.accessibleName()
        if not name.strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
            continue
        code = item_of(widget)
        if code is not None:
            question = text_in(form.items[code].text, "en")
            assert name.startswith(f"{code}: {question}"), (code, name)
    assert unnamed == [], "\n".join(unnamed)


def test_every_form_builds_with_named_controls(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    for form in library.latest():
        wizard = WizardController(form=form, registry=library.registry,
                                  screening_date=date(2026, 5, 9), sink=sink, database=database)
        qtbot.addWidget(wizard.view)
        assert [w for w in controls(wizard.view) if not w.accessibleName().strip()] == []
        assert set(wizard.view.items) == set(form.items)


def test_tab_order_follows_reading_order(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink, answers=EVERYTHING_SHOWN)
    form = library.get("custody-screen")
    for section in form.sections:
        wizard.go_to(section.id)
        expected = [i.code for i in section.items if i.code in wizard.evaluation.visible]
        seen = [focused_item()]
        for _ in range(60):
            tab(qtbot)
            code = focused_item()
            if code is None:
                break
            if code != seen[-1]:
                seen.append(code)
        assert seen == expected, section.id
        assert focused() in (wizard.view.back_button, wizard.view.next_button)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_large_text_reflows_instead_of_clipping(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink,
    theme: ThemeController, scale: float,
) -> None:
    theme.set_font_scale(scale)
    wizard = open_wizard(qtbot, library, database, sink, answers=EVERYTHING_SHOWN, theme=theme,
                         size=(1024, 720))
    for page_key in [*wizard.visible_pages()]:
        wizard.go_to(page_key)
        page = wizard.view.stack.currentWidget()
        if page_key == REVIEW_PAGE:
            page = wizard.review.view
        assert isinstance(page, ScrollingPage)

        def reflowed(page: ScrollingPage = page) -> bool:
            viewport = page.viewport().width()
            if page.widget().width() > viewport:
                return False
            for label in page.widget().findChildren(QLabel):
                if label.isVisibleTo(page) and label.wordWrap() and label.text():
                    if label.height() < label.heightForWidth(label.width()):
                        return False
                    if label.mapTo(page.widget(), label.rect().topRight()).x() > viewport:
                        return False
            return True

        qtbot.waitUntil(reflowed, timeout=3000)


def test_text_size_and_contrast_switch_at_run_time(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink,
    theme: ThemeController,
) -> None:
    wizard = open_wizard(qtbot, library, database, sink, theme=theme)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    question = wizard.view.items["A1"].question_label
    before = question.fontInfo().pointSizeF()
    with qtbot.waitSignal(theme.theme_changed, timeout=2000):
        wizard.view.text_size_actions[2.0].trigger()
    assert theme.settings.font_scale == 2.0
    qtbot.waitUntil(lambda: question.fontInfo().pointSizeF() > before * 1.5)
    assert "200%" in wizard.view.display_button.text()
    wizard.view.contrast_action.trigger()
    assert theme.settings.high_contrast
    assert "#000000" in app.styleSheet()
    assert "high contrast" in wizard.view.display_button.text()


def test_stylesheet_scales_type_and_keeps_a_focus_ring() -> None:
    normal = stylesheet(ThemeSettings())
    large = stylesheet(ThemeSettings(font_scale=2.0))
    assert "font-size: 11.0pt" in normal and "font-size: 22.0pt" in large
    for sheet in (normal, large, stylesheet(ThemeSettings(high_contrast=True))):
        assert "QRadioButton:focus" in sheet and "QPushButton:focus" in sheet
        assert "3px solid" in sheet
