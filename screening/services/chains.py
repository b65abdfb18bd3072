"""Amendment chains: every revision of one screening, from the first to the latest."""

from __future__ import annotations

from uuid import UUID

from screening.store.db import Database

CHAIN_SQL = """
WITH RECURSIVE
    up(id, replaces_id) AS (
        SELECT id, replaces_id FROM screenings WHERE id = :id
        UNION ALL
        SELECT s.id, s.replaces_id FROM screenings s JOIN up ON s.id = up.replaces_id
    ),
    down(id, revision) AS (
        SELECT id, 1 FROM up WHERE replaces_id IS NULL
        UNION ALL
        SELECT s.id, down.revision + 1 FROM screenings s JOIN down ON s.replaces_id = down.id
    )
SELECT id FROM down ORDER BY revision
"""
"""Every revision of the screening that revision ``:id`` belongs to, oldest first (walks up the
``replaces`` links to the first revision, then down; ``screenings_replaces`` makes both lookups
index lookups)."""


def chain_ids(db: Database, screening_id: UUID) -> list[str]:
    """Ids of every revision in the screening's amendment chain, oldest first (empty if the
    revision does not exist)."""
    return [str(row[0]) for row in db.query(CHAIN_SQL, {"id": str(screening_id)})]
