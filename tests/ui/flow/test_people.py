"""People pages over a real station: search as you type by every key (stale results never
overwrite newer ones), identifier checks that say exactly what is wrong, the services' own checks
shown under the fields, editing, and the person's page."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from screening.domain.enums import IdentifierKind
from screening.domain.reference import Ethnicity, pnc_check_letter
from screening.services import IdentifierEntry, PersonDetails, Services
from screening.ui.flow import PERSON_PAGE
from screening.ui.person_checks import identifier_problem, nhs_number_problem, pnc_id_problem
from tests.ui.flow.conftest import AppSession
from tests.ui.helpers import focused, press, type_text

VALID_NHS = "943 476 5919"
VALID_PNC = "2019/0012345G"


def seed(app: AppSession) -> dict[str, str]:
    def make(services: Services) -> dict[str, str]:
        people = {
            "jan": PersonDetails(given_names="Jan Piotr", family_name="Kowalski",
                                 date_of_birth=date(1980, 5, 20), identifiers=(
                                     IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value=VALID_NHS),
                                     IdentifierEntry(kind=IdentifierKind.PNC_ID, value=VALID_PNC),
                                     IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD,
                                                     value="01/123456/25"))),
            "anna": PersonDetails(given_names="Anna", family_name="Kowalska",
                                  date_of_birth=date(1991, 1, 2)),
            "sion": PersonDetails(given_names="Siôn", family_name="Owen", age_in_doubt=True),
        }
        return {key: str(services.people.create(details=d).id) for key, d in people.items()}

    return app.call(make)


@pytest.mark.parametrize(("query", "expected"), [
    ("kowal", {"jan", "anna"}),
    ("jan kow", {"jan"}),
    ("20/05/1980", {"jan"}),
    ("9434765919", {"jan"}),
    ("943 476 5919", {"jan"}),
    ("19/0012345G", {"jan"}),
    ("01/123456", {"jan"}),
    ("sion", {"sion"}),
    ("nobody", set()),
])
def test_search_as_you_type_by_every_key(qtbot: QtBot, app: AppSession, query: str,
                                         expected: set[str]) -> None:
    app.login("pc1234")
    ids = seed(app)
    search = app.screening_pages.search
    app.context.navigator.people_requested.emit()
    assert focused() is search.view.search
    type_text(qtbot, query)
    # Typed: the search waits for a pause in typing, then runs on the worker.
    qtbot.waitUntil(lambda: "found" in search.view.status.text(), timeout=5000)
    names = {key for key, person_id in ids.items() if person_id in {str(p.id) for p in search.results}}
    assert names == expected
    assert search.view.model.rowCount() == len(expected)
    if expected:
        press(qtbot, Qt.Key.Key_Down)
        assert focused() is search.view.table
        with qtbot.waitSignal(app.context.navigator.person_requested, timeout=3000):
            press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.host.current_page() == PERSON_PAGE)


def test_stale_results_never_overwrite_newer_ones(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    seed(app)
    search = app.screening_pages.search
    shown: list[int] = []
    search.view.model.modelReset.connect(lambda: shown.append(search.shown_generation))
    # A slow search first (the worker is busy with something else), then a newer one.
    app.tasks.database.submit(lambda: __import__("time").sleep(0.3), label="busy")
    older = search.search_now("kowal")
    newer = search.search_now("owen")
    app.drain()
    qtbot.waitUntil(lambda: search.shown_generation == newer, timeout=5000)
    assert older not in shown
    assert search.stale_results_dropped == 1
    assert [p.family_name for p in search.results] == ["Owen"]
    # Typing more, faster than the delay: one search, for what was typed last.
    search.view.search.setFocus()
    search.view.search.clear()
    before = search.shown_generation
    type_text(qtbot, "kowalsk")
    qtbot.waitUntil(lambda: {p.family_name for p in search.results} == {"Kowalski", "Kowalska"},
                    timeout=5000)
    app.drain()
    assert search.shown_generation == before + 1


@pytest.mark.parametrize(("text", "message"), [
    ("943 476 591", "An NHS number has 10 digits; this has 9."),
    ("943-476-5919", "An NHS number has only digits (spaces are fine). Remove '-'."),
    ("943 476 5918", "The last digit (the check digit) does not match the first nine"),
    ("123 456 7890", "No NHS number starts with these nine digits"),
    (VALID_NHS, None),
])
def test_nhs_number_problems_say_exactly_what_is_wrong(text: str, message: str | None) -> None:
    problem = nhs_number_problem(text)
    assert (problem is None) if message is None else (problem or "").startswith(message)


@pytest.mark.parametrize(("text", "message"), [
    ("2019-0012345G", "A PNC ID has one '/' after the year"),
    ("219/0012345G", "The year before the '/' has 2 or 4 digits"),
    ("1819/0012345G", "A four-digit year starts with 19 or 20"),
    ("19/0012345", "A PNC ID ends with its check letter"),
    ("19/G", "The number between the '/' and the check letter is missing"),
    ("19/00123A5G", "Only digits go between the '/' and the check letter."),
    ("19/00123456G", "The number after the '/' has at most 7 digits; this has 8."),
    ("19/0012345I", "The check letter is never I"),
    ("19/0012345X", "The check letter X does not match 19/0012345"),
    ("19/12345G", None),
    (VALID_PNC, None),
])
def test_pnc_id_problems_say_exactly_what_is_wrong(text: str, message: str | None) -> None:
    problem = pnc_id_problem(text)
    assert (problem is None) if message is None else (problem or "").startswith(message), problem


def test_other_references_are_checked_lightly() -> None:
    assert identifier_problem(IdentifierKind.CUSTODY_RECORD, "01/123456/25") is None
    assert identifier_problem(IdentifierKind.CUSTODY_RECORD, "ABC") == (
        "A custody record number has at least one digit (e.g. 01/123456/23).")


def test_creating_a_person_shows_every_problem_under_its_field_and_saves_nothing(
    qtbot: QtBot, app: AppSession
) -> None:
    app.login("pc1234")
    pages = app.screening_pages
    pages.create_person()
    editor = pages.editor
    view = editor.view
    view.identifiers[IdentifierKind.NHS_NUMBER].setText("943 476 5918")
    view.birth.setText("31/02/1990")
    view.language.setEditText("not a language!")
    view.save_button.click()
    fields = view.fields()
    assert fields["family_name"].problem_text().startswith("Type the person's family name")
    assert fields["date_of_birth"].problem_text() == "That day does not exist in that month."
    assert fields["identifiers.nhs_number"].problem_text().startswith("The last digit")
    assert fields["language"].problem_text().startswith("Choose a language from the list")
    assert view.summary.isVisible() and view.summary.heading.text() == "There are 4 problems"
    assert focused() is view.summary.links[0]
    assert view.summary.links[0].label_text().startswith("Family name: Type the person's")
    view.summary.links[0].click()
    assert focused() is view.family
    assert app.call(lambda s: s.people.search(query="a")) == []

    # Corrected: saved, and the page shows the person.
    view.family.setText("Evans")
    view.birth.setText("")
    view.age_in_doubt.setChecked(True)
    view.identifiers[IdentifierKind.NHS_NUMBER].setText(VALID_NHS)
    view.language.set_tag("cy")
    view.interpreter.setChecked(True)
    index = view.ethnicity.findData(Ethnicity.WHITE_OTHER.value, Qt.ItemDataRole.UserRole)
    view.ethnicity.setCurrentIndex(index)
    assert view.ethnicity_write_in_field.isVisibleTo(view)
    view.ethnicity_write_in.setText("Welsh-Italian")
    with qtbot.waitSignal(editor.person_saved, timeout=5000) as saved:
        view.save_button.click()
    person = saved.args[0]
    assert person.family_name == "Evans" and person.age_in_doubt and person.date_of_birth is None
    assert person.language == "cy" and person.interpreter_needed
    assert person.ethnicity is Ethnicity.WHITE_OTHER and person.ethnicity_write_in == "Welsh-Italian"
    assert person.identifier(IdentifierKind.NHS_NUMBER) == "9434765919"
    qtbot.waitUntil(lambda: pages.person.data is not None, timeout=5000)
    facts = [label.text() for label in pages.person.view.fact_labels]
    assert "Date of birth not known (age in doubt)" in facts
    assert "NHS number 943 476 5919" in facts
    assert "Language: Welsh (needs an interpreter)" in facts


def test_editing_a_person_keeps_their_record_and_versions_it(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    ids = seed(app)
    pages = app.screening_pages
    app.context.navigator.person_requested.emit(ids["jan"])
    qtbot.waitUntil(lambda: pages.person.data is not None, timeout=5000)
    pages.person.view.edit_button.click()
    view = pages.editor.view
    assert view.identifiers[IdentifierKind.NHS_NUMBER].text() == VALID_NHS
    assert view.identifiers[IdentifierKind.PNC_ID].text() == "2019/0012345G"
    assert view.birth.text() == "20/05/1980"
    view.identifiers[IdentifierKind.CRO].setText("123456/89X")
    letter = pnc_check_letter(19, 12345)
    assert letter == "G"
    with qtbot.waitSignal(pages.editor.person_saved, timeout=5000) as saved:
        view.save_button.click()
    person = saved.args[0]
    assert person.version == 2 and person.identifier(IdentifierKind.CRO) == "123456/89X"
    assert person.identifier(IdentifierKind.NHS_NUMBER) == "9434765919"
