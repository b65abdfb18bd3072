"""What the central service does, without HTTP: enrol, authenticate, push, pull, and record access.

Every function takes the engine and opens its own transactions, so each HTTP request is a few short
transactions and any number of worker processes can share one database. Refusals are raised as
:class:`ServiceError`, which the web layer turns into an OperationOutcome.

Logs carry ids (station, resource type and id, idempotency key) and counts, never resource bodies.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import logging
import random
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from uuid import uuid4

from fhir.resources.R4B import get_fhir_model_class
from nacl.signing import VerifyKey
from pydantic import ValidationError
from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from screening.domain.enums import Role
from sync.protocol import (
    IDEMPOTENCY_KEY_SYSTEM,
    IMMUTABLE_TYPES,
    SEALED_CONTENT_TYPE,
    SYNCED_TYPES,
    VERSIONED_TYPES,
    AgencyType,
    BatchResponse,
    ChangeFeed,
    EnrolRequest,
    EnrolResponse,
    EntryResponse,
    EnvelopeError,
    Identifier,
    OpenedEnvelope,
    PushBundle,
    PushEntry,
    ResponseEntry,
    SyncError,
    decode_verify_key,
    encode_key,
    open_sealed_record,
    operation_outcome,
    validation_summary,
)
from sync.server import feed, lookup_index
from sync.server.db import (
    access_log,
    agencies,
    as_utc,
    enrol_codes,
    idempotency,
    insert_if_absent,
    is_postgres,
    resource_versions,
    resources,
    station_user_revocations,
    stations,
    utcnow,
)
from sync.server.forms import FormCatalogue, FormRule, form_of
from sync.server.keys import CentreKeys
from sync.server.policy import Action, may

log = logging.getLogger(__name__)

T = TypeVar("T")

ENROL_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
"""No 0/O, 1/I/L or U: a code read over the phone survives."""
ENROL_CODE_LENGTH = 20
CREDENTIAL_PREFIX = "wps_"
_URL = re.compile(r"^(?P<type>[A-Za-z]{1,64})/(?P<id>[A-Za-z0-9\-.]{1,64})$")
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
_MAX_ATTEMPTS = 5
_NUL_ESCAPE = re.compile(r"(?:^|[^\\])(?:\\\\)*\\u0000")
"""A NUL escaped in JSON text (``\\u0000`` after an even number of backslashes): json.dumps escapes
NUL in keys and values as the canonical form does, at C speed."""
_NUL_TEXT = b"\\u0000"
"""The only way JSON text can carry a NUL: a resource parsed from a payload without this text
holds none, so the full check runs only on payloads that have it."""


class ServiceError(Exception):
    """A refusal: the HTTP status, our reason code, and words a person can act on."""

    def __init__(self, status: int, reason: SyncError, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message


def secret_hash(secret: str) -> str:
    """SHA-256 hex of a high-entropy secret (credential, enrolment code): what the database keeps."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_enrol_code(code: str) -> str:
    """A code as typed (any case, dashes, spaces) in the form its hash was taken of."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def new_enrol_code() -> str:
    """A fresh one-time code, about 98 bits, printed in groups of four."""
    raw = "".join(secrets.choice(ENROL_CODE_ALPHABET) for _ in range(ENROL_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, ENROL_CODE_LENGTH, 4))


def in_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one transaction, again (up to five times, with jitter) if the database
    aborted it for a deadlock or a serialisation failure, or SQLite stayed locked."""
    for attempt in range(1, _MAX_ATTEMPTS + 1):
        try:
            with engine.begin() as connection:
                return work(connection)
        except DBAPIError as exc:
            if attempt == _MAX_ATTEMPTS or not _retryable(exc):
                raise
            log.info("transaction aborted (%s), retrying (attempt %d)", type(exc.orig).__name__, attempt)
            time.sleep(random.uniform(0, 0.05 * attempt))
    raise AssertionError("unreachable")


