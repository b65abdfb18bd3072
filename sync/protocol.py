"""The sync wire protocol, shared by the station client and the central service.

Nothing here touches a database, the network or Qt: these are the pydantic models of what travels,
the content hash, and the envelope crypto.

Push
----
``POST /sync/v1/push`` carries a FHIR R4 ``batch`` Bundle (:class:`PushBundle`). Each entry is
``request: {method: PUT, url: "<Type>/<uuid>"}`` and its ``resource`` is a FHIR ``Binary`` whose
``contentType`` is :data:`SEALED_CONTENT_TYPE` and whose ``data`` is the base64 of one *sealed
envelope* (:func:`seal`). Headers: ``Authorization: Bearer <station credential>`` and
``Idempotency-Key: <client-chosen key>`` (one per batch; a retry of the same batch sends the same key
and the same bytes, and gets the stored response back byte for byte, with ``Idempotent-Replayed:
true``). The answer is a ``batch-response`` Bundle (:class:`BatchResponse`) with one entry per request
entry, in the same order, each with ``response.status`` one of ``"200"`` (already held / updated),
``"201"`` (stored), ``"403"`` (this author's role may not write for this agency), ``"409"``
(different content under an id already held), ``"412"`` (a versioned update on a stale version),
``"422"`` (invalid: bad envelope, bad URL, FHIR validation), an ``OperationOutcome`` saying why for every
error, ``location`` ``"<Type>/<id>/_history/<version>"`` and ``etag`` ``W/"<version>"`` for stored
entries. The response Bundle's ``identifier`` echoes the Idempotency-Key so a client can tell a
response meant for another batch (:func:`read_batch_response` checks all of this).

Whole-request answers: 401 (no or unknown credential), 403 (station revoked), 413 (too large), 422
(not a batch Bundle of this shape, Idempotency-Key missing, or a key reused for a different request).
A versioned update is 200 when its ``base_version`` is the version held (the record moves to
``base_version + 1``) or when the content is already what is held; 412 otherwise. A record whose id
is held for another agency is 409.

Sealed envelope (format 1)
--------------------------
The *payload* is the RFC 8785 canonical JSON of::

    {"format": "waypoint-signed-payload/1", "station_id", "author_id", "role", "resource_type",
     "resource_id", "content_hash", "base_version", "sealed_at", "resource"}

``base_version`` is ``null`` for immutable types and for a first version of a versioned type; for an
update of a Patient or Consent it is the version the station's edit was based on. The payload is signed
with the station's Ed25519 key (libsodium combined mode: 64-byte signature followed by the payload),
the signed bytes are encrypted to the centre's Curve25519 key with a libsodium sealed box, and the
envelope is the canonical JSON of::

    {"format": "waypoint-sealed-envelope/1", "recipient": "<key id of the centre key>",
     "sealed": "<base64 of the sealed box>"}

Both JSON texts, and the base64, must be exactly canonical, so any changed bit is refused, and the
centre can re-verify a stored record from its fields (:meth:`OpenedEnvelope.signed_payload`).
Nothing about the person, the author or even the resource type is readable outside the sealed box.
The centre rejects an envelope whose box does not open (a flipped bit anywhere in the ciphertext), whose
signature does not verify with the key the named station enrolled, or whose named station is not the
station whose credential sent it.

Resource types
--------------
Immutable (:data:`IMMUTABLE_TYPES`): QuestionnaireResponse, Flag, AuditEvent (audit anchors), and
DocumentReference, which is how a *disclosure record* travels: ``type`` coded
:data:`DISCLOSURE_RECORD_CODE` in :data:`SYNC_CODE_SYSTEM`, ``subject`` the Patient, ``context.related``
the QuestionnaireResponse revision disclosed, ``author`` the user, ``content.attachment`` the PDF's
title and its SHA-256 (hex in the :data:`PDF_SHA256_EXTENSION` extension, since FHIR R4's
``attachment.hash`` is SHA-1), and the recipient and legal basis in extensions the station side
defines. Versioned (:data:`VERSIONED_TYPES`): Patient and Consent.

Pull
----
``GET /sync/v1/changes?cursor=<opaque>&limit=<n>`` with the station credential and
``X-Waypoint-User`` / ``X-Waypoint-Role`` naming the logged-in user returns a :class:`ChangeFeed`:
new form versions, flag registry versions and directives (a station user revoked, the station
revoked), each signed with the centre's Ed25519 key (:func:`verify_change`). The client verifies each
change, applies it, commits, and only then saves the new cursor.

Enrolment
---------
``POST /sync/v1/enrol`` with :class:`EnrolRequest` (the one-time code and the station's Ed25519
public key) returns :class:`EnrolResponse`: the station id, a send-only credential (shown once; the
centre keeps only its hash) and the centre's public keys.

Errors are FHIR ``OperationOutcome`` resources whose first issue carries a machine-readable
:class:`SyncError` code in ``details.coding`` (``application/fhir+json`` on push, ``application/json``
elsewhere).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

import rfc8785
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from screening.domain.enums import Recipient, Role

__all__ = [
    "API_PREFIX",
    "BASE_URL",
    "DISCLOSURE_RECORD_CODE",
    "DISCLOSURE_RECORD_TYPE",
    "ENVELOPE_FORMAT",
    "FHIR_JSON",
    "IDEMPOTENCY_KEY_HEADER",
    "IDEMPOTENCY_KEY_SYSTEM",
    "IMMUTABLE_TYPES",
    "KEY_PATTERN",
    "CURSOR_PATTERN",
    "ID_PATTERN",
    "TOKEN_PATTERN",
    "MAX_BATCH_ENTRIES",
    "PAYLOAD_FORMAT",
    "PDF_SHA256_EXTENSION",
    "REPLAYED_HEADER",
    "ROLE_HEADER",
    "SEALED_CONTENT_TYPE",
    "SYNCED_TYPES",
    "SYNC_CODE_SYSTEM",
    "SYNC_ERROR_SYSTEM",
    "USER_HEADER",
    "VERSIONED_TYPES",
    "AgencyType",
    "BatchResponse",
    "Change",
    "ChangeFeed",
    "ChangeSignatureError",
    "CentrePublicKeys",
    "Directive",
    "DirectiveAction",
    "EnrolRequest",
    "EnrolResponse",
    "EntryResult",
    "EnvelopeDecryptError",
    "EnvelopeError",
    "EnvelopeFormatError",
    "EnvelopeRecipientError",
    "EnvelopeSignatureError",
    "EnvelopeStationMismatchError",
    "EnvelopeUnknownStationError",
    "FormVersionChange",
    "OpenedEnvelope",
    "OpenedRecord",
    "OperationOutcome",
    "OutcomeIssue",
    "ProtocolError",
    "PushBundle",
    "PushEntry",
    "RegistryVersionChange",
    "SyncError",
    "content_hash",
    "decode_key_bytes",
    "decode_public_key",
    "decode_verify_key",
    "encode_key",
    "key_id",
    "open_sealed",
    "open_sealed_payload",
    "open_sealed_record",
    "operation_outcome",
    "read_batch_response",
    "seal",
    "sign_change",
    "validation_summary",
    "verify_change",
]

API_PREFIX = "/sync/v1"
"""Every sync endpoint lives under this path; a breaking change gets a new prefix."""

BASE_URL = "https://waypoint-screening.example/fhir"
"""The project's canonical URL base (the same one ``screening.interop`` uses)."""
SYNC_CODE_SYSTEM = f"{BASE_URL}/CodeSystem/sync"
SYNC_ERROR_SYSTEM = f"{BASE_URL}/CodeSystem/sync-error"
IDEMPOTENCY_KEY_SYSTEM = f"{BASE_URL}/NamingSystem/idempotency-key"
PDF_SHA256_EXTENSION = f"{BASE_URL}/StructureDefinition/pdf-sha256"
DISCLOSURE_RECORD_TYPE = "DocumentReference"
"""The FHIR resource type a disclosure record travels as (see the module docstring)."""
DISCLOSURE_RECORD_CODE = "disclosure-record"

