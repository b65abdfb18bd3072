"""The encrypted station store: SQLCipher database, key slots, migrations, audit chain.

Services use the facade in ``screening.store.station`` (``create_station``, ``unlock``,
``Station``); ``Station.db`` is the open ``Database`` (``transaction()``, ``query``, ``execute``) and
``Station.audit`` the ``AuditLog``. Errors are in ``screening.store.errors``. Never imported by
``screening.ui``.
"""

from screening.store.audit import AuditEvent, AuditLog, AuditRecord, VerifyResult
from screening.store.db import Database
from screening.store.errors import (
    BackupError,
    KeySlotError,
    LockedOutError,
    LoginFailedError,
    MigrationError,
    PassphrasePolicyError,
    PermissionDeniedError,
    PragmaDriftError,
    SchemaTooNewError,
    StationBusyError,
    StationDamagedError,
    StationExistsError,
    StationIOError,
    StationNotFoundError,
    StoreError,
    UserError,
    WrongKeyError,
)
from screening.store.keyslots import INSECURE_TEST_KDF, PRODUCTION_KDF, KdfParams
from screening.store.migrations import SCHEMA_VERSION
from screening.store.station import (
    Station,
    StationCheck,
    StationFiles,
    StationInfo,
    UserInfo,
    check_station,
    create_station,
    restore_station,
    unlock,
    unlock_with_recovery,
)

__all__ = [
    "INSECURE_TEST_KDF",
    "PRODUCTION_KDF",
    "SCHEMA_VERSION",
    "AuditEvent",
    "AuditLog",
    "AuditRecord",
    "BackupError",
    "Database",
    "KdfParams",
    "KeySlotError",
    "LockedOutError",
    "LoginFailedError",
    "MigrationError",
    "PassphrasePolicyError",
    "PermissionDeniedError",
    "PragmaDriftError",
    "SchemaTooNewError",
    "Station",
    "StationBusyError",
    "StationCheck",
    "StationDamagedError",
    "StationExistsError",
    "StationFiles",
    "StationIOError",
    "StationInfo",
    "StationNotFoundError",
    "StoreError",
    "UserError",
    "UserInfo",
    "VerifyResult",
    "WrongKeyError",
    "check_station",
    "create_station",
    "restore_station",
    "unlock",
    "unlock_with_recovery",
]
