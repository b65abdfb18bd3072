"""The outbox: what leaves the station for the centre, written in the same transaction as the change.

What writes a row (DESIGN.md, "Sync"): a finalised revision (QuestionnaireResponse) and each of its
flags (Flag); the person record the first time one of their revisions is finalised, and each edit
after that (Patient, versioned); consent records given, refused or withdrawn once they belong to
a finalised screening (Consent, versioned). Drafts, and people who only have drafts, never do.

``sync_resources`` keeps, per resource, the last version queued and the last version the centre
acknowledged; the retention purge deletes only what the centre has acknowledged.

Sealing seam: the sync issue seals each row when it is written (encrypted to the centre, signed by
the station, author and role inside). Pass an ``OutboxSealer`` to ``Services``: ``seal(entry)`` is
called inside the writing transaction, right after the row is inserted, and marks the row sealed
with ``mark_sealed``. Until there is a sealer (before enrolment) rows stay unsealed
(``sealed_at`` NULL) and are sealed at enrolment (``unsealed()`` lists them).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from screening.services.session import Session, iso, parse_iso
from screening.services.views import OutboxEntry

log = logging.getLogger(__name__)

VERSIONED_KINDS = frozenset({"Patient", "Consent"})
"""Resource types the centre keeps versions of (an update names its base version)."""
IMMUTABLE_KINDS = frozenset({"QuestionnaireResponse", "Flag", "AuditEvent", "DocumentReference"})


class OutboxSealer(Protocol):
    """Seals an outbox row as it is written (the sync issue provides one)."""

    def seal(self, entry: OutboxEntry) -> None:
        """Seal ``entry`` (inside the writing transaction); raise to abort the change."""


class Outbox:
    """Writes and reads outbox rows and the acknowledgement state."""

    def __init__(self, session: Session, sealer: OutboxSealer | None = None) -> None:
        self._session = session
        self.sealer = sealer

    def enqueue(
        self,
        *,
        kind: str,
        resource_id: str,
        payload: dict[str, Any],
        version: int = 1,
    ) -> OutboxEntry:
        """Queue one resource. Must run inside the transaction of the change it carries.

        For versioned kinds ``version`` is the resource's version and the base version is the
        last one queued; an immutable resource is queued once only.
        """
        session = self._session
        db = session.db
        if not db.in_transaction:
            raise RuntimeError("outbox rows are written in the transaction of their change")
        if kind not in VERSIONED_KINDS and kind not in IMMUTABLE_KINDS:
            raise ValueError(f"{kind} does not sync")
        previous = db.query_value(
            "SELECT enqueued_version FROM sync_resources WHERE kind = ? AND resource_id = ?",
            (kind, resource_id),
        )
        if kind in IMMUTABLE_KINDS:
            if previous is not None:
                raise RuntimeError(f"{kind}/{resource_id} is immutable and was queued already")
            version, base = 1, None
        else:
            if previous is not None and version <= int(previous):
                raise RuntimeError(f"{kind}/{resource_id} version {version} was queued already")
            base = None if previous is None else int(previous)
        now = session.now()
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        row_id = db.insert(
            "INSERT INTO outbox (kind, resource_id, payload, created_at, resource_version,"
            " base_version, author_id, author_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, resource_id, text, iso(now), version, base, session.user_id, session.role.value),
        )
        db.execute(
            "INSERT INTO sync_resources (kind, resource_id, enqueued_version) VALUES (?, ?, ?)"
            " ON CONFLICT (kind, resource_id) DO UPDATE SET enqueued_version = excluded.enqueued_version",
            (kind, resource_id, version),
        )
        entry = OutboxEntry(
            id=row_id,
            kind=kind,
            resource_id=resource_id,
            resource_version=version,
            base_version=base,
            author_id=session.user_id,
            author_role=session.role.value,
            payload=payload,
            created_at=now,
        )
        if self.sealer is not None:
            self.sealer.seal(entry)
        log.debug("outbox row %d: %s %s v%d", row_id, kind, resource_id, version)
        return entry

    def enqueued_version(self, kind: str, resource_id: str) -> int | None:
        """The last version of a resource queued for the centre, or None if never queued."""
        value = self._session.db.query_value(
            "SELECT enqueued_version FROM sync_resources WHERE kind = ? AND resource_id = ?",
            (kind, resource_id),
        )
        return None if value is None else int(value)

    # --- reading, sealing, acknowledging (for the sync issue) ---

    def pending(self) -> list[OutboxEntry]:
        """Every outbox row not yet acknowledged, oldest first."""
        rows = self._session.db.query("SELECT * FROM outbox ORDER BY id")
        return [_entry(row) for row in rows]

    def unsealed(self) -> list[OutboxEntry]:
        """Rows written before there was a sealer (to seal at enrolment)."""
        rows = self._session.db.query("SELECT * FROM outbox WHERE sealed_at IS NULL ORDER BY id")
        return [_entry(row) for row in rows]

    def mark_sealed(self, entry_id: int, *, at: datetime | None = None) -> None:
        """Record that the envelope of row ``entry_id`` has been written."""
        self._session.db.execute(
            "UPDATE outbox SET sealed_at = ? WHERE id = ? AND sealed_at IS NULL",
            (iso(at or self._session.now()), entry_id),
        )

    def acknowledge(
        self, *, kind: str, resource_id: str, version: int, at: datetime | None = None
    ) -> None:
        """Record that the centre holds ``version`` of a resource; drop its outbox rows up to it."""
        session = self._session
        stamp = iso(at or session.now())
        with session.transaction() as db:
            changed = db.execute(
                "UPDATE sync_resources SET acknowledged_version = ?, acknowledged_at = ?"
                " WHERE kind = ? AND resource_id = ? AND enqueued_version >= ?"
                " AND (acknowledged_version IS NULL OR acknowledged_version < ?)",
                (version, stamp, kind, resource_id, version, version),
            )
            db.execute(
                "DELETE FROM outbox WHERE kind = ? AND resource_id = ? AND resource_version <= ?",
                (kind, resource_id, version),
            )
        if changed:
            log.info("centre acknowledged %s %s v%d", kind, resource_id, version)

    def acknowledge_all(self, entries: Iterable[OutboxEntry], *, at: datetime | None = None) -> None:
        """Acknowledge several entries (each at its own version)."""
        for entry in entries:
            self.acknowledge(
                kind=entry.kind, resource_id=entry.resource_id, version=entry.resource_version, at=at
            )

    def is_acknowledged(self, kind: str, resource_id: str) -> bool:
        """Whether the centre holds the last queued version of the resource."""
        row = self._session.db.query_one(
            "SELECT enqueued_version, acknowledged_version FROM sync_resources"
            " WHERE kind = ? AND resource_id = ?",
            (kind, resource_id),
        )
        return (
            row is not None
            and row["acknowledged_version"] is not None
            and int(row["acknowledged_version"]) >= int(row["enqueued_version"])
        )


def _entry(row: Any) -> OutboxEntry:
    return OutboxEntry(
        id=int(row["id"]),
        kind=str(row["kind"]),
        resource_id=str(row["resource_id"]),
        resource_version=int(row["resource_version"]),
        base_version=None if row["base_version"] is None else int(row["base_version"]),
        author_id=str(row["author_id"]),
        author_role=str(row["author_role"]),
        payload=json.loads(row["payload"]),
        created_at=parse_iso(str(row["created_at"])),
        sealed_at=None if row["sealed_at"] is None else parse_iso(str(row["sealed_at"])),
    )
