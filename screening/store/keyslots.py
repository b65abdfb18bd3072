"""Per-user key slots: who may open the station database, and how.

The database key is 32 random bytes. Each user (and the printed recovery key) has a slot in a
JSON file beside the database:

    passphrase --Argon2id(salt)--> key-encryption key (32 bytes)
    key-encryption key --AES-GCM, associated data = station id + slot id--> slot's X25519 private key
    X25519(ephemeral, slot public key) --HKDF--> wrapping key
    wrapping key --AES-GCM, associated data = station id + slot id--> database key

The X25519 step is what lets an administrator remove a user: the database is rekeyed and the new
key is wrapped for every remaining slot using only their public keys, without knowing their
passphrases. A removed user keeps nothing that opens the new key, so a copied slot file stops
working. Binding the slot id into the associated data means a slot moved to another user id does
not open.

During a rekey a slot may hold ``next_db_key`` too (the key the database is being moved to); the
station facade finishes an interrupted rekey at the next unlock.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from screening.store.errors import KeySlotError, LoginFailedError, PassphrasePolicyError, UserError
from screening.store.files import atomic_write_json, read_json

log = logging.getLogger(__name__)

FILE_FORMAT = "screening-keyslots"
FILE_VERSION = 1
DB_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
MIN_PASSPHRASE_LENGTH = 12
MAX_PASSPHRASE_LENGTH = 1024
RECOVERY_SLOT_ID = "#recovery"
TEST_KDF_ENV = "SCREENING_INSECURE_TEST_KDF"

_USER_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
_HKDF_INFO = b"screening keyslot db-key v1"

SlotKind = Literal["user", "recovery"]


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters. ``memory_kib`` is in KiB; the output is always a 32-byte key."""

    time_cost: int
    memory_kib: int
    parallelism: int
    algorithm: Literal["argon2id"] = "argon2id"
    version: int = 19

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        """Derive a 32-byte key from ``secret`` and ``salt``."""
        if self.algorithm != "argon2id" or self.version != 19:
            raise KeySlotError("The key slot uses a key-derivation method this version does not know.")
        return hash_secret_raw(
            secret=secret,
            salt=salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=DB_KEY_BYTES,
            type=Type.ID,
            version=self.version,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored in a slot."""
        return {
            "algorithm": self.algorithm,
            "version": self.version,
            "time_cost": self.time_cost,
            "memory_kib": self.memory_kib,
            "parallelism": self.parallelism,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> KdfParams:
        """Parse the JSON form, refusing unknown algorithms and absurd values."""
        try:
            params = cls(
                time_cost=int(data["time_cost"]),
                memory_kib=int(data["memory_kib"]),
                parallelism=int(data["parallelism"]),
                algorithm=data["algorithm"],
                version=int(data["version"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise KeySlotError("A key slot's key-derivation settings are malformed.") from exc
        if params.algorithm != "argon2id" or params.version != 19:
            raise KeySlotError("A key slot uses a key-derivation method this version does not know.")
        if not (
            1 <= params.time_cost <= 64
            and 8 * params.parallelism <= params.memory_kib <= 4 * 1024 * 1024
            and 1 <= params.parallelism <= 64
        ):
            raise KeySlotError("A key slot's key-derivation settings are out of range.")
        return params


# ~0.36 s on the 2-core reference machine (Debian 12, Python 3.11): inside the 0.2-0.5 s budget.
PRODUCTION_KDF = KdfParams(time_cost=3, memory_kib=128 * 1024, parallelism=2)
# Fast and worthless as protection: for tests only.
INSECURE_TEST_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


def default_kdf() -> KdfParams:
    """The parameters for new slots: production, unless ``SCREENING_INSECURE_TEST_KDF=1`` is set.

    The environment switch exists so command-line tests running in subprocesses stay fast; it is
    logged loudly whenever it is used.
    """
    if os.environ.get(TEST_KDF_ENV, "") == "1":
        log.warning("%s=1: new key slots use INSECURE test key-derivation settings", TEST_KDF_ENV)
        return INSECURE_TEST_KDF
    return PRODUCTION_KDF


# --- user ids, passphrases, recovery keys -------------------------------------------------------


def normalise_user_id(raw: str) -> str:
    """Return the canonical (lower-case, trimmed) user id, or raise ``UserError`` if malformed.

    User ids are 1-64 characters of ``a-z 0-9 . _ @ -`` starting with a letter or digit.
    """
    user_id = raw.strip().lower()
    if not _USER_ID_RE.fullmatch(user_id):
        raise UserError(
            "A user id is 1 to 64 letters, digits, dots, dashes, underscores or @, "
            "starting with a letter or digit."
        )
    return user_id


def check_passphrase(passphrase: str, *, user_id: str | None = None) -> None:
    """Raise ``PassphrasePolicyError`` unless ``passphrase`` may be used as a new passphrase."""
    text = unicodedata.normalize("NFC", passphrase)
    if len(text.strip()) < MIN_PASSPHRASE_LENGTH:
        raise PassphrasePolicyError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters. "
            "A few unrelated words make one that is easy to remember."
        )
    if len(text) > MAX_PASSPHRASE_LENGTH:
        raise PassphrasePolicyError(f"A passphrase can be at most {MAX_PASSPHRASE_LENGTH} characters.")
    if user_id is not None and text.strip().lower() == user_id.lower():
        raise PassphrasePolicyError("A passphrase must not be the same as the user id.")


def passphrase_bytes(passphrase: str) -> bytes:
    """The bytes fed to Argon2id: NFC-normalised UTF-8 so every keyboard's input matches."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


_B32_FIXES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def generate_recovery_key() -> str:
    """A new random recovery key (160 bits) as eight groups of four base32 letters and digits."""
    text = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(text: str) -> str:
    """Canonical form of a typed recovery key: upper case, no spaces or dashes, 0/1/8 read as O/I/B."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    cleaned = cleaned.translate(_B32_FIXES)
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


# --- slots ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrappedKey:
    """A database key encrypted to a slot's public key (ephemeral X25519 + HKDF + AES-GCM)."""

    ephemeral_public: bytes
    nonce: bytes
    ciphertext: bytes

    def to_json(self) -> dict[str, str]:
        """The JSON form stored in the slot file."""
        return {
            "ephemeral_public": _b64(self.ephemeral_public),
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WrappedKey:
        """Parse the JSON form (``KeySlotError`` if malformed)."""
        return cls(
            ephemeral_public=_unb64(data["ephemeral_public"]),
            nonce=_unb64(data["nonce"]),
            ciphertext=_unb64(data["ciphertext"]),
        )


@dataclass(frozen=True)
class KeySlot:
    """One user's (or the recovery key's) slot. Holds no secret in the clear."""

    slot_id: str
    kind: SlotKind
    kdf: KdfParams
    salt: bytes
    must_change: bool
    public_key: bytes
    private_nonce: bytes
    private_ciphertext: bytes
    db_key: WrappedKey
    next_db_key: WrappedKey | None = None
    created_at: str = field(default_factory=lambda: _now_iso())

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored in the slot file."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "kdf": self.kdf.to_json(),
            "salt": _b64(self.salt),
            "must_change": self.must_change,
            "public_key": _b64(self.public_key),
            "private_key": {
                "nonce": _b64(self.private_nonce),
                "ciphertext": _b64(self.private_ciphertext),
            },
            "db_key": self.db_key.to_json(),
            "created_at": self.created_at,
        }
        if self.next_db_key is not None:
            data["next_db_key"] = self.next_db_key.to_json()
        return data

    @classmethod
    def from_json(cls, slot_id: str, data: Mapping[str, Any]) -> KeySlot:
        """Parse the JSON form (``KeySlotError`` if malformed)."""
        try:
            kind = data["kind"]
            if kind not in ("user", "recovery"):
                raise ValueError(kind)
            next_raw = data.get("next_db_key")
            return cls(
                slot_id=slot_id,
                kind=kind,
                kdf=KdfParams.from_json(data["kdf"]),
                salt=_unb64(data["salt"]),
                must_change=bool(data["must_change"]),
                public_key=_unb64(data["public_key"]),
                private_nonce=_unb64(data["private_key"]["nonce"]),
                private_ciphertext=_unb64(data["private_key"]["ciphertext"]),
                db_key=WrappedKey.from_json(data["db_key"]),
                next_db_key=WrappedKey.from_json(next_raw) if next_raw is not None else None,
                created_at=str(data.get("created_at", "")),
            )
        except KeySlotError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise KeySlotError("A key slot in the station's key file is malformed.") from exc


@dataclass
class SlotKeys:
    """What a successful unwrap yields. Overwrite with ``wipe()`` when done."""

    db_key: bytearray
    next_db_key: bytearray | None

    def wipe(self) -> None:
        """Overwrite the key bytes in place."""
        wipe(self.db_key)
        if self.next_db_key is not None:
            wipe(self.next_db_key)


def wipe(buffer: bytearray) -> None:
    """Overwrite a key buffer with zeros (best effort: Python may hold other copies)."""
    for i in range(len(buffer)):
        buffer[i] = 0


def new_database_key() -> bytearray:
    """32 fresh random bytes for a database key."""
    return bytearray(secrets.token_bytes(DB_KEY_BYTES))


def make_slot(
    *,
    station_id: str,
    slot_id: str,
    secret: str,
    db_key: bytes | bytearray,
    kdf: KdfParams,
    must_change: bool = False,
    kind: SlotKind = "user",
) -> KeySlot:
    """Create a slot opening ``db_key`` with ``secret`` (a passphrase or a recovery key).

    The caller checks the passphrase policy; this function only does the cryptography.
    """
    if len(db_key) != DB_KEY_BYTES:
        raise ValueError("the database key must be 32 bytes")
    private = X25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    salt = secrets.token_bytes(SALT_BYTES)
    kek = kdf.derive(passphrase_bytes(secret), salt)
    nonce = secrets.token_bytes(NONCE_BYTES)
    private_raw = private.private_bytes_raw()
    aad = _private_aad(station_id, slot_id, kind, must_change, public, kdf)
    sealed_private = AESGCM(kek).encrypt(nonce, private_raw, aad)
    return KeySlot(
        slot_id=slot_id,
        kind=kind,
        kdf=kdf,
        salt=salt,
        must_change=must_change,
        public_key=public,
        private_nonce=nonce,
        private_ciphertext=sealed_private,
        db_key=_wrap_to(public, db_key, _db_key_aad(station_id, slot_id, "db-key")),
    )


def open_slot(slot: KeySlot, *, station_id: str, secret: str) -> SlotKeys:
    """Unwrap the database key(s) held by ``slot`` with ``secret``.

    Raises ``LoginFailedError`` when the secret is wrong or the slot was altered or moved.
    """
    kek = slot.kdf.derive(passphrase_bytes(secret), slot.salt)
    aad = _private_aad(station_id, slot.slot_id, slot.kind, slot.must_change, slot.public_key, slot.kdf)
    try:
        private_raw = AESGCM(kek).decrypt(slot.private_nonce, slot.private_ciphertext, aad)
        private = X25519PrivateKey.from_private_bytes(private_raw)
        if private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) != slot.public_key:
            raise InvalidTag()
        db_key = _unwrap_with(private, slot.db_key, _db_key_aad(station_id, slot.slot_id, "db-key"))
        next_key = None
        if slot.next_db_key is not None:
            next_key = _unwrap_with(
                private, slot.next_db_key, _db_key_aad(station_id, slot.slot_id, "next-db-key")
            )
    except (InvalidTag, ValueError) as exc:
        raise LoginFailedError() from exc
    return SlotKeys(db_key=db_key, next_db_key=next_key)


