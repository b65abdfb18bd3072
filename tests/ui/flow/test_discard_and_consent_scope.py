"""Discarding one's own draft (asked first, audited, nothing left behind), and the consent page
showing, recipient by recipient, which answers each would receive with the decision being made."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from screening.domain.enums import Recipient
from screening.services.errors import NotFoundError
from screening.services.station_admin import StationAdmin
from tests.ui.flow.conftest import AppSession
from tests.ui.flow.test_resume_take_over_finalise import QUIET, new_draft, open_draft

WAIT_MS = 15000


def test_the_author_discards_their_draft_after_confirming(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    draft_id = new_draft(app, {"A1b": "no"})
    open_draft(qtbot, app, draft_id)
    flow = app.screening_pages.flow
    wizard = flow.wizard
    assert wizard is not None
    button = wizard.view.discard_button
    assert button.isVisibleTo(wizard.view) and button.accessibleName()

    # Asked first; keeping it changes nothing.
    button.click()
    dialog = flow.discard_dialog
    assert dialog is not None and dialog.isVisible()
    assert "cannot be undone" in dialog.lead.text() and "Tomos RHYS" in dialog.lead.text()
    qtbot.waitUntil(dialog.cancel_button.hasFocus)
    assert dialog.cancel_button.isDefault() and not dialog.action_button.isDefault()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: flow.discard_dialog is None)
    app.drain()
    assert app.call(lambda s: s.screenings.get(screening_id=draft_id)).id == draft_id

    # Confirmed: gone, audited, and the officer is taken to the person's page.
    button.click()
    dialog = flow.discard_dialog
    assert dialog is not None
    person_id = str(app.call(lambda s: s.screenings.get(screening_id=draft_id)).person_id)
    with qtbot.waitSignal(flow.person_requested, timeout=WAIT_MS) as shown:
        dialog.action_button.click()
    assert shown.args == [person_id]
    qtbot.waitUntil(lambda: flow.wizard is None and flow.current is None, timeout=WAIT_MS)
    with pytest.raises(NotFoundError):
        app.call(lambda s: s.screenings.get(screening_id=draft_id))
    assert app.call(lambda s: s.screenings.my_drafts()) == []
    app.logout()
    app.login("ps1")
    events = app.call(lambda s: StationAdmin(s).audit_trail())
    discards = [e for e in events if e.event == "discard"]
    assert len(discards) == 1 and discards[0].user_id == "pc1234"
    assert discards[0].subjects.get("screening") == str(draft_id)


def test_a_colleague_cannot_discard_someone_elses_draft(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    draft_id = new_draft(app)
    app.logout()
    app.login("pc5678")
    open_draft(qtbot, app, draft_id, page="take-over")
    flow = app.screening_pages.flow
    assert flow.wizard is None
    flow.ask_discard()  # not their draft: nothing to ask
    assert flow.discard_dialog is None


def _lines(text: str, heading: str) -> list[str]:
    """The bullet lines under ``heading`` in a card's preview."""
    found: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("  • "):
            if inside:
                found.append(line.removeprefix("  • ").split(":", 1)[0])
        else:
            inside = heading in line
    return found


def test_each_recipient_card_shows_which_answers_they_would_receive(
    qtbot: QtBot, app: AppSession
) -> None:
    app.login("pc1234")
    draft_id = new_draft(app, {**QUIET, "A4": "yes", "A4_details": "Anxiety"})
    open_draft(qtbot, app, draft_id)
    flow = app.screening_pages.flow
    flow._to_consent()  # noqa: SLF001 - what the review page's Finalise does
    cards = flow.consent.view.cards
    cps = cards[Recipient.CPS]
    qtbot.waitUntil(lambda: bool(cps.receives.text()), timeout=WAIT_MS)
    assert cps.receives_button.isVisible() and not cps.receives.isVisible()
    cps.receives_button.click()
    assert cps.receives.isVisible() and cps.receives.accessibleName()
    assert "Hide" in cps.receives_button.text()

    # Not asked: the CPS gets the disclosable facts; health answers and custody notes stay.
    text = cps.receives.text()
    shown = _lines(text, "would receive these answers")
    assert "A1b" in shown and "A13_language" in shown
    assert "A4" not in shown and "A2" not in shown
    assert "A15_i" in _lines(text, "Only as the flag")
    assert {"A4", "A4_details", "A2"} <= set(_lines(text, "Not shared"))
    # Custody and escort staff get the operational notes too.
    escort = cards[Recipient.CUSTODY_ESCORT].receives.text()
    assert "A2" in _lines(escort, "would receive these answers")

    # Agreeing to share health details, capacity considered: the health answers are included.
    cps.decisions["given"].setChecked(True)
    cps.capacity.setChecked(True)
    shown = _lines(cps.receives.text(), "would receive these answers")
    assert {"A4", "A4_details", "A1b"} <= set(shown)
    # Without capacity considered, the consent would not be relied on, and it says so.
    cps.capacity.setChecked(False)
    text = cps.receives.text()
    assert "A4" not in _lines(text, "would receive these answers")
    assert "considered their capacity" in text
    # Refusing: back to the disclosable facts only. Nothing was recorded by looking.
    cps.decisions["refused"].setChecked(True)
    assert "A4" in _lines(cps.receives.text(), "Not shared")
    assert app.call(lambda s: s.consents.for_screening(screening_id=draft_id)) == []


def test_the_preview_follows_the_interface_language(qtbot: QtBot, app: AppSession) -> None:
    from screening.ui.i18n import set_language

    app.login("pc1234")
    draft_id = new_draft(app, QUIET)
    open_draft(qtbot, app, draft_id)
    flow = app.screening_pages.flow
    flow._to_consent()  # noqa: SLF001
    police = flow.consent.view.cards[Recipient.POLICE]
    qtbot.waitUntil(lambda: bool(police.receives.text()), timeout=WAIT_MS)
    set_language("cy")
    assert "Byddai Yr heddlu yn cael yr atebion hyn:" in police.receives.text()
    assert police.receives_button.text() == "Dangos pa atebion y bydden nhw'n eu cael"

