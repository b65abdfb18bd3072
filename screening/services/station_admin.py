"""The station itself, for the desktop app: is there one, create one (or a demo one), who may log
in, unlock and resume, manage users, read and verify the audit trail.

The UI never imports ``screening.store``; these thin wrappers are what it calls instead (on its
database worker, like every other service). They return pydantic objects and raise the errors in
``services.errors`` (``USER_ERRORS``).

The login picker
----------------
Who the station's users are lives inside the encrypted database, so before anyone logs in the
app cannot read it. Two things beside the database are readable without a key:

- the key-slot file names every user id that can unlock the station (it has to, to find the
  slot); that list is authoritative, so a removed user disappears from the picker at once;
- ``login-roster.json``, written here after every unlock and every change to the users: the
  station's name, whether it is a demo station, and each active user's id and display name.

Staff ids and display names on the login screen of a shared PC are normal and expected; the
roster holds nothing about the people screened, no roles and no secrets. It is advisory only:
whether a station is a demo station is decided by the flag inside the encrypted database (set
once, at creation), which the app reads after unlock and writes back into the roster. A roster
edited to say "demo" only shows the fixed demo passphrases, which open nothing on a production
station.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from screening.checklist.loader import FormLibrary
from screening.domain.dates import utc_now
from screening.domain.enums import Role
from screening.services.core import Services
from screening.services.errors import (
    LockedOutError,
    LoginFailedError,
    NotAllowedError,
    ServiceError,
    StationLockedError,
)
from screening.services.outbox import OutboxSealer
from screening.services.session import LOCKED_MESSAGE, Clock
from screening.services.views import PersonDetails
from screening.store.audit import AuditRecord, VerifyResult
from screening.store.errors import KeySlotError, StoreError
from screening.store.files import atomic_write_json, read_json
from screening.store.keyslots import RECOVERY_SLOT_ID, KdfParams, KeySlotFile, normalise_user_id
from screening.store.station import (
    Station,
    StationFiles,
    UserInfo,
    generate_temporary_passphrase,
)
from screening.store.station import create_station as store_create_station
from screening.store.station import unlock as store_unlock
from screening.store.throttle import LoginThrottle

log = logging.getLogger(__name__)

ROSTER_FILE = "login-roster.json"
ROSTER_FORMAT = "screening-login-roster"
ROSTER_VERSION = 1

AUDIT_READERS = frozenset({Role.ADMIN, Role.SUPERVISOR})
"""Roles that may read and verify the audit trail (as ``screening audit show`` allows)."""


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- what the app shows ---------------------------------------------------------------------------


class DemoAccount(_View):
    """A demo station's user, with the passphrase the demo login screen shows."""

    user_id: str
    display_name: str
    role: Role
    passphrase: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(user_id="demo-custody", display_name="Demo Custody Officer",
                role=Role.CUSTODY_OFFICER, passphrase="demo custody officer"),
    DemoAccount(user_id="demo-custody2", display_name="Demo Second Custody Officer",
                role=Role.CUSTODY_OFFICER, passphrase="demo second custody officer"),
    DemoAccount(user_id="demo-supervisor", display_name="Demo Custody Supervisor",
                role=Role.SUPERVISOR, passphrase="demo custody supervisor"),
    DemoAccount(user_id="demo-liaison", display_name="Demo L&D Practitioner",
                role=Role.LD_PRACTITIONER, passphrase="demo liaison practitioner"),
    DemoAccount(user_id="demo-probation", display_name="Demo Probation Officer",
                role=Role.PROBATION_OFFICER, passphrase="demo probation officer"),
    DemoAccount(user_id="demo-admin", display_name="Demo Administrator",
                role=Role.ADMIN, passphrase="demo station administrator"),
)
"""One user per role (two custody officers, so a draft can be taken over). The passphrases are
public: a demo station holds fictional people only, and says DEMO on every screen."""

DEMO_STATION_NAME = "Demo custody suite (fictional)"
DEMO_AGENCY = "Demo Constabulary (fictional)"
DEMO_SITE = "Training room"


class RosterUser(_View):
    """One entry of the login picker."""

    user_id: str
    display_name: str = ""
    demo_role: Role | None = None
    """On a demo station only: the demo account's role, shown beside its passphrase."""
    demo_passphrase: str | None = None
    """On a demo station only: the demo account's published passphrase."""

    @property
    def label(self) -> str:
        """What the picker shows: the display name and the id, or the id alone."""
        return f"{self.display_name} ({self.user_id})" if self.display_name else self.user_id