def rewrap_slot(
    slot: KeySlot,
    *,
    station_id: str,
    db_key: bytes | bytearray,
    next_db_key: bytes | bytearray | None = None,
) -> KeySlot:
    """Return ``slot`` with its database key(s) wrapped afresh, using only its public key."""
    return replace(
        slot,
        db_key=_wrap_to(slot.public_key, db_key, _db_key_aad(station_id, slot.slot_id, "db-key")),
        next_db_key=(
            _wrap_to(slot.public_key, next_db_key, _db_key_aad(station_id, slot.slot_id, "next-db-key"))
            if next_db_key is not None
            else None
        ),
    )


def spend_kdf_time(kdf: KdfParams, secret: str) -> None:
    """Run the key derivation and discard the result.

    Used for unknown user ids so that they take as long to refuse as a wrong passphrase.
    """
    kdf.derive(passphrase_bytes(secret), b"\0" * SALT_BYTES)


def _wrap_to(public: bytes, key: bytes | bytearray, aad: bytes) -> WrappedKey:
    if len(key) != DB_KEY_BYTES:
        raise ValueError("the database key must be 32 bytes")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    wrapping_key = _hkdf(shared, ephemeral_public + public)
    nonce = secrets.token_bytes(NONCE_BYTES)
    return WrappedKey(
        ephemeral_public=ephemeral_public,
        nonce=nonce,
        ciphertext=AESGCM(wrapping_key).encrypt(nonce, bytes(key), aad),
    )


