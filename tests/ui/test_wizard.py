"""The wizard's behaviour, one piece at a time, driven through the real widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.checklist.model import text_in
from screening.ui.editors import ChoiceEditor, MultiChoiceEditor, parse_date
from screening.ui.tasks import DatabaseWorker
from screening.ui.wizard import INTRO_PAGE, REVIEW_PAGE
from screening.ui.wizard_controller import WizardPosition, needs_answer_text
from tests.ui.conftest import RecordingSink, drain
from tests.ui.helpers import (
    digit,
    focused,
    focused_item,
    open_wizard,
    press,
    tab,
    type_text,
)


def choose(qtbot: QtBot, wizard: object, code: str, number: int) -> None:
    """Focus a question as a user would (jump to it), then press a number key."""
    wizard.go_to_item(code)  # type: ignore[attr-defined]
    assert focused_item() == code
    digit(qtbot, number)


# ---------------------------------------------------------------- conditional items


def test_a7_custody_appears_for_recent_self_harm_and_keeps_its_answer_when_hidden(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    view = wizard.view
    custody = view.items["A7_custody"]
    wizard.go_to("health")
    assert not custody.isVisibleTo(view)

    choose(qtbot, wizard, "A7", 4)  # within the last month
    assert custody.isVisibleTo(view)
    choose(qtbot, wizard, "A7_custody", 1)
    assert wizard.answers["A7_custody"] == "yes"
    assert "SELF_HARM_RISK" in wizard.evaluation.flag_codes()

    choose(qtbot, wizard, "A7", 1)  # never
    assert not custody.isVisibleTo(view)
    assert wizard.answers["A7_custody"] == "yes"  # kept in the draft
    assert "A7_custody" in wizard.evaluation.ignored
    assert "A7_custody" not in wizard.evaluation.answers

    choose(qtbot, wizard, "A7", 3)  # within 12 months: shown again, answer intact
    assert custody.isVisibleTo(view)
    assert custody.editor.value() == "yes"
    assert wizard.evaluation.answers["A7_custody"] == "yes"

    drain(qtbot, database)
    assert [c for c in sink.calls if c[0] == "A7_custody"] == [("A7_custody", "yes")]


def test_a9b_appears_when_a9a_is_yes_and_disappears_without_losing_the_answer(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    view = wizard.view
    wizard.go_to("health")
    assert not view.items["A9b"].isVisibleTo(view)
    choose(qtbot, wizard, "A9a", 1)
    assert view.items["A9b"].isVisibleTo(view)
    tab(qtbot)
    assert focused_item() == "A9b"
    digit(qtbot, 1)
    assert "WITHDRAWAL_RISK" in wizard.evaluation.flag_codes()
    choose(qtbot, wizard, "A9a", 2)
    assert not view.items["A9b"].isVisibleTo(view)
    assert "WITHDRAWAL_RISK" not in wizard.evaluation.flag_codes()
    assert wizard.answers["A9b"] == "yes"
    tab(qtbot)
    assert focused_item() == "A10"  # the hidden question is skipped
    choose(qtbot, wizard, "A9a", 1)
    assert view.items["A9b"].editor.value() == "yes"
    assert "WITHDRAWAL_RISK" in wizard.evaluation.flag_codes()


def test_a_hidden_required_item_is_not_counted_in_progress(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    before = wizard.section_progress("health")
    assert before == "0 of 6 required answered"
    choose(qtbot, wizard, "A9a", 1)
    assert wizard.section_progress("health") == "1 of 7 required answered"


# ---------------------------------------------------------------- options


def test_exclusive_none_unticks_the_others_and_the_others_untick_it(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    editor = wizard.view.items["A10"].editor
    assert isinstance(editor, MultiChoiceEditor)
    wizard.go_to_item("A10")
    digit(qtbot, 2)
    digit(qtbot, 3)
    assert editor.value() == ["learning_disability", "autism"]
    digit(qtbot, 1)  # none of these
    assert editor.value() == ["none"]
    assert [b.isChecked() for b in editor.buttons] == [True, False, False, False, False, False]
    digit(qtbot, 4)  # ADHD unticks "none"
    assert editor.value() == ["adhd"]
    qtbot.mouseClick(editor.buttons[0], Qt.MouseButton.LeftButton)  # a click anywhere on the row
    assert editor.value() == ["none"]
    digit(qtbot, 1)  # pressing the number of a ticked option unticks it
    assert editor.value() is None
    assert "A10" not in wizard.answers
    drain(qtbot, database)
    assert [v for c, v in sink.calls if c == "A10"] == [
        ["learning_disability"], ["learning_disability", "autism"], ["none"], ["adhd"], ["none"],
        None,
    ]


def test_number_keys_pick_options_of_the_focused_choice_and_arrows_move(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    editor = wizard.view.items["A2"].editor
    assert isinstance(editor, ChoiceEditor)
    wizard.go_to_item("A2")
    digit(qtbot, 3)
    assert editor.value() == "unknown"
    assert focused() is editor.buttons[2]
    digit(qtbot, 9)  # no ninth option: nothing changes
    assert editor.value() == "unknown"
    press(qtbot, Qt.Key.Key_Up)
    assert editor.value() == "no"
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)  # stays on the first option
    assert editor.value() == "yes"
    key = editor.buttons[0].key_label()  # type: ignore[attr-defined]
    assert key is not None and key.text() == "1"


def test_number_keys_type_digits_in_a_text_field(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    wizard.go_to_item("A6")
    type_text(qtbot, "Sertraline 50mg at 8")
    assert wizard.answers["A6"] == "Sertraline 50mg at 8"


# ---------------------------------------------------------------- saving


def test_every_change_reaches_the_sink_in_order_and_the_indicator_says_saved(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    indicator = wizard.view.save_indicator
    assert indicator.state() == "idle"
    with qtbot.waitSignal(wizard.answer_saved, timeout=2000) as saved:
        choose(qtbot, wizard, "A1b", 1)
        assert indicator.state() == "saving"
    assert saved.args == ["A1b"]
    assert indicator.state() == "saved"
    assert "Saved" in indicator.label.text()

    wizard.go_to_item("A3")
    type_text(qtbot, "ok")
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    drain(qtbot, database)
    assert sink.calls == [("A1b", "yes"), ("A3", "o"), ("A3", "ok"), ("A3", "o"), ("A3", None)]
    assert "A3" not in wizard.answers
    assert wizard.saves_pending() == 0
    assert indicator.state() == "saved"


def test_a_failed_save_says_so_and_try_again_saves_the_current_answer(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    indicator = wizard.view.save_indicator
    sink.fail_next = 1
    with qtbot.waitSignal(wizard.answer_save_failed, timeout=2000) as failed:
        choose(qtbot, wizard, "A8", 1)
    assert failed.args is not None and failed.args[0] == "A8"
    assert indicator.state() == "failed"
    assert "Not saved" in indicator.label.text()
    assert "still on screen" in indicator.label.text()
    assert indicator.retry.isVisibleTo(wizard.view)
    assert wizard.unsaved_codes() == {"A8"}
    assert "A8" not in sink.answers

    with qtbot.waitSignal(wizard.answer_saved, timeout=2000):
        qtbot.mouseClick(indicator.retry, Qt.MouseButton.LeftButton)
    assert sink.answers["A8"] == "yes"
    assert wizard.unsaved_codes() == frozenset()
    assert indicator.state() == "saved"
    assert not indicator.retry.isVisibleTo(wizard.view)


# ---------------------------------------------------------------- validation


def test_dates_are_typed_as_dd_mm_yyyy_and_show_the_weekday(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    item = wizard.view.items["A1"]
    wizard.go_to_item("A1")
    type_text(qtbot, "31/02/1990")
    assert "A1" not in wizard.answers
    assert item.problem_label.isVisibleTo(wizard.view)
    assert item.problem_label.text() == "Error: That day does not exist in that month."
    focused().clear()  # type: ignore[attr-defined]
    type_text(qtbot, "1/2/1990")
    assert wizard.answers["A1"] == date(1990, 2, 1)
    assert item.editor.shown_as.text() == "Thursday 1 February 1990"  # type: ignore[attr-defined]
    assert not item.problem_label.isVisibleTo(wizard.view)
    focused().clear()  # type: ignore[attr-defined]
    type_text(qtbot, "01/01/2030")  # after the screening date
    assert wizard.answers["A1"] == date(2030, 1, 1)  # kept in the draft ...
    assert "A1" in wizard.evaluation.invalid  # ... but it does not count
    assert item.problem_label.text() == "Error: This answer cannot be in the future."
    assert wizard.section_progress("about_you").startswith("! 1 to correct")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("05/03/1990", date(1990, 3, 5)), ("5.3.1990", date(1990, 3, 5)),
     ("5-3-1990", date(1990, 3, 5)), ("1990-03-05", date(1990, 3, 5)), ("", None)],
)
def test_parse_date_accepts_the_usual_ways_of_typing_a_date(text: str, expected: date | None
                                                           ) -> None:
    assert parse_date(text) == (expected, None)


@pytest.mark.parametrize("text", ["5/3/90", "13/13/1990", "yesterday", "29/02/2023"])
def test_parse_date_explains_what_it_cannot_read(text: str) -> None:
    value, problem = parse_date(text)
    assert value is None and problem


def test_language_accepts_a_name_from_the_list_or_a_bcp47_code(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    item = wizard.view.items["A13_language"]
    wizard.go_to_item("A13_language")
    combo = focused()
    assert isinstance(combo, QComboBox)
    combo.setEditText("")
    type_text(qtbot, "Polish")
    press(qtbot, Qt.Key.Key_Return)
    # The completer's popup may leave the offscreen platform thinking it is active.
    wizard.view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard.view)
    assert wizard.answers["A13_language"] == "pl"
    assert "COMMUNICATION_SUPPORT" in wizard.evaluation.flag_codes()
    combo.setEditText("")
    combo.setFocus()
    type_text(qtbot, "sgn-GB-x-custody")
    tab(qtbot)
    wizard.view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard.view)
    assert wizard.answers["A13_language"] == "sgn-GB-x-custody"
    combo.setEditText("")
    combo.setFocus()
    type_text(qtbot, "not a language!")
    tab(qtbot)
    assert "A13_language" not in wizard.answers
    assert "language code" in item.problem_label.text()


def test_ethnicity_lists_the_19_ons_categories_under_their_groups(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink, form_id="ld-court-screen")
    editor = wizard.view.items["B12_ethnicity"].editor
    combo = editor.combo  # type: ignore[attr-defined]
    codes = editor.codes()  # type: ignore[attr-defined]
    assert len(codes) == 20 and codes[-1] == "prefer_not_to_say"
    headers = [combo.itemText(i) for i in range(combo.count())
               if not combo.model().item(i).isEnabled()]
    assert headers[0].startswith("Asian") and len(headers) == 5
    wizard.go_to_item("B12_ethnicity")
    assert focused() is combo
    press(qtbot, Qt.Key.Key_Down)  # skips the group heading
    assert combo.currentData(Qt.ItemDataRole.UserRole) == "asian_bangladeshi"


# ---------------------------------------------------------------- review


def test_unanswered_required_links_jump_back_to_the_question(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    answers = {"A1": date(1990, 2, 1), "A1b": "no", "A7": "within_month", "A8": "yes"}
    wizard = open_wizard(qtbot, library, database, sink, answers=answers)
    wizard.go_to(REVIEW_PAGE)
    review = wizard.review.view
    missing = review.link_codes("missing")
    assert missing[:3] == ["A5", "A7_custody", "A9a"]
    assert not review.finalise_button.isEnabled()
    assert "once every required question has an answer" in review.finalise_note.text()
    first = review.links["missing"][0]
    assert focused() is first
    assert "A5: Do you have a mental-health condition" in first.label_text()

    press(qtbot, Qt.Key.Key_Space)
    assert wizard.view.current_page() == "health"
    assert focused_item() == "A5"
    problem = wizard.view.items["A5"].problem_label
    assert problem.isVisibleTo(wizard.view) and needs_answer_text() in problem.text()
    digit(qtbot, 2)
    assert not problem.isVisibleTo(wizard.view)

    wizard.go_to(REVIEW_PAGE)
    assert review.link_codes("missing")[0] == "A7_custody"
    qtbot.mouseClick(review.links["missing"][0], Qt.MouseButton.LeftButton)
    assert focused_item() == "A7_custody"


def test_review_shows_declined_questions_and_finalise_waits_for_required_answers(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    complete = {
        "A1": date(1990, 2, 1), "A1b": "no", "A5": "no", "A7": "declined", "A8": "no",
        "A9a": "no", "A10": ["none"], "A11": "no", "A12": "no", "A13_language": "en",
        "A13_interpreter": "no", "A14": ["none"], "A15_i": "no", "A15_ii": "no",
        "A15_iii": "no", "A16": "no", "A18": "1", "A19_referred": ["none"],
    }
    wizard = open_wizard(qtbot, library, database, sink, answers=complete)
    wizard.go_to(REVIEW_PAGE)
    review = wizard.review.view
    assert review.link_codes("declined") == ["A7"]
    assert review.flag_cards == {}
    assert review.finalise_button.isEnabled()
    assert focused() is review.finalise_button
    with qtbot.waitSignal(wizard.finalise_requested, timeout=2000):
        press(qtbot, Qt.Key.Key_Space)

    wizard.go_to_item("A18")
    wizard.view.items["A18"].editor.set_value(None)
    wizard.answer_edited("A18", None)
    wizard.go_to(REVIEW_PAGE)
    assert review.link_codes("missing") == ["A18"]
    assert not review.finalise_button.isEnabled()
    with qtbot.assertNotEmitted(wizard.finalise_requested):
        review.finalise_button.click()


def test_flag_levels_are_shown_by_word_and_shape_not_colour_alone(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    answers = {"A7": "within_12_months", "A9a": "yes", "A9b": "yes", "A17": "Halal food"}
    wizard = open_wizard(qtbot, library, database, sink, answers=answers)
    wizard.go_to(REVIEW_PAGE)
    cards = wizard.review.view.flag_cards
    words = {code: card.badge.word.text() for code, card in cards.items()}
    shapes = {code: card.badge.icon.accessibleName() for code, card in cards.items()}
    assert words["SELF_HARM_HISTORY"] == "WARNING" and "triangle" in shapes["SELF_HARM_HISTORY"]
    assert words["REFER_LIAISON_DIVERSION"] == "ATTENTION"
    assert "diamond" in shapes["REFER_LIAISON_DIVERSION"]
    assert {w for w in words.values()} <= {"ALERT", "WARNING", "ATTENTION", "INFO"}
    levels = [card.flag.level for card in cards.values()]
    assert levels == sorted(levels, key=["alert", "warning", "attention", "info"].index)


# ---------------------------------------------------------------- modes and resume


def test_easy_read_and_welsh_change_the_wording_not_the_answers(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink, answers={"A2": "no"})
    form = library.get("custody-screen")
    item = wizard.view.items["A2"]
    assert item.question_label.text() == text_in(form.items["A2"].text, "en")
    qtbot.mouseClick(wizard.view.easy_read_button, Qt.MouseButton.LeftButton)
    assert item.question_label.text() == "Have you been in a police cell before?"
    assert item.editor.buttons[0].label_text() == "This is my first time"  # type: ignore[attr-defined]
    assert "Have you been in a police cell before?" in item.editor.buttons[0].accessibleName()  # type: ignore[attr-defined]
    wizard.set_language("cy")
    assert item.question_label.text() == text_in(form.items["A2"].easy_read, "cy")
    assert wizard.view.sections["about_you"].heading.text() == "1. Amdanoch chi"
    assert "Translation note" in wizard.view.intro.review_note.text()
    wizard.set_easy_read(False)
    assert item.question_label.text() == "Ai dyma'r tro cyntaf i chi fod yn nalfa'r heddlu?"
    assert wizard.answers == {"A2": "no"}
    assert item.editor.value() == "no"


def test_a_draft_reopens_exactly_where_it_was_left(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    first = open_wizard(qtbot, library, database, sink)
    first.go_to("health")
    first.go_to_item("A8")
    digit(qtbot, 1)
    tab(qtbot)
    assert focused_item() == "A9a"
    assert first.position == WizardPosition("health", "A9a")
    drain(qtbot, database)
    assert sink.positions[-1] == ("health", "A9a")
    first.view.close()

    section, code = sink.positions[-1]
    assert section is not None
    reopened = open_wizard(qtbot, library, database, RecordingSink(),
                           answers=dict(sink.answers),  # type: ignore[arg-type]
                           position=WizardPosition(section, code))
    assert reopened.view.current_page() == "health"
    assert focused_item() == "A9a"
    assert reopened.view.items["A8"].editor.value() == "yes"


def test_an_unknown_position_opens_at_the_introduction(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink,
                         position=WizardPosition("no_such_section", "A1"))
    assert wizard.view.current_page() == INTRO_PAGE


def test_the_outline_shows_progress_and_jumps_by_keyboard(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink,
                         answers={"A1": date(1990, 2, 1), "A1b": "no"})
    outline = wizard.view.outline
    assert wizard.section_progress("about_you") == "✓ Done: 2 of 2 required"
    assert wizard.section_progress("health") == "0 of 6 required answered"
    entry = outline.entry(INTRO_PAGE)
    assert entry.isChecked()
    entry.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is outline.entry("health")
    press(qtbot, Qt.Key.Key_Space)
    assert wizard.view.current_page() == "health"
    assert outline.entry("health").isChecked() and not entry.isChecked()
    assert wizard.section_progress(INTRO_PAGE) == "✓ Read"


def test_the_weekday_follows_the_form_language(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink, answers={"A1": date(1990, 2, 1)})
    shown_as = wizard.view.items["A1"].editor.shown_as  # type: ignore[attr-defined]
    assert shown_as.text() == "Thursday 1 February 1990"
    wizard.set_language("cy")
    assert shown_as.text() == "Dydd Iau 1 Chwefror 1990"
    assert wizard.view.items["A1"].why_label.text().startswith("Pam rydyn ni'n gofyn: ")


def test_the_easy_read_state_is_in_words_not_only_colour(
    qtbot: QtBot, library: FormLibrary, database: DatabaseWorker, sink: RecordingSink
) -> None:
    wizard = open_wizard(qtbot, library, database, sink)
    button = wizard.view.easy_read_button
    assert button.text() == "Easy read: off"
    button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert button.text() == "Easy read: on" and wizard.easy_read


def test_the_review_gives_reference_answers_in_the_form_language(library: FormLibrary) -> None:
    from screening.ui.review import answer_text

    form = library.get("ld-court-screen")
    assert answer_text(form, "B12_ethnicity", "asian_indian") == "Asian, Asian British or Asian Welsh: Indian"
    welsh = answer_text(form, "B12_ethnicity", "asian_indian", lang="cy")
    assert welsh.endswith("Indiaidd") and "Asian" not in welsh
    assert answer_text(form, "B12_ethnicity", None, lang="cy") == "heb ei ateb"
