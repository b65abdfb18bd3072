"""Sealing the outbox: each row is sealed as it is written, its envelope kept outside the database.

``StationSealer.seal(entry)`` runs inside the transaction that writes the outbox row (the
``OutboxSealer`` seam of ``services.outbox``): it signs the record with the station's Ed25519 key,
with the author and role inside the signed payload, encrypts it to the centre's key
(``sync.protocol.seal``) and writes the envelope to ``outbox/<seq>-<Type>-<id>-v<n>.env.pending``.
When the transaction commits the file becomes ``.env`` (sendable by the locked sync worker); if it
rolls back, the ``.pending`` file is deleted at the next unlock (``reconcile``).

The signing key
---------------
There is no OS key store here unless the ``keyring`` package is installed, and this build does not
ship it: the key lives in ``sync/signing-key.json`` beside the station, encrypted with AES-256-GCM
under a random 32-byte wrapping key kept inside the encrypted database (settings key
``sync.signing_key_wrap``). So the key opens only while the station is unlocked (sealing happens
only then), survives the rekey that removing a user does, and a copied station folder without a
passphrase yields nothing.

Versions
--------
The station numbers a Patient or Consent by its own edits (a person edited twice before their
first finalised screening is first queued as version 3); the centre numbers the versions it
receives 1, 2, 3... The sealer keeps the last centre version it assigned per record (settings key
``sync.centre_version:<Type>/<id>``) and seals each update with the centre's base version.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import uuid
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nacl.signing import SigningKey

from screening.domain.enums import Role
from screening.services.outbox import VERSIONED_KINDS, Outbox
from screening.services.session import Session, iso
from screening.services.sync_state import Enrolment, SyncFolder
from screening.services.views import OutboxEntry
from sync.protocol import decode_public_key, encode_key, seal

log = logging.getLogger(__name__)

SIGNING_KEY_FORMAT = "screening-sync-signing-key/1"
WRAP_SETTING = "sync.signing_key_wrap"
CENTRE_VERSION_SETTING = "sync.centre_version:"
ANCHOR_SETTING = "sync.last_anchor_seq"
_AAD_PREFIX = b"screening sync signing key v1\n"

ANCHOR_NAMESPACE = uuid.UUID("0b6f0a3e-5d0c-4f7b-9a43-2a8e4c6e1d17")
DCM_SYSTEM = "http://dicom.nema.org/resources/ontology/DCM"


class SigningKeyError(Exception):
    """The station's signing key is missing or does not open; the message says what to do."""


# --------------------------------------------------------------------------------------------
# Settings helpers (the ``settings`` table: key -> JSON)


def _get_setting(session: Session, key: str) -> Any:
    text = session.db.query_value("SELECT value FROM settings WHERE key = ?", (key,))
    return None if text is None else json.loads(text)


def _set_setting(session: Session, key: str, value: Any) -> None:
    session.db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


# --------------------------------------------------------------------------------------------
# The signing key, encrypted at rest


def _aad(local_station_id: str, public_key: str) -> bytes:
    return _AAD_PREFIX + local_station_id.encode("utf-8") + b"\n" + public_key.encode("ascii")


def store_signing_key(session: Session, folder: SyncFolder, key: SigningKey) -> None:
    """Keep ``key`` encrypted beside the station, its wrapping key inside the database."""
    wrap = AESGCM.generate_key(bit_length=256)
    public = encode_key(key.verify_key)
    nonce = AESGCM.generate_key(bit_length=128)[:12]
    sealed = AESGCM(wrap).encrypt(nonce, bytes(key), _aad(session.station_id, public))
    with session.transaction():
        _set_setting(session, WRAP_SETTING, base64.b64encode(wrap).decode("ascii"))
    folder.save_signing_key_file(
        {
            "format": SIGNING_KEY_FORMAT,
            "local_station_id": session.station_id,
            "public_key": public,
            "nonce": base64.b64encode(nonce).decode("ascii"),
            "ciphertext": base64.b64encode(sealed).decode("ascii"),
            "protection": "aes-256-gcm; wrapping key inside the encrypted station database",
        }
    )


def load_signing_key(session: Session, folder: SyncFolder) -> SigningKey:
    """The station's signing key (the station must be unlocked); ``SigningKeyError`` if it is
    missing or does not open."""
    document = folder.read_signing_key_file()
    wrap_text = _get_setting(session, WRAP_SETTING)
    if document is None or not isinstance(wrap_text, str):
        raise SigningKeyError(
            "This station's signing key is missing, so nothing new can be sealed for the central "
            "service. Ask the central service for a new code and enrol the station again."
        )
    try:
        if document.get("format") != SIGNING_KEY_FORMAT:
            raise ValueError("unknown format")
        public = str(document["public_key"])
        seed = AESGCM(base64.b64decode(wrap_text, validate=True)).decrypt(
            base64.b64decode(str(document["nonce"]), validate=True),
            base64.b64decode(str(document["ciphertext"]), validate=True),
            _aad(session.station_id, public),
        )
        key = SigningKey(seed)
    except (InvalidTag, KeyError, ValueError, TypeError, binascii.Error):
        log.error("signing key file does not open with this station's wrapping key")
        raise SigningKeyError(
            "This station's signing key does not open (its file may have been replaced or damaged). "
            "Ask the central service for a new code and enrol the station again."
        ) from None
    if encode_key(key.verify_key) != public:
        raise SigningKeyError("This station's signing key file is inconsistent. Enrol the station again.")
    return key


