"""Exceptions raised by the store.

Every message says what happened and what to do, in plain words, and names no person: it may be
shown to the user as it is. Details for IT go to the log (ids only).
"""

from __future__ import annotations

LOGIN_FAILED_MESSAGE = "The user id or passphrase is not right. Check both and try again."


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""


class StationNotFoundError(StoreError):
    """There is no station in the folder given."""


class StationExistsError(StoreError):
    """A station already exists where a new one was to be created."""


class LoginFailedError(StoreError):
    """Unknown user or wrong passphrase. Deliberately the same error (and message) for both."""

    def __init__(self, message: str = LOGIN_FAILED_MESSAGE) -> None:
        super().__init__(message)


class LockedOutError(LoginFailedError):
    """Too many failed attempts for this user id; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        seconds = int(self.retry_after + 0.999)
        super().__init__(
            f"Too many failed attempts. Wait {_duration(seconds)} and try again, "
            "or ask an administrator to reset the passphrase."
        )


class PassphrasePolicyError(StoreError):
    """A new passphrase does not meet the rules (at least 12 characters)."""


class KeySlotError(StoreError):
    """The key slot file is missing, unreadable or malformed."""


class WrongKeyError(StoreError):
    """The key does not open the database.

    Raised by ``db.open_database``. Through the station facade it means the key slot file does not
    belong to this database (for example an old copy, made before a user was removed), or page 1 of
    the database is damaged.
    """


class StationDamagedError(StoreError):
    """The database file is damaged (a page failed its authentication check or is malformed)."""


class StationIOError(StoreError):
    """The station's files could not be read or written (disk full, permissions, device error)."""


class StationBusyError(StoreError):
    """Another program holds the station database locked for longer than we waited."""


class PragmaDriftError(StoreError):
    """A security or durability setting of the database connection is not what the store requires."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer version of the app."""


class MigrationError(StoreError):
    """Upgrading the database schema failed; the database is unchanged (and a backup was made)."""


class PermissionDeniedError(StoreError):
    """The user's role does not allow this operation."""


class UserError(StoreError):
    """A user administration request cannot be done (unknown user, last admin, bad user id...)."""


class BackupError(StoreError):
    """A backup file could not be written, or a restore was refused or failed."""


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