def _unwrap_with(private: X25519PrivateKey, wrapped: WrappedKey, aad: bytes) -> bytearray:
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = private.exchange(X25519PublicKey.from_public_bytes(wrapped.ephemeral_public))
    wrapping_key = _hkdf(shared, wrapped.ephemeral_public + public)
    key = bytearray(AESGCM(wrapping_key).decrypt(wrapped.nonce, wrapped.ciphertext, aad))
    if len(key) != DB_KEY_BYTES:
        raise InvalidTag()
    return key


def _hkdf(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO).derive(shared)


def _private_aad(
    station_id: str,
    slot_id: str,
    kind: str,
    must_change: bool,
    public_key: bytes,
    kdf: KdfParams,
) -> bytes:
    return _canonical(
        {
            "purpose": "private-key",
            "format": FILE_VERSION,
            "station_id": station_id,
            "slot_id": slot_id,
            "kind": kind,
            "must_change": must_change,
            "public_key": _b64(public_key),
            "kdf": kdf.to_json(),
        }
    )


def _db_key_aad(station_id: str, slot_id: str, purpose: str) -> bytes:
    return _canonical(
        {"purpose": purpose, "format": FILE_VERSION, "station_id": station_id, "slot_id": slot_id}
    )


# --- the slot file -------------------------------------------------------------------------------


