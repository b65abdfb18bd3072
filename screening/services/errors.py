"""Errors the services raise, and the store's errors they let through, for the UI to catch.

Every message says what happened and what to do, in plain words, and names no person: the UI may
show it as it is. The log gets ids only.

The UI never imports ``screening.store``, so the store's errors that can reach it (a damaged or
busy database, a wrong passphrase, a lock-out) are re-exported here; catch ``USER_ERRORS`` to
show any of them.
"""

from __future__ import annotations

from screening.store.errors import (
    LockedOutError,
    LoginFailedError,
    PassphrasePolicyError,
    StationBusyError,
    StationDamagedError,
    StationIOError,
    StoreError,
)

__all__ = [
    "USER_ERRORS",
    "IncompleteError",
    "InvalidAnswerError",
    "InvalidInputError",
    "LockedOutError",
    "LoginFailedError",
    "NotAllowedError",
    "NotFoundError",
    "PassphrasePolicyError",
    "PassphraseRejectedError",
    "ServiceError",
    "StaleRecordError",
    "StationBusyError",
    "StationDamagedError",
    "StationIOError",
    "StationLockedError",
    "StoreError",
    "WrongStateError",
]


class ServiceError(Exception):
    """Base class of every error the services raise on purpose (its message is for the user)."""


class NotFoundError(ServiceError):
    """The record asked for is not on this station (or was purged or discarded)."""


class NotAllowedError(ServiceError):
    """The user's role, or their relation to the record, does not allow this."""


class WrongStateError(ServiceError):
    """The record is not in a state that allows this (e.g. changing a finalised screening)."""


class InvalidInputError(ServiceError):
    """What was entered is not valid; ``problems`` maps each field to what is wrong with it."""

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems: dict[str, str] = dict(problems or {})


class InvalidAnswerError(InvalidInputError):
    """An answer of the wrong kind for its question (e.g. an option the question does not have)."""


class IncompleteError(ServiceError):
    """A screening cannot be completed yet: ``missing`` and ``invalid`` name the items."""

    def __init__(self, message: str, *, missing: tuple[str, ...], invalid: dict[str, str]) -> None:
        super().__init__(message)
        self.missing = missing
        self.invalid = dict(invalid)


class PassphraseRejectedError(ServiceError):
    """The passphrase typed to sign did not match; nothing was changed."""


class StaleRecordError(ServiceError):
    """The record changed since it was read (another user saved first); reload and try again."""


class StationLockedError(ServiceError):
    """The station locked itself (idle) or was locked; unlock to continue where you were."""


USER_ERRORS: tuple[type[Exception], ...] = (ServiceError, StoreError)
"""Everything whose message may be shown to the user as it is."""