FHIR_JSON = "application/fhir+json"
SEALED_CONTENT_TYPE = "application/vnd.waypoint.sealed+json"
ENVELOPE_FORMAT = "waypoint-sealed-envelope/1"
PAYLOAD_FORMAT = "waypoint-signed-payload/1"
CHANGE_SIGNATURE_CONTEXT = b"waypoint-change/1\n"
"""Prefixed to a change's canonical JSON before signing, so no other signed text can pass as one."""

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
USER_HEADER = "X-Waypoint-User"
ROLE_HEADER = "X-Waypoint-Role"

IMMUTABLE_TYPES = frozenset({"QuestionnaireResponse", "Flag", "AuditEvent", DISCLOSURE_RECORD_TYPE})
VERSIONED_TYPES = frozenset({"Patient", "Consent"})
SYNCED_TYPES = IMMUTABLE_TYPES | VERSIONED_TYPES

MAX_BATCH_ENTRIES = 1000
MAX_ENVELOPE_CHARS = 4 * 1024 * 1024
ID_PATTERN = r"^[A-Za-z0-9\-.]{1,64}$"
"""FHIR's id syntax; stations use UUIDs."""
TOKEN_PATTERN = r"^[A-Za-z0-9._:@\-]{1,128}$"
"""Station, user and agency ids, idempotency keys: printable, no spaces, nothing to escape."""

KEY_PATTERN = r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$"
"""Standard base64 of exactly 32 bytes (how keys travel)."""
CURSOR_PATTERN = r"^((0|[1-9][0-9]{0,17})\.(0|[1-9][0-9]{0,17}))?$"
"""A change-feed cursor as the centre issues them (empty: from the start)."""

_SIGNATURE_BYTES = 64
_KEY_BYTES = 32
_HEX64 = r"^[0-9a-f]{64}$"


# --------------------------------------------------------------------------------------------
# Keys and hashes


def encode_key(key: SigningKey | VerifyKey | PrivateKey | PublicKey | bytes) -> str:
    """Standard base64 of a key's 32 raw bytes: how keys travel and sit in files."""
    raw = key if isinstance(key, bytes) else bytes(key)
    return base64.b64encode(raw).decode("ascii")


def decode_key_bytes(text: str) -> bytes:
    """The 32 raw bytes of a key in :func:`encode_key` text; ``ValueError`` if it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("a key must be standard base64") from exc
    if len(raw) != _KEY_BYTES:
        raise ValueError(f"a key must be {_KEY_BYTES} bytes, not {len(raw)}")
    return raw


def decode_verify_key(text: str) -> VerifyKey:
    """An Ed25519 public key from :func:`encode_key` text; ``ValueError`` if it is not one."""
    return VerifyKey(decode_key_bytes(text))


def decode_public_key(text: str) -> PublicKey:
    """A Curve25519 public key from :func:`encode_key` text; ``ValueError`` if it is not one."""
    return PublicKey(decode_key_bytes(text))


def key_id(key: VerifyKey | PublicKey | bytes) -> str:
    """A short stable name for a public key: the first 16 hex digits of SHA-256 of its raw bytes."""
    raw = key if isinstance(key, bytes) else bytes(key)
    return hashlib.sha256(raw).hexdigest()[:16]


_SAFE_INT = 2**53 - 1


def _plain_json(value: Any) -> bool:
    """True when ``json.dumps`` (sorted keys, no spaces, raw UTF-8) already gives RFC 8785 output:
    no floats (JCS formats numbers like ECMAScript), integers within IEEE-754's exact range, and
    ASCII keys only (JCS sorts keys by UTF-16 code units). Python escapes strings the way JCS
    does: quote, backslash and control characters, with lower-case hex.

    One loop over an explicit stack (no recursion, no generator per container): exact types first,
    since JSON parsed from the wire holds nothing else, then the same ``isinstance`` rules for
    subclasses (enums and the like)."""
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is dict:
            for key in item:
                if not (isinstance(key, str) and key.isascii()):
                    return False
            extend(item.values())
        elif kind is list:
            extend(item)
        elif kind is int:
            if not -_SAFE_INT <= item <= _SAFE_INT:
                return False
        elif isinstance(item, str | bool):
            continue
        elif isinstance(item, int):
            if not -_SAFE_INT <= item <= _SAFE_INT:
                return False
        elif isinstance(item, dict):
            if not all(isinstance(key, str) and key.isascii() for key in item):
                return False
            extend(item.values())
        elif isinstance(item, list | tuple):
            extend(item)
        else:
            return False
    return True


def _dumps_plain(value: Any) -> bytes:
    """The canonical JSON of a value :func:`_plain_json` accepted (and of any part of it)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical_json(value: Any) -> bytes:
    """RFC 8785 (JCS) canonical JSON; ``ValueError`` for what JCS cannot represent.

    Most FHIR payloads hold no floats, so they take the fast path through the C JSON encoder;
    anything else goes through the rfc8785 package (a test checks both agree)."""
    if _plain_json(value):
        return _dumps_plain(value)
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError) as exc:
        raise ValueError(f"not representable as canonical JSON: {exc}") from exc


