"""The session every service works in: the unlocked station, who is using it, the forms, the clock.

One ``Session`` per unlock. When the station locks (idle, or the user locks it) every service
call raises ``StationLockedError``; after the same user unlocks again, ``Services.resume`` carries
on with the new ``Station`` (the UI remembers where the user was).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from screening.checklist.loader import CompiledForm, FormLibrary
from screening.checklist.model import FlagRegistry
from screening.domain.dates import utc_now
from screening.domain.enums import Role
from screening.services.errors import NotAllowedError, NotFoundError, StationLockedError
from screening.store.audit import AuditEvent
from screening.store.db import Database
from screening.store.station import Station

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
"""Returns the current instant, timezone-aware (``domain.dates.utc_now`` unless a test injects one)."""

LOCKED_MESSAGE = "The station is locked. Unlock it with your passphrase to carry on where you were."
CHANGE_PASSPHRASE_MESSAGE = (
    "Your passphrase was reset by an administrator. Choose a new passphrase before working with "
    "records."
)


def iso(moment: datetime) -> str:
    """A stored timestamp: UTC, microseconds, ``Z`` (the store's convention)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """The aware datetime of a stored timestamp."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Session:
    """An unlocked station with its logged-in user, the form library and a clock."""

    def __init__(self, station: Station, library: FormLibrary, *, clock: Clock = utc_now) -> None:
        if station.user is None:
            raise NotAllowedError(
                "The station was opened with the recovery key. Reset the administrator's "
                "passphrase, then log in as a user to work with records."
            )
        self.station = station
        self.library = library
        self.clock = clock
        self.user_id: str = station.user.id
        self.role: Role = Role(station.user.role)

    # --- the station ---

    @property
    def db(self) -> Database:
        """The open database; ``StationLockedError`` once the station has locked, and
        ``NotAllowedError`` while the user still has to replace a temporary passphrase."""
        if self.station.locked:
            raise StationLockedError(LOCKED_MESSAGE)
        if self.station.must_change_passphrase:
            raise NotAllowedError(CHANGE_PASSPHRASE_MESSAGE)
        return self.station.db

    @property
    def station_id(self) -> str:
        """The station's id."""
        return self.station.station_id

    @property
    def locked(self) -> bool:
        """True once the station has locked (the services then refuse to work)."""
        return self.station.locked

    def now(self) -> datetime:
        """The current instant from the session's clock (aware, UTC)."""
        moment = self.clock()
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("the clock must return timezone-aware datetimes")
        return moment.astimezone(UTC)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One transaction on the station database (nested use joins the outer one)."""
        with self.db.transaction() as db:
            yield db

    def audit(
        self,
        event: AuditEvent,
        *,
        subjects: Mapping[str, Any] | None = None,
        details: Mapping[str, Any] | None = None,
        values: tuple[Any, Any] | None = None,
        at: datetime | None = None,
    ) -> int:
        """Append an audit row as the logged-in user (in the caller's transaction, if any).

        ``subjects`` and ``details`` hold ids and codes only; old and new values go in
        ``values`` (the purgeable table). The time is the session clock's unless given.
        """
        if self.station.locked:
            raise StationLockedError(LOCKED_MESSAGE)
        return self.station.audit.append(
            event,
            user_id=self.user_id,
            subjects=subjects,
            details=details,
            values=values,
            at=at or self.now(),
        )

    # --- forms ---

    def form(self, form_id: str, version: str | None = None) -> CompiledForm:
        """A form version from the library; ``NotFoundError`` if this station does not have it."""
        try:
            return self.library.get(form_id, version)
        except KeyError:
            log.error("form %s version %s not in the library", form_id, version)
            raise NotFoundError(
                f"This station does not have the form '{form_id}'"
                + (f" version {version}" if version else "")
                + ". Ask IT to update the app's forms."
            ) from None

    def registry(self, version: str) -> FlagRegistry:
        """The flag registry a screening pinned; ``NotFoundError`` if it is not this station's."""
        registry = self.library.registry
        if registry.version != version:
            log.error("flag registry %s pinned, library has %s", version, registry.version)
            raise NotFoundError(
                f"This screening was evaluated with flag definitions version {version}, which this "
                "station does not have. Ask IT to update the app's forms."
            )
        return registry

    # --- rules ---

    def require(self, allowed: bool, message: str) -> None:
        """Raise ``NotAllowedError(message)`` unless ``allowed`` (and log the refusal, ids only)."""
        if not allowed:
            log.info("refused for user %s (role %s)", self.user_id, self.role.value)
            raise NotAllowedError(message)
