"""Sync as the unlocked station sees it: enrolment, sealing at write, audit anchors, a full sync
(push and pull), what the centre acknowledged, quarantine, and the centre's directives.

``Services.sync`` is a ``StationSync``. At every unlock (``on_unlock``) it refuses a user the centre
revoked, attaches the sealer (once enrolled), takes in the acknowledgements the locked sync worker
recorded (so the retention purge knows what the centre holds) and brings the outbox folder into
line with the database (``sealing.reconcile``).

The push itself is ``sync.client.SyncClient``, which needs no unlock; ``sync()`` here adds what needs
the database: an audit anchor first, the acknowledgements after, and the pull (a logged-in user's),
whose changes are committed with the new cursor in one transaction.

The app's background worker pulls with ``pull_changes``: the network part on the worker's thread,
each page applied by the thread that owns the database. Pulled form versions are kept under
``sync/received/`` with their hashes recorded in the encrypted database; ``install_received_forms``
adds those whose files still match to the running form library, so new screenings can use them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from nacl.signing import SigningKey

from screening.services import policy
from screening.services.errors import InvalidInputError, NotAllowedError, ServiceError
from screening.services.outbox import Outbox
from screening.services.sealing import (
    SigningKeyError,
    StationSealer,
    add_anchor,
    apply_acknowledgements,
    load_sealer,
    reconcile,
    store_signing_key,
)
from screening.services.session import Session
from screening.services.sync_state import Enrolment, QuarantinedEnvelope, SyncFileError, SyncFolder
from screening.store.audit import AuditEvent
from screening.store.files import atomic_write_bytes

if TYPE_CHECKING:
    import httpx

    from screening.checklist.loader import CompiledForm, FormLibrary
    from sync.client import PullReport, PushReport, SyncClient, SyncStatus
    from sync.protocol import Directive, FormVersionChange, RegistryVersionChange

log = logging.getLogger(__name__)

T = TypeVar("T")

CURSOR_SETTING = "sync.cursor"
REVOKED_USERS_SETTING = "sync.revoked_users"
STATION_REVOKED_SETTING = "sync.station_revoked_at"
RECEIVED_SETTING = "sync.received"
"""``{"forms/<id>/<version>.yaml" | "flags/<version>.yaml": sha256}`` of what the centre sent."""
RECEIVED_DIR = "received"
_FORM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")

REVOKED_USER_MESSAGE = (
    "Your access to this station has been withdrawn by the central service. Ask your administrator."
)


class SyncSetupError(ServiceError):
    """Enrolment or sync could not be set up; the message says what to do."""


@dataclass(frozen=True)
class SyncReport:
    """What ``StationSync.sync`` did (for the status line and ``screening sync``)."""

    push: PushReport
    anchored_seq: int | None
    acknowledged: int
    pull: PullReport | None
    pull_error: str | None
    directives: tuple[str, ...]

    def describe(self) -> list[str]:
        """Plain lines for people."""
        lines = []
        if self.anchored_seq is not None:
            lines.append(f"audit anchor queued (sequence {self.anchored_seq})")
        lines.append(self.push.describe())
        if self.acknowledged:
            lines.append(f"{self.acknowledged} acknowledgement(s) recorded in the station database")
        if self.pull is not None:
            lines.append(f"pulled {self.pull.applied} change(s) in {self.pull.pages} page(s)")
            if self.pull.error:
                lines.append(self.pull.error)
        if self.pull_error:
            lines.append(f"pull failed: {self.pull_error}")
        lines.extend(self.directives)
        return lines


def _get(session: Session, key: str) -> Any:
    text = session.db.query_value("SELECT value FROM settings WHERE key = ?", (key,))
    return None if text is None else json.loads(text)


def _set(session: Session, key: str, value: Any) -> None:
    session.db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


def _normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", url):
        raise InvalidInputError(
            "The central service address must start with https:// (or http:// for a test service).",
            {"url": "not an http(s) address"},
        )
    return url


class StationSync:
    """Sync for one unlocked station session (see the module docstring)."""

    def __init__(self, session: Session, outbox: Outbox) -> None:
        self._session = session
        self._outbox = outbox
        self.folder = SyncFolder(session.station.files.home)
        self.warnings: list[str] = []

    # --- state ---

    @property
    def enrolled(self) -> bool:
        """True once the station has enrolled with the central service."""
        return self.folder.is_enrolled()

    def enrolment(self) -> Enrolment | None:
        """The enrolment (None before enrolment)."""
        return self.folder.enrolment() if self.folder.is_enrolled() else None

    def client(self, **options: Any) -> SyncClient:
        """A push/pull client for this station folder (options as ``SyncClient`` takes them)."""
        from sync.client import SyncClient

        return SyncClient(self.folder, **options)

    def status(self) -> SyncStatus:
        """offline / syncing / n waiting / last synced / n need attention (from the files)."""
        return self.client().status()

    def revoked_users(self) -> list[str]:
        """Station users the central service revoked (refused at their next unlock)."""
        value = _get(self._session, REVOKED_USERS_SETTING)
        return [str(v) for v in value] if isinstance(value, list) else []

    # --- at unlock ---

    def on_unlock(self) -> None:
        """Refuse a revoked user; attach the sealer; take in acknowledgements; reconcile the outbox."""
        session = self._session
        station = session.station
        revoked = station.db.query_value("SELECT value FROM settings WHERE key = ?", (REVOKED_USERS_SETTING,))
        if revoked is not None and session.user_id in json.loads(revoked):
            station.audit.append(
                AuditEvent.SYNC,
                user_id=session.user_id,
                subjects={"user": session.user_id},
                details={"action": "revoked_user_refused"},
            )
            log.warning("user %s refused: revoked by the central service", session.user_id)
            station.lock()
            raise NotAllowedError(REVOKED_USER_MESSAGE)
        if station.must_change_passphrase:
            return
        sealer = self.attach()
        if self.folder.acks_dir.exists():
            apply_acknowledgements(session, self._outbox, self.folder)
        if sealer is not None:
            reconcile(session, self._outbox, self.folder, sealer)

    def attach(self) -> StationSealer | None:
        """Give the outbox the station's sealer, if enrolled and the key opens (else a warning).

        A sealer handed to ``Services`` explicitly (tests) is left alone."""
        current = self._outbox.sealer
        if isinstance(current, StationSealer):
            return current
        if current is not None:
            return None
        try:
            sealer = load_sealer(self._session, self.folder)
        except (SigningKeyError, SyncFileError) as exc:
            log.error("sealer unavailable: %s", type(exc).__name__)
            self.warnings.append(str(exc))
            return None
        self._outbox.sealer = sealer
        return sealer

    # --- enrolment ---

    def enrol(
        self,
        *,
        url: str,
        code: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
    ) -> Enrolment:
        """Enrol this station with the central service (administrators only).

        Makes the station's signing key (kept encrypted beside the station), spends the one-time
        ``code`` at ``url``, stores the send-only credential and the centre's keys outside the
        database, and seals every outbox row written before enrolment. A station enrolled already
        enrols again only if the centre revoked it (its waiting records are sealed afresh)."""
        from sync.client import EnrolError, enrol_station

        session = self._session
        session.require(
            policy.may_manage_station(session.role),
            "Only an administrator can enrol the station with the central service.",
        )
        url = _normalise_url(url)
        if self.enrolled and self.folder.state().revoked_at is None:
            raise NotAllowedError(
                "This station is enrolled already. It is enrolled again only after the central service "
                "has revoked it."
            )
        key = SigningKey.generate()
        try:
            response = enrol_station(url, code, key.verify_key, transport=transport, timeout=timeout)
        except EnrolError as exc:
            raise SyncSetupError(str(exc)) from None
        store_signing_key(session, self.folder, key)
        enrolment = Enrolment(
            url=url,
            local_station_id=session.station_id,
            station_id=response.station_id,
            agency_id=response.agency_id,
            agency_type=response.agency_type.value,
            site=response.site,
            credential=response.credential,
            centre_encryption_key=response.centre.encryption_key,
            centre_encryption_key_id=response.centre.encryption_key_id,
            centre_signing_key=response.centre.signing_key,
            centre_signing_key_id=response.centre.signing_key_id,
            station_public_key=_public(key),
            enrolled_at=response.enrolled_at,
        )
        re_enrolling = self.enrolled
        if re_enrolling:
            # Envelopes sealed for the revoked identity would be refused: seal them afresh.
            for envelope in self.folder.envelopes():
                envelope.path.unlink(missing_ok=True)
            self.folder.retry()
            for envelope in self.folder.envelopes():
                envelope.path.unlink(missing_ok=True)
        self.folder.save_enrolment(enrolment)
        self.folder.update_state(revoked_at=None, last_error=None)
        with session.transaction():
            _set(session, STATION_REVOKED_SETTING, None)
            _set(session, CURSOR_SETTING, "")
            session.audit(
                AuditEvent.SYNC,
                subjects={"station": session.station_id},
                details={
                    "action": "enrol",
                    "central_station": response.station_id,
                    "agency": response.agency_id,
                    "again": re_enrolling,
                },
            )
        self._outbox.sealer = None
        sealer = self.attach()
        if sealer is None:
            raise SyncSetupError(
                "The station enrolled, but its signing key could not be opened. Enrol again."
            )
        reconcile(session, self._outbox, self.folder, sealer)
        log.info("station enrolled as %s (agency %s)", response.station_id, response.agency_id)
        return enrolment

    # --- a sync ---

    def sync(
        self,
        *,
        client: SyncClient | None = None,
        pull: bool = True,
        anchor: bool = True,
    ) -> SyncReport:
        """One sync as the logged-in user: queue an audit anchor, push, record acknowledgements,
        then pull the change feed. Network trouble is reported, never raised."""
        from sync.client import PullError

        session = self._session
        own_client = client is None
        active = client if client is not None else self.client()
        try:
            anchored = None
            if anchor and self.attach() is not None:
                anchored = add_anchor(session, self._outbox)
            pushed = active.push()
            acknowledged = apply_acknowledgements(session, self._outbox, self.folder)
            pulled: PullReport | None = None
            pull_error: str | None = None
            directives: list[str] = []
            if pull and self.enrolled:
                cursor = _get(session, CURSOR_SETTING) or ""
                try:
                    pulled = active.pull(
                        user_id=session.user_id,
                        role=session.role.value,
                        cursor=str(cursor),
                        apply=lambda changes, new_cursor: directives.extend(
                            self.apply_changes(changes, new_cursor)
                        ),
                    )
                except PullError as exc:
                    pull_error = str(exc)
                    if exc.reason is not None and exc.reason.value == "user-revoked":
                        directives.extend(self._revoke_user(session.user_id))
        finally:
            if own_client:
                active.close()
        return SyncReport(
            push=pushed,
            anchored_seq=anchored,
            acknowledged=acknowledged,
            pull=pulled,
            pull_error=pull_error,
            directives=tuple(directives),
        )

    def apply_changes(
        self, changes: Sequence[FormVersionChange | RegistryVersionChange | Directive], cursor: str
    ) -> list[str]:
        """Apply one verified page of the change feed and save ``cursor`` in the same transaction.

        Forms and flag registry versions are kept (as published, signature checked) under
        ``sync/received/`` for IT to install; directives take effect: a revoked user is refused at
        their next unlock, a revoked station stops sending. Returns plain lines of what was done."""
        from sync.protocol import Directive, DirectiveAction, FormVersionChange, RegistryVersionChange

        session = self._session
        enrolment = self.folder.enrolment()
        done: list[str] = []
        received = self.folder.sync_dir / RECEIVED_DIR
        files: list[Callable[[], None]] = []
        with session.transaction():
            revoked = set(self.revoked_users())
            received_hashes = self._received_hashes()
            for change in changes:
                if isinstance(change, FormVersionChange):
                    if not (_FORM_ID.match(change.form_id) and _VERSION.match(change.version)):
                        log.error("change %s: form id or version not usable as a name", change.change_id)
                        continue
                    target = received / "forms" / change.form_id / f"{change.version}.yaml"
                    files.append(_writer(target, change.content.encode("utf-8")))
                    received_hashes[f"forms/{change.form_id}/{change.version}.yaml"] = _sha256(
                        change.content)
                    session.audit(
                        AuditEvent.SYNC,
                        details={
                            "action": "form_received",
                            "form": change.form_id,
                            "version": change.version,
                        },
                    )
                    done.append(f"form {change.form_id} {change.version} received")
                elif isinstance(change, RegistryVersionChange):
                    if not _VERSION.match(change.version):
                        continue
                    target = received / "flags" / f"{change.version}.yaml"
                    files.append(_writer(target, change.content.encode("utf-8")))
                    received_hashes[f"flags/{change.version}.yaml"] = _sha256(change.content)
                    session.audit(
                        AuditEvent.SYNC, details={"action": "registry_received", "version": change.version}
                    )
                    done.append(f"flag registry {change.version} received")
                elif isinstance(change, Directive):
                    if change.station_id != enrolment.station_id:
                        log.error("change %s: a directive for another station, ignored", change.change_id)
                        continue
                    if change.action is DirectiveAction.USER_REVOKED and change.user_id:
                        revoked.add(change.user_id)
                        session.audit(
                            AuditEvent.SYNC,
                            subjects={"user": change.user_id},
                            details={"action": "user_revoked"},
                        )
                        done.append(f"user {change.user_id} revoked by the central service")
                    elif change.action is DirectiveAction.STATION_REVOKED:
                        _set(session, STATION_REVOKED_SETTING, change.issued_at.isoformat())
                        session.audit(AuditEvent.SYNC, details={"action": "station_revoked"})
                        done.append("this station was revoked by the central service: sending stopped")
                        files.append(_revoker(self.folder, change.issued_at))
            _set(session, REVOKED_USERS_SETTING, sorted(revoked))
            _set(session, RECEIVED_SETTING, received_hashes)
            # Files first (idempotent writes): if the commit then fails, the cursor is not saved
            # and the same page is applied again next time.
            for write in files:
                write()
            _set(session, CURSOR_SETTING, cursor)
        return done

    def _revoke_user(self, user_id: str) -> list[str]:
        session = self._session
        with session.transaction():
            revoked = set(self.revoked_users()) | {user_id}
            _set(session, REVOKED_USERS_SETTING, sorted(revoked))
            session.audit(AuditEvent.SYNC, subjects={"user": user_id}, details={"action": "user_revoked"})
        return [f"user {user_id} revoked by the central service"]

    # --- the pull, piece by piece (for the app's background worker) ---

    def cursor(self) -> str:
        """Where the change feed was read up to (saved with the last page applied)."""
        return str(_get(self._session, CURSOR_SETTING) or "")

    def revoke_user(self, user_id: str) -> list[str]:
        """The centre refused a pull because it revoked ``user_id``: refuse them here too."""
        return self._revoke_user(user_id)

    def _received_hashes(self) -> dict[str, str]:
        value = _get(self._session, RECEIVED_SETTING)
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    def install_received_forms(self) -> InstalledForms:
        """Add the form versions the centre sent to the running form library.

        Only files whose SHA-256 matches the hash recorded in the database when their (signed)
        change was applied are used, so a file changed in the station folder afterwards is not.
        A version the library has already (shipped with the app) is left as it is. The library's
        ``forms`` is replaced in one assignment, never changed in place, so a thread reading it
        meanwhile sees the old set or the new one."""
        from screening.checklist.yamlsource import FormLoadError

        library = self._session.library
        forms = dict(library.forms)
        result = InstalledForms()
        received = self.folder.sync_dir / RECEIVED_DIR
        for key, expected in sorted(self._received_hashes().items()):
            parts = key.split("/")
            if len(parts) != 3 or parts[0] != "forms" or not parts[2].endswith(".yaml"):
                continue
            form_id, version = parts[1], parts[2].removesuffix(".yaml")
            if not (_FORM_ID.match(form_id) and _VERSION.match(version)):
                continue
            label = f"{form_id} {version}"
            if (form_id, version) in forms:
                continue
            path = received / "forms" / form_id / f"{version}.yaml"
            try:
                data = path.read_bytes()
            except OSError:
                log.error("received form %s@%s missing", form_id, version)
                result.problems.append(f"form {label}: the received file is missing")
                continue
            if hashlib.sha256(data).hexdigest() != expected:
                log.error("received form %s@%s does not match its recorded hash", form_id, version)
                result.problems.append(
                    f"form {label}: the received file has changed since it arrived, so it is not used")
                continue
            try:
                form = _compile_verified(library, form_id, version, data)
            except FormLoadError as exc:
                log.error("received form %s@%s does not load (%d problems)", form_id, version,
                          len(exc.errors))
                result.problems.append(f"form {label} could not be used: {exc.errors[0]}")
                continue
            if (form.id, form.version) != (form_id, version):
                result.problems.append(f"form {label}: the file names another form or version")
                continue
            forms[(form_id, version)] = replace(form, path=path)
            result.added.append(label)
        if result.added:
            library.forms = forms
            log.info("%d received form version(s) added to the library", len(result.added))
        return result

    # --- acknowledgements, quarantine ---

    def take_acknowledgements(self) -> int:
        """Record in the database what the centre acknowledged (done at every unlock too)."""
        return apply_acknowledgements(self._session, self._outbox, self.folder)

    def quarantined(self) -> list[QuarantinedEnvelope]:
        """Records the centre refused, with its reasons (ids only)."""
        return self.folder.quarantined()

    def retry(self, *, names: Sequence[str] | None = None) -> int:
        """Send quarantined records again at the next sync (all, or those named); audited."""
        session = self._session
        session.require(
            session.role.value in ("admin", "supervisor"),
            "Only a supervisor or an administrator can send refused records again.",
        )
        moved = self.folder.retry(list(names) if names is not None else None)
        if moved:
            session.audit(AuditEvent.SYNC, details={"action": "retry_quarantined", "count": moved})
        return moved


@dataclass
class InstalledForms:
    """What ``install_received_forms`` did: ``form-id version`` labels added, problems in words."""

    added: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class PullOutcome:
    """What one background pull did (``pull_changes``)."""

    applied: int = 0
    lines: list[str] = field(default_factory=list)
    """Plain lines of what the changes did (forms received, users revoked...)."""
    forms_added: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    """Why the pull did not finish (network, refusal, a change that did not verify)."""
    user_revoked: bool = False
    """The logged-in user has been revoked by the centre."""


class OnDatabase(Protocol):
    """Runs ``fn(services.sync)`` on the thread that owns the station database; its result."""

    def __call__(self, fn: Callable[[StationSync], T], /) -> T: ...


def pull_changes(
    client: SyncClient,
    *,
    user_id: str,
    role: str,
    on_database: OnDatabase,
) -> PullOutcome:
    """Pull the change feed as ``user_id``/``role`` from a thread that does not own the database.

    The network part runs here; ``on_database(fn)`` must run ``fn(services.sync)`` on the thread
    that owns the station database and return its result (raising what it raised). Each verified
    page is applied there with its cursor in one transaction; then the received forms are added
    to the running library. Network trouble and refusals are reported, never raised."""
    from sync.client import PullError

    outcome = PullOutcome()
    cursor = on_database(lambda sync: sync.cursor())

    def apply(changes: list[Any], new_cursor: str) -> None:
        outcome.lines.extend(on_database(lambda sync: sync.apply_changes(changes, new_cursor)))

    try:
        report = client.pull(user_id=user_id, role=role, cursor=cursor, apply=apply)
    except PullError as exc:
        outcome.error = str(exc)
        if exc.reason is not None and exc.reason.value == "user-revoked":
            outcome.lines.extend(on_database(lambda sync: sync.revoke_user(user_id)))
            outcome.user_revoked = True
        return outcome
    outcome.applied = report.applied
    outcome.error = report.error
    if any(line.startswith(f"user {user_id} revoked") for line in outcome.lines):
        outcome.user_revoked = True
    if report.applied:
        installed = on_database(lambda sync: sync.install_received_forms())
        outcome.forms_added, outcome.problems = installed.added, installed.problems
    return outcome


def _compile_verified(library: FormLibrary, form_id: str, version: str, data: bytes
                      ) -> CompiledForm:
    """Compile a form from bytes already checked (a private copy, so the file cannot change
    between the check and the load)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="screening-form-") as folder:
        copy = Path(folder) / form_id / f"{version}.yaml"
        copy.parent.mkdir(mode=0o700)
        atomic_write_bytes(copy, data)
        return library.load_form_file(copy)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _writer(target: Any, data: bytes) -> Callable[[], None]:
    def write() -> None:
        from screening.paths import ensure_dir

        ensure_dir(target.parent)
        atomic_write_bytes(target, data)

    return write


def _revoker(folder: SyncFolder, at: datetime) -> Callable[[], None]:
    def revoke() -> None:
        folder.mark_revoked(at)

    return revoke


def _public(key: SigningKey) -> str:
    from sync.protocol import encode_key

    return encode_key(key.verify_key)


def revoked_at(session: Session) -> datetime | None:
    """When the centre revoked this station (None if it has not)."""
    value = _get(session, STATION_REVOKED_SETTING)
    return datetime.fromisoformat(value) if isinstance(value, str) else None