class LoginRoster(_View):
    """What the login screen may show before anyone has logged in (see the module docstring)."""

    station_exists: bool
    station_name: str = ""
    demo: bool = False
    users: tuple[RosterUser, ...] = ()


class SessionInfo(_View):
    """Who is logged in, on which station (read from the encrypted database after unlock)."""

    user_id: str
    display_name: str
    role: Role
    must_change_passphrase: bool
    station_id: str
    station_name: str
    agency: str
    site: str
    demo: bool
    warnings: tuple[str, ...] = ()


class StationUser(_View):
    """A station user as the administration screen lists them."""

    user_id: str
    display_name: str
    role: Role
    created_at: AwareDatetime
    active: bool
    must_change_passphrase: bool


class AuditEntry(_View):
    """One audit row, as the audit trail screen shows it: ids, codes and times only.

    Old and new values (which may be personal data) are never read here.
    """

    seq: int
    at: AwareDatetime
    user_id: str | None
    event: str
    subjects: dict[str, str]
    details: dict[str, str]


class AuditCheck(_View):
    """The outcome of walking the audit chain: OK, or the first broken row and what is wrong."""

    ok: bool
    rows_checked: int
    first_broken_seq: int | None = None
    problem: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One plain sentence for the screen."""
        if self.ok:
            return f"Audit trail OK: all {self.rows_checked} events are in order and unaltered."
        return (
            f"Audit trail BROKEN at event {self.first_broken_seq}: {self.problem} "
            "Tell IT and your data protection officer; do not delete anything."
        )


# --- before login ---------------------------------------------------------------------------------


def station_exists(home: str | os.PathLike[str]) -> bool:
    """True if the folder ``home`` holds a station (its database or its key file)."""
    return StationFiles.at(home).exists()


def login_roster(home: str | os.PathLike[str]) -> LoginRoster:
    """The login picker's list: every user id with a key slot (authoritative), with the display
    names and the demo marker last written to the roster file (advisory)."""
    files = StationFiles.at(home)
    if not files.exists():
        return LoginRoster(station_exists=False)
    saved = _read_roster(files)
    names: dict[str, str] = {}
    for entry in saved.get("users", []):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            names[entry["id"]] = str(entry.get("display_name", ""))
    try:
        ids = [i for i in KeySlotFile.load(files.slots).slot_ids() if i != RECOVERY_SLOT_ID]
    except (KeySlotError, OSError, ValueError):
        log.warning("key slot file unreadable; the login picker lists the saved roster only")
        ids = sorted(names)
    demo = saved.get("demo") is True
    demo_accounts = {a.user_id: a for a in DEMO_ACCOUNTS} if demo else {}
    users = []
    for user_id in ids:
        account = demo_accounts.get(user_id)
        users.append(RosterUser(
            user_id=user_id,
            display_name=names.get(user_id, ""),
            demo_role=account.role if account else None,
            demo_passphrase=account.passphrase if account else None,
        ))
    if demo:  # the demo accounts in a fixed order: custody officer first
        order = {a.user_id: n for n, a in enumerate(DEMO_ACCOUNTS)}
        users.sort(key=lambda u: (order.get(u.user_id, len(order)), u.user_id))
    name = saved.get("station_name")
    return LoginRoster(
        station_exists=True,
        station_name=name if isinstance(name, str) else "",
        demo=demo,
        users=tuple(users),
    )


def login_wait(home: str | os.PathLike[str], user_id: str) -> float:
    """Seconds ``user_id`` must wait before trying to log in again (0 if they may try now)."""
    try:
        LoginThrottle(StationFiles.at(home).failures).check(user_id)
    except LockedOutError as locked:
        return locked.retry_after
    return 0.0


# --- creating -------------------------------------------------------------------------------------


def create_station(
    home: str | os.PathLike[str],
    *,
    name: str,
    agency: str,
    site: str,
    admin_id: str,
    admin_name: str,
    admin_passphrase: str,
    kdf: KdfParams | None = None,
) -> str:
    """Create a production station with its first administrator; return the recovery key.

    The recovery key is shown once, to be printed or written down: it opens the station to reset
    an administrator's passphrase. ``StationExistsError`` if ``home`` already holds a station;
    ``PassphrasePolicyError`` / ``UserError`` for what the form must correct.
    """
    recovery_key = store_create_station(
        home, name=name, agency=agency, site=site, admin_id=admin_id, admin_name=admin_name,
        admin_passphrase=admin_passphrase, demo=False, kdf=kdf,
    )
    files = StationFiles.at(home)
    _write_roster(files, station_name=name.strip(), demo=False,
                  users=[(normalise_user_id(admin_id), admin_name.strip())])
    return recovery_key


def create_demo_station(
    home: str | os.PathLike[str],
    library: FormLibrary,
    *,
    kdf: KdfParams | None = None,
    clock: Clock = utc_now,
) -> LoginRoster:
    """Create a demo station: one user per role (``DEMO_ACCOUNTS``, passphrases public), a few
    fictional people and sample screenings; return its login roster.

    The demo flag is set in the encrypted database at creation and can never be changed, so a
    production station never becomes a demo one (and ``StationExistsError`` if ``home`` already
    holds any station). The recovery key is not kept: a demo station is thrown away, not
    recovered.
    """
    admin = next(a for a in DEMO_ACCOUNTS if a.role is Role.ADMIN)
    store_create_station(
        home, name=DEMO_STATION_NAME, agency=DEMO_AGENCY, site=DEMO_SITE, admin_id=admin.user_id,
        admin_name=admin.display_name, admin_passphrase=admin.passphrase, demo=True, kdf=kdf,
    )
    station = store_unlock(home, user_id=admin.user_id, passphrase=admin.passphrase)
    try:
        for account in DEMO_ACCOUNTS:
            if account is not admin:
                station.add_user(user_id=account.user_id, display_name=account.display_name,
                                 role=account.role, passphrase=account.passphrase,
                                 must_change=False, kdf=kdf)
        _write_roster_of(station)
    finally:
        station.lock()
    _add_demo_records(home, library, clock=clock)
    log.info("demo station created")
    return login_roster(home)


_DEMO_PEOPLE: tuple[dict[str, Any], ...] = (
    {"given_names": "Ada", "family_name": "Example", "date_of_birth": date(1990, 4, 12),
     "language": "en"},
    {"given_names": "Ben", "family_name": "Sample", "date_of_birth": date(1985, 11, 2),
     "language": "en"},
    {"given_names": "Cara", "family_name": "Demo-Person", "date_of_birth": date(2001, 7, 23),
     "language": "en"},
    {"given_names": "Dafydd", "family_name": "Example", "date_of_birth": date(1978, 6, 30),
     "language": "cy"},
    {"given_names": "Jan", "family_name": "Sample", "date_of_birth": date(1992, 1, 15),
     "language": "pl", "interpreter_needed": True},
    {"given_names": "Sam", "family_name": "Fictional", "age_in_doubt": True},
)

_DEMO_CUSTODY_ANSWERS: dict[str, object] = {
    "A1b": "no", "A2": "no", "A3_observation": ["no_concerns"], "A4": "no", "A5": "no",
    "A7": "never", "A8": "no", "A9a": "no", "A10": ["none"], "A11": "no", "A12": "no",
    "A13_language": "en-GB", "A13_interpreter": "no", "A14": ["none"], "A15_i": "no",
    "A15_ii": "no", "A15_iii": "no", "A16": "no", "A18": "1", "A19_referred": ["none"],
}
"""A quiet custody screen (A1 comes from the person record)."""


def _add_demo_records(home: str | os.PathLike[str], library: FormLibrary, *, clock: Clock) -> None:
    """Fictional people, one finalised screening with an alert, and a draft for each custody
    officer. Best effort beyond the people: a form that changed only loses the samples."""
    officer, colleague = (a for a in DEMO_ACCOUNTS if a.role is Role.CUSTODY_OFFICER)
    services = open_services(home, user_id=officer.user_id, passphrase=officer.passphrase,
                             library=library, clock=clock)
    try:
        people = [services.people.create(details=PersonDetails.model_validate(fields))
                  for fields in _DEMO_PEOPLE]
        try:
            finalised = services.screenings.start(person_id=people[0].id, form_id="custody-screen")
            for code, value in {**_DEMO_CUSTODY_ANSWERS, "A8": "yes"}.items():
                services.screenings.answer(screening_id=finalised.id, item_code=code, value=value)
            services.screenings.complete(screening_id=finalised.id)
            services.screenings.finalise(screening_id=finalised.id, passphrase=officer.passphrase)
            draft = services.screenings.start(person_id=people[1].id, form_id="custody-screen")
            for code in ("A1b", "A2", "A4"):
                services.screenings.answer(screening_id=draft.id, item_code=code,
                                           value=_DEMO_CUSTODY_ANSWERS[code])
        except ServiceError:
            log.warning("demo sample screenings not created (the custody form has changed)")
    finally:
        services.lock()
    services = open_services(home, user_id=colleague.user_id, passphrase=colleague.passphrase,
                             library=library, clock=clock)
    try:
        draft = services.screenings.start(person_id=people[2].id, form_id="custody-screen")
        services.screenings.answer(screening_id=draft.id, item_code="A1b", value="no")
    except ServiceError:
        log.warning("demo sample draft not created (the custody form has changed)")
    finally:
        services.lock()


# --- unlocking ------------------------------------------------------------------------------------


def open_services(
    home: str | os.PathLike[str],
    *,
    user_id: str,
    passphrase: str,
    library: FormLibrary,
    clock: Clock = utc_now,
    sealer: OutboxSealer | None = None,
) -> Services:
    """Unlock the station as ``user_id`` and return the ``Services`` for that session.

    ``LoginFailedError`` is the same for an unknown user and a wrong passphrase. When a failure
    starts a lock-out (the fifth in a row), ``LockedOutError`` says so at once, with the wait.
    """
    try:
        station = store_unlock(home, user_id=user_id, passphrase=passphrase)
    except LockedOutError:
        raise
    except LoginFailedError:
        wait = login_wait(home, user_id)
        if wait > 0:
            raise LockedOutError(wait) from None
        raise
    try:
        services = Services(station, library, clock=clock, sealer=sealer)
    except BaseException:
        station.lock()
        raise
    _write_roster_of(station)
    return services


def resume(services: Services, home: str | os.PathLike[str], *, passphrase: str) -> None:
    """Unlock again as the locked session's user and carry on with the same ``services`` (the
    app returns them to where they were). Errors as ``open_services``."""
    if not services.locked:
        return
    try:
        station = store_unlock(home, user_id=services.user_id, passphrase=passphrase)
    except LockedOutError:
        raise
    except LoginFailedError:
        wait = login_wait(home, services.user_id)
        if wait > 0:
            raise LockedOutError(wait) from None
        raise
    try:
        services.resume(station)
    except BaseException:
        station.lock()
        raise


def session_info(services: Services) -> SessionInfo:
    """The logged-in user and the station, for the app's header."""
    station = _station(services, allow_must_change=True)
    user = station.user
    assert user is not None  # a Services session is always a user's (Session checks it)
    info = station.info
    return SessionInfo(
        user_id=user.id,
        display_name=user.display_name,
        role=user.role,
        must_change_passphrase=station.must_change_passphrase,
        station_id=info.id,
        station_name=info.name,
        agency=info.agency,
        site=info.site,
        demo=info.demo,
        warnings=tuple(station.warnings),
    )


