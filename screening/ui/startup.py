"""Start-up: the Qt application, the theme, the background workers and the window, in the order
that shows the login window first.

1. The window appears at once with the login screen in an "opening the station" state: nothing
   heavier than Qt and the theme has been imported yet.
2. The database worker looks at the station folder; the first time, that imports the services
   and the store (the heavy part of start-up), off the UI thread.
3. With the station seen, the app context and the session controller are built, and the form
   library loads in the background pool; the login screen (or the first-run screen) is ready.
   A login typed before the forms have loaded waits for them, quietly.

Shutting down locks the station after any work already queued (an answer in flight is saved)
and joins the workers.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from screening.ui.i18n import tr
from screening.ui.login import LoginView, station_roster_operation
from screening.ui.shell import MainWindow, ShellController
from screening.ui.theme import ThemeController, new_application

if TYPE_CHECKING:
    from screening.services.station_admin import LoginRoster
    from screening.ui.context import AppContext
    from screening.ui.firstrun import FirstRunController
    from screening.ui.tasks import BackgroundTasks

log = logging.getLogger(__name__)


class StartupOptions(NamedTuple):
    """What the composition root (``screening.app``) decides."""

    home: Path | None
    """The station folder; None: the one ``screening.paths.station_home`` finds, looked up once
    the window is on screen (it may read the machine-wide configuration)."""
    load_library: Callable[[], Any]
    """Loads the form library (runs in the background pool)."""
    demo_requested: bool = False
    demo_allowed: bool = False
    """Offer a demo station on the first-run screen (``--demo`` or a development build)."""
    monotonic: Callable[[], float] = time.monotonic
    probe: Callable[[str], None] | None = None
    """Told ``shown`` when the window is on screen and ``ready`` when the login (or first-run)
    screen can be used: for the start-up benchmark."""
    exit_when_ready: bool = False
    after_shown: Callable[[], None] | None = None
    """Called once the window is on screen, before the station is looked at."""
    extras: Mapping[str, Any] = MappingProxyType({})


class Application(QObject):
    """Owns the workers, the theme, the window and, once the station has been seen, the
    context and the session."""

    def __init__(self, qapp: QApplication, options: StartupOptions) -> None:
        super().__init__()
        self.qapp = qapp
        self.options = options
        self._home = options.home
        self.theme = ThemeController(qapp, stylesheet_later=True)
        self._tasks: BackgroundTasks | None = None
        self.window = MainWindow()
        self.login_view = LoginView()
        self.login_view.set_opening()
        self.window.set_screen(self.login_view)
        self.theme.apply_stylesheet()  # once the window is built: it is styled once, not piecemeal
        self.window.close_requested.connect(self._closing)
        self.context: AppContext | None = None
        self.shell: ShellController | None = None
        self.first_run: FirstRunController | None = None
        self.roster: LoginRoster | None = None
        self.ready = False
        self._stopped = False
        self.sync: Any = None
        """Background sync (``screening.ui.syncing.SyncController``), started once the station
        folder has been seen."""

    @property
    def tasks(self) -> BackgroundTasks:
        """The workers, made on first use, once the window shows (the window needs none)."""
        if self._tasks is None:
            from screening.ui.tasks import BackgroundTasks

            self._tasks = BackgroundTasks(self)
        return self._tasks

    @property
    def home(self) -> Path:
        """The station folder (found on first use, after the window shows)."""
        if self._home is None:
            from screening.paths import station_home

            self._home = station_home()
        return self._home

    # start-up

    def start(self) -> None:
        self.window.show()
        QTimer.singleShot(0, self._shown)

    def _probe(self, event: str) -> None:
        if self.options.probe is not None:
            self.options.probe(event)

    def _shown(self) -> None:
        self._probe("shown")
        if self.options.after_shown is not None:
            self.options.after_shown()
        self.tasks.start()
        self.tasks.database.submit(station_roster_operation(self.home),
                                   label="look at the station", on_success=self._station_seen,
                                   on_failure=self._station_unreadable)

    def _station_seen(self, roster: LoginRoster) -> None:
        from screening.ui.context import AppContext, Navigator, ServicesGateway

        self.context = AppContext(gateway=ServicesGateway(self.tasks, self), tasks=self.tasks,
                                  navigator=Navigator(self), theme=self.theme)
        self.context.extras.update(self.options.extras)
        self.shell = ShellController(self.window, self.context, home=self.home,
                                     login_view=self.login_view, monotonic=self.options.monotonic,
                                     parent=self)
        self.tasks.pool.submit(self.options.load_library, label="load forms",
                               on_success=self._library_loaded, on_failure=self._library_failed)
        self._start_sync()
        self.route(roster)

    def _start_sync(self) -> None:
        """Background push from now on (no unlock needed); the pull joins at login."""
        from screening.ui.syncing import start_sync

        assert self.context is not None
        self.sync = start_sync(home=self.home, window=self.window, context=self.context,
                               shell=self.shell, parent=self)

    def _station_unreadable(self, error: BaseException) -> None:
        log.error("the station folder could not be read: %s", type(error).__name__)
        self.login_view.station.setText(tr(
            "Startup", "The station folder could not be read, so the app cannot start. Check that "
                       "this account may use {folder}, or ask IT.", folder=str(self.home)))

    def route(self, roster: LoginRoster) -> None:
        """First run, or the login screen."""
        assert self.shell is not None and self.context is not None
        self.roster = roster
        if not roster.station_exists:
            self._first_run()
            if self.options.demo_requested and self.first_run is not None:
                self.first_run.create_demo()
        else:
            self.window.set_demo(roster.demo)
            self.shell.login.show_roster(roster)
            self.login_view.set_notice(
                tr("Startup", "This is a real station, not a demo one, so --demo was ignored here. "
                              "A demo station needs its own station folder (set SCREENING_HOME).")
                if self.options.demo_requested and not roster.demo else "")
            self.shell.show_login()
        self._ready()

    def _ready(self) -> None:
        if self.ready:
            return
        self.ready = True
        self._probe("ready")
        if self.options.exit_when_ready:
            QTimer.singleShot(0, self.window.close)

    def _first_run(self) -> None:
        from screening.ui.firstrun import FirstRunController, FirstRunView

        assert self.shell is not None and self.context is not None
        view = FirstRunView(home=self.home,
                            demo_offered=self.options.demo_allowed or self.options.demo_requested)
        self.first_run = FirstRunController(view, self.context, home=self.home,
                                            clipboard=self.shell.clipboard, parent=self)
        self.first_run.station_created.connect(self._station_created)
        self.first_run.demo_created.connect(self._demo_created)
        self.window.set_screen(view)
        view.focus_first()

    def _station_created(self, admin_id: str) -> None:
        assert self.shell is not None
        self.shell.context.gateway.run_raw(
            station_roster_operation(self.home), label="roster",
            on_done=lambda roster: self._show_login(roster, preselect=admin_id))

    def _demo_created(self, roster: LoginRoster) -> None:
        self._show_login(roster, preselect=roster.users[0].user_id if roster.users else None)

    def _show_login(self, roster: LoginRoster, *, preselect: str | None = None) -> None:
        assert self.shell is not None
        self.roster = roster
        self.window.set_demo(roster.demo)
        self.shell.login.show_roster(roster, preselect=preselect)
        self.shell.show_login()
        if self.first_run is not None:
            view = self.first_run.view
            self.first_run.deleteLater()
            view.deleteLater()
            self.first_run = None

    def _library_loaded(self, library: object) -> None:
        assert self.context is not None and self.shell is not None
        self.context.library = library  # type: ignore[assignment]
        self.shell.login.library_loaded()
        if self.first_run is not None:
            self.first_run.library_loaded()
        log.info("form library loaded")

    def _library_failed(self, error: BaseException) -> None:
        log.error("the form library did not load: %s", type(error).__name__)
        self.login_view.set_busy(None)
        self.login_view.show_message(tr(
            "Startup", "The app's forms could not be loaded, so nobody can log in. Ask IT to run "
                       "`screening forms check` and reinstall the app if needed."))

    # shutting down

    def _closing(self) -> None:
        if self.shell is not None:
            self.shell.shutdown()

    def shutdown(self) -> None:
        """Lock (after queued work) and join the workers."""
        if self._stopped:
            return
        self._stopped = True
        if self.shell is not None:
            self.shell.shutdown()
        if self.sync is not None:
            self.sync.stop()  # joins the sync thread while the database worker still answers it
        if self._tasks is not None:
            self._tasks.shutdown()


def run(options: StartupOptions) -> int:
    """Runs the app until its window closes; returns the exit code."""
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else new_application(sys.argv)
    qapp.setApplicationName("Waypoint screening")
    qapp.setOrganizationName("Waypoint")
    app = Application(qapp, options)
    app.start()
    try:
        return qapp.exec()
    finally:
        app.shutdown()
