"""Background sync in the app: the Qt side of ``sync.worker.SyncWorker``.

- From start-up, for as long as the app runs, the worker pushes the station's sealed outbox (no
  unlock needed, so also while the station is locked or nobody is logged in): every ``interval``
  seconds, at once when a screening is finalised, and with exponential backoff and jitter while the
  central service cannot be reached. A station that is not enrolled just shows "not connected".
- While a user is logged in (and the station unlocked) the worker also pulls the change feed after
  each push: the network part on the worker's thread, each page applied on the database worker
  (``ServicesGateway.call_from_thread``), then pulled form versions are added to the running form
  library, so new screenings can use them. Pulled flag registry versions are kept, verified, for
  IT to install with the next update of the app: the library holds one registry, the one every
  screening started here pins, so a new one cannot be swapped in under a running session.
- The worker reports on its own thread; ``_Bridge`` carries every report to the UI thread by signal.
  The UI thread never waits for the network (nor for the worker, except to join it at exit).
- The header's status (``MainWindow.set_sync_status``, mirrored on the home page) says offline /
  syncing / n waiting / last synced at / n need attention; selecting it opens ``QuarantineDialog``:
  the records the centre refused, each with the reason, and Retry (supervisors and administrators,
  as ``StationSync.retry`` allows; audited).

Nothing here logs personal data: records are named by type and id only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from screening.ui.common import short_date, wrapped_label
from screening.ui.i18n import again, language_changed, tr
from screening.ui.theme import Role, set_role

if TYPE_CHECKING:
    from screening.services.station_sync import PullOutcome
    from screening.services.sync_state import QuarantinedEnvelope
    from screening.ui.context import AppContext
    from screening.ui.shell import MainWindow, ShellController
    from sync.client import SyncClient, SyncStatus
    from sync.worker import SyncWorker

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0
"""Seconds between background passes while online."""
DATABASE_WAIT = 120.0
"""How long the worker waits for the database worker to apply one pulled page."""
STOP_WAIT = 5.0
"""How long closing the app waits for a sync pass in progress (a request to a service that has
stopped answering waits up to its 30 s timeout). Not waiting longer loses nothing: the sync thread
is a daemon, envelopes leave the outbox only after the centre's acknowledgement is recorded (one
stopped in between is sent again and the centre answers "already held"), and a pulled page's
cursor is saved only after its changes commit (a page cut short is pulled again)."""
RETRY_ROLES = frozenset({"admin", "supervisor"})
RECORD_KINDS = {
    "QuestionnaireResponse": "screening",
    "Patient": "person",
    "Flag": "flag",
    "Consent": "consent",
    "AuditEvent": "audit",
    "DocumentReference": "disclosure",
    "Communication": "disclosure",
}


def details_hint() -> str:
    return tr("Sync", "Select to see what waits to be sent and anything that needs attention.")


def not_connected_text() -> str:
    return tr("Sync", "Central service: not connected")


def _record_kind(resource_type: str) -> str:
    words = {
        "screening": tr("Sync", "Screening"),
        "person": tr("Sync", "Person record"),
        "flag": tr("Sync", "Flag"),
        "consent": tr("Sync", "Consent"),
        "audit": tr("Sync", "Audit anchor"),
        "disclosure": tr("Sync", "Disclosure record"),
    }
    kind = RECORD_KINDS.get(resource_type)
    return words[kind] if kind is not None else resource_type


def _status_words(status: int) -> str:
    return {
        403: tr("Sync", "The central service does not allow this station to send this record."),
        409: tr("Sync", "The central service already holds different content for this record."),
        412: tr("Sync", "The central service holds a newer version of this record."),
        422: tr("Sync", "The central service could not accept the record as it was sent."),
    }.get(status, tr("Sync", "The reason was not recorded."))


# --- words ---------------------------------------------------------------------------------------


def _when(moment: datetime, now: datetime | None = None) -> str:
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return tr("Sync", "{day} {time}", day=short_date(local.date()), time=local.strftime("%H:%M"))


def status_text(status: SyncStatus, *, pull_failed: bool = False, now: datetime | None = None) -> str:
    """The header's one line: offline / syncing / n waiting / last synced at / n need attention."""
    from sync.client import SyncState

    state = status.state
    if state is SyncState.NOT_ENROLLED:
        return not_connected_text()
    if state is SyncState.REVOKED:
        return tr("Sync", "Central service: this station has been revoked, so nothing is sent. "
                          "Ask the service desk.")
    if state is SyncState.REFUSED:
        return tr("Sync", "Central service: does not recognise this station. An administrator "
                          "must enrol it again.")
    words = {
        SyncState.SYNCING: tr("Sync", "Central service: syncing…"),
        SyncState.OFFLINE: tr("Sync", "Central service: offline"),
        SyncState.IDLE: (tr("Sync", "Central service: up to date") if not status.waiting
                         else tr("Sync", "Central service: online")),
    }[state]
    parts = [words]
    if status.waiting:
        parts.append(tr("Sync", "{count} waiting", count=status.waiting))
    if status.last_synced_at is not None:
        parts.append(tr("Sync", "last synced at {when}", when=_when(status.last_synced_at, now)))
    else:
        parts.append(tr("Sync", "never synced"))
    if status.attention == 1:
        parts.append(tr("Sync", "1 needs attention"))
    elif status.attention:
        parts.append(tr("Sync", "{count} need attention", count=status.attention))
    if pull_failed and state is not SyncState.OFFLINE:
        parts.append(tr("Sync", "updates not fetched"))
    return " · ".join(parts)


