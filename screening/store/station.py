"""The station: create it, unlock it, manage its users, back it up and restore it.

This is the store's front door for the services and the command line::

    recovery_key = create_station(home, name=..., agency=..., site=..., admin_id="admin1",
                                  admin_name=..., admin_passphrase=...)
    station = unlock(home, user_id="pc1234", passphrase=...)
    with station.db.transaction():
        ...                                   # repositories write here
        station.audit.append(AuditEvent.EDIT, user_id=station.user_id, ...)
    station.lock()                            # closes the database and overwrites the key

The station folder holds ``station.db`` (+ ``-wal``/``-shm``), ``station.keys.json`` (key slots),
``login-failures.json`` (back-off), ``audit-head.json`` (chain head), ``backups/`` and ``tmp/``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from screening.domain.enums import Role
from screening.paths import ensure_dir
from screening.store.audit import (
    AuditEvent,
    AuditLog,
    ChainHead,
    VerifyResult,
    head_key_from_db_key,
    write_head_file,
)
from screening.store.backup import (
    BUNDLE_SUFFIX,
    BundleManifest,
    extract_bundle,
    read_manifest,
    write_bundle,
)
from screening.store.db import Database, integrity_check_file, open_database
from screening.store.errors import (
    BackupError,
    KeySlotError,
    LoginFailedError,
    PassphrasePolicyError,
    PermissionDeniedError,
    StationDamagedError,
    StationExistsError,
    StationNotFoundError,
    StoreError,
    UserError,
    WrongKeyError,
)
from screening.store.files import atomic_write_json, make_private, read_json
from screening.store.keyslots import (
    RECOVERY_SLOT_ID,
    KdfParams,
    KeySlot,
    KeySlotFile,
    SlotKeys,
    check_passphrase,
    default_kdf,
    generate_recovery_key,
    make_slot,
    new_database_key,
    normalise_recovery_key,
    normalise_user_id,
    open_slot,
    rewrap_slot,
    spend_kdf_time,
    wipe,
)
from screening.store.migrations import migrate
from screening.store.session_lock import LOCK_FILE, SessionLock
from screening.store.throttle import LoginThrottle

log = logging.getLogger(__name__)

DB_FILE = "station.db"
SLOTS_FILE = "station.keys.json"
FAILURES_FILE = "login-failures.json"
HEAD_FILE = "audit-head.json"
RESTORE_MARKER = "restore-pending.json"

SLOT_MISMATCH_MESSAGE = (
    "Your passphrase was accepted, but the key it unlocked does not open this station's database. "
    "Your access may have been removed, or the station's key file does not match its database. "
    "Ask an administrator or IT to run `screening station check`."
)


@dataclass(frozen=True)
class StationFiles:
    """The files of a station folder."""

    home: Path

    @classmethod
    def at(cls, home: str | os.PathLike[str]) -> StationFiles:
        """The files of the station folder ``home``."""
        return cls(Path(home).expanduser().resolve())

    @property
    def database(self) -> Path:
        """The SQLCipher database."""
        return self.home / DB_FILE

    @property
    def wal(self) -> Path:
        """SQLite's write-ahead log beside it."""
        return self.home / (DB_FILE + "-wal")

    @property
    def shm(self) -> Path:
        """SQLite's shared-memory index beside it."""
        return self.home / (DB_FILE + "-shm")

    @property
    def slots(self) -> Path:
        """The key slot file."""
        return self.home / SLOTS_FILE

    @property
    def failures(self) -> Path:
        """The failed-login back-off file."""
        return self.home / FAILURES_FILE

    @property
    def audit_head(self) -> Path:
        """The audit chain-head file."""
        return self.home / HEAD_FILE

    @property
    def backups(self) -> Path:
        """Automatic backups (before migrations) and files set aside by a restore."""
        return self.home / "backups"

    @property
    def tmp(self) -> Path:
        """Private scratch space (encrypted content only)."""
        return self.home / "tmp"

    @property
    def restore_marker(self) -> Path:
        """Present while a restore is being completed."""
        return self.home / RESTORE_MARKER

    def exists(self) -> bool:
        """True if a station (database or key file) is in the folder."""
        return self.database.exists() or self.slots.exists()


@dataclass(frozen=True)
class StationInfo:
    """The station's own record."""

    id: str
    name: str
    agency: str
    site: str
    demo: bool
    created_at: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UserInfo:
    """A station user as stored in the database (the key slot lives beside it)."""

    id: str
    display_name: str
    role: Role
    created_at: str
    removed_at: str | None
    must_change: bool

    @property
    def active(self) -> bool:
        """False once the user has been removed."""
        return self.removed_at is None


@dataclass(frozen=True)
class StationCheck:
    """The outcome of ``check_station`` / ``Station.check``."""

    integrity_problems: list[str]
    audit: VerifyResult | None

    @property
    def ok(self) -> bool:
        """True when the database and the audit chain both passed."""
        return not self.integrity_problems and self.audit is not None and self.audit.ok

    def __str__(self) -> str:
        lines = ["Database: OK" if not self.integrity_problems else "Database: DAMAGED"]
        lines += [f"  - {problem}" for problem in self.integrity_problems]
        lines.append(str(self.audit) if self.audit is not None else "Audit log: not checked.")
        return "\n".join(lines)


# --- creating -----------------------------------------------------------------------------------