def content_hash(resource: Mapping[str, Any]) -> str:
    """SHA-256 hex of the RFC 8785 canonical JSON of ``resource`` without its ``meta``.

    ``meta`` is left out because servers and tools rewrite it (versionId, lastUpdated) without
    changing the content. Both ends compute this; equal hashes mean the same record.
    """
    without_meta = {k: v for k, v in resource.items() if k != "meta"}
    return hashlib.sha256(canonical_json(without_meta)).hexdigest()


# --------------------------------------------------------------------------------------------
# Shared vocabulary


class AgencyType(StrEnum):
    """What kind of organisation an agency is; it decides which recipient the agency is."""

    POLICE = "police"
    LIAISON_DIVERSION = "liaison_diversion"
    PROBATION = "probation"
    PRISON = "prison"
    COURT = "court"

    @property
    def recipient(self) -> Recipient:
        """The recipient this agency is when it looks a person up (DESIGN.md, "People")."""
        return _AGENCY_RECIPIENT[self]


_AGENCY_RECIPIENT = {
    AgencyType.POLICE: Recipient.POLICE,
    AgencyType.LIAISON_DIVERSION: Recipient.LIAISON_DIVERSION,
    AgencyType.PROBATION: Recipient.PROBATION,
    AgencyType.PRISON: Recipient.PRISON_HEALTHCARE,
    AgencyType.COURT: Recipient.COURT,
}


class SyncError(StrEnum):
    """Machine-readable reasons, in ``OperationOutcome.issue[0].details.coding[0].code``."""

    REQUEST_INVALID = "request-invalid"
    TOO_LARGE = "too-large"
    CREDENTIAL_MISSING = "credential-missing"
    CREDENTIAL_INVALID = "credential-invalid"
    STATION_REVOKED = "station-revoked"
    ENROL_CODE_INVALID = "enrol-code-invalid"
    KEY_ALREADY_ENROLLED = "key-already-enrolled"
    IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused"
    USER_MISSING = "user-missing"
    USER_REVOKED = "user-revoked"
    ROLE_INVALID = "role-invalid"
    ROLE_NOT_ALLOWED = "role-not-allowed"
    CURSOR_INVALID = "cursor-invalid"
    URL_INVALID = "url-invalid"
    TYPE_UNSUPPORTED = "type-unsupported"
    NOT_SEALED = "not-sealed"
    ENVELOPE_FORMAT = "envelope-format"
    ENVELOPE_RECIPIENT = "envelope-recipient"
    ENVELOPE_DAMAGED = "envelope-damaged"
    ENVELOPE_SIGNATURE = "envelope-signature"
    ENVELOPE_STATION_MISMATCH = "envelope-station-mismatch"
    ENVELOPE_UNKNOWN_STATION = "envelope-unknown-station"
    URL_ENVELOPE_MISMATCH = "url-envelope-mismatch"
    FHIR_INVALID = "fhir-invalid"
    CONFLICT = "conflict"
    CONFLICT_OTHER_AGENCY = "conflict-other-agency"
    STALE_VERSION = "stale-version"
    NOT_FOUND = "not-found"
    INTERNAL = "internal"


_SYNC_ERROR_CODES = frozenset(code.value for code in SyncError)


