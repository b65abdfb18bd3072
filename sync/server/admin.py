"""Operations the centre's administrators run (through ``screening-central``): agencies, enrolment
codes, revocations, and publishing forms and the flag registry to the change feed.

Central user accounts (``user add|revoke``, OIDC login for analysts) are a later issue; the
``central_users`` table is their seam.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.engine import Connection

from sync.protocol import (
    TOKEN_PATTERN,
    AgencyType,
    Directive,
    DirectiveAction,
    FormVersionChange,
    RegistryVersionChange,
    sign_change,
)
from sync.server import feed
from sync.server.db import (
    agencies,
    enrol_codes,
    insert_if_absent,
    station_user_revocations,
    stations,
    utcnow,
)
from sync.server.keys import CentreKeys
from sync.server.service import (
    enrol_code_expiry,
    in_transaction,
    new_enrol_code,
    normalise_enrol_code,
    secret_hash,
)

log = logging.getLogger(__name__)

_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_FORM_ID = re.compile(r"^[a-z0-9][a-z0-9\-]{0,63}$")


class AdminError(ValueError):
    """An administrative command that cannot be done as asked (the message says why)."""


def add_agency(engine: Engine, *, agency_id: str, name: str, agency_type: AgencyType | str) -> None:
    """Register an agency. Refuses an id that exists."""
    if not re.match(TOKEN_PATTERN, agency_id) or len(agency_id) > 64:
        raise AdminError("an agency id is 1-64 letters, digits, '.', '_', ':', '@' or '-'")
    try:
        kind = AgencyType(agency_type)
    except ValueError:
        raise AdminError(f"agency type must be one of: {', '.join(t.value for t in AgencyType)}") from None
    if not name.strip() or len(name) > 200:
        raise AdminError("an agency name is 1-200 characters")

    def work(connection: Connection) -> bool:
        return insert_if_absent(
            connection, agencies, id=agency_id, name=name.strip(), type=kind.value, created_at=utcnow()
        )

    if not in_transaction(engine, work):
        raise AdminError(f"agency {agency_id} exists already")
    log.info("agency %s added (%s)", agency_id, kind.value)


def issue_enrol_code(engine: Engine, *, agency_id: str, site: str, valid_hours: float = 72) -> str:
    """A one-time code for one station of ``agency_id`` at ``site``. Only its hash is stored."""
    if not site.strip() or len(site) > 200:
        raise AdminError("a site is 1-200 characters")
    if valid_hours <= 0:
        raise AdminError("a code must be valid for some time")
    code = new_enrol_code()

    def work(connection: Connection) -> None:
        if connection.execute(select(agencies.c.id).where(agencies.c.id == agency_id)).first() is None:
            raise AdminError(f"there is no agency {agency_id}: add it first")
        connection.execute(
            insert(enrol_codes).values(
                code_hash=secret_hash(normalise_enrol_code(code)),
                agency_id=agency_id,
                site=site.strip(),
                created_at=utcnow(),
                expires_at=enrol_code_expiry(valid_hours),
                used_at=None,
                station_id=None,
            )
        )

    in_transaction(engine, work)
    log.info("enrolment code issued for agency %s", agency_id)
    return code


def revoke_station(engine: Engine, keys: CentreKeys, station_id: str) -> None:
    """Revoke a station: its credential stops working at once; a signed directive is published."""
    now = utcnow()

    def work(connection: Connection) -> None:
        changed = connection.execute(
            update(stations)
            .where(stations.c.id == station_id, stations.c.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
        if changed != 1:
            exists = connection.execute(select(stations.c.id).where(stations.c.id == station_id)).first()
            raise AdminError(
                f"station {station_id} is revoked already" if exists else f"there is no station {station_id}"
            )
        directive = Directive(action=DirectiveAction.STATION_REVOKED, station_id=station_id, issued_at=now)
        feed.publish(connection, sign_change(directive, keys.signing), station_id=station_id)

    in_transaction(engine, work)
    log.info("station %s revoked", station_id)


def revoke_station_user(engine: Engine, keys: CentreKeys, *, station_id: str, user_id: str) -> None:
    """Revoke one user of a station: the centre refuses their pulls and tells the station."""
    now = utcnow()

    def work(connection: Connection) -> None:
        if connection.execute(select(stations.c.id).where(stations.c.id == station_id)).first() is None:
            raise AdminError(f"there is no station {station_id}")
        added = insert_if_absent(
            connection, station_user_revocations, station_id=station_id, user_id=user_id, revoked_at=now
        )
        if not added:
            raise AdminError(f"user {user_id} of station {station_id} is revoked already")
        directive = Directive(
            action=DirectiveAction.USER_REVOKED, station_id=station_id, user_id=user_id, issued_at=now
        )
        feed.publish(connection, sign_change(directive, keys.signing), station_id=station_id)

    in_transaction(engine, work)
    log.info("user %s of station %s revoked", user_id, station_id)


def _read_definition(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AdminError(f"{path} cannot be read: {exc}") from None
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        raise AdminError(f"{path} is not YAML: {exc}") from None
    if not isinstance(data, dict):
        raise AdminError(f"{path} does not hold a definition (a YAML mapping)")
    version = data.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise AdminError(f"{path}: `version` must be a semantic version like 1.0.0")
    return content, data


def publish_form(engine: Engine, keys: CentreKeys, path: Path) -> int:
    """Put a form definition file on the change feed, signed. Returns the change id.

    The file is sent as written; stations validate it with their forms loader before use.
    """
    content, data = _read_definition(path)
    form_id = data.get("id")
    if not isinstance(form_id, str) or not _FORM_ID.match(form_id):
        raise AdminError(f"{path}: `id` must be a form id like custody-screen")
    change = FormVersionChange(
        form_id=form_id,
        version=data["version"],
        content=content,
        content_sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        published_at=utcnow(),
    )
    change_id = in_transaction(engine, lambda c: feed.publish(c, sign_change(change, keys.signing)))
    log.info("form %s %s published as change %d", form_id, change.version, change_id)
    return change_id


def publish_registry(engine: Engine, keys: CentreKeys, path: Path) -> int:
    """Put a flag registry file on the change feed, signed. Returns the change id."""
    content, data = _read_definition(path)
    if not isinstance(data.get("flags"), list):
        raise AdminError(f"{path}: a flag registry has a `flags` list")
    change = RegistryVersionChange(
        version=data["version"],
        content=content,
        content_sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        published_at=utcnow(),
    )
    change_id = in_transaction(engine, lambda c: feed.publish(c, sign_change(change, keys.signing)))
    log.info("flag registry %s published as change %d", change.version, change_id)
    return change_id


@dataclass(frozen=True)
class StationSummary:
    id: str
    agency_id: str
    site: str
    enrolled_at: datetime
    revoked_at: datetime | None


def list_stations(engine: Engine, *, agency_id: str | None = None) -> list[StationSummary]:
    """Every enrolled station (optionally of one agency), oldest first."""
    query = select(
        stations.c.id, stations.c.agency_id, stations.c.site, stations.c.enrolled_at, stations.c.revoked_at
    ).order_by(stations.c.enrolled_at)
    if agency_id is not None:
        query = query.where(stations.c.agency_id == agency_id)
    with engine.connect() as connection:
        return [StationSummary(*row) for row in connection.execute(query)]