def record_words(item: QuarantinedEnvelope) -> str:
    """What the record is, by type and id (no content)."""
    return tr("Sync", "{kind} {id} (version {version})", kind=_record_kind(item.resource_type),
              id=item.resource_id[:8], version=item.version)


def reason_words(item: QuarantinedEnvelope) -> str:
    """Why the centre refused it, in plain words, with the centre's own code and note."""
    text = _status_words(item.status)
    detail = ": ".join(part for part in (item.reason, item.diagnostics) if part)
    return f"{text} ({detail})" if detail else text


# --- views ---------------------------------------------------------------------------------------


class SyncStatusLabel(QLabel):
    """The header's status line: wraps like a label, and is selected like a button (click, or
    Enter / Space when it has focus) to open the details."""

    clicked = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setWordWrap(True)
        self.setText(text)
        set_role(self, Role.STATUS)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(details_hint())
        self.setAccessibleDescription(details_hint())
        # Underlined like a link and outlined when focused: selectable without relying on colour.
        self.setStyleSheet("SyncStatusLabel { text-decoration: underline; padding: 2px; }"
                           "SyncStatusLabel:focus { border: 2px solid palette(highlight); }")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class QuarantineModel(QAbstractTableModel):
    """Refused records: what, why, when."""

    COLUMNS = 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[QuarantinedEnvelope] = []

    def set_items(self, items: list[QuarantinedEnvelope]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
             ) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                                Qt.ItemDataRole.ToolTipRole):
            return None
        item = self.items[index.row()]
        column = index.column()
        if column == 0:
            return record_words(item)
        if column == 1:
            return reason_words(item)
        return _when(item.at)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Sync", "Record"), tr("Sync", "Why it was refused"),
                    tr("Sync", "Refused at"))[section]
        return None