def _retryable(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


# --------------------------------------------------------------------------------------------
# Stations


@dataclass(frozen=True)
class Station:
    """An enrolled station, as the credential that authenticated a request names it."""

    id: str
    agency_id: str
    agency_type: AgencyType
    site: str
    verify_key: VerifyKey
    revoked_at: datetime | None


def record_access(
    connection: Connection,
    *,
    action: str,
    outcome: str,
    station: Station | None = None,
    user_id: str | None = None,
    role: str | None = None,
    target: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one row to the access log (ids and counts only)."""
    connection.execute(
        insert(access_log).values(
            at=utcnow(),
            station_id=station.id if station else None,
            agency_id=station.agency_id if station else None,
            user_id=user_id,
            role=role,
            action=action,
            target=target,
            outcome=outcome,
            detail=detail,
        )
    )


def _refuse(
    engine: Engine,
    error: ServiceError,
    *,
    action: str,
    station: Station | None,
    user_id: str | None = None,
    role: str | None = None,
) -> ServiceError:
    """Record a refusal in the access log (its own transaction) and hand the error back to raise."""

    def write(connection: Connection) -> None:
        record_access(
            connection,
            action=action,
            outcome="refused",
            station=station,
            user_id=user_id,
            role=role,
            detail=error.reason.value,
        )

    in_transaction(engine, write)
    log.info("%s refused for station %s: %s", action, station.id if station else "-", error.reason.value)
    return error


def authenticate(engine: Engine, credential: str | None, *, action: str) -> Station:
    """The station a ``Bearer`` credential belongs to. 401 if there is none or it is unknown,
    403 if the station was revoked (recorded)."""
    if not credential:
        raise ServiceError(
            401,
            SyncError.CREDENTIAL_MISSING,
            "This request needs the station credential (Authorization: Bearer ...).",
        )
    digest = secret_hash(credential)
    with engine.connect() as connection:
        row = connection.execute(
            select(
                stations.c.id,
                stations.c.agency_id,
                stations.c.site,
                stations.c.signing_key,
                stations.c.revoked_at,
                agencies.c.type,
            )
            .join(agencies, agencies.c.id == stations.c.agency_id)
            .where(stations.c.credential_hash == digest)
        ).one_or_none()
    if row is None:
        raise ServiceError(
            401,
            SyncError.CREDENTIAL_INVALID,
            "The station credential is not known here. Enrol the station again.",
        )
    station = Station(
        id=row.id,
        agency_id=row.agency_id,
        agency_type=AgencyType(row.type),
        site=row.site,
        verify_key=decode_verify_key(row.signing_key),
        revoked_at=as_utc(row.revoked_at) if row.revoked_at else None,
    )
    if station.revoked_at is not None:
        raise _refuse(
            engine,
            ServiceError(
                403,
                SyncError.STATION_REVOKED,
                "This station has been revoked by the central service. "
                "Nothing more will be accepted from it; ask the service "
                "desk to enrol it again.",
            ),
            action=action,
            station=station,
        )
    return station


def enrol(engine: Engine, request: EnrolRequest, keys: CentreKeys) -> EnrolResponse:
    """Spend a one-time code: register the station's signing key, issue its credential.

    The code is claimed with one conditional UPDATE (unused and unexpired), so two stations racing
    with the same code cannot both win; a refused attempt changes nothing.
    """
    code_hash = secret_hash(normalise_enrol_code(request.code))
    station_id = str(uuid4())
    credential = CREDENTIAL_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()

    def work(connection: Connection) -> EnrolResponse:
        claimed = connection.execute(
            update(enrol_codes)
            .where(
                enrol_codes.c.code_hash == code_hash,
                enrol_codes.c.used_at.is_(None),
                enrol_codes.c.expires_at > now,
            )
            .values(used_at=now, station_id=station_id)
        )
        if claimed.rowcount != 1:
            raise ServiceError(
                403,
                SyncError.ENROL_CODE_INVALID,
                "This enrolment code is not valid: it may be mistyped, used already or "
                "expired. Ask the central service for a new code.",
            )
        code = connection.execute(
            select(enrol_codes.c.agency_id, enrol_codes.c.site, agencies.c.type)
            .join(agencies, agencies.c.id == enrol_codes.c.agency_id)
            .where(enrol_codes.c.code_hash == code_hash)
        ).one()
        inserted = insert_if_absent(
            connection,
            stations,
            id=station_id,
            agency_id=code.agency_id,
            site=code.site,
            credential_hash=secret_hash(credential),
            signing_key=encode_key(decode_verify_key(request.station_signing_key)),
            enrolled_at=now,
            revoked_at=None,
        )
        if not inserted:
            raise ServiceError(
                409,
                SyncError.KEY_ALREADY_ENROLLED,
                "This station signing key is already enrolled. Make a new key and "
                "enrol again with a new code.",
            )
        station = Station(
            id=station_id,
            agency_id=code.agency_id,
            agency_type=AgencyType(code.type),
            site=code.site,
            verify_key=decode_verify_key(request.station_signing_key),
            revoked_at=None,
        )
        record_access(connection, action="enrol", outcome="ok", station=station, target=station_id)
        return EnrolResponse(
            station_id=station_id,
            agency_id=code.agency_id,
            agency_type=AgencyType(code.type),
            site=code.site,
            credential=credential,
            centre=keys.public(),
            enrolled_at=now,
        )

    try:
        response = in_transaction(engine, work)
    except ServiceError as error:
        raise _refuse(engine, error, action="enrol", station=None) from None
    log.info("station %s enrolled for agency %s", response.station_id, response.agency_id)
    return response


# --------------------------------------------------------------------------------------------
# Push


@dataclass(frozen=True)
class PushResult:
    """The push response: status, the exact body bytes, and whether they are a replay."""

    status: int
    body: bytes
    replayed: bool


@dataclass(frozen=True)
class _Prepared:
    """One entry after the work that needs no database: URL parsed, envelope opened, FHIR checked."""

    url: str
    envelope: OpenedEnvelope | None = None
    error: ServiceError | None = None
    resource_json: bytes | None = None
    """The resource as JSON text (what is stored), when the envelope opened."""


@dataclass(frozen=True)
class _Outcome:
    status: int
    location: str | None = None
    version: int | None = None
    error: ServiceError | None = None


def _invalid(reason: SyncError, message: str) -> _Prepared:
    return _Prepared(url="", error=ServiceError(422, reason, message))


FORMS = FormCatalogue()
"""The form versions this process knows (shipped, and published at the centre)."""


@functools.cache
def _fhir_model(resource_type: str) -> Any:
    """The fhir.resources R4B model class of a synced type, looked up once per process."""
    return get_fhir_model_class(resource_type)


def load_models() -> None:
    """Load what the first push would otherwise load: the FHIR model classes of every synced type
    (a worker calls this at start-up, before freezing its start-up heap)."""
    for resource_type in sorted(SYNCED_TYPES):
        _fhir_model(resource_type)


def _form_rule(engine: Engine, opened: OpenedEnvelope) -> FormRule | None:
    named = form_of(opened.resource) if opened.resource_type == "QuestionnaireResponse" else None
    return None if named is None else FORMS.rule(engine, *named)


def _prepare(entry: PushEntry, station: Station, keys: CentreKeys, engine: Engine) -> _Prepared:
    url = entry.request.url
    match = _URL.match(url)
    if match is None:
        return _invalid(SyncError.URL_INVALID, "the request URL must be <Type>/<id>")
    resource_type, resource_id = match["type"], match["id"]
    if resource_type not in SYNCED_TYPES:
        return _invalid(SyncError.TYPE_UNSUPPORTED, f"{resource_type} is not a type the service accepts")
    if entry.resource.content_type != SEALED_CONTENT_TYPE:
        return _invalid(SyncError.NOT_SEALED, f"the Binary's contentType must be {SEALED_CONTENT_TYPE}")
    try:
        envelope_bytes = base64.b64decode(entry.resource.data, validate=True)
    except (binascii.Error, ValueError):
        return _invalid(SyncError.NOT_SEALED, "the Binary's data is not base64")
    try:
        record = open_sealed_record(
            envelope_bytes,
            centre_private_key=keys.encryption,
            station_verify_key_lookup=lambda sid: station.verify_key if sid == station.id else None,
            expected_station_id=station.id,
        )
    except EnvelopeError as exc:
        return _invalid(exc.reason, str(exc))
    opened, payload = record.envelope, record.payload
    if (opened.resource_type, opened.resource_id) != (resource_type, resource_id):
        return _invalid(SyncError.URL_ENVELOPE_MISMATCH, f"the envelope holds a different record than {url}")
    if resource_type in IMMUTABLE_TYPES and opened.base_version is not None:
        return _invalid(SyncError.ENVELOPE_FORMAT, f"{resource_type} is immutable: it has no base version")
    form = _form_rule(engine, opened)
    if not may(station.agency_type, opened.role, Action.PUSH, resource_type, form=form):
        named = form_of(opened.resource) if resource_type == "QuestionnaireResponse" else None
        what = f"{resource_type} records"
        if named is not None:
            what = f"responses to {named[0]} {named[1]}"
            if form is None:
                what += ", a form this service does not know"
        return _Prepared(
            url=url,
            error=ServiceError(
                403,
                SyncError.ROLE_NOT_ALLOWED,
                f"a {opened.role.value} may not write {what} for a {station.agency_type.value} agency",
            ),
        )
    if _NUL_TEXT in payload and _NUL_ESCAPE.search(json.dumps(opened.resource)):
        return _invalid(SyncError.FHIR_INVALID, "the resource contains a NUL character")
    try:
        _fhir_model(resource_type).model_validate(opened.resource)
    except ValidationError as exc:
        return _invalid(
            SyncError.FHIR_INVALID, f"not a valid FHIR R4 {resource_type}: {validation_summary(exc)}"
        )
    except (ValueError, TypeError) as exc:
        return _invalid(SyncError.FHIR_INVALID, f"not a valid FHIR R4 {resource_type} ({type(exc).__name__})")
    return _Prepared(url=url, envelope=opened, resource_json=record.resource_json)


def _row_values(station: Station, opened: OpenedEnvelope, now: datetime) -> dict[str, Any]:
    return {
        "resource_type": opened.resource_type,
        "resource_id": opened.resource_id,
        "station_id": station.id,
        "content_hash": opened.content_hash,
        "body": opened.resource,
        "author_id": opened.author_id,
        "author_role": opened.role.value,
        "signature": base64.b64encode(opened.signature).decode("ascii"),
        "sealed_at": opened.sealed_at,
        "received_at": now,
    }


def _stored(opened: OpenedEnvelope, status: int, version: int) -> _Outcome:
    return _Outcome(
        status, location=f"{opened.resource_type}/{opened.resource_id}/_history/{version}", version=version
    )


def _other_agency(opened: OpenedEnvelope) -> _Outcome:
    return _Outcome(
        409,
        error=ServiceError(
            409,
            SyncError.CONFLICT_OTHER_AGENCY,
            f"{opened.resource_type}/{opened.resource_id} is already held for a record this station may "
            "not change",
        ),
    )


def _starts_with_insert(opened: OpenedEnvelope) -> bool:
    """Whether storing this record begins with an insert: immutable types, and the first version
    of a versioned type (an update names the version it was made on)."""
    return opened.resource_type not in VERSIONED_TYPES or not opened.base_version


def _apply_batch(
    connection: Connection,
    station: Station,
    envelopes: list[OpenedEnvelope | None],
    now: datetime,
    texts: list[bytes | None] | None = None,
) -> list[_Outcome | None]:
    """Store a batch's verified records, each with the outcome :func:`_apply` gives it on its own,
    in far fewer statements.

    A record that only one entry of the batch touches, and whose storing begins with an insert (the
    common case: a new revision, flag or first version), goes into one multi-row ``INSERT ... ON
    CONFLICT DO NOTHING RETURNING`` with the others: uniqueness is still the primary key's, and a
    row the statement did not insert was already there, so that entry is then compared with what is
    held, exactly as :func:`_apply` does after its own insert. Every other entry (an update, or any
    entry of a record the batch holds more than once) goes through :func:`_apply` in the order sent,
    after the insert; that order cannot matter, since those records are not in the insert. All of
    the batch's records are locked already (:func:`_lock_records`). ``None`` for entries without an
    envelope. ``texts``: each resource's JSON text where known (:class:`sync.protocol.OpenedRecord`),
    stored as it is instead of serialising the resource again.
    """
    counts = Counter((e.resource_type, e.resource_id) for e in envelopes if e is not None)
    fresh = {
        index: opened
        for index, opened in enumerate(envelopes)
        if opened is not None
        and counts[(opened.resource_type, opened.resource_id)] == 1
        and _starts_with_insert(opened)
    }
    inserted = _insert_fresh(
        connection, station, list(fresh.values()), now, [texts[i] if texts else None for i in fresh]
    )
    outcomes: list[_Outcome | None] = []
    for index, opened in enumerate(envelopes):
        if opened is None:
            outcomes.append(None)
        elif index in fresh and (opened.resource_type, opened.resource_id) in inserted:
            outcomes.append(_stored(opened, 201, 1))
        else:
            outcomes.append(_apply(connection, station, opened, now, insert_tried=index in fresh))
    return outcomes


def _insert_fresh(
    connection: Connection,
    station: Station,
    envelopes: list[OpenedEnvelope],
    now: datetime,
    texts: list[bytes | None] | None = None,
) -> set[tuple[str, str]]:
    """Insert these records (distinct keys) at version 1 where absent, in one statement; the keys
    this transaction inserted. Versioned ones inserted also get their first row in
    ``resource_versions``.

    On PostgreSQL, when every record's JSON text is known (``texts``), the statement takes the
    batch as a few arrays and one JSON array of the bodies (:data:`_INSERT_FRESH_PG`): a short
    statement, prepared once, and no serialising of the resources again; otherwise it is a
    multi-row VALUES of the rows (batched by the driver layer), as on SQLite."""
    if not envelopes:
        return set()
    if is_postgres(connection) and texts is not None and all(body is not None for body in texts):
        rows_out = connection.execute(
            _INSERT_FRESH_PG,
            {
                "station_id": station.id,
                "agency_id": station.agency_id,
                "now": now,
                "types": [opened.resource_type for opened in envelopes],
                "ids": [opened.resource_id for opened in envelopes],
                "hashes": [opened.content_hash for opened in envelopes],
                "authors": [opened.author_id for opened in envelopes],
                "roles": [opened.role.value for opened in envelopes],
                "signatures": [base64.b64encode(opened.signature).decode("ascii") for opened in envelopes],
                "sealed": [opened.sealed_at for opened in envelopes],
                "bodies": b"[" + b",".join(body for body in texts if body is not None) + b"]",
            },
        )
    else:
        statement: Any = postgresql.insert(resources) if is_postgres(connection) else sqlite.insert(resources)
        statement = statement.on_conflict_do_nothing().returning(
            resources.c.resource_type, resources.c.resource_id
        )
        first = {"agency_id": station.agency_id, "version": 1, "updated_at": now}
        rows = [{**_row_values(station, opened, now), **first} for opened in envelopes]
        rows_out = connection.execute(statement, rows)
    inserted = {(row.resource_type, row.resource_id) for row in rows_out}
    first_versions = [
        _row_values(station, opened, now) | {"version": 1}
        for opened in envelopes
        if opened.resource_type in VERSIONED_TYPES and (opened.resource_type, opened.resource_id) in inserted
    ]
    if first_versions:
        connection.execute(insert(resource_versions), first_versions)
    return inserted


_INSERT_FRESH_PG = text(
    "INSERT INTO resources (resource_type, resource_id, station_id, agency_id, content_hash, version, body, "
    "author_id, author_role, signature, sealed_at, received_at, updated_at) "
    "SELECT r.resource_type, r.resource_id, :station_id, :agency_id, r.content_hash, 1, r.body, "
    "r.author_id, r.author_role, r.signature, r.sealed_at, :now, :now "
    "FROM ROWS FROM (unnest(CAST(:types AS text[])), unnest(CAST(:ids AS text[])), "
    "unnest(CAST(:hashes AS text[])), unnest(CAST(:authors AS text[])), unnest(CAST(:roles AS text[])), "
    "unnest(CAST(:signatures AS text[])), unnest(CAST(:sealed AS timestamptz[])), "
    "jsonb_array_elements(CAST(convert_from(:bodies, 'UTF8') AS jsonb))) "
    "AS r(resource_type, resource_id, content_hash, author_id, author_role, signature, sealed_at, body) "
    "ON CONFLICT DO NOTHING RETURNING resource_type, resource_id"
)
"""The batch insert of :func:`_insert_fresh` on PostgreSQL: column arrays zipped row by row, and
the bodies as one JSON array (sent as bytes: no escaping, no serialising each resource again).
Uniqueness is still the primary key's: a row already there is skipped and not returned."""


def _apply(
    connection: Connection,
    station: Station,
    opened: OpenedEnvelope,
    now: datetime,
    *,
    insert_tried: bool = False,
) -> _Outcome:
    """Store one verified record. Uniqueness is the primary key's: insert, and if the row was
    already there, compare with what is held. ``insert_tried``: this transaction's insert of it
    found the row there already (:func:`_apply_batch`), so go straight to the comparison."""
    key = (resources.c.resource_type == opened.resource_type) & (
        resources.c.resource_id == opened.resource_id
    )
    values = _row_values(station, opened, now)
    versioned = opened.resource_type in VERSIONED_TYPES
    if not insert_tried and _starts_with_insert(opened):
        inserted = insert_if_absent(
            connection, resources, **values, agency_id=station.agency_id, version=1, updated_at=now
        )
        if inserted:
            if versioned:
                connection.execute(insert(resource_versions).values(**values, version=1))
            return _stored(opened, 201, 1)
    held = connection.execute(
        select(resources.c.content_hash, resources.c.agency_id, resources.c.version)
        .where(key)
        .with_for_update()
    ).one_or_none()
    if held is None:
        return _Outcome(
            412,
            error=ServiceError(
                412,
                SyncError.STALE_VERSION,
                f"{opened.resource_type}/{opened.resource_id} is not held here at version "
                f"{opened.base_version}: send its first version first",
            ),
        )
    if held.agency_id != station.agency_id:
        return _other_agency(opened)
    if held.content_hash == opened.content_hash:
        return _stored(opened, 200, held.version)
    if versioned:
        # A retry of an update already applied (its answer was lost, and a later version has
        # been applied since): the same content at the version it made is a duplicate, not stale.
        earlier = connection.execute(
            select(resource_versions.c.version).where(
                resource_versions.c.resource_type == opened.resource_type,
                resource_versions.c.resource_id == opened.resource_id,
                resource_versions.c.version == (opened.base_version or 0) + 1,
                resource_versions.c.content_hash == opened.content_hash,
            )
        ).first()
        if earlier is not None:
            return _stored(opened, 200, int(earlier.version))
    if not versioned:
        return _Outcome(
            409,
            error=ServiceError(
                409,
                SyncError.CONFLICT,
                f"{opened.resource_type}/{opened.resource_id} is already held with different content; "
                "records of this type never change (an amendment is a new record)",
            ),
        )
    if held.version != (opened.base_version or 0):
        return _Outcome(
            412,
            error=ServiceError(
                412,
                SyncError.STALE_VERSION,
                f"{opened.resource_type}/{opened.resource_id} is at version {held.version}; this change "
                f"was made on version {opened.base_version or 'none'}",
            ),
        )
    version = held.version + 1
    connection.execute(update(resources).where(key).values(**values, version=version, updated_at=now))
    connection.execute(insert(resource_versions).values(**values, version=version))
    return _stored(opened, 200, version)


def _lock_records(connection: Connection, envelopes: list[OpenedEnvelope]) -> None:
    """On PostgreSQL, take a transaction-scoped advisory lock per record, in one global order.

    Entries are applied in the order the station sent them, so two batches holding the same records
    in different orders would otherwise lock each other's rows crosswise and deadlock (PostgreSQL
    breaks that after a second by aborting one, which is then retried). Locking all of a batch's
    records up front, sorted, makes the second batch wait for the first instead. SQLite needs
    nothing: its writers already take the database lock at BEGIN.
    """
    if not envelopes or not is_postgres(connection):
        return
    names = sorted({f"{e.resource_type}/{e.resource_id}" for e in envelopes})
    connection.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtextextended(name, 0)) "
            "FROM (SELECT unnest(CAST(:names AS text[])) AS name ORDER BY 1) AS sorted_names"
        ),
        {"names": names},
    )