def create_station(
    home: str | os.PathLike[str],
    *,
    name: str,
    agency: str,
    site: str,
    admin_id: str,
    admin_name: str,
    admin_passphrase: str,
    demo: bool = False,
    kdf: KdfParams | None = None,
) -> str:
    """Create a new station in ``home`` with its first admin; return the recovery key.

    The recovery key is shown once and must be printed and kept safe: it opens the station to
    reset an admin's passphrase. Raises ``StationExistsError`` if ``home`` already holds one.
    """
    files = StationFiles.at(home)
    if files.exists():
        raise StationExistsError(
            f"There is already a station in {files.home}. Use it, or choose another folder."
        )
    admin_id = normalise_user_id(admin_id)
    check_passphrase(admin_passphrase, user_id=admin_id)
    for label, value in (("name", name), ("agency", agency), ("site", site), ("admin name", admin_name)):
        if not value.strip():
            raise UserError(f"The station {label} cannot be empty.")
    kdf = kdf or default_kdf()
    ensure_dir(files.home)
    station_id = str(uuid.uuid4())
    key = new_database_key()
    recovery_key = generate_recovery_key()
    slots = KeySlotFile(files.slots, station_id)
    admin_slot = make_slot(
        station_id=station_id, slot_id=admin_id, secret=admin_passphrase, db_key=key, kdf=kdf
    )
    recovery_slot = make_slot(
        station_id=station_id,
        slot_id=RECOVERY_SLOT_ID,
        secret=normalise_recovery_key(recovery_key),
        db_key=key,
        kdf=kdf,
        kind="recovery",
    )
    slots.put(admin_slot)
    slots.put(recovery_slot)
    created: list[Path] = []
    db: Database | None = None
    try:
        slots.save()
        created.append(files.slots)
        created += [files.database, files.wal, files.shm, files.audit_head]
        db = open_database(files.database, key, create=True)
        migrate(db, backup=None)
        now = _now_iso()
        audit = _audit_for(db, files, station_id, key)
        audit.create_head = True
        with db.transaction():
            db.execute(
                "INSERT INTO stations (id, name, agency, site, demo, settings, created_at)"
                " VALUES (?, ?, ?, ?, ?, '{}', ?)",
                (station_id, name.strip(), agency.strip(), site.strip(), int(demo), now),
            )
            db.execute(
                "INSERT INTO users (id, display_name, role, created_at, created_by, must_change)"
                " VALUES (?, ?, ?, ?, NULL, 0)",
                (admin_id, admin_name.strip(), Role.ADMIN.value, now),
            )
            for slot in (admin_slot, recovery_slot):
                db.execute(
                    "INSERT INTO slot_keys (slot_id, public_key, created_at) VALUES (?, ?, ?)",
                    (slot.slot_id, slot.public_key, now),
                )
            audit.append(
                AuditEvent.STATION_CREATE,
                user_id=admin_id,
                subjects={"station": station_id},
                details={"demo": demo},
            )
            audit.append(
                AuditEvent.USER_ADD,
                user_id=admin_id,
                subjects={"user": admin_id},
                details={"role": Role.ADMIN.value},
            )
        audit.reset_head()
        db.close()
    except BaseException:
        if db is not None:
            db.close()
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    finally:
        wipe(key)
    log.info("station %s created (demo=%s)", station_id, demo)
    return recovery_key


# --- unlocking ----------------------------------------------------------------------------------


def unlock(
    home: str | os.PathLike[str],
    *,
    user_id: str,
    passphrase: str,
    clock: Callable[[], float] = time.time,
) -> Station:
    """Open the station as ``user_id``; return an unlocked ``Station``.

    Raises ``LoginFailedError`` (the same for an unknown user and a wrong passphrase),
    ``LockedOutError`` after repeated failures, ``StationNotFoundError``, ``WrongKeyError`` if the
    key slot does not match the database, ``SchemaTooNewError``, ``StationDamagedError``.
    Pending failed attempts are written to the audit log, then a ``login`` row.
    """
    files = StationFiles.at(home)
    throttle = LoginThrottle(files.failures, clock=clock)
    try:
        canonical: str | None = normalise_user_id(user_id)
    except UserError:
        canonical = None
    station = _unlock_slot(
        files,
        throttle=throttle,
        attempt_id=user_id,
        slot_id=canonical,
        secret=passphrase,
        kind="user",
    )
    return station


def unlock_with_recovery(
    home: str | os.PathLike[str],
    *,
    recovery_key: str,
    clock: Callable[[], float] = time.time,
) -> Station:
    """Open the station with the printed recovery key.

    The returned ``Station`` can only reset an admin's passphrase (``reset_user``) and lock.
    """
    files = StationFiles.at(home)
    throttle = LoginThrottle(files.failures, clock=clock)
    return _unlock_slot(
        files,
        throttle=throttle,
        attempt_id=RECOVERY_SLOT_ID,
        slot_id=RECOVERY_SLOT_ID,
        secret=normalise_recovery_key(recovery_key),
        kind="recovery",
    )


