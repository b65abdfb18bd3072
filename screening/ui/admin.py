"""The Admin page, for administrators and supervisors.

- Users (administrators): the station's users; add one with a role and a temporary passphrase,
  reset a passphrase, remove a user (after a confirmation that says the database will be
  rekeyed). A temporary passphrase is shown once, to hand over in person.
- Audit trail (administrators and supervisors): ids, events and times, newest first, never
  personal data; "Verify" walks the whole chain and says OK or names the first broken row.
- My passphrase: change your own.
- Station settings (administrators): idle minutes before the station locks, retention days.

``AdminView`` lays out; ``AdminController`` runs every operation on the database worker.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from screening.ui.common import (
    BusyLine,
    Field,
    NewPassphrase,
    ScrollPage,
    card,
    failure_text,
    heading,
    line_edit,
    local_time,
    message_label,
    show_message,
)
from screening.ui.home import Column, RowsModel, fit_rows, table
from screening.ui.i18n import (
    SOURCE_LANGUAGE,
    current_language,
    language_changed,
    tr,
    translatable,
    translated,
)
from screening.ui.login import ROLE_NAMES, role_name
from screening.ui.theme import Role, set_role
from screening.ui.widgets import FlowLayout, set_accessible, wrapped_label

if TYPE_CHECKING:
    from screening.services.core import Services
    from screening.services.settings import StationSettings
    from screening.services.station_admin import (
        AuditCheck,
        AuditEntry,
        SessionInfo,
        StationUser,
    )
    from screening.ui.context import AppContext

log = logging.getLogger(__name__)

AUDIT_PAGE = 200

def event_word(event: str) -> str:
    """An audit event in words, in the interface language."""
    words = {
        "station_create": tr("Admin", "Station created"),
        "login": tr("Admin", "Logged in"),
        "login_failed": tr("Admin", "Failed login"),
        "recover": tr("Admin", "Opened with the recovery key"),
        "lock": tr("Admin", "Locked"),
        "view": tr("Admin", "Viewed"),
        "create": tr("Admin", "Created"),
        "edit": tr("Admin", "Changed"),
        "take_over": tr("Admin", "Took over a draft"),
        "complete": tr("Admin", "Completed"),
        "finalise": tr("Admin", "Finalised"),
        "amend": tr("Admin", "Amended"),
        "signoff": tr("Admin", "Signed off"),
        "disclose": tr("Admin", "Disclosed"),
        "export": tr("Admin", "Exported"),
        "sync": tr("Admin", "Synchronised"),
        "user_add": tr("Admin", "User added"),
        "user_remove": tr("Admin", "User removed"),
        "user_reset": tr("Admin", "Passphrase reset"),
        "passphrase_change": tr("Admin", "Passphrase changed"),
        "recovery_key_change": tr("Admin", "Recovery key replaced"),
        "migrate": tr("Admin", "Database upgraded"),
        "backup": tr("Admin", "Backup made"),
        "restore": tr("Admin", "Restored from a backup"),
        "purge": tr("Admin", "Removed under retention rules"),
        "discard": tr("Admin", "Draft discarded"),
    }
    return words.get(event, event)


def _user_state(user: StationUser) -> str:
    if not user.active:
        return tr("Admin", "Removed")
    return (tr("Admin", "Must choose a new passphrase") if user.must_change_passphrase
            else tr("Admin", "Active"))


def audit_summary(check: AuditCheck) -> str:
    """The verification's outcome in one sentence, in the interface language."""
    if check.ok:
        return tr("Admin", "Audit trail OK: all {count} events are in order and unaltered.",
                  count=check.rows_checked)
    if current_language() == SOURCE_LANGUAGE:
        return check.summary
    return tr("Admin", "Audit trail BROKEN at event {seq}. Tell IT and your data protection officer; "
                       "do not delete anything.",
              seq=check.first_broken_seq)


