"""The lock screen: shown when the station locks (idle, Ctrl+L, the Lock button).

It shows no personal data: the station's name, who locked it (a staff member's own id and name)
and a passphrase field. The same user unlocks and is back exactly where they were (the screens
behind it were hidden, not closed); "Switch user" goes back to the login screen, and loses
nothing: every answer was saved as it was given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from screening.ui.common import (
    BusyLine,
    Countdown,
    Field,
    ScrollPage,
    card,
    heading,
    line_edit,
    message_label,
    set_accessible,
    show_message,
    wait_text,
    wrapped_label,
)
from screening.ui.i18n import tr
from screening.ui.login import SessionHolder, error_text
from screening.ui.theme import Role, set_role

if TYPE_CHECKING:
    from screening.ui.context import AppContext


class LockView(QWidget):
    """Layout only; ``LockController`` decides."""

    unlock_requested = Signal()
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page = ScrollPage(chars=64, centred=True)
        outer.addWidget(page)
        column = page.column
        column.addWidget(heading(tr("Lock", "This station is locked"), Role.TITLE))
        self.station = wrapped_label("", Role.LEAD)
        self.station.setObjectName("lock_station")
        column.addWidget(self.station)
        self.lead = wrapped_label("", Role.BODY)
        self.lead.setObjectName("lock_lead")
        column.addWidget(self.lead)
        box, form = card()
        self.passphrase_edit = line_edit(password=True)
        self.passphrase_edit.setObjectName("lock_passphrase")
        self.passphrase = Field(tr("Lock", "&Passphrase"), self.passphrase_edit)
        form.addWidget(self.passphrase)
        self.message = message_label(name="lock_message")
        form.addWidget(self.message)
        buttons = QHBoxLayout()
        self.unlock_button = QPushButton(tr("Lock", "&Unlock"))
        self.unlock_button.setObjectName("unlock_button")
        set_role(self.unlock_button, Role.PRIMARY)
        set_accessible(self.unlock_button, tr("Lock", "Unlock and carry on where I was"))
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        form.addLayout(buttons)
        self.busy = BusyLine()
        form.addWidget(self.busy)
        column.addWidget(box)

        other, others = card()
        others.addWidget(heading(tr("Lock", "Someone else needs the station?"), Role.SUBHEADING))
        others.addWidget(wrapped_label(
            tr("Lock", "Switching user closes this session. Nothing is lost: every answer was saved as it "
            "was given, and drafts stay on the station to carry on with later."), Role.HELP))
        row = QHBoxLayout()
        self.switch_button = QPushButton(tr("Lock", "&Switch user"))
        self.switch_button.setObjectName("switch_user_button")
        set_accessible(self.switch_button, tr("Lock", "Switch user: go to the login screen"))
        row.addWidget(self.switch_button)
        row.addStretch(1)
        others.addLayout(row)
        column.addWidget(other)
        column.addStretch(1)

        self.unlock_button.clicked.connect(self.unlock_requested)
        self.passphrase_edit.returnPressed.connect(self.unlock_requested)
        self.switch_button.clicked.connect(self.switch_user_requested)

    def set_who(self, *, station_name: str, user_id: str, display_name: str) -> None:
        self.station.setText(station_name)
        who = f"{display_name} ({user_id})" if display_name else user_id
        self.lead.setText(tr(
            "Lock", "Locked to keep records private. {who}: type your passphrase to carry on exactly "
                    "where you were.", who=who))
        self.passphrase_edit.clear()
        show_message(self.message, "")

    def set_busy(self, text: str | None) -> None:
        on = not text
        if text:
            self.busy.start(text)
        else:
            self.busy.stop()
        for widget in (self.passphrase_edit, self.unlock_button, self.switch_button):
            widget.setEnabled(on)


class LockController(QObject):
    """Unlocks the same user's session again (``unlocked``), or gives it up
    (``switch_user_chosen``)."""

    unlocked = Signal()
    switch_user_chosen = Signal()

    def __init__(
        self,
        view: LockView,
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
        self.countdown = Countdown(monotonic, self)
        self.countdown.ticked.connect(self._show_wait)
        self.countdown.finished.connect(self._wait_over)
        view.unlock_requested.connect(self.submit)
        view.switch_user_requested.connect(self.switch_user)

    def prepare(self, *, station_name: str, user_id: str, display_name: str) -> None:
        self.view.set_who(station_name=station_name, user_id=user_id, display_name=display_name)
        self.view.set_busy(None)
        self.view.passphrase_edit.setFocus()

    def submit(self) -> None:
        if self.view.busy.busy:
            return
        if self.countdown.running:
            self._show_wait(self.countdown.remaining())
            return
        passphrase = self.view.passphrase_edit.text()
        if not passphrase:
            show_message(self.view.message, tr("Lock", "Type your passphrase."))
            return
        show_message(self.view.message, "")
        self.view.set_busy(tr("Lock", "Checking your passphrase"))
        holder, home = self.holder, self.home

        def resume() -> None:
            from screening.services import station_admin

            if holder.services is None:
                raise RuntimeError("no session to resume")
            station_admin.resume(holder.services, home, passphrase=passphrase)

        self.context.gateway.run_raw(resume, label="resume", on_done=self._resumed,
                                     on_error=self._failed)

    def _resumed(self, _result: object) -> None:
        self.view.set_busy(None)
        self.view.passphrase_edit.clear()
        self.countdown.stop()
        self.unlocked.emit()

    def _failed(self, error: BaseException) -> None:
        from screening.services.errors import LockedOutError

        self.view.set_busy(None)
        self.view.passphrase_edit.clear()
        self.view.passphrase_edit.setFocus()
        if isinstance(error, LockedOutError):
            self.countdown.start(error.retry_after)
            return
        show_message(self.view.message, error_text(error))

    def _show_wait(self, seconds: float) -> None:
        show_message(self.view.message, tr(
            "Lock", "Too many failed attempts. Wait {wait} and try again, or switch user and ask an "
                    "administrator to reset your passphrase.", wait=wait_text(seconds)))
        self.view.unlock_button.setEnabled(False)

    def _wait_over(self) -> None:
        show_message(self.view.message, tr("Lock", "You can try again now."))
        self.view.unlock_button.setEnabled(True)

    def switch_user(self) -> None:
        holder, gateway = self.holder, self.context.gateway
        self.countdown.stop()

        def end_session() -> None:
            if holder.services is not None and not holder.services.locked:
                holder.services.lock()
            holder.services = None
            gateway.set_services(None)

        gateway.run_raw(end_session, label="end session")
        self.view.passphrase_edit.clear()
        self.switch_user_chosen.emit()
