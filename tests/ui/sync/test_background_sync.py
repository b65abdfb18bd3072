"""Background sync in the real app (real widgets offscreen, a real encrypted demo station enrolled
with a real central service over HTTP): nothing is ever pressed to sync.

- From start-up, before anyone logs in, the outbox is pushed and the header says when it last
  synced; a screening finalised in the app reaches the centre by itself.
- With the centre unreachable the status says offline and what waits; nothing is lost, and it
  all goes when the centre is back.
- A record the centre refused shows in the sync details with its reason; a supervisor's Retry
  sends it again (an officer cannot retry).
- A form version published at the centre is pulled after login, added to the running library,
  and new screenings use it (also after a restart).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from screening.checklist.loader import FormLibrary
from screening.services import PersonDetails, Services, station_admin
from screening.services.sync_state import SyncFolder
from screening.ui.flow import ScreeningPages
from screening.ui.startup import Application
from screening.ui.syncing import QuarantineDialog, SyncController, not_connected_text
from screening.ui.wizard import REVIEW_PAGE
from sync.server import admin
from sync.server.db import resources
from tests.conftest import FORMS
from tests.sync.conftest import Central, free_port
from tests.ui.flow.test_resume_take_over_finalise import QUIET
from tests.ui.station.helpers import OFFICER, SUPERVISOR, WAIT_MS, log_in, wait_for_session

T = TypeVar("T")

StartApp = Callable[..., Application]


# --- helpers ---------------------------------------------------------------------------------------


def call(qtbot: QtBot, app: Application, operation: Callable[[Services], T]) -> T:
    """Run a use case on the app's database worker (as the logged-in user) and wait for it."""
    assert app.context is not None
    done: list[Any] = []
    failed: list[BaseException] = []
    app.context.gateway.call(operation, label="test", on_done=done.append, on_error=failed.append)
    qtbot.waitUntil(lambda: bool(done or failed), timeout=WAIT_MS)
    if failed:
        raise failed[0]
    return done[0]  # type: ignore[no-any-return]


def new_draft(services: Services) -> UUID:
    person = services.people.create(details=PersonDetails(
        given_names="Tomos", family_name="Rhys", date_of_birth=date(1979, 11, 4)))
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    for code, value in QUIET.items():
        services.screenings.answer(screening_id=draft.id, item_code=code, value=value)
    return draft.id


def finalised_offline(home: Path, library: FormLibrary) -> UUID:
    """A screening finalised by the demo custody officer while the app is closed."""
    services = station_admin.open_services(home, user_id=OFFICER.user_id,
                                           passphrase=OFFICER.passphrase, library=library)
    try:
        draft_id = new_draft(services)
        services.screenings.complete_and_finalise(screening_id=draft_id,
                                                  passphrase=OFFICER.passphrase)
    finally:
        services.lock()
    return draft_id


def held(central: Central, resource_type: str, resource_id: str) -> bool:
    with central.engine.connect() as connection:
        row = connection.execute(
            select(resources.c.resource_id).where(resources.c.resource_type == resource_type,
                                                  resources.c.resource_id == resource_id)
        ).first()
    return row is not None


def sync_of(app: Application) -> SyncController:
    assert isinstance(app.sync, SyncController)
    return app.sync


def header_text(app: Application) -> str:
    workspace = app.window.workspace
    return workspace.sync_status.text() if workspace is not None else app.window.sync_status_text()


def finalise_in_the_app(qtbot: QtBot, app: Application, draft_id: UUID) -> None:
    """Open the draft, go to its review, Finalise, continue past consent, sign with the
    passphrase: what an officer does."""
    assert app.context is not None
    pages = app.context.extras["screening_pages"]
    assert isinstance(pages, ScreeningPages)
    flow = pages.flow
    app.context.navigator.screening_requested.emit(str(draft_id))
    qtbot.waitUntil(lambda: flow.page() == "wizard" and flow.wizard is not None, timeout=WAIT_MS)
    wizard = flow.wizard
    assert wizard is not None
    wizard.go_to(REVIEW_PAGE)
    qtbot.waitUntil(wizard.review.view.finalise_button.isEnabled, timeout=WAIT_MS)
    wizard.review.view.finalise_button.click()
    qtbot.waitUntil(lambda: flow.page() == "consent", timeout=WAIT_MS)
    flow.consent.view.continue_button.click()
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=WAIT_MS)
    dialog = flow.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.passphrase, OFFICER.passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.page() == "record", timeout=WAIT_MS)


# --- tests -----------------------------------------------------------------------------------------