# --------------------------------------------------------------------------------------------
# The sealer


class StationSealer:
    """Seals outbox rows for the centre as they are written (see the module docstring)."""

    def __init__(
        self, session: Session, folder: SyncFolder, enrolment: Enrolment, signing_key: SigningKey
    ) -> None:
        self._session = session
        self._folder = folder
        self._enrolment = enrolment
        self._signing_key = signing_key
        self._centre_key = decode_public_key(enrolment.centre_encryption_key)

    @property
    def enrolment(self) -> Enrolment:
        """The enrolment this sealer seals for."""
        return self._enrolment

    def _assign_centre_base(self, entry: OutboxEntry) -> int | None:
        if entry.kind not in VERSIONED_KINDS:
            return None
        key = f"{CENTRE_VERSION_SETTING}{entry.kind}/{entry.resource_id}"
        last = _get_setting(self._session, key)
        last_version = int(last) if isinstance(last, int) else 0
        _set_setting(self._session, key, last_version + 1)
        return last_version or None

    def envelope(self, entry: OutboxEntry, *, base_version: int | None, sealed_at: datetime) -> bytes:
        """The sealed envelope of ``entry`` with the given centre base version."""
        return seal(
            entry.payload,
            resource_type=entry.kind,
            resource_id=entry.resource_id,
            author_id=entry.author_id,
            role=Role(entry.author_role),
            station_id=self._enrolment.station_id,
            signing_key=self._signing_key,
            centre_public_key=self._centre_key,
            base_version=base_version,
            sealed_at=sealed_at,
        )

    def seal(self, entry: OutboxEntry) -> None:
        """Seal ``entry`` inside its writing transaction (the ``OutboxSealer`` seam)."""
        session = self._session
        db = session.db
        with session.transaction():
            base = self._assign_centre_base(entry)
            now = session.now()
            envelope = self.envelope(entry, base_version=base, sealed_at=now)
            pending = self._folder.write_pending(
                seq=entry.id,
                resource_type=entry.kind,
                resource_id=entry.resource_id,
                version=entry.resource_version,
                envelope=envelope,
            )
            db.execute(
                "UPDATE outbox SET sealed_at = ? WHERE id = ? AND sealed_at IS NULL", (iso(now), entry.id)
            )
        identity = (entry.id, entry.kind, entry.resource_id, entry.resource_version)

        def promote() -> None:
            # A savepoint rolled back inside a committed transaction leaves no row: no envelope.
            if db.closed or db.query_value(
                "SELECT 1 FROM outbox WHERE id = ? AND kind = ? AND resource_id = ? AND resource_version = ?",
                identity,
            ) is None:
                pending.unlink(missing_ok=True)
                return
            self._folder.promote(pending)

        db.after_commit(promote)

    def reseal(self, entry: OutboxEntry, *, base_version: int | None) -> None:
        """Write a lost envelope again for an already sealed row (outside any transaction)."""
        envelope = self.envelope(entry, base_version=base_version, sealed_at=self._session.now())
        self._folder.write_envelope(
            seq=entry.id,
            resource_type=entry.kind,
            resource_id=entry.resource_id,
            version=entry.resource_version,
            envelope=envelope,
        )


def load_sealer(session: Session, folder: SyncFolder) -> StationSealer | None:
    """The sealer of an enrolled station (None before enrolment); ``SigningKeyError`` if enrolled
    but the key does not open, ``SyncFileError`` if the enrolment file is damaged."""
    if not folder.is_enrolled():
        return None
    enrolment = folder.enrolment()
    if enrolment.local_station_id != session.station_id:
        raise SigningKeyError(
            "The enrolment in this station folder belongs to another station (the folder was copied "
            "or restored). Enrol this station again."
        )
    return StationSealer(session, folder, enrolment, load_signing_key(session, folder))


# --------------------------------------------------------------------------------------------
# At unlock: bring the database and the outbox folder into line


def apply_acknowledgements(session: Session, outbox: Outbox, folder: SyncFolder) -> int:
    """Mark what the centre acknowledged while the station was locked (for the retention purge);
    return how many acknowledgements were applied."""
    applied = 0
    for path, items in folder.acknowledgement_files():
        with session.transaction():
            for item in items:
                outbox.acknowledge(kind=item.kind, resource_id=item.resource_id, version=item.version)
        folder.drop_acknowledgement_file(path)
        applied += len(items)
    return applied


