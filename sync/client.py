"""The station's sync client: sends sealed envelopes and takes acknowledgements; pulls the change feed.

It never opens the station database: pushing needs only the station folder's sync files
(``screening.services.sync_state``: the send-only credential and the sealed envelopes), so it works
while the station is locked. What it learns for the database (acknowledgements, pulled changes) is
handed over as files or to a callback the unlocked services provide.

Push
----
Envelopes go oldest first, in batches (a FHIR ``batch`` Bundle of ``PUT <Type>/<id>`` entries, each a
``Binary`` holding one envelope). The ``Idempotency-Key`` is derived from the batch's bytes, so a
retry of the same batch (after a dropped connection, a timeout, a 5xx, or a response that was not a
well-formed answer to it) is a replay that the centre answers from what it stored. A response is
accepted only if it is a well-formed ``batch-response`` for this key with one entry per request
entry, each answering its own entry (``sync.protocol.read_batch_response`` plus the checks in
``_check_entries``); anything else is treated like a lost connection. Accepted entries (200/201):
the acknowledgement is recorded (for the next unlock) and then the envelope deleted. Refused
entries (403/409/412/422): the envelope is quarantined with the centre's reason. Network errors and
5xx are retried with exponential backoff and full jitter; after ``max_attempts`` the pass stops
(offline) and the next pass starts where it stopped. 401: the credential is not known (enrol
again). 403 for the whole request: the station is revoked; sending stops for good.

Pull
----
``pull`` needs a logged-in user (named in the request): each page of changes is verified against the
centre's signing key from enrolment before anything of it is used, handed to ``apply`` (which
commits it in the station database together with the new cursor), and only then is the next page
asked for. A page with a change that does not verify is not applied and its cursor not saved.

Status
------
``on_status`` (a plain callable, no Qt) is called with a :class:`SyncStatus` whenever the state
changes: offline / syncing / idle, how many envelopes wait, when the last push succeeded, and how
many need attention (quarantined).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

import httpx
from nacl.signing import VerifyKey
from pydantic import ValidationError

from screening.services.sync_state import Acknowledgement, EnvelopeFile, SyncFileError, SyncFolder
from sync.protocol import (
    API_PREFIX,
    FHIR_JSON,
    IDEMPOTENCY_KEY_HEADER,
    LOOKUP_PATH,
    ROLE_HEADER,
    SEALED_CONTENT_TYPE,
    USER_HEADER,
    BatchResponse,
    BundleRequest,
    ChangeFeed,
    ChangeSignatureError,
    Directive,
    EnrolRequest,
    EnrolResponse,
    EntryResult,
    FormVersionChange,
    LookupRequest,
    LookupResponse,
    OperationOutcome,
    ProtocolError,
    PushBundle,
    PushEntry,
    RegistryVersionChange,
    SealedBinary,
    SyncError,
    decode_verify_key,
    encode_key,
    read_batch_response,
    verify_change,
)

log = logging.getLogger(__name__)

PUSH_PATH = f"{API_PREFIX}/push"
CHANGES_PATH = f"{API_PREFIX}/changes"
ENROL_PATH = f"{API_PREFIX}/enrol"
DEFAULT_BATCH_SIZE = 200
DEFAULT_BATCH_BYTES = 8 * 1024 * 1024
REFUSED_ENTRY_STATUSES = frozenset({403, 409, 412, 422})
"""Per-entry refusals: quarantined with the centre's reason (a retry will not change them)."""

AnyChange = FormVersionChange | RegistryVersionChange | Directive


class SyncState(StrEnum):
    """What the status line says."""

    NOT_ENROLLED = "not_enrolled"
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"
    REVOKED = "revoked"
    REFUSED = "refused"
    """The centre does not know the credential: enrol again."""


