"""The retention purge: finalised records past the organisation's retention period leave the
station, once the central service holds them.

A screening (every revision of its amendment chain) is purged when:
- the organisation has set a retention period (``StationSettings.retention_days``);
- every revision is finalised (an amendment still in draft keeps the whole chain) and the latest
  was finalised before the cut-off;
- the centre has acknowledged everything of it that syncs: each revision (QuestionnaireResponse),
  each of their flags (Flag) and each consent record at its latest version (Consent); a
  disclosure on it keeps it until disclosure records sync (the disclosure and sync issues).
Until sync exists nothing is acknowledged, so nothing is purged.

The person record goes too once none of their screenings remain and the centre holds its latest
version. The old/new values of the audit rows about what was purged are deleted (the audit chain
keeps their hashes, so ``audit verify`` still passes); a ``purge`` audit row records what went (ids
only). Values kept for drafts discarded before the cut-off are purged as well.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from screening.interop.flag import flag_resource_id
from screening.services.chains import chain_ids
from screening.services.outbox import Outbox
from screening.services.session import Session, iso, parse_iso
from screening.services.settings import SettingsService
from screening.services.views import PurgeReport
from screening.store.audit import AuditEvent
from screening.store.db import Database

log = logging.getLogger(__name__)

DISCARD_WATERMARK = "retention.discarded_values_purged_until"


class RetentionService:
    """Applies the retention period (any logged-in user may run it: it only applies policy)."""

    def __init__(self, session: Session, outbox: Outbox, settings: SettingsService) -> None:
        self._session = session
        self._outbox = outbox
        self._settings = settings

    def purge_expired(self) -> PurgeReport:
        """Purge what the retention rules allow (see the module docstring); report what went."""
        session = self._session
        days = self._settings.get().retention_days
        if days is None:
            return PurgeReport(retention_days=None, cutoff=None)
        cutoff = session.now() - timedelta(days=days)
        db = session.db
        roots = [
            str(row[0])
            for row in db.query(
                "SELECT id FROM screenings WHERE replaces_id IS NULL AND status = 'finalised'"
                " AND finalised_at < ? ORDER BY finalised_at",
                (iso(cutoff),),
            )
        ]
        revisions = people = values = waiting = 0
        for root in roots:
            ids = chain_ids(db, UUID(root))
            rows = _rows(db, ids)
            if any(row["status"] != "finalised" for row in rows):
                continue
            if max(parse_iso(str(row["finalised_at"])) for row in rows) >= cutoff:
                continue
            if not self._centre_holds(db, ids):
                waiting += 1
                continue
            purged_person, purged_values = self._purge_chain(db, ids, UUID(str(rows[0]["person_id"])))
            revisions += len(ids)
            people += int(purged_person)
            values += purged_values
        values += self._purge_discarded(db, cutoff)
        report = PurgeReport(
            retention_days=days,
            cutoff=cutoff,
            revisions_purged=revisions,
            people_purged=people,
            audit_values_purged=values,
            waiting_for_centre=waiting,
        )
        log.info(
            "retention purge: %d revisions, %d people, %d audit values; %d waiting for the centre",
            revisions,
            people,
            values,
            waiting,
        )
        return report

    def _centre_holds(self, db: Database, ids: list[str]) -> bool:
        outbox = self._outbox
        marks = ",".join("?" * len(ids))
        if db.query_value(f"SELECT 1 FROM disclosures WHERE screening_id IN ({marks}) LIMIT 1", ids):
            return False
        for sid in ids:
            if not outbox.is_acknowledged("QuestionnaireResponse", sid):
                return False
            for row in db.query("SELECT code FROM flags WHERE screening_id = ?", (sid,)):
                if not outbox.is_acknowledged("Flag", flag_resource_id(UUID(sid), str(row[0]))):
                    return False
        for row in db.query(f"SELECT id FROM consents WHERE screening_id IN ({marks})", ids):
            if not outbox.is_acknowledged("Consent", str(row[0])):
                return False
        return True

    def _purge_chain(self, db: Database, ids: list[str], person_id: UUID) -> tuple[bool, int]:
        session = self._session
        marks = ",".join("?" * len(ids))
        pid = str(person_id)
        with session.transaction():
            db.execute("INSERT INTO purge_guard (active) VALUES (1)")
            try:
                db.execute(f"DELETE FROM consents WHERE screening_id IN ({marks})", ids)
                db.execute(f"DELETE FROM legal_bases WHERE screening_id IN ({marks})", ids)
                for sid in reversed(ids):  # the latest first: each one references the one before
                    db.execute("DELETE FROM screenings WHERE id = ?", (sid,))
                remaining = db.query_value(
                    "SELECT count(*) FROM screenings WHERE person_id = ?", (pid,)
                )
                person_gone = int(remaining) == 0 and self._outbox.is_acknowledged("Patient", pid)
                if person_gone:
                    db.execute("DELETE FROM consents WHERE person_id = ?", (pid,))
                    db.execute("DELETE FROM people WHERE id = ?", (pid,))
            finally:
                db.execute("DELETE FROM purge_guard")
            seqs = _value_rows(db, "$.screening", ids)
            if person_gone:
                seqs |= _value_rows(db, "$.person", [pid])
            purged = session.station.audit.purge_values(seqs)
            session.audit(
                AuditEvent.PURGE,
                subjects={"screening": ids[0], "person": pid},
                details={
                    "revisions": ids,
                    "person_deleted": person_gone,
                    "values_purged": purged,
                },
            )
        log.info("purged screening %s (%d revisions; person deleted: %s)", ids[0], len(ids), person_gone)
        return person_gone, purged

    def _purge_discarded(self, db: Database, cutoff: datetime) -> int:
        """Purge the audit values of drafts discarded before ``cutoff`` (never synced, never
        relied on; their answers otherwise linger in the audit values)."""
        session = self._session
        since_text = db.query_value("SELECT value FROM settings WHERE key = ?", (DISCARD_WATERMARK,))
        since = json.loads(since_text) if since_text is not None else ""
        rows = db.query(
            "SELECT subjects FROM audit WHERE event = 'discard' AND at >= ? AND at < ?",
            (since, iso(cutoff)),
        )
        ids = [str(json.loads(row[0]).get("screening")) for row in rows]
        purged = 0
        with session.transaction():
            if ids:
                seqs = _value_rows(db, "$.screening", ids)
                if seqs:
                    purged = session.station.audit.purge_values(seqs)
                    session.audit(
                        AuditEvent.PURGE,
                        details={"discarded_drafts": len(ids), "values_purged": purged},
                    )
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (DISCARD_WATERMARK, json.dumps(iso(cutoff))),
            )
        return purged


def _rows(db: Database, ids: list[str]) -> list[Any]:
    marks = ",".join("?" * len(ids))
    return db.query(
        f"SELECT id, person_id, status, finalised_at FROM screenings WHERE id IN ({marks})", ids
    )


def _value_rows(db: Database, path: str, ids: list[str]) -> set[int]:
    """Sequence numbers of audit rows with stored values about any of ``ids`` (by subject)."""
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            int(row[0])
            for row in db.query(
                f"SELECT seq FROM audit WHERE json_extract(subjects, '{path}') IN ({marks})"
                " AND values_hash IS NOT NULL",
                chunk,
            )
        )
    return found