def reconcile(session: Session, outbox: Outbox, folder: SyncFolder, sealer: StationSealer) -> dict[str, int]:
    """Seal rows written before enrolment (or while the key was unavailable), finish envelopes
    whose transaction committed before a crash, delete those whose transaction did not, and write
    again any envelope lost for a row still waiting. Returns counts by what was done."""
    counts = {"sealed": 0, "promoted": 0, "discarded": 0, "resealed": 0}
    unsealed = outbox.unsealed()
    if unsealed:
        with session.transaction():
            for entry in unsealed:
                sealer.seal(entry)
        counts["sealed"] = len(unsealed)
    pending_rows = outbox.pending()
    # Row ids of rolled-back transactions are used again: a file belongs to a row only if the
    # record and version match too.
    identities = {(e.id, e.kind, e.resource_id, e.resource_version) for e in pending_rows}
    for file in folder.pending_files():
        if (file.seq, file.resource_type, file.resource_id, file.version) in identities:
            folder.promote(file.path)
            counts["promoted"] += 1
        else:
            file.path.unlink(missing_ok=True)
            counts["discarded"] += 1
    present = {(e.seq, e.resource_type, e.resource_id, e.version) for e in folder.envelopes()} | {
        (int(q.name[:10]), q.resource_type, q.resource_id, q.version) for q in folder.quarantined()
    }
    suffixes: dict[tuple[str, str], list[OutboxEntry]] = {}
    for entry in pending_rows:
        suffixes.setdefault((entry.kind, entry.resource_id), []).append(entry)
    for entry in pending_rows:
        identity = (entry.id, entry.kind, entry.resource_id, entry.resource_version)
        if identity in present or entry.sealed_at is None:
            continue
        base: int | None = None
        if entry.kind in VERSIONED_KINDS:
            # Rows still waiting for a record are the newest of its versions (acknowledgements
            # delete from the oldest), so their centre versions are the last ones assigned.
            rows = suffixes[(entry.kind, entry.resource_id)]
            last = _get_setting(session, f"{CENTRE_VERSION_SETTING}{entry.kind}/{entry.resource_id}")
            centre_version = int(last or 0) - len(rows) + 1 + rows.index(entry)
            base = centre_version - 1 or None
        sealer.reseal(entry, base_version=base)
        counts["resealed"] += 1
    done = {k: v for k, v in counts.items() if v}
    if done:
        log.info("outbox reconciled: %s", " ".join(f"{k}={v}" for k, v in sorted(done.items())))
    return counts


# --------------------------------------------------------------------------------------------
# Audit anchors


def anchor_resource(*, resource_id: str, local_station_id: str, user_id: str, seq: int, head_hash: str,
                    recorded: str) -> dict[str, Any]:
    """A FHIR AuditEvent carrying the audit chain head (station, sequence, hash)."""
    from screening.interop.records import user_reference

    return {
        "resourceType": "AuditEvent",
        "id": resource_id,
        "type": {"system": DCM_SYSTEM, "code": "110100", "display": "Application Activity"},
        "subtype": [
            {"system": "https://waypoint-screening.example/fhir/CodeSystem/sync", "code": "audit-anchor"}
        ],
        "action": "E",
        "recorded": recorded,
        "outcome": "0",
        "agent": [{"requestor": True, "who": user_reference(local_station_id, user_id)}],
        "source": {
            "observer": {
                "identifier": {
                    "system": "https://waypoint-screening.example/fhir/NamingSystem/station",
                    "value": local_station_id,
                }
            }
        },
        "entity": [
            {
                "what": {
                    "identifier": {
                        "system": "https://waypoint-screening.example/fhir/NamingSystem/audit-chain",
                        "value": local_station_id,
                    }
                },
                "detail": [
                    {"type": "sequence", "valueString": str(seq)},
                    {"type": "head-hash", "valueString": head_hash},
                ],
            }
        ],
    }


def add_anchor(session: Session, outbox: Outbox) -> int | None:
    """Queue an audit anchor for the chain head, unless the head has not moved since the last one.
    Returns the anchored sequence number (None if nothing new)."""
    from screening.store.audit import AuditEvent

    with session.transaction() as db:
        last_seq = db.query_value("SELECT max(seq) FROM audit")
        anchored = _get_setting(session, ANCHOR_SETTING)
        if last_seq is not None and anchored is not None and int(last_seq) == int(anchored):
            return None
        seq = session.audit(AuditEvent.SYNC, details={"action": "anchor"})
        head_hash = str(db.query_value("SELECT hash FROM audit WHERE seq = ?", (seq,)))
        resource_id = str(uuid.uuid5(ANCHOR_NAMESPACE, f"{session.station_id}/audit/{seq}"))
        outbox.enqueue(
            kind="AuditEvent",
            resource_id=resource_id,
            payload=anchor_resource(
                resource_id=resource_id,
                local_station_id=session.station_id,
                user_id=session.user_id,
                seq=seq,
                head_hash=head_hash,
                recorded=session.now().isoformat(),
            ),
        )
        _set_setting(session, ANCHOR_SETTING, seq)
    log.info("audit anchor queued at sequence %d", seq)
    return seq
