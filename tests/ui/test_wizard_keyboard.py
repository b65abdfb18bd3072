"""The custody screen completed by keyboard alone, from the read-aloud introduction to the review
page, with every answer handed to the sink on the database thread."""

from __future__ import annotations

import threading
from datetime import date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.domain.dates import LONDON
from screening.ui.tasks import DatabaseWorker
from screening.ui.wizard import INTRO_PAGE, REVIEW_PAGE
from tests.ui.conftest import RecordingSink, drain
from tests.ui.helpers import (
    SCREENING_DATE,
    alt,
    digit,
    focused,
    focused_item,
    next_page,
    open_wizard,
    press,
    previous_page,
    tab,
    type_text,
)


def test_the_custody_screen_by_keyboard_alone_reaches_the_flags(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    view = wizard.view
    assert view.current_page() == INTRO_PAGE
    assert "I am going to ask you some questions" in view.intro.read_aloud.text()
    assert focused() is view.next_button

    next_page(qtbot, wizard)
    assert view.current_page() == "about_you"
    assert focused_item() == "A1"
    type_text(qtbot, "01/02/1990")
    assert view.items["A1"].editor.shown_as.text() == "Thursday 1 February 1990"  # type: ignore[attr-defined]
    tab(qtbot)
    assert focused_item() == "A1b"
    digit(qtbot, 2)  # no doubt
    tab(qtbot)
    assert focused_item() == "A2"
    digit(qtbot, 2)  # been in custody before

    next_page(qtbot, wizard)
    assert view.current_page() == "health"
    assert focused_item() == "A3"
    type_text(qtbot, "Worried about my kids")
    tab(qtbot)
    assert focused_item() == "A3_observation"
    digit(qtbot, 3)  # anxious
    tab(qtbot)
    assert focused_item() == "A4"
    digit(qtbot, 2)  # no illness
    tab(qtbot)
    assert focused_item() == "A5"
    digit(qtbot, 2)
    tab(qtbot)
    assert focused_item() == "A6"
    tab(qtbot)
    assert focused_item() == "A7"
    assert not view.items["A7_custody"].isVisibleTo(view)
    digit(qtbot, 4)  # within the last month
    assert view.items["A7_custody"].isVisibleTo(view)
    tab(qtbot)
    assert focused_item() == "A7_custody"
    digit(qtbot, 2)
    tab(qtbot)
    assert focused_item() == "A8"
    digit(qtbot, 1)  # thoughts of self-harm now
    tab(qtbot)
    assert focused_item() == "A9a"
    digit(qtbot, 1)
    tab(qtbot)
    assert focused_item() == "A9b"
    digit(qtbot, 2)
    tab(qtbot)
    assert focused_item() == "A10"
    digit(qtbot, 1)  # none of these
    tab(qtbot)
    assert focused_item() == "A11"
    digit(qtbot, 2)

    next_page(qtbot, wizard)
    assert view.current_page() == "rights_communication", focused()
    assert focused_item() == "A12"
    digit(qtbot, 2)
    tab(qtbot)
    assert focused_item() == "A13_language"
    press(qtbot, Qt.Key.Key_Down)  # the first language in the list: English
    assert focused().currentText() == "English (en)"  # type: ignore[attr-defined]
    tab(qtbot)
    assert focused_item() == "A13_interpreter"
    digit(qtbot, 2)

    next_page(qtbot, wizard)
    assert view.current_page() == "officer_observations"
    assert focused_item() == "A14"
    digit(qtbot, 1)  # A14: none of these
    for choice in (1, 2, 2, 2):  # A15_i yes; A15_ii, A15_iii, A16 no
        tab(qtbot)
        digit(qtbot, choice)

    next_page(qtbot, wizard)
    assert view.current_page() == "needs_actions"
    assert focused_item() == "A17"
    tab(qtbot)
    assert focused_item() == "A18"
    digit(qtbot, 2)
    tab(qtbot)
    assert focused_item() == "A19_referred"
    digit(qtbot, 2)  # Liaison and Diversion
    assert view.items["A19"].isVisibleTo(view)
    tab(qtbot)
    assert focused_item() == "A19"
    type_text(qtbot, "09/05/2026")
    tab(qtbot)
    type_text(qtbot, "01:30")

    next_page(qtbot, wizard)
    assert view.current_page() == REVIEW_PAGE
    review = wizard.review.view
    assert {"APPROPRIATE_ADULT", "SELF_HARM_RISK"} <= set(review.flag_cards)
    adult = review.flag_cards["APPROPRIATE_ADULT"]
    assert adult.badge.word.text() == "ALERT"
    assert [label.text() for label in adult.reason_labels] == ["• A15_i = yes"]
    assert "A15_i: Might the person have difficulty understanding" in adult.links[0].label_text()
    assert adult.links[0].label_text().endswith("Answer: Yes")
    risk = review.flag_cards["SELF_HARM_RISK"]
    assert [label.text() for label in risk.reason_labels] == ["• A8 = yes", "• A7 = within_month"]
    assert "Are you having any thoughts of harming yourself right now?" in risk.links[0].label_text()
    assert risk.definition.text().startswith("The person has thoughts")
    assert review.finalise_button.isEnabled()
    assert focused() is review.finalise_button

    with qtbot.waitSignal(wizard.finalise_requested, timeout=2000):
        alt(qtbot, "f")  # the button's mnemonic

    drain(qtbot, database)
    expected = {
        "A1": date(1990, 2, 1), "A1b": "no", "A2": "no", "A3": "Worried about my kids",
        "A3_observation": ["anxious"], "A4": "no", "A5": "no", "A7": "within_month",
        "A7_custody": "no", "A8": "yes", "A9a": "yes", "A9b": "no", "A10": ["none"], "A11": "no",
        "A12": "no", "A13_language": "en", "A13_interpreter": "no", "A14": ["none"],
        "A15_i": "yes", "A15_ii": "no", "A15_iii": "no", "A16": "no", "A18": "2",
        "A19_referred": ["liaison_diversion"],
        "A19": datetime(2026, 5, 9, 1, 30, tzinfo=LONDON),
    }
    assert sink.answers == expected
    assert wizard.answers == expected
    assert len(sink.threads) == 1 and threading.get_ident() not in sink.threads
    assert view.save_indicator.state() == "saved"
    assert wizard.evaluation.complete
    assert wizard.evaluation.on == SCREENING_DATE


def test_back_with_alt_b_and_next_from_a_text_field(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    assert wizard.view.current_page() == "health"
    assert focused_item() == "A3"
    type_text(qtbot, "ok")
    previous_page(qtbot, wizard)
    assert wizard.view.current_page() == "about_you"
    previous_page(qtbot, wizard)
    assert wizard.view.current_page() == INTRO_PAGE
    assert not wizard.view.back_button.isEnabled()
    press(qtbot, Qt.Key.Key_Space)  # Next has focus on the introduction
    assert wizard.view.current_page() == "about_you"
