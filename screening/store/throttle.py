"""Failed-login back-off that survives restarts.

After 5 consecutive failures for a user id, further attempts are refused for 30 s, doubling with
each further failure up to 15 minutes. Unknown user ids are throttled exactly like known ones, so
the behaviour does not reveal which ids exist.

The state lives in a small JSON file beside the database. It holds no names and no typed text:
each user id is stored as a salted SHA-256, with a count, the time of the last failure, and the
times of failures not yet written to the audit log. The station facade hands those to the audit
log at the next successful unlock (``take_pending``).

Each attempt is recorded as a failure *before* the passphrase is checked and withdrawn on success,
so killing the app during the (deliberately slow) check does not give free attempts.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.store.errors import LockedOutError, UserError
from screening.store.files import atomic_write_json, read_json
from screening.store.keyslots import normalise_user_id

log = logging.getLogger(__name__)

FILE_FORMAT = "screening-login-failures"
FILE_VERSION = 1
FREE_FAILURES = 4  # the 5th consecutive failure starts the first lock
FIRST_LOCK_SECONDS = 30.0
MAX_LOCK_SECONDS = 15 * 60.0
MAX_PENDING_PER_ID = 50
_MALFORMED_BUCKET = "#malformed"


def lock_seconds(failures: int) -> float:
    """How long the account is refused after ``failures`` consecutive failures."""
    if failures <= FREE_FAILURES:
        return 0.0
    return float(min(FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES - 1), MAX_LOCK_SECONDS))


@dataclass(frozen=True)
class FailedLogin:
    """Failed attempts to hand to the audit log.

    ``user_id`` is the id if it is a known one, else None. ``count`` is more than 1 only for
    attempts beyond the number the file keeps individually (then ``at`` is the earliest time kept).
    """

    user_id: str | None
    at: float
    count: int = 1


class LoginThrottle:
    """Reads and updates the failure file; every method re-reads it, so processes share it."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock

    def check(self, user_id: str) -> None:
        """Raise ``LockedOutError`` if ``user_id`` must wait before trying again."""
        state = self._load()
        entry = state["entries"].get(self._bucket(state, user_id))
        if entry is None:
            return
        remaining = self._remaining(entry)
        if remaining > 0:
            raise LockedOutError(remaining)

    def begin_attempt(self, user_id: str) -> None:
        """Check the lock, then record this attempt as a failure until ``succeeded`` is called."""
        state = self._load()
        bucket = self._bucket(state, user_id)
        entry = state["entries"].setdefault(bucket, {"count": 0, "last": 0.0, "pending": []})
        remaining = self._remaining(entry)
        if remaining > 0:
            raise LockedOutError(remaining)
        now = self._clock()
        entry["count"] = int(entry["count"]) + 1
        entry["last"] = now
        pending = entry.setdefault("pending", [])
        pending.append(now)
        if len(pending) > MAX_PENDING_PER_ID:
            entry["dropped"] = int(entry.get("dropped", 0)) + len(pending) - MAX_PENDING_PER_ID
            del pending[: len(pending) - MAX_PENDING_PER_ID]
        self._save(state)
        log.info("login attempt recorded (consecutive failures now %d)", entry["count"])

    def succeeded(self, user_id: str) -> None:
        """Withdraw the failure recorded by ``begin_attempt`` and reset the count."""
        state = self._load()
        bucket = self._bucket(state, user_id)
        entry = state["entries"].get(bucket)
        if entry is None:
            return
        pending = entry.get("pending", [])
        if pending:
            pending.pop()
        entry["count"] = 0
        if not pending and not entry.get("dropped"):
            del state["entries"][bucket]
        self._save(state)

    def clear(self, user_id: str) -> None:
        """Lift the lock on ``user_id`` (after an admin reset); unaudited failures are kept."""
        state = self._load()
        entry = state["entries"].get(self._bucket(state, user_id))
        if entry is None:
            return
        entry["count"] = 0
        self._save(state)

    def take_pending(self, known_user_ids: Iterable[str]) -> list[FailedLogin]:
        """Return every failure not yet audited (oldest first) and forget them.

        Failures for ids not in ``known_user_ids`` come back with ``user_id=None``. Counts (and so
        any running lock) are kept; only the list of times to audit is cleared.
        """
        state = self._load()
        by_bucket = {self._bucket(state, uid): uid for uid in known_user_ids}
        failures: list[FailedLogin] = []
        changed = False
        for bucket, entry in list(state["entries"].items()):
            user_id = by_bucket.get(bucket)
            pending = entry.get("pending", [])
            dropped = int(entry.get("dropped", 0))
            failures.extend(FailedLogin(user_id, float(at)) for at in pending)
            if dropped:
                first = float(pending[0]) if pending else float(entry.get("last", 0.0))
                failures.append(FailedLogin(user_id, first, dropped))
            if pending or dropped:
                changed = True
                entry["pending"] = []
                entry.pop("dropped", None)
            if entry.get("count", 0) == 0:
                del state["entries"][bucket]
        if changed:
            self._save(state)
        failures.sort(key=lambda failure: failure.at)
        return failures

    def failure_count(self, user_id: str) -> int:
        """Consecutive failures recorded for ``user_id``."""
        state = self._load()
        entry = state["entries"].get(self._bucket(state, user_id))
        return int(entry["count"]) if entry else 0

    # --- internals ---

    def _remaining(self, entry: dict[str, Any]) -> float:
        wait = lock_seconds(int(entry.get("count", 0)))
        if wait <= 0:
            return 0.0
        elapsed = self._clock() - float(entry.get("last", 0.0))
        # A clock set backwards never makes the wait longer than the lock itself.
        return min(wait, wait - elapsed) if elapsed >= 0 else wait

    def _bucket(self, state: dict[str, Any], user_id: str) -> str:
        try:
            canonical = normalise_user_id(user_id)
        except UserError:
            # Typed text that cannot be a user id (a passphrase in the wrong box, say) is never
            # stored, not even hashed.
            return _MALFORMED_BUCKET
        salt = base64.b64decode(state["salt"])
        return hashlib.sha256(salt + canonical.encode("utf-8")).hexdigest()

    def _load(self) -> dict[str, Any]:
        try:
            data = read_json(self.path)
        except FileNotFoundError:
            data = None
        except (OSError, ValueError):
            log.warning("login failure file unreadable; starting afresh")
            data = None
        if (
            isinstance(data, dict)
            and data.get("format") == FILE_FORMAT
            and data.get("version") == FILE_VERSION
            and isinstance(data.get("entries"), dict)
            and isinstance(data.get("salt"), str)
        ):
            return data
        if data is not None:
            log.warning("login failure file has an unexpected format; starting afresh")
        return {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "salt": base64.b64encode(secrets.token_bytes(16)).decode("ascii"),
            "entries": {},
        }

    def _save(self, state: dict[str, Any]) -> None:
        atomic_write_json(self.path, state)