class _Wire(BaseModel):
    """Wire models: frozen, unknown fields refused, FHIR camelCase names accepted and emitted."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Coding(_Wire):
    system: str | None = None
    code: str | None = None
    display: str | None = None


class CodeableConcept(_Wire):
    coding: list[Coding] | None = None
    text: str | None = None


class Identifier(_Wire):
    system: str | None = None
    value: str | None = None


class OutcomeIssue(_Wire):
    """One ``OperationOutcome.issue``: FHIR severity and issue type, our reason code, plain words."""

    severity: Literal["fatal", "error", "warning", "information"]
    code: str
    details: CodeableConcept | None = None
    diagnostics: str | None = None
    expression: list[str] | None = None

    @property
    def reason(self) -> SyncError | None:
        """Our :class:`SyncError` code, if the issue carries one."""
        for coding in (self.details.coding or []) if self.details else []:
            if coding.system == SYNC_ERROR_SYSTEM and coding.code in _SYNC_ERROR_CODES:
                return SyncError(coding.code)
        return None


class OperationOutcome(_Wire):
    """A FHIR OperationOutcome: the body of every error the service returns."""

    resource_type: Literal["OperationOutcome"] = Field("OperationOutcome", alias="resourceType")
    issue: list[OutcomeIssue] = Field(min_length=1)


_ISSUE_TYPE: dict[SyncError, str] = {
    SyncError.REQUEST_INVALID: "structure",
    SyncError.TOO_LARGE: "too-costly",
    SyncError.CREDENTIAL_MISSING: "login",
    SyncError.CREDENTIAL_INVALID: "login",
    SyncError.STATION_REVOKED: "forbidden",
    SyncError.ENROL_CODE_INVALID: "forbidden",
    SyncError.KEY_ALREADY_ENROLLED: "duplicate",
    SyncError.IDEMPOTENCY_KEY_REUSED: "business-rule",
    SyncError.USER_MISSING: "login",
    SyncError.USER_REVOKED: "forbidden",
    SyncError.ROLE_INVALID: "value",
    SyncError.ROLE_NOT_ALLOWED: "forbidden",
    SyncError.CURSOR_INVALID: "value",
    SyncError.URL_INVALID: "value",
    SyncError.TYPE_UNSUPPORTED: "not-supported",
    SyncError.NOT_SEALED: "invalid",
    SyncError.ENVELOPE_FORMAT: "structure",
    SyncError.ENVELOPE_RECIPIENT: "security",
    SyncError.ENVELOPE_DAMAGED: "security",
    SyncError.ENVELOPE_SIGNATURE: "security",
    SyncError.ENVELOPE_STATION_MISMATCH: "security",
    SyncError.ENVELOPE_UNKNOWN_STATION: "security",
    SyncError.URL_ENVELOPE_MISMATCH: "invalid",
    SyncError.FHIR_INVALID: "invalid",
    SyncError.CONFLICT: "conflict",
    SyncError.CONFLICT_OTHER_AGENCY: "conflict",
    SyncError.STALE_VERSION: "conflict",
    SyncError.NOT_FOUND: "not-found",
    SyncError.INTERNAL: "exception",
}


def operation_outcome(
    reason: SyncError, diagnostics: str, *, expression: str | None = None
) -> OperationOutcome:
    """An OperationOutcome with one error issue for ``reason``, explained in ``diagnostics``."""
    return OperationOutcome(
        issue=[
            OutcomeIssue(
                severity="error",
                code=_ISSUE_TYPE[reason],
                details=CodeableConcept(coding=[Coding(system=SYNC_ERROR_SYSTEM, code=reason.value)]),
                diagnostics=diagnostics,
                expression=[expression] if expression else None,
            )
        ]
    )


# --------------------------------------------------------------------------------------------
# Enrolment


class CentrePublicKeys(_Wire):
    """The centre's public keys: seal envelopes to ``encryption_key``, verify changes with
    ``signing_key``. The ids let a station notice a rotated key."""

    encryption_key: str = Field(pattern=KEY_PATTERN, description="Curve25519 public key, base64 of 32 bytes")
    encryption_key_id: str
    signing_key: str = Field(pattern=KEY_PATTERN, description="Ed25519 public key, base64 of 32 bytes")
    signing_key_id: str

    @field_validator("encryption_key", "signing_key")
    @classmethod
    def _is_key(cls, value: str) -> str:
        decode_key_bytes(value)
        return value

    def encryption_public_key(self) -> PublicKey:
        """The key to seal envelopes to."""
        return decode_public_key(self.encryption_key)

    def signing_verify_key(self) -> VerifyKey:
        """The key that verifies the centre's signed changes."""
        return decode_verify_key(self.signing_key)


class EnrolRequest(_Wire):
    """A station asks to enrol: the one-time code from the centre and the station's signing key."""

    code: str = Field(min_length=4, max_length=64, description="the one-time code, as printed")
    station_signing_key: str = Field(
        pattern=KEY_PATTERN, description="the station's Ed25519 public key, base64 of 32 bytes"
    )

    @field_validator("station_signing_key")
    @classmethod
    def _is_key(cls, value: str) -> str:
        decode_key_bytes(value)
        return value


class EnrolResponse(_Wire):
    """What an enrolled station keeps: its id, its credential (shown once) and the centre's keys."""

    station_id: str
    agency_id: str
    agency_type: AgencyType
    site: str
    credential: str = Field(description="send-only station credential: `Authorization: Bearer ...`")
    centre: CentrePublicKeys
    enrolled_at: AwareDatetime


# --------------------------------------------------------------------------------------------
# Push


class BundleRequest(_Wire):
    method: Literal["PUT"]
    url: str = Field(max_length=200, description="<Type>/<id>")


class SealedBinary(_Wire):
    """A FHIR Binary carrying one sealed envelope in ``data`` (base64)."""

    resource_type: Literal["Binary"] = Field("Binary", alias="resourceType")
    content_type: str = Field(alias="contentType", max_length=200)
    data: str = Field(max_length=MAX_ENVELOPE_CHARS)


class PushEntry(_Wire):
    """One ``PUT <Type>/<id>`` of a sealed envelope."""

    request: BundleRequest
    resource: SealedBinary

    @classmethod
    def of(cls, resource_type: str, resource_id: str, envelope: bytes) -> PushEntry:
        """The entry that pushes ``envelope`` (from :func:`seal`) as ``<resource_type>/<resource_id>``."""
        return cls(
            request=BundleRequest(method="PUT", url=f"{resource_type}/{resource_id}"),
            resource=SealedBinary(
                content_type=SEALED_CONTENT_TYPE, data=base64.b64encode(envelope).decode("ascii")
            ),
        )


class PushBundle(_Wire):
    """A FHIR R4 ``batch`` Bundle of sealed PUTs: the body of ``POST /sync/v1/push``."""

    resource_type: Literal["Bundle"] = Field("Bundle", alias="resourceType")
    id: str | None = Field(None, pattern=ID_PATTERN)
    type: Literal["batch"] = "batch"
    timestamp: AwareDatetime | None = None
    entry: list[PushEntry] = Field(default_factory=list, max_length=MAX_BATCH_ENTRIES)

    def to_json(self) -> bytes:
        """The bytes to send (send the same bytes again on a retry with the same key)."""
        return self.model_dump_json(by_alias=True, exclude_none=True).encode("utf-8")


class EntryResponse(_Wire):
    status: str = Field(description='"200", "201", "403", "409", "412" or "422"')
    location: str | None = None
    etag: str | None = None
    last_modified: AwareDatetime | None = Field(None, alias="lastModified")
    outcome: OperationOutcome | None = None


class ResponseEntry(_Wire):
    response: EntryResponse


class BatchResponse(_Wire):
    """A FHIR R4 ``batch-response`` Bundle: one entry per request entry, in order."""

    resource_type: Literal["Bundle"] = Field("Bundle", alias="resourceType")
    id: str
    type: Literal["batch-response"] = "batch-response"
    timestamp: AwareDatetime
    identifier: Identifier | None = None
    entry: list[ResponseEntry] = Field(default_factory=list)

    def to_json(self) -> bytes:
        """Compact JSON bytes (what the centre stores and replays)."""
        return self.model_dump_json(by_alias=True, exclude_none=True).encode("utf-8")


