"""The must-show path of issue 4, over a real encrypted station, driven by keyboard where a person
would use the keyboard: as the custody officer, create a person, complete the custody screen,
see APPROPRIATE_ADULT and SELF_HARM_RISK with their reasons, record consent, finalise with the
passphrase, and amend with a reason (the new revision is listed, the old one stays readable)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from screening.domain.enums import DisclosureClass, Recipient, ScreeningStatus
from screening.ui.flow import PERSON_EDITOR_PAGE, PERSON_PAGE, SCREENING_PAGE
from screening.ui.wizard import INTRO_PAGE, REVIEW_PAGE
from tests.ui.flow.conftest import PASSPHRASES, AppSession
from tests.ui.helpers import alt_click, digit, focused, focused_item, press, tab, type_text


def create_person_by_keyboard(qtbot: QtBot, app: AppSession) -> str:
    pages = app.screening_pages
    app.context.navigator.people_requested.emit()
    assert focused() is pages.search.view.search
    type_text(qtbot, "Nowak")
    qtbot.waitUntil(lambda: "No one found" in pages.search.view.status.text(), timeout=5000)
    alt_click(qtbot, "n", pages.search.view.new_button)
    assert app.host.current_page() == PERSON_EDITOR_PAGE
    editor = pages.editor.view
    # The name searched for is offered as the family name.
    assert editor.family.text() == "Nowak"
    assert focused() is editor.given
    type_text(qtbot, "Ewa")
    tab(qtbot, 3)  # family name, other names, date of birth
    assert focused() is editor.birth
    type_text(qtbot, "02/03/1987")
    assert editor.birth_shown.text() == "Monday 2 March 1987"
    tab(qtbot, 3)  # age in doubt, sex, PNC ID
    assert focused() is editor.identifiers[next(iter(editor.identifiers))]
    type_text(qtbot, "87/123456X")
    tab(qtbot)  # leaving the box checks it
    pnc_problem = pages.editor.view.identifier_fields[next(iter(editor.identifiers))].problem_text()
    assert pnc_problem.startswith("The check letter X does not match 87/0123456")
    # Fix it: the right letter for 87/0123456 is worked out here, as the officer would read it
    # off the PNC record.
    from screening.domain.reference import pnc_check_letter

    shift = Qt.KeyboardModifier.ShiftModifier
    press(qtbot, Qt.Key.Key_Tab, shift)
    assert isinstance(focused(), QLineEdit)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select it all, retype
    type_text(qtbot, f"87/123456{pnc_check_letter(87, 123456)}")
    assert pages.editor.view.identifier_fields[next(iter(editor.identifiers))].problem_text() == ""
    with qtbot.waitSignal(pages.editor.person_saved, timeout=5000) as saved:
        alt_click(qtbot, "s", editor.save_button)
    person = saved.args[0]
    qtbot.waitUntil(lambda: app.host.current_page() == PERSON_PAGE and pages.person.data is not None,
                    timeout=5000)
    return str(person.id)


def test_the_custody_officer_screens_finalises_and_amends(qtbot: QtBot, app: AppSession) -> None:
    pages = app.login("pc1234")
    person_id = create_person_by_keyboard(qtbot, app)
    person_page = pages.person.view
    assert person_page.title.text() == "Ewa NOWAK"
    assert focused() is person_page.new_button

    # New screening: the chooser lists the forms a custody officer may start.
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: pages.person.chooser is not None and pages.person.chooser.isVisible())
    chooser = pages.person.chooser
    assert chooser is not None
    assert set(chooser.options) == {"custody-screen", "neurodevelopmental"}
    qtbot.waitUntil(chooser.isActiveWindow)
    assert chooser.options["custody-screen"].isChecked()
    assert focused() is chooser.options["custody-screen"]
    press(qtbot, Qt.Key.Key_Return)
    flow = pages.flow
    qtbot.waitUntil(lambda: flow.wizard is not None and flow.page() == "wizard", timeout=5000)
    assert app.host.current_page() == SCREENING_PAGE
    wizard = flow.wizard
    assert wizard is not None
    view = wizard.view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.next_button)
    assert view.current_page() == INTRO_PAGE
    # The date of birth came from the person record.
    assert wizard.answers["A1"] == date(1987, 3, 2)

    def next_page() -> None:
        alt_click(qtbot, "n", view.next_button)

    next_page()
    assert view.current_page() == "about_you" and focused_item() == "A1"
    tab(qtbot)
    assert focused_item() == "A1b"
    digit(qtbot, 2)
    tab(qtbot)
    digit(qtbot, 2)  # A2: been in custody before
    next_page()
    assert view.current_page() == "health" and focused_item() == "A3"
    type_text(qtbot, "Tired")
    tab(qtbot)
    digit(qtbot, 3)  # A3_observation: anxious
    tab(qtbot)
    digit(qtbot, 2)  # A4 no
    tab(qtbot)
    digit(qtbot, 2)  # A5 no
    tab(qtbot)
    assert focused_item() == "A6"
    tab(qtbot)
    assert focused_item() == "A7"
    assert not view.items["A7_custody"].isVisibleTo(view)
    digit(qtbot, 4)  # within the last month: a conditional question appears
    assert view.items["A7_custody"].isVisibleTo(view)
    tab(qtbot)
    assert focused_item() == "A7_custody"
    digit(qtbot, 2)
    tab(qtbot)
    digit(qtbot, 1)  # A8: thoughts of self-harm now
    tab(qtbot)
    digit(qtbot, 2)  # A9a no
    tab(qtbot)
    digit(qtbot, 1)  # A10 none
    tab(qtbot)
    digit(qtbot, 2)  # A11 no
    next_page()
    assert view.current_page() == "rights_communication"
    digit(qtbot, 2)  # A12 no
    tab(qtbot)
    assert focused_item() == "A13_language"
    press(qtbot, Qt.Key.Key_Down)
    tab(qtbot)
    digit(qtbot, 2)  # A13_interpreter no
    next_page()
    assert view.current_page() == "officer_observations"
    digit(qtbot, 1)  # A14 none
    for choice in (1, 2, 2, 2):  # A15_i yes; A15_ii, A15_iii, A16 no
        tab(qtbot)
        digit(qtbot, choice)
    next_page()
    assert view.current_page() == "needs_actions"
    tab(qtbot)
    digit(qtbot, 2)  # A18
    tab(qtbot)
    digit(qtbot, 1)  # A19_referred: none
    next_page()
    assert view.current_page() == REVIEW_PAGE

    review = wizard.review.view
    assert {"APPROPRIATE_ADULT", "SELF_HARM_RISK"} <= set(review.flag_cards)
    adult = review.flag_cards["APPROPRIATE_ADULT"]
    assert [label.text() for label in adult.reason_labels] == ["• A15_i = yes"]
    risk = review.flag_cards["SELF_HARM_RISK"]
    assert [label.text() for label in risk.reason_labels] == ["• A8 = yes", "• A7 = within_month"]
    assert focused() is review.finalise_button

    # Every answer is in the station already (the wizard saved each as it was given).
    app.drain()
    draft_id = flow.current.screening.id if flow.current else None
    assert draft_id is not None
    stored = app.call(lambda s: s.screenings.get(screening_id=draft_id).answer_values())
    assert stored == wizard.answers
    assert stored["A8"] == "yes" and stored["A7_custody"] == "no"

    # Finalise -> consent per recipient first.
    alt_click(qtbot, "f", review.finalise_button)
    qtbot.waitUntil(lambda: flow.page() == "consent")
    consent = flow.consent.view
    police = consent.cards[Recipient.POLICE]
    assert focused() is police.decisions["not_asked"]
    tab(qtbot)  # the CPS card's decision
    cps = consent.cards[Recipient.CPS]
    assert focused() is cps.decisions["not_asked"]
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Right)
    assert cps.decisions["refused"].isChecked() and focused() is cps.decisions["refused"]
    tab(qtbot)
    assert focused() is cps.capacity
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, 2)  # the capacity note, then the court
    for recipient in (Recipient.COURT, Recipient.DEFENCE, Recipient.PROBATION,
                      Recipient.PRISON_HEALTHCARE):
        assert focused() is consent.cards[recipient].decisions["not_asked"]
        tab(qtbot)
    ld = consent.cards[Recipient.LIAISON_DIVERSION]
    assert focused() is ld.decisions["not_asked"]
    press(qtbot, Qt.Key.Key_Right)
    assert ld.decisions["given"].isChecked()
    # Health details are what consent is for: ticked for the officer to confirm or change.
    assert ld.scope[DisclosureClass.CONFIDENTIAL].isChecked()
    tab(qtbot, 4)  # health details, disclosable facts, operational details, capacity
    assert focused() is ld.capacity
    press(qtbot, Qt.Key.Key_Space)
    assert cps.capacity.isChecked() and ld.capacity.isChecked()
    alt_click(qtbot, "c", consent.continue_button)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=5000)
    dialog = flow.dialog
    assert dialog is not None
    assert "Flags raised: Appropriate adult required; Current risk of self-harm" in dialog.lead.text()
    assert focused() is dialog.passphrase
    type_text(qtbot, PASSPHRASES["pc1234"])
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.page() == "record" and flow.current is not None
                    and flow.current.screening.status is ScreeningStatus.FINALISED, timeout=10000)

    record = flow.record.view
    assert set(record.flag_cards) >= {"APPROPRIATE_ADULT", "SELF_HARM_RISK"}
    assert "Finalised by pc1234" in record.facts_holder.findChildren(type(record.title))[0].text()
    assert any("Liaison and Diversion (L&D): Agrees to share health details" in line
               for line in record.consent_lines)
    assert any(line.startswith("Crown Prosecution Service (CPS): Does not agree")
               for line in record.consent_lines)
    assert len(record.revision_rows) == 1
    finalised_id = flow.current.screening.id

    # Amend with a reason: a new draft revision, the old one listed and readable.
    assert record.amend_button.isVisible()
    alt_click(qtbot, "a", record.amend_button)
    qtbot.waitUntil(lambda: flow.record.dialog is not None and flow.record.dialog.isVisible())
    amend = flow.record.dialog
    assert amend is not None
    qtbot.waitUntil(amend.isActiveWindow)
    assert focused() is amend.text
    alt_click(qtbot, "a", amend.action_button)  # "Start the amendment" with nothing typed
    assert "Say why the screening is being amended" in amend.problem.text()
    amend.text.setFocus()
    type_text(qtbot, "A7 was within 12 months, not within the month")
    alt_click(qtbot, "a", amend.action_button)
    qtbot.waitUntil(lambda: flow.page() == "wizard" and flow.current is not None
                    and flow.current.screening.revision == 2, timeout=10000)
    amended = flow.current.screening
    assert amended.replaces == finalised_id
    assert amended.amend_reason == "A7 was within 12 months, not within the month"
    assert flow.wizard is not None and flow.wizard.view.current_page() == "about_you"

    revisions = app.call(lambda s: s.screenings.revisions(screening_id=amended.id))
    assert [(r.revision, r.status) for r in revisions] == [
        (1, ScreeningStatus.FINALISED), (2, ScreeningStatus.DRAFT)]

    # The person's page lists both revisions; the first still opens, read-only.
    app.context.navigator.person_requested.emit(person_id)
    qtbot.waitUntil(lambda: len(pages.person.view.rows) == 2, timeout=5000)
    texts = [b.label_text() for b in pages.person.view.rows.values()]
    assert any("Draft amendment, revision 2" in t for t in texts)
    assert any("Finalised, revision 1 (replaced by a later revision)" in t for t in texts)
    pages.person.view.rows[str(finalised_id)].click()
    qtbot.waitUntil(lambda: flow.page() == "record" and flow.current is not None
                    and flow.current.screening.id == finalised_id, timeout=5000)
    assert flow.record.view.banner.isVisible()
    assert "revision 2 replaces it" in flow.record.view.banner.text()
    assert not flow.record.view.amend_button.isVisible()
    assert len(flow.record.view.revision_rows) == 2
