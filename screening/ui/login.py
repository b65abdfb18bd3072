"""Logging in: pick who you are, type your passphrase, press Enter.

- ``LoginView`` lays out the picker (station users by display name and id; an id can also be
  typed), the passphrase, and, on a demo station, each demo account with its public passphrase.
  A second page asks for a new passphrase after an administrator reset one.
- ``LoginController`` unlocks on the database worker (Argon2id takes a moment: the form shows a
  quiet busy line and stays responsive), shows the same message for an unknown user and a wrong
  passphrase, counts a lock-out down, and makes a user with a reset passphrase choose their own
  before anything else.

The module loads before the services (the window shows first): they are imported inside the
operations, which run once the station has been looked at.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screening.ui.common import (
    BusyLine,
    Countdown,
    Field,
    NewPassphrase,
    ScrollPage,
    card,
    heading,
    line_edit,
    message_label,
    service_error_text,
    set_accessible,
    show_message,
    wait_text,
    wrapped_label,
)
from screening.ui.i18n import LanguageButton, tr
from screening.ui.theme import Role, set_role

if TYPE_CHECKING:
    from screening.services.core import Services
    from screening.services.station_admin import LoginRoster, SessionInfo
    from screening.ui.context import AppContext

log = logging.getLogger(__name__)

ROLE_NAMES = ("custody_officer", "ld_practitioner", "probation_officer", "supervisor", "admin")


def role_name(role: object) -> str:
    """A role in words, in the interface language."""
    value = str(getattr(role, "value", role))
    names = {
        "custody_officer": tr("Login", "Custody officer"),
        "ld_practitioner": tr("Login", "Liaison and diversion practitioner"),
        "probation_officer": tr("Login", "Probation officer"),
        "supervisor": tr("Login", "Supervisor"),
        "admin": tr("Login", "Administrator"),
    }
    return names.get(value, value.replace("_", " ").capitalize())


class SessionHolder:
    """The unlocked ``Services`` of the current session, for the station screens' own
    operations (unlock, resume, lock). Only ever touched on the database worker thread."""

    def __init__(self) -> None:
        self.services: Services | None = None


def error_text(error: BaseException) -> str:
    """What to tell the user about a failed operation: the message of an error meant for the
    user, in the interface language (``common.service_error_text``), otherwise a plain sentence
    (the log gets the type, never the message)."""
    text = service_error_text(error)
    if text is not None:
        return text
    log.warning("unexpected error in a station screen: %s", type(error).__name__)
    return tr("Login", "Something went wrong while opening the station ({kind}). Nothing was "
                       "changed. Try again; if it keeps happening, tell IT.",
              kind=type(error).__name__)


# --- view -----------------------------------------------------------------------------------------


class LoginView(QWidget):
    """Layout only; ``LoginController`` decides."""

    submitted = Signal()
    user_changed = Signal()
    change_submitted = Signal()
    change_cancelled = Signal()
    demo_account_chosen = Signal(str, str)  # user id, passphrase

    LOGIN_PAGE, CHANGE_PAGE = 0, 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_screen")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages)
        self._build_login_page()
        self._change_built = False  # built when first needed: the login window shows sooner

    # login page

    def _build_login_page(self) -> None:
        page = ScrollPage(chars=64, centred=True)
        column = page.column
        top = QHBoxLayout()
        self.title = heading(tr("Login", "Log in"), Role.TITLE)
        top.addWidget(self.title, 1)
        # Before anyone logs in, so a Welsh speaker can log in in Welsh.
        self.language_button = LanguageButton()
        top.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        self.station = wrapped_label(tr("Login", "Opening the station"), Role.LEAD)
        self.station.setObjectName("login_station")
        column.addWidget(self.station)

        box, form = card()
        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        self.user_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_combo.setObjectName("login_user")
        line = self.user_combo.lineEdit()
        assert line is not None
        line.setPlaceholderText(tr("Login", "Choose your name, or type your user id"))
        self.user = Field(tr("Login", "&User"), self.user_combo,
                          hint=tr("Login", "Choose your name from the list, or type your user id."))
        form.addWidget(self.user)
        self.passphrase_edit = line_edit(password=True)
        self.passphrase_edit.setObjectName("login_passphrase")
        self.passphrase = Field(tr("Login", "&Passphrase"), self.passphrase_edit)
        form.addWidget(self.passphrase)
        self.show_passphrase = QCheckBox(tr("Login", "Show what I type"))
        set_accessible(self.show_passphrase, tr("Login", "Show the passphrase as I type it"))
        self.show_passphrase.toggled.connect(
            lambda on: self.passphrase_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        form.addWidget(self.show_passphrase)
        self.message = message_label(name="login_message")
        form.addWidget(self.message)
        buttons = QHBoxLayout()
        self.login_button = QPushButton(tr("Login", "&Log in"))
        self.login_button.setObjectName("login_button")
        set_role(self.login_button, Role.PRIMARY)
        set_accessible(self.login_button, tr("Login", "Log in"))
        buttons.addWidget(self.login_button)
        buttons.addStretch(1)
        form.addLayout(buttons)
        self.busy = BusyLine()
        form.addWidget(self.busy)
        column.addWidget(box)

        self.demo_box, demo = card()
        self.demo_box.setObjectName("demo_accounts")
        demo.addWidget(heading(tr("Login", "Demo accounts"), Role.SUBHEADING))
        demo.addWidget(wrapped_label(
            tr("Login", "This is a DEMO station with fictional people only. Its passphrases are public: "
            "choose an account to fill in the form."), Role.HELP))
        self.demo_rows = QVBoxLayout()
        self.demo_rows.setSpacing(6)
        demo.addLayout(self.demo_rows)
        self.demo_box.setVisible(False)
        column.addWidget(self.demo_box)
        self.notice = wrapped_label("", Role.HELP)
        self.notice.setObjectName("login_notice")
        self.notice.setVisible(False)
        column.addWidget(self.notice)
        column.addStretch(1)

        self.login_button.clicked.connect(self.submitted)
        self.passphrase_edit.returnPressed.connect(self.submitted)
        self.user_combo.currentIndexChanged.connect(lambda _i: self.user_changed.emit())
        line.textEdited.connect(lambda _t: self.user_changed.emit())
        line.returnPressed.connect(self.passphrase_edit.setFocus)
        self.pages.addWidget(page)

    # change page

    def _build_change_page(self) -> None:
        self._change_built = True
        page = ScrollPage(chars=64, centred=True)
        column = page.column
        column.addWidget(heading(tr("Login", "Choose your own passphrase"), Role.TITLE))
        self.change_lead = wrapped_label(
            tr("Login", "An administrator reset your passphrase. Choose a new one that only you know before "
            "you carry on. Nobody else, not even an administrator, will see it."), Role.LEAD)
        column.addWidget(self.change_lead)
        box, form = card()
        self.new_passphrase = NewPassphrase()
        form.addWidget(self.new_passphrase)
        self.change_message = message_label(name="change_message")
        form.addWidget(self.change_message)
        buttons = QHBoxLayout()
        self.change_button = QPushButton(tr("Login", "&Save my new passphrase"))
        self.change_button.setObjectName("change_button")
        set_role(self.change_button, Role.PRIMARY)
        set_accessible(self.change_button, tr("Login", "Save my new passphrase"))
        buttons.addWidget(self.change_button)
        self.change_cancel = QPushButton(tr("Login", "&Cancel and log out"))
        set_accessible(self.change_cancel, tr("Login", "Cancel and log out"))
        buttons.addWidget(self.change_cancel)
        buttons.addStretch(1)
        form.addLayout(buttons)
        self.change_busy = BusyLine()
        form.addWidget(self.change_busy)
        column.addWidget(box)
        column.addStretch(1)
        self.change_button.clicked.connect(self.change_submitted)
        self.new_passphrase.second_edit.returnPressed.connect(self.change_submitted)
        self.change_cancel.clicked.connect(self.change_cancelled)
        self.pages.addWidget(page)

    # what the controller tells it

    def set_opening(self) -> None:
        self.station.setText(tr("Login", "Opening the station"))
        self.set_enabled(False)

    def set_roster(self, roster: LoginRoster, *, preselect: str | None = None) -> None:
        name = roster.station_name or tr("Login", "this station")
        self.station.setText(tr("Login", "{name} — DEMO station (fictional people only)", name=name)
                             if roster.demo else name)
        self.user_combo.clear()
        for user in roster.users:
            self.user_combo.addItem(user.label, user.user_id)
        self.user_combo.setCurrentIndex(-1)
        line = self.user_combo.lineEdit()
        assert line is not None
        line.clear()
        if preselect is not None:
            index = self.user_combo.findData(preselect)
            if index >= 0:
                self.user_combo.setCurrentIndex(index)
        while self.demo_rows.count():
            item = self.demo_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        demo_users = [u for u in roster.users if u.demo_passphrase]
        for user in demo_users:
            self.demo_rows.addWidget(self._demo_row(user.user_id, user.display_name,
                                                    role_name(user.demo_role),
                                                    user.demo_passphrase or ""))
        self.demo_box.setVisible(bool(demo_users))
        self.set_enabled(True)

    def _demo_row(self, user_id: str, name: str, role: str, passphrase: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        text = wrapped_label(tr("Login", "{role}: {user_id}, passphrase “{passphrase}”", role=role,
                                user_id=user_id, passphrase=passphrase), Role.BODY)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text, 1)
        use = QPushButton(tr("Login", "Use"))
        use.setObjectName(f"demo_use_{user_id}")
        set_accessible(use, tr("Login", "Use the demo account {name} ({role})",
                               name=name or user_id, role=role))
        use.clicked.connect(lambda: self.demo_account_chosen.emit(user_id, passphrase))
        layout.addWidget(use, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def selected_user_id(self) -> str:
        """The id of the user chosen in the list, or the text typed (trimmed)."""
        line = self.user_combo.lineEdit()
        typed = line.text().strip() if line is not None else ""
        index = self.user_combo.findText(typed, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            data = self.user_combo.itemData(index)
            return str(data)
        return typed

    def choose_user(self, user_id: str) -> None:
        index = self.user_combo.findData(user_id)
        if index >= 0:
            self.user_combo.setCurrentIndex(index)
        else:
            line = self.user_combo.lineEdit()
            if line is not None:
                line.setText(user_id)

    def set_enabled(self, on: bool) -> None:
        for widget in (self.user_combo, self.passphrase_edit, self.login_button,
                       self.show_passphrase):
            widget.setEnabled(on)

    def set_busy(self, text: str | None) -> None:
        if text:
            self.busy.start(text)
            self.set_enabled(False)
        else:
            self.busy.stop()
            self.set_enabled(True)

    def show_message(self, text: str) -> None:
        show_message(self.message, text)

    def show_login_page(self) -> None:
        self.pages.setCurrentIndex(self.LOGIN_PAGE)

    def show_change_page(self, who: str) -> None:
        if not self._change_built:
            self._build_change_page()
        self.change_lead.setText(tr(
            "Login", "{who}: an administrator reset your passphrase. Choose a new one that only you "
                     "know before you carry on. Nobody else, not even an administrator, will see it.",
            who=who))
        self.new_passphrase.clear()
        show_message(self.change_message, "")
        self.pages.setCurrentIndex(self.CHANGE_PAGE)
        self.new_passphrase.first_edit.setFocus()

    def focus_first(self) -> None:
        line = self.user_combo.lineEdit()
        if self.user_combo.currentIndex() >= 0 or (line is not None and line.text()):
            self.passphrase_edit.setFocus()
        else:
            self.user_combo.setFocus()


# --- controller -----------------------------------------------------------------------------------


class LoginController(QObject):
    """Unlocks the station as the chosen user; emits ``logged_in(SessionInfo)``."""

    logged_in = Signal(object)
    library_needed = Signal()
    """A login is waiting for the form library (the app says when it has loaded)."""

    def __init__(
        self,
        view: LoginView,
        context: AppContext,
        *,
        home: Path,
        holder: SessionHolder,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.context = context
        self.home = home
        self.holder = holder
        self.roster: LoginRoster | None = None
        self._waiting: tuple[str, str] | None = None
        self._temporary: str | None = None
        self._user_label = ""
        self.countdown = Countdown(monotonic, self)
        self.countdown.ticked.connect(self._show_wait)
        self.countdown.finished.connect(self._wait_over)
        view.submitted.connect(self.submit)
        view.user_changed.connect(self._user_changed)
        view.demo_account_chosen.connect(self._use_demo_account)
        view.change_submitted.connect(self.submit_change)
        view.change_cancelled.connect(self.cancel_change)

    # what the app tells it

    def show_roster(self, roster: LoginRoster, *, preselect: str | None = None) -> None:
        self.roster = roster
        self.view.show_login_page()
        self.view.set_roster(roster, preselect=preselect)
        self.view.passphrase_edit.clear()
        self.view.show_message("")
        self.view.focus_first()

    def library_loaded(self) -> None:
        if self._waiting is not None:
            user_id, passphrase = self._waiting
            self._waiting = None
            self._unlock(user_id, passphrase)

    # logging in

    def submit(self) -> None:
        if self.view.busy.busy:
            return
        user_id = self.view.selected_user_id()
        passphrase = self.view.passphrase_edit.text()
        if not user_id:
            self.view.show_message(tr("Login", "Choose your name, or type your user id."))
            self.view.user_combo.setFocus()
            return
        if not passphrase:
            self.view.show_message(tr("Login", "Type your passphrase."))
            self.view.passphrase_edit.setFocus()
            return
        if self.countdown.running and self.countdown.key == user_id.lower():
            self._show_wait(self.countdown.remaining())
            return
        self.view.show_message("")
        if self.context.library is None:
            self._waiting = (user_id, passphrase)
            self.view.set_busy(tr("Login", "Getting the forms ready"))
            self.library_needed.emit()
            return
        self._unlock(user_id, passphrase)

    def _unlock(self, user_id: str, passphrase: str) -> None:
        library = self.context.library
        gateway = self.context.gateway
        holder = self.holder
        home = self.home
        self.view.set_busy(tr("Login", "Checking your passphrase"))

        def unlock() -> SessionInfo:
            from screening.services import station_admin

            assert library is not None
            if holder.services is not None and not holder.services.locked:
                holder.services.lock()
            services = station_admin.open_services(home, user_id=user_id, passphrase=passphrase,
                                                   library=library)
            holder.services = services
            gateway.set_services(services)
            return station_admin.session_info(services)

        gateway.run_raw(unlock, label="unlock", on_done=lambda info: self._unlocked(info, passphrase),
                        on_error=lambda error: self._failed(user_id, error))

    def _unlocked(self, info: SessionInfo, passphrase: str) -> None:
        self.view.set_busy(None)
        self.view.passphrase_edit.clear()
        self.countdown.stop()
        if info.must_change_passphrase:
            self._temporary = passphrase
            self._user_label = f"{info.display_name} ({info.user_id})"
            self.view.show_change_page(self._user_label)
            return
        self.logged_in.emit(info)

    def _failed(self, user_id: str, error: BaseException) -> None:
        from screening.services.errors import LockedOutError, LoginFailedError

        self.view.set_busy(None)
        self.view.passphrase_edit.clear()
        if isinstance(error, LockedOutError):
            self.countdown.start(error.retry_after, key=user_id.lower())
            self.view.passphrase_edit.setFocus()
            return
        if isinstance(error, LoginFailedError):
            self.view.show_message(error_text(error))
            self.view.passphrase_edit.setFocus()
            return
        self.view.show_message(error_text(error))

    def _show_wait(self, seconds: float) -> None:
        self.view.show_message(tr(
            "Login", "Too many failed attempts for this user. Wait {wait} and try again, or ask an "
                     "administrator to reset the passphrase.", wait=wait_text(seconds)))
        self.view.login_button.setEnabled(False)

    def _wait_over(self) -> None:
        self.view.show_message(tr("Login", "You can try again now."))
        self.view.login_button.setEnabled(True)

    def _user_changed(self) -> None:
        if not self.countdown.running:
            return
        if self.view.selected_user_id().lower() == self.countdown.key:
            self._show_wait(self.countdown.remaining())
        else:
            self.view.show_message("")
            self.view.login_button.setEnabled(not self.view.busy.busy)

    def _use_demo_account(self, user_id: str, passphrase: str) -> None:
        self.view.choose_user(user_id)
        self.view.passphrase_edit.setText(passphrase)
        self.view.login_button.setFocus()

    # the forced change

    def submit_change(self) -> None:
        if self.view.change_busy.busy or self._temporary is None:
            return
        new = self.view.new_passphrase.value()
        if new is None:
            return
        current = self._temporary
        self.view.change_busy.start(tr("Login", "Saving your new passphrase"))
        self.view.change_button.setEnabled(False)

        def change(services: Services) -> SessionInfo:
            from screening.services import station_admin

            services.change_passphrase(current_passphrase=current, new_passphrase=new)
            return station_admin.session_info(services)

        self.context.gateway.call(change, label="change passphrase", on_done=self._changed,
                                  on_error=self._change_failed)

    def _changed(self, info: SessionInfo) -> None:
        self._temporary = None
        self.view.change_busy.stop()
        self.view.change_button.setEnabled(True)
        self.view.new_passphrase.clear()
        self.logged_in.emit(info)

    def _change_failed(self, error: BaseException) -> None:
        self.view.change_busy.stop()
        self.view.change_button.setEnabled(True)
        show_message(self.view.change_message, error_text(error))

    def cancel_change(self) -> None:
        self._temporary = None
        holder, gateway = self.holder, self.context.gateway

        def log_out() -> None:
            if holder.services is not None:
                holder.services.lock()
            holder.services = None
            gateway.set_services(None)

        gateway.run_raw(log_out, label="log out")
        if self.roster is not None:
            self.show_roster(self.roster)


def station_roster_operation(home: Path) -> Callable[[], Any]:
    """The worker operation that looks at the station folder: imports the services (the first
    time: the heavy part of start-up, off the UI thread) and reads the login roster."""

    def look() -> LoginRoster:
        from screening.services import station_admin

        return station_admin.login_roster(home)

    return look