def _render(outcomes: list[_Outcome], *, idempotency_key: str, now: datetime) -> bytes:
    entries = []
    for index, outcome in enumerate(outcomes):
        if outcome.error is None:
            response = EntryResponse(
                status=str(outcome.status),
                location=outcome.location,
                etag=f'W/"{outcome.version}"',
                last_modified=now,
            )
        else:
            response = EntryResponse(
                status=str(outcome.status),
                outcome=operation_outcome(
                    outcome.error.reason, outcome.error.message, expression=f"Bundle.entry[{index}]"
                ),
            )
        entries.append(ResponseEntry(response=response))
    bundle = BatchResponse(
        id=str(uuid4()),
        timestamp=now,
        identifier=Identifier(system=IDEMPOTENCY_KEY_SYSTEM, value=idempotency_key),
        entry=entries,
    )
    return bundle.to_json()


def _replay(connection: Connection, station: Station, key: str, request_hash: str) -> PushResult | None:
    row = connection.execute(
        select(idempotency.c.request_hash, idempotency.c.status_code, idempotency.c.response).where(
            idempotency.c.station_id == station.id, idempotency.c.key == key
        )
    ).one_or_none()
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise ServiceError(
            422,
            SyncError.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used before for a different request. Use a new "
            "key for a new batch, and the same bytes for a retry.",
        )
    return PushResult(status=int(row.status_code), body=bytes(row.response), replayed=True)