class ProtocolError(ValueError):
    """The other end sent something that does not follow this protocol."""


@dataclass(frozen=True)
class EntryResult:
    """One push entry's outcome, as a client reads it from a batch-response."""

    index: int
    resource_type: str
    resource_id: str
    status: int
    version: int | None
    reason: SyncError | None
    diagnostics: str | None

    @property
    def accepted(self) -> bool:
        """The centre holds this record (stored now or before): the outbox row may go."""
        return self.status in (200, 201)


_LOCATION = re.compile(r"^(?P<type>[A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]{1,64})(?:/_history/(?P<version>\d+))?$")


def read_batch_response(request: PushBundle, body: bytes | str, *, idempotency_key: str) -> list[EntryResult]:
    """Check a batch-response against the request it answers, and read each entry's outcome.

    Raises :class:`ProtocolError` unless it is a well-formed batch-response for this batch (same
    idempotency key) with exactly one entry per request entry and, for every stored entry, a location
    naming the same resource as the request entry in that position.
    """
    try:
        response = BatchResponse.model_validate_json(body)
    except ValidationError as exc:
        raise ProtocolError(f"not a batch-response: {validation_summary(exc)}") from None
    if response.identifier is None or response.identifier.value != idempotency_key:
        raise ProtocolError("the batch-response answers a different batch (idempotency key differs)")
    if len(response.entry) != len(request.entry):
        raise ProtocolError(
            f"the batch-response has {len(response.entry)} entries for {len(request.entry)} requested"
        )
    results: list[EntryResult] = []
    for index, (sent, got) in enumerate(zip(request.entry, response.entry, strict=True)):
        resource_type, _, resource_id = sent.request.url.partition("/")
        try:
            status = int(got.response.status.split(" ", 1)[0])
        except ValueError:
            raise ProtocolError(f"entry {index}: status {got.response.status!r} is not a number") from None
        version: int | None = None
        if status in (200, 201):
            match = _LOCATION.match(got.response.location or "")
            if match is None or (match["type"], match["id"]) != (resource_type, resource_id):
                raise ProtocolError(f"entry {index}: location does not name {sent.request.url}")
            version = int(match["version"]) if match["version"] else None
        elif not 400 <= status < 500:
            raise ProtocolError(f"entry {index}: unexpected status {status}")
        issue = got.response.outcome.issue[0] if got.response.outcome else None
        results.append(
            EntryResult(
                index=index,
                resource_type=resource_type,
                resource_id=resource_id,
                status=status,
                version=version,
                reason=issue.reason if issue else None,
                diagnostics=issue.diagnostics if issue else None,
            )
        )
    return results


# --------------------------------------------------------------------------------------------
# The sealed envelope


class EnvelopeError(ValueError):
    """An envelope the centre must not accept. ``reason`` says which check failed."""

    reason: SyncError = SyncError.ENVELOPE_FORMAT


class EnvelopeFormatError(EnvelopeError):
    """Not an envelope of a known format, or its signed payload is malformed."""

    reason = SyncError.ENVELOPE_FORMAT


class EnvelopeRecipientError(EnvelopeError):
    """Sealed to a different centre key (for example one from before a key rotation)."""

    reason = SyncError.ENVELOPE_RECIPIENT


class EnvelopeDecryptError(EnvelopeError):
    """The sealed box does not open: damaged (a flipped bit) or not sealed to this key."""

    reason = SyncError.ENVELOPE_DAMAGED


class EnvelopeSignatureError(EnvelopeError):
    """The signature does not verify with the named station's enrolled key."""

    reason = SyncError.ENVELOPE_SIGNATURE


class EnvelopeStationMismatchError(EnvelopeError):
    """Signed for a different station than the one whose credential sent it."""

    reason = SyncError.ENVELOPE_STATION_MISMATCH


class EnvelopeUnknownStationError(EnvelopeError):
    """The envelope names a station the centre has no key for."""

    reason = SyncError.ENVELOPE_UNKNOWN_STATION


class _SealedEnvelope(_Wire):
    format: Literal["waypoint-sealed-envelope/1"]
    recipient: str = Field(pattern=r"^[0-9a-f]{16}$")
    sealed: str


class OpenedEnvelope(_Wire):
    """What an opened, verified envelope says. Every field was signed by the station."""

    format: Literal["waypoint-signed-payload/1"] = "waypoint-signed-payload/1"
    station_id: str = Field(pattern=TOKEN_PATTERN)
    author_id: str = Field(pattern=TOKEN_PATTERN)
    role: Role
    resource_type: str = Field(pattern=r"^[A-Z][A-Za-z]{1,63}$")
    resource_id: str = Field(pattern=ID_PATTERN)
    content_hash: str = Field(pattern=_HEX64)
    base_version: StrictInt | None = Field(None, ge=0)
    sealed_at: AwareDatetime
    resource: dict[str, Any]
    signature: bytes = Field(b"", exclude=True, description="the station's Ed25519 signature (64 bytes)")

    def signed_payload(self) -> bytes:
        """The exact canonical bytes the station signed (lets the centre re-verify a stored record)."""
        return canonical_json(self.model_dump(mode="json", exclude={"signature"}))