_AUDIT_KEYS: dict[str, str] = {
    # subjects ("About")
    "consent": translatable("Admin", "consent"),
    "disclosure": translatable("Admin", "disclosure"),
    "legal_basis": translatable("Admin", "legal basis"),
    "person": translatable("Admin", "person"),
    "replaces": translatable("Admin", "replaces"),
    "screening": translatable("Admin", "screening"),
    "station": translatable("Admin", "station"),
    "user": translatable("Admin", "user"),
    # details
    "action": translatable("Admin", "action"),
    "again": translatable("Admin", "again"),
    "agency": translatable("Admin", "agency"),
    "attempted_at": translatable("Admin", "attempted at"),
    "attempts": translatable("Admin", "attempts"),
    "audit_seq": translatable("Admin", "audit event"),
    "backup": translatable("Admin", "backup"),
    "by_recovery_key": translatable("Admin", "with the recovery key"),
    "capacity_considered": translatable("Admin", "capacity considered"),
    "central_station": translatable("Admin", "central station"),
    "classes": translatable("Admin", "classes"),
    "condition": translatable("Admin", "condition"),
    "count": translatable("Admin", "count"),
    "demo": translatable("Admin", "demo"),
    "discarded_drafts": translatable("Admin", "drafts discarded"),
    "document_kind": translatable("Admin", "document kind"),
    "dropped": translatable("Admin", "dropped"),
    "fields": translatable("Admin", "fields"),
    "flags": translatable("Admin", "flags"),
    "form": translatable("Admin", "form"),
    "form_version": translatable("Admin", "form version"),
    "framework": translatable("Admin", "framework"),
    "from_user": translatable("Admin", "from user"),
    "from_version": translatable("Admin", "from version"),
    "given": translatable("Admin", "given"),
    "has_note": translatable("Admin", "has a note"),
    "item": translatable("Admin", "item"),
    "items": translatable("Admin", "items"),
    "must_change": translatable("Admin", "must change"),
    "person_deleted": translatable("Admin", "person deleted"),
    "prefilled": translatable("Admin", "prefilled"),
    "recipient": translatable("Admin", "recipient"),
    "record": translatable("Admin", "record"),
    "registry_version": translatable("Admin", "registry version"),
    "rekeyed": translatable("Admin", "rekeyed"),
    "reopened": translatable("Admin", "reopened"),
    "revision": translatable("Admin", "revision"),
    "revisions": translatable("Admin", "revisions"),
    "role": translatable("Admin", "role"),
    "rows": translatable("Admin", "rows"),
    "schema_version": translatable("Admin", "schema version"),
    "setting": translatable("Admin", "setting"),
    "signed_at_station_of": translatable("Admin", "signed at the station of"),
    "status": translatable("Admin", "status"),
    "to_version": translatable("Admin", "to version"),
    "unknown_user": translatable("Admin", "unknown user"),
    "values_purged": translatable("Admin", "values removed"),
    "verify": translatable("Admin", "check"),
    "version": translatable("Admin", "version"),
    "withdrawn": translatable("Admin", "withdrawn"),
}
"""The words for the keys of audit events' subjects and details, looked up by ``audit_key_word``
(made once: the audit table asks for each cell's text every time it draws it)."""

_AUDIT_VALUES: dict[str, dict[str, str]] = {
    "record": {
        "consent": translatable("Admin", "consent"),
        "legal_basis": translatable("Admin", "legal basis"),
        "disclosure": translatable("Admin", "disclosure"),
        "disclosures": translatable("Admin", "disclosures"),
        "disclosure_preview": translatable("Admin", "disclosure preview"),
    },
    "action": {
        "anchor": translatable("Admin", "anchored"),
        "lookup": translatable("Admin", "looked up"),
        "enrol": translatable("Admin", "enrolled"),
        "form_received": translatable("Admin", "form received"),
        "registry_received": translatable("Admin", "registry received"),
        "retry_quarantined": translatable("Admin", "refused records sent again"),
        "revoked_user_refused": translatable("Admin", "removed user refused"),
    },
    "verify": {
        "match": translatable("Admin", "matches"),
        "no_match": translatable("Admin", "does not match"),
    },
    "dropped": {"hidden at completion": translatable("Admin", "hidden at completion")},
}
"""Known stored values, by key, looked up by ``audit_value_word``."""


def audit_key_word(key: str) -> str:
    """A key of an audit event's subjects or details (as the services store it, e.g.
    "must_change") in words, in the interface language; an unknown key as it is, spaced."""
    source = _AUDIT_KEYS.get(key)
    return translated("Admin", source) if source is not None else key.replace("_", " ")


def audit_value_word(key: str, value: str) -> str:
    """A stored audit value in words where it is one of a few known words (yes or no, what kind
    of record, what a sync did, a check's result); ids, codes and numbers as they are."""
    if value in ("yes", "no"):
        return tr("Admin", "yes") if value == "yes" else tr("Admin", "no")
    source = _AUDIT_VALUES.get(key, {}).get(value)
    return translated("Admin", source) if source is not None else value


def _pairs(values: dict[str, str]) -> str:
    """The stored keys and values in words (the stored audit data stays as it is)."""
    return "; ".join(f"{audit_key_word(key)}: {audit_value_word(key, value)}"
                     for key, value in sorted(values.items()))