def _unlock_slot(
    files: StationFiles,
    *,
    throttle: LoginThrottle,
    attempt_id: str,
    slot_id: str | None,
    secret: str,
    kind: str,
) -> Station:
    _finish_pending_restore_files(files)
    if not files.database.exists():
        raise StationNotFoundError(
            f"There is no station in {files.home}. Create one first, or check the station folder "
            "setting (SCREENING_HOME)."
        )
    slots = KeySlotFile.load(files.slots)
    throttle.begin_attempt(attempt_id)
    slot = slots.get(slot_id) if slot_id is not None else None
    if slot is None or slot.kind != kind:
        spend_kdf_time(slots.typical_kdf(), secret)
        log.info("login refused (no such slot)")
        raise LoginFailedError()
    keys = open_slot(slot, station_id=slots.station_id, secret=secret)
    # The passphrase is right: what follows (a damaged or mismatched database) is no failed login.
    throttle.succeeded(attempt_id)
    session = SessionLock(files.home / LOCK_FILE)
    try:
        session.acquire_shared()
        db, key, transition = _open_with_slot_keys(files, keys)
    except BaseException:
        session.release()
        keys.wipe()
        raise
    station: Station | None = None
    try:
        station = Station._open(files, db=db, key=key, slots=slots, slot=slot, session=session)
        if transition is not None:
            station._resume_rekey(transition)
        station._record_login(throttle, slots)
        station._finish_pending_restore_audit()
        problem = station.audit.check_head()
        if problem is not None:
            station.warnings.append(problem)
            log.error("audit head check at unlock: %s", problem)
    except BaseException:
        if station is not None:
            station._close_quietly()
        else:
            db.close()
            wipe(key)
            session.release()
        raise
    finally:
        keys.wipe()
    return station


@dataclass
class _RekeyTransition:
    """A rekey interrupted by a crash, to finish at unlock."""

    old_key: bytearray
    new_key: bytearray
    database_rekeyed: bool


def _open_with_slot_keys(
    files: StationFiles, keys: SlotKeys
) -> tuple[Database, bytearray, _RekeyTransition | None]:
    """Open the database with the slot's key, or its ``next`` key if a rekey was interrupted."""
    try:
        db = open_database(files.database, keys.db_key)
    except WrongKeyError as first:
        if keys.next_db_key is None:
            log.error("slot key does not open the database")
            raise WrongKeyError(SLOT_MISMATCH_MESSAGE) from first
        try:
            db = open_database(files.database, keys.next_db_key)
        except WrongKeyError as second:
            raise WrongKeyError(SLOT_MISMATCH_MESSAGE) from second
        key = bytearray(keys.next_db_key)
        return db, key, _RekeyTransition(bytearray(keys.db_key), bytearray(keys.next_db_key), True)
    if keys.next_db_key is not None:
        key = bytearray(keys.db_key)
        return db, key, _RekeyTransition(bytearray(keys.db_key), bytearray(keys.next_db_key), False)
    return db, bytearray(keys.db_key), None


# --- the unlocked station -------------------------------------------------------------------------


