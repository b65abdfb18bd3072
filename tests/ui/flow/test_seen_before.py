"""The "Seen before at ..." panel on a person's page, over a real station: it never blocks the UI
thread, says calmly when it could not check (not enrolled, offline), shows the centre's summaries,
and shows nothing of a name + date of birth match until the user confirms it is the same person.
The central service is played by a stand-in for the network step (the look-up against the real
service is tested in tests/sync/test_lookup.py)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from screening.domain.enums import Recipient
from screening.services import PersonDetails, Services
from screening.services.shared_records import (
    NOT_ENROLLED_TEXT,
    OFFLINE_TEXT,
    LookupQuery,
    LookupState,
    SharedRecords,
)
from screening.ui.seen_before import checking_text
from sync.protocol import AgencyType, LookupCandidate, MatchKind, SharedFlag, SharedPerson, SharedSummary
from tests.ui.flow.conftest import AppSession

CANDIDATE = "3f0c7a2e-1111-4c1d-9a8e-5b5b5b5b5b5b"


def person(app: AppSession) -> str:
    def make(services: Services) -> str:
        details = PersonDetails(given_names="Anna", family_name="Kowalska", date_of_birth=date(1991, 1, 2))
        return str(services.people.create(details=details).id)

    return str(app.call(make))


def summary(match: MatchKind) -> SharedSummary:
    return SharedSummary(
        revision_id="8d6f1e52-2222-4c1d-9a8e-5b5b5b5b5b5b", agency_name="Test Constabulary",
        agency_type=AgencyType.POLICE, site="Suite A", match=match, recipient=Recipient.LIAISON_DIVERSION,
        person=SharedPerson(display_name="Anna KOWALSKA", date_of_birth=date(1991, 1, 2)),
        form_title="Custody booking-in vulnerability screen", form_id="custody-screen", form_version="1.0.0",
        screening_date=date(2025, 3, 14), revision=1, amended_revision=False,
        finalised_at=datetime(2025, 3, 14, 10, 0, tzinfo=UTC), author_role="custody_officer",
        full_record=False,
        flags=(SharedFlag(code="SELF_HARM_RISK", level="alert", label="Risk of self-harm", definition="",
                          reasons=("Based on health information held by Test Constabulary.",)),),
        withheld=("Health information is withheld: there is no consent in force.",),
    )


def shown_text(panel: Any) -> str:
    """Every label the panel shows, in order."""
    return " ".join(label.text() for label in panel.findChildren(type(panel.status))
                    if label.isVisibleTo(panel))


def open_person(qtbot: QtBot, app: AppSession, person_id: str) -> Any:
    page = app.screening_pages.person
    app.context.navigator.person_requested.emit(person_id)
    qtbot.waitUntil(lambda: page.data is not None and str(page.data.person.id) == person_id, timeout=5000)
    return page.seen_before


def test_not_enrolled_is_said_calmly_on_the_persons_page(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    seen = open_person(qtbot, app, person(app))
    qtbot.waitUntil(lambda: seen.panel.status.text() == NOT_ENROLLED_TEXT, timeout=5000)
    assert seen.panel.isVisibleTo(app.screening_pages.person.view)
    assert seen.panel.retry_button.isVisibleTo(seen.panel)


def test_offline_then_a_name_match_shown_only_once_confirmed(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    person_id = person(app)
    seen = app.screening_pages.person.seen_before
    asked: list[tuple[str, ...]] = []
    release = threading.Event()
    answers: list[SharedRecords] = [
        SharedRecords(LookupState.OFFLINE, message=OFFLINE_TEXT),
        SharedRecords(LookupState.CHECKED, candidates=(LookupCandidate(
            candidate_id=CANDIDATE, agency_name="Test Constabulary", agency_type=AgencyType.POLICE),)),
        SharedRecords(LookupState.CHECKED, summaries=(summary(MatchKind.NAME_DOB),)),
    ]

    def fetch(query: LookupQuery, confirmed: tuple[str, ...]) -> SharedRecords:
        assert "Kowalska" not in repr(query)
        release.wait(10)  # the network is slow: the UI thread must not wait for it
        asked.append(confirmed)
        return answers[len(asked) - 1]

    seen._fetch = fetch  # noqa: SLF001 - the stand-in for the central service
    open_person(qtbot, app, person_id)
    qtbot.waitUntil(lambda: seen.panel.status.text() == checking_text(), timeout=5000)
    ticked: list[int] = []
    QTimer.singleShot(0, lambda: ticked.append(1))
    qtbot.waitUntil(lambda: bool(ticked), timeout=2000)  # the UI thread runs while the network waits
    assert not asked and seen.panel.status.text() == checking_text()
    release.set()
    qtbot.waitUntil(lambda: seen.panel.status.text() == OFFLINE_TEXT, timeout=5000)
    assert seen.panel.retry_button.isVisibleTo(seen.panel)

    app.context.navigator.person_requested.emit(person_id)  # back on the page; now online
    qtbot.waitUntil(lambda: bool(seen.panel.confirm_buttons), timeout=5000)
    qtbot.waitUntil(lambda: "same name and date of birth" in shown_text(seen.panel), timeout=5000)
    texts = shown_text(seen.panel)
    assert "Risk of self-harm" not in texts and "Seen before at" not in seen.panel.status.text()
    assert asked[-1] == ()

    with qtbot.waitSignal(seen.records_shown, timeout=5000):
        qtbot.mouseClick(seen.panel.confirm_buttons[CANDIDATE], Qt.MouseButton.LeftButton)
    assert asked[-1] == (CANDIDATE,)
    assert seen.panel.status.text() == "Seen before at Test Constabulary."
    qtbot.waitUntil(lambda: "Alert: Risk of self-harm." in shown_text(seen.panel), timeout=5000)
    assert "Health information is withheld" in shown_text(seen.panel)


def test_not_the_same_person_puts_the_candidate_away(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    person_id = person(app)
    seen = app.screening_pages.person.seen_before
    seen._fetch = lambda query, confirmed: SharedRecords(  # noqa: SLF001
        LookupState.CHECKED, candidates=(LookupCandidate(
            candidate_id=CANDIDATE, agency_name="Test Constabulary", agency_type=AgencyType.POLICE),))
    open_person(qtbot, app, person_id)
    qtbot.waitUntil(lambda: bool(seen.panel.reject_buttons), timeout=5000)
    qtbot.mouseClick(seen.panel.reject_buttons[CANDIDATE], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not seen.panel.confirm_buttons, timeout=5000)
    assert seen.panel.status.text() == "Not seen before at another agency."
