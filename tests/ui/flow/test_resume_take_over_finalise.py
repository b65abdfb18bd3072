"""Drafts over a real station: resumed exactly where they were left after the app was closed,
taken over by a colleague, and a wrong passphrase at finalise losing nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from screening.domain.enums import ScreeningStatus
from screening.services import PersonDetails, Services
from screening.ui.wizard import REVIEW_PAGE
from tests.ui.flow.conftest import PASSPHRASES, AppSession
from tests.ui.helpers import alt_click, digit, focused, focused_item, press, tab, type_text

QUIET: dict[str, object] = {
    "A1b": "no", "A2": "no", "A3_observation": ["no_concerns"], "A4": "no", "A5": "no",
    "A7": "never", "A8": "no", "A9a": "no", "A10": ["none"], "A11": "no", "A12": "no",
    "A13_language": "en", "A13_interpreter": "no", "A14": ["none"], "A15_i": "no",
    "A15_ii": "no", "A15_iii": "no", "A16": "no", "A18": "1", "A19_referred": ["none"],
}


def new_draft(app: AppSession, answers: dict[str, object] | None = None) -> UUID:
    def make(services: Services) -> UUID:
        person = services.people.create(details=PersonDetails(
            given_names="Tomos", family_name="Rhys", date_of_birth=date(1979, 11, 4)))
        draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
        for code, value in (answers or {}).items():
            services.screenings.answer(screening_id=draft.id, item_code=code, value=value)
        return draft.id

    return app.call(make)


def open_draft(qtbot: QtBot, app: AppSession, screening_id: UUID, page: str = "wizard") -> None:
    flow = app.screening_pages.flow
    app.context.navigator.screening_requested.emit(str(screening_id))
    qtbot.waitUntil(lambda: flow.page() == page and flow.current is not None
                    and flow.current.screening.id == screening_id, timeout=10000)


def test_a_draft_reopens_with_the_same_answers_at_the_same_question_after_the_app_closed(
    qtbot: QtBot, open_app: Callable[[], AppSession]
) -> None:
    first = open_app()
    first.login("pc1234")
    draft_id = new_draft(first)
    open_draft(qtbot, first, draft_id)
    wizard = first.screening_pages.flow.wizard
    assert wizard is not None
    view = wizard.view
    alt_click(qtbot, "n", view.next_button)
    tab(qtbot)
    digit(qtbot, 2)  # A1b no
    tab(qtbot)
    digit(qtbot, 3)  # A2 unknown
    alt_click(qtbot, "n", view.next_button)
    type_text(qtbot, "Cold and hungry")
    for _ in range(5):  # A3_observation, A4, A5, A6, A7
        tab(qtbot)
    assert focused_item() == "A7"
    digit(qtbot, 3)  # within 12 months
    tab(qtbot)
    assert focused_item() == "A7_custody"
    answers_on_screen = dict(wizard.answers)
    # Closed mid-screening: the widgets, the Services and the workers all go.
    first.close()

    second = open_app()
    second.login("pc1234")
    open_draft(qtbot, second, draft_id)
    resumed = second.screening_pages.flow.wizard
    assert resumed is not None
    assert resumed.answers == answers_on_screen
    assert resumed.answers["A3"] == "Cold and hungry" and resumed.answers["A7"] == "within_12_months"
    assert resumed.view.current_page() == "health"
    qtbot.waitUntil(lambda: focused_item() == "A7_custody")
    assert resumed.view.items["A7_custody"].isVisibleTo(resumed.view)
    assert resumed.view.items["A3"].editor.value() == "Cold and hungry"


def test_a_colleague_takes_the_draft_over(qtbot: QtBot, open_app: Callable[[], AppSession]) -> None:
    first = open_app()
    first.login("pc1234")
    draft_id = new_draft(first, {"A2": "yes", "A8": "no"})
    first.close()

    colleague = open_app()
    colleague.login("pc5678")
    flow = colleague.screening_pages.flow
    open_draft(qtbot, colleague, draft_id, page="take-over")
    page = flow.view.take_over
    assert "belongs to pc1234" in page.details.text()
    assert page.take_button.isEnabled() and focused() is page.take_button
    alt_click(qtbot, "t", page.take_button)
    qtbot.waitUntil(lambda: flow.page() == "wizard" and flow.wizard is not None, timeout=10000)
    assert flow.wizard is not None
    assert flow.wizard.answers["A2"] == "yes" and flow.wizard.answers["A8"] == "no"
    taken = colleague.call(lambda s: s.screenings.get(screening_id=draft_id))
    assert taken.author_id == "pc5678" and taken.started_by == "pc1234"
    events = colleague.call(lambda s: [r.event for r in s.session.station.audit.records(limit=1000)])
    assert "take_over" in events
    # The colleague's answers now save as theirs.
    wizard = flow.wizard
    wizard.go_to("about_you", item_code="A2")
    qtbot.waitUntil(lambda: focused_item() == "A2")
    with qtbot.waitSignal(wizard.answer_saved, timeout=5000):
        digit(qtbot, 2)
    assert colleague.call(lambda s: s.screenings.get(screening_id=draft_id).answer_values()["A2"]) == "no"


def test_a_supervisor_cannot_take_over_an_officers_draft(
    qtbot: QtBot, open_app: Callable[[], AppSession]
) -> None:
    first = open_app()
    first.login("pc1234")
    draft_id = new_draft(first)
    first.close()
    supervisor = open_app()
    supervisor.login("ps1")
    open_draft(qtbot, supervisor, draft_id, page="take-over")
    page = supervisor.screening_pages.flow.view.take_over
    assert not page.take_button.isEnabled()
    assert "Only a colleague with the same role" in page.explain.text()


def test_a_wrong_passphrase_at_finalise_says_so_and_loses_nothing(
    qtbot: QtBot, app: AppSession
) -> None:
    app.login("pc1234")
    draft_id = new_draft(app, QUIET)
    open_draft(qtbot, app, draft_id)
    flow = app.screening_pages.flow
    wizard = flow.wizard
    assert wizard is not None
    wizard.go_to(REVIEW_PAGE)
    assert wizard.review.view.finalise_button.isEnabled()
    before = app.call(lambda s: s.screenings.get(screening_id=draft_id).answer_values())
    alt_click(qtbot, "f", wizard.review.view.finalise_button)
    qtbot.waitUntil(lambda: flow.page() == "consent")
    alt_click(qtbot, "c", flow.consent.view.continue_button)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=5000)
    dialog = flow.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    type_text(qtbot, "not my passphrase at all")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=10000)
    assert dialog.problem.text().startswith("Error: That passphrase is not right")
    assert "unchanged" in dialog.problem.text()
    assert dialog.isVisible() and dialog.passphrase.text() == ""
    assert focused() is dialog.passphrase
    after = app.call(lambda s: s.screenings.get(screening_id=draft_id))
    assert after.status is ScreeningStatus.DRAFT
    assert after.answer_values() == before
    assert wizard.answers == before

    type_text(qtbot, PASSPHRASES["pc1234"])
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.page() == "record", timeout=10000)
    final = app.call(lambda s: s.screenings.get(screening_id=draft_id))
    assert final.status is ScreeningStatus.FINALISED and final.answer_values() == before


def test_a_supervisor_signs_off_with_a_note(qtbot: QtBot, open_app: Callable[[], AppSession]) -> None:
    officer = open_app()
    officer.login("pc1234")
    draft_id = new_draft(officer, QUIET)
    officer.call(lambda s: s.screenings.complete_and_finalise(
        screening_id=draft_id, passphrase=PASSPHRASES["pc1234"]))
    open_draft(qtbot, officer, draft_id, page="record")
    assert not officer.screening_pages.flow.record.view.sign_off_button.isVisible()
    officer.close()

    supervisor = open_app()
    supervisor.login("ps1")
    open_draft(qtbot, supervisor, draft_id, page="record")
    record = supervisor.screening_pages.flow.record
    assert record.view.sign_off_button.isVisible()
    alt_click(qtbot, "s", record.view.sign_off_button)
    qtbot.waitUntil(lambda: record.dialog is not None and record.dialog.isVisible())
    dialog = record.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    type_text(qtbot, "Checked with the officer")
    with qtbot.waitSignal(record.signed_off, timeout=10000):
        alt_click(qtbot, "s", dialog.action_button)
    qtbot.waitUntil(lambda: record.opened is not None
                    and record.opened.screening.signed_off_by == "ps1", timeout=10000)
    facts = [w.text() for w in record.view.facts_holder.findChildren(type(record.view.title))]
    assert any(f.startswith("Signed off by ps1 (supervisor)") and "Checked with the officer" in f
               for f in facts)
    assert not record.view.sign_off_button.isVisible()


def test_repeated_wrong_passphrases_lock_out_with_the_wait_in_words(
    qtbot: QtBot, app: AppSession
) -> None:
    app.login("pc1234")
    draft_id = new_draft(app, QUIET)
    open_draft(qtbot, app, draft_id)
    flow = app.screening_pages.flow
    flow._to_consent()  # noqa: SLF001 - as the review page's Finalise does
    alt_click(qtbot, "c", flow.consent.view.continue_button)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=5000)
    dialog = flow.dialog
    assert dialog is not None
    for attempt in range(6):
        dialog.passphrase.setText(f"wrong passphrase {attempt}")
        dialog.action_button.click()
        qtbot.waitUntil(lambda: dialog.action_button.isEnabled() and dialog.problem.isVisible(),
                        timeout=10000)
    assert "Too many failed attempts. Wait" in dialog.problem.text()
    assert app.call(lambda s: s.screenings.get(screening_id=draft_id).status) is ScreeningStatus.DRAFT


def test_a_given_consent_is_withdrawn_from_the_finalised_view_and_revisions_open(
    qtbot: QtBot, app: AppSession
) -> None:
    from screening.domain.enums import DisclosureClass, Recipient
    from screening.domain.models import ConsentScope

    app.login("pc1234")
    draft_id = new_draft(app, QUIET)

    def consent_and_finalise(services: Services) -> UUID:
        services.consents.record(screening_id=draft_id, recipient=Recipient.LIAISON_DIVERSION,
                                 given=True, capacity_considered=True,
                                 scope=ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,)))
        services.screenings.complete_and_finalise(screening_id=draft_id,
                                                  passphrase=PASSPHRASES["pc1234"])
        return services.screenings.amend(screening_id=draft_id, reason="typo in A3").id

    amended_id = app.call(consent_and_finalise)
    open_draft(qtbot, app, draft_id, page="record")
    record = app.screening_pages.flow.record
    assert list(record.view.withdraw_buttons) and len(record.view.revision_rows) == 2
    next(iter(record.view.withdraw_buttons.values())).click()
    qtbot.waitUntil(lambda: record.confirm is not None and record.confirm.isVisible())
    confirm = record.confirm
    assert confirm is not None
    qtbot.waitUntil(confirm.isActiveWindow)
    assert focused() is confirm.cancel_button  # the safe choice first
    confirm.action_button.click()
    flow = app.screening_pages.flow
    qtbot.waitUntil(lambda: flow.current is not None and flow.page() == "record"
                    and not record.view.withdraw_buttons, timeout=10000)
    assert any("WITHDRAWN" in line for line in record.view.consent_lines)
    consents = app.call(lambda s: s.consents.for_screening(screening_id=draft_id))
    assert consents[0].withdrawn_at is not None and consents[0].withdrawn_by == "pc1234"
    # The revisions list opens the amendment (a draft: the wizard).
    record.view.revision_rows[str(amended_id)].click()
    qtbot.waitUntil(lambda: flow.page() == "wizard" and flow.current is not None
                    and flow.current.screening.id == amended_id, timeout=10000)


def test_the_finalised_view_opens_the_disclose_dialog(qtbot: QtBot, app: AppSession) -> None:
    from screening.ui.disclose import DiscloseView

    app.login("pc1234")
    draft_id = new_draft(app, QUIET)
    app.call(lambda s: s.screenings.complete_and_finalise(screening_id=draft_id,
                                                          passphrase=PASSPHRASES["pc1234"]))
    open_draft(qtbot, app, draft_id, page="record")
    record = app.screening_pages.flow.record
    assert record.view.disclose_button.isVisible()
    alt_click(qtbot, "i", record.view.disclose_button)
    qtbot.waitUntil(lambda: any(isinstance(w, DiscloseView) and w.isVisible()
                                for w in record.view.findChildren(DiscloseView)), timeout=5000)
    for view in record.view.findChildren(DiscloseView):
        view.close()
    app.drain()