# --- administration -------------------------------------------------------------------------------


class StationAdmin:
    """Users and the audit trail of an unlocked station, for its administrators and supervisors.

    Users are managed by administrators only; the audit trail is read and verified by
    administrators and supervisors. Every change is audited by the store.
    """

    def __init__(self, services: Services) -> None:
        self._services = services

    # users

    def users(self, *, include_removed: bool = False) -> list[StationUser]:
        """The station's users, by id."""
        station = self._admin_station("see the station's users")
        return [_station_user(u) for u in station.list_users(include_removed=include_removed)]

    def add_user(
        self,
        *,
        user_id: str,
        display_name: str,
        role: Role,
        temporary_passphrase: str,
        kdf: KdfParams | None = None,
    ) -> StationUser:
        """Add a user with a temporary passphrase they must change at their first login."""
        station = self._admin_station("add users")
        user = station.add_user(user_id=user_id, display_name=display_name, role=role,
                                passphrase=temporary_passphrase, must_change=True, kdf=kdf)
        _write_roster_of(station)
        return _station_user(user)

    def reset_passphrase(self, *, user_id: str, kdf: KdfParams | None = None) -> str:
        """Give ``user_id`` a new temporary passphrase (returned, to hand over); they must
        change it at their next login. Lifts any lock-out on that user id."""
        station = self._admin_station("reset passphrases")
        return station.reset_user(user_id=user_id, kdf=kdf)

    def remove_user(self, *, user_id: str) -> None:
        """Remove a user: the database is rekeyed and every other key slot re-wrapped, so the
        removed user's passphrase (even in an old copy of the key file) opens nothing. Their
        records and audit rows stay."""
        station = self._admin_station("remove users")
        station.remove_user(user_id=user_id)
        _write_roster_of(station)

    @staticmethod
    def suggest_temporary_passphrase() -> str:
        """A random temporary passphrase (four groups of four letters and digits)."""
        return generate_temporary_passphrase()

    # audit trail

    def audit_trail(self, *, before_seq: int | None = None, limit: int = 200) -> list[AuditEntry]:
        """Audit events, newest first: the ``limit`` events before ``before_seq`` (or the
        newest). Ids, events and times only; never old or new values."""
        station = self._audit_station()
        last = station.audit.last()
        if last is None:
            return []
        end = last.seq + 1 if before_seq is None else min(before_seq, last.seq + 1)
        start = max(0, end - 1 - limit)
        records = station.audit.records(after_seq=start, limit=end - 1 - start)
        return [_audit_entry(r) for r in reversed(records)]

    def verify_audit(self) -> AuditCheck:
        """Walk the whole audit chain and its head: OK, or the first broken row."""
        result: VerifyResult = self._audit_station().verify_audit()
        return AuditCheck(
            ok=result.ok,
            rows_checked=result.rows_checked,
            first_broken_seq=result.first_broken_seq,
            problem=result.problem,
            notes=tuple(result.notes),
        )

    # internals

    def _admin_station(self, what: str) -> Station:
        station = _station(self._services)
        if self._services.role is not Role.ADMIN:
            raise NotAllowedError(f"Only an administrator can {what}.")
        return station

    def _audit_station(self) -> Station:
        station = _station(self._services)
        if self._services.role not in AUDIT_READERS:
            raise NotAllowedError("Only an administrator or a supervisor can read the audit trail.")
        return station


