"""The look-up index, kept in step with what stations push (in the push's own transaction).

* ``lookup_keys``: how a person is found. For each Patient's current version, one row per PNC ID,
  per NHS number, and one for the name and date of birth, each as the SHA-256 of its kind and
  normalised value (:func:`key_hash`): the index can answer "who has this PNC ID" without holding a
  single identifier, name or date of birth.
* ``lookup_links``: what belongs to whom. Each revision (QuestionnaireResponse) with its person and
  the revision it replaces; each Flag with the revision that raised it; each Consent with the
  revision it was recorded on.

:func:`index_pushed` is the one call the push path makes (``sync.server.service``); it reads only
the stored records' ids and the bodies already in hand, and touches no other table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from screening.domain.enums import IdentifierKind
from screening.domain.reference import normalise_identifier
from screening.interop.importers import flag_source, reference_id, replaced_revision
from screening.interop.patient import IDENTIFIER_SYSTEMS
from screening.services.names import words
from sync.protocol import OpenedEnvelope
from sync.server.db import is_postgres, lookup_keys, lookup_links, resources


class KeyKind(StrEnum):
    """How a person may be matched."""

    PNC_ID = "pnc_id"
    NHS_NUMBER = "nhs_number"
    NAME_DOB = "name_dob"


DIRECT_KINDS: dict[IdentifierKind, KeyKind] = {
    IdentifierKind.PNC_ID: KeyKind.PNC_ID,
    IdentifierKind.NHS_NUMBER: KeyKind.NHS_NUMBER,
}
"""The identifiers that match a person directly (DESIGN.md, "Sharing across agencies")."""

_SYSTEM_KIND = {IDENTIFIER_SYSTEMS[kind]: kind for kind in DIRECT_KINDS}
_STORED = frozenset({200, 201})


def key_hash(kind: KeyKind, value: str) -> str:
    """The stored form of one normalised key."""
    return hashlib.sha256(f"{kind.value}\x00{value}".encode()).hexdigest()


def name_dob_value(given_names: str, family_name: str, date_of_birth: date) -> str | None:
    """Name and date of birth as one normalised key: the folded name words in any order (so
    "Zoë O'Brien" and "OBRIEN, zoe" agree), then the date. None without a name."""
    folded = sorted(words(f"{given_names} {family_name}"))
    if not folded:
        return None
    return f"{' '.join(folded)}|{date_of_birth.isoformat()}"


def patient_keys(body: dict[str, Any]) -> set[tuple[KeyKind, str]]:
    """The (kind, key hash) rows of a Patient body; identifiers that do not validate are skipped
    (the station validated them; a look-up could never match them anyway)."""
    keys: set[tuple[KeyKind, str]] = set()
    for identifier in body.get("identifier") or []:
        if not isinstance(identifier, dict):
            continue
        kind = _SYSTEM_KIND.get(identifier.get("system", ""))
        if kind is None:
            continue
        try:
            value = normalise_identifier(kind, str(identifier.get("value", "")))
        except ValueError:
            continue
        keys.add((DIRECT_KINDS[kind], key_hash(DIRECT_KINDS[kind], value)))
    names = [n for n in body.get("name") or [] if isinstance(n, dict)]
    official = next((n for n in names if n.get("use") == "official"), names[0] if names else None)
    birth = body.get("birthDate")
    if official is not None and isinstance(birth, str):
        try:
            born = date.fromisoformat(birth)
        except ValueError:
            born = None
        given = " ".join(str(g) for g in official.get("given") or [])
        named = name_dob_value(given, str(official.get("family") or ""), born) if born else None
        if named is not None:
            keys.add((KeyKind.NAME_DOB, key_hash(KeyKind.NAME_DOB, named)))
    return keys


def _insert_ignore(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    statement: Any = postgresql.insert(table) if is_postgres(connection) else sqlite.insert(table)
    connection.execute(statement.on_conflict_do_nothing(), rows)


def _link(envelope: OpenedEnvelope, agency_id: str) -> dict[str, Any] | None:
    body = envelope.resource
    base = {"resource_type": envelope.resource_type, "resource_id": envelope.resource_id,
            "agency_id": agency_id, "patient_id": None, "response_id": None, "replaces_id": None}
    if envelope.resource_type == "QuestionnaireResponse":
        return {**base, "patient_id": reference_id(body.get("subject"), "Patient"),
                "response_id": envelope.resource_id, "replaces_id": replaced_revision(body)}
    if envelope.resource_type == "Flag":
        return {**base, "patient_id": reference_id(body.get("subject"), "Patient"),
                "response_id": flag_source(body)}
    if envelope.resource_type == "Consent":
        return {**base, "patient_id": reference_id(body.get("patient"), "Patient"),
                "response_id": reference_id(body.get("sourceReference"), "QuestionnaireResponse")}
    return None


def index_pushed(
    connection: Connection, agency_id: str, stored: Iterable[tuple[OpenedEnvelope | None, int]]
) -> None:
    """Bring the look-up index up to date with one push batch, in its transaction: ``stored`` is
    each entry's opened envelope (None if it was refused before opening) and its status; only
    stored ones (200/201) count. A Patient's keys are rebuilt from its current stored version."""
    links: list[dict[str, Any]] = []
    patients: list[str] = []
    for envelope, status in stored:
        if envelope is None or status not in _STORED:
            continue
        if envelope.resource_type == "Patient":
            patients.append(envelope.resource_id)
        else:
            link = _link(envelope, agency_id)
            if link is not None:
                links.append(link)
    _insert_ignore(connection, lookup_links, links)
    if patients:
        reindex_patients(connection, patients)


def reindex_patients(connection: Connection, patient_ids: Sequence[str]) -> None:
    """Rebuild the keys of these Patients from their current stored versions."""
    ids = sorted(set(patient_ids))
    rows = connection.execute(
        select(resources.c.resource_id, resources.c.body, resources.c.agency_id).where(
            resources.c.resource_type == "Patient", resources.c.resource_id.in_(ids)
        )
    ).all()
    connection.execute(delete(lookup_keys).where(lookup_keys.c.patient_id.in_(ids)))
    fresh = [
        {"patient_id": row.resource_id, "kind": kind.value, "key_hash": digest, "agency_id": row.agency_id}
        for row in rows
        for kind, digest in sorted(patient_keys(row.body if isinstance(row.body, dict) else {}))
    ]
    _insert_ignore(connection, lookup_keys, fresh)