class QuarantineDialog(QDialog):
    """The sync details: the status, then the records the centre refused with their reasons,
    Retry and Close (layout only; ``SyncController`` fills it and acts on Retry)."""

    retry_clicked = Signal(list)  # names of the envelopes to retry ([] = all)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_details")
        self.setWindowTitle(tr("Sync", "Sync with the central service"))
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        column.addWidget(wrapped_label(tr("Sync", "Sync with the central service"), Role.HEADING,
                                       parent=self))
        self.status = wrapped_label("", Role.STATUS, parent=self)
        self.status.setObjectName("sync_details_status")
        self.status.setAccessibleName(tr("Sync", "Sync status"))
        column.addWidget(self.status)
        self.lead = wrapped_label("", Role.BODY, parent=self)
        self.lead.setObjectName("sync_details_lead")
        column.addWidget(self.lead)
        self.model = QuarantineModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("quarantine_table")
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Sync", "Records that need attention"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.table, 1)
        self.note = wrapped_label("", Role.BODY, parent=self)
        self.note.setObjectName("sync_details_note")
        column.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.retry_button = QPushButton(tr("Sync", "&Retry"), self)
        self.retry_button.setObjectName("quarantine_retry")
        self.retry_button.setAccessibleName(tr("Sync", "Retry: send the selected records again (all "
                                                       "if none is selected)"))
        self.retry_button.clicked.connect(self._retry)
        buttons.addWidget(self.retry_button)
        self.close_button = QPushButton(tr("Sync", "Close"), self)
        self.close_button.setObjectName("quarantine_close")
        self.close_button.setAccessibleName(tr("Sync", "Close the sync details"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        column.addLayout(buttons)
        width = self.fontMetrics().averageCharWidth() * 100
        self.resize(min(width, 1000), self.fontMetrics().height() * 26)

    def show_items(self, items: list[QuarantinedEnvelope], *, may_retry: bool) -> None:
        self.model.set_items(items)
        self.table.resizeRowsToContents()
        if items:
            refused = (tr("Sync", "The central service refused 1 record.") if len(items) == 1
                       else tr("Sync", "The central service refused {count} records.",
                               count=len(items)))
            self.lead.setText(tr(
                "Sync", "{refused} They stay on this station and are not sent again until someone "
                "retries them. If a retry is refused again, tell the service desk the record and "
                "the reason shown.", refused=refused))
        else:
            self.lead.setText(tr("Sync", "Nothing needs attention: every record the central "
                                         "service has answered was accepted."))
        self.table.setVisible(bool(items))
        self.retry_button.setEnabled(bool(items) and may_retry)
        self.note.setText("" if may_retry or not items else
                          tr("Sync", "A supervisor or an administrator can retry these records."))
        self.note.setVisible(bool(self.note.text()))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def selected_names(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.items[row].name for row in rows if row < len(self.model.items)]

    def _retry(self) -> None:
        self.retry_clicked.emit(self.selected_names())


# --- the controller ------------------------------------------------------------------------------


class _Bridge(QObject):
    """Lives on the UI thread; the worker's thread emits through it (queued connections)."""

    status_reported = Signal(object)  # SyncStatus
    pull_reported = Signal(object)  # PullOutcome | None


@dataclass
class _Session:
    user_id: str
    role: str


class SyncController(QObject):
    """Runs the app's background sync (see the module docstring)."""

    status_changed = Signal(str)
    """The status line changed (the text shown)."""
    status_updated = Signal(object)
    """A fresh ``SyncStatus`` arrived from the worker."""
    forms_received = Signal(list)
    """Form versions (``"form-id version"``) added to the running library."""
    user_revoked = Signal(str)
    """The centre revoked the logged-in user (user id)."""

    def __init__(self, *, home: Path, window: MainWindow, context: AppContext,
                 interval: float | None = None, client_options: dict[str, Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = Path(home)
        self.window = window
        self.context = context
        extras = context.extras
        self.interval = float(interval if interval is not None
                              else extras.get("sync_interval", DEFAULT_INTERVAL))
        self.client_options = dict(client_options if client_options is not None
                                   else extras.get("sync_client_options", {}))
        self.worker: SyncWorker | None = None
        self.status: SyncStatus | None = None
        self.last_pull: PullOutcome | None = None
        self.text = ""
        self.dialog: QuarantineDialog | None = None
        self.session: _Session | None = None
        self._stopped = False
        self._bridge = _Bridge(self)
        self._bridge.status_reported.connect(self._status_reported)
        self._bridge.pull_reported.connect(self._pull_reported)
        window.sync_details_requested.connect(self.show_details)
        language_changed().connect(self._relabel)

    # lifetime

    def start(self) -> None:
        """Build the worker in the background pool (the sync machinery is imported there, off
        the UI thread) and start it."""
        if self._stopped or self.worker is not None:
            return
        home, interval, options = self.home, self.interval, self.client_options
        bridge = self._bridge

        def make() -> SyncWorker:
            from screening.services.sync_state import SyncFolder
            from sync.worker import SyncWorker

            return SyncWorker(SyncFolder(home), interval=interval,
                              on_status=bridge.status_reported.emit,
                              on_pulled=bridge.pull_reported.emit, **options)

        self.context.tasks.pool.submit(make, label="start background sync",
                                       on_success=self._worker_made,
                                       on_failure=self._worker_failed)

    def _worker_made(self, worker: SyncWorker) -> None:
        if self._stopped:
            worker.stop(timeout=STOP_WAIT)
            return
        self.worker = worker
        if self.session is not None:
            worker.set_puller(self._puller(self.session))
        worker.start()
        log.info("background sync started (every %.0f s)", self.interval)

    def _worker_failed(self, error: BaseException) -> None:
        log.error("background sync could not start: %s", type(error).__name__)
        self._show(tr("Sync", "Central service: sync could not start. Restart the app; if this "
                              "stays, ask IT."))

    def stop(self) -> None:
        """Stop the worker and join its thread (at exit), waiting at most ``STOP_WAIT``."""
        self._stopped = True
        if self.dialog is not None:
            self.dialog.close()
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.set_puller(None)
            worker.stop(timeout=STOP_WAIT)
            log.info("background sync stopped")

    def poke(self, *_: object) -> None:
        """Sync now (a screening was finalised, or records were put back to retry)."""
        if self.worker is not None:
            self.worker.poke()

    # the session (pull needs a logged-in user)

    def attach_shell(self, shell: ShellController) -> None:
        """Pull while someone is logged in and the station unlocked; push always."""
        shell.session_started.connect(self._session_started)
        shell.station_unlocked.connect(self._unlocked)
        shell.station_locked.connect(self._paused)
        shell.session_ended.connect(self._ended)

    def _session_started(self, info: object) -> None:
        user_id = str(getattr(info, "user_id", ""))
        role = getattr(info, "role", "")
        self.session = _Session(user_id=user_id, role=str(getattr(role, "value", role)))
        pages = self.context.extras.get("screening_pages")
        flow = getattr(pages, "flow", None)
        finalised = getattr(flow, "finalised", None)
        if finalised is not None:
            finalised.connect(self.poke)
        # Forms received in an earlier run go into the library before anyone starts a screening.
        self.context.gateway.call(lambda services: services.sync.install_received_forms(),
                                  label="install received forms",
                                  on_done=self._forms_installed)
        self._resume_pull()

    def _unlocked(self) -> None:
        self._resume_pull()

    def _resume_pull(self) -> None:
        if self.worker is not None and self.session is not None:
            self.worker.set_puller(self._puller(self.session))
            self.worker.poke()

    def _paused(self) -> None:
        if self.worker is not None:
            self.worker.set_puller(None)

    def _ended(self) -> None:
        self.session = None
        self._paused()
        if self.dialog is not None:
            self.dialog.close()

    def _puller(self, session: _Session) -> Callable[[SyncClient], PullOutcome | None]:
        gateway = self.context.gateway

        def on_database(fn: Callable[[Any], Any]) -> Any:
            def run(services: Any) -> Any:
                from screening.ui.context import NotUnlockedError

                if services.user_id != session.user_id:
                    raise NotUnlockedError("another user is logged in now")
                return fn(services.sync)

            return gateway.call_from_thread(run, label="apply pulled changes").result(
                timeout=DATABASE_WAIT)

        def pull(client: SyncClient) -> PullOutcome | None:
            from screening.services.station_sync import pull_changes
            from screening.ui.context import NotUnlockedError

            try:
                return pull_changes(client, user_id=session.user_id, role=session.role,
                                    on_database=on_database)
            except NotUnlockedError:
                return None  # locked (or logged out) meanwhile: the next session pulls

        return pull

    # reports from the worker (on the UI thread)

    def _status_reported(self, status: SyncStatus) -> None:
        if self._stopped:
            return  # reported just before the worker stopped, delivered after
        self.status = status
        failed = self.last_pull is not None and self.last_pull.error is not None
        self._show(status_text(status, pull_failed=failed))
        self.status_updated.emit(status)
        if self.dialog is not None and self.dialog.isVisible():
            self._refresh_details()

    def _pull_reported(self, outcome: PullOutcome | None) -> None:
        if outcome is None or self._stopped:
            return
        self.last_pull = outcome
        if outcome.error:
            log.warning("background pull incomplete")
        if outcome.forms_added:
            log.info("%d form version(s) received and ready to use", len(outcome.forms_added))
            self.forms_received.emit(list(outcome.forms_added))
        if outcome.problems:
            log.error("%d received form version(s) not used", len(outcome.problems))
        session = self.session
        if outcome.user_revoked and session is not None:
            log.warning("the central service revoked user %s: locking", session.user_id)
            self.user_revoked.emit(session.user_id)
            self.context.navigator.lock_requested.emit()

    def _forms_installed(self, installed: object) -> None:
        added = list(getattr(installed, "added", []))
        if added:
            self.forms_received.emit(added)

    def _relabel(self) -> None:
        """The status line in the new language (it is made of several texts)."""
        if self._stopped:
            return
        if self.status is not None:
            failed = self.last_pull is not None and self.last_pull.error is not None
            self._show(status_text(self.status, pull_failed=failed))
        elif self.text:
            self._show(again(self.text))
        if self.dialog is not None:
            self.dialog.set_status(self.text or self.window.sync_status_text())

    def _show(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.window.set_sync_status(text)
        self.status_changed.emit(text)

    # the details dialog

    def show_details(self) -> None:
        """Open (or raise) the sync details with the refused records."""
        if self.dialog is None:
            self.dialog = QuarantineDialog(self.window)
            self.dialog.retry_clicked.connect(self.retry)
        self.dialog.set_status(self.text or self.window.sync_status_text())
        self.dialog.show_items(self.dialog.model.items, may_retry=self._may_retry())
        self.dialog.open()
        self.dialog.raise_()
        self._refresh_details()

    def _may_retry(self) -> bool:
        return self.session is not None and self.session.role in RETRY_ROLES

    def _refresh_details(self) -> None:
        if self._stopped:
            return
        home = self.home

        def read() -> list[QuarantinedEnvelope]:
            from screening.services.sync_state import SyncFolder

            return SyncFolder(home).quarantined()

        self.context.tasks.pool.submit(read, label="read refused records",
                                       on_success=self._details_read)

    def _details_read(self, items: list[QuarantinedEnvelope]) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        dialog.set_status(self.text or self.window.sync_status_text())
        dialog.show_items(items, may_retry=self._may_retry())

    def retry(self, names: list[str]) -> None:
        """Put refused records back in the outbox (audited, by a supervisor or an administrator)
        and sync now."""
        if not self._may_retry():
            return
        chosen = list(names) or None
        if self.dialog is not None:
            self.dialog.retry_button.setEnabled(False)
        self.context.gateway.call(lambda services: services.sync.retry(names=chosen),
                                  label="retry refused records", on_done=self._retried,
                                  on_error=self._retry_failed)

    def _retried(self, moved: int) -> None:
        log.info("%d refused record(s) put back to send", moved)
        self.poke()
        self._refresh_details()

    def _retry_failed(self, error: BaseException) -> None:
        log.warning("retry refused: %s", type(error).__name__)
        if self.dialog is not None:
            from screening.services.errors import ServiceError

            self.dialog.note.setText(str(error) if isinstance(error, ServiceError) else
                                     "The records could not be put back. Try again; if this "
                                     "stays, ask IT.")
            self.dialog.note.setVisible(True)
        self._refresh_details()


def start_sync(*, home: Path, window: MainWindow, context: AppContext,
               shell: ShellController | None, parent: QObject | None = None) -> SyncController:
    """Start background sync for the app (``screening.ui.startup`` calls this)."""
    controller = SyncController(home=home, window=window, context=context, parent=parent)
    context.sync = controller
    if shell is not None:
        controller.attach_shell(shell)
    controller.start()
    return controller