@dataclass(frozen=True)
class SyncStatus:
    """The visible sync status: offline / syncing / n waiting / last synced / n need attention."""

    state: SyncState
    waiting: int
    attention: int
    last_synced_at: datetime | None
    last_error: str | None = None

    def describe(self) -> str:
        """One line for people: what is happening and what waits."""
        parts = {
            SyncState.NOT_ENROLLED: "not enrolled with the central service",
            SyncState.IDLE: "up to date" if not self.waiting else "online",
            SyncState.SYNCING: "syncing",
            SyncState.OFFLINE: "offline",
            SyncState.REVOKED: "this station has been revoked by the central service: nothing is sent",
            SyncState.REFUSED: "the central service does not recognise this station: enrol it again",
        }
        words = [parts[self.state], f"{self.waiting} waiting"]
        words.append(
            "last synced " + self.last_synced_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
            if self.last_synced_at
            else "never synced"
        )
        if self.attention:
            words.append(f"{self.attention} need attention")
        return "; ".join(words)


class PushOutcome(StrEnum):
    DONE = "done"
    """Every envelope that was waiting has been answered (accepted or quarantined)."""
    OFFLINE = "offline"
    NOT_ENROLLED = "not_enrolled"
    REVOKED = "revoked"
    REFUSED = "refused"
    BUSY = "busy"
    """Another process is pushing this outbox right now."""


@dataclass
class PushReport:
    """What one push did."""

    outcome: PushOutcome
    batches: int = 0
    attempts: int = 0
    accepted: int = 0
    quarantined: int = 0
    waiting: int = 0
    attention: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    """Failed attempts by kind (``connect``, ``timeout``, ``read``, ``status-503``, ``bad-response``...)."""
    error: str | None = None

    def describe(self) -> str:
        """One line for people."""
        text = {
            PushOutcome.DONE: "push complete",
            PushOutcome.OFFLINE: "push stopped: the central service could not be reached",
            PushOutcome.NOT_ENROLLED: "not enrolled: nothing sent",
            PushOutcome.REVOKED: "this station has been revoked: nothing sent",
            PushOutcome.REFUSED: "the central service refused this station's credential: enrol again",
            PushOutcome.BUSY: "another sync is running: nothing sent",
        }[self.outcome]
        return (
            f"{text}; sent {self.accepted + self.quarantined} in {self.batches} batch(es), "
            f"{self.accepted} accepted, {self.quarantined} quarantined, {self.waiting} waiting, "
            f"{self.attention} need attention"
        )