def seal(
    resource: Mapping[str, Any],
    *,
    resource_type: str,
    resource_id: str,
    author_id: str,
    role: Role | str,
    station_id: str,
    signing_key: SigningKey,
    centre_public_key: PublicKey,
    base_version: int | None = None,
    sealed_at: datetime | None = None,
) -> bytes:
    """Sign ``resource`` with the station's key and encrypt it to the centre: the envelope bytes.

    ``base_version`` is for updates of versioned types (Patient, Consent): the version the edit was
    based on (``None`` for a first version). Raises ``ValueError`` for a resource the centre would
    refuse anyway (unknown type, id or type not matching the resource, not canonicalisable).
    """
    if resource_type not in SYNCED_TYPES:
        raise ValueError(f"{resource_type} is not a type that syncs")
    if resource.get("resourceType") != resource_type or resource.get("id") != resource_id:
        raise ValueError("resource_type and resource_id must match the resource's resourceType and id")
    if base_version is not None and resource_type not in VERSIONED_TYPES:
        raise ValueError(f"{resource_type} is immutable: it has no base version")
    payload = OpenedEnvelope(
        station_id=station_id,
        author_id=author_id,
        role=Role(role),
        resource_type=resource_type,
        resource_id=resource_id,
        content_hash=content_hash(resource),
        base_version=base_version,
        sealed_at=sealed_at or datetime.now(UTC),
        resource=dict(resource),
    )
    signed = signing_key.sign(payload.signed_payload())
    sealed = SealedBox(centre_public_key).encrypt(bytes(signed))
    return canonical_json(
        {
            "format": ENVELOPE_FORMAT,
            "recipient": key_id(centre_public_key),
            "sealed": base64.b64encode(sealed).decode("ascii"),
        }
    )


def open_sealed(
    data: bytes | str,
    *,
    centre_private_key: PrivateKey,
    station_verify_key_lookup: Callable[[str], VerifyKey | None],
    expected_station_id: str | None = None,
) -> OpenedEnvelope:
    """Decrypt and verify an envelope from :func:`seal`.

    ``station_verify_key_lookup`` maps a station id to the key it enrolled (``None`` if unknown).
    ``expected_station_id`` is the station whose credential sent the envelope: an envelope naming
    another station is refused before any key is looked up. Raises an :class:`EnvelopeError`
    subclass naming the check that failed; never returns anything unverified.
    """
    return open_sealed_payload(
        data,
        centre_private_key=centre_private_key,
        station_verify_key_lookup=station_verify_key_lookup,
        expected_station_id=expected_station_id,
    )[0]


def open_sealed_payload(
    data: bytes | str,
    *,
    centre_private_key: PrivateKey,
    station_verify_key_lookup: Callable[[str], VerifyKey | None],
    expected_station_id: str | None = None,
) -> tuple[OpenedEnvelope, bytes]:
    """:func:`open_sealed`, and the exact payload bytes the station signed (the canonical JSON of
    the opened envelope: what :meth:`OpenedEnvelope.signed_payload` would compute again)."""
    record = open_sealed_record(
        data,
        centre_private_key=centre_private_key,
        station_verify_key_lookup=station_verify_key_lookup,
        expected_station_id=expected_station_id,
    )
    return record.envelope, record.payload


@dataclass(frozen=True)
class OpenedRecord:
    """An opened, verified envelope (:func:`open_sealed_record`)."""

    envelope: OpenedEnvelope
    payload: bytes
    """The exact bytes the station signed: the canonical JSON of the opened envelope."""
    resource_json: bytes
    """The resource as JSON text, equal as JSON to ``envelope.resource`` (its canonical JSON when
    the payload takes the fast path; ``json.dumps`` of it otherwise): what the centre stores,
    without serialising the resource once more."""


_ENVELOPE_HEAD = b'{"format":"' + ENVELOPE_FORMAT.encode("ascii") + b'","recipient":"'
_RESOURCE_SLOT = b'"resource":null'


def _plain_text(text: str) -> bool:
    """True when JSON writes this string as it is, between quotes (JCS and ``json.dumps`` alike):
    printable ASCII without a quote or a backslash."""
    return text.isascii() and text.isprintable() and '"' not in text and "\\" not in text


def _envelope_is_canonical(outer: _SealedEnvelope, raw: bytes) -> bool:
    """``canonical_json(outer.model_dump(mode="json")) == raw``, without escaping the sealed
    part's text again when it needs no escapes (base64 never does; the recipient is hex)."""
    if _plain_text(outer.sealed) and _plain_text(outer.recipient):
        recipient, sealed = outer.recipient.encode("ascii"), outer.sealed.encode("ascii")
        expected = b"".join((_ENVELOPE_HEAD, recipient, b'","sealed":"', sealed, b'"}'))
        return expected == raw
    return canonical_json(outer.model_dump(mode="json")) == raw


def _loads_noting_numbers(payload: bytes) -> tuple[Any, bool]:
    """``json.loads(payload)``, and whether every number in it is an integer within IEEE-754's
    exact range (no float, no NaN or Infinity): with ASCII keys, the condition under which
    ``json.dumps`` writes it as RFC 8785 does (:func:`_plain_json`), learnt while parsing."""
    plain = True

    def parse_int(text: str) -> int:
        nonlocal plain
        value = int(text)
        if not -_SAFE_INT <= value <= _SAFE_INT:
            plain = False
        return value

    def parse_float(text: str) -> float:
        nonlocal plain
        plain = False
        return float(text)

    value = json.loads(payload, parse_int=parse_int, parse_float=parse_float, parse_constant=parse_float)
    return value, plain


