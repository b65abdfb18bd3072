"""The flow inside the real app (``screening.ui.startup.Application``: login, shell, home, lock)
over a real station: the shell attaches the people and screening pages at login; a screening is
started from home, survives a lock and unlock in place, and after the app is closed
mid-screening it is continued from "My drafts" at the same question."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.services import PersonDetails
from screening.ui.flow import SCREENING_PAGE, ScreeningPages
from screening.ui.startup import Application, StartupOptions
from tests.ui.flow.conftest import PASSPHRASES
from tests.ui.helpers import close_app, digit, focused_item, tab
from tests.ui.station.helpers import FakeMonotonic, log_in, visible_texts, wait_for_session

WAIT_MS = 15000


@pytest.fixture
def start_app(qtbot: QtBot, station_home: Path, library: FormLibrary) -> Iterator[object]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    font, palette, sheet = QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet()
    started: list[Application] = []

    def start() -> Application:
        app = Application(qapp, StartupOptions(
            home=station_home, load_library=lambda: library, demo_requested=False,
            demo_allowed=False, monotonic=FakeMonotonic()))
        started.append(app)
        app.window.resize(1180, 820)
        app.start()
        qtbot.waitUntil(lambda: app.ready, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: app.context is not None and app.context.library is not None,
                        timeout=WAIT_MS)
        app.window.activateWindow()
        qtbot.waitUntil(app.window.isActiveWindow)
        return app

    yield start
    for app in started:
        close_app(app)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)



def pages_of(app: Application) -> ScreeningPages:
    assert app.context is not None
    pages = app.context.extras.get("screening_pages")
    assert isinstance(pages, ScreeningPages)
    return pages


def test_a_screening_started_in_the_app_survives_lock_and_a_restart(
    qtbot: QtBot, start_app: object
) -> None:
    app = start_app()  # type: ignore[operator]
    log_in(qtbot, app, "pc1234", PASSPHRASES["pc1234"])
    wait_for_session(qtbot, app)
    window = app.window
    pages = pages_of(app)
    assert window.workspace is not None and window.workspace.has_page(SCREENING_PAGE)

    # The shell's People button shows the search page.
    window.workspace.nav_buttons["people"].click()
    qtbot.waitUntil(lambda: window.current_page() == "people")
    person = _call(qtbot, app, lambda s: s.people.create(details=PersonDetails(
        given_names="Gwen", family_name="Price", date_of_birth=date(1995, 6, 1))))

    # Home's New screening asks for a person first, then which form.
    assert app.context is not None
    app.context.navigator.new_screening_requested.emit("")
    qtbot.waitUntil(lambda: window.current_page() == "people" and pages.search.view.choosing.isVisible())
    pages.search.search_now("price")
    qtbot.waitUntil(lambda: bool(pages.search.results), timeout=WAIT_MS)
    pages.search.person_chosen.emit(str(person.id))
    qtbot.waitUntil(lambda: pages.person.chooser is not None, timeout=WAIT_MS)
    chooser = pages.person.chooser
    assert chooser is not None
    chooser.options["custody-screen"].setChecked(True)
    chooser.start_button.click()
    flow = pages.flow
    qtbot.waitUntil(lambda: flow.wizard is not None and window.current_page() == SCREENING_PAGE,
                    timeout=WAIT_MS)
    wizard = flow.wizard
    assert wizard is not None
    qtbot.waitUntil(window.isActiveWindow)
    wizard.go_to("about_you", item_code="A1b")
    qtbot.waitUntil(lambda: focused_item() == "A1b")
    digit(qtbot, 2)
    tab(qtbot)
    digit(qtbot, 1)  # A2 yes

    # Lock: nothing personal is left in the window; unlock returns to the same question.
    app.shell.lock_now()
    qtbot.waitUntil(lambda: window.workspace is None)
    assert "Price" not in visible_texts(window)
    lock_view = app.shell.lock_view
    qtbot.keyClicks(lock_view.passphrase_edit, PASSPHRASES["pc1234"])
    qtbot.keyClick(lock_view.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    assert flow.wizard is wizard and wizard.view.current_page() == "about_you"
    qtbot.waitUntil(lambda: focused_item() == "A2")
    # Saving still works after the unlock (the same user's services resumed).
    with qtbot.waitSignal(wizard.answer_saved, timeout=WAIT_MS):
        digit(qtbot, 2)  # A2 no
    draft_id = flow.current.screening.id if flow.current else None
    close_app(app)

    again = start_app()  # type: ignore[operator]
    log_in(qtbot, again, "pc1234", PASSPHRASES["pc1234"])
    wait_for_session(qtbot, again)
    home = again.shell.pages["home"]
    qtbot.waitUntil(lambda: home.view.my_drafts_model.rowCount() == 1, timeout=WAIT_MS)
    assert home.view.my_drafts_model.row(0).id == draft_id
    home.open_screening(home.view.my_drafts_model.row(0))
    resumed_pages = pages_of(again)
    qtbot.waitUntil(lambda: resumed_pages.flow.wizard is not None, timeout=WAIT_MS)
    resumed = resumed_pages.flow.wizard
    assert resumed is not None
    assert resumed.answers["A1b"] == "no" and resumed.answers["A2"] == "no"
    assert resumed.view.current_page() == "about_you"
    qtbot.waitUntil(lambda: focused_item() == "A2", timeout=WAIT_MS)


def _call(qtbot: QtBot, app: Application, operation: object) -> object:
    box: dict[str, object] = {}
    assert app.context is not None
    app.context.gateway.call(operation, label="test",  # type: ignore[arg-type]
                             on_done=lambda r: box.update(result=r),
                             on_error=lambda e: box.update(error=e))
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]
