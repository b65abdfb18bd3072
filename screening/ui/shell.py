"""The app's one window and the logged-in session inside it.

  +--------------------------------------------------------------------------+
  | DEMO STATION — fictional people only                   (demo stations)   |
  +--------------------------------------------------------------------------+
  | Station name          Name (id) · Role     Sync: ...        [Lock Ctrl+L] |
  +-----------+--------------------------------------------------------------+
  | Home      |                                                              |
  | People    |   the current page (QStackedWidget)                          |
  | Admin     |                                                              |
  +-----------+--------------------------------------------------------------+

- ``MainWindow`` holds exactly one screen under the DEMO banner: the first-run screen, the login
  screen, the lock screen, or the session's ``Workspace`` (header, navigation, pages). Showing a
  screen takes the previous one out of the window entirely (it is kept, not destroyed): when the
  station locks, the workspace and every page in it leave the window, so nothing personal can be
  seen, grabbed or read by assistive technology until the same user unlocks.
- ``ShellController`` runs the session: it builds a workspace at login (the home and admin pages,
  and the screening pages through ``MainWindow.attach_screening_pages``), answers the navigation
  requests, feeds the idle clock from every key press and click in the app, locks (idle, Ctrl+L,
  the Lock button) and unlocks back to the same page, and ends the session on "switch user".
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screening.ui.common import ClipboardGuard, ScrollPage, heading, set_accessible, wrapped_label
from screening.ui.i18n import LanguageButton, again, forget_texts, language_changed, tr
from screening.ui.login import LoginController, LoginView, SessionHolder, role_name
from screening.ui.theme import Role, set_role

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent, QWindow

    from screening.services.idle import IdleClock
    from screening.services.station_admin import SessionInfo
    from screening.ui.context import AppContext

log = logging.getLogger(__name__)

HOME, PEOPLE, ADMIN, ACCOUNT = "home", "people", "admin", "account"


def nav_title(name: str) -> str:
    return {HOME: tr("Shell", "&Home"), PEOPLE: tr("Shell", "&People"),
            ADMIN: tr("Shell", "A&dmin")}[name]


IDLE_CHECK_MS = 5000


def demo_banner_text() -> str:
    return tr("Shell", "DEMO STATION — fictional people only. Do not enter real people's details.")


_WATCHED = "screening-idle-watched"

# --- views ----------------------------------------------------------------------------------------


class Workspace(QWidget):
    """One session's header, navigation and pages (layout only)."""

    lock_clicked = Signal()
    account_clicked = Signal()
    nav_clicked = Signal(str)
    page_shown = Signal(str)

    def __init__(self, *, station_name: str, who: str, role: str, nav: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._who, self._role = who, role
        self.setObjectName("workspace")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        header = QFrame(self)
        header.setObjectName("header")
        set_role(header, Role.PANEL)
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(16)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.station_label = wrapped_label(station_name, Role.LEAD, parent=header)
        bold = self.station_label.font()
        bold.setBold(True)
        self.station_label.setFont(bold)
        self.station_label.setObjectName("header_station")
        titles.addWidget(self.station_label)
        self.user_label = wrapped_label(f"{who} · {role_name(role)}", Role.BODY, parent=header)
        self.user_label.setObjectName("header_user")
        self.user_label.setAccessibleName(tr("Shell", "Logged in as {who}, {role}", who=who,
                                             role=role_name(role)))
        titles.addWidget(self.user_label)
        row.addLayout(titles, 3)
        from screening.ui.syncing import SyncStatusLabel  # selected: the sync details

        self.sync_status = SyncStatusLabel(tr("Shell", "Central service: not connected yet"),
                                           parent=header)
        self.sync_status.setObjectName("sync_status")
        self.sync_status.setAccessibleName(tr("Shell", "Sync status"))
        row.addWidget(self.sync_status, 2)
        self.language_button = LanguageButton(header)
        row.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.account_button = QPushButton(tr("Shell", "M&y passphrase"), header)
        self.account_button.setObjectName("account_button")
        set_accessible(self.account_button, tr("Shell", "Change my passphrase"))
        self.account_button.clicked.connect(self.account_clicked)
        row.addWidget(self.account_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.lock_button = QPushButton(tr("Shell", "&Lock (Ctrl+L)"), header)
        self.lock_button.setObjectName("lock_button")
        set_accessible(self.lock_button, tr("Shell", "Lock the station now (Ctrl+L)"))
        self.lock_button.clicked.connect(self.lock_clicked)
        row.addWidget(self.lock_button, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(header)

        body = QHBoxLayout()
        body.setSpacing(0)
        panel = QWidget(self)
        panel.setObjectName("navigation")
        set_role(panel, Role.PANEL)
        nav_layout = QVBoxLayout(panel)
        nav_layout.setContentsMargins(0, 8, 0, 8)
        nav_layout.setSpacing(0)
        self.nav_buttons: dict[str, QPushButton] = {}
        for name in nav:
            title = nav_title(name)
            button = QPushButton(title, panel)
            button.setObjectName(f"nav_{name}")
            set_role(button, "outline")
            button.setCheckable(True)
            button.setMinimumHeight(button.fontMetrics().height() * 2 + 8)
            set_accessible(button, tr("Shell", "{page} page", page=title.replace("&", "")),
                           tr("Shell", "Go to the {page} page", page=title.replace("&", "")))
            button.clicked.connect(lambda _c=False, n=name: self.nav_clicked.emit(n))
            nav_layout.addWidget(button)
            self.nav_buttons[name] = button
        nav_layout.addStretch(1)
        panel.setMinimumWidth(panel.fontMetrics().averageCharWidth() * 16)
        body.addWidget(panel)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("pages")
        body.addWidget(self.pages, 1)
        outer.addLayout(body, 1)
        self._names: dict[str, QWidget] = {}

    def relabel(self) -> None:
        """The interface language changed: the parts of the header made of several pieces."""
        role = role_name(self._role)
        self.user_label.setText(f"{self._who} · {role}")
        self.user_label.setAccessibleName(tr("Shell", "Logged in as {who}, {role}", who=self._who,
                                             role=role))

    def register_page(self, name: str, widget: QWidget) -> None:
        if name in self._names:
            old = self._names[name]
            self.pages.removeWidget(old)
            old.deleteLater()
        self._names[name] = widget
        self.pages.addWidget(widget)

    def has_page(self, name: str) -> bool:
        return name in self._names

    def page(self, name: str) -> QWidget | None:
        return self._names.get(name)

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget(self._names[name])
        for key, button in self.nav_buttons.items():
            button.setChecked(key == name)
        self.page_shown.emit(name)

    def current_page(self) -> str | None:
        current = self.pages.currentWidget()
        return next((n for n, w in self._names.items() if w is current), None)


class MainWindow(QMainWindow):
    """The one window: a DEMO banner (demo stations) over exactly one screen."""

    close_requested = Signal()
    sync_status_changed = Signal(str)
    sync_details_requested = Signal()
    """The sync status area was selected (``screening.ui.syncing`` opens the details)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(tr("Shell", "Waypoint screening"))
        central = QWidget(self)
        set_role(central, Role.PAGE)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.demo_banner = QLabel(demo_banner_text(), central)
        self.demo_banner.setObjectName("demo_banner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_banner.setAccessibleName(demo_banner_text())
        # Black on yellow with the word DEMO: never colour alone.
        self.demo_banner.setStyleSheet(
            "QLabel#demo_banner { background: #ffeb3b; color: #212b32; font-weight: bold;"
            " padding: 6px; border-bottom: 3px solid #212b32; }")
        self.demo_banner.setVisible(False)
        layout.addWidget(self.demo_banner)
        self._slot = QVBoxLayout()
        layout.addLayout(self._slot, 1)
        self.setCentralWidget(central)
        self._screen: QWidget | None = None
        self._sync_text = tr("Shell", "Central service: not connected yet")
        language_changed().connect(self._relabel_sync)
        self._allow_close = True
        self.resize(1180, 820)

    # screens

    def set_screen(self, widget: QWidget) -> None:
        """Show ``widget`` as the window's screen; the previous screen leaves the window (its
        owner keeps it) and is hidden."""
        if widget is self._screen:
            return
        previous = self._screen
        if previous is not None:
            self._slot.removeWidget(previous)
            previous.hide()
            previous.setParent(None)  # out of the window: not drawn, grabbed or announced
        self._screen = widget
        self._slot.addWidget(widget)
        widget.show()

    def screen_widget(self) -> QWidget | None:
        return self._screen

    @property
    def workspace(self) -> Workspace | None:
        return self._screen if isinstance(self._screen, Workspace) else None

    def set_demo(self, on: bool) -> None:
        self.demo_banner.setVisible(on)
        self.setWindowTitle(tr("Shell", "Waypoint screening — DEMO") if on
                            else tr("Shell", "Waypoint screening"))

    # pages of the current session

    def register_page(self, name: str, widget: QWidget) -> None:
        workspace = self._require_workspace()
        workspace.register_page(name, widget)

    def show_page(self, name: str) -> None:
        self._require_workspace().show_page(name)

    def current_page(self) -> str | None:
        workspace = self.workspace
        return workspace.current_page() if workspace is not None else None

    def _require_workspace(self) -> Workspace:
        workspace = self.workspace
        if workspace is None:
            raise RuntimeError("no session is open")
        return workspace

    # sync status (the sync issue fills it)

    def set_sync_status(self, text: str) -> None:
        """Sets the text of the header's sync status area (objectName ``sync_status``)."""
        self._sync_text = text
        workspace = self.workspace
        if workspace is not None:
            workspace.sync_status.setText(text)
        self.sync_status_changed.emit(text)

    def sync_status_text(self) -> str:
        return self._sync_text

    def _relabel_sync(self) -> None:
        self._sync_text = again(self._sync_text)

    def attach_screening_pages(self, context: AppContext) -> list[str]:
        """Hook for the people and screening-flow pages (``ui/people.py``, ``ui/flow.py``):
        called at the start of every session, once the home and admin pages are registered.
        Returns the names of the pages attached; until those modules exist, none."""
        attached: list[str] = []
        try:
            flow = importlib.import_module("screening.ui.flow")
        except ImportError:
            log.warning("the screening pages are not in this build")
            return attached
        attach = getattr(flow, "attach", None)
        if callable(attach):
            attached += list(attach(self, context) or [])
        return attached

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.close_requested.emit()
        super().closeEvent(event)


class PlaceholderPage(ScrollPage):
    """A page that is not part of this build yet."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column.addWidget(heading(title, Role.TITLE))
        self.column.addWidget(wrapped_label(text, Role.LEAD))
        self.column.addStretch(1)


# --- the session ----------------------------------------------------------------------------------


class HiddenWindows(NamedTuple):
    """Dialogs and other windows of the session, hidden while the station is locked."""

    widgets: list[QWidget]


class ShellController(QObject):
    """Runs the logged-in session inside ``MainWindow`` (see the module docstring)."""

    session_started = Signal(object)  # SessionInfo
    session_ended = Signal()
    station_locked = Signal()
    station_unlocked = Signal()

    def __init__(
        self,
        window: MainWindow,
        context: AppContext,
        *,
        home: Path,
        login_view: LoginView,
        monotonic: Callable[[], float] = time.monotonic,
        idle_check_ms: int = IDLE_CHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.context = context
        self.home = home
        self.monotonic = monotonic
        self.holder = SessionHolder()
        self.clipboard = ClipboardGuard(self)
        context.extras["clipboard"] = self.clipboard
        self.login_view = login_view
        self.login = LoginController(login_view, context, home=home, holder=self.holder,
                                     monotonic=monotonic, parent=self)
        self.login.logged_in.connect(self.start_session)
        # Imported here, after the window shows: the login window needs neither (QEvent's
        # Python class alone takes a millisecond or two to make).
        from PySide6.QtCore import QEvent

        from screening.ui.lockscreen import LockController, LockView

        self._activity = frozenset({
            QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
            QEvent.Type.MouseMove, QEvent.Type.InputMethod,
        })
        """What counts as someone using the app (resets the idle clock)."""

        self.lock_view = LockView()
        self.lock = LockController(self.lock_view, context, home=home, holder=self.holder,
                                   monotonic=monotonic, parent=self)
        self.lock.unlocked.connect(self._unlocked)
        self.lock.switch_user_chosen.connect(self.end_session)
        self.info: SessionInfo | None = None
        self.workspace: Workspace | None = None
        self.pages: dict[str, QObject] = {}
        self.locked = False
        self._hidden = HiddenWindows([])
        self._focus: QWidget | None = None
        self.idle: IdleClock | None = None
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(idle_check_ms)
        self._idle_timer.timeout.connect(self.check_idle)
        # Imported here, after the login window has shown (start-up time).
        from PySide6.QtGui import QKeySequence, QShortcut

        self._shortcut = QShortcut(QKeySequence("Ctrl+L"), window)
        self._shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self._shortcut.activated.connect(self.lock_now)
        navigator = context.navigator
        navigator.home_requested.connect(lambda: self.show_page(HOME))
        navigator.admin_requested.connect(lambda: self.show_page(ADMIN))
        navigator.lock_requested.connect(self.lock_now)
        navigator.people_requested.connect(self._people_fallback)
        # Input is watched on the app's windows (QWindow), which see every key press, click and
        # scroll before it reaches a widget, and little else: a filter on the whole application
        # would run Python for every event of every widget (restyling alone sends thousands).
        app = QApplication.instance()
        self._app = app if isinstance(app, QApplication) else None
        if self._app is not None:
            self._app.focusWindowChanged.connect(self._watch_window)
        self._watch_window(window.windowHandle())

    # the session

    def show_login(self) -> None:
        self.window.set_screen(self.login_view)
        self.login_view.focus_first()

    def start_session(self, info: SessionInfo) -> None:
        """After a login: a new workspace with this user's pages, on the home page."""
        from screening.ui.admin import AdminController, PassphraseController, PassphraseTab
        from screening.ui.home import HomeController

        self._drop_workspace()
        self.info = info
        context = self.context
        context.user_id, context.role = info.user_id, info.role.value
        context.station_name, context.demo = info.station_name, info.demo
        self.window.set_demo(info.demo)
        nav = [HOME, PEOPLE]
        may_admin = info.role.value in ("admin", "supervisor")
        if may_admin:
            nav.append(ADMIN)
        if info.role.value == "admin":
            nav.remove(PEOPLE)  # administrators do not open people's records
        workspace = Workspace(station_name=info.station_name,
                              who=f"{info.display_name} ({info.user_id})",
                              role=info.role.value, nav=nav)
        workspace.sync_status.setText(self.window.sync_status_text())
        workspace.sync_status.clicked.connect(self.window.sync_details_requested)
        language_changed().connect(workspace.relabel)
        workspace.lock_clicked.connect(self.lock_now)
        workspace.nav_clicked.connect(self._navigate)
        workspace.page_shown.connect(self._page_shown)
        self.workspace = workspace
        self.window.set_screen(workspace)
        home = HomeController(context, info, parent=self)
        self.window.sync_status_changed.connect(home.view.set_sync_status)
        home.view.set_sync_status(self.window.sync_status_text())
        workspace.register_page(HOME, home.view)
        self.pages[HOME] = home
        account = PassphraseTab()
        account.setObjectName("account_page")
        account_controller = PassphraseController(account, context, parent=self)
        workspace.register_page(ACCOUNT, account)
        self.pages[ACCOUNT] = account_controller
        workspace.account_clicked.connect(lambda: self.show_page(ACCOUNT))
        if may_admin:
            admin = AdminController(context, info, parent=self)
            admin.settings_saved.connect(self._settings_saved)
            admin.passphrase_changed.connect(lambda: None)
            workspace.register_page(ADMIN, admin.view)
            self.pages[ADMIN] = admin
        attached = self.window.attach_screening_pages(context)
        if PEOPLE in nav and PEOPLE not in attached:
            workspace.register_page(PEOPLE, PlaceholderPage(
                tr("Shell", "People"), tr("Shell", "Finding and adding people comes with the "
                                                   "screening flow, which is not in this build yet.")))
        self.locked = False
        self.show_page(HOME)
        self._start_idle_clock()
        self.session_started.emit(info)
        log.info("session started for user %s", info.user_id)

    def end_session(self) -> None:
        """Back to the login screen (switch user); the worker has been told to lock."""
        self._idle_timer.stop()
        self.idle = None
        self._drop_hidden_windows()
        self._drop_workspace()
        self.info = None
        self.locked = False
        forget_texts()  # the texts made for this session's screens (some carry names)
        self.session_ended.emit()
        if self.login.roster is not None:
            self.login.show_roster(self.login.roster)
        self.show_login()
        self._refresh_roster()

    def _drop_workspace(self) -> None:
        for controller in self.pages.values():
            controller.deleteLater()
        self.pages.clear()
        if self.workspace is not None:
            if self.window.screen_widget() is self.workspace:
                self.window.set_screen(self.login_view)
            self.workspace.deleteLater()
            self.workspace = None

    def _refresh_roster(self) -> None:
        from screening.ui.login import station_roster_operation

        self.context.gateway.run_raw(station_roster_operation(self.home), label="roster",
                                     on_done=self._roster_refreshed)

    def _roster_refreshed(self, roster: object) -> None:
        if self.info is None and self.window.screen_widget() is self.login_view:
            self.login.show_roster(roster)  # type: ignore[arg-type]

    # navigation

    def show_page(self, name: str) -> None:
        workspace = self.workspace
        if workspace is None or self.locked or not workspace.has_page(name):
            return
        workspace.show_page(name)

    def _page_shown(self, name: str) -> None:
        """A page came into view (by navigation, or when the station unlocked on it): the
        station screens load what they show afresh."""
        controller = self.pages.get(name)
        shown = getattr(controller, "shown", None)
        if callable(shown) and not self.locked:
            shown()

    def _navigate(self, name: str) -> None:
        navigator = self.context.navigator
        if name == HOME:
            navigator.home_requested.emit()
        elif name == ADMIN:
            navigator.admin_requested.emit()
        elif name == PEOPLE:
            navigator.people_requested.emit()

    def _people_fallback(self) -> None:
        """Without the people controller, the People page is a placeholder: show it."""
        workspace = self.workspace
        if workspace is not None and isinstance(workspace.page(PEOPLE), PlaceholderPage):
            self.show_page(PEOPLE)

    # idle and locking

    def _start_idle_clock(self) -> None:
        from screening.services.idle import IdleClock
        from screening.services.settings import DEFAULT_IDLE_MINUTES

        self.idle = IdleClock(idle_minutes=DEFAULT_IDLE_MINUTES, on_idle=self._idle_reached,
                              monotonic=self.monotonic)
        self._idle_timer.start()
        self.context.gateway.call(lambda services: services.settings.get().idle_minutes,
                                  label="idle minutes", on_done=self._set_idle_minutes)

    def _set_idle_minutes(self, minutes: int) -> None:
        if self.idle is not None and not self.locked:
            self.idle.reset(idle_minutes=minutes)

    def _settings_saved(self, settings: object) -> None:
        minutes = getattr(settings, "idle_minutes", None)
        if isinstance(minutes, int):
            self._set_idle_minutes(minutes)

    def _watch_window(self, window: QWindow | None) -> None:
        if window is not None and not window.property(_WATCHED):
            window.setProperty(_WATCHED, True)
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self.idle is not None and event.type() in self._activity:
            self.idle.touch()
        return False

    def check_idle(self) -> bool:
        """Locks if the idle time has passed (the timer calls this; tests call it directly)."""
        if self.idle is None or self.locked:
            return self.locked
        return self.idle.check()

    def _idle_reached(self) -> None:
        log.info("idle: locking the station")
        self.lock_now()

    def lock_now(self) -> None:
        """Hide everything personal at once, then lock the station on the worker (after any
        answer already queued, which is therefore saved)."""
        if self.locked or self.info is None or self.workspace is None:
            return
        self.locked = True
        self._idle_timer.stop()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self.workspace.isAncestorOf(focus) else None
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        self._hide_other_windows()
        self.lock.prepare(station_name=self.info.station_name, user_id=self.info.user_id,
                          display_name=self.info.display_name)
        self.window.set_screen(self.lock_view)
        self.lock_view.passphrase_edit.setFocus()
        self.clipboard.clear_ours()
        holder = self.holder

        def lock() -> None:
            if holder.services is not None and not holder.services.locked:
                holder.services.lock()

        self.context.gateway.run_raw(lock, label="lock")
        self.station_locked.emit()

    def _unlocked(self) -> None:
        if self.workspace is None:
            self.end_session()
            return
        self.locked = False
        self.window.set_screen(self.workspace)
        for widget in self._hidden.widgets:
            widget.show()
        self._hidden = HiddenWindows([])
        if self._focus is not None:
            self._focus.setFocus()
        self._focus = None
        if self.idle is not None:
            self.idle.reset()
        self._idle_timer.start()
        current = self.workspace.current_page()
        if current is not None:
            self._page_shown(current)
        self.station_unlocked.emit()
        log.info("session resumed")

    def _hide_other_windows(self) -> None:
        hidden = []
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or not widget.isWindow():
                continue
            widget.hide()
            hidden.append(widget)
        self._hidden = HiddenWindows(hidden)

    def _drop_hidden_windows(self) -> None:
        for widget in self._hidden.widgets:
            widget.close()
        self._hidden = HiddenWindows([])

    def shutdown(self) -> None:
        """The window is closing: lock the station (after queued saves) before the workers are
        joined."""
        self._idle_timer.stop()
        if self._app is not None:
            self._app.focusWindowChanged.disconnect(self._watch_window)
            self._app = None
        self.idle = None
        holder, gateway = self.holder, self.context.gateway

        def lock() -> None:
            if holder.services is not None and not holder.services.locked:
                holder.services.lock()
            holder.services = None
            gateway.set_services(None)

        try:
            gateway.run_raw(lock, label="lock at exit")
        except RuntimeError:
            log.warning("could not queue the lock at exit (the worker has stopped)")