class Station:
    """An unlocked station: the open database, its key, the audit log and the user.

    Create with ``unlock`` / ``unlock_with_recovery``. Call ``lock()`` when done (or use it as a
    context manager); after that every operation raises.
    """

    def __init__(
        self,
        files: StationFiles,
        *,
        db: Database,
        key: bytearray,
        info: StationInfo,
        user: UserInfo | None,
        slot: KeySlot,
        session: SessionLock,
    ) -> None:
        self.files = files
        self._session = session
        self.db = db
        self._key = key
        self.info = info
        self.user = user
        self._slot = slot
        self.audit = _audit_for(db, files, info.id, key)
        self.warnings: list[str] = []

    @classmethod
    def _open(
        cls,
        files: StationFiles,
        *,
        db: Database,
        key: bytearray,
        slots: KeySlotFile,
        slot: KeySlot,
        session: SessionLock,
    ) -> Station:
        def backup(from_version: int, to_version: int) -> Path:
            ensure_dir(files.backups)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            target = files.backups / f"pre-migration-v{from_version}-to-v{to_version}-{stamp}{BUNDLE_SUFFIX}"
            _write_backup(db, key, slots.station_id, files, target)
            return target

        result = migrate(db, backup=backup)
        info = _load_info(db)
        if info.id != slots.station_id:
            raise KeySlotError(
                "The station's key file belongs to a different station than its database. "
                "Restore both from the same backup."
            )
        user: UserInfo | None = None
        if slot.kind == "user":
            user = _load_user(db, slot.slot_id)
            if user is None or not user.active:
                log.info("login refused (user removed or missing in database)")
                raise LoginFailedError()
            if user.must_change != slot.must_change:
                # The slot is authenticated; the column is a copy for listings.
                with db.transaction():
                    db.execute(
                        "UPDATE users SET must_change = ? WHERE id = ?",
                        (int(slot.must_change), user.id),
                    )
                user = replace(user, must_change=slot.must_change)
        station = cls(files, db=db, key=key, info=info, user=user, slot=slot, session=session)
        if result.migrated:
            station.audit.append(
                AuditEvent.MIGRATE,
                user_id=station.actor_id,
                details={
                    "from_version": result.from_version,
                    "to_version": result.to_version,
                    "backup": result.backup.name if result.backup else None,
                },
            )
        return station

    # --- identity ---

    @property
    def station_id(self) -> str:
        """The station's id (a UUID)."""
        return self.info.id

    @property
    def is_recovery(self) -> bool:
        """True when opened with the recovery key (only admin passphrase resets are allowed)."""
        return self._slot.kind == "recovery"

    @property
    def user_id(self) -> str:
        """The logged-in user's id (raises for a recovery session)."""
        if self.user is None:
            raise PermissionDeniedError("The station was opened with the recovery key, not as a user.")
        return self.user.id

    @property
    def actor_id(self) -> str:
        """Who acts, for audit rows: the user id, or ``#recovery``."""
        return self.user.id if self.user is not None else RECOVERY_SLOT_ID

    @property
    def must_change_passphrase(self) -> bool:
        """True after an admin reset: the user must choose a new passphrase before working."""
        return self._slot.must_change

    @property
    def locked(self) -> bool:
        """True after ``lock()``."""
        return self.db.closed

    def derive_key(self, purpose: str) -> bytes:
        """A 32-byte key for ``purpose`` derived from the database key (HKDF-SHA256).

        Changes when the database is rekeyed (a user removed).
        """
        self._require_open()
        return HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=self.station_id.encode("utf-8"),
            info=b"screening station subkey v1: " + purpose.encode("utf-8"),
        ).derive(bytes(self._key))

    # --- locking ---

    def lock(self) -> None:
        """Record the ``lock`` event, close the database and overwrite the key in memory."""
        if self.db.closed:
            return
        try:
            self.audit.append(AuditEvent.LOCK, user_id=self.actor_id)
            self.audit.flush_head()
        except StoreError:
            log.exception("could not record the lock event")
        finally:
            self._close_quietly()
        log.info("station locked")

    def _close_quietly(self) -> None:
        try:
            self.db.close()
        except Exception:
            log.exception("error while closing the station database")
        finally:
            wipe(self._key)
            self._session.release()

    def __enter__(self) -> Station:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    def _require_open(self) -> None:
        if self.db.closed:
            raise PermissionDeniedError("The station is locked. Unlock it again to continue.")

    def _require_admin(self) -> None:
        self._require_open()
        if self.user is None or self.user.role != Role.ADMIN:
            raise PermissionDeniedError("Only an administrator can manage users.")

    # --- passphrases ---

    def confirm_passphrase(self, passphrase: str, *, clock: Callable[[], float] = time.time) -> None:
        """Check the logged-in user's passphrase again (e.g. to sign a finalisation).

        Raises ``LoginFailedError`` / ``LockedOutError``; failures count towards the back-off.
        """
        self._require_open()
        throttle = LoginThrottle(self.files.failures, clock=clock)
        user_id = self.user_id
        throttle.begin_attempt(user_id)
        slots = KeySlotFile.load(self.files.slots)
        slot = slots.get(user_id)
        if slot is None:
            raise LoginFailedError()
        open_slot(slot, station_id=self.station_id, secret=passphrase).wipe()
        throttle.succeeded(user_id)

    def change_passphrase(
        self,
        *,
        current_passphrase: str,
        new_passphrase: str,
        kdf: KdfParams | None = None,
    ) -> None:
        """Replace the logged-in user's passphrase (clears ``must_change``)."""
        self.confirm_passphrase(current_passphrase)
        user_id = self.user_id
        check_passphrase(new_passphrase, user_id=user_id)
        if new_passphrase == current_passphrase:
            raise PassphrasePolicyError("The new passphrase must differ from the current one.")
        slot = make_slot(
            station_id=self.station_id,
            slot_id=user_id,
            secret=new_passphrase,
            db_key=self._key,
            kdf=kdf or self._slot.kdf,
        )
        self._save_slot(slot)
        with self.db.transaction():
            self._store_public_key(slot)
            self.db.execute("UPDATE users SET must_change = 0 WHERE id = ?", (user_id,))
            self.audit.append(AuditEvent.PASSPHRASE_CHANGE, user_id=user_id, subjects={"user": user_id})
        self._slot = slot
        if self.user is not None:
            self.user = replace(self.user, must_change=False)
        log.info("passphrase changed for user %s", user_id)

    # --- users ---

    def list_users(self, *, include_removed: bool = False) -> list[UserInfo]:
        """Station users, by id."""
        self._require_open()
        rows = self.db.query(
            "SELECT * FROM users" + ("" if include_removed else " WHERE removed_at IS NULL") + " ORDER BY id"
        )
        return [_user_from_row(row) for row in rows]

    def get_user(self, user_id: str) -> UserInfo | None:
        """One user (also a removed one), or None."""
        self._require_open()
        return _load_user(self.db, normalise_user_id(user_id))

    def add_user(
        self,
        *,
        user_id: str,
        display_name: str,
        role: Role | str,
        passphrase: str,
        must_change: bool = True,
        kdf: KdfParams | None = None,
    ) -> UserInfo:
        """Add a user with an initial passphrase (by default to be changed at first login)."""
        self._require_admin()
        user_id = normalise_user_id(user_id)
        role = Role(role)
        if not display_name.strip():
            raise UserError("A user needs a display name.")
        if _load_user(self.db, user_id) is not None:
            raise UserError(
                f"The user id {user_id} is already used on this station (perhaps by a removed "
                "user). Choose another."
            )
        check_passphrase(passphrase, user_id=user_id)
        slot = make_slot(
            station_id=self.station_id,
            slot_id=user_id,
            secret=passphrase,
            db_key=self._key,
            kdf=kdf or default_kdf(),
            must_change=must_change,
        )
        self._save_slot(slot)
        try:
            with self.db.transaction():
                self.db.execute(
                    "INSERT INTO users (id, display_name, role, created_at, created_by, must_change)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (user_id, display_name.strip(), role.value, _now_iso(), self.actor_id, int(must_change)),
                )
                self._store_public_key(slot)
                self.audit.append(
                    AuditEvent.USER_ADD,
                    user_id=self.actor_id,
                    subjects={"user": user_id},
                    details={"role": role.value, "must_change": must_change},
                )
        except BaseException:
            self._drop_slot(user_id)
            raise
        log.info("user %s added (role %s)", user_id, role.value)
        user = _load_user(self.db, user_id)
        assert user is not None
        return user

    def reset_user(
        self,
        *,
        user_id: str,
        temporary_passphrase: str | None = None,
        kdf: KdfParams | None = None,
    ) -> str:
        """Give ``user_id`` a temporary passphrase they must change at next login; return it.

        Admins may reset anyone; a recovery session may reset admins only. Also lifts any
        failed-login lock on that user id.
        """
        self._require_open()
        user_id = normalise_user_id(user_id)
        target = _load_user(self.db, user_id)
        if target is None or not target.active:
            raise UserError(f"There is no active user {user_id} on this station.")
        if self.is_recovery:
            if target.role != Role.ADMIN:
                raise PermissionDeniedError("The recovery key can only reset an administrator's passphrase.")
        else:
            self._require_admin()
        if temporary_passphrase is None:
            temporary_passphrase = generate_temporary_passphrase()
        check_passphrase(temporary_passphrase, user_id=user_id)
        slot = make_slot(
            station_id=self.station_id,
            slot_id=user_id,
            secret=temporary_passphrase,
            db_key=self._key,
            kdf=kdf or default_kdf(),
            must_change=True,
        )
        self._save_slot(slot)
        with self.db.transaction():
            self.db.execute("UPDATE users SET must_change = 1 WHERE id = ?", (user_id,))
            self._store_public_key(slot)
            self.audit.append(
                AuditEvent.USER_RESET,
                user_id=self.actor_id,
                subjects={"user": user_id},
                details={"by_recovery_key": self.is_recovery},
            )
        LoginThrottle(self.files.failures).clear(user_id)
        if self.user is not None and self.user.id == user_id:
            self._slot = slot
            self.user = replace(self.user, must_change=True)
        log.info("passphrase of user %s reset", user_id)
        return temporary_passphrase

    def remove_user(self, *, user_id: str) -> None:
        """Remove a user: the database is rekeyed and the remaining slots re-wrapped.

        Afterwards the removed user's passphrase opens nothing, even with a copy of the old key
        file. (Backups made before the removal still open with the slots they contain.)
        """
        self._require_admin()
        user_id = normalise_user_id(user_id)
        if user_id == self.user_id:
            raise UserError("You cannot remove yourself. Ask another administrator.")
        target = _load_user(self.db, user_id)
        if target is None or not target.active:
            raise UserError(f"There is no active user {user_id} on this station.")
        if target.role == Role.ADMIN:
            admins = self.db.query_value(
                "SELECT count(*) FROM users WHERE role = 'admin' AND removed_at IS NULL"
            )
            if int(admins) <= 1:
                raise UserError("The last administrator cannot be removed.")
        slots = KeySlotFile.load(self.files.slots)
        self._check_slot_public_keys(slots, skip=user_id)
        if not self._session.try_exclusive():
            raise UserError(
                "Someone else has this station open (perhaps in another session on this PC). "
                "Ask them to lock it, then remove the user again."
            )
        try:
            self._remove_and_rekey(user_id, slots)
        finally:
            self._session.downgrade()
        LoginThrottle(self.files.failures).clear(user_id)
        log.info("user %s removed; database rekeyed", user_id)

    def _remove_and_rekey(self, user_id: str, slots: KeySlotFile) -> None:
        old_key = bytearray(self._key)
        new_key = new_database_key()
        try:
            # 1. Drop the slot and give every remaining slot the next key as well.
            slots.remove(user_id)
            for slot in slots:
                slots.put(rewrap_slot(slot, station_id=self.station_id, db_key=old_key, next_db_key=new_key))
            slots.save()
            # 2. Record the removal under the old key.
            with self.db.transaction():
                self.db.execute(
                    "UPDATE users SET removed_at = ?, removed_by = ?, must_change = 0 WHERE id = ?",
                    (_now_iso(), self.actor_id, user_id),
                )
                self.db.execute("DELETE FROM slot_keys WHERE slot_id = ?", (user_id,))
                self.audit.append(
                    AuditEvent.USER_REMOVE,
                    user_id=self.actor_id,
                    subjects={"user": user_id},
                    details={"rekeyed": True},
                )
            self.audit.flush_head()
            # 3-5. Rekey, re-MAC the head, promote the next key in every slot.
            self._finish_rekey(_RekeyTransition(old_key, bytearray(new_key), False), slots=slots)
        finally:
            wipe(old_key)
            wipe(new_key)

    def regenerate_recovery_key(self, *, kdf: KdfParams | None = None) -> str:
        """Replace the recovery key (the old one stops working); return the new one to print."""
        self._require_admin()
        recovery_key = generate_recovery_key()
        slot = make_slot(
            station_id=self.station_id,
            slot_id=RECOVERY_SLOT_ID,
            secret=normalise_recovery_key(recovery_key),
            db_key=self._key,
            kdf=kdf or default_kdf(),
            kind="recovery",
        )
        self._save_slot(slot)
        with self.db.transaction():
            self._store_public_key(slot)
            self.audit.append(AuditEvent.RECOVERY_KEY_CHANGE, user_id=self.actor_id)
        return recovery_key

    # --- checks, backup ---

    def integrity_check(self) -> list[str]:
        """Readable problems found by ``cipher_integrity_check`` and ``integrity_check``."""
        self._require_open()
        return self.db.integrity_check()

    def verify_audit(self) -> VerifyResult:
        """Walk the audit chain (see ``AuditLog.verify``)."""
        self._require_open()
        return self.audit.verify()

    def check(self) -> StationCheck:
        """Database integrity and audit chain together (``screening station check``)."""
        problems = self.integrity_check()
        audit = None
        if not problems:
            audit = self.verify_audit()
        return StationCheck(problems, audit)

    def backup(self, destination: str | os.PathLike[str]) -> Path:
        """Write an encrypted backup bundle to ``destination`` and audit it; return its path.

        The bundle still needs a passphrase (or the recovery key) of this moment to open.
        If ``destination`` is a folder, a dated file name is chosen inside it.
        """
        self._require_open()
        target = Path(destination).expanduser()
        if target.is_dir():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            target = target / f"station-{stamp}{BUNDLE_SUFFIX}"
        if target.exists():
            raise BackupError(f"{target} already exists. Choose a new file name.")
        self.audit.flush_head()
        manifest = _write_backup(self.db, self._key, self.station_id, self.files, target)
        self.audit.append(
            AuditEvent.BACKUP,
            user_id=self.actor_id,
            details={"audit_seq": manifest.audit_seq, "schema_version": manifest.schema_version},
        )
        log.info("backup written")
        return target

    # --- internals ---

    def _save_slot(self, slot: KeySlot) -> None:
        slots = KeySlotFile.load(self.files.slots)
        if slots.station_id != self.station_id:
            raise KeySlotError("The station's key file belongs to a different station.")
        slots.put(slot)
        slots.save()

    def _drop_slot(self, slot_id: str) -> None:
        with contextlib.suppress(StoreError, OSError):
            slots = KeySlotFile.load(self.files.slots)
            slots.remove(slot_id)
            slots.save()

    def _store_public_key(self, slot: KeySlot) -> None:
        self.db.execute(
            "INSERT INTO slot_keys (slot_id, public_key, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (slot_id) DO UPDATE SET public_key = excluded.public_key,"
            " created_at = excluded.created_at",
            (slot.slot_id, slot.public_key, _now_iso()),
        )

    def _check_slot_public_keys(self, slots: KeySlotFile, *, skip: str) -> None:
        known = {
            str(row["slot_id"]): bytes(row["public_key"]) for row in self.db.query("SELECT * FROM slot_keys")
        }
        for slot in slots:
            if slot.slot_id == skip:
                continue
            if known.get(slot.slot_id) != slot.public_key:
                log.error("key file slot %s does not match the database's record", slot.slot_id)
                raise KeySlotError(
                    "The station's key file does not match the keys this station issued (it may "
                    "have been altered). Nothing was changed. Ask IT to run `screening station check`."
                )

    def _resume_rekey(self, transition: _RekeyTransition) -> None:
        """Finish a rekey a crash interrupted, if no other session still uses the old key."""
        if transition.database_rekeyed:
            self._finish_rekey(transition)
            return
        if not self._session.try_exclusive():
            wipe(transition.old_key)
            wipe(transition.new_key)
            log.warning("interrupted rekey not finished: other sessions are open")
            self.warnings.append(
                "A user removal is not finished because the station is open elsewhere; it will "
                "finish at a later login."
            )
            return
        try:
            self._finish_rekey(transition)
        finally:
            self._session.downgrade()

    def _finish_rekey(self, transition: _RekeyTransition, *, slots: KeySlotFile | None = None) -> None:
        """Complete a rekey: database, head MAC, then slots (each step safe to repeat)."""
        try:
            if not transition.database_rekeyed:
                self.db.rekey(transition.new_key)
            self.audit.rekey_head(
                head_key_from_db_key(transition.old_key, self.station_id),
                head_key_from_db_key(transition.new_key, self.station_id),
            )
            slots = slots or KeySlotFile.load(self.files.slots)
            for slot in slots:
                slots.put(rewrap_slot(slot, station_id=self.station_id, db_key=transition.new_key))
            slots.save()
            self._key[:] = transition.new_key
            self._slot = slots.get(self._slot.slot_id) or self._slot
        finally:
            wipe(transition.old_key)
            wipe(transition.new_key)
        log.info("rekey completed")

    def _record_login(self, throttle: LoginThrottle, slots: KeySlotFile) -> None:
        known = [slot_id for slot_id in slots.slot_ids() if slot_id != RECOVERY_SLOT_ID]
        failures = throttle.take_pending(known)
        with self.db.transaction():
            for failure in failures:
                self.audit.append(
                    AuditEvent.LOGIN_FAILED,
                    user_id=failure.user_id,
                    subjects={"user": failure.user_id} if failure.user_id else {},
                    details={
                        "attempted_at": _iso_from_epoch(failure.at),
                        "attempts": failure.count,
                        "unknown_user": failure.user_id is None,
                    },
                )
            self.audit.append(
                AuditEvent.RECOVER if self.is_recovery else AuditEvent.LOGIN,
                user_id=self.actor_id,
                details={"must_change": self._slot.must_change},
            )

    def _finish_pending_restore_audit(self) -> None:
        marker = self.files.restore_marker
        if not marker.exists():
            return
        try:
            data = read_json(marker)
        except (OSError, ValueError):
            data = {}
        details = data.get("audit", {}) if isinstance(data, dict) else {}
        self.audit.append(AuditEvent.RESTORE, user_id=self.actor_id, details=details)
        self.audit.reset_head()
        staging = data.get("staging") if isinstance(data, dict) else None
        if isinstance(staging, str):
            shutil.rmtree(staging, ignore_errors=True)
        marker.unlink()
        log.info("restore recorded in the audit log")