def open_sealed_record(
    data: bytes | str,
    *,
    centre_private_key: PrivateKey,
    station_verify_key_lookup: Callable[[str], VerifyKey | None],
    expected_station_id: str | None = None,
) -> OpenedRecord:
    """:func:`open_sealed`, with the exact payload bytes the station signed and the resource's
    JSON text (:class:`OpenedRecord`).

    The resource is serialised once, and the payload is not walked again: the numbers are noted
    while parsing, and an ASCII payload has ASCII keys, which together decide that the fast
    canonical path applies (:func:`_plain_json`, which still walks a payload holding other
    characters). On that path the canonical JSON of the resource is written once and serves for
    the canonical check of the whole payload (spliced into the rest, whose keys sort around it),
    for the content hash (when the resource has no ``meta``, the same bytes) and for storing.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        outer = _SealedEnvelope.model_validate_json(raw)
        canonical = _envelope_is_canonical(outer, raw)
    except (ValidationError, ValueError):
        raise EnvelopeFormatError("not a sealed envelope of a known format") from None
    if not canonical:
        raise EnvelopeFormatError("the envelope is not in canonical form")
    if outer.recipient != key_id(centre_private_key.public_key):
        raise EnvelopeRecipientError("the envelope is sealed to a different centre key")
    try:
        sealed = base64.b64decode(outer.sealed, validate=True)
    except (binascii.Error, ValueError):
        raise EnvelopeFormatError("the sealed part of the envelope is not base64") from None
    if base64.b64encode(sealed).decode("ascii") != outer.sealed:
        # Unused low bits of the last base64 digit: another spelling of the same bytes, refused so
        # that every change to an envelope's bytes is caught.
        raise EnvelopeFormatError("the sealed part of the envelope is not canonical base64")
    try:
        signed = SealedBox(centre_private_key).decrypt(sealed)
    except CryptoError:
        raise EnvelopeDecryptError(
            "the envelope could not be decrypted: it was damaged, or not sealed to this centre"
        ) from None
    if len(signed) <= _SIGNATURE_BYTES:
        raise EnvelopeFormatError("the envelope holds no signed payload")
    payload_bytes = signed[_SIGNATURE_BYTES:]
    try:
        claimed, numbers_plain = _loads_noting_numbers(payload_bytes)
    except ValueError:
        raise EnvelopeFormatError("the signed payload is not JSON") from None
    station_id = claimed.get("station_id") if isinstance(claimed, dict) else None
    if not isinstance(station_id, str):
        raise EnvelopeFormatError("the signed payload names no station")
    if expected_station_id is not None and station_id != expected_station_id:
        raise EnvelopeStationMismatchError(
            "the envelope was signed for a different station than the one sending it"
        )
    verify_key = station_verify_key_lookup(station_id)
    if verify_key is None:
        raise EnvelopeUnknownStationError("the envelope names a station the centre does not know")
    try:
        verify_key.verify(signed)
    except BadSignatureError:
        raise EnvelopeSignatureError(
            "the envelope's signature does not verify with the station's key"
        ) from None
    try:
        opened = OpenedEnvelope.model_validate({**claimed, "signature": signed[:_SIGNATURE_BYTES]})
    except ValidationError as exc:
        raise EnvelopeFormatError(f"the signed payload is malformed: {validation_summary(exc)}") from None
    # What signed_payload() gives, without dumping the resource again: parsed from JSON, the
    # resource holds only JSON values, which the model keeps and dumps as they are.
    resource = opened.resource
    fields = opened.model_dump(mode="json", exclude={"signature", "resource"})
    document = {**fields, "resource": resource}
    # The envelope's own fields come from the payload too (a role, a time and a version spelt
    # otherwise would differ in the comparison below), so the numbers noted cover them.
    plain = numbers_plain and (payload_bytes.isascii() or _plain_json(document))
    resource_json = b""
    try:
        if plain:
            resource_json = _dumps_plain(resource)
            head, slot, tail = _dumps_plain({**fields, "resource": None}).partition(_RESOURCE_SLOT)
            canonical = bool(slot) and b"".join((head, b'"resource":', resource_json, tail)) == payload_bytes
        else:
            canonical = canonical_json(document) == payload_bytes
    except ValueError:  # not representable (a lone surrogate, say): no station seals that
        canonical = False
    if not canonical:
        raise EnvelopeFormatError("the signed payload is not in canonical form")
    if resource.get("resourceType") != opened.resource_type or resource.get("id") != opened.resource_id:
        raise EnvelopeFormatError("the resource's type or id differs from the envelope's")
    if not plain:
        digest = content_hash(resource)
        resource_json = json.dumps(resource).encode("ascii")
    elif "meta" in resource:  # a part of a plain value is plain: content_hash without a second walk
        digest = hashlib.sha256(_dumps_plain({k: v for k, v in resource.items() if k != "meta"})).hexdigest()
    else:
        digest = hashlib.sha256(resource_json).hexdigest()
    if digest != opened.content_hash:
        raise EnvelopeFormatError("the resource's content hash differs from the one signed")
    return OpenedRecord(envelope=opened, payload=payload_bytes, resource_json=resource_json)


# --------------------------------------------------------------------------------------------
# The change feed


class _SignedChange(_Wire):
    change_id: int | None = Field(None, description="the centre's row id, for logs; not signed")
    signature: str = Field("", description="base64 Ed25519 signature by the centre's signing key")


class FormVersionChange(_SignedChange):
    """A new version of a form definition (the YAML text as published)."""

    kind: Literal["form_version"] = "form_version"
    form_id: StrictStr
    version: StrictStr
    content: StrictStr
    content_sha256: str = Field(pattern=_HEX64)
    published_at: AwareDatetime


class RegistryVersionChange(_SignedChange):
    """A new version of the flag registry (``forms/flags.yaml`` as published)."""

    kind: Literal["registry_version"] = "registry_version"
    version: StrictStr
    content: StrictStr
    content_sha256: str = Field(pattern=_HEX64)
    published_at: AwareDatetime


class DirectiveAction(StrEnum):
    USER_REVOKED = "user_revoked"
    STATION_REVOKED = "station_revoked"


class Directive(_SignedChange):
    """An instruction to one station: a user of it revoked, or the station itself revoked."""

    kind: Literal["directive"] = "directive"
    action: DirectiveAction
    station_id: StrictStr
    user_id: StrictStr | None = None
    issued_at: AwareDatetime


Change = Annotated[FormVersionChange | RegistryVersionChange | Directive, Field(discriminator="kind")]
CHANGE_ADAPTER: TypeAdapter[Change] = TypeAdapter(Change)


class ChangeFeed(_Wire):
    """One page of ``GET /sync/v1/changes``: save ``cursor`` after applying ``changes``; if ``more``,
    ask again at once."""

    cursor: str
    changes: list[Change]
    more: bool = False


class ChangeSignatureError(ValueError):
    """A change whose signature does not verify with the centre's key: ignore it and report."""


def _change_signing_bytes(change: FormVersionChange | RegistryVersionChange | Directive) -> bytes:
    body = change.model_dump(mode="json", exclude={"signature", "change_id"})
    return CHANGE_SIGNATURE_CONTEXT + canonical_json(body)


def sign_change(
    change: FormVersionChange | RegistryVersionChange | Directive, signing_key: SigningKey
) -> FormVersionChange | RegistryVersionChange | Directive:
    """The same change with the centre's signature over everything but ``signature`` and ``change_id``."""
    signature = signing_key.sign(_change_signing_bytes(change)).signature
    return change.model_copy(update={"signature": base64.b64encode(signature).decode("ascii")})