def push(
    engine: Engine,
    *,
    station: Station,
    idempotency_key: str,
    raw: bytes,
    bundle: PushBundle,
    keys: CentreKeys,
) -> PushResult:
    """Handle one push batch: each entry on its own, all in one transaction with the stored response.

    A key seen before replays the stored response byte for byte (422 if the request differs). The
    idempotency row is inserted first, so a concurrent request with the same key waits for this one
    and then replays its response.
    """
    request_hash = hashlib.sha256(raw).hexdigest()
    with engine.connect() as connection:
        replay = _replay(connection, station, idempotency_key, request_hash)
    if replay is not None:
        log.info("push %s from station %s replayed", idempotency_key, station.id)
        return replay
    prepared = [_prepare(entry, station, keys, engine) for entry in bundle.entry]

    def work(connection: Connection) -> PushResult:
        now = utcnow()
        claimed = insert_if_absent(
            connection,
            idempotency,
            station_id=station.id,
            key=idempotency_key,
            request_hash=request_hash,
            created_at=now,
        )
        if not claimed:
            replay = _replay(connection, station, idempotency_key, request_hash)
            if replay is None:
                raise RuntimeError("idempotency key conflicted but no row is visible")
            return replay
        _lock_records(connection, [item.envelope for item in prepared if item.envelope is not None])
        applied = _apply_batch(
            connection,
            station,
            [item.envelope for item in prepared],
            now,
            [item.resource_json for item in prepared],
        )
        outcomes: list[_Outcome] = []
        for item, outcome in zip(prepared, applied, strict=True):
            if outcome is not None:
                outcomes.append(outcome)
            elif item.error is not None:
                outcomes.append(_Outcome(item.error.status, error=item.error))
        lookup_index.index_pushed(connection, station.agency_id,
                                  [(p.envelope, o.status) for p, o in zip(prepared, outcomes, strict=True)])
        body = _render(outcomes, idempotency_key=idempotency_key, now=now)
        connection.execute(
            update(idempotency)
            .where(idempotency.c.station_id == station.id, idempotency.c.key == idempotency_key)
            .values(status_code=200, response=body)
        )
        counts = Counter(outcome.status for outcome in outcomes)
        summary = " ".join(f"{status}={n}" for status, n in sorted(counts.items())) or "empty"
        record_access(
            connection,
            action="push",
            outcome="ok",
            station=station,
            target=idempotency_key,
            detail=f"entries={len(outcomes)} {summary}",
        )
        log.info("push %s from station %s: %s", idempotency_key, station.id, summary)
        return PushResult(status=200, body=body, replayed=False)

    try:
        return in_transaction(engine, work)
    except ServiceError as error:
        raise _refuse(engine, error, action="push", station=station) from None