# --- restore -------------------------------------------------------------------------------------


def restore_station(
    home: str | os.PathLike[str],
    backup_file: str | os.PathLike[str],
    *,
    user_id: str,
    passphrase: str,
    force: bool = False,
    clock: Callable[[], float] = time.time,
) -> Station:
    """Replace the station in ``home`` with the backup and return it unlocked as ``user_id``.

    ``user_id`` and ``passphrase`` must open the backup (they are checked before anything is
    replaced). Refuses, unless ``force``, to overwrite a station with newer data or a different
    station. The replaced files are kept in ``backups/replaced-<time>/``. The restore is recorded in
    the audit log (event ``restore``) and the chain head reset to the restored chain.
    """
    files = StationFiles.at(home)
    source = Path(backup_file).expanduser()
    manifest = read_manifest(source)
    ensure_dir(files.home)
    ensure_dir(files.tmp)
    staging = files.tmp / f"restore-{secrets.token_hex(6)}"
    bundle = extract_bundle(source, staging)
    session = SessionLock(files.home / LOCK_FILE)
    try:
        _check_bundle_opens(
            bundle.folder,
            manifest,
            user_id=user_id,
            passphrase=passphrase,
            throttle=LoginThrottle(files.failures, clock=clock),
        )
        previous = _current_head_summary(files)
        if files.exists() and not force:
            _refuse_if_newer(previous, manifest)
        details: dict[str, Any] = {
            "backup_station_id": manifest.station_id,
            "backup_created_at": manifest.created_at,
            "backup_audit_seq": manifest.audit_seq,
            "backup_audit_hash": manifest.audit_hash,
            "replaced_audit_seq": previous.get("seq"),
            "replaced_audit_hash": previous.get("hash"),
            "replaced_station_id": previous.get("station_id"),
            "forced": force,
        }
        if files.exists():
            if not session.try_exclusive():
                raise BackupError(
                    "The station is open (perhaps in another session on this PC). Ask everyone to "
                    "lock it, then restore again."
                )
            details["replaced_files"] = _set_aside_current(files).name
        marker = {"staging": str(staging), "audit": details}
        atomic_write_json(files.restore_marker, marker)
    except BaseException:
        bundle.remove()
        raise
    finally:
        session.release()
    _finish_pending_restore_files(files)
    log.info("backup files restored; unlocking")
    return unlock(files.home, user_id=user_id, passphrase=passphrase, clock=clock)