def verify_change(
    change: FormVersionChange | RegistryVersionChange | Directive, centre_verify_key: VerifyKey
) -> None:
    """Raise :class:`ChangeSignatureError` unless the centre signed exactly this change."""
    try:
        signature = base64.b64decode(change.signature, validate=True)
        centre_verify_key.verify(_change_signing_bytes(change), signature)
    except (binascii.Error, ValueError, BadSignatureError):
        raise ChangeSignatureError(
            f"change {change.change_id}: the centre's signature does not verify"
        ) from None
    if isinstance(change, FormVersionChange | RegistryVersionChange) and (
        hashlib.sha256(change.content.encode("utf-8")).hexdigest() != change.content_sha256
    ):
        raise ChangeSignatureError(f"change {change.change_id}: content does not match its hash")


# --------------------------------------------------------------------------------------------


def validation_summary(exc: ValidationError, limit: int = 5) -> str:
    """A pydantic error as plain text naming fields and problems, never the offending values
    (they may be personal data)."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False, include_context=False)[:limit]:
        where = ".".join(str(part) for part in error["loc"]) or "(root)"
        parts.append(f"{where}: {error['msg']}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


# --------------------------------------------------------------------------------------------
# Shared summaries: looking a person up at the centre
#
# ``POST /sync/v1/lookup`` (the station credential, ``X-Waypoint-User`` and ``X-Waypoint-Role``)
# with a :class:`LookupRequest` in the body: identifiers and names never go in a URL, where proxies
# and access logs would keep them. The answer (:class:`LookupResponse`) holds other agencies'
# latest finalised revisions of the person, each rendered by the disclosure function for the
# recipient the looking-up agency is (:attr:`AgencyType.recipient`), and, for a name + date of
# birth match the user has not confirmed yet, only a candidate to confirm.

LOOKUP_PATH = f"{API_PREFIX}/lookup"
MAX_LOOKUP_IDENTIFIERS = 8
MAX_LOOKUP_CONFIRMED = 20


class LookupIdentifierKind(StrEnum):
    """The identifiers that match a person directly."""

    PNC_ID = "pnc_id"
    NHS_NUMBER = "nhs_number"


class LookupIdentifier(_Wire):
    kind: LookupIdentifierKind
    value: Annotated[StrictStr, Field(min_length=1, max_length=32)]


class LookupRequest(_Wire):
    """Who to look up. ``confirmed`` names candidates (from an earlier answer) the user confirmed
    are the same person; the name and date of birth must be sent again with them."""

    identifiers: Annotated[tuple[LookupIdentifier, ...], Field(max_length=MAX_LOOKUP_IDENTIFIERS)] = ()
    given_names: Annotated[StrictStr, Field(max_length=200)] = ""
    family_name: Annotated[StrictStr, Field(max_length=200)] = ""
    date_of_birth: date | None = None
    confirmed: Annotated[
        tuple[Annotated[StrictStr, Field(pattern=ID_PATTERN)], ...], Field(max_length=MAX_LOOKUP_CONFIRMED)
    ] = ()


class MatchKind(StrEnum):
    IDENTIFIER = "identifier"
    """A PNC ID or NHS number matched: shown at once."""
    NAME_DOB = "name_dob"
    """Name and date of birth matched, and the user confirmed it is the same person."""


class LookupCandidate(_Wire):
    """A record held elsewhere with the same name and date of birth: nothing of it is shown until
    the user confirms it is the same person (and looks up again with ``confirmed``)."""

    candidate_id: Annotated[StrictStr, Field(pattern=ID_PATTERN)]
    agency_name: StrictStr
    agency_type: AgencyType


class SharedFlag(_Wire):
    code: StrictStr
    level: StrictStr
    label: StrictStr
    definition: StrictStr
    reasons: tuple[StrictStr, ...] = ()


class SharedItem(_Wire):
    """An item as the recipient may see it: the answer, or the category or fixed text derived
    from it (``presentation``), and on what basis (``disclosable``, ``operational``, ``consent``,
    ``legal_basis``, ``health_care``)."""

    code: StrictStr
    section: StrictStr
    question: StrictStr
    answer: StrictStr | None
    presentation: StrictStr
    basis: StrictStr
    kind: StrictStr


class SharedScore(_Wire):
    label: StrictStr
    value: int | None
    band: StrictStr | None = None


class SharedPerson(_Wire):
    display_name: StrictStr
    date_of_birth: date | None
    age_in_doubt: bool = False
    identifiers: tuple[tuple[StrictStr, StrictStr], ...] = ()


class SharedSummary(_Wire):
    """One other agency's latest finalised revision of the person, as the disclosure function
    rendered it for ``recipient``. What is withheld is said by class and cause only."""

    revision_id: StrictStr
    agency_name: StrictStr
    agency_type: AgencyType
    site: StrictStr
    match: MatchKind
    recipient: Recipient
    person: SharedPerson
    form_title: StrictStr
    form_id: StrictStr
    form_version: StrictStr
    screening_date: date
    revision: int
    amended_revision: bool
    """True when this is an amendment (revision 2 or later): the summary follows the latest."""
    finalised_at: AwareDatetime
    author_role: StrictStr
    full_record: bool
    flags: tuple[SharedFlag, ...] = ()
    adjustments: tuple[StrictStr, ...] = ()
    items: tuple[SharedItem, ...] = ()
    scores: tuple[SharedScore, ...] = ()
    withheld: tuple[StrictStr, ...] = ()
    consent_statement: tuple[StrictStr, ...] = ()
    legal_basis_statement: StrictStr | None = None


class LookupResponse(_Wire):
    """The answer to a look-up (every look-up is audited at the centre)."""

    looked_up_at: AwareDatetime
    recipient: Recipient
    summaries: tuple[SharedSummary, ...] = ()
    candidates: tuple[LookupCandidate, ...] = ()
    not_shown: int = 0
    """Revisions found that the centre could not render (a form version it does not know)."""