# --------------------------------------------------------------------------------------------
# Pull


def pull(
    engine: Engine,
    *,
    station: Station,
    user_id: str | None,
    role: str | None,
    cursor: str,
    limit: int,
) -> ChangeFeed:
    """The station's next page of the change feed, for a named user and role (recorded)."""
    if not user_id or not role:
        raise _refuse(
            engine,
            ServiceError(
                401,
                SyncError.USER_MISSING,
                "Pulling changes needs a logged-in user: send X-Waypoint-User and X-Waypoint-Role.",
            ),
            action="pull",
            station=station,
            user_id=user_id,
            role=role,
        )
    try:
        user_role = Role(role)
    except ValueError:
        raise _refuse(
            engine,
            ServiceError(400, SyncError.ROLE_INVALID, "X-Waypoint-Role is not a known role"),
            action="pull",
            station=station,
            user_id=user_id,
        ) from None
    try:
        position = feed.Cursor.parse(cursor)
    except ValueError:
        raise ServiceError(
            400,
            SyncError.CURSOR_INVALID,
            "The cursor is not one this service issued. Start again without one.",
        ) from None
    if not may(station.agency_type, user_role, Action.PULL):
        raise _refuse(
            engine,
            ServiceError(
                403,
                SyncError.ROLE_NOT_ALLOWED,
                f"A {user_role.value} has no access through a {station.agency_type.value} station.",
            ),
            action="pull",
            station=station,
            user_id=user_id,
            role=role,
        )

    def work(connection: Connection) -> ChangeFeed | None:
        revoked = connection.execute(
            select(station_user_revocations.c.user_id).where(
                station_user_revocations.c.station_id == station.id,
                station_user_revocations.c.user_id == user_id,
            )
        ).first()
        if revoked is not None:
            return None
        # Read before writing: the log insert below gives this transaction an id.
        page = feed.read(connection, station_id=station.id, cursor=position, limit=limit)
        record_access(
            connection,
            action="pull",
            outcome="ok",
            station=station,
            user_id=user_id,
            role=role,
            target=str(position),
            detail=f"changes={len(page.changes)}",
        )
        return ChangeFeed(cursor=str(page.cursor), changes=page.changes, more=page.more)

    result = in_transaction(engine, work)
    if result is None:
        raise _refuse(
            engine,
            ServiceError(403, SyncError.USER_REVOKED, "This user has been revoked at the central service."),
            action="pull",
            station=station,
            user_id=user_id,
            role=role,
        )
    return result


def enrol_code_expiry(hours: float) -> datetime:
    """When a code issued now for ``hours`` stops working."""
    return utcnow() + timedelta(hours=hours)
