"""The pseudonymisation key: HMAC-SHA256 keys for the reporting store, kept outside the database.

The key is 32 random bytes in a file beside the centre's other keys (``--keys DIR``), readable by
the service's user only (0600). Whoever holds the database alone cannot link a reporting row to a
synced record, even by hashing every record id they can see, because they lack the key. Replacing
the key re-pseudonymises everything: the reporting store records the key's fingerprint and refuses
to mix rows made with another key until ``screening-central report rebuild`` has run.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

KEY_FILE = "reporting-pseudonym.key"
_KEY_BYTES = 32
DAY_SHIFT_RANGE = 365
"""Each person's day numbers are shifted by a secret offset in [-365, 365] days."""


class PseudonymKeyError(RuntimeError):
    """The key file is unreadable or malformed."""


@dataclass(frozen=True)
class PseudonymKey:
    """Keyed hashing for the reporting store."""

    secret: bytes

    def __post_init__(self) -> None:
        if len(self.secret) != _KEY_BYTES:
            raise PseudonymKeyError(f"a pseudonymisation key is {_KEY_BYTES} bytes")

    def digest(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 (hex) of ``value`` for one ``purpose`` (the purposes never share values)."""
        message = f"{purpose}\x1f{value}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    @property
    def fingerprint(self) -> str:
        """Names the key without revealing it (stored in the reporting store's state)."""
        return self.digest("fingerprint", "reporting-pseudonym-key")[:16]

    def record_key(self, resource_type: str, resource_id: str) -> str:
        """The pseudonym of one synced record."""
        return self.digest("record", f"{resource_type}/{resource_id}")

    def subject_key(self, patient_id: str) -> str:
        """The pseudonym of one station's person record (a Patient resource)."""
        return self.digest("subject", patient_id)

    def person_key(self, token: str) -> str:
        """The pseudonym of a person, from their best identifier token (see the builder)."""
        return self.digest("person", token)

    def day_shift(self, person_key: str) -> int:
        """The secret offset added to this person's day numbers (the same for all their rows)."""
        raw = int(self.digest("day-shift", person_key)[:8], 16)
        return raw % (2 * DAY_SHIFT_RANGE + 1) - DAY_SHIFT_RANGE

    def extract_key(self, audience: str, person_key: str) -> str:
        """A person's pseudonym in an extract for ``audience`` (a researcher): extracts given to
        different researchers cannot be joined on it."""
        return self.digest(f"extract:{audience}", person_key)[:20]


def load_or_create(folder: Path) -> PseudonymKey:
    """The key in ``folder``; created (0600, never overwritten) the first time it is needed.

    The file appears whole or not at all (written aside, then hard-linked into place), so two
    workers starting together both end up with the same key.
    """
    path = folder / KEY_FILE
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        _create(folder, path)
        return load_or_create(folder)
    except (OSError, UnicodeDecodeError) as exc:
        raise PseudonymKeyError(f"{path} cannot be read: {exc}") from None
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        log.warning("%s is readable by other users; it should be 0600", path.name)
    try:
        return PseudonymKey(bytes.fromhex(text.strip()))
    except ValueError:
        raise PseudonymKeyError(f"{path} does not hold a {_KEY_BYTES}-byte hex key") from None


def _create(folder: Path, path: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = folder / f".{KEY_FILE}.{os.getpid()}.{os.urandom(4).hex()}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (os.urandom(_KEY_BYTES).hex() + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return  # another process made it first: use theirs
    finally:
        temporary.unlink()
    log.info("reporting pseudonymisation key created in %s", folder)
