"""Fixtures for the people and screening-flow tests: a REAL encrypted station in a temporary
SCREENING_HOME (cheap key derivation), and an app session over it built the way the app builds
one: real ``BackgroundTasks``, a ``ServicesGateway`` whose ``Services`` are made on the database
worker at login, the navigator, the theme, and the pages attached to a ``PageStack`` shell."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.services import Services
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.store.station import create_station, unlock
from screening.ui.context import AppContext, Navigator, ServicesGateway
from screening.ui.flow import PageStack, ScreeningPages, attach_screening_pages
from screening.ui.tasks import BackgroundTasks
from screening.ui.theme import ThemeController
from tests.ui.conftest import drain

T = TypeVar("T")

PASSPHRASES = {
    "admin1": "admin passphrase one",
    "pc1234": "officer passphrase two",
    "pc5678": "second officer passphrase",
    "ps1": "supervisor passphrase one",
    "ld1": "liaison passphrase one",
}
ROLES = {
    "pc1234": "custody_officer",
    "pc5678": "custody_officer",
    "ps1": "supervisor",
    "ld1": "ld_practitioner",
}


@pytest.fixture
def station_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A created station with one admin, two custody officers, a supervisor and an L&D
    practitioner (cheap, insecure key derivation: tests only)."""
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    home = tmp_path / "station"
    monkeypatch.setenv("SCREENING_HOME", str(home))
    create_station(home, name="Fictional Custody Suite", agency="Fictional Constabulary",
                   site="Suite A", admin_id="admin1", admin_name="Alex Admin",
                   admin_passphrase=PASSPHRASES["admin1"], kdf=INSECURE_TEST_KDF)
    with unlock(home, user_id="admin1", passphrase=PASSPHRASES["admin1"]) as admin:
        for user_id, role in ROLES.items():
            admin.add_user(user_id=user_id, display_name=f"User {user_id}", role=role,
                           passphrase=PASSPHRASES[user_id], must_change=False,
                           kdf=INSECURE_TEST_KDF)
    return home


@pytest.fixture
def theme(qtbot: QtBot) -> Iterator[ThemeController]:
    """The app theme applied, and the app put back as it was afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette, sheet = QFont(app.font()), QPalette(app.palette()), app.styleSheet()
    controller = ThemeController(app)
    yield controller
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setFont(font)


@dataclass
class AppSession:
    """One run of the app's screening pages over the station (what ``screening.app`` builds)."""

    qtbot: QtBot
    home: Path
    library: FormLibrary
    theme: ThemeController | None
    tasks: BackgroundTasks = field(init=False)
    context: AppContext = field(init=False)
    host: PageStack = field(init=False)
    pages: ScreeningPages | None = None
    user_id: str = ""
    closed: bool = False

    def __post_init__(self) -> None:
        self.tasks = BackgroundTasks()
        self.tasks.start()
        gateway = ServicesGateway(self.tasks)
        self.context = AppContext(gateway=gateway, tasks=self.tasks, navigator=Navigator(),
                                  theme=self.theme, library=self.library,
                                  station_name="Fictional Custody Suite")
        # Not qtbot.addWidget: this session closes its own window, after the worker has stopped.
        self.host = PageStack()
        self.host.resize(1200, 860)

    def login(self, user_id: str) -> ScreeningPages:
        """Unlocks the station as ``user_id`` on the worker (as the login screen does) and
        attaches the pages for the session."""
        home, library, gateway = self.home, self.library, self.context.gateway

        def open_services() -> None:
            station = unlock(home, user_id=user_id, passphrase=PASSPHRASES[user_id])
            gateway.set_services(Services(station, library))

        self.run_raw(open_services)
        self.user_id = user_id
        self.context.user_id, self.context.role = user_id, ROLES.get(user_id, "admin")
        if self.pages is not None:
            self.pages.deleteLater()
            for name in list(self.host.pages):
                widget = self.host.pages.pop(name)
                self.host.removeWidget(widget)
                widget.deleteLater()
        self.pages = attach_screening_pages(self.host, self.context)
        self.host.show()
        self.qtbot.waitExposed(self.host)
        self.host.activateWindow()
        self.qtbot.waitUntil(self.host.isActiveWindow)
        self.drain()
        return self.pages

    def logout(self) -> None:
        gateway = self.context.gateway

        def lock() -> None:
            services = gateway._services  # noqa: SLF001 - the test plays the shell's part
            if services is not None and not services.locked:
                services.lock()
            gateway.set_services(None)

        self.run_raw(lock)

    def run_raw(self, operation: Callable[[], T]) -> T:
        box: dict[str, Any] = {}
        self.tasks.database.submit(operation, label="test",
                                   on_success=lambda result: box.update(result=result),
                                   on_failure=lambda error: box.update(error=error))
        self.qtbot.waitUntil(lambda: bool(box), timeout=15000)
        if "error" in box:
            raise box["error"]
        return box.get("result")  # type: ignore[return-value]

    def call(self, operation: Callable[[Services], T]) -> T:
        """Runs ``operation(services)`` on the worker and waits for it (for checks)."""
        box: dict[str, Any] = {}
        self.context.gateway.call(operation, label="test",
                                  on_done=lambda result: box.update(result=result),
                                  on_error=lambda error: box.update(error=error))
        self.qtbot.waitUntil(lambda: bool(box), timeout=15000)
        if "error" in box:
            raise box["error"]
        return box.get("result")  # type: ignore[return-value]

    def drain(self) -> None:
        drain(self.qtbot, self.tasks.database)

    def close(self) -> None:
        """Closes the app: every queued save finishes, the station locks, the workers stop and
        the widgets go."""
        if self.closed:
            return
        self.closed = True
        try:
            self.logout()
        finally:
            self.tasks.shutdown()
            self.host.close()
            self.host.deleteLater()

    @property
    def screening_pages(self) -> ScreeningPages:
        assert self.pages is not None
        return self.pages


@pytest.fixture
def open_app(qtbot: QtBot, station_home: Path, library: FormLibrary,
             theme: ThemeController) -> Iterator[Callable[[], AppSession]]:
    """Opens app sessions over the same station; each is closed at the end if still open."""
    opened: list[AppSession] = []

    def make() -> AppSession:
        session = AppSession(qtbot, station_home, library, theme)
        opened.append(session)
        return session

    yield make
    for session in reversed(opened):
        session.close()


@pytest.fixture
def app(open_app: Callable[[], AppSession]) -> AppSession:
    return open_app()
