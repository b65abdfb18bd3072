"""Central user accounts for the reporting pages: passphrases (Argon2id), sessions, roles.

Roles: ``analyst`` sees the protected figures (dashboard, tables, CSV); ``researcher`` also may
download the pseudonymised single-case extract (every download recorded in the access log).
Accounts are made and revoked with ``screening-central user add|revoke|list``; the passphrase
comes from a terminal prompt or a file named by ``SCREENING_CENTRAL_PASSPHRASE_FILE``.

Passphrases are stored as Argon2id hashes (argon2-cffi's defaults, the RFC 9106 "low memory"
profile: 3 passes over 64 MiB, 4 lanes). A login sets a session cookie holding a random token
(``HttpOnly``, ``SameSite=Strict``, ``Secure`` over HTTPS, path ``/reports``); the database holds
only the token's SHA-256, for 8 hours at most. Five failed logins for one account within 15
minutes refuse further attempts for that account until the window has passed. Logins, failures
and refusals go to the access log (account ids, never passphrases).

Production: OIDC. In production the centre should sign analysts in through the organisation's
identity provider (OpenID Connect, authorisation code flow with PKCE) instead of passphrases:
the service is registered as a confidential client; ``/reports/login`` redirects to the
provider; the callback exchanges the code, checks the ID token (issuer, audience, signature
against the provider's JWKS, expiry, nonce) and looks the ``sub`` claim up in
``central_users.oidc_subject`` (an account still has to be made, and given its role, here: the
provider proves who someone is, the centre decides what they may see); then the same session
cookie is set. Multi-factor authentication and leavers are then the provider's business, and
``user revoke`` still cuts off access at once. Not implemented here: the passphrase login is the
seam it replaces.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, delete, func, insert, select, update

from sync.server.db import access_log, as_utc, central_sessions, central_users, insert_if_absent, utcnow
from sync.server.service import record_access

log = logging.getLogger(__name__)

SESSION_COOKIE = "waypoint_reports"
SESSION_LIFETIME = timedelta(hours=8)
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
MIN_PASSPHRASE = 12
_HASHER = PasswordHasher()
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to check unknown usernames against (made once, when first needed)."""
    if not _DUMMY:
        _DUMMY.append(_HASHER.hash(secrets.token_urlsafe(16)))
    return _DUMMY[0]


class CentralRole(StrEnum):
    """What a central user may see."""

    ANALYST = "analyst"
    RESEARCHER = "researcher"


class AccountError(ValueError):
    """An account operation that cannot be done as asked (the message says why)."""


@dataclass(frozen=True)
class CentralUser:
    """A logged-in central user."""

    id: str
    username: str
    role: CentralRole


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _account_target(username: str) -> str:
    """How the access log names an account a login attempt asked for (a hash: a mistyped
    passphrase typed into the username box must not end up in a log)."""
    return "account:" + hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()[:16]


def add_user(engine: Engine, *, username: str, role: CentralRole | str, passphrase: str) -> str:
    """Make an account; returns its id. Refuses a username in use."""
    name = username.strip()
    if not name or len(name) > 128 or any(ch.isspace() for ch in name):
        raise AccountError("a username is 1-128 characters without spaces")
    try:
        kind = CentralRole(role)
    except ValueError:
        raise AccountError(f"the role must be one of: {', '.join(r.value for r in CentralRole)}") from None
    if len(passphrase) < MIN_PASSPHRASE:
        raise AccountError(f"a passphrase has at least {MIN_PASSPHRASE} characters")
    user_id = str(uuid.uuid4())
    hashed = _HASHER.hash(passphrase)
    with engine.begin() as connection:
        inserted = insert_if_absent(
            connection,
            central_users,
            id=user_id,
            username=name,
            role=kind.value,
            oidc_subject=None,
            passphrase_hash=hashed,
            created_at=utcnow(),
            revoked_at=None,
        )
        if not inserted:
            raise AccountError(f"the username {name} is taken")
        record_access(connection, action="user_add", outcome="ok", user_id=user_id, role=kind.value)
    log.info("central user %s added (%s)", user_id, kind.value)
    return user_id


