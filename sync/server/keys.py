"""The centre's key pairs: one Curve25519 pair stations seal envelopes to, one Ed25519 pair that
signs what the centre publishes (forms, the flag registry, directives).

They live as four files in one folder (``--keys DIR`` or ``SCREENING_CENTRAL_KEYS``): the private
keys readable by the service's user only (0600), the public keys beside them. Losing the encryption
key means no station's outbox can be read; replacing it means re-enrolling every station. So
:func:`init_keys` never overwrites.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey
from nacl.signing import SigningKey

from sync.protocol import CentrePublicKeys, decode_key_bytes, encode_key, key_id

log = logging.getLogger(__name__)

ENCRYPTION_KEY_FILE = "centre-encryption.key"
SIGNING_KEY_FILE = "centre-signing.key"
ENCRYPTION_PUB_FILE = "centre-encryption.pub"
SIGNING_PUB_FILE = "centre-signing.pub"


class KeysError(RuntimeError):
    """The key folder is missing, incomplete, unreadable or would be overwritten."""


@dataclass(frozen=True)
class CentreKeys:
    """The centre's private keys (and, derived from them, the public ones stations get)."""

    encryption: PrivateKey
    signing: SigningKey

    def public(self) -> CentrePublicKeys:
        """What an enrolling station receives."""
        return CentrePublicKeys(
            encryption_key=encode_key(self.encryption.public_key),
            encryption_key_id=key_id(self.encryption.public_key),
            signing_key=encode_key(self.signing.verify_key),
            signing_key_id=key_id(self.signing.verify_key),
        )


def _write_new(path: Path, text: str, mode: int) -> None:
    """Write a file that must not exist yet, with ``mode`` from the first byte, and sync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)
        os.write(fd, text.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def init_keys(folder: Path) -> CentreKeys:
    """Create the centre's two key pairs in ``folder`` (made 0700 if new). Refuses to overwrite."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    existing = [name for name in (ENCRYPTION_KEY_FILE, SIGNING_KEY_FILE) if (folder / name).exists()]
    if existing:
        raise KeysError(
            f"{folder} already holds centre keys ({', '.join(existing)}); replacing them would cut off "
            "every enrolled station, so they are left as they are"
        )
    keys = CentreKeys(encryption=PrivateKey.generate(), signing=SigningKey.generate())
    written: list[Path] = []
    try:
        for name, text, mode in (
            (ENCRYPTION_KEY_FILE, encode_key(keys.encryption), 0o600),
            (SIGNING_KEY_FILE, encode_key(keys.signing), 0o600),
            (ENCRYPTION_PUB_FILE, encode_key(keys.encryption.public_key), 0o644),
            (SIGNING_PUB_FILE, encode_key(keys.signing.verify_key), 0o644),
        ):
            _write_new(folder / name, text + "\n", mode)
            written.append(folder / name)
    except OSError:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    log.info(
        "centre keys created: encryption %s, signing %s",
        key_id(keys.encryption.public_key),
        key_id(keys.signing.verify_key),
    )
    return keys


def _read_private(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeysError(
            f"{path} is missing: run `screening-central keys init --keys {path.parent}`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeysError(f"{path} cannot be read: {exc}") from None
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        log.warning("%s is readable by other users; it should be 0600", path.name)
    try:
        return decode_key_bytes(text)
    except ValueError as exc:
        raise KeysError(f"{path} does not hold a key: {exc}") from None


def load_keys(folder: Path) -> CentreKeys:
    """The centre's keys from ``folder``; :class:`KeysError` saying what to do if they are not there."""
    return CentreKeys(
        encryption=PrivateKey(_read_private(folder / ENCRYPTION_KEY_FILE)),
        signing=SigningKey(_read_private(folder / SIGNING_KEY_FILE)),
    )
