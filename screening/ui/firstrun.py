"""First run: there is no station in the station folder yet.

A calm screen that offers to create the station (its name, agency and site, and the first
administrator with a passphrase typed twice), then shows the recovery key ONCE, with print and
copy, until the person confirms they have written it down. In a development build, or when the
app was started with ``--demo``, it also offers a demo station (fictional people, public
passphrases, DEMO on every screen).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screening.ui.common import (
    BusyLine,
    ClipboardGuard,
    Field,
    NewPassphrase,
    ScrollPage,
    card,
    failure_text,
    heading,
    line_edit,
    message_label,
    show_message,
)
from screening.ui.i18n import tr
from screening.ui.theme import Role, set_role
from screening.ui.widgets import OptionCheck, set_accessible, wrapped_label

if TYPE_CHECKING:
    from screening.services.station_admin import LoginRoster
    from screening.ui.context import AppContext

log = logging.getLogger(__name__)


class FirstRunView(QWidget):
    """Layout only; ``FirstRunController`` decides."""

    create_requested = Signal()
    demo_requested = Signal()
    print_requested = Signal()
    copy_requested = Signal()
    finished = Signal()

    SETUP_PAGE, RECOVERY_PAGE = 0, 1

    def __init__(self, *, home: Path, demo_offered: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages)
        self._build_setup(home, demo_offered)
        self._build_recovery()

    def _build_setup(self, home: Path, demo_offered: bool) -> None:
        page = ScrollPage(chars=72, centred=True)
        column = page.column
        column.addWidget(heading(tr("FirstRun", "Set up this station"), Role.TITLE))
        column.addWidget(wrapped_label(
            tr("FirstRun", "There is no station on this computer yet. A station keeps screenings encrypted "
                           "on this PC, shared by everyone who works here. It is set up once, usually by IT "
                           "or a supervisor, and takes a few minutes."), Role.LEAD))

        self.demo_box, demo = card()
        self.demo_box.setObjectName("demo_offer")
        demo.addWidget(heading(tr("FirstRun", "Just trying it out?"), Role.SUBHEADING))
        demo.addWidget(wrapped_label(
            tr("FirstRun", "A demo station holds fictional people only, its passphrases are shown on the "
                           "login screen, and it says DEMO on every screen. It can never become a real "
                           "station: to go live, a real station is created in a new station folder."),
            Role.HELP))
        row = QHBoxLayout()
        self.demo_button = QPushButton(tr("FirstRun", "Create a &demo station"))
        self.demo_button.setObjectName("create_demo_button")
        set_accessible(self.demo_button, tr("FirstRun", "Create a demo station with fictional people"))
        row.addWidget(self.demo_button)
        row.addStretch(1)
        demo.addLayout(row)
        self.demo_busy = BusyLine()
        demo.addWidget(self.demo_busy)
        self.demo_message = message_label(name="demo_message")
        demo.addWidget(self.demo_message)
        self.demo_box.setVisible(demo_offered)
        column.addWidget(self.demo_box)
        box, form = card()
        form.addWidget(heading(tr("FirstRun", "Create the station"), Role.HEADING))
        self.name = Field(tr("FirstRun", "Station &name"), line_edit(max_length=120),
                          hint=tr("FirstRun", "For example: Northtown custody suite."))
        form.addWidget(self.name)
        self.agency = Field(tr("FirstRun", "&Agency"), line_edit(max_length=120),
                            hint=tr("FirstRun", "For example: Northshire Police."))
        form.addWidget(self.agency)
        self.site = Field(tr("FirstRun", "&Site"), line_edit(max_length=120),
                          hint=tr("FirstRun", "The building or room, for example: Custody suite A."))
        form.addWidget(self.site)
        form.addWidget(heading(tr("FirstRun", "The first administrator"), Role.SUBHEADING))
        form.addWidget(wrapped_label(
            tr("FirstRun", "The administrator adds the other users. Administrators look after the station; "
                           "they do not screen people."), Role.HELP))
        self.admin_id = Field(tr("FirstRun", "Administrator's user &id"), line_edit(max_length=64),
                              hint=tr("FirstRun", "Letters, digits, dots, dashes or @; for example a staff "
                                                  "number."))
        form.addWidget(self.admin_id)
        self.admin_name = Field(tr("FirstRun", "Administrator's full na&me"), line_edit(max_length=120))
        form.addWidget(self.admin_name)
        self.passphrase = NewPassphrase(label=tr("FirstRun", "Administrator's passphrase"))
        form.addWidget(self.passphrase)
        self.message = message_label(name="first_run_message")
        form.addWidget(self.message)
        row = QHBoxLayout()
        self.create_button = QPushButton(tr("FirstRun", "&Create station"))
        self.create_button.setObjectName("create_station_button")
        set_role(self.create_button, Role.PRIMARY)
        set_accessible(self.create_button, tr("FirstRun", "Create the station"))
        row.addWidget(self.create_button)
        row.addStretch(1)
        form.addLayout(row)
        self.busy = BusyLine()
        form.addWidget(self.busy)
        where = wrapped_label(tr("FirstRun", "The station will be kept in {folder}.", folder=str(home)),
                              Role.HELP)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addWidget(where)
        column.addWidget(box)

        column.addStretch(1)

        self.create_button.clicked.connect(self.create_requested)
        self.passphrase.second_edit.returnPressed.connect(self.create_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.pages.addWidget(page)

    def _build_recovery(self) -> None:
        page = ScrollPage(chars=72, centred=True)
        column = page.column
        column.addWidget(heading(tr("FirstRun", "Write down the recovery key"), Role.TITLE))
        column.addWidget(wrapped_label(
            tr("FirstRun", "The station is ready. This recovery key is shown only this once. It is the only "
                           "way back in if every administrator forgets their passphrase: with it, IT can "
                           "reset an administrator's passphrase."), Role.LEAD))
        box, layout = card()
        self.recovery_key = QLabel()
        self.recovery_key.setObjectName("recovery_key")
        self.recovery_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_key.setWordWrap(True)
        self.recovery_key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 16.0))
        mono.setWeight(QFont.Weight.Bold)
        self.recovery_key.setFont(mono)
        set_role(self.recovery_key, Role.READ_ALOUD)
        self.recovery_key.setAccessibleName(tr("FirstRun", "Recovery key"))
        layout.addWidget(self.recovery_key)
        layout.addWidget(wrapped_label(
            tr("FirstRun", "Print it or write it down, check every character, and keep it locked away, not "
                           "on or near this PC. Anyone holding it can reset an administrator's passphrase."),
            Role.BODY))
        row = QHBoxLayout()
        self.print_button = QPushButton(tr("FirstRun", "&Print…"))
        self.print_button.setObjectName("print_recovery_key")
        set_accessible(self.print_button, tr("FirstRun", "Print the recovery key"))
        self.copy_button = QPushButton(tr("FirstRun", "C&opy"))
        self.copy_button.setObjectName("copy_recovery_key")
        set_accessible(self.copy_button, tr("FirstRun", "Copy the recovery key"),
                       tr("FirstRun", "It is removed from the clipboard when you continue"))
        row.addWidget(self.print_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.copied = wrapped_label("", Role.STATUS)
        layout.addWidget(self.copied)
        self.confirm = OptionCheck(tr("FirstRun", "I have written down or printed the recovery key and will "
                                                  "keep it safe"))
        self.confirm.setObjectName("recovery_key_confirm")
        set_accessible(self.confirm, tr("FirstRun", "I have written down or printed the recovery key and "
                                                    "will keep it safe"))
        layout.addWidget(self.confirm)
        row = QHBoxLayout()
        self.continue_button = QPushButton(tr("FirstRun", "Continue to &log in"))
        self.continue_button.setObjectName("recovery_continue")
        set_role(self.continue_button, Role.PRIMARY)
        set_accessible(self.continue_button, tr("FirstRun", "Continue to log in"))
        self.continue_button.setEnabled(False)
        row.addWidget(self.continue_button)
        row.addStretch(1)
        layout.addLayout(row)
        column.addWidget(box)
        column.addStretch(1)
        self.confirm.toggled.connect(self.continue_button.setEnabled)
        self.print_button.clicked.connect(self.print_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.continue_button.clicked.connect(self.finished)
        self.pages.addWidget(page)

    def focus_first(self) -> None:
        self.name.editor.setFocus()

    def show_recovery_key(self, key: str) -> None:
        self.recovery_key.setText(key)
        self.confirm.setChecked(False)
        self.pages.setCurrentIndex(self.RECOVERY_PAGE)
        self.print_button.setFocus()

    def set_busy(self, text: str | None, *, demo: bool = False) -> None:
        busy = self.demo_busy if demo else self.busy
        if text:
            busy.start(text)
        else:
            busy.stop()
        for widget in (self.create_button, self.demo_button):
            widget.setEnabled(not text)


class FirstRunController(QObject):
    """Creates the station (or a demo one) on the database worker."""

    station_created = Signal(str)  # the administrator's user id, once the key is written down
    demo_created = Signal(object)  # LoginRoster
    library_needed = Signal()

    def __init__(self, view: FirstRunView, context: AppContext, *, home: Path,
                 clipboard: ClipboardGuard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.context = context
        self.home = home
        self.clipboard = clipboard
        self._admin_id = ""
        self._key = ""
        self._demo_waiting = False
        view.create_requested.connect(self.create)
        view.demo_requested.connect(self.create_demo)
        view.copy_requested.connect(self.copy_key)
        view.print_requested.connect(self.print_key)
        view.finished.connect(self.finish)

    # creating

    def create(self) -> None:
        view = self.view
        if view.busy.busy:
            return
        values = {}
        for field, missing_text in (
                (view.name, tr("FirstRun", "Type the station's name.")),
                (view.agency, tr("FirstRun", "Type the agency.")),
                (view.site, tr("FirstRun", "Type the site.")),
                (view.admin_id, tr("FirstRun", "Type the administrator's id.")),
                (view.admin_name, tr("FirstRun", "Type the administrator's name."))):
            text = field.editor.text().strip()  # type: ignore[attr-defined]
            field.set_error("" if text else missing_text)
            values[field] = text
        passphrase = view.passphrase.value()
        missing = [field for field, text in values.items() if not text]
        if missing:
            missing[0].editor.setFocus()
            return
        if passphrase is None:
            return
        show_message(view.message, "")
        view.set_busy(tr("FirstRun", "Creating the station and its keys"))
        home = self.home
        name, agency, site = values[view.name], values[view.agency], values[view.site]
        admin_id, admin_name = values[view.admin_id], values[view.admin_name]

        def create() -> str:
            from screening.services import station_admin

            return station_admin.create_station(home, name=name, agency=agency, site=site,
                                                admin_id=admin_id, admin_name=admin_name,
                                                admin_passphrase=passphrase)

        self._admin_id = admin_id.lower()
        self.context.gateway.run_raw(create, label="create station", on_done=self._created,
                                     on_error=self._failed)

    def _created(self, recovery_key: str) -> None:
        self.view.set_busy(None)
        self.view.passphrase.clear()
        self._key = recovery_key
        self.view.show_recovery_key(recovery_key)

    def _failed(self, error: BaseException) -> None:
        self.view.set_busy(None)
        show_message(self.view.message, failure_text(error))

    def create_demo(self) -> None:
        if self.view.demo_busy.busy:
            return
        show_message(self.view.demo_message, "")
        if self.context.library is None:
            self._demo_waiting = True
            self.view.set_busy(tr("FirstRun", "Getting the forms ready"), demo=True)
            self.library_needed.emit()
            return
        library = self.context.library
        home = self.home
        self.view.set_busy(tr("FirstRun", "Creating the demo station, its users and fictional people"),
                           demo=True)

        def create() -> LoginRoster:
            from screening.services import station_admin

            return station_admin.create_demo_station(home, library)

        self.context.gateway.run_raw(create, label="create demo station",
                                     on_done=self._demo_created, on_error=self._demo_failed)

    def library_loaded(self) -> None:
        if self._demo_waiting:
            self._demo_waiting = False
            self.view.set_busy(None, demo=True)
            self.create_demo()

    def _demo_created(self, roster: LoginRoster) -> None:
        self.view.set_busy(None, demo=True)
        self.demo_created.emit(roster)

    def _demo_failed(self, error: BaseException) -> None:
        self.view.set_busy(None, demo=True)
        show_message(self.view.demo_message, failure_text(error))

    # the recovery key

    def copy_key(self) -> None:
        if self._key:
            self.clipboard.copy(self._key)
            self.view.copied.setText(tr("FirstRun", "Copied. It is removed from the clipboard when you "
                                                    "continue."))

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.view)
        dialog.setWindowTitle(tr("FirstRun", "Print the recovery key"))

        def print_it() -> None:
            document = QTextDocument()
            document.setPlainText(tr(
                "FirstRun", "Waypoint screening — station recovery key\n\n{key}\n\nKeep this locked "
                "away, not near the station PC. With it, an administrator's passphrase can be reset "
                "(screening station recover).\n", key=self._key))
            document.print_(printer)
            self.view.copied.setText(tr("FirstRun", "Sent to the printer."))

        dialog.accepted.connect(print_it)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def finish(self) -> None:
        if not self.view.confirm.isChecked():
            return
        if self._key:
            self.clipboard.forget(self._key)
        self._key = ""
        self.view.recovery_key.clear()
        self.station_created.emit(self._admin_id)