def revoke_user(engine: Engine, username: str) -> None:
    """Revoke an account: it cannot log in, and its sessions end at once."""
    with engine.begin() as connection:
        row = connection.execute(
            select(central_users.c.id, central_users.c.role).where(
                central_users.c.username == username.strip()
            )
        ).first()
        if row is None:
            raise AccountError(f"there is no user {username.strip()}")
        connection.execute(
            update(central_users)
            .where(central_users.c.id == row.id, central_users.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        connection.execute(delete(central_sessions).where(central_sessions.c.user_id == row.id))
        record_access(connection, action="user_revoke", outcome="ok", user_id=row.id, role=row.role)
    log.info("central user %s revoked", row.id)


@dataclass(frozen=True)
class AccountSummary:
    username: str
    role: str
    created_at: datetime
    revoked_at: datetime | None


def list_users(engine: Engine) -> list[AccountSummary]:
    """Every account, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                central_users.c.username,
                central_users.c.role,
                central_users.c.created_at,
                central_users.c.revoked_at,
            ).order_by(central_users.c.created_at)
        ).all()
    return [AccountSummary(*row) for row in rows]


@dataclass(frozen=True)
class LoginResult:
    """A session token and its user, or why there is none."""

    token: str | None
    user: CentralUser | None
    locked: bool = False


def login(engine: Engine, *, username: str, passphrase: str, now: datetime | None = None) -> LoginResult:
    """Check a passphrase and open a session. The same answer for an unknown user and a wrong
    passphrase (and the same work, so timing does not tell them apart)."""
    now = now or utcnow()
    target = _account_target(username)
    with engine.connect() as connection:
        failures = connection.execute(
            select(func.count())
            .select_from(access_log)
            .where(
                access_log.c.action == "central_login",
                access_log.c.target == target,
                access_log.c.outcome == "failed",
                access_log.c.at > now - LOCKOUT_WINDOW,
            )
        ).scalar_one()
        row = connection.execute(
            select(
                central_users.c.id,
                central_users.c.username,
                central_users.c.role,
                central_users.c.passphrase_hash,
                central_users.c.revoked_at,
            ).where(central_users.c.username == username.strip())
        ).first()
    if failures >= LOCKOUT_FAILURES:
        with engine.begin() as connection:
            record_access(connection, action="central_login", outcome="locked", target=target)
        return LoginResult(None, None, locked=True)
    stored = row.passphrase_hash if row is not None and row.passphrase_hash else _dummy_hash()
    verified: bool
    try:
        verified = _HASHER.verify(stored, passphrase)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        verified = False
    if not verified or row is None or row.revoked_at is not None or not row.passphrase_hash:
        with engine.begin() as connection:
            record_access(
                connection,
                action="central_login",
                outcome="failed",
                target=target,
                user_id=row.id if row is not None else None,
            )
        return LoginResult(None, None)
    token = secrets.token_urlsafe(32)
    user = CentralUser(row.id, row.username, CentralRole(row.role))
    with engine.begin() as connection:
        connection.execute(
            insert(central_sessions).values(
                token_hash=_token_hash(token),
                user_id=row.id,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
        connection.execute(delete(central_sessions).where(central_sessions.c.expires_at < now))
        if _HASHER.check_needs_rehash(row.passphrase_hash):
            connection.execute(
                update(central_users)
                .where(central_users.c.id == row.id)
                .values(passphrase_hash=_HASHER.hash(passphrase))
            )
        record_access(connection, action="central_login", outcome="ok", target=target, user_id=row.id,
                      role=row.role)
    return LoginResult(token, user)


def session_user(engine: Engine, token: str | None, *, now: datetime | None = None) -> CentralUser | None:
    """The user a session cookie belongs to, if the session is current and the account is not
    revoked."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    with engine.connect() as connection:
        row = connection.execute(
            select(
                central_users.c.id,
                central_users.c.username,
                central_users.c.role,
                central_users.c.revoked_at,
                central_sessions.c.expires_at,
            )
            .join(central_users, central_users.c.id == central_sessions.c.user_id)
            .where(central_sessions.c.token_hash == _token_hash(token))
        ).first()
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
        return None
    return CentralUser(row.id, row.username, CentralRole(row.role))


def logout(engine: Engine, token: str | None) -> None:
    """End a session."""
    if token:
        with engine.begin() as connection:
            connection.execute(
                delete(central_sessions).where(central_sessions.c.token_hash == _token_hash(token))
            )


def record(
    engine: Engine, *, user: CentralUser | None, action: str, outcome: str, detail: str | None = None
) -> None:
    """Write one access-log row for something a central user did or was refused."""
    with engine.begin() as connection:
        record_access(
            connection,
            action=action,
            outcome=outcome,
            user_id=user.id if user else None,
            role=user.role.value if user else None,
            detail=detail,
        )