def _check_bundle_opens(
    folder: Path,
    manifest: BundleManifest,
    *,
    user_id: str,
    passphrase: str,
    throttle: LoginThrottle,
) -> None:
    slots = KeySlotFile.load(folder / "station.keys.json")
    if slots.station_id != manifest.station_id:
        raise BackupError("The backup's key file and description disagree: the backup is damaged.")
    throttle.begin_attempt(user_id)
    try:
        canonical: str | None = normalise_user_id(user_id)
    except UserError:
        canonical = None
    slot = slots.get(canonical) if canonical else None
    if slot is None or slot.kind != "user":
        spend_kdf_time(slots.typical_kdf(), passphrase)
        raise LoginFailedError()
    keys = open_slot(slot, station_id=slots.station_id, secret=passphrase)
    throttle.succeeded(user_id)
    try:
        problems = integrity_check_file(folder / "station.db", keys.db_key)
        if problems:
            raise BackupError("The backup is damaged: " + "; ".join(problems))
        db = open_database(folder / "station.db", keys.db_key)
        try:
            info = _load_info(db)
            if info.id != manifest.station_id:
                raise BackupError("The backup's database and description disagree: the backup is damaged.")
            audit = AuditLog(
                db,
                station_id=info.id,
                head_path=folder / "audit-head.json",
                head_key=head_key_from_db_key(keys.db_key, info.id),
            )
            result = audit.verify()
            if not result.ok:
                raise BackupError(f"The backup's audit log does not verify: {result.problem}")
        finally:
            db.close()
    except WrongKeyError as exc:
        raise BackupError("The backup's key file does not open its database: the backup is damaged.") from exc
    finally:
        keys.wipe()