def test_a_screening_finalised_in_the_app_reaches_the_centre_by_itself(
    qtbot: QtBot, central: Central, demo_home: Path, start_app: StartApp
) -> None:
    app = start_app(demo_home)
    window = app.window
    # Pushed at start-up, before anyone logged in (no unlock needed).
    qtbot.waitUntil(lambda: "last synced at" in window.sync_status_text(), timeout=WAIT_MS)
    assert window.sync_status_text().startswith("Central service: up to date")
    assert SyncFolder(demo_home).waiting_count() == 0

    log_in(qtbot, app, OFFICER.user_id, OFFICER.passphrase)
    wait_for_session(qtbot, app)
    workspace = window.workspace
    assert workspace is not None
    assert workspace.sync_status.text() == window.sync_status_text()
    home = app.shell.pages["home"]
    assert home.view.sync_status.text() == window.sync_status_text()  # type: ignore[attr-defined]

    draft_id = call(qtbot, app, new_draft)
    seen: list[str] = []
    sync_of(app).status_changed.connect(seen.append)
    finalise_in_the_app(qtbot, app, draft_id)
    # No sync button: the finalisation itself pokes the worker.
    qtbot.waitUntil(lambda: held(central, "QuestionnaireResponse", str(draft_id)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "up to date" in header_text(app) and "waiting" not in header_text(app),
                    timeout=WAIT_MS)
    assert "last synced at" in header_text(app)
    assert any("syncing" in text for text in seen)
    assert SyncFolder(demo_home).waiting_count() == 0


def test_offline_says_so_loses_nothing_and_sends_when_the_centre_is_back(
    qtbot: QtBot, central: Central, demo_home: Path, start_app: StartApp, own_library: FormLibrary
) -> None:
    folder = SyncFolder(demo_home)
    enrolment = folder.enrolment()
    # The central service is down: nothing listens where the station sends.
    folder.save_enrolment(enrolment.model_copy(update={"url": f"http://127.0.0.1:{free_port()}"}))
    screening_id = finalised_offline(demo_home, own_library)
    waiting = folder.waiting_count()
    assert waiting >= 2

    app = start_app(demo_home)
    qtbot.waitUntil(lambda: app.window.sync_status_text().startswith("Central service: offline"),
                    timeout=WAIT_MS)
    text = app.window.sync_status_text()
    assert f"{folder.waiting_count()} waiting" in text and "never synced" in text
    assert folder.waiting_count() == waiting and folder.quarantined_count() == 0
    assert not held(central, "QuestionnaireResponse", str(screening_id))

    folder.save_enrolment(enrolment)  # back: the worker's backoff tries again by itself
    qtbot.waitUntil(lambda: "up to date" in app.window.sync_status_text(), timeout=WAIT_MS)
    assert held(central, "QuestionnaireResponse", str(screening_id))
    assert folder.waiting_count() == 0 and "last synced at" in app.window.sync_status_text()


def test_a_refused_record_shows_with_its_reason_and_a_supervisor_retries_it(
    qtbot: QtBot, central: Central, demo_home: Path, start_app: StartApp, own_library: FormLibrary
) -> None:
    folder = SyncFolder(demo_home)
    screening_id = finalised_offline(demo_home, own_library)
    damaged = next(e for e in folder.envelopes() if e.resource_id == str(screening_id))
    original = damaged.read()
    data = bytearray(original)
    data[len(data) // 2] ^= 0x01
    damaged.path.write_bytes(bytes(data))

    app = start_app(demo_home)
    qtbot.waitUntil(lambda: "1 needs attention" in app.window.sync_status_text(), timeout=WAIT_MS)
    assert not held(central, "QuestionnaireResponse", str(screening_id))

    # An officer sees why, but cannot retry.
    log_in(qtbot, app, OFFICER.user_id, OFFICER.passphrase)
    wait_for_session(qtbot, app)
    workspace = app.window.workspace
    assert workspace is not None
    qtbot.mouseClick(workspace.sync_status, Qt.MouseButton.LeftButton)
    dialog = sync_of(app).dialog
    assert isinstance(dialog, QuarantineDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.model.rowCount() == 1, timeout=WAIT_MS)
    record = dialog.model.index(0, 0).data()
    reason = dialog.model.index(0, 1).data()
    assert record.startswith("Screening " + str(screening_id)[:8])
    assert "could not accept the record" in reason and "envelope-" in reason
    assert not dialog.retry_button.isEnabled()
    assert "A supervisor or an administrator can retry" in dialog.note.text()
    dialog.close_button.click()
    app.shell.end_session()

    # A supervisor retries (from the keyboard: the status area takes focus and Space opens it).
    log_in(qtbot, app, SUPERVISOR.user_id, SUPERVISOR.passphrase)
    wait_for_session(qtbot, app)
    workspace = app.window.workspace
    assert workspace is not None
    workspace.sync_status.setFocus()
    qtbot.keyClick(workspace.sync_status, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.model.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.retry_button.isEnabled()
    # Whatever refused it has been put right (here: the envelope as it was sealed).
    (folder.quarantine_dir / damaged.path.name).write_bytes(original)
    dialog.retry_button.click()
    qtbot.waitUntil(lambda: held(central, "QuestionnaireResponse", str(screening_id)),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0 and "attention" not in header_text(app),
                    timeout=WAIT_MS)
    assert "Nothing needs attention" in dialog.lead.text()
    # The client settles a batch (removes its files) just after the centre has answered it.
    qtbot.waitUntil(lambda: folder.quarantined_count() == 0 and folder.waiting_count() == 0,
                    timeout=WAIT_MS)


def test_a_form_version_published_at_the_centre_is_used_for_new_screenings(
    qtbot: QtBot, central: Central, demo_home: Path, start_app: StartApp,
    own_library: FormLibrary, tmp_path: Path
) -> None:
    text = (FORMS / "custody-screen" / "1.0.0.yaml").read_text(encoding="utf-8")
    published = tmp_path / "publish" / "custody-screen" / "1.1.0.yaml"
    published.parent.mkdir(parents=True)
    published.write_text(text.replace("\nversion: 1.0.0\n", "\nversion: 1.1.0\n", 1),
                         encoding="utf-8")
    admin.publish_form(central.engine, central.keys, published)
    assert own_library.get("custody-screen").version == "1.0.0"

    app = start_app(demo_home)
    log_in(qtbot, app, OFFICER.user_id, OFFICER.passphrase)
    wait_for_session(qtbot, app)
    # Pulled after login, verified, and added to the running library.
    qtbot.waitUntil(lambda: own_library.get("custody-screen").version == "1.1.0", timeout=WAIT_MS)
    assert ("custody-screen", "1.0.0") in own_library.forms  # the shipped version stays
    startable = call(qtbot, app, lambda s: [(f.id, f.version) for f in
                                            s.screenings.startable_forms()])
    assert ("custody-screen", "1.1.0") in startable
    draft_id = call(qtbot, app, new_draft)
    pinned = call(qtbot, app, lambda s: s.screenings.get(screening_id=draft_id).form_version)
    assert pinned == "1.1.0"
    app.window.close()
    app.shutdown()

    # After a restart (the shipped forms only), the received version is back at login.
    fresh = FormLibrary.load(FORMS)
    again = start_app(demo_home, library=fresh)
    received: list[list[str]] = []
    sync_of(again).forms_received.connect(received.append)
    log_in(qtbot, again, OFFICER.user_id, OFFICER.passphrase)
    wait_for_session(qtbot, again)
    qtbot.waitUntil(lambda: fresh.get("custody-screen").version == "1.1.0", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: received == [["custody-screen 1.1.0"]], timeout=WAIT_MS)


def test_a_station_that_is_not_enrolled_says_not_connected(
    qtbot: QtBot, demo_home: Path, start_app: StartApp
) -> None:
    SyncFolder(demo_home).enrolment_path.unlink()
    app = start_app(demo_home)
    qtbot.waitUntil(lambda: app.window.sync_status_text() == not_connected_text(), timeout=WAIT_MS)


def test_closing_the_app_does_not_wait_out_a_request_the_centre_never_answers(
    qtbot: QtBot, demo_home: Path, start_app: StartApp
) -> None:
    import socket
    import threading
    import time

    from screening.ui.syncing import STOP_WAIT
    from tests.ui.helpers import close_app

    # The fault injected: a service that takes the connection and never answers.
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def hold() -> None:
        with contextlib.suppress(OSError):
            while True:
                accepted.append(listener.accept()[0])

    threading.Thread(target=hold, daemon=True).start()
    folder = SyncFolder(demo_home)
    enrolment = folder.enrolment()
    folder.save_enrolment(enrolment.model_copy(
        update={"url": f"http://127.0.0.1:{listener.getsockname()[1]}"}))
    waiting = folder.waiting_count()
    try:
        app = start_app(demo_home, sync_client_options={"max_attempts": 1, "timeout": 120.0})
        qtbot.waitUntil(lambda: bool(accepted), timeout=WAIT_MS)  # a push is waiting on it
        started = time.monotonic()
        close_app(app)
        assert time.monotonic() - started < STOP_WAIT + 5
        assert folder.waiting_count() == waiting and folder.quarantined_count() == 0
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
