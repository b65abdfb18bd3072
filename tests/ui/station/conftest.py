"""Running the whole app over a real encrypted station in a temporary SCREENING_HOME, for the
station screens' tests (first run, login, lock, home, admin)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.services import station_admin
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.ui.startup import Application, StartupOptions
from tests.ui.station.helpers import PASSPHRASES, WAIT_MS, FakeMonotonic


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")


@pytest.fixture
def clock() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def restore_theme(qtbot: QtBot) -> Iterator[None]:
    """The app applies its theme to the shared QApplication: put it back afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette, sheet = QFont(app.font()), QPalette(app.palette()), app.styleSheet()
    yield
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setFont(font)


class AppRunner:
    """Starts ``Application`` on a station folder and closes it (workers joined) at the end."""

    def __init__(self, qtbot: QtBot, library: FormLibrary, clock: FakeMonotonic) -> None:
        self.qtbot = qtbot
        self.library = library
        self.clock = clock
        self.apps: list[Application] = []

    def start(self, home: Path, *, demo_requested: bool = False, demo_allowed: bool = True
              ) -> Application:
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        library = self.library
        app = Application(qapp, StartupOptions(
            home=home, load_library=lambda: library, demo_requested=demo_requested,
            demo_allowed=demo_allowed, monotonic=self.clock))
        self.apps.append(app)
        app.window.resize(1180, 820)
        app.start()
        self.qtbot.waitUntil(lambda: app.ready, timeout=WAIT_MS)
        self.qtbot.waitUntil(lambda: app.context is not None and app.context.library is not None,
                             timeout=WAIT_MS)
        return app

    def close_all(self) -> None:
        for app in self.apps:
            app.window.close()
            app.shutdown()
            app.window.deleteLater()
        self.apps.clear()


@pytest.fixture
def runner(qtbot: QtBot, library: FormLibrary, clock: FakeMonotonic,
           restore_theme: None) -> Iterator[AppRunner]:
    made = AppRunner(qtbot, library, clock)
    yield made
    made.close_all()


@pytest.fixture
def demo_home(tmp_path: Path, library: FormLibrary, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo station made through the services (the first-run screen has its own test)."""
    home = tmp_path / "demo-station"
    monkeypatch.setenv("SCREENING_HOME", str(home))
    station_admin.create_demo_station(home, library, kdf=INSECURE_TEST_KDF)
    return home


@pytest.fixture
def station_home(tmp_path: Path, library: FormLibrary, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A production station with an admin, a custody officer and a supervisor."""
    from screening.domain.enums import Role

    home = tmp_path / "station"
    monkeypatch.setenv("SCREENING_HOME", str(home))
    station_admin.create_station(
        home, name="Fictional Custody Suite", agency="Fictional Constabulary", site="Suite A",
        admin_id="admin1", admin_name="Alex Admin", admin_passphrase=PASSPHRASES["admin1"],
        kdf=INSECURE_TEST_KDF)
    services = station_admin.open_services(home, user_id="admin1",
                                           passphrase=PASSPHRASES["admin1"], library=library)
    admin = station_admin.StationAdmin(services)
    for user_id, name, role in (("pc1234", "Olu Officer", Role.CUSTODY_OFFICER),
                                ("ps1", "Sam Supervisor", Role.SUPERVISOR)):
        admin.add_user(user_id=user_id, display_name=name, role=role,
                       temporary_passphrase="temporary passphrase", kdf=INSECURE_TEST_KDF)
    services.lock()
    for user_id in ("pc1234", "ps1"):
        mine = station_admin.open_services(home, user_id=user_id,
                                           passphrase="temporary passphrase", library=library)
        mine.change_passphrase(current_passphrase="temporary passphrase",
                               new_passphrase=PASSPHRASES[user_id])
        mine.lock()
    return home