@dataclass
class PullReport:
    """What one pull did."""

    pages: int = 0
    applied: int = 0
    cursor: str = ""
    rejected: int = 0
    """Changes whose centre signature did not verify (their page was not applied)."""
    error: str | None = None


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter: attempt n waits uniformly in [0, min(cap, base * 2**n))."""

    base: float = 0.5
    cap: float = 60.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0.0, min(self.cap, self.base * (2 ** max(0, attempt))))


class EnrolError(Exception):
    """Enrolment failed; the message says what to do."""


class PullError(Exception):
    """A pull could not be made; the message says why (``reason`` is the centre's code if any)."""

    def __init__(self, message: str, reason: SyncError | None = None) -> None:
        super().__init__(message)
        self.reason = reason


class _RetryableError(Exception):
    """This attempt failed in a way a retry of the same batch may cure."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _StopPushError(Exception):
    """Stop pushing (revoked, refused credential, whole request refused)."""

    def __init__(self, outcome: PushOutcome, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message


@dataclass(frozen=True)
class _Batch:
    envelopes: list[EnvelopeFile]
    bundle: PushBundle
    body: bytes
    key: str
    records: frozenset[tuple[str, str]]


@dataclass
class _Sent:
    results: list[EntryResult] | None = None
    attempts: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    stop: _StopPushError | None = None


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _reason_of(response: httpx.Response) -> SyncError | None:
    try:
        outcome = OperationOutcome.model_validate_json(response.content)
    except ValidationError:
        return None
    return outcome.issue[0].reason


def enrol_station(
    url: str,
    code: str,
    verify_key: VerifyKey,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 30.0,
) -> EnrolResponse:
    """Spend a one-time code at the centre, registering ``verify_key``; the centre's answer.

    Raises :class:`EnrolError` with a message for people."""
    request = EnrolRequest(code=code, station_signing_key=encode_key(verify_key))
    try:
        with httpx.Client(base_url=url, transport=transport, timeout=timeout) as http:
            response = http.post(ENROL_PATH, json=request.model_dump(mode="json"))
    except httpx.HTTPError as exc:
        log.warning("enrolment: central service unreachable (%s)", type(exc).__name__)
        raise EnrolError(
            f"The central service at {url} could not be reached. Check the address and the network, "
            "then try again (the code is still valid)."
        ) from None
    if response.status_code == 200:
        try:
            return EnrolResponse.model_validate_json(response.content)
        except ValidationError:
            raise EnrolError(
                "The central service's answer was not understood. Check the address is the sync "
                "service's."
            ) from None
    reason = _reason_of(response)
    if reason is SyncError.ENROL_CODE_INVALID:
        raise EnrolError(
            "The central service did not accept this code: it may be mistyped, used already or "
            "expired. Ask for a new code."
        )
    log.warning("enrolment refused: HTTP %d (%s)", response.status_code, reason)
    raise EnrolError(
        f"The central service refused the enrolment (HTTP {response.status_code}"
        + (f", {reason.value}" if reason else "")
        + "). Ask the central service desk for help."
    )


class SyncClient:
    """Pushes the outbox folder of one station and pulls its change feed (see the module docstring).

    ``transport`` lets tests put a fault-injecting transport between client and service;
    ``sleep`` and ``rng`` make the backoff testable. One thread at a time uses a client.
    """

    def __init__(
        self,
        folder: SyncFolder,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        batch_size: int = DEFAULT_BATCH_SIZE,
        batch_bytes: int = DEFAULT_BATCH_BYTES,
        max_attempts: int = 5,
        concurrency: int = 2,
        backoff: Backoff | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
    ) -> None:
        if batch_size < 1 or max_attempts < 1 or concurrency < 1:
            raise ValueError("batch_size, max_attempts and concurrency must be at least 1")
        self.folder = folder
        self._transport = transport
        self._timeout = timeout
        self.batch_size = batch_size
        self.batch_bytes = batch_bytes
        self.max_attempts = max_attempts
        self.concurrency = concurrency
        self.backoff = backoff or Backoff()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._on_status = on_status
        self._http: httpx.Client | None = None
        self._http_url: str | None = None
        self._syncing = False
        self._offline = False
        self.consecutive_failures = 0
        """Passes in a row that ended offline (for the caller's next interval: ``next_delay``)."""

    # --- plumbing ---

    def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _client(self, url: str) -> httpx.Client:
        if self._http is None or self._http_url != url:
            self.close()
            self._http = httpx.Client(base_url=url, transport=self._transport, timeout=self._timeout)
            self._http_url = url
        return self._http

    def next_delay(self) -> float:
        """How long a background worker should wait before the next pass (backoff after failures)."""
        if not self.consecutive_failures:
            return 0.0
        return self.backoff.delay(self.consecutive_failures, self._rng)

    # --- status ---

    def status(self) -> SyncStatus:
        """The current status (from the files; cheap)."""
        folder = self.folder
        state = folder.state()
        if not folder.is_enrolled():
            kind = SyncState.NOT_ENROLLED
        elif state.revoked_at is not None:
            kind = SyncState.REVOKED
        elif self._syncing:
            kind = SyncState.SYNCING
        elif state.last_error == PushOutcome.REFUSED.value:
            kind = SyncState.REFUSED
        elif self._offline:
            kind = SyncState.OFFLINE
        else:
            kind = SyncState.IDLE
        return SyncStatus(
            state=kind,
            waiting=folder.waiting_count(),
            attention=folder.quarantined_count(),
            last_synced_at=state.last_synced_at,
            last_error=state.last_error,
        )

    def _emit(self) -> None:
        if self._on_status is not None:
            try:
                self._on_status(self.status())
            except Exception:  # a broken listener must not stop sync
                log.exception("sync status listener failed")

    # --- push ---

    def push(self) -> PushReport:
        """Send every waiting envelope (see the module docstring); never raises for network trouble."""
        folder = self.folder
        if not folder.is_enrolled():
            return PushReport(PushOutcome.NOT_ENROLLED)
        if folder.state().revoked_at is not None:
            self._emit()
            return PushReport(PushOutcome.REVOKED, waiting=folder.waiting_count())
        with folder.push_lock() as acquired:
            if not acquired:
                return PushReport(PushOutcome.BUSY, waiting=folder.waiting_count())
            try:
                enrolment = folder.enrolment()
            except SyncFileError as exc:
                return PushReport(PushOutcome.NOT_ENROLLED, error=str(exc))
            self._syncing = True
            self._emit()
            report = PushReport(PushOutcome.DONE)
            try:
                folder.update_state(last_attempt_at=_utcnow())
                self._push_all(enrolment.url, enrolment.credential, report)
            finally:
                self._syncing = False
                report.waiting = folder.waiting_count()
                report.attention = folder.quarantined_count()
                self._finish(report)
        return report

    def _finish(self, report: PushReport) -> None:
        folder = self.folder
        if report.outcome is PushOutcome.DONE:
            self._offline = False
            self.consecutive_failures = 0
            folder.update_state(last_synced_at=_utcnow(), last_error=None)
        elif report.outcome is PushOutcome.OFFLINE:
            self._offline = True
            self.consecutive_failures += 1
            folder.update_state(last_error=PushOutcome.OFFLINE.value)
        elif report.outcome is PushOutcome.REFUSED:
            folder.update_state(last_error=PushOutcome.REFUSED.value)
        log.info(
            "push %s: batches=%d attempts=%d accepted=%d quarantined=%d waiting=%d",
            report.outcome.value,
            report.batches,
            report.attempts,
            report.accepted,
            report.quarantined,
            report.waiting,
        )
        self._emit()

    def _batch(self, envelopes: Sequence[EnvelopeFile]) -> tuple[list[EnvelopeFile], list[bytes]]:
        chosen: list[EnvelopeFile] = []
        contents: list[bytes] = []
        size = 0
        for envelope in envelopes:
            try:
                data = envelope.read()
            except FileNotFoundError:  # acknowledged by a concurrent pass, or quarantined
                continue
            if chosen and (len(chosen) >= self.batch_size or size + len(data) * 4 // 3 > self.batch_bytes):
                break
            chosen.append(envelope)
            contents.append(data)
            size += len(data) * 4 // 3 + 200
        return chosen, contents

    def _prepare(self, batch: list[EnvelopeFile], contents: list[bytes]) -> _Batch:
        bundle = PushBundle(
            entry=[
                PushEntry(
                    request=BundleRequest(method="PUT", url=envelope.url),
                    resource=SealedBinary(
                        content_type=SEALED_CONTENT_TYPE, data=base64.b64encode(data).decode("ascii")
                    ),
                )
                for envelope, data in zip(batch, contents, strict=True)
            ]
        )
        body = bundle.to_json()
        return _Batch(
            envelopes=batch,
            bundle=bundle,
            body=body,
            key="b-" + hashlib.sha256(body).hexdigest()[:48],
            records=frozenset((e.resource_type, e.resource_id) for e in batch),
        )

    def _push_all(self, url: str, credential: str, report: PushReport) -> None:
        """Send batches, up to ``concurrency`` at a time. Two batches holding versions of the same
        record are never in flight together, so versions arrive in order. When a batch is answered,
        the next one goes out at once, and the answered one is settled (acknowledged, its files
        removed) on a thread of its own, in the order answered, so the service is never kept
        waiting for the station's file work (hundreds of deletions and a directory sync, slow on
        a busy disk). Every settlement is finished before the folder is listed again and before
        this returns; status is emitted from this thread as they finish."""
        http = self._client(url)
        queue: list[EnvelopeFile] = []
        in_flight: list[tuple[_Batch, Future[_Sent]]] = []
        answered: list[tuple[_Batch, list[EntryResult]]] = []
        settling: list[Future[None]] = []
        stopped = False
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="sync-push") as pool, \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-settle") as settler:

            def settle_answered(*, wait: bool = False) -> None:
                while answered:
                    batch, results = answered.pop(0)
                    settlement = settler.submit(self._settle, batch.envelopes, results, report, emit=False)
                    settling.append(settlement)
                while settling and (wait or settling[0].done()):
                    settling.pop(0).result()
                    self._emit()

            try:
                while not stopped:
                    if not queue:
                        if in_flight:
                            stopped = self._collect(in_flight, report, wait_all=True, answered=answered)
                            continue
                        settle_answered(wait=True)
                        # One listing per round: envelopes sealed meanwhile are picked up by the next.
                        queue = self.folder.envelopes()
                        if not queue:
                            break
                    chosen, contents = self._batch(queue)
                    del queue[: queue.index(chosen[-1]) + 1 if chosen else len(queue)]
                    if not chosen:
                        continue
                    batch = self._prepare(chosen, contents)
                    while in_flight and (
                        len(in_flight) >= self.concurrency
                        or any(batch.records & other.records for other, _ in in_flight)
                    ):
                        stopped = self._collect(in_flight, report, wait_all=False, answered=answered)
                        if stopped:
                            break
                    if stopped:
                        break
                    report.batches += 1
                    in_flight.append((batch, pool.submit(self._send, http, credential, batch)))
                    settle_answered()
            finally:
                while in_flight:
                    self._collect(in_flight, report, wait_all=True, answered=answered)
                settle_answered(wait=True)

    def _collect(
        self,
        in_flight: list[tuple[_Batch, Future[_Sent]]],
        report: PushReport,
        *,
        wait_all: bool,
        answered: list[tuple[_Batch, list[EntryResult]]] | None = None,
    ) -> bool:
        """Settle the first batch in flight to be answered (all, with ``wait_all``); True if
        pushing must stop. With ``answered``, a properly answered batch is put there to be settled
        by the caller. Batches in flight together never hold the same record, so the order in
        which they are settled does not matter; taking whichever is answered first lets the next
        batch go to the service worker that has just become free."""
        stop = False
        while in_flight:
            index = 0
            if not wait_all:
                wait([future for _, future in in_flight], return_when=FIRST_COMPLETED)
                index = next(i for i, (_, future) in enumerate(in_flight) if future.done())
            batch, future = in_flight.pop(index)
            sent = future.result()
            report.attempts += sent.attempts
            report.failures.update(sent.failures)
            if sent.stop is not None:
                if report.outcome in (PushOutcome.DONE, PushOutcome.OFFLINE):
                    report.outcome = sent.stop.outcome
                    report.error = sent.stop.message
                stop = True
            elif sent.results is None:
                if report.outcome is PushOutcome.DONE:
                    report.outcome = PushOutcome.OFFLINE
                stop = True
            elif answered is not None:
                answered.append((batch, sent.results))
            else:
                self._settle(batch.envelopes, sent.results, report)
            if not wait_all:
                break
        return stop

    def _send(self, http: httpx.Client, credential: str, batch: _Batch) -> _Sent:
        """Post one batch until it is answered properly, up to ``max_attempts`` times."""
        headers = {
            "Authorization": f"Bearer {credential}",
            "Content-Type": FHIR_JSON,
            "Accept": FHIR_JSON,
            IDEMPOTENCY_KEY_HEADER: batch.key,
            # A connection per batch: a service with several worker processes hands each new
            # connection to a worker that is free to take it, where two kept-alive connections
            # may both have landed on one worker and kept the others idle for the whole push. A
            # batch is large (seconds of the service's work), so the extra handshake is noise.
            "Connection": "close",
        }
        sent = _Sent()
        key = batch.key
        for attempt in range(self.max_attempts):
            if attempt:
                self._sleep(self.backoff.delay(attempt - 1, self._rng))
            sent.attempts += 1
            try:
                response = http.post(PUSH_PATH, content=batch.body, headers=headers)
                sent.results = self._read(batch.bundle, response, key)
                return sent
            except _StopPushError as stop:
                sent.stop = stop
                return sent
            except _RetryableError as retry:
                sent.failures[retry.kind] += 1
                log.info("push %s attempt %d failed (%s)", key, attempt + 1, retry.kind)
            except httpx.TimeoutException:
                sent.failures["timeout"] += 1
                log.info("push %s attempt %d timed out", key, attempt + 1)
            except httpx.TransportError as exc:
                kind = "connect" if isinstance(exc, httpx.ConnectError) else "network"
                sent.failures[kind] += 1
                log.info("push %s attempt %d: %s", key, attempt + 1, type(exc).__name__)
        return sent

    def _read(self, bundle: PushBundle, response: httpx.Response, key: str) -> list[EntryResult]:
        status = response.status_code
        if status >= 500 or status == 429 or status == 408:
            raise _RetryableError(f"status-{status}")
        if status == 401:
            raise _StopPushError(
                PushOutcome.REFUSED,
                "The central service does not recognise this station's credential. Enrol the station "
                "again with a new code.",
            )
        if status == 403:
            reason = _reason_of(response)
            if reason is SyncError.STATION_REVOKED:
                self.folder.mark_revoked()
                raise _StopPushError(
                    PushOutcome.REVOKED, "This station has been revoked by the central service."
                )
            raise _RetryableError(f"status-403-{reason.value if reason else 'unknown'}")
        if status == 413:
            if self.batch_size > 1:
                self.batch_size = max(1, len(bundle.entry) // 2)
            raise _RetryableError("status-413")
        if status != 200:
            # A whole-request refusal of a batch this client built: not curable by retrying it now.
            reason = _reason_of(response)
            log.error("push %s refused as a whole: HTTP %d (%s)", key, status, reason)
            raise _RetryableError(f"status-{status}")
        try:
            results = read_batch_response(bundle, response.content, idempotency_key=key)
            _check_entries(response.content, results)
        except ProtocolError as exc:
            log.warning("push %s: response not accepted (%s)", key, exc)
            raise _RetryableError("bad-response") from None
        return results

    def _settle(
        self, batch: list[EnvelopeFile], results: list[EntryResult], report: PushReport, *, emit: bool = True
    ) -> None:
        accepted = [envelope for envelope, result in zip(batch, results, strict=True) if result.accepted]
        # The acknowledgement is recorded before the envelopes go, so a crash in between only
        # means sending them again (the centre answers 200: already held).
        self.folder.record_acknowledgements(
            [Acknowledgement(e.resource_type, e.resource_id, e.version) for e in accepted]
        )
        self.folder.remove(accepted)
        report.accepted += len(accepted)
        for envelope, result in zip(batch, results, strict=True):
            if result.accepted:
                continue
            self.folder.quarantine(
                envelope,
                status=result.status,
                reason=result.reason.value if result.reason else None,
                diagnostics=result.diagnostics,
            )
            report.quarantined += 1
        if emit:
            self._emit()

    # --- pull ---

    def pull(
        self,
        *,
        user_id: str,
        role: str,
        cursor: str,
        apply: Callable[[list[AnyChange], str], None],
        limit: int = 200,
        max_pages: int = 100,
    ) -> PullReport:
        """Fetch the change feed after ``cursor`` as ``user_id``/``role``.

        Each page's changes are verified with the centre's signing key, then ``apply(changes,
        new_cursor)`` is called; it must commit them and the cursor together. Raises
        :class:`PullError` if the centre cannot be reached or refuses."""
        enrolment = self.folder.enrolment()
        centre_key = decode_verify_key(enrolment.centre_signing_key)
        http = self._client(enrolment.url)
        headers = {
            "Authorization": f"Bearer {enrolment.credential}",
            USER_HEADER: user_id,
            ROLE_HEADER: role,
        }
        report = PullReport(cursor=cursor)
        for _page in range(max_pages):
            try:
                response = http.get(
                    CHANGES_PATH, params={"cursor": report.cursor, "limit": limit}, headers=headers
                )
            except httpx.HTTPError as exc:
                raise PullError(
                    f"The central service could not be reached ({type(exc).__name__}); try again later."
                ) from None
            if response.status_code != 200:
                reason = _reason_of(response)
                if reason is SyncError.STATION_REVOKED:
                    self.folder.mark_revoked()
                raise PullError(
                    f"The central service refused the pull (HTTP {response.status_code}"
                    + (f", {reason.value}" if reason else "")
                    + ").",
                    reason,
                )
            try:
                feed = ChangeFeed.model_validate_json(response.content)
            except ValidationError:
                raise PullError("The central service's change feed was not understood.") from None
            rejected = 0
            for change in feed.changes:
                try:
                    verify_change(change, centre_key)
                except ChangeSignatureError:
                    rejected += 1
                    log.error(
                        "change %s: centre signature does not verify; page not applied", change.change_id
                    )
            if rejected:
                report.rejected += rejected
                report.error = (
                    f"{rejected} change(s) from the central service did not verify and were not applied"
                )
                return report
            apply(list(feed.changes), feed.cursor)
            report.pages += 1
            report.applied += len(feed.changes)
            report.cursor = feed.cursor
            if not feed.more:
                break
        return report


def _check_entries(body: bytes, results: list[EntryResult]) -> None:
    """Stricter than the protocol's check: each entry must answer its own request entry.

    A stored entry (200/201) carries a location and an ETag with the same version and no outcome;
    a refused one (403/409/412/422) carries an OperationOutcome (naming its own entry, where it
    names one) and no location. So entries moved between positions, or statuses changed without
    their bodies, are caught.
    """
    try:
        response = BatchResponse.model_validate_json(body)
    except ValidationError as exc:  # read_batch_response accepted it; keep the check total anyway
        raise ProtocolError(str(exc)) from None
    for result, entry in zip(results, response.entry, strict=True):
        answer = entry.response
        if result.accepted:
            if answer.outcome is not None:
                raise ProtocolError(f"entry {result.index}: a stored entry carries an error outcome")
            if result.version is None or answer.etag != f'W/"{result.version}"':
                raise ProtocolError(f"entry {result.index}: ETag does not match the stored version")
            continue
        if result.status not in REFUSED_ENTRY_STATUSES:
            raise ProtocolError(f"entry {result.index}: status {result.status} is not a per-entry answer")
        if answer.location is not None or answer.outcome is None:
            raise ProtocolError(
                f"entry {result.index}: a refused entry must carry an outcome and no location"
            )
        expression = answer.outcome.issue[0].expression
        if expression and expression != [f"Bundle.entry[{result.index}]"]:
            raise ProtocolError(f"entry {result.index}: the outcome names another entry")


# --------------------------------------------------------------------------------------------
# Look-up (shared summaries)


LOOKUP_TIMEOUT = 15.0


class LookupUnavailableError(Exception):
    """The central service could not be reached (offline): nothing was checked."""


class LookupRefusedError(Exception):
    """The central service refused the look-up; ``reason`` is its code when it gave one."""

    def __init__(self, message: str, reason: SyncError | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status


def lookup(
    folder: SyncFolder,
    *,
    user_id: str,
    role: str,
    request: LookupRequest,
    transport: httpx.BaseTransport | None = None,
    timeout: float = LOOKUP_TIMEOUT,
) -> LookupResponse:
    """Look a person up at the central service as the logged-in ``user_id``/``role`` (a look-up,
    like a pull, names its user; the centre audits it).

    A function of its own, not a ``SyncClient`` method: a look-up is asked for by a person on the
    screen while the background sync may be pushing with its client, so it uses its own short-lived
    connection and never waits behind a push. The request goes in a POST body, never in the URL.
    Raises :class:`LookupUnavailableError` when the service cannot be reached (and when the
    station is not enrolled), :class:`LookupRefusedError` when it refuses or answers with
    something that is not a look-up response. Nothing about the person is logged.
    """
    if not folder.is_enrolled():
        raise LookupUnavailableError("This station is not connected to the central service.")
    enrolment = folder.enrolment()
    headers = {"Authorization": f"Bearer {enrolment.credential}", USER_HEADER: user_id, ROLE_HEADER: role}
    body = request.model_dump_json(exclude_defaults=True).encode("utf-8")
    try:
        with httpx.Client(base_url=enrolment.url, transport=transport, timeout=timeout) as http:
            response = http.post(
                LOOKUP_PATH, content=body, headers={**headers, "Content-Type": "application/json"}
            )
    except httpx.HTTPError as exc:
        log.info("lookup: central service not reached (%s)", type(exc).__name__)
        raise LookupUnavailableError(
            f"The central service could not be reached ({type(exc).__name__})."
        ) from None
    if response.status_code >= 500:
        raise LookupUnavailableError(f"The central service is not answering (HTTP {response.status_code}).")
    if response.status_code != 200:
        reason = _reason_of(response)
        if reason is SyncError.STATION_REVOKED:
            folder.mark_revoked()
        log.info("lookup refused: HTTP %d %s", response.status_code, reason.value if reason else "-")
        raise LookupRefusedError(
            f"The central service refused the look-up (HTTP {response.status_code}"
            + (f", {reason.value}" if reason else "")
            + ").",
            reason,
            response.status_code,
        )
    try:
        return LookupResponse.model_validate_json(response.content)
    except ValidationError:
        raise LookupRefusedError("The central service's answer to the look-up was not understood.") from None