def _current_head_summary(files: StationFiles) -> dict[str, Any]:
    """The live chain head as stored (MAC not checkable without the key)."""
    try:
        data = read_json(files.audit_head)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: data.get(key) for key in ("station_id", "seq", "hash")}


def _refuse_if_newer(previous: dict[str, Any], manifest: BundleManifest) -> None:
    if not previous or not isinstance(previous.get("seq"), int):
        raise BackupError(
            "The station here cannot tell how recent its data is, so the backup was not restored. "
            "Restore with --force to replace it anyway (its files are kept in backups/)."
        )
    if previous.get("station_id") != manifest.station_id:
        raise BackupError(
            "This backup is of a different station than the one here. Restore with --force to "
            "replace it anyway (its files are kept in backups/)."
        )
    seq = int(previous["seq"])
    if seq > manifest.audit_seq or (
        seq == manifest.audit_seq and previous.get("hash") != manifest.audit_hash
    ):
        raise BackupError(
            f"The station here has newer data than this backup (audit row {seq} against "
            f"{manifest.audit_seq}). Nothing was changed. Restore with --force to replace it anyway "
            "(its files are kept in backups/)."
        )


def _set_aside_current(files: StationFiles) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = ensure_dir(files.backups / f"replaced-{stamp}")
    for path in (files.database, files.wal, files.shm, files.slots, files.audit_head):
        if path.exists():
            os.replace(path, kept / path.name)
    return kept