class KeySlotFile:
    """The station's key slot file: ``{station_id, slots: {slot id: slot}}``.

    Change it in memory (``put``, ``remove``) and ``save()`` it; every save is atomic.
    """

    def __init__(self, path: Path, station_id: str, slots: Mapping[str, KeySlot] | None = None):
        self.path = path
        self.station_id = station_id
        self._slots: dict[str, KeySlot] = dict(slots or {})

    @classmethod
    def load(cls, path: Path) -> KeySlotFile:
        """Read and check the slot file at ``path``."""
        try:
            data = read_json(path)
        except FileNotFoundError as exc:
            raise KeySlotError(
                "The station's key file is missing, so nobody can open the station. Restore it from a backup."
            ) from exc
        except (OSError, ValueError) as exc:
            raise KeySlotError("The station's key file cannot be read. Restore it from a backup.") from exc
        if (
            not isinstance(data, dict)
            or data.get("format") != FILE_FORMAT
            or not isinstance(data.get("slots"), dict)
            or not isinstance(data.get("station_id"), str)
        ):
            raise KeySlotError("The station's key file is not in the expected format.")
        if data.get("version") != FILE_VERSION:
            raise KeySlotError("The station's key file was written by a different version of the app.")
        slots = {str(slot_id): KeySlot.from_json(str(slot_id), raw) for slot_id, raw in data["slots"].items()}
        return cls(path, data["station_id"], slots)

    def save(self) -> None:
        """Write the file atomically (0o600, fsync, rename, fsync folder)."""
        atomic_write_json(self.path, self.to_json())

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored in the slot file."""
        return {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "station_id": self.station_id,
            "slots": {slot_id: slot.to_json() for slot_id, slot in sorted(self._slots.items())},
        }

    def get(self, slot_id: str) -> KeySlot | None:
        """The slot for ``slot_id``, or None."""
        return self._slots.get(slot_id)

    def put(self, slot: KeySlot) -> None:
        """Add or replace a slot (in memory)."""
        self._slots[slot.slot_id] = slot

    def remove(self, slot_id: str) -> None:
        """Drop a slot (in memory)."""
        self._slots.pop(slot_id, None)

    def __iter__(self) -> Iterator[KeySlot]:
        return iter(list(self._slots.values()))

    def __contains__(self, slot_id: object) -> bool:
        return slot_id in self._slots

    def slot_ids(self) -> list[str]:
        """All slot ids, sorted."""
        return sorted(self._slots)

    def typical_kdf(self) -> KdfParams:
        """The KDF settings most slots use (to make refusals of unknown ids take as long)."""
        for slot in self._slots.values():
            if slot.kind == "user":
                return slot.kdf
        return default_kdf()


# --- helpers -------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