USER_COLUMNS: list[Column[StationUser]] = [
    Column(lambda: tr("Admin", "User id"), lambda u: u.user_id),
    Column(lambda: tr("Admin", "Name"), lambda u: u.display_name, stretch=True),
    Column(lambda: tr("Admin", "Role"), lambda u: role_name(u.role), stretch=True),
    Column(lambda: tr("Admin", "State"), _user_state, stretch=True),
    Column(lambda: tr("Admin", "Added"), lambda u: "\n".join(local_time(u.created_at).rsplit(" ", 1))),
]
AUDIT_COLUMNS: list[Column[AuditEntry]] = [
    Column(lambda: tr("Admin", "No."), lambda e: str(e.seq)),
    Column(lambda: tr("Admin", "Time"), lambda e: "\n".join(local_time(e.at, seconds=True).rsplit(" ", 1))),
    Column(lambda: tr("Admin", "User"), lambda e: e.user_id or "—"),
    Column(lambda: tr("Admin", "Event"), lambda e: event_word(e.event)),
    Column(lambda: tr("Admin", "About"), lambda e: _pairs(e.subjects), stretch=True),
    Column(lambda: tr("Admin", "Details"), lambda e: _pairs(e.details), stretch=True),
]


def _button(text: str, name: str, accessible: str, *, primary: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    set_accessible(button, accessible)
    if primary:
        set_role(button, Role.PRIMARY)
    return button


class UsersTab(ScrollPage):
    """Layout of the users tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, chars=120)
        column = self.column
        column.addWidget(heading(tr("Admin", "Station users"), Role.HEADING))
        column.addWidget(wrapped_label(
            tr("Admin", "Everyone who can open this station. A new user gets a temporary passphrase to "
                        "change at their first login."), Role.HELP))
        self.model: RowsModel[StationUser] = RowsModel(USER_COLUMNS, self)
        self.table = table("users_table", self.model)
        set_accessible(self.table, tr("Admin", "Station users"), tr("Admin", "Arrow keys choose a user."))
        column.addWidget(self.table)
        self.show_removed = QCheckBox(tr("Admin", "Show removed users"))
        set_accessible(self.show_removed, tr("Admin", "Show removed users"))
        column.addWidget(self.show_removed)
        self.add_button = _button(tr("Admin", "&Add user…"), "add_user_button", tr("Admin", "Add a user"))
        self.reset_button = _button(tr("Admin", "&Reset passphrase…"), "reset_user_button",
                                    tr("Admin", "Reset the chosen user's passphrase"))
        self.remove_button = _button(tr("Admin", "Re&move user…"), "remove_user_button",
                                     tr("Admin", "Remove the chosen user"))
        # The buttons wrap onto a second line when they do not fit (longer words, larger text).
        buttons = QWidget()
        flow = FlowLayout(buttons, spacing=8)
        flow.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.reset_button, self.remove_button):
            flow.addWidget(button)
        column.addWidget(buttons)
        self.message = message_label(name="users_message")
        column.addWidget(self.message)
        self.status = wrapped_label("", Role.STATUS)
        self.status.setObjectName("users_status")
        self.status.setAccessibleName(tr("Admin", "Done"))
        column.addWidget(self.status)
        self.busy = BusyLine()
        column.addWidget(self.busy)

        # adding
        self.add_box, add = card()
        self.add_box.setObjectName("add_user_form")
        add.addWidget(heading(tr("Admin", "Add a user"), Role.SUBHEADING))
        self.new_id = Field(tr("Admin", "User &id"), line_edit(max_length=64),
                            hint=tr("Admin", "Letters, digits, dots, dashes or @; for example a "
                                             "collar number."))
        add.addWidget(self.new_id)
        self.new_name = Field(tr("Admin", "Full &name"), line_edit(max_length=120))
        add.addWidget(self.new_name)
        self.new_role_combo = QComboBox()
        for value in ROLE_NAMES:
            name = role_name(value)
            self.new_role_combo.addItem(name, value)
        self.new_role = Field(tr("Admin", "R&ole"), self.new_role_combo)
        add.addWidget(self.new_role)
        self.new_temporary = Field(tr("Admin", "Tem&porary passphrase"), line_edit(max_length=200),
                                   hint=tr("Admin", "At least 12 characters. Hand it over in person; they "
                                                    "choose their own at their first login."))
        add.addWidget(self.new_temporary)
        row = QHBoxLayout()
        self.add_confirm = _button(tr("Admin", "Add this us&er"), "add_user_confirm",
                                   tr("Admin", "Add this user"), primary=True)
        self.add_cancel = _button(tr("Admin", "Cancel"), "add_user_cancel",
                                  tr("Admin", "Cancel adding a user"))
        row.addWidget(self.add_confirm)
        row.addWidget(self.add_cancel)
        row.addStretch(1)
        add.addLayout(row)
        self.add_box.setVisible(False)
        column.addWidget(self.add_box)

        # confirming a reset or a removal
        self.confirm_box, confirm = card()
        self.confirm_box.setObjectName("confirm_box")
        self.confirm_title = heading("", Role.SUBHEADING)
        confirm.addWidget(self.confirm_title)
        self.confirm_text = wrapped_label("", Role.BODY)
        self.confirm_text.setObjectName("confirm_text")
        confirm.addWidget(self.confirm_text)
        row = QHBoxLayout()
        self.confirm_button = _button(tr("Admin", "Confirm"), "confirm_button", tr("Admin", "Confirm"),
                                      primary=True)
        self.confirm_cancel = _button(tr("Admin", "Cancel"), "confirm_cancel",
                                      tr("Admin", "Cancel: change nothing"))
        row.addWidget(self.confirm_button)
        row.addWidget(self.confirm_cancel)
        row.addStretch(1)
        confirm.addLayout(row)
        self.confirm_box.setVisible(False)
        column.addWidget(self.confirm_box)

        # the temporary passphrase, once
        self.handover_box, handover = card()
        self.handover_box.setObjectName("handover_box")
        handover.addWidget(heading(tr("Admin", "Temporary passphrase"), Role.SUBHEADING))
        self.handover_text = wrapped_label("", Role.BODY)
        handover.addWidget(self.handover_text)
        self.handover_secret = QLabel()
        self.handover_secret.setObjectName("temporary_passphrase")
        self.handover_secret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.handover_secret, Role.READ_ALOUD)
        self.handover_secret.setAccessibleName(tr("Admin", "Temporary passphrase"))
        handover.addWidget(self.handover_secret)
        row = QHBoxLayout()
        self.handover_done = _button(tr("Admin", "I have handed it &over"), "handover_done",
                                     tr("Admin", "I have handed the temporary passphrase over: hide it"))
        row.addWidget(self.handover_done)
        row.addStretch(1)
        handover.addLayout(row)
        self.handover_box.setVisible(False)
        column.addWidget(self.handover_box)
        column.addStretch(1)


class AuditTab(ScrollPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, chars=160)
        column = self.column
        column.addWidget(heading(tr("Admin", "Audit trail"), Role.HEADING))
        column.addWidget(wrapped_label(
            tr("Admin", "Every login, lock, change, disclosure and user change on this station, newest "
                        "first. Each event is chained to the one before, so an edited, removed or reordered "
                        "event is found by Verify. Ids and times only: no personal details."), Role.HELP))
        row = QHBoxLayout()
        self.verify_button = _button(tr("Admin", "&Verify the audit trail"), "verify_audit_button",
                                     tr("Admin", "Verify the audit trail"), primary=True)
        row.addWidget(self.verify_button)
        row.addStretch(1)
        column.addLayout(row)
        self.verify_result = wrapped_label("", Role.LEAD)
        self.verify_result.setObjectName("audit_verify_result")
        self.verify_result.setAccessibleName(tr("Admin", "Verification result"))
        self.verify_result.setVisible(False)
        column.addWidget(self.verify_result)
        self.busy = BusyLine()
        column.addWidget(self.busy)
        self.message = message_label(name="audit_message")
        column.addWidget(self.message)
        self.model: RowsModel[AuditEntry] = RowsModel(AUDIT_COLUMNS, self)
        self.table = table("audit_table", self.model, max_rows=14)
        set_accessible(self.table, tr("Admin", "Audit events, newest first"))
        column.addWidget(self.table)
        row = QHBoxLayout()
        self.older_button = _button(tr("Admin", "Show &older events"), "audit_older_button",
                                    tr("Admin", "Show older audit events"))
        row.addWidget(self.older_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)


class PassphraseTab(ScrollPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, chars=64)
        column = self.column
        column.addWidget(heading(tr("Admin", "My passphrase"), Role.HEADING))
        box, form = card()
        self.current = Field(tr("Admin", "&Current passphrase"), line_edit(password=True))
        form.addWidget(self.current)
        self.new = NewPassphrase()
        form.addWidget(self.new)
        self.message = message_label(name="passphrase_message")
        form.addWidget(self.message)
        self.done = wrapped_label("", Role.STATUS)
        self.done.setObjectName("passphrase_done")
        form.addWidget(self.done)
        row = QHBoxLayout()
        self.change_button = _button(tr("Admin", "C&hange my passphrase"), "change_own_passphrase",
                                     tr("Admin", "Change my passphrase"), primary=True)
        row.addWidget(self.change_button)
        row.addStretch(1)
        form.addLayout(row)
        column.addWidget(box)
        column.addStretch(1)


class SettingsTab(ScrollPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, chars=72)
        column = self.column
        column.addWidget(heading(tr("Admin", "Station settings"), Role.HEADING))
        box, form = card()
        self.idle = QSpinBox()
        self.idle.setRange(1, 60)
        self.idle.setSuffix(tr("Admin", " minutes"))
        self.idle_field = Field(tr("Admin", "Lock a&fter this long without use"), self.idle,
                                hint=tr("Admin", "From 1 to 60 minutes. The station closes its database and "
                                                 "shows the lock screen."))
        form.addWidget(self.idle_field)
        self.keep_for = QCheckBox(tr("Admin", "&Remove finalised records after a set time"))
        set_accessible(self.keep_for, tr("Admin", "Remove finalised records after a set time"),
                       tr("Admin", "Only once the central service holds them"))
        form.addWidget(self.keep_for)
        self.retention = QSpinBox()
        self.retention.setRange(1, 36500)
        self.retention.setSuffix(tr("Admin", " days"))
        self.retention.setValue(2555)
        self.retention_field = Field(tr("Admin", "Keep finalised records for"), self.retention,
                                     hint=tr("Admin", "Records are removed from this station only after the "
                                                      "central service holds them; the removal is audited."))
        form.addWidget(self.retention_field)
        self.message = message_label(name="settings_message")
        form.addWidget(self.message)
        self.done = wrapped_label("", Role.STATUS)
        self.done.setObjectName("settings_done")
        form.addWidget(self.done)
        row = QHBoxLayout()
        self.save_button = _button(tr("Admin", "&Save settings"), "save_settings",
                                   tr("Admin", "Save the station settings"), primary=True)
        row.addWidget(self.save_button)
        row.addStretch(1)
        form.addLayout(row)
        column.addWidget(box)
        column.addStretch(1)
        self.keep_for.toggled.connect(self.retention.setEnabled)
        self.retention.setEnabled(False)
        language_changed().connect(self.relabel)

    def relabel(self) -> None:
        """Spin box suffixes are not among the texts a language switch finds."""
        self.idle.setSuffix(tr("Admin", " minutes"))
        self.retention.setSuffix(tr("Admin", " days"))


class AdminView(QWidget):
    """The tabs (users and settings for administrators only)."""

    USERS, AUDIT, PASSPHRASE, SETTINGS = "users", "audit", "passphrase", "settings"

    def __init__(self, *, administrator: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin_page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 0)
        layout.addWidget(heading(tr("Admin", "Admin") if administrator else tr("Admin", "Supervision"),
                                 Role.TITLE))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("admin_tabs")
        self.tabs.setAccessibleName(tr("Admin", "Admin sections"))
        layout.addWidget(self.tabs, 1)
        self.users = UsersTab()
        self.audit = AuditTab()
        self.passphrase = PassphraseTab()
        self.settings = SettingsTab()
        self.keys: list[str] = []
        if administrator:
            self._add(self.users, tr("Admin", "&Users"), self.USERS)
        self._add(self.audit, tr("Admin", "Audi&t trail"), self.AUDIT)
        self._add(self.passphrase, tr("Admin", "&My passphrase"), self.PASSPHRASE)
        if administrator:
            self._add(self.settings, tr("Admin", "Station &settings"), self.SETTINGS)

    def _add(self, widget: QWidget, title: str, key: str) -> None:
        self.tabs.addTab(widget, title)
        self.keys.append(key)

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(self.keys.index(key))


class PassphraseController(QObject):
    """Changes the logged-in user's own passphrase (the Admin page's tab, and the "My
    passphrase" page every user reaches from the header)."""

    passphrase_changed = Signal()

    def __init__(self, tab: PassphraseTab, context: AppContext,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tab = tab
        self.context = context
        tab.change_button.clicked.connect(self.change)
        tab.new.second_edit.returnPressed.connect(self.change)

    def shown(self) -> None:
        self.tab.done.setText("")
        self.tab.current.editor.setFocus()

    def change(self) -> None:
        tab = self.tab
        tab.done.setText("")
        current = _text(tab.current.editor)
        if not current:
            tab.current.set_error(tr("Admin", "Type your current passphrase."))
            tab.current.editor.setFocus()
            return
        tab.current.set_error("")
        new = tab.new.value()
        if new is None:
            return

        def change(services: Services) -> None:
            services.change_passphrase(current_passphrase=current, new_passphrase=new)

        tab.change_button.setEnabled(False)
        self.context.gateway.call(change, label="change passphrase", on_done=self._changed,
                                  on_error=self._failed)

    def _changed(self, _result: object) -> None:
        tab = self.tab
        tab.change_button.setEnabled(True)
        editor = tab.current.editor
        assert hasattr(editor, "clear")
        editor.clear()
        tab.new.clear()
        show_message(tab.message, "")
        tab.done.setText(tr("Admin", "Your passphrase was changed. Use the new one from now on."))
        self.passphrase_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.tab.change_button.setEnabled(True)
        show_message(self.tab.message, failure_text(error))


class AdminController(QObject):
    """Runs the Admin page (see the module docstring)."""

    settings_saved = Signal(object)  # StationSettings
    passphrase_changed = Signal()
    users_changed = Signal()
    audit_verified = Signal(object)  # AuditCheck

    def __init__(self, context: AppContext, info: SessionInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.info = info
        self.administrator = info.role.value == "admin"
        self.view = AdminView(administrator=self.administrator)
        self._pending: tuple[str, str] | None = None  # (action, user id) awaiting confirmation
        self._oldest_seq: int | None = None
        users = self.view.users
        users.add_button.clicked.connect(self.start_add)
        users.add_confirm.clicked.connect(self.add_user)
        users.add_cancel.clicked.connect(self.cancel_add)
        users.reset_button.clicked.connect(lambda: self.ask(action="reset"))
        users.remove_button.clicked.connect(lambda: self.ask(action="remove"))
        users.confirm_button.clicked.connect(self.confirmed)
        users.confirm_cancel.clicked.connect(self.cancel_confirmation)
        users.handover_done.clicked.connect(self.handover_done)
        users.show_removed.toggled.connect(lambda _on: self.load_users())
        users.table.selectionModel().currentRowChanged.connect(lambda *_: self._sync_buttons())
        audit = self.view.audit
        audit.verify_button.clicked.connect(self.verify)
        audit.older_button.clicked.connect(self.load_older)
        self.passphrase = PassphraseController(self.view.passphrase, context, parent=self)
        self.passphrase.passphrase_changed.connect(self.passphrase_changed)
        self.view.settings.save_button.clicked.connect(self.save_settings)
        self._check: AuditCheck | None = None
        language_changed().connect(self._relabel)

    def shown(self) -> None:
        """The page came into view: load what it shows."""
        if self.administrator:
            self.load_users()
            self.load_settings()
        self.load_audit()

    # --- users ---

    def _selected(self) -> StationUser | None:
        index = self.view.users.table.currentIndex()
        if not index.isValid():
            return None
        return self.view.users.model.row(index.row())

    def _sync_buttons(self) -> None:
        user = self._selected()
        users = self.view.users
        active = user is not None and user.active
        users.reset_button.setEnabled(active)
        users.remove_button.setEnabled(active and user is not None
                                       and user.user_id != self.info.user_id)

    def load_users(self) -> None:
        include_removed = self.view.users.show_removed.isChecked()

        def load(services: Services) -> list[StationUser]:
            from screening.services.station_admin import StationAdmin

            return StationAdmin(services).users(include_removed=include_removed)

        self.context.gateway.call(load, label="list users", on_done=self._users_loaded,
                                  on_error=self._users_failed)

    def _users_loaded(self, users: list[StationUser]) -> None:
        tab = self.view.users
        current = self._selected()
        tab.model.set_rows(users)
        fit_rows(tab.table)
        row = 0
        if current is not None:
            row = next((n for n, u in enumerate(users) if u.user_id == current.user_id), 0)
        if users:
            tab.table.setCurrentIndex(tab.model.index(row, 0))
        self._sync_buttons()

    def _users_failed(self, error: BaseException) -> None:
        self.view.users.busy.stop()
        show_message(self.view.users.message, failure_text(error))

    def start_add(self) -> None:
        from screening.services.station_admin import StationAdmin

        users = self.view.users
        self.cancel_confirmation()
        users.status.setText("")
        for field in (users.new_id, users.new_name, users.new_temporary):
            field.set_error("")
            editor = field.editor
            assert hasattr(editor, "clear")
            editor.clear()
        users.new_role_combo.setCurrentIndex(0)
        temporary = users.new_temporary.editor
        assert hasattr(temporary, "setText")
        temporary.setText(StationAdmin.suggest_temporary_passphrase())
        users.add_box.setVisible(True)
        users.new_id.editor.setFocus()
        self.view.users.ensureWidgetVisible(users.add_box)

    def cancel_add(self) -> None:
        self.view.users.add_box.setVisible(False)
        self.view.users.add_button.setFocus()

    def add_user(self) -> None:
        from screening.domain.enums import Role as UserRole

        users = self.view.users
        user_id = _text(users.new_id.editor).strip()
        name = _text(users.new_name.editor).strip()
        temporary = _text(users.new_temporary.editor).strip()
        role = UserRole(users.new_role_combo.currentData())
        problems = False
        users.new_id.set_error("" if user_id else tr("Admin", "Type the new user's id."))
        users.new_name.set_error("" if name else tr("Admin", "Type the new user's full name."))
        users.new_temporary.set_error("" if len(temporary) >= 12 else
                                      tr("Admin", "The temporary passphrase needs at least 12 characters."))
        problems = not user_id or not name or len(temporary) < 12
        if problems:
            return

        def add(services: Services) -> StationUser:
            from screening.services.station_admin import StationAdmin

            return StationAdmin(services).add_user(user_id=user_id, display_name=name, role=role,
                                                   temporary_passphrase=temporary)

        users.busy.start(tr("Admin", "Adding the user"))
        users.add_confirm.setEnabled(False)
        self.context.gateway.call(add, label="add user",
                                  on_done=lambda user: self._added(user, temporary),
                                  on_error=self._add_failed)

    def _added(self, user: StationUser, temporary: str) -> None:
        users = self.view.users
        users.busy.stop()
        users.add_confirm.setEnabled(True)
        users.add_box.setVisible(False)
        show_message(users.message, "")
        self._handover(tr("Admin", "{name} ({user_id}) was added as {role}.",
                          name=user.display_name, user_id=user.user_id,
                          role=role_name(user.role).lower()), user.user_id, temporary)
        self.load_users()
        self.load_audit()
        self.users_changed.emit()

    def _add_failed(self, error: BaseException) -> None:
        users = self.view.users
        users.busy.stop()
        users.add_confirm.setEnabled(True)
        show_message(users.message, failure_text(error))

    def ask(self, *, action: str) -> None:
        """Shows the confirmation for resetting or removing the chosen user."""
        user = self._selected()
        if user is None or not user.active:
            show_message(self.view.users.message, tr("Admin", "Choose a user in the list first."))
            return
        users = self.view.users
        users.add_box.setVisible(False)
        users.status.setText("")
        label = f"{user.display_name} ({user.user_id})"
        if action == "remove":
            users.confirm_title.setText(tr("Admin", "Remove {user}?", user=label))
            users.confirm_text.setText(tr(
                "Admin", "{user} will no longer be able to open this station. To make sure of "
                "that, the station's database is re-encrypted with a new key (the database is "
                "REKEYED) and every other user's key is re-wrapped. This takes a moment, and "
                "nobody else may have the station open on this PC while it runs. Their records "
                "and the audit trail stay on the station.", user=label))
            users.confirm_button.setText(tr("Admin", "Remove user and rekey the database"))
            set_accessible(users.confirm_button,
                           tr("Admin", "Remove {user} and rekey the database", user=label))
        else:
            users.confirm_title.setText(tr("Admin", "Reset the passphrase of {user}?", user=label))
            users.confirm_text.setText(tr(
                "Admin", "The current passphrase of {user} stops working now. You will see a "
                "temporary passphrase once, to hand over in person; they must choose their own "
                "when they next log in.", user=label))
            users.confirm_button.setText(tr("Admin", "Reset passphrase"))
            set_accessible(users.confirm_button,
                           tr("Admin", "Reset the passphrase of {user}", user=label))
        self._pending = (action, user.user_id)
        users.confirm_box.setVisible(True)
        users.confirm_cancel.setFocus()  # the safe choice has focus
        users.ensureWidgetVisible(users.confirm_box)

    def cancel_confirmation(self) -> None:
        self._pending = None
        self.view.users.confirm_box.setVisible(False)

    def confirmed(self) -> None:
        if self._pending is None:
            return
        action, user_id = self._pending
        self._pending = None
        users = self.view.users
        users.confirm_box.setVisible(False)
        if action == "remove":
            def remove(services: Services) -> None:
                from screening.services.station_admin import StationAdmin

                StationAdmin(services).remove_user(user_id=user_id)

            users.busy.start(tr("Admin", "Removing the user and rekeying the database"))
            self.context.gateway.call(remove, label="remove user",
                                      on_done=lambda _r: self._removed(user_id),
                                      on_error=self._users_failed)
        else:
            def reset(services: Services) -> str:
                from screening.services.station_admin import StationAdmin

                return StationAdmin(services).reset_passphrase(user_id=user_id)

            users.busy.start(tr("Admin", "Resetting the passphrase"))
            self.context.gateway.call(reset, label="reset passphrase",
                                      on_done=lambda temporary: self._reset(user_id, temporary),
                                      on_error=self._users_failed)

    def _removed(self, user_id: str) -> None:
        users = self.view.users
        users.busy.stop()
        show_message(users.message, "")
        users.handover_box.setVisible(False)
        users.status.setText(tr("Admin", "{user_id} was removed and the database was rekeyed. "
                                         "Their passphrase no longer opens this station.",
                                user_id=user_id))
        self.load_users()
        self.load_audit()
        self.users_changed.emit()

    def _reset(self, user_id: str, temporary: str) -> None:
        self.view.users.busy.stop()
        self._handover(tr("Admin", "The passphrase of {user_id} was reset.", user_id=user_id),
                       user_id, temporary)
        self.load_users()
        self.load_audit()
        self.users_changed.emit()

    def _handover(self, what: str, user_id: str, temporary: str) -> None:
        users = self.view.users
        users.handover_text.setText(tr(
            "Admin", "{what} Give {user_id} this temporary passphrase in person. It is shown only "
            "now; they must choose their own when they next log in.", what=what, user_id=user_id))
        users.handover_secret.setText(temporary)
        users.handover_box.setVisible(True)
        users.handover_done.setFocus()
        users.ensureWidgetVisible(users.handover_box)

    def handover_done(self) -> None:
        users = self.view.users
        users.handover_secret.clear()
        users.handover_box.setVisible(False)
        users.add_button.setFocus()

    # --- audit ---

    def load_audit(self) -> None:
        self._oldest_seq = None
        self.view.audit.model.set_rows([])
        self._load_audit_page(before=None)

    def load_older(self) -> None:
        if self._oldest_seq is not None and self._oldest_seq > 1:
            self._load_audit_page(before=self._oldest_seq)

    def _load_audit_page(self, *, before: int | None) -> None:
        def load(services: Services) -> list[AuditEntry]:
            from screening.services.station_admin import StationAdmin

            return StationAdmin(services).audit_trail(before_seq=before, limit=AUDIT_PAGE)

        self.context.gateway.call(load, label="audit trail", on_done=self._audit_loaded,
                                  on_error=self._audit_failed)

    def _audit_loaded(self, entries: list[AuditEntry]) -> None:
        audit = self.view.audit
        rows = audit.model.rows() + entries
        audit.model.set_rows(rows)
        fit_rows(audit.table)
        if rows:
            self._oldest_seq = rows[-1].seq
        audit.older_button.setEnabled(self._oldest_seq is not None and self._oldest_seq > 1)

    def _audit_failed(self, error: BaseException) -> None:
        self.view.audit.busy.stop()
        show_message(self.view.audit.message, failure_text(error))

    def verify(self) -> None:
        audit = self.view.audit
        audit.verify_result.setVisible(False)
        audit.busy.start(tr("Admin", "Checking every event in the audit trail"))
        audit.verify_button.setEnabled(False)

        def verify(services: Services) -> AuditCheck:
            from screening.services.station_admin import StationAdmin

            return StationAdmin(services).verify_audit()

        self.context.gateway.call(verify, label="verify audit", on_done=self._verified,
                                  on_error=self._verify_failed)

    def _verified(self, check: AuditCheck) -> None:
        audit = self.view.audit
        audit.busy.stop()
        audit.verify_button.setEnabled(True)
        self._check = check
        summary = audit_summary(check)
        audit.verify_result.setText(("✔ " if check.ok else "✖ ") + summary)
        audit.verify_result.setProperty("state", "saved" if check.ok else "failed")
        set_role(audit.verify_result, Role.LEAD if check.ok else Role.ERROR)
        audit.verify_result.style().unpolish(audit.verify_result)
        audit.verify_result.style().polish(audit.verify_result)
        audit.verify_result.setAccessibleDescription(summary)
        audit.verify_result.setVisible(True)
        self.audit_verified.emit(check)

    def _relabel(self) -> None:
        """The verification's sentence in the new language."""
        check = self._check
        if check is not None:
            summary = audit_summary(check)
            self.view.audit.verify_result.setText(("✔ " if check.ok else "✖ ") + summary)
            self.view.audit.verify_result.setAccessibleDescription(summary)

    def _verify_failed(self, error: BaseException) -> None:
        audit = self.view.audit
        audit.busy.stop()
        audit.verify_button.setEnabled(True)
        show_message(audit.message, failure_text(error))

    # --- settings ---

    def load_settings(self) -> None:
        self.context.gateway.call(lambda services: services.settings.get(), label="settings",
                                  on_done=self._settings_loaded, on_error=self._settings_failed)

    def _settings_loaded(self, settings: StationSettings) -> None:
        tab = self.view.settings
        tab.idle.setValue(settings.idle_minutes)
        tab.keep_for.setChecked(settings.retention_days is not None)
        if settings.retention_days is not None:
            tab.retention.setValue(settings.retention_days)

    def _settings_failed(self, error: BaseException) -> None:
        show_message(self.view.settings.message, failure_text(error))

    def save_settings(self) -> None:
        tab = self.view.settings
        tab.done.setText("")
        idle = tab.idle.value()
        retention = tab.retention.value() if tab.keep_for.isChecked() else None

        def save(services: Services) -> StationSettings:
            from screening.services.settings import StationSettings

            return services.settings.update(
                settings=StationSettings(idle_minutes=idle, retention_days=retention))

        self.context.gateway.call(save, label="save settings", on_done=self._settings_saved,
                                  on_error=self._settings_failed)

    def _settings_saved(self, settings: StationSettings) -> None:
        self._settings_loaded(settings)
        show_message(self.view.settings.message, "")
        self.view.settings.done.setText(tr("Admin", "Settings saved."))
        self.settings_saved.emit(settings)


def _text(widget: Any) -> str:
    text = widget.text()
    return str(text)