# --- internals ------------------------------------------------------------------------------------


def _station(services: Services, *, allow_must_change: bool = False) -> Station:
    station = services.session.station
    if station.locked:
        raise StationLockedError(LOCKED_MESSAGE)
    if not allow_must_change:
        services.session.db  # noqa: B018 - raises NotAllowedError until a reset passphrase is changed
    return station


def _station_user(user: UserInfo) -> StationUser:
    return StationUser(
        user_id=user.id,
        display_name=user.display_name,
        role=user.role,
        created_at=_parse_time(user.created_at),
        active=user.active,
        must_change_passphrase=user.must_change,
    )


def _audit_entry(record: AuditRecord) -> AuditEntry:
    return AuditEntry(
        seq=record.seq,
        at=_parse_time(record.at),
        user_id=record.user_id,
        event=record.event,
        subjects=_flat(record.subjects),
        details=_flat(record.details),
    )


def _flat(values: Mapping[str, Any]) -> dict[str, str]:
    """Ids and codes as plain text: lists joined, yes/no for flags."""

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list | tuple):
            return ", ".join(text(v) for v in value)
        return "" if value is None else str(value)

    return {str(k): text(v) for k, v in values.items()}


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _roster_path(files: StationFiles) -> Path:
    return files.home / ROSTER_FILE


def _read_roster(files: StationFiles) -> dict[str, Any]:
    try:
        data = read_json(_roster_path(files))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("login roster unreadable; the picker shows user ids only")
        return {}
    if not isinstance(data, dict) or data.get("format") != ROSTER_FORMAT:
        return {}
    return data


def _write_roster(files: StationFiles, *, station_name: str, demo: bool,
                  users: list[tuple[str, str]]) -> None:
    document = {
        "format": ROSTER_FORMAT,
        "version": ROSTER_VERSION,
        "station_name": station_name,
        "demo": demo,
        "users": [{"id": user_id, "display_name": name} for user_id, name in sorted(users)],
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    try:
        atomic_write_json(_roster_path(files), document)
    except OSError:
        # The picker then lists user ids only; logging in still works.
        log.warning("could not write the login roster")


def _write_roster_of(station: Station) -> None:
    """Rewrite the roster from the encrypted database (the truth, including the demo flag)."""
    with contextlib.suppress(StoreError):
        users = [(u.id, u.display_name) for u in station.list_users()]
        _write_roster(station.files, station_name=station.info.name, demo=station.info.demo,
                      users=users)