def _finish_pending_restore_files(files: StationFiles) -> None:
    """Move staged restore files into place (idempotent; the audit row is written at unlock)."""
    marker = files.restore_marker
    if not marker.exists():
        return
    try:
        data = read_json(marker)
        staging = Path(str(data["staging"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(
            "A restore was interrupted and its record is unreadable. Ask IT to restore again."
        ) from exc
    staged_db = staging / "station.db"
    if staged_db.exists():
        for path in (files.wal, files.shm):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    for name, target in (
        ("station.db", files.database),
        ("station.keys.json", files.slots),
        ("audit-head.json", files.audit_head),
    ):
        staged = staging / name
        if staged.exists():
            os.replace(staged, target)
            make_private(target)


# --- check without a full unlock -----------------------------------------------------------------


def check_station(
    home: str | os.PathLike[str],
    *,
    user_id: str,
    passphrase: str,
    clock: Callable[[], float] = time.time,
) -> StationCheck:
    """``screening station check``: integrity of the database and of the audit chain.

    Works even when the database is too damaged to open normally: then only the page checks run.
    """
    try:
        station = unlock(home, user_id=user_id, passphrase=passphrase, clock=clock)
    except (StationDamagedError, WrongKeyError):
        files = StationFiles.at(home)
        slots = KeySlotFile.load(files.slots)
        slot = slots.get(normalise_user_id(user_id))
        if slot is None:
            raise LoginFailedError() from None
        keys = open_slot(slot, station_id=slots.station_id, secret=passphrase)
        try:
            problems = integrity_check_file(files.database, keys.db_key)
            if not problems and keys.next_db_key is not None:
                problems = integrity_check_file(files.database, keys.next_db_key)
        finally:
            keys.wipe()
        return StationCheck(problems or ["The database could not be opened."], None)
    with station:
        return station.check()


# --- helpers -------------------------------------------------------------------------------------


def generate_temporary_passphrase() -> str:
    """A random temporary passphrase: four groups of four letters/digits (about 80 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def _audit_for(db: Database, files: StationFiles, station_id: str, key: bytes | bytearray) -> AuditLog:
    return AuditLog(
        db,
        station_id=station_id,
        head_path=files.audit_head,
        head_key=head_key_from_db_key(key, station_id),
    )


def _write_backup(
    db: Database, key: bytearray, station_id: str, files: StationFiles, target: Path
) -> BundleManifest:
    ensure_dir(files.tmp)
    work = files.tmp / f"backup-{secrets.token_hex(6)}"
    work.mkdir(mode=0o700)
    try:
        copy = work / "station.db"
        db.export_encrypted(copy, key)
        copy_db = open_database(copy, key)
        try:
            schema = copy_db.schema_version()
            last = copy_db.query_one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        finally:
            copy_db.close()
        seq = 0 if last is None else int(last["seq"])
        digest = None if last is None else str(last["hash"])
        head_json = b""
        if last is not None:
            head_path = work / "audit-head.json"
            write_head_file(
                head_path, head_key_from_db_key(key, station_id), ChainHead(station_id, seq, str(digest))
            )
            head_json = head_path.read_bytes()
        manifest = BundleManifest(
            station_id=station_id,
            created_at=_now_iso(),
            schema_version=schema,
            audit_seq=seq,
            audit_hash=digest,
        )
        write_bundle(
            target,
            database_copy=copy,
            slots_json=files.slots.read_bytes(),
            head_json=head_json,
            manifest=manifest,
        )
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _load_info(db: Database) -> StationInfo:
    row = db.query_one("SELECT * FROM stations")
    if row is None:
        raise KeySlotError("The station database has no station record: it is incomplete.")
    return StationInfo(
        id=str(row["id"]),
        name=str(row["name"]),
        agency=str(row["agency"]),
        site=str(row["site"]),
        demo=bool(row["demo"]),
        created_at=str(row["created_at"]),
        settings=json.loads(row["settings"]),
    )


def _load_user(db: Database, user_id: str) -> UserInfo | None:
    row = db.query_one("SELECT * FROM users WHERE id = ?", (user_id,))
    return None if row is None else _user_from_row(row)


def _user_from_row(row: Any) -> UserInfo:
    return UserInfo(
        id=str(row["id"]),
        display_name=str(row["display_name"]),
        role=Role(row["role"]),
        created_at=str(row["created_at"]),
        removed_at=row["removed_at"],
        must_change=bool(row["must_change"]),
    )


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _iso_from_epoch(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


__all__ = [
    "Station",
    "StationCheck",
    "StationFiles",
    "StationInfo",
    "UserInfo",
    "check_station",
    "create_station",
    "generate_temporary_passphrase",
    "restore_station",
    "unlock",
    "unlock_with_recovery",
]
