"""Fixtures for background sync in the app: a central service of its own (two uvicorn workers on
an SQLite file, over real HTTP on loopback, so what these tests publish reaches no other test's
stations), an enrolled demo station, and the real app started over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.services import station_admin
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.ui.startup import Application, StartupOptions
from sync.client import Backoff
from sync.server import admin
from tests.conftest import FORMS
from tests.sync.conftest import Central, _start_central
from tests.sync.helpers import new_agency
from tests.ui.helpers import close_app
from tests.ui.station.helpers import ADMIN, WAIT_MS, FakeMonotonic

FAST_RETRIES = {"max_attempts": 2, "backoff": Backoff(base=0.05, cap=0.5), "timeout": 10.0}
"""Client options for the tests: an unreachable service is reported offline quickly."""


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    folder = tmp_path_factory.mktemp("central-ui")
    yield from _start_central("sqlite", f"sqlite:///{folder / 'central.sqlite3'}", folder)


@pytest.fixture
def own_library() -> FormLibrary:
    """A form library of the test's own: pulled forms are added to it, never to the shared one."""
    return FormLibrary.load(FORMS)


@pytest.fixture
def demo_home(tmp_path: Path, own_library: FormLibrary, monkeypatch: pytest.MonkeyPatch,
              central: Central) -> Path:
    """A demo station (its sample screenings waiting in the outbox), enrolled with ``central``."""
    home = tmp_path / "demo-station"
    monkeypatch.setenv("SCREENING_HOME", str(home))
    station_admin.create_demo_station(home, own_library, kdf=INSECURE_TEST_KDF)
    code = admin.issue_enrol_code(central.engine, agency_id=new_agency(central), site="Test site")
    services = station_admin.open_services(home, user_id=ADMIN.user_id,
                                           passphrase=ADMIN.passphrase, library=own_library)
    try:
        services.sync.enrol(url=central.base_url, code=code)
    finally:
        services.lock()
    return home


@pytest.fixture
def start_app(qtbot: QtBot, own_library: FormLibrary) -> Iterator[Callable[..., Application]]:
    """Starts the real app on a station folder; closes it (sync stopped, workers joined) after."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    font, palette, sheet = QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet()
    started: list[Application] = []

    def start(home: Path, *, library: FormLibrary | None = None, **extras: Any) -> Application:
        forms = library if library is not None else own_library
        app = Application(qapp, StartupOptions(
            home=home, load_library=lambda: forms, monotonic=FakeMonotonic(),
            extras={"sync_interval": 3600.0, "sync_client_options": dict(FAST_RETRIES),
                    **extras}))
        started.append(app)
        app.window.resize(1180, 820)
        app.start()
        qtbot.waitUntil(lambda: app.ready and app.context is not None
                        and app.context.library is not None, timeout=WAIT_MS)
        return app

    yield start
    for app in started:
        close_app(app)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)

