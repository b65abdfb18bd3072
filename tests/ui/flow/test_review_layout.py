"""The review page is never painted half laid out, in Welsh at 200 % text.

The review page rebuilds its content (the "still to do" links, the flag cards ...) each time it is
shown, and when the interface language or the text size changes while it is on screen. A widget
put into a page on screen is shown by a queued call, and until then the page's layout counts it as
empty: the scroll area sized the page without it, the content was then squeezed into a page a
viewport high (headings, the A19 link and the flag cards a few pixels each, drawn over each other)
until a chain of posted layout requests sized the page again. A paint or a screenshot in between
showed it collapsed (docs/screenshots/wizard-review-welsh-200.png). These tests look at every
paint of the content's parts, from the moment the page is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from screening.checklist.answers import Value
from screening.checklist.loader import FormLibrary
from screening.ui.i18n import set_language
from screening.ui.review import ReviewView
from screening.ui.tasks import DatabaseWorker
from screening.ui.theme import ThemeController, ThemeSettings
from screening.ui.wizard import INTRO_PAGE, REVIEW_PAGE
from screening.ui.wizard_controller import WizardController
from tests.ui.conftest import RecordingSink
from tests.ui.helpers import open_wizard

# As docs/screenshots/take.py: four flags raised, A19 (required) still to answer.
ANSWERS: dict[str, Value] = {
    "A1": date(1990, 2, 1), "A1b": "no", "A2": "no", "A3": "Worried about my children",
    "A3_observation": ["anxious", "low_or_tearful"], "A4": "no", "A5": "unsure",
    "A7": "within_month", "A7_custody": "no", "A8": "yes", "A9a": "no", "A10": ["none"],
    "A11": "no", "A12": "no", "A13_language": "en", "A13_interpreter": "no",
    "A14": ["distressed"], "A15_i": "yes", "A15_ii": "no", "A15_iii": "unsure", "A16": "no",
    "A18": "3", "A19_referred": ["liaison_diversion"],
}


def layout_problems(view: ReviewView) -> list[str]:
    """What is wrong with the content's layout now: a visible part lower than its height for its
    width (or its minimum), two parts overlapping, or the content lower than its own needs."""
    content = view.content
    problems: list[str] = []
    if content.isVisible() and content.height() < content.heightForWidth(content.width()):
        problems.append(f"content {content.height()} px < {content.heightForWidth(content.width())}")
    parts = [w for w in content.children() if isinstance(w, QWidget) and w.isVisible()]
    for part in parts:
        name = part.objectName() or type(part).__name__
        need = (part.heightForWidth(part.width()) if part.hasHeightForWidth()
                else part.minimumSizeHint().height())
        need = max(need, part.minimumSizeHint().height() if not part.hasHeightForWidth() else 0)
        if part.height() < need:
            problems.append(f"{name} {part.height()} px < {need}")
    ordered = sorted(parts, key=lambda w: w.y())
    for above, below in zip(ordered, ordered[1:], strict=False):
        if above.geometry().intersects(below.geometry()):
            problems.append(f"{above.objectName()} overlaps {below.objectName()}")
    return problems


@dataclass
class PaintWatch(QObject):
    """Checks the review content's layout each time one of its parts is painted."""

    view: ReviewView
    problems: list[str] = field(default_factory=list)
    paints: int = 0

    def __post_init__(self) -> None:
        super().__init__()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) \
                and watched.parent() is self.view.content:
            self.paints += 1
            self.problems += layout_problems(self.view)
        return False


@pytest.fixture
def watch_paints() -> Iterator[list[PaintWatch]]:
    app = QApplication.instance()
    assert app is not None
    watches: list[PaintWatch] = []
    yield watches
    for watch in watches:
        app.removeEventFilter(watch)


def watch(watches: list[PaintWatch], view: ReviewView) -> PaintWatch:
    app = QApplication.instance()
    assert app is not None
    paint_watch = PaintWatch(view)
    app.installEventFilter(paint_watch)
    watches.append(paint_watch)
    return paint_watch


def welsh_wizard_at_200(qtbot: QtBot, library: FormLibrary, database: DatabaseWorker,
                        sink: RecordingSink, theme: ThemeController) -> WizardController:
    theme.apply(ThemeSettings(font_scale=2.0))
    return open_wizard(qtbot, library, database, sink, answers=dict(ANSWERS), theme=theme,
                       size=(1280, 860))


def settled(qtbot: QtBot, paints: PaintWatch) -> None:
    qtbot.waitUntil(lambda: paints.paints > 0, timeout=3000)
    qtbot.wait(200)  # later paints too


def test_the_review_page_in_welsh_at_200_is_laid_out_whenever_it_is_painted(
        qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink,
        theme: ThemeController, watch_paints: list[PaintWatch]) -> None:
    set_language("cy")
    wizard = welsh_wizard_at_200(qtbot, library, database, sink, theme)
    view = wizard.review.view
    paints = watch(watch_paints, view)
    wizard.go_to(REVIEW_PAGE)
    settled(qtbot, paints)
    assert view.findChild(QWidget, "heading-todo").isVisible()
    assert view.link_codes("missing") == ["A19"]
    assert len(view.flag_cards) == 4
    assert paints.problems == []
    assert layout_problems(view) == []
    # The page is as tall as what is on it: it scrolls to the end of the content.
    holder = view.widget()
    assert holder.height() >= holder.heightForWidth(holder.width())
    assert view.verticalScrollBar().maximum() >= holder.height() - view.viewport().height()


def test_switching_to_welsh_on_the_review_page_at_200_lays_it_out_before_it_paints(
        qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink,
        theme: ThemeController, watch_paints: list[PaintWatch]) -> None:
    wizard = welsh_wizard_at_200(qtbot, library, database, sink, theme)
    view = wizard.review.view
    wizard.go_to(INTRO_PAGE)
    wizard.go_to(REVIEW_PAGE)
    qtbot.wait(100)
    paints = watch(watch_paints, view)
    set_language("cy")  # retranslated in place; the controller rebuilds the review's content
    settled(qtbot, paints)
    assert view.findChild(QWidget, "heading-flags").text() == "Baneri a godwyd"
    assert paints.problems == []
    assert layout_problems(view) == []
    # And back to 100 %, then 200 % again, on the same page.
    for scale in (1.0, 2.0):
        paints = watch(watch_paints, view)
        theme.apply(ThemeSettings(font_scale=scale))
        settled(qtbot, paints)
        assert paints.problems == [], scale
        assert layout_problems(view) == [], scale
